//! Runs Lambda handlers in Node.js child processes that execute `static/handler-host.js`.
//!
//! The processes speak the handler host's protocol: newline-delimited JSON, batched `invoke`
//! requests on their stdin, `ready` and `results` messages on their stdout (see the top of
//! handler-host.js). Invocations are pipelined: all those the interpreter has ready (up to
//! 40 inline Map iterations at once) are written to a process in one batch without waiting
//! for answers, and the answers of each read come back together ([`crate::pool`] keeps the
//! processes, their windows and their timeouts). An invocation is a real future: it waits
//! without blocking, woken by a process's reader thread or by its watchdog at the function's
//! timeout. Past the timeout the process is killed, the invocation ends as
//! [`InvocationOutcome::TimedOut`], and the invocations queued behind it go to another
//! process (a cold start, as Lambda does after a timeout; when it cannot tell which one
//! blocked the process, each runs again alone). An invocation dropped while its handler runs
//! (a Task's `TimeoutSeconds` won the race in real time) kills its process too; one dropped
//! before it runs is forgotten (its answer, if it was sent, is dropped).

use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use asl::host::{
    Invocation, InvocationOutcome, InvocationResult, LocalBoxFuture, Rng, SplitMix64, TaskRunner,
};

use crate::handlers::Handlers;
use crate::pool::{Config, Shared};
use crate::protocol::result;

/// A [`TaskRunner`] that runs the handlers of a [`Handlers`] table in Node.js.
pub struct NodeRunner {
    handlers: Handlers,
    pool: Arc<Shared>,
    rng: SplitMix64,
    print_logs: bool,
}

impl NodeRunner {
    /// The task tokens its handlers answered (`require("@aws-sdk/client-sfn")`).
    pub fn handler_answers(&self) -> asl::host::callback::HandlerAnswers {
        self.pool.handler_answers()
    }
}

impl asl::host::callback::PendingAnswers for NodeRunner {
    fn watch(&self, waker: &std::task::Waker) -> bool {
        self.pool.watch_answers(waker)
    }
}

impl NodeRunner {
    /// A runner for `handlers`, using the `node` executable at `node` and the host script at
    /// `script`; each invocation may take `timeout`. `print_logs` copies handler logs to
    /// stderr. Up to `max_processes` Node.js processes run at once (the machine's
    /// parallelism: see [`default_processes`]).
    pub fn new(
        handlers: Handlers,
        node: PathBuf,
        script: PathBuf,
        timeout: Duration,
        print_logs: bool,
        max_processes: usize,
    ) -> Self {
        Self {
            handlers,
            pool: Shared::new(Config {
                node,
                script,
                timeout,
                max_processes,
            }),
            rng: SplitMix64::new(crate::clock::entropy()),
            print_logs,
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

/// How many Node.js processes a run may use: the machine's parallelism.
pub fn default_processes() -> usize {
    std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get)
}

impl Drop for NodeRunner {
    fn drop(&mut self) {
        self.pool.shutdown();
    }
}

impl TaskRunner for NodeRunner {
    fn invoke(&self, invocation: Invocation) -> LocalBoxFuture<'_, InvocationResult> {
        Box::pin(Invoke {
            runner: self,
            invocation: Some(invocation),
            id: None,
            done: false,
        })
    }
}

/// One invocation, as a future.
struct Invoke<'a> {
    runner: &'a NodeRunner,
    /// Until it is handed to the pool.
    invocation: Option<Invocation>,
    /// Its id in the pool, once handed over.
    id: Option<u64>,
    done: bool,
}

impl Future for Invoke<'_> {
    type Output = InvocationResult;

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<InvocationResult> {
        let this = &mut *self;
        if this.done {
            return Poll::Pending;
        }
        let runner = this.runner;
        let Some(id) = this.id else {
            let Some(invocation) = this.invocation.take() else {
                return Poll::Pending;
            };
            let Some(code) = runner.handlers.find(&invocation) else {
                this.done = true;
                return Poll::Ready(result(InvocationOutcome::FunctionNotFound, vec![], 0.0));
            };
            let (id, first) = runner.pool.enqueue(invocation, code, cx.waker());
            this.id = Some(id);
            // Sent on the first one's next poll, with every other invocation the interpreter
            // starts in this pass: one batch.
            if first {
                cx.waker().wake_by_ref();
            }
            return Poll::Pending;
        };
        match runner
            .pool
            .poll(id, cx.waker(), &|| runner.log_stream_name())
        {
            Some((invocation, result)) => {
                this.done = true;
                runner.print_logs(&invocation, &result);
                Poll::Ready(result)
            }
            None => Poll::Pending,
        }
    }
}

