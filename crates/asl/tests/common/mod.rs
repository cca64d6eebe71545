//! Test helpers: an in-process fake Lambda runner and a runner for whole machines.
#![allow(dead_code)]

use std::cell::RefCell;
use std::collections::HashMap;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use asl::host::{
    Clock, Invocation, InvocationOutcome, InvocationResult, LocalBoxFuture, SplitMix64, TaskRunner,
    VirtualClock,
};
use asl::{Execution, ExecutionConfig, HistoryEvent, Host, Observer};
use serde_json::Value;

/// What a fake function does.
#[derive(Clone)]
pub enum Behavior {
    Identity,
    Constant(Value),
    Raise {
        error_type: String,
        message: String,
    },
    TimeOut(u64),
    Hello,
    /// Fails with `Flaky` for the first `n` calls, then returns the input.
    FlakyThen(usize),
    /// Returns the input after being polled `n` times (to make later calls finish first).
    SlowIdentity(fn(&Value) -> usize),
    /// Returns what the function makes of the input.
    Func(fn(&Value) -> Value),
}

/// A fake TaskRunner: functions by name; unknown names are not found.
#[derive(Default)]
pub struct Fake {
    pub functions: HashMap<String, Behavior>,
    pub calls: RefCell<Vec<Invocation>>,
    pub duration_ms: f64,
}

impl Fake {
    pub fn with(functions: &[(&str, Behavior)]) -> Self {
        Self {
            functions: functions
                .iter()
                .map(|(n, b)| (n.to_string(), b.clone()))
                .collect(),
            calls: RefCell::new(Vec::new()),
            duration_ms: 5.0,
        }
    }
}

/// Yields `n` times before finishing.
pub struct YieldN(pub usize);
impl Future for YieldN {
    type Output = ();
    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.0 == 0 {
            return Poll::Ready(());
        }
        self.0 -= 1;
        cx.waker().wake_by_ref();
        Poll::Pending
    }
}

impl TaskRunner for Fake {
    fn invoke(&self, inv: Invocation) -> LocalBoxFuture<'_, InvocationResult> {
        self.calls.borrow_mut().push(inv.clone());
        let calls_so_far = self
            .calls
            .borrow()
            .iter()
            .filter(|c| c.function_name == inv.function_name)
            .count();
        let behavior = self.functions.get(&inv.function_name).cloned();
        let duration_ms = self.duration_ms;
        Box::pin(async move {
            let outcome = match behavior {
                None => InvocationOutcome::FunctionNotFound,
                Some(Behavior::Identity) => InvocationOutcome::Succeeded {
                    payload: inv.payload,
                },
                Some(Behavior::Constant(v)) => InvocationOutcome::Succeeded { payload: v },
                Some(Behavior::Hello) => InvocationOutcome::Succeeded {
                    payload: format!(
                        "Hello, {}!",
                        inv.payload["who"].as_str().unwrap_or_default()
                    )
                    .into(),
                },
                Some(Behavior::Raise {
                    error_type,
                    message,
                }) => InvocationOutcome::Failed {
                    error_type,
                    error_message: message,
                    trace: vec!["at handler (/var/task/index.js:1:1)".into()],
                },
                Some(Behavior::FlakyThen(n)) if calls_so_far <= n => InvocationOutcome::Failed {
                    error_type: "Flaky".into(),
                    error_message: format!("attempt {calls_so_far}"),
                    trace: vec![],
                },
                Some(Behavior::FlakyThen(_)) => InvocationOutcome::Succeeded {
                    payload: inv.payload,
                },
                Some(Behavior::TimeOut(ms)) => InvocationOutcome::TimedOut { timeout_ms: ms },
                Some(Behavior::Func(f)) => InvocationOutcome::Succeeded {
                    payload: f(&inv.payload),
                },
                Some(Behavior::SlowIdentity(n)) => {
                    YieldN(n(&inv.payload)).await;
                    InvocationOutcome::Succeeded {
                        payload: inv.payload,
                    }
                }
            };
            InvocationResult {
                metrics: Default::default(),
                outcome,
                logs: vec![],
                duration_ms,
            }
        })
    }
}

/// Collects observed events and (scheduled event id, request id) pairs.
#[derive(Default)]
pub struct Recorder(
    pub RefCell<Vec<HistoryEvent>>,
    pub RefCell<Vec<(u64, String)>>,
);
impl Observer for Recorder {
    fn on_event(&self, event: &HistoryEvent) {
        self.0.borrow_mut().push(event.clone());
    }
    fn on_invocation(&self, scheduled_event_id: u64, request_id: &str) {
        self.1
            .borrow_mut()
            .push((scheduled_event_id, request_id.to_string()));
    }
}

