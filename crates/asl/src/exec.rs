//! Running a definition: the driver ([`execute_input`] and its conveniences) runs the
//! states through the host's effects and records AWS's event history; each state type
//! has its own module, the recording (the event history as it grows) is the `trace` module's.

mod activity;
mod callback;
mod choice;
pub(crate) mod context;
mod integration;
pub(crate) mod io;
mod item_reader;
mod jsonata;
mod lambda;
mod machine;
mod map;
mod map_run;
mod nested;
mod parallel;
mod result_writer;
mod retry;
mod states;
mod sync_job;
mod task;
mod trace;

use std::cell::Cell;

use serde_json::{json, Value};

use crate::config::ExecutionConfig;
use crate::definition::Definition;
use crate::errors::RuntimeError;
use crate::history::{self, HistoryEvent};
use crate::host::Host;
use crate::machine_type::{MachineType, MAX_EXPRESS_RECORDED_STEPS};
use machine::Outcome;
pub(crate) use trace::resolve_refs;
use trace::{Budget, Prev, Trace};

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

    /// The final status AWS spells `name` (`SUCCEEDED`, `FAILED`, `TIMED_OUT`, `ABORTED`);
    /// `None` for anything else, `RUNNING` included.
    pub fn ended(name: &str) -> Option<Status> {
        [
            Status::Succeeded,
            Status::Failed,
            Status::TimedOut,
            Status::Aborted,
        ]
        .into_iter()
        .find(|s| s.as_str() == name)
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
    /// Every event, in order (none unless [`ExecutionConfig::keep_history`]).
    pub history: Vec<HistoryEvent>,
}

impl Execution {
    /// The result as the CLI prints it: `{"status":"SUCCEEDED","output":…}` or
    /// `{"status":"FAILED","error":…,"cause":…}`; with `history`, also
    /// `"history":[…]` in GetExecutionHistory's event shape.
    pub fn to_json(&self, with_history: bool) -> Value {
        let mut m = serde_json::Map::new();
        m.insert("status".into(), Value::from(self.status.as_str()));
        match self.status {
            Status::Succeeded => {
                m.insert("output".into(), self.output.clone().unwrap_or(Value::Null));
            }
            _ => {
                m.insert(
                    "error".into(),
                    self.error.clone().map_or(Value::Null, Value::from),
                );
                m.insert(
                    "cause".into(),
                    self.cause.clone().map_or(Value::Null, Value::from),
                );
            }
        }
        if with_history {
            m.insert(
                "history".into(),
                Value::Array(self.history.iter().map(HistoryEvent::to_json).collect()),
            );
        }
        Value::Object(m)
    }
}

/// One execution in progress: configuration, effects and limits.
pub(crate) struct Run<'a> {
    pub host: &'a Host<'a>,
    pub config: &'a ExecutionConfig,
    /// The execution's input (`$$.Execution.Input`; `null` when no state reads `$$`).
    pub input: Value,
    pub start_ms: i64,
    /// State transitions so far (shared with a Distributed Map's child executions).
    pub steps: &'a Cell<usize>,
    /// The most states the execution may enter (see [`MachineType::max_steps`]).
    pub max_steps: usize,
    pub budget: &'a Budget,
    /// When the machine's `TimeoutSeconds` runs out (ms since the epoch).
    pub deadline_ms: Option<i64>,
    /// Set once the deadline has passed: the execution ends `TIMED_OUT`.
    pub timed_out: &'a Cell<bool>,
    /// Set once the observer asked to stop: the execution ends `ABORTED`.
    pub aborted: &'a Cell<bool>,
    /// The input as the user wrote it, for the first state's `StateEntered` (AWS records
    /// StartExecution's text verbatim there and in `ExecutionStarted`); taken on first use.
    pub raw_input: std::cell::RefCell<Option<String>>,
    /// Set by a state that failed after `…StateStarted` but records no `…StateFailed`
    /// (a Distributed Map whose tolerated failure fields are invalid); taken on use.
    pub no_state_failed: Cell<bool>,
    /// TestState's settings (none in an execution).
    pub extras: &'a Extras,
}

