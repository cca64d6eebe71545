//! PLACEHOLDER: the public API contract, with stub bodies. The interpreter work replaces the
//! bodies (and moves the types into definition/, exec/, history, tree modules, re-exported
//! from lib.rs) without changing these signatures.

use std::fmt;
use std::future::Future;

use serde_json::Value;

use crate::host::{Clock, Rng, TaskRunner};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The definition cannot run.
    Error,
    /// The definition runs, but something is probably not what the author meant.
    Warning,
}

/// Something wrong in a definition's text, located precisely.
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable code, e.g. `SCHEMA_VALIDATION_FAILED` or `JSON_SYNTAX`.
    pub code: String,
    /// A human message, e.g. `Missing 'Next' target: Foo`.
    pub message: String,
    /// JSON pointer of the offending place (`/States/CallLambda/Next`), `""` for the root.
    pub pointer: String,
    /// Byte range in the source text.
    pub span: Option<(usize, usize)>,
    /// 1-based line of the start of the span.
    pub line: usize,
    /// 1-based column (in characters) of the start of the span.
    pub column: usize,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}: {} {}", self.line, self.column, self.code, self.message)?;
        if !self.pointer.is_empty() {
            write!(f, " (at {})", self.pointer)?;
        }
        Ok(())
    }
}

/// A loaded, validated state machine definition.
#[derive(Debug, Clone)]
pub struct Definition {
    /// The definition as JSON.
    pub json: Value,
}

/// Loads a definition from JSON or YAML text and validates it. All problems are reported at
/// once; warnings alone do not make loading fail.
pub fn load(text: &str) -> Result<Definition, Vec<Diagnostic>> {
    match serde_json::from_str(text) {
        Ok(json) => Ok(Definition { json }),
        Err(e) => Err(vec![Diagnostic {
            severity: Severity::Error,
            code: "JSON_SYNTAX".into(),
            message: e.to_string(),
            pointer: String::new(),
            span: None,
            line: e.line(),
            column: e.column(),
        }]),
    }
}

/// Every diagnostic (errors and warnings) for a definition's text, for live validation.
pub fn diagnostics(text: &str) -> Vec<Diagnostic> {
    load(text).err().unwrap_or_default()
}

/// Parses a JSON document such as an execution input or a test event, with a located error.
pub fn parse_json(text: &str) -> Result<Value, Diagnostic> {
    serde_json::from_str(text).map_err(|e| Diagnostic {
        severity: Severity::Error,
        code: "JSON_SYNTAX".into(),
        message: e.to_string(),
        pointer: String::new(),
        span: None,
        line: e.line(),
        column: e.column(),
    })
}

/// Where an execution runs and what it is called.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecutionConfig {
    /// The state machine's name (`MapLambda`).
    pub state_machine_name: String,
    /// The execution's name (unique per state machine).
    pub execution_name: String,
    /// The AWS account id (`123456789012`).
    pub account: String,
    /// The AWS Region (`us-east-1`).
    pub region: String,
    /// The state machine's execution role ARN.
    pub role_arn: String,
}

impl ExecutionConfig {
    /// A configuration with the playground's defaults: account `123456789012`, `us-east-1`,
    /// and a role named after the machine.
    pub fn new(state_machine_name: &str, execution_name: &str) -> Self {
        let account = "123456789012".to_string();
        Self {
            state_machine_name: state_machine_name.into(),
            execution_name: execution_name.into(),
            role_arn: format!("arn:aws:iam::{account}:role/StepFunctions-{state_machine_name}-role"),
            account,
            region: "us-east-1".into(),
        }
    }
}

/// The effects an execution uses.
pub struct Host<'a> {
    /// Runs Lambda handlers.
    pub tasks: &'a dyn TaskRunner,
    /// Time (virtual by default).
    pub clock: &'a dyn Clock,
    /// Randomness.
    pub rng: &'a dyn Rng,
    /// Told about each history event as it is recorded, for live views.
    pub observer: Option<&'a dyn Observer>,
}

/// Watches an execution as it runs.
pub trait Observer {
    /// Called once per history event, in history order.
    fn on_event(&self, event: &HistoryEvent);
}

/// An execution's status, as AWS names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// Still going.
    Running,
    /// Ended with an output.
    Succeeded,
    /// Ended with an error and cause.
    Failed,
    /// Ran past the machine's TimeoutSeconds.
    TimedOut,
    /// Stopped from outside.
    Aborted,
}

impl Status {
    /// `RUNNING`, `SUCCEEDED`, `FAILED`, `TIMED_OUT` or `ABORTED`.
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Running => "RUNNING",
            Status::Succeeded => "SUCCEEDED",
            Status::Failed => "FAILED",
            Status::TimedOut => "TIMED_OUT",
            Status::Aborted => "ABORTED",
        }
    }
}

