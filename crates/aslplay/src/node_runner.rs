//! Runs Lambda handlers in a Node.js child process that executes `static/handler-host.js`.
//!
//! The process speaks the handler host's protocol: newline-delimited JSON, `invoke` requests on
//! its stdin, `ready` and `result` messages on its stdout (see the top of handler-host.js). One
//! invocation runs at a time; others wait their turn. An invocation is a real future: it waits
//! for the process's answer without blocking, woken by the process's reader thread, or by a
//! timer at the function's timeout ([`crate::timer`]: one thread for all). Past the timeout the process is killed, the invocation ends
//! as [`InvocationOutcome::TimedOut`], and the next invocation starts a fresh process (a cold
//! start, as Lambda does after a timeout). An invocation dropped before its end (a Task's
//! `TimeoutSeconds` won the race in real time) kills the process too: its handler is still
//! running. Starting a process blocks the caller until it is ready (usually ~0.1 s).

use std::cell::{Cell, RefCell};
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};
use std::time::{Duration, Instant};

use asl::host::{
    Invocation, InvocationOutcome, InvocationResult, LocalBoxFuture, Rng, SplitMix64, TaskRunner,
};

use crate::handlers::Handlers;
use crate::process::{Message, NodeProcess};
use crate::protocol::{self, result, runtime_failure};
use crate::timer::{Timer, Timers};

/// The Node.js process and who may use it.
#[derive(Default)]
struct Slot {
    /// The running process, if any.
    process: Option<NodeProcess>,
    /// An invocation is using the process.
    busy: bool,
    /// Invocations waiting for the process.
    waiters: Vec<Waker>,
}

impl Slot {
    /// Gives the process up (keeping it only if `keep`) and lets the waiting invocations try.
    fn release(&mut self, keep: bool) {
        self.busy = false;
        if !keep {
            self.process = None;
        }
        for w in self.waiters.drain(..) {
            w.wake();
        }
    }
}

/// A [`TaskRunner`] that runs the handlers of a [`Handlers`] table in Node.js.
pub struct NodeRunner {
    handlers: Handlers,
    node: PathBuf,
    script: PathBuf,
    timeout: Duration,
    slot: RefCell<Slot>,
    next_id: Cell<u64>,
    rng: SplitMix64,
    print_logs: bool,
    /// Wakes invocations at the function timeout.
    timers: Timers,
}

impl NodeRunner {
    /// A runner for `handlers`, using the `node` executable at `node` and the host script at
    /// `script`; each invocation may take `timeout`. `print_logs` copies handler logs to stderr.
    pub fn new(
        handlers: Handlers,
        node: PathBuf,
        script: PathBuf,
        timeout: Duration,
        print_logs: bool,
    ) -> Self {
        Self {
            handlers,
            node,
            script,
            timeout,
            slot: RefCell::new(Slot::default()),
            next_id: Cell::new(0),
            rng: SplitMix64::new(crate::clock::entropy()),
            print_logs,
            timers: Timers::default(),
        }
    }

    /// A log stream name like Lambda's: `2026/11/25/[$LATEST]<32 hex digits>`.
    fn log_stream_name(&self) -> String {
        let (a, b) = (self.rng.next_u64(), self.rng.next_u64());
        format!(
            "{}/[$LATEST]{a:016x}{b:016x}",
            crate::clock::utc_date_path()
        )
    }

    fn timeout_ms(&self) -> u64 {
        u64::try_from(self.timeout.as_millis()).unwrap_or(u64::MAX)
    }

    /// Takes the process for one invocation and sends it the request; `Err` ends the
    /// invocation with that result, `Ok(None)` means another invocation has the process.
    // The result is returned once per invocation, not a hot path: boxing it buys nothing.
    #[allow(clippy::result_large_err)]
    fn begin(
        &self,
        call: &Invoke<'_>,
        code: &str,
        cx: &Context<'_>,
    ) -> Result<Option<u64>, InvocationResult> {
        let mut slot = self.slot.borrow_mut();
        if slot.busy {
            slot.waiters.push(cx.waker().clone());
            return Ok(None);
        }
        let id = self.next_id.get() + 1;
        self.next_id.set(id);
        // A process whose stdin is gone (it died between invocations) is replaced once.
        for _ in 0..2 {
            if slot.process.is_none() {
                match NodeProcess::start(&self.node, &self.script, self.log_stream_name()) {
                    Ok(p) => slot.process = Some(p),
                    Err(e) => return Err(runtime_failure("Runtime.Unknown", &e, call.started)),
                }
            }
            let Some(process) = slot.process.as_mut() else {
                continue;
            };
            let request = protocol::request(
                id,
                &call.invocation,
                code,
                &process.log_stream,
                self.timeout,
            );
            if process.send(&request).is_ok() {
                slot.busy = true;
                return Ok(Some(id));
            }
            slot.process = None;
        }
        Err(runtime_failure(
            "Runtime.Unknown",
            "cannot send the invocation to the Node.js handler host",
            call.started,
        ))
    }