pub const START_MS: i64 = 1_764_069_423_000; // 2025-11-25T11:17:03Z

/// Loads and runs a definition with the default config.
pub fn run(definition: &str, input: Value, fake: &Fake) -> Execution {
    run_with(
        definition,
        input,
        fake,
        &ExecutionConfig::new("Machine", "exec-1"),
        None,
    )
}

pub fn run_with(
    definition: &str,
    input: Value,
    fake: &Fake,
    config: &ExecutionConfig,
    observer: Option<&dyn Observer>,
) -> Execution {
    execute(
        definition,
        input,
        fake,
        config,
        observer,
        &VirtualClock::new(START_MS),
    )
}

/// Runs as [`run`] does, with `callbacks` answering the tasks that wait.
pub fn run_answered(
    definition: &str,
    input: Value,
    fake: &Fake,
    callbacks: &dyn asl::host::callback::Callbacks,
) -> Execution {
    run_hosted(definition, input, fake, Some(callbacks), None)
}

/// Runs as [`run`] does, with `objects` as the playground's S3.
pub fn run_with_objects(
    definition: &str,
    input: Value,
    fake: &Fake,
    objects: &dyn asl::host::objects::ObjectStore,
) -> Execution {
    run_hosted(definition, input, fake, None, Some(objects))
}

/// Runs as [`run`] does, with `machines` as the workspace's other state machines.
pub fn run_with_machines(
    definition: &str,
    input: Value,
    fake: &Fake,
    machines: &dyn asl::host::machines::StateMachines,
) -> Execution {
    run_hosted_with(definition, input, fake, None, None, Some(machines))
}

/// Runs as [`run`] does (keeping the history), with these callbacks and objects.
fn run_hosted(
    definition: &str,
    input: Value,
    fake: &Fake,
    callbacks: Option<&dyn asl::host::callback::Callbacks>,
    objects: Option<&dyn asl::host::objects::ObjectStore>,
) -> Execution {
    run_hosted_with(definition, input, fake, callbacks, objects, None)
}

fn run_hosted_with(
    definition: &str,
    input: Value,
    fake: &Fake,
    callbacks: Option<&dyn asl::host::callback::Callbacks>,
    objects: Option<&dyn asl::host::objects::ObjectStore>,
    machines: Option<&dyn asl::host::machines::StateMachines>,
) -> Execution {
    let def = asl::load(definition).unwrap_or_else(|d| panic!("definition does not load: {d:?}"));
    let rng = SplitMix64::new(42);
    let clock = VirtualClock::new(START_MS);
    let host = Host {
        callbacks,
        objects,
        machines,
        ..Host::new(fake, &clock, &rng)
    };
    let mut config = ExecutionConfig::new("Machine", "exec-1");
    config.keep_history = true;
    asl::block_on(asl::execute(&def, input, &config, host))
}

/// Runs as [`run`] does, on `clock` instead of the virtual clock.
pub fn run_on(definition: &str, input: Value, fake: &Fake, clock: &dyn Clock) -> Execution {
    let config = ExecutionConfig::new("Machine", "exec-1");
    execute(definition, input, fake, &config, None, clock)
}

fn execute(
    definition: &str,
    input: Value,
    fake: &Fake,
    config: &ExecutionConfig,
    observer: Option<&dyn Observer>,
    clock: &dyn Clock,
) -> Execution {
    let def = asl::load(definition).unwrap_or_else(|d| panic!("definition does not load: {d:?}"));
    let rng = SplitMix64::new(42);
    let host = Host {
        observer,
        ..Host::new(fake, clock, &rng)
    };
    asl::block_on(asl::execute(&def, input, config, host))
}

pub fn types(e: &Execution) -> Vec<&str> {
    e.history.iter().map(|e| e.kind.as_str()).collect()
}

pub fn ids(e: &Execution) -> Vec<(u64, u64)> {
    e.history
        .iter()
        .map(|e| (e.id, e.previous_event_id))
        .collect()
}

pub const TUTORIAL: &str = r#"{"StartAt":"ExampleMapState","States":{"ExampleMapState":{"Type":"Map","Iterator":{"StartAt":"CallLambda","States":{"CallLambda":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:HelloFunction","End":true}}},"End":true}}}"#;

pub fn tutorial() -> asl::Execution {
    let fake = Fake::with(&[("HelloFunction", Behavior::Hello)]);
    run(
        TUTORIAL,
        serde_json::json!([{"who":"bob"},{"who":"meg"},{"who":"joe"}]),
        &fake,
    )
}

/// Fails with every message in `bad` (one per failed row of a table test), if any.
pub fn assert_rows_pass(bad: &[String]) {
    assert!(
        bad.is_empty(),
        "{} row(s) failed:\n{}",
        bad.len(),
        bad.join("\n")
    );
}