impl Drop for Invoke<'_> {
    fn drop(&mut self) {
        if let (Some(id), false) = (self.id, self.done) {
            self.runner.pool.cancel(id);
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
    use std::time::Instant;

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
            2,
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

    /// Runs these invocations at once (as a Map's iterations run) and returns their results
    /// in the same order.
    fn call_all(r: &NodeRunner, calls: Vec<Invocation>) -> Vec<InvocationResult> {
        let mut futures: Vec<_> = calls.into_iter().map(|c| Some(r.invoke(c))).collect();
        let mut results: Vec<Option<InvocationResult>> = futures.iter().map(|_| None).collect();
        asl::block_on(std::future::poll_fn(|cx| {
            for (n, call) in futures.iter_mut().enumerate() {
                if let Some(f) = call {
                    if let Poll::Ready(res) = f.as_mut().poll(cx) {
                        results[n] = Some(res);
                        *call = None;
                    }
                }
            }
            if futures.iter().all(Option::is_none) {
                Poll::Ready(())
            } else {
                Poll::Pending
            }
        }));
        results.into_iter().map(Option::unwrap).collect()
    }

    fn payload(r: &InvocationResult) -> Value {
        match &r.outcome {
            InvocationOutcome::Succeeded { payload } => payload.clone(),
            other => panic!("expected a success, got {other:?}"),
        }
    }

    #[test]
    fn concurrent_invocations_are_pipelined_in_batches_to_one_process() {
        let (r, _script) = runner(
            r#"{"Echo": "exports.handler = async (e) => [e, process.pid];",
                "Wait": "exports.handler = (e) => new Promise((ok) => setTimeout(() => ok([e, process.pid]), 5));"}"#,
            3000,
        );
        let results = call_all(&r, (0..300).map(|n| invocation("Echo", json!(n))).collect());
        let pids: std::collections::BTreeSet<_> = results
            .iter()
            .map(|res| payload(res)[1].to_string())
            .collect();
        for (n, res) in results.iter().enumerate() {
            assert_eq!(payload(res)[0], json!(n));
        }
        // Quick handlers never pay for a second Node.js process...
        assert_eq!(pids.len(), 1, "{pids:?}");
        // ...and their requests cross the pipe a batch at a time, not one by one.
        let batches = r.pool.batches();
        assert!(batches <= 10, "{batches} batches for 300 invocations");
        // Handlers that wait a little still answer each its own invocation.
        let results = call_all(&r, (0..20).map(|n| invocation("Wait", json!(n))).collect());
        for (n, res) in results.iter().enumerate() {
            assert_eq!(payload(res)[0], json!(n));
        }
    }

    #[test]
    fn a_blocked_handler_times_out_and_the_invocations_behind_it_are_sent_again() {
        let (r, _script) = runner(
            r#"{"Echo": "exports.handler = async (e) => e;",
                "Spin": "exports.handler = async () => { while (true) {} };"}"#,
            1000,
        );
        let t0 = Instant::now();
        let calls = (0..40)
            .map(|n| {
                if n == 3 {
                    invocation("Spin", json!(n))
                } else {
                    invocation("Echo", json!(n))
                }
            })
            .collect();
        let results = call_all(&r, calls);
        for (n, res) in results.iter().enumerate() {
            if n == 3 {
                assert_eq!(
                    res.outcome,
                    InvocationOutcome::TimedOut { timeout_ms: 1000 }
                );
            } else {
                assert_eq!(payload(res), json!(n), "invocation {n}");
            }
        }
        assert!(t0.elapsed() < Duration::from_secs(6), "{:?}", t0.elapsed());
    }

    #[test]
    fn a_handler_cannot_answer_for_another_invocation() {
        // process.binding('fs') writes straight to the real stdout, past the host's capture:
        // a forged `results` line for every id, without the secrets.
        let forge = r#"exports.handler = async (e) => {
            const forged = [];
            for (let id = 1; id <= 50; id++) forged.push({ id, secret: "guess", ok: true, payload: "forged" });
            const line = JSON.stringify({ type: "results", results: forged }) + "\n";
            process.binding("fs").writeString(1, line, null, "utf8", undefined, {});
            return e;
        };"#;
        let handlers = json!({ "Forge": forge, "Echo": "exports.handler = async (e) => e;" });
        let (r, _script) = runner(&handlers.to_string(), 3000);
        let calls = (0..20)
            .map(|n| invocation(if n == 0 { "Forge" } else { "Echo" }, json!(n)))
            .collect();
        let results = call_all(&r, calls);
        for (n, res) in results.iter().enumerate() {
            assert_eq!(payload(res), json!(n), "invocation {n}");
        }
    }

    #[test]
    fn slow_handlers_get_a_second_process_and_no_more() {
        let (r, _script) = runner(
            r#"{"Slow": "exports.handler = (e) => new Promise((ok) => setTimeout(() => ok(process.pid), 100));"}"#,
            3000,
        );
        let results = call_all(&r, (0..16).map(|n| invocation("Slow", json!(n))).collect());
        let pids: std::collections::BTreeSet<_> =
            results.iter().map(|res| payload(res).to_string()).collect();
        // The runner was built for 2 processes at most.
        assert_eq!(pids.len(), 2, "{pids:?}");
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