    /// Looks at what the process said so far; `Some` when the invocation is over (and the
    /// process released).
    fn check(
        &self,
        call: &Invoke<'_>,
        running: &Running,
        cx: &Context<'_>,
    ) -> Option<InvocationResult> {
        let mut slot = self.slot.borrow_mut();
        let Some(process) = slot.process.as_mut() else {
            slot.release(false);
            return Some(runtime_failure(
                "Runtime.Unknown",
                "the Node.js handler host is gone",
                call.started,
            ));
        };
        while let Some(message) = process.next_message(cx.waker()) {
            match message {
                Message::Line(line) => {
                    if let Some(msg) = protocol::result_for(&line, running.id) {
                        slot.release(true);
                        return Some(protocol::parse_result(&msg, running.sent));
                    }
                }
                Message::Closed => {
                    let status = process.stop();
                    slot.release(false);
                    let message = format!(
                        "RequestId: {} Error: Runtime exited with error: {status}",
                        call.invocation.request_id
                    );
                    return Some(runtime_failure("Runtime.ExitError", &message, running.sent));
                }
            }
        }
        if running.sent.elapsed() >= self.timeout {
            process.stop();
            slot.release(false);
            let elapsed = running.sent.elapsed().as_secs_f64() * 1000.0;
            let outcome = InvocationOutcome::TimedOut {
                timeout_ms: self.timeout_ms(),
            };
            return Some(result(outcome, vec![], elapsed));
        }
        None
    }

    /// With `--logs`: the invocation's log as CloudWatch shows it (START, the handler's
    /// lines, END, REPORT), each line after the function's name.
    fn print_logs(&self, invocation: &Invocation, result: &InvocationResult) {
        if self.print_logs {
            let ran_ms = result.duration_ms + result.metrics.init_duration_ms.unwrap_or(0.0);
            let started_ms = crate::clock::now_ms() - ran_ms.ceil() as i64;
            let lines = asl::host::lambda_log::invocation_lines(invocation, result, started_ms);
            for line in lines {
                eprintln!("[{}] {}", invocation.function_name, line.message);
            }
        }
    }
}

impl TaskRunner for NodeRunner {
    fn invoke(&self, invocation: Invocation) -> LocalBoxFuture<'_, InvocationResult> {
        Box::pin(Invoke {
            runner: self,
            invocation,
            started: Instant::now(),
            running: None,
            done: false,
        })
    }
}

/// An invocation that has the process and sent its request.
struct Running {
    id: u64,
    sent: Instant,
    /// The function timeout; dropping it cancels it.
    _timer: Timer,
}

/// One invocation, as a future.
struct Invoke<'a> {
    runner: &'a NodeRunner,
    invocation: Invocation,
    started: Instant,
    running: Option<Running>,
    done: bool,
}

impl Invoke<'_> {
    fn finish(&mut self, result: InvocationResult) -> Poll<InvocationResult> {
        self.done = true;
        self.running = None;
        self.runner.print_logs(&self.invocation, &result);
        Poll::Ready(result)
    }
}

impl Future for Invoke<'_> {
    type Output = InvocationResult;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<InvocationResult> {
        let this = &mut *self;
        if this.done {
            return Poll::Pending;
        }
        let runner = this.runner;
        if this.running.is_none() {
            let Some(code) = runner.handlers.find(&this.invocation) else {
                return this.finish(result(InvocationOutcome::FunctionNotFound, vec![], 0.0));
            };
            match runner.begin(this, code, cx) {
                Err(r) => return this.finish(r),
                Ok(None) => return Poll::Pending,
                Ok(Some(id)) => {
                    this.running = Some(Running {
                        id,
                        sent: Instant::now(),
                        _timer: runner.timers.after(runner.timeout, cx.waker().clone()),
                    });
                }
            }
        }
        let checked = this
            .running
            .as_ref()
            .and_then(|running| runner.check(this, running, cx));
        match checked {
            Some(r) => this.finish(r),
            None => Poll::Pending,
        }
    }
}

