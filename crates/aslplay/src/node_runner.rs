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
    Invocation, InvocationOutcome, InvocationResult, LocalBoxFuture, LogLine, TaskRunner,
};
use serde_json::{json, Value};

use crate::handlers::Handlers;

/// The handler host script, embedded so the binary works from any directory.
pub const HOST_SCRIPT: &str = include_str!("../../../static/handler-host.js");

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
                    if message_type(&line).as_deref() == Some("ready") {
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

/// The `"type"` of a protocol message line, if it is one.
fn message_type(line: &str) -> Option<String> {
    let v: Value = serde_json::from_str(line).ok()?;
    v.get("type")?.as_str().map(str::to_string)
}

/// A [`TaskRunner`] that runs the handlers of a [`Handlers`] table in Node.js.
pub struct NodeRunner {
    handlers: Handlers,
    node: PathBuf,
    script: PathBuf,
    timeout: Duration,
    process: RefCell<Option<NodeProcess>>,
    next_id: Cell<u64>,
    seed: Cell<u64>,
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
            seed: Cell::new(seed_from_time()),
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
            let request = self.request(id, invocation, code, &process.log_stream);
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
            let (outcome, keep) = self.await_result(process, id, invocation, started);
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
        started: Instant,
    ) -> (InvocationResult, bool) {
        let deadline = started + self.timeout;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match process.lines.recv_timeout(left) {
                Ok(Message::Line(line)) => {
                    let Ok(msg) = serde_json::from_str::<Value>(&line) else {
                        continue;
                    };
                    if msg.get("type").and_then(Value::as_str) != Some("result")
                        || msg.get("id").and_then(Value::as_u64) != Some(id)
                    {
                        continue;
                    }
                    return (parse_result(&msg, started), true);
                }
                Ok(Message::Closed) | Err(RecvTimeoutError::Disconnected) => {
                    let status = process.stop();
                    let message = format!(
                        "RequestId: {} Error: Runtime exited with error: {status}",
                        invocation.request_id
                    );
                    return (
                        runtime_failure("Runtime.ExitError", &message, started),
                        false,
                    );
                }
                Err(RecvTimeoutError::Timeout) => {
                    process.stop();
                    let timeout_ms = u64::try_from(self.timeout.as_millis()).unwrap_or(u64::MAX);
                    let elapsed = started.elapsed().as_secs_f64() * 1000.0;
                    return (
                        result(InvocationOutcome::TimedOut { timeout_ms }, vec![], elapsed),
                        false,
                    );
                }
            }
        }
    }

    /// The `invoke` message for one invocation.
    fn request(&self, id: u64, invocation: &Invocation, code: &str, log_stream: &str) -> Value {
        let name = &invocation.function_name;
        let version = match &invocation.qualifier {
            Some(q) if !q.is_empty() && q.bytes().all(|b| b.is_ascii_digit()) => q.clone(),
            _ => "$LATEST".to_string(),
        };
        json!({
            "type": "invoke",
            "id": id,
            "code": code,
            "event": invocation.payload,
            "context": {
                "functionName": name,
                "functionVersion": version,
                "invokedFunctionArn": invocation.invoked_arn,
                "memoryLimitInMB": 128,
                "awsRequestId": invocation.request_id,
                "logGroupName": format!("/aws/lambda/{name}"),
                "logStreamName": log_stream,
                "timeoutMs": u64::try_from(self.timeout.as_millis()).unwrap_or(u64::MAX),
            }
        })
    }

    /// A log stream name like Lambda's: `2026/11/25/[$LATEST]<32 hex digits>`.
    fn log_stream_name(&self) -> String {
        let mut hex = String::new();
        for _ in 0..2 {
            let s = self.seed.get().wrapping_add(0x9E37_79B9_7F4A_7C15);
            self.seed.set(s);
            let mut z = s;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            hex.push_str(&format!("{:016x}", z ^ (z >> 31)));
        }
        format!("{}/[$LATEST]{hex}", crate::clock::utc_date_path())
    }
}

impl TaskRunner for NodeRunner {
    fn invoke(&self, invocation: Invocation) -> LocalBoxFuture<'_, InvocationResult> {
        Box::pin(async move { self.run(&invocation) })
    }
}

/// The embedded handler host written to a temporary file for the run; removed on drop.
pub struct HostScript {
    /// Where it is.
    pub path: PathBuf,
}

impl HostScript {
    /// Writes the script to a fresh file in the temporary directory.
    pub fn write() -> Result<Self, String> {
        let path = std::env::temp_dir().join(format!(
            "aslplay-handler-host-{}-{}.cjs",
            std::process::id(),
            seed_from_time() & 0xFFFF_FFFF
        ));
        std::fs::write(&path, HOST_SCRIPT)
            .map_err(|e| format!("cannot write the handler host to {}: {e}", path.display()))?;
        Ok(Self { path })
    }
}

impl Drop for HostScript {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

fn seed_from_time() -> u64 {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    nanos ^ (u64::from(std::process::id()) << 32)
}

fn result(outcome: InvocationOutcome, logs: Vec<LogLine>, duration_ms: f64) -> InvocationResult {
    InvocationResult {
        outcome,
        logs,
        duration_ms,
    }
}

/// A failure the runtime itself reports (not the handler's own error).
fn runtime_failure(error_type: &str, message: &str, started: Instant) -> InvocationResult {
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

/// Turns a `result` message into an [`InvocationResult`].
fn parse_result(msg: &Value, started: Instant) -> InvocationResult {
    let logs = msg
        .get("logs")
        .and_then(Value::as_array)
        .map(|lines| {
            lines
                .iter()
                .map(|l| LogLine {
                    level: text(l.get("level")).unwrap_or_else(|| "log".into()),
                    message: text(l.get("message")).unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    let duration_ms = msg
        .get("durationMs")
        .and_then(Value::as_f64)
        .filter(|d| d.is_finite() && *d >= 0.0)
        .unwrap_or_else(|| started.elapsed().as_secs_f64() * 1000.0);
    let outcome = if msg.get("ok").and_then(Value::as_bool) == Some(true) {
        InvocationOutcome::Succeeded {
            payload: msg.get("payload").cloned().unwrap_or(Value::Null),
        }
    } else {
        let error = msg.get("error").cloned().unwrap_or(Value::Null);
        InvocationOutcome::Failed {
            error_type: text(error.get("errorType")).unwrap_or_else(|| "Error".into()),
            error_message: text(error.get("errorMessage")).unwrap_or_default(),
            trace: error
                .get("trace")
                .and_then(Value::as_array)
                .map(|t| t.iter().filter_map(|l| text(Some(l))).collect())
                .unwrap_or_default(),
        }
    };
    result(outcome, logs, duration_ms)
}

/// A JSON value as text: strings as they are, other scalars in JSON notation.
fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_success() {
        let msg = json!({"type":"result","id":1,"ok":true,"payload":["a"],
            "logs":[{"level":"info","message":"hi"}],"durationMs":1.5});
        let r = parse_result(&msg, Instant::now());
        assert_eq!(
            r.outcome,
            InvocationOutcome::Succeeded {
                payload: json!(["a"])
            }
        );
        assert_eq!(r.logs[0].level, "info");
        assert_eq!(r.duration_ms, 1.5);
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

    #[test]
    fn host_script_is_embedded() {
        assert!(HOST_SCRIPT.contains("\"ready\""));
    }
}
