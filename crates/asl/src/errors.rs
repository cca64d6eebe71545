//! Runtime errors: the `Error`/`Cause` pairs that Retry and Catch match and the history
//! records (`States.Runtime`, `States.TaskFailed`, a handler's error name, …).

use std::fmt;

/// `States.ALL`: matches any error except the terminal ones.
pub const ALL: &str = "States.ALL";
/// A runtime problem in the definition's data flow (bad path, bad template…). Never caught.
pub const RUNTIME: &str = "States.Runtime";
/// A payload over 256 KiB. Not caught by `States.ALL`.
pub const DATA_LIMIT_EXCEEDED: &str = "States.DataLimitExceeded";
/// Any Task failure except `States.Timeout`.
pub const TASK_FAILED: &str = "States.TaskFailed";
/// A task or the execution ran too long.
pub const TIMEOUT: &str = "States.Timeout";
/// A task waiting for a task token or an activity heard nothing for `HeartbeatSeconds`
/// (`States.Timeout` matches it too: AWS defines that error as either timeout).
pub const HEARTBEAT_TIMEOUT: &str = "States.HeartbeatTimeout";
/// `ResultPath` could not be applied to the input.
pub const RESULT_PATH_MATCH_FAILURE: &str = "States.ResultPathMatchFailure";
/// A Choice state matched no rule and has no `Default`.
pub const NO_CHOICE_MATCHED: &str = "States.NoChoiceMatched";
/// A JSONata expression failed, returned nothing, or returned a value its field can't take.
pub const QUERY_EVALUATION_ERROR: &str = "States.QueryEvaluationError";
/// A `Parameters`/`ItemSelector` template produced something invalid.
pub const INTRINSIC_FAILURE: &str = "States.IntrinsicFailure";

/// The errors Step Functions itself raises, with what each means: what an `ErrorEquals`
/// can name besides a function's own errors.
pub const STANDARD: &[(&str, &str)] = &[
    (ALL, "Any error, except States.Runtime and (outside a Task) States.DataLimitExceeded. Must be alone and in the last retrier or catcher."),
    (TASK_FAILED, "Any failure of a Task except a timeout."),
    (TIMEOUT, "A task ran longer than its TimeoutSeconds or missed a heartbeat, or the execution ran out of time."),
    (HEARTBEAT_TIMEOUT, "A task waiting for a token heard nothing for HeartbeatSeconds."),
    (DATA_LIMIT_EXCEEDED, "An input, output or result grew over 256 KiB."),
    (RUNTIME, "A mistake in the data flow (a path that selects nothing, a bad template). It is never retried or caught."),
    (RESULT_PATH_MATCH_FAILURE, "ResultPath could not place the result in the state's input."),
    (NO_CHOICE_MATCHED, "No Choice rule matched and the Choice state has no Default."),
    (INTRINSIC_FAILURE, "An intrinsic function failed (bad arguments, index out of range…)."),
    (QUERY_EVALUATION_ERROR, "A JSONata expression failed or gave a value its field cannot take."),
    ("States.ItemReaderFailed", "A Distributed Map could not read its items."),
    ("States.ResultWriterFailed", "A Distributed Map could not write its results."),
    ("States.ExceedToleratedFailureThreshold", "More items of a Distributed Map failed than it tolerates."),
];

/// The largest input or output AWS accepts: 256 KiB of UTF-8.
pub const MAX_PAYLOAD_BYTES: usize = 256 * 1024;

/// An error raised while running a state.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RuntimeError {
    /// The error name (`States.Runtime`, `Lambda.ResourceNotFoundException`, `Error`, …).
    pub error: String,
    /// The cause text.
    pub cause: String,
    /// For a `States.QueryEvaluationError`, the field whose expression failed
    /// (`Output/result`), as the `EvaluationFailed` event records it.
    pub location: Option<String>,
}

impl RuntimeError {
    /// An error with a name and a cause.
    pub fn new(error: impl Into<String>, cause: impl Into<String>) -> Self {
        Self {
            error: error.into(),
            cause: cause.into(),
            location: None,
        }
    }

    /// A `States.Runtime` error.
    pub fn runtime(cause: impl Into<String>) -> Self {
        Self::new(RUNTIME, cause)
    }

    /// A `States.Runtime` error for a feature the playground does not run yet.
    pub fn unsupported(feature: &str) -> Self {
        Self::runtime(format!("{feature} is not supported by the playground yet"))
    }

    /// Whether `States.ALL` does not catch it (`States.Runtime`, `States.DataLimitExceeded`).
    pub fn is_terminal(&self) -> bool {
        self.error == RUNTIME || self.error == DATA_LIMIT_EXCEEDED
    }

    /// Whether an `ErrorEquals` list matches this error (for a Task state, `States.TaskFailed`
    /// matches everything but `States.Timeout`).
    pub fn matches(&self, error_equals: &[String], in_task: bool) -> bool {
        if self.error == RUNTIME {
            // AWS does not catch or retry States.Runtime, even when named explicitly.
            return false;
        }
        error_equals.iter().any(|e| {
            e == &self.error
                || (e == TIMEOUT && self.error == HEARTBEAT_TIMEOUT)
                // AWS's recordings: a Task's oversized result is caught by States.ALL.
                || (e == ALL && (!self.is_terminal() || (in_task && self.error == DATA_LIMIT_EXCEEDED)))
                || (e == TASK_FAILED
                    && in_task
                    && self.error != TIMEOUT
                    && self.error != HEARTBEAT_TIMEOUT
                    && !self.is_terminal())
        })
    }
}

impl fmt::Display for RuntimeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.error, self.cause)
    }
}

/// The size of a value as AWS counts it: its JSON text in UTF-8.
pub fn payload_size(value: &serde_json::Value) -> usize {
    /// Counts the bytes written to it, keeping none.
    struct Count(usize);
    impl std::io::Write for Count {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut count = Count(0);
    serde_json::to_writer(&mut count, value).map_or(0, |()| count.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matching_follows_aws() {
        let names = |l: &[&str]| l.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let custom = RuntimeError::new("CustomError", "c");
        assert!(custom.matches(&names(&["CustomError"]), true));
        assert!(custom.matches(&names(&[ALL]), false));
        assert!(custom.matches(&names(&[TASK_FAILED]), true));
        assert!(!custom.matches(&names(&["Other"]), true));
        let limit = RuntimeError::new(DATA_LIMIT_EXCEEDED, "c");
        assert!(!limit.matches(&names(&[ALL]), false));
        assert!(limit.matches(&names(&[ALL]), true));
        assert!(limit.matches(&names(&[DATA_LIMIT_EXCEEDED]), true));
        let runtime = RuntimeError::runtime("c");
        assert!(!runtime.matches(&names(&[ALL, RUNTIME]), true));
        let timeout = RuntimeError::new(TIMEOUT, "c");
        assert!(!timeout.matches(&names(&[TASK_FAILED]), true));
    }
}
