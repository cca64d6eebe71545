//! Runs Lambda handlers in a Node.js child process that executes `static/handler-host.js`.
//!
//! The process speaks the handler host's protocol: newline-delimited JSON, `invoke` requests on
//! its stdin, `ready` and `result` messages on its stdout (see the top of handler-host.js). One
//! invocation runs at a time. A reader thread turns stdout lines into channel messages so that
//! waiting for a result has a deadline: past the function's timeout the process is killed,
//! the invocation ends as [`InvocationOutcome::TimedOut`], and the next invocation starts a fresh
//! process (a cold start, as Lambda does after a timeout).
//!
//! The invocation future does its work when first polled and blocks the calling thread
//! meanwhile: the CLI drives one execution on one thread and the runtime handles one
//! invocation at a time anyway, so concurrent Map iterations are simply serialised.

use std::cell::{Cell, RefCell};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError};
use std::thread;
use std::time::{Duration, Instant};

use asl::host::{
    Invocation, InvocationOutcome, InvocationResult, LocalBoxFuture, Rng, SplitMix64, TaskRunner,
};

use crate::handlers::Handlers;
use crate::protocol::{self, result, runtime_failure};

/// How long a fresh Node.js process may take to say `ready`.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(15);

/// What the reader thread sees on the process's stdout.
enum Message {
    /// One line (without its newline).
    Line(String),
    /// The process closed its stdout (it exited).
    Closed,
}

/// A running Node.js handler host.
struct NodeProcess {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<Message>,
    log_stream: String,
}

impl NodeProcess {
    /// Starts `node script` and waits for its `ready` message.
    fn start(node: &Path, script: &Path, log_stream: String) -> Result<Self, String> {
        let mut child = Command::new(node)
            .arg(script)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", node.display()))?;
        let (Some(stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err("cannot connect to the Node.js process".into());
        };
        let (tx, lines) = mpsc::channel();
        thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut buf = Vec::new();
                match reader.read_until(b'\n', &mut buf) {
                    Ok(0) | Err(_) => {
                        let _ = tx.send(Message::Closed);
                        return;
                    }
                    Ok(_) => {
                        let line = String::from_utf8_lossy(&buf).trim_end().to_string();
                        if tx.send(Message::Line(line)).is_err() {
                            return;
                        }
                    }
                }
            }
        });
        let mut process = NodeProcess {
            child,
            stdin,
            lines,
            log_stream,
        };
        let deadline = Instant::now() + STARTUP_TIMEOUT;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match process.lines.recv_timeout(left) {
                Ok(Message::Line(line)) => {
                    if protocol::message_type(&line).as_deref() == Some("ready") {
                        return Ok(process);
                    }
                }
                Ok(Message::Closed) | Err(RecvTimeoutError::Disconnected) => {
                    let status = process.stop();
                    return Err(format!(
                        "the Node.js handler host exited at startup ({status})"
                    ));
                }
                Err(RecvTimeoutError::Timeout) => {
                    process.stop();
                    return Err("the Node.js handler host did not start in time".into());
                }
            }
        }
    }

    /// Kills the process (if still running) and reaps it; returns how it ended.
    fn stop(&mut self) -> String {
        let _ = self.child.kill();
        match self.child.wait() {
            Ok(status) => match status.code() {
                Some(code) => format!("exit status {code}"),
                None => "killed by a signal".into(),
            },
            Err(e) => e.to_string(),
        }
    }
}

