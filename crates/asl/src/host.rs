//! The effects an execution needs, behind traits: running Lambda handlers (and the mocks of
//! other services), time, randomness, whoever answers waiting tasks ([`callback`]) and
//! whoever watches it run ([`Observer`]); with [`block_on`] to drive an execution where
//! there is no event loop (the CLI, tests).
//!
//! The interpreter never touches the outside world directly. The browser app implements
//! [`TaskRunner`] over a Web Worker pool, the CLI over a Node.js child process; tests use
//! in-process fakes. Time is virtual by default ([`VirtualClock`]): a `Wait` of an hour
//! completes instantly while the history still shows the right timestamps.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;

use serde_json::Value;

use crate::history::HistoryEvent;

pub mod callback;
pub mod faults;
pub mod fixed;
pub mod lambda_log;
pub mod machines;
pub mod objects;
pub mod protocol;

/// The effects an execution uses. [`Host::new`] gives one with no observer, callbacks,
/// objects or other machines; set those that are needed with struct update syntax
/// (`Host { observer: Some(&o), ..Host::new(&tasks, &clock, &rng) }`).
#[derive(Clone, Copy)]
pub struct Host<'a> {
    /// Runs Lambda handlers.
    pub tasks: &'a dyn TaskRunner,
    /// Time (virtual by default).
    pub clock: &'a dyn Clock,
    /// Randomness.
    pub rng: &'a dyn Rng,
    /// Told about each history event as it is recorded, for live views.
    pub observer: Option<&'a dyn Observer>,
    /// Answers the tasks that wait for a task token or an activity worker (`None`: no one
    /// answers, as [`callback::NoAnswers`]).
    pub callbacks: Option<&'a dyn callback::Callbacks>,
    /// The playground's S3, which a Distributed Map's `ItemReader` reads (`None`: no
    /// buckets at all).
    pub objects: Option<&'a dyn objects::ObjectStore>,
    /// The other state machines a `states:startExecution` task may start (`None`: none).
    pub machines: Option<&'a dyn machines::StateMachines>,
}

impl<'a> Host<'a> {
    /// These three effects, and none of the optional ones.
    pub fn new(tasks: &'a dyn TaskRunner, clock: &'a dyn Clock, rng: &'a dyn Rng) -> Self {
        Self {
            tasks,
            clock,
            rng,
            observer: None,
            callbacks: None,
            objects: None,
            machines: None,
        }
    }
}

/// Watches an execution as it runs.
pub trait Observer {
    /// Called once per history event, in history order. Events of the Map iteration (or
    /// Parallel branch) whose turn it is arrive as they happen; those of iterations running
    /// ahead of it arrive in a burst when their turn comes, so that the history keeps each
    /// iteration contiguous and in index order, as AWS records it.
    fn on_event(&self, event: &HistoryEvent);

    /// [`Observer::on_event`] for an event the interpreter keeps no copy of (it keeps no
    /// history: `ExecutionConfig::keep_history` is false): an observer that stores events
    /// takes this one as it is instead of copying it. By default, `on_event`.
    fn on_event_owned(&self, event: HistoryEvent) {
        self.on_event(&event);
    }

    /// Called right after the `LambdaFunctionScheduled`/`TaskScheduled` event with id
    /// `scheduled_event_id` was recorded: the Lambda call it starts has `request_id` (the
    /// `Invocation::request_id` the TaskRunner got). The execution tree's `TaskInvocation`
    /// node for that call has `first_event_id == scheduled_event_id`, so this joins tree
    /// nodes with what the runner captured (logs, duration).
    fn on_invocation(&self, _scheduled_event_id: u64, _request_id: &str) {}

    /// A state's attempts ended in `error` (its retries, if any, exhausted); `catcher` is the
    /// index of the `Catch` entry that took it, if one did.
    fn on_state_error(
        &self,
        _state_name: &str,
        _error: &crate::RuntimeError,
        _catcher: Option<usize>,
    ) {
    }