/// What TestState sets besides an execution's configuration.
#[derive(Debug, Clone, Default)]
pub(crate) struct Extras {
    /// Every Task's result or error, instead of calling anything.
    pub task_mock: Option<Result<Value, RuntimeError>>,
    /// Fields laid over the context object (`$$`) of every state.
    pub context: Option<Value>,
    /// The workflow variables the first state sees.
    pub variables: serde_json::Map<String, Value>,
    /// No state is retried (TestState reports a retriable error instead).
    pub no_retry: bool,
    /// How deep this execution is nested (0: started by the user; a nested execution's is
    /// its parent's plus one).
    pub nesting: u32,
}

impl Run<'_> {
    pub fn now(&self) -> i64 {
        self.host.clock.now_ms()
    }

    /// `States.Timeout` once the execution's `TimeoutSeconds` has passed.
    pub fn check_deadline(&self) -> Result<(), RuntimeError> {
        match self.deadline_ms {
            Some(d) if self.now() >= d => {
                self.timed_out.set(true);
                Err(RuntimeError::new(crate::errors::TIMEOUT, ""))
            }
            _ => Ok(()),
        }
    }

    /// The context object (`$$`) for a state entered at `entered_ms` (Task states also
    /// get `State.RetryCount`).
    pub fn context(
        &self,
        state: &crate::definition::State,
        entered_ms: i64,
        retry_count: u64,
        vars: &serde_json::Map<String, Value>,
    ) -> Value {
        if !state.uses_context && self.extras.context.is_none() {
            // Nothing in the state can read `$$` (its text has no `$$`): only the variables
            // are needed, which spares a timestamp and an object per state entered.
            return json!({(crate::path::VARIABLES): vars});
        }
        let execution = context::ExecutionContext {
            config: self.config,
            input: &self.input,
            start_ms: self.start_ms,
            patch: self.extras.context.as_ref(),
        };
        execution.object(state, entered_ms, retry_count, vars)
    }
}

/// Runs a definition on an input given as a value (a program's, a test's), to the end. The
/// history records the input as its JSON text; an input the user typed goes through
/// [`execute_input`] (or [`execute_text`]) instead, so that its text is recorded as typed.
pub async fn execute(
    definition: &Definition,
    input: Value,
    config: &ExecutionConfig,
    host: Host<'_>,
) -> Execution {
    run(definition, input, None, config, host).await
}

/// Parses `input_text` and runs [`execute_input`] on it. A text that is not JSON, or larger
/// than StartExecution takes (256 KiB), is a [`crate::Diagnostic`] (see
/// [`crate::parse_execution_input`]).
pub async fn execute_text(
    definition: &Definition,
    input_text: &str,
    config: &ExecutionConfig,
    host: Host<'_>,
) -> Result<Execution, crate::diagnostic::Diagnostic> {
    let input = crate::definition::parse_execution_input(input_text)?;
    Ok(execute_input(definition, input, input_text, config, host).await)
}

/// Starts an execution from the input the user typed, as the page and the CLI do: `input`
/// is `input_text` parsed (with [`crate::parse_execution_input`]), and the history records
/// `input_text` verbatim (trimmed) in `ExecutionStarted` and the first `…StateEntered`, as
/// AWS does with StartExecution's input. Runs to the end.
pub async fn execute_input(
    definition: &Definition,
    input: Value,
    input_text: &str,
    config: &ExecutionConfig,
    host: Host<'_>,
) -> Execution {
    run(
        definition,
        input,
        Some(input_text.trim().to_string()),
        config,
        host,
    )
    .await
}

async fn run(
    definition: &Definition,
    input: Value,
    raw_input: Option<String>,
    config: &ExecutionConfig,
    host: Host<'_>,
) -> Execution {
    run_with(
        definition,
        input,
        raw_input,
        config,
        host,
        &Extras::default(),
    )
    .await
}