/// One event of an execution's history, as GetExecutionHistory reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEvent {
    /// 1-based id.
    pub id: u64,
    /// The id of the event this one follows from (0 for none).
    pub previous_event_id: u64,
    /// Milliseconds since the Unix epoch.
    pub timestamp_ms: i64,
    /// AWS's event type, e.g. `TaskStateEntered`.
    pub kind: String,
    /// The details member's name (`stateEnteredEventDetails`) and value, if the type has one.
    /// `input`/`output` inside are JSON strings, as AWS gives them.
    pub details: Option<(String, Value)>,
}

impl HistoryEvent {
    /// The event in GetExecutionHistory's JSON shape.
    pub fn to_json(&self) -> Value {
        let mut m = serde_json::Map::new();
        m.insert("timestamp".into(), Value::from(self.timestamp_ms));
        m.insert("type".into(), Value::from(self.kind.clone()));
        m.insert("id".into(), Value::from(self.id));
        m.insert("previousEventId".into(), Value::from(self.previous_event_id));
        if let Some((k, v)) = &self.details {
            m.insert(k.clone(), v.clone());
        }
        Value::Object(m)
    }
}

/// A finished (or stopped) execution.
#[derive(Debug, Clone, PartialEq)]
pub struct Execution {
    /// How it ended.
    pub status: Status,
    /// The output, when it succeeded.
    pub output: Option<Value>,
    /// The error name, when it failed.
    pub error: Option<String>,
    /// The cause, when it failed.
    pub cause: Option<String>,
    /// Every event, in order.
    pub history: Vec<HistoryEvent>,
}

/// Runs a definition on an input to the end.
pub async fn execute(
    _definition: &Definition,
    _input: Value,
    _config: &ExecutionConfig,
    _host: Host<'_>,
) -> Execution {
    Execution {
        status: Status::Failed,
        output: None,
        error: Some("States.Runtime".into()),
        cause: Some("not implemented yet".into()),
        history: vec![],
    }
}

/// Drives a future to completion on the current thread (for the CLI and tests; the browser
/// uses its own event loop).
pub fn block_on<F: Future>(future: F) -> F::Output {
    use std::pin::pin;
    use std::sync::Arc;
    use std::task::{Context, Poll, Wake};
    use std::thread::{self, Thread};

    struct Unpark(Thread);
    impl Wake for Unpark {
        fn wake(self: Arc<Self>) {
            self.0.unpark();
        }
    }
    let waker = Arc::new(Unpark(thread::current())).into();
    let mut cx = Context::from_waker(&waker);
    let mut future = pin!(future);
    loop {
        match future.as_mut().poll(&mut cx) {
            Poll::Ready(v) => return v,
            Poll::Pending => thread::park(),
        }
    }
}

/// What a node of the execution tree stands for.
#[derive(Debug, Clone, PartialEq)]
pub enum TreeNodeKind {
    /// The whole execution (the root).
    Execution,
    /// One entry into a state; `state_type` is `Task`, `Map`, `Pass`, ….
    State {
        /// The state's `Type`.
        state_type: String,
    },
    /// One iteration of a Map state.
    MapIteration {
        /// The item's index.
        index: u64,
    },
    /// One branch of a Parallel state.
    ParallelBranch {
        /// The branch's index.
        index: u64,
    },
    /// One call of a task's resource (a Lambda invocation); retries make several.
    TaskInvocation {
        /// The resource ARN invoked.
        resource: String,
    },
}

/// Status of a node in the execution tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeStatus {
    /// Started, not ended yet.
    InProgress,
    /// Ended well.
    Succeeded,
    /// Ended with an error.
    Failed,
    /// Ended with an error a Catch handled.
    Caught,
    /// Stopped (execution aborted or timed out).
    Aborted,
}

/// A node of the execution tree: the console's "table view", derived from the history.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeNode {
    /// What it stands for.
    pub kind: TreeNodeKind,
    /// State name, `Iteration 2`, `Branch 0`, the function name, or the execution name.
    pub label: String,
    /// How it ended (so far).
    pub status: NodeStatus,
    /// Input (parsed from the history's JSON string), if recorded.
    pub input: Option<Value>,
    /// Output, if recorded.
    pub output: Option<Value>,
    /// Error name, if it failed.
    pub error: Option<String>,
    /// Cause, if it failed.
    pub cause: Option<String>,
    /// Timestamp of its first event, ms since the epoch.
    pub start_ms: i64,
    /// Timestamp of its last event, if it ended.
    pub end_ms: Option<i64>,
    /// Id of its first history event (stable key for the UI).
    pub first_event_id: u64,
    /// Nested nodes, in history order.
    pub children: Vec<TreeNode>,
}

/// Builds the execution tree from a history (complete or still growing).
pub fn execution_tree(_history: &[HistoryEvent]) -> TreeNode {
    TreeNode {
        kind: TreeNodeKind::Execution,
        label: String::new(),
        status: NodeStatus::InProgress,
        input: None,
        output: None,
        error: None,
        cause: None,
        start_ms: 0,
        end_ms: None,
        first_event_id: 1,
        children: vec![],
    }
}