    /// A Distributed Map's Map Run started, a child execution of it ended (the counts
    /// changed), or it ended (with every child execution): see [`crate::map_run`].
    fn on_map_run(&self, _report: &crate::map_run::MapRunReport) {}

    /// Asked now and then during long work that waits for nothing (turning a Distributed
    /// Map's file into items, selecting and batching them): a future to wait for lets the
    /// host do other work meanwhile (the page draws and takes input). By default `None`.
    fn take_turn(&self) -> Option<LocalBoxFuture<'_, ()>> {
        None
    }

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

/// A boxed, non-`Send` future: the browser is single-threaded and so is the interpreter.
pub type LocalBoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// One request to run a Lambda function's handler.
#[derive(Debug, Clone, PartialEq)]
pub struct Invocation {
    /// The function's name (`HelloFunction`), without account, Region or qualifier.
    pub function_name: String,
    /// The full ARN the function was invoked with, including a qualifier if one was given
    /// (`arn:aws:lambda:us-east-1:123456789012:function:HelloFunction:prod`).
    pub invoked_arn: String,
    /// The version or alias, if the ARN had one.
    pub qualifier: Option<String>,
    /// The event passed to the handler.
    pub payload: Value,
    /// A unique request id for this invocation (`context.awsRequestId`).
    pub request_id: String,
}

/// One line a handler wrote with `console.log/info/warn/error`.
#[derive(Debug, Clone, PartialEq)]
pub struct LogLine {
    /// `log`, `info`, `warn` or `error`.
    pub level: String,
    /// The formatted message.
    pub message: String,
}

/// How an invocation ended, as Lambda reports it.
#[derive(Debug, Clone, PartialEq)]
pub enum InvocationOutcome {
    /// The handler returned (or called back with) a value.
    Succeeded {
        /// The value, after a JSON round trip (`undefined` becomes `null`).
        payload: Value,
    },
    /// The handler threw, rejected, or called back with an error.
    Failed {
        /// The error's `name` (`Error`, `TypeError`, a custom name): the Task error.
        error_type: String,
        /// The error's `message`.
        error_message: String,
        /// The stack, one line per entry, as Lambda's Node.js runtime reports it.
        trace: Vec<String>,
    },
    /// The handler ran past the function's timeout and was stopped.
    TimedOut {
        /// The function's timeout, in milliseconds.
        timeout_ms: u64,
    },
    /// No function with that name exists (in that account and Region).
    FunctionNotFound,
    /// Lambda refused the call before any handler ran (for example, the execution role may
    /// not invoke the function: see [`crate::iam`]). The Task fails with this error and
    /// cause, as is.
    Rejected {
        /// The Task error (`Lambda.AWSLambdaException`).
        error: String,
        /// The cause (Lambda's message).
        cause: String,
    },
}

/// The result of one invocation: the outcome, the captured logs and how long it took.
#[derive(Debug, Clone, PartialEq)]
pub struct InvocationResult {
    /// How the invocation ended.
    pub outcome: InvocationOutcome,
    /// What the handler logged, in order.
    pub logs: Vec<LogLine>,
    /// Wall-clock duration of the handler, in milliseconds.
    pub duration_ms: f64,
    /// What the runtime measured besides (for the `REPORT` log line).
    pub metrics: RuntimeMetrics,
}

/// What a handler runtime measured of one invocation, for its `REPORT` log line
/// ([`lambda_log`]); each is absent when the runtime could not measure it.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct RuntimeMetrics {
    /// The cold start's initialisation (loading the handler's module), in milliseconds: only
    /// on the invocation that loaded it.
    pub init_duration_ms: Option<f64>,
    /// The most memory the runtime has used, in MB (Node.js measures it; a Worker cannot).
    pub max_memory_used_mb: Option<u32>,
}