/// [`run`] with TestState's [`Extras`].
pub(crate) async fn run_with(
    definition: &Definition,
    input: Value,
    raw_input: Option<String>,
    config: &ExecutionConfig,
    host: Host<'_>,
    extras: &Extras,
) -> Execution {
    let budget = Budget::new(config.machine_type.max_events())
        .detailed(config.keep_history || host.observer.is_some());
    let trace = Trace::root(&budget, host.observer, config.keep_history);
    let start_ms = host.clock.now_ms();
    let started = trace.push(
        "ExecutionStarted",
        start_ms,
        Prev::None,
        trace.detailed().then(|| {
            (
                "executionStartedEventDetails".into(),
                json!({"input": raw_input.clone().unwrap_or_else(|| history::json_text(&input)), "inputDetails": {"truncated": false}, "roleArn": config.role_arn}),
            )
        }),
    );
    let _ = started;
    let (steps, timed_out, aborted) = (Cell::new(0), Cell::new(false), Cell::new(false));
    let run = Run {
        host: &host,
        config,
        // `$$.Execution.Input` is a copy of the input: made only if a state can read it.
        input: if definition.machine.states.iter().any(|s| s.uses_context) {
            input.clone()
        } else {
            Value::Null
        },
        start_ms,
        steps: &steps,
        max_steps: match config.machine_type {
            MachineType::Express if budget.detailed => MAX_EXPRESS_RECORDED_STEPS,
            t => t.max_steps(),
        },
        budget: &budget,
        deadline_ms: deadline_ms(
            start_ms,
            definition.machine.timeout_seconds,
            config.machine_type,
        ),
        timed_out: &timed_out,
        aborted: &aborted,
        raw_input: std::cell::RefCell::new(raw_input.clone()),
        no_state_failed: Cell::new(false),
        extras,
    };
    let outcome = run
        .run_machine(
            &definition.machine,
            input,
            &trace,
            Prev::None,
            extras.variables.clone(),
        )
        .await;
    let now = host.clock.now_ms();
    let outcome = if budget.full.get() {
        let cause = format!(
            "The execution history reached the limit of {} events",
            history::MAX_EVENTS
        );
        Outcome {
            result: Err(RuntimeError::runtime(cause)),
            last: Prev::Local(trace.len().saturating_sub(1)),
        }
    } else {
        outcome
    };
    let (status, output, error, cause) = match outcome.result {
        Ok(out) => {
            trace.push(
                "ExecutionSucceeded",
                now,
                outcome.last,
                trace
                    .detailed()
                    .then(|| history::output("executionSucceededEventDetails", &out)),
            );
            (Status::Succeeded, Some(out), None, None)
        }
        Err(_) if run.aborted.get() => {
            trace.push("ExecutionAborted", now, outcome.last, None);
            (Status::Aborted, None, None, None)
        }
        Err(_) if run.timed_out.get() => {
            trace.push(
                "ExecutionTimedOut",
                now,
                outcome.last,
                Some(history::failure(
                    "executionTimedOutEventDetails",
                    crate::errors::TIMEOUT,
                    "",
                )),
            );
            (Status::TimedOut, None, None, None)
        }
        Err(e) => {
            let cause = resolve_refs(&e.cause);
            trace.push(
                "ExecutionFailed",
                now,
                outcome.last,
                Some(history::failure(
                    "executionFailedEventDetails",
                    &e.error,
                    &cause,
                )),
            );
            let some = |s: String| if s.is_empty() { None } else { Some(s) };
            (Status::Failed, None, some(e.error), some(cause))
        }
    };
    Execution {
        status,
        output,
        error,
        cause,
        history: trace.into_history(),
    }
}

/// When an execution started at `start_ms` times out: after the machine's `TimeoutSeconds`
/// or the type's longest duration, whichever comes first.
pub(crate) fn deadline_ms(
    start_ms: i64,
    timeout_seconds: Option<u64>,
    machine_type: MachineType,
) -> Option<i64> {
    let own = timeout_seconds.map(|t| i64::try_from(t).unwrap_or(i64::MAX).saturating_mul(1000));
    let limit = match (own, machine_type.max_duration_ms()) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    };
    limit.map(|ms| start_ms.saturating_add(ms))
}
