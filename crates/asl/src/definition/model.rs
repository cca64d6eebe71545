//! The typed model of a state machine: what the executor runs.

use std::collections::HashMap;

use serde_json::Value;

use crate::path::Path;

/// Which query language a machine or state uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryLanguage {
    /// JSONPath (the default): `InputPath`, `Parameters`, `ResultPath`, ….
    JsonPath,
    /// JSONata (`QueryLanguage: JSONata`): `Arguments`, `Output`, `{% … %}`.
    JsonAta,
}

/// A state machine, or a Map's item processor, or a Parallel branch.
#[derive(Debug, Clone, PartialEq)]
pub struct StateMachine {
    /// The first state's name.
    pub start_at: String,
    /// The states, in definition order.
    pub states: Vec<State>,
    /// `Comment`.
    pub comment: Option<String>,
    /// `TimeoutSeconds` (top level only).
    pub timeout_seconds: Option<u64>,
    /// The query language (top-level `QueryLanguage`, default JSONPath).
    pub query_language: QueryLanguage,
    /// JSON pointer of this machine in the definition (`""` for the top level).
    pub pointer: String,
    /// Features used at this level that the playground does not run yet (running the
    /// machine fails with `States.Runtime` naming the first).
    pub unsupported: Vec<String>,
    /// Position in `states` of each state name, so a transition is one lookup.
    pub(crate) index: HashMap<String, usize>,
}

impl StateMachine {
    /// A machine of these states, indexed by name (the first of duplicate names wins).
    pub fn new(start_at: String, states: Vec<State>) -> Self {
        let mut index = HashMap::with_capacity(states.len());
        for (i, state) in states.iter().enumerate() {
            index.entry(state.name.clone()).or_insert(i);
        }
        Self {
            start_at,
            states,
            comment: None,
            timeout_seconds: None,
            query_language: QueryLanguage::JsonPath,
            pointer: String::new(),
            unsupported: Vec::new(),
            index,
        }
    }

    /// The state named `name`.
    pub fn state(&self, name: &str) -> Option<&State> {
        self.index.get(name).and_then(|&i| self.states.get(i))
    }
}

/// Where a state goes when it is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transition {
    /// `Next`.
    Next(String),
    /// `End: true`.
    End,
    /// Neither (Choice, Succeed, Fail).
    Terminal,
}

/// One state: the fields all types share plus the type's own ([`StateKind`]).
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// Its name (the key in `States`).
    pub name: String,
    /// JSON pointer (`/States/CallLambda`).
    pub pointer: String,
    /// `Comment`.
    pub comment: Option<String>,
    /// `InputPath`: `None` when `null` (the state sees `{}`); default `$`.
    pub input_path: Option<Path>,
    /// `OutputPath`: `None` when `null` (the state outputs `{}`); default `$`.
    pub output_path: Option<Path>,
    /// `Parameters` template (not for Map, whose legacy `Parameters` is its item selector).
    pub parameters: Option<Value>,
    /// `ResultSelector` template.
    pub result_selector: Option<Value>,
    /// `ResultPath`: `None` when `null` (the result is discarded); default `$`.
    pub result_path: Option<Path>,
    /// `Next` / `End`.
    pub transition: Transition,
    /// `Retry`.
    pub retry: Vec<Retrier>,
    /// `Catch`.
    pub catch: Vec<Catcher>,
    /// The type and its own fields.
    pub kind: StateKind,
    /// `Assign`: workflow variables set when the state succeeds (evaluated on its result;
    /// for Choice and Wait, on its input). A Choice rule's own `Assign` is in the rule.
    pub assign: Option<Value>,
    /// Whether the state refers to the context object (`$$`) anywhere; when not, the
    /// executor skips building it (it holds the whole execution input).
    pub uses_context: bool,
    /// Features this state uses that the playground does not run yet (entering the state
    /// fails with `States.Runtime` naming the first; loading warns about each).
    pub unsupported: Vec<String>,
}

/// A state's type with its own fields (the larger ones boxed, so that a state stays small:
/// a definition may hold thousands).
#[derive(Debug, Clone, PartialEq)]
pub enum StateKind {
    /// `Pass`, with its optional `Result`.
    Pass {
        /// `Result`.
        result: Option<Value>,
    },
    /// `Task`.
    Task(Box<Task>),
    /// `Choice`.
    Choice(Choice),
    /// `Wait`.
    Wait(Box<Wait>),
    /// `Succeed`.
    Succeed,
    /// `Fail`.
    Fail(Box<Fail>),
    /// `Parallel`.
    Parallel(Parallel),
    /// `Map`.
    Map(Box<Map>),
}

impl StateKind {
    /// The `Type` name (`Pass`, `Task`, …), as history event types use it.
    pub fn type_name(&self) -> &'static str {
        match self {
            StateKind::Pass { .. } => "Pass",
            StateKind::Task(_) => "Task",
            StateKind::Choice(_) => "Choice",
            StateKind::Wait(_) => "Wait",
            StateKind::Succeed => "Succeed",
            StateKind::Fail(_) => "Fail",
            StateKind::Parallel(_) => "Parallel",
            StateKind::Map(_) => "Map",
        }
    }
}

/// A Task state's own fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// `Resource` ARN.
    pub resource: String,
    /// `TimeoutSeconds`.
    pub timeout_seconds: Option<u64>,
    /// `HeartbeatSeconds`.
    pub heartbeat_seconds: Option<u64>,
    /// `TimeoutSecondsPath`: the timeout read from the input (or a variable).
    pub timeout_seconds_path: Option<Path>,
    /// `HeartbeatSecondsPath`: the heartbeat read from the input (or a variable).
    pub heartbeat_seconds_path: Option<Path>,
    /// `Credentials` (a template with `RoleArn` or `RoleArn.$`): the role the Task assumes.
    /// Recorded in the history; the playground does not simulate assuming it.
    pub credentials: Option<Value>,
}