/// Runs Lambda handlers. Implemented by the app (Web Worker) and the CLI (Node.js process).
pub trait TaskRunner {
    /// Runs one invocation to completion. Never panics; every failure is an outcome.
    fn invoke(&self, invocation: Invocation) -> LocalBoxFuture<'_, InvocationResult>;
}

/// A source of time.
pub trait Clock {
    /// Milliseconds since the Unix epoch.
    fn now_ms(&self) -> i64;
    /// Completes after `ms` milliseconds of this clock's time.
    fn sleep(&self, ms: u64) -> LocalBoxFuture<'_, ()>;
    /// Tells the clock that `ms` milliseconds of real work just happened (a handler ran).
    /// A virtual clock moves forward by that much; a real clock ignores it.
    fn elapsed(&self, _ms: f64) {}

    /// Whether this clock follows real time. Then a Task's `TimeoutSeconds` interrupts a
    /// handler still running when it expires (the invocation future is dropped); with a
    /// virtual clock (the default, `false`) it is judged from the handler's duration.
    fn is_real_time(&self) -> bool {
        false
    }
}

/// A virtual clock: starts at a given instant and only moves when slept on or told that
/// work happened, so waits and back-offs complete at once.
#[derive(Debug)]
pub struct VirtualClock {
    now_us: Cell<i64>,
}

impl VirtualClock {
    /// A clock starting at `start_ms` (milliseconds since the Unix epoch).
    pub fn new(start_ms: i64) -> Self {
        Self {
            now_us: Cell::new(start_ms.saturating_mul(1000)),
        }
    }

    /// Moves the clock forward by `ms` milliseconds.
    pub fn advance(&self, ms: f64) {
        let us = if ms.is_finite() && ms > 0.0 {
            (ms * 1000.0) as i64
        } else {
            0
        };
        self.now_us.set(self.now_us.get().saturating_add(us));
    }
}

impl Clock for VirtualClock {
    fn now_ms(&self) -> i64 {
        self.now_us.get() / 1000
    }

    fn sleep(&self, ms: u64) -> LocalBoxFuture<'_, ()> {
        self.advance(ms as f64);
        Box::pin(std::future::ready(()))
    }

    fn elapsed(&self, ms: f64) {
        self.advance(ms);
    }
}

/// A source of randomness (execution names, request ids, jitter, `States.UUID`).
pub trait Rng {
    /// The next 64 random bits.
    fn next_u64(&self) -> u64;
}

/// A small deterministic generator (SplitMix64): the same seed gives the same sequence on
/// every platform. Hosts seed it from real entropy; tests seed it with a constant.
#[derive(Debug)]
pub struct SplitMix64 {
    state: Cell<u64>,
}

impl SplitMix64 {
    /// A generator starting from `seed`.
    pub fn new(seed: u64) -> Self {
        Self {
            state: Cell::new(seed),
        }
    }
}

impl Rng for SplitMix64 {
    fn next_u64(&self) -> u64 {
        let s = self.state.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
        self.state.set(s);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn uuids_have_the_version_4_shape() {
        let rng = SplitMix64::new(7);
        let a = uuid(&rng);
        let b = uuid(&rng);
        assert_ne!(a, b);
        for u in [a, b] {
            let parts: Vec<usize> = u.split('-').map(str::len).collect();
            assert_eq!(parts, [8, 4, 4, 4, 12], "{u}");
            assert_eq!(&u[14..15], "4", "{u}");
            assert!(matches!(&u[19..20], "8" | "9" | "a" | "b"), "{u}");
        }
    }

    #[test]
    fn block_on_drives_a_future_that_waits() {
        let mut polled = false;
        let value = block_on(std::future::poll_fn(|cx| {
            if polled {
                std::task::Poll::Ready(42)
            } else {
                polled = true;
                cx.waker().wake_by_ref();
                std::task::Poll::Pending
            }
        }));
        assert_eq!(value, 42);
    }
}