impl Drop for Invoke<'_> {
    fn drop(&mut self) {
        // Dropped while its handler runs (a Task's TimeoutSeconds won in real time): the
        // handler cannot be stopped but by stopping its process.
        if self.running.is_some() && !self.done {
            if let Ok(mut slot) = self.runner.slot.try_borrow_mut() {
                slot.release(false);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host_script::HostScript;
    use asl::host::Clock;
    use asl::host::LogLine;
    use serde_json::{json, Value};

    /// A runner over real Node.js with these handlers (keyed by name, home account 123456789012).
    fn runner(handlers: &str, timeout_ms: u64) -> (NodeRunner, HostScript) {
        let script = HostScript::write().unwrap();
        let mut h = Handlers::parse(handlers).unwrap();
        h.set_home("123456789012", "us-east-1");
        let r = NodeRunner::new(
            h,
            PathBuf::from("node"),
            script.path.clone(),
            Duration::from_millis(timeout_ms),
            false,
        );
        (r, script)
    }

    fn invocation(name: &str, payload: Value) -> Invocation {
        Invocation {
            function_name: name.into(),
            invoked_arn: format!("arn:aws:lambda:us-east-1:123456789012:function:{name}"),
            qualifier: None,
            payload,
            request_id: "req-1".into(),
        }
    }

    fn call(r: &NodeRunner, name: &str, payload: Value) -> InvocationResult {
        asl::block_on(r.invoke(invocation(name, payload)))
    }

    #[test]
    fn runs_handlers_in_node_and_survives_timeouts_and_exits() {
        let (r, _script) = runner(
            r#"{"Hello": "exports.handler = (event, context, callback) => { console.log('hi', event.who); callback(null, 'Hello, ' + event.who + '!'); };",
                "Spin": "exports.handler = async () => { while (true) {} };",
                "Exit": "exports.handler = async () => { process.exit(3); };",
                "Ctx": "export const handler = async (e, c) => [c.functionName, c.awsRequestId, c.invokedFunctionArn, c.functionVersion];"}"#,
            1000,
        );
        let ok = call(&r, "Hello", json!({"who": "bob"}));
        assert_eq!(
            ok.outcome,
            InvocationOutcome::Succeeded {
                payload: json!("Hello, bob!")
            }
        );
        assert_eq!(
            ok.logs,
            vec![LogLine {
                level: "log".into(),
                message: "hi bob".into()
            }]
        );
        let t0 = Instant::now();
        let spin = call(&r, "Spin", json!({}));
        assert_eq!(
            spin.outcome,
            InvocationOutcome::TimedOut { timeout_ms: 1000 }
        );
        assert!(t0.elapsed() < Duration::from_secs(5));
        let again = call(&r, "Hello", json!({"who": "meg"}));
        assert_eq!(
            again.outcome,
            InvocationOutcome::Succeeded {
                payload: json!("Hello, meg!")
            }
        );
        let exit = call(&r, "Exit", json!({}));
        let InvocationOutcome::Failed {
            error_type,
            error_message,
            ..
        } = exit.outcome
        else {
            panic!("expected a failure, got {:?}", exit.outcome);
        };
        assert_eq!(error_type, "Runtime.ExitError");
        assert!(error_message.contains("exit status 3"), "{error_message}");
        let ctx = call(&r, "Ctx", json!(null));
        assert_eq!(
            ctx.outcome,
            InvocationOutcome::Succeeded {
                payload: json!([
                    "Ctx",
                    "req-1",
                    "arn:aws:lambda:us-east-1:123456789012:function:Ctx",
                    "$LATEST"
                ])
            }
        );
        assert_eq!(
            call(&r, "Nobody", json!({})).outcome,
            InvocationOutcome::FunctionNotFound
        );
    }

    #[test]
    fn concurrent_invocations_take_turns() {
        let (r, _script) = runner(
            r#"{"Echo": "exports.handler = (e) => new Promise((ok) => setTimeout(() => ok(e), 20));"}"#,
            2000,
        );
        let mut calls: Vec<_> = (0..3)
            .map(|n| Some(r.invoke(invocation("Echo", json!(n)))))
            .collect();
        let mut results = vec![Value::Null; 3];
        asl::block_on(std::future::poll_fn(|cx| {
            for (n, call) in calls.iter_mut().enumerate() {
                if let Some(f) = call {
                    if let Poll::Ready(res) = f.as_mut().poll(cx) {
                        let InvocationOutcome::Succeeded { payload } = res.outcome else {
                            panic!("{:?}", res.outcome);
                        };
                        results[n] = payload;
                        *call = None;
                    }
                }
            }
            if calls.iter().all(Option::is_none) {
                Poll::Ready(())
            } else {
                Poll::Pending
            }
        }));
        assert_eq!(results, vec![json!(0), json!(1), json!(2)]);
    }

    #[test]
    fn a_dropped_invocation_stops_its_handler() {
        let (r, _script) = runner(
            r#"{"Spin": "exports.handler = async () => { while (true) {} };",
                "Hello": "exports.handler = async (e) => 'hi ' + e;"}"#,
            5000,
        );
        let t0 = Instant::now();
        let mut spin = r.invoke(invocation("Spin", json!(null)));
        let mut expiry = crate::clock::RealClock.sleep(300);
        let spin_won = asl::block_on(std::future::poll_fn(|cx| {
            if let Poll::Ready(res) = spin.as_mut().poll(cx) {
                return Poll::Ready(Some(res));
            }
            expiry.as_mut().poll(cx).map(|()| None)
        }));
        assert!(spin_won.is_none());
        drop(spin);
        assert!(t0.elapsed() < Duration::from_secs(3), "{:?}", t0.elapsed());
        let next = call(&r, "Hello", json!("there"));
        assert_eq!(
            next.outcome,
            InvocationOutcome::Succeeded {
                payload: json!("hi there")
            }
        );
    }
}