/// A Choice state's own fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// `Choices`: each a condition and its `Next`.
    pub choices: Vec<ChoiceRule>,
    /// `Default`.
    pub default: Option<String>,
}

/// One of a Choice state's `Choices`.
#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceRule {
    /// The condition.
    pub condition: Condition,
    /// `Next`.
    pub next: String,
    /// `Assign`, applied when this rule is taken.
    pub assign: Option<Value>,
}

/// A Choice rule's condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// `And`.
    And(Vec<Condition>),
    /// `Or`.
    Or(Vec<Condition>),
    /// `Not`.
    Not(Box<Condition>),
    /// A comparison such as `"Variable": "$.x", "NumericEquals": 3`.
    Compare {
        /// `Variable`.
        variable: Path,
        /// The operator's name (`NumericEquals`, `StringMatches`, `IsPresent`, …).
        operator: String,
        /// The operand: a literal, or a path for the `…Path` operators.
        operand: Operand,
    },
}

/// The right-hand side of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// A literal value.
    Literal(Value),
    /// A path (`StringEqualsPath`, …), evaluated on the input.
    Path(Path),
}

/// A Wait state's own fields.
#[derive(Debug, Clone, PartialEq)]
pub enum Wait {
    /// `Seconds`.
    Seconds(u64),
    /// `SecondsPath`.
    SecondsPath(Path),
    /// `Timestamp` (RFC 3339).
    Timestamp(String),
    /// `TimestampPath`.
    TimestampPath(Path),
}

/// A Fail state's own fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fail {
    /// `Error`.
    pub error: Option<String>,
    /// `Cause`.
    pub cause: Option<String>,
    /// `ErrorPath`: a path or an intrinsic function call.
    pub error_path: Option<String>,
    /// `CausePath`: a path or an intrinsic function call.
    pub cause_path: Option<String>,
}

/// A Parallel state's own fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Parallel {
    /// `Branches`.
    pub branches: Vec<StateMachine>,
}

/// A Map state's own fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Map {
    /// `ItemProcessor` (or the legacy `Iterator`).
    pub processor: StateMachine,
    /// Whether it was written with the legacy `Iterator` field.
    pub legacy_iterator: bool,
    /// `ProcessorConfig.Mode` is `DISTRIBUTED`.
    pub distributed: bool,
    /// `ItemsPath` (default `$`).
    pub items_path: Path,
    /// `ItemSelector`, or the legacy `Parameters`.
    pub item_selector: Option<Value>,
    /// `MaxConcurrency` (0: no limit).
    pub max_concurrency: u64,
    /// `MaxConcurrencyPath`: the limit read from the input (or a variable).
    pub max_concurrency_path: Option<Path>,
    /// The fields only Distributed mode uses (all empty for an inline Map).
    pub run: MapRunConfig,
}

/// A Distributed Map's Map Run settings.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapRunConfig {
    /// `Label`: names the Map Run (its ARN's second part).
    pub label: Option<String>,
    /// `ToleratedFailureCount`.
    pub tolerated_failure_count: Option<u64>,
    /// `ToleratedFailureCountPath`.
    pub tolerated_failure_count_path: Option<Path>,
    /// `ToleratedFailurePercentage` (0–100).
    pub tolerated_failure_percentage: Option<f64>,
    /// `ToleratedFailurePercentagePath`.
    pub tolerated_failure_percentage_path: Option<Path>,
    /// `ItemBatcher`.
    pub item_batcher: Option<ItemBatcher>,
    /// `ProcessorConfig.ExecutionType` of the child executions (`STANDARD` or `EXPRESS`).
    pub child_machine_type: crate::exec::MachineType,
}

/// A Distributed Map's `ItemBatcher`: child executions get `{"Items": [...]}` batches.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ItemBatcher {
    /// `MaxItemsPerBatch`.
    pub max_items_per_batch: Option<u64>,
    /// `MaxItemsPerBatchPath`.
    pub max_items_per_batch_path: Option<Path>,
    /// `MaxInputBytesPerBatch`.
    pub max_input_bytes_per_batch: Option<u64>,
    /// `MaxInputBytesPerBatchPath`.
    pub max_input_bytes_per_batch_path: Option<Path>,
    /// `BatchInput`: a template added to every batch as `BatchInput`.
    pub batch_input: Option<Value>,
}

/// One `Retry` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Retrier {
    /// `ErrorEquals`.
    pub error_equals: Vec<String>,
    /// `IntervalSeconds` (default 1).
    pub interval_seconds: f64,
    /// `MaxAttempts` (default 3).
    pub max_attempts: u64,
    /// `BackoffRate` (default 2.0).
    pub backoff_rate: f64,
    /// `MaxDelaySeconds`.
    pub max_delay_seconds: Option<f64>,
    /// `JitterStrategy: FULL`.
    pub full_jitter: bool,
}

/// One `Catch` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Catcher {
    /// `ErrorEquals`.
    pub error_equals: Vec<String>,
    /// `Next`.
    pub next: String,
    /// `ResultPath` (default `$`; `None` when `null`).
    pub result_path: Option<Path>,
    /// `Assign`, evaluated on the error output `{Error, Cause}`.
    pub assign: Option<Value>,
}
