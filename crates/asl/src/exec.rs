//! Running a definition: [`execute`] drives the states through the host's effects and
//! records AWS's event history.

mod choice;
mod inspect;
mod io;

pub use inspect::{data_flow, DataFlow, DataFlowStep};
pub(crate) mod lambda;
mod machine;
mod map;
mod map_run;
mod parallel;
mod states;
mod task;

use std::cell::Cell;
use std::future::Future;

use serde_json::{json, Value};

use crate::definition::Definition;
use crate::errors::RuntimeError;
use crate::history::trace::{resolve_refs, Budget, Prev, Trace};
use crate::history::{self, time, HistoryEvent};
use crate::host::{Clock, LocalBoxFuture, Rng, TaskRunner};
use machine::Outcome;

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
    /// STANDARD (the default) or EXPRESS.
    pub machine_type: MachineType,
    /// Whether [`Execution::history`] keeps the events (the default). Without it the
    /// execution still counts them (the history limit applies alike) and the
    /// [`Observer`] still sees each one; an execution nobody observes then skips building
    /// the events' details (the JSON text of each state's input and output) altogether.
    pub keep_history: bool,
}

/// A state machine's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MachineType {
    /// STANDARD: exactly-once, up to a year, with an execution history.
    #[default]
    Standard,
    /// EXPRESS: no redrive (`$$.Execution` has no `RedriveCount`), no `.sync` or
    /// `.waitForTaskToken` (see [`crate::express_diagnostics`]), no history limit, and at
    /// most five minutes per execution.
    Express,
}

/// The most states one EXPRESS execution may enter: AWS sets no such limit (an Express
/// history is unlimited), but on the virtual clock a loop without a Wait never reaches the
/// five minutes, so this guard ends it (`States.Runtime`).
pub const MAX_EXPRESS_STEPS: usize = 1_000_000;

/// The most states one EXPRESS execution may enter when its history is kept or observed
/// (the playground, `aslplay run --history`): each state records about 1 KB of events, so
/// the guard is lower there.
pub const MAX_EXPRESS_RECORDED_STEPS: usize = 100_000;

/// AWS's limit on an EXPRESS execution's duration (five minutes): past it the execution
/// times out (`States.Timeout`), on whichever clock the execution runs.
pub const EXPRESS_MAX_DURATION_MS: i64 = 5 * 60 * 1000;

impl MachineType {
    /// As the API spells it: `STANDARD`, `EXPRESS`.
    pub fn as_str(self) -> &'static str {
        match self {
            MachineType::Standard => "STANDARD",
            MachineType::Express => "EXPRESS",
        }
    }

    /// As the console shows it: `Standard`, `Express`.
    pub fn label(self) -> &'static str {
        match self {
            MachineType::Standard => "Standard",
            MachineType::Express => "Express",
        }
    }

    /// From the API spelling (any case); anything else is Standard.
    pub fn parse(s: &str) -> Self {
        if s.eq_ignore_ascii_case("EXPRESS") {
            MachineType::Express
        } else {
            MachineType::Standard
        }
    }

    /// The history's event limit: [`history::MAX_EVENTS`] for STANDARD; none (`usize::MAX`)
    /// for EXPRESS, whose quotas list the history size as unlimited.
    pub fn max_events(self) -> usize {
        match self {
            MachineType::Standard => history::MAX_EVENTS,
            MachineType::Express => usize::MAX,
        }
    }

    /// The most states one execution may enter ([`MAX_STEPS`], [`MAX_EXPRESS_STEPS`]; an
    /// EXPRESS execution whose history is kept or observed stops at
    /// [`MAX_EXPRESS_RECORDED_STEPS`]).
    pub fn max_steps(self) -> usize {
        match self {
            MachineType::Standard => MAX_STEPS,
            MachineType::Express => MAX_EXPRESS_STEPS,
        }
    }

    /// The longest an execution may run, if the type limits it (EXPRESS: five minutes).
    pub fn max_duration_ms(self) -> Option<i64> {
        match self {
            MachineType::Standard => None,
            MachineType::Express => Some(EXPRESS_MAX_DURATION_MS),
        }
    }
}

impl ExecutionConfig {
    /// A configuration with the playground's defaults: account `123456789012`, `us-east-1`,
    /// and a role named after the machine.
    pub fn new(state_machine_name: &str, execution_name: &str) -> Self {
        let account = "123456789012".to_string();
        Self {
            state_machine_name: state_machine_name.into(),
            execution_name: execution_name.into(),
            role_arn: format!(
                "arn:aws:iam::{account}:role/StepFunctions-{state_machine_name}-role"
            ),
            account,
            region: "us-east-1".into(),
            machine_type: MachineType::Standard,
            keep_history: true,
        }
    }

    /// `arn:aws:states:REGION:ACCOUNT:stateMachine:NAME`.
    pub fn state_machine_arn(&self) -> String {
        format!(
            "arn:aws:states:{}:{}:stateMachine:{}",
            self.region, self.account, self.state_machine_name
        )
    }