impl Drop for NodeProcess {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A [`TaskRunner`] that runs the handlers of a [`Handlers`] table in Node.js.
pub struct NodeRunner {
    handlers: Handlers,
    node: PathBuf,
    script: PathBuf,
    timeout: Duration,
    process: RefCell<Option<NodeProcess>>,
    next_id: Cell<u64>,
    rng: SplitMix64,
    print_logs: bool,
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
            process: RefCell::new(None),
            next_id: Cell::new(0),
            rng: SplitMix64::new(crate::clock::entropy()),
            print_logs,
        }
    }

    /// Runs one invocation to its end; never panics.
    fn run(&self, invocation: &Invocation) -> InvocationResult {
        let started = Instant::now();
        let Some(code) = self.handlers.find(invocation) else {
            return result(InvocationOutcome::FunctionNotFound, vec![], 0.0);
        };
        let result = self.run_code(invocation, code, started);
        if self.print_logs {
            for line in &result.logs {
                eprintln!(
                    "[{} {}] {}: {}",
                    invocation.function_name, invocation.request_id, line.level, line.message
                );
            }
        }
        result
    }

    fn run_code(&self, invocation: &Invocation, code: &str, started: Instant) -> InvocationResult {
        let id = self.next_id.get() + 1;
        self.next_id.set(id);
        let mut slot = self.process.borrow_mut();
        // A process whose stdin is gone (it died between invocations) is replaced once.
        for attempt in 0..2 {
            if slot.is_none() {
                match NodeProcess::start(&self.node, &self.script, self.log_stream_name()) {
                    Ok(p) => *slot = Some(p),
                    Err(e) => return runtime_failure("Runtime.Unknown", &e, started),
                }
            }
            let Some(process) = slot.as_mut() else {
                continue;
            };
            let request =
                protocol::request(id, invocation, code, &process.log_stream, self.timeout);
            let mut line = request.to_string();
            line.push('\n');
            let written = process
                .stdin
                .write_all(line.as_bytes())
                .and_then(|()| process.stdin.flush());
            if written.is_err() {
                *slot = None;
                if attempt == 0 {
                    continue;
                }
                return runtime_failure(
                    "Runtime.Unknown",
                    "cannot send the invocation to the Node.js handler host",
                    started,
                );
            }
            // The function's time starts now: a cold start does not count (Lambda's init
            // phase has its own limit), so a loaded machine does not time handlers out.
            let sent = Instant::now();
            let (outcome, keep) = self.await_result(process, id, invocation, sent);
            if !keep {
                *slot = None;
            }
            return outcome;
        }
        runtime_failure(
            "Runtime.Unknown",
            "the Node.js handler host is unavailable",
            started,
        )
    }

    /// Waits for the result of request `id`; the flag says whether the process may be reused.
    fn await_result(
        &self,
        process: &mut NodeProcess,
        id: u64,
        invocation: &Invocation,
        sent: Instant,
    ) -> (InvocationResult, bool) {
        let deadline = sent + self.timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match process.lines.recv_timeout(left) {
                Ok(Message::Line(line)) => {
                    if let Some(msg) = protocol::result_for(&line, id) {
                        return (protocol::parse_result(&msg, sent), true);
                    }
                }
                Ok(Message::Closed) | Err(RecvTimeoutError::Disconnected) => {
                    let status = process.stop();
                    let message = format!(
                        "RequestId: {} Error: Runtime exited with error: {status}",
                        invocation.request_id
                    );
                    return (runtime_failure("Runtime.ExitError", &message, sent), false);
                }
                Err(RecvTimeoutError::Timeout) => {
                    process.stop();
                    let timeout_ms = u64::try_from(self.timeout.as_millis()).unwrap_or(u64::MAX);
                    let elapsed = sent.elapsed().as_secs_f64() * 1000.0;
                    return (
                        result(InvocationOutcome::TimedOut { timeout_ms }, vec![], elapsed),
                        false,
                    );
                }
            }
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
}

impl TaskRunner for NodeRunner {
    fn invoke(&self, invocation: Invocation) -> LocalBoxFuture<'_, InvocationResult> {
        Box::pin(async move { self.run(&invocation) })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host_script::HostScript;
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

    fn call(r: &NodeRunner, name: &str, payload: Value) -> InvocationResult {
        r.run(&Invocation {
            function_name: name.into(),
            invoked_arn: format!("arn:aws:lambda:us-east-1:123456789012:function:{name}"),
            qualifier: None,
            payload,
            request_id: "req-1".into(),
        })
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
}
