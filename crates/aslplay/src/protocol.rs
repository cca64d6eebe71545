//! The handler host's messages (see the top of `static/handler-host.js`): the `invoke` request
//! and the `result` answer, turned into the interpreter's [`InvocationResult`].

use std::time::{Duration, Instant};

use asl::host::{protocol, Invocation, InvocationOutcome, InvocationResult, LogLine};
use serde_json::Value;

/// The `invoke` message for one invocation of `code`, with Lambda's context fields.
pub fn request(
    id: u64,
    invocation: &Invocation,
    code: &str,
    log_stream: &str,
    timeout: Duration,
) -> Value {
    let timeout_ms = u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX);
    protocol::invoke_request(id, invocation, code, log_stream, timeout_ms)
}

/// The `"type"` of a message line, if it is a message.
pub fn message_type(line: &str) -> Option<String> {
    let v: Value = serde_json::from_str(line).ok()?;
    v.get("type")?.as_str().map(str::to_string)
}

/// The `result` message answering request `id`, if `line` is one.
pub fn result_for(line: &str, id: u64) -> Option<Value> {
    let msg: Value = serde_json::from_str(line).ok()?;
    let is_it = msg.get("type").and_then(Value::as_str) == Some("result")
        && msg.get("id").and_then(Value::as_u64) == Some(id);
    is_it.then_some(msg)
}

/// An [`InvocationResult`] from its parts.
pub fn result(
    outcome: InvocationOutcome,
    logs: Vec<LogLine>,
    duration_ms: f64,
) -> InvocationResult {
    InvocationResult {
        metrics: Default::default(),
        outcome,
        logs,
        duration_ms,
    }
}

/// A failure the runtime itself reports (not the handler's own error).
pub fn runtime_failure(error_type: &str, message: &str, started: Instant) -> InvocationResult {
    result(
        InvocationOutcome::Failed {
            error_type: error_type.into(),
            error_message: message.into(),
            trace: vec![],
        },
        vec![],
        started.elapsed().as_secs_f64() * 1000.0,
    )
}

/// Turns a `result` message into an [`InvocationResult`]; odd fields are tolerated, and a
/// missing duration is measured from `started`.
pub fn parse_result(msg: &Value, started: Instant) -> InvocationResult {
    protocol::read_result(msg, started.elapsed().as_secs_f64() * 1000.0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn finds_the_answer_to_a_request() {
        assert!(result_for(r#"{"type":"result","id":2,"ok":true}"#, 2).is_some());
        assert!(result_for(r#"{"type":"result","id":1,"ok":true}"#, 2).is_none());
        assert!(result_for(r#"{"type":"ready"}"#, 2).is_none());
        assert!(result_for("not json", 2).is_none());
        assert_eq!(
            message_type(r#"{"type":"ready"}"#).as_deref(),
            Some("ready")
        );
    }

    #[test]
    fn parses_a_failure_with_odd_fields() {
        let msg = json!({"type":"result","id":1,"ok":false,
            "error":{"errorType":7,"trace":["a",null]},"durationMs":"x"});
        let r = parse_result(&msg, Instant::now());
        assert_eq!(
            r.outcome,
            InvocationOutcome::Failed {
                error_type: "7".into(),
                error_message: String::new(),
                trace: vec!["a".into()]
            }
        );
        assert!(r.duration_ms >= 0.0);
    }
}