    /// `arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME`; for an EXPRESS machine
    /// `arn:aws:states:REGION:ACCOUNT:express:MACHINE:NAME:ID` (the id derived from the name).
    pub fn execution_arn(&self) -> String {
        match self.machine_type {
            MachineType::Standard => format!(
                "arn:aws:states:{}:{}:execution:{}:{}",
                self.region, self.account, self.state_machine_name, self.execution_name
            ),
            MachineType::Express => {
                // FNV-1a, twice, shaped as a UUID: stable for a name, no randomness needed.
                let fnv = |seed: u64| {
                    self.execution_name.bytes().fold(seed, |h, b| {
                        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
                    })
                };
                let (a, b) = (fnv(0xcbf2_9ce4_8422_2325), fnv(0x8422_2325_cbf2_9ce4));
                let h = format!("{a:016x}{b:016x}");
                format!(
                    "arn:aws:states:{}:{}:express:{}:{}:{}-{}-{}-{}-{}",
                    self.region,
                    self.account,
                    self.state_machine_name,
                    self.execution_name,
                    &h[..8],
                    &h[8..12],
                    &h[12..16],
                    &h[16..20],
                    &h[20..]
                )
            }
        }
    }
}

/// A fresh UUID (version 4 shape) from the host's randomness: for execution names and
/// request ids.
pub fn uuid(rng: &dyn Rng) -> String {
    let (a, b) = (rng.next_u64(), rng.next_u64());
    let mut h: Vec<char> = format!("{a:016x}{b:016x}").chars().collect();
    h[12] = '4';
    h[16] = ['8', '9', 'a', 'b'][(b >> 62) as usize];
    let part = |r: std::ops::Range<usize>| h[r].iter().collect::<String>();
    format!(
        "{}-{}-{}-{}-{}",
        part(0..8),
        part(8..12),
        part(12..16),
        part(16..20),
        part(20..32)
    )
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
    /// Called once per history event, in history order. Events of the Map iteration (or
    /// Parallel branch) whose turn it is arrive as they happen; those of iterations running
    /// ahead of it arrive in a burst when their turn comes, so that the history keeps each
    /// iteration contiguous and in index order, as AWS records it.
    fn on_event(&self, event: &HistoryEvent);

    /// Called right after the `LambdaFunctionScheduled`/`TaskScheduled` event with id
    /// `scheduled_event_id` was recorded: the Lambda call it starts has `request_id` (the
    /// `Invocation::request_id` the TaskRunner got). The execution tree's `TaskInvocation`
    /// node for that call has `first_event_id == scheduled_event_id`, so this joins tree
    /// nodes with what the runner captured (logs, duration).
    fn on_invocation(&self, _scheduled_event_id: u64, _request_id: &str) {}

    /// Asked before each state is entered (in every Map iteration and Parallel branch too):
    /// `true` stops the execution there — it ends `ABORTED` with an `ExecutionAborted`
    /// event (the Stop button). Handlers already running finish first.
    fn should_stop(&self) -> bool {
        false
    }

    /// Asked before each state is entered: a future to wait for before entering it
    /// (breakpoints and stepping: resolve it on Continue/Step), or `None` to go on.
    fn before_state(&self, _state_name: &str) -> Option<LocalBoxFuture<'_, ()>> {
        None
    }
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

/// The most states one STANDARD execution may enter (a guard against endless loops; AWS's
/// own bound is the 25,000-event history).
pub const MAX_STEPS: usize = 25_000;

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
        if !state.uses_context {
            // Nothing in the state can read `$$` (its text has no `$$`): only the variables
            // are needed, which spares a timestamp and an object per state entered.
            return json!({(crate::path::VARIABLES): vars});
        }
        let mut st = json!({"EnteredTime": time::iso8601(entered_ms), "Name": state.name});
        if matches!(state.kind, crate::definition::StateKind::Task(_)) {
            st["RetryCount"] = retry_count.into();
        }
        let mut execution = json!({
            "Id": self.config.execution_arn(),
            "Input": self.input,
            "Name": self.config.execution_name,
            "RoleArn": self.config.role_arn,
            "StartTime": time::iso8601(self.start_ms),
            "RedriveCount": 0,
        });
        // AWS: an EXPRESS execution cannot be redriven and has no RedriveCount.
        if let (MachineType::Express, Value::Object(m)) = (self.config.machine_type, &mut execution)
        {
            m.remove("RedriveCount");
        }
        json!({
            "Execution": execution,
            "State": st,
            "StateMachine": {"Id": self.config.state_machine_arn(), "Name": self.config.state_machine_name},
            (crate::path::VARIABLES): vars,
        })
    }
}

/// Runs a definition on an input to the end.
pub async fn execute(
    definition: &Definition,
    input: Value,
    config: &ExecutionConfig,
    host: Host<'_>,
) -> Execution {
    run(definition, input, None, config, host).await
}

/// Runs a definition on an input given as JSON text, which the history records verbatim
/// (trimmed) in `ExecutionStarted` and the first `…StateEntered`, as AWS does with
/// StartExecution's input. A text that is not JSON, or larger than StartExecution takes
/// (256 KiB), is a [`crate::Diagnostic`] (see [`crate::parse_execution_input`]).
pub async fn execute_text(
    definition: &Definition,
    input_text: &str,
    config: &ExecutionConfig,
    host: Host<'_>,
) -> Result<Execution, crate::diagnostic::Diagnostic> {
    let input = crate::definition::parse_execution_input(input_text)?;
    Ok(execute_input(definition, input, input_text, config, host).await)
}

/// Runs like [`execute_text`] for a caller that has parsed `input_text` already, with
/// [`crate::parse_execution_input`], into `input`.
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
    };
    let outcome = run
        .run_machine(
            &definition.machine,
            input,
            &trace,
            Prev::None,
            Default::default(),
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
