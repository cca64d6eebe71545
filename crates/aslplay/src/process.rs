//! A Node.js child process running the handler host (`static/handler-host.js`): started,
//! fed request lines on stdin, read by a thread that turns stdout lines into messages (and
//! wakes the invocation waiting for them), and killed.

use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, TryRecvError};
use std::sync::{Arc, Mutex};
use std::task::Waker;
use std::thread;
use std::time::{Duration, Instant};

use crate::protocol;

/// How long a fresh Node.js process may take to say `ready`.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(15);

/// What the reader thread sees on the process's stdout.
pub enum Message {
    /// One line (without its newline).
    Line(String),
    /// The process closed its stdout (it exited).
    Closed,
}

/// A running Node.js handler host.
pub struct NodeProcess {
    child: Child,
    stdin: ChildStdin,
    lines: Receiver<Message>,
    /// Woken by the reader thread when a line arrives.
    waker: Arc<Mutex<Option<Waker>>>,
    /// The Lambda log stream name of this "container".
    pub log_stream: String,
}

impl NodeProcess {
    /// Starts `node script` and waits (blocking, at most 15 s) for its `ready` message.
    pub fn start(node: &Path, script: &Path, log_stream: String) -> Result<Self, String> {
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
        let waker: Arc<Mutex<Option<Waker>>> = Arc::new(Mutex::new(None));
        let wake = Arc::clone(&waker);
        thread::spawn(move || {
            let notify = |message| {
                let sent = tx.send(message).is_ok();
                if let Some(w) = wake.lock().ok().and_then(|mut w| w.take()) {
                    w.wake();
                }
                sent
            };
            let mut reader = BufReader::new(stdout);
            loop {
                let mut buf = Vec::new();
                match reader.read_until(b'\n', &mut buf) {
                    Ok(0) | Err(_) => {
                        notify(Message::Closed);
                        return;
                    }
                    Ok(_) => {
                        let line = String::from_utf8_lossy(&buf).trim_end().to_string();
                        if !notify(Message::Line(line)) {
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
            waker,
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

    /// Sends one message line.
    pub fn send(&mut self, message: &serde_json::Value) -> std::io::Result<()> {
        let mut line = message.to_string();
        line.push('\n');
        self.stdin.write_all(line.as_bytes())?;
        self.stdin.flush()
    }

    /// The next message the process wrote, if one is waiting; `waker` is woken when another
    /// arrives. `None` when nothing is waiting.
    pub fn next_message(&mut self, waker: &Waker) -> Option<Message> {
        if let Ok(mut w) = self.waker.lock() {
            *w = Some(waker.clone());
        }
        match self.lines.try_recv() {
            Ok(m) => Some(m),
            Err(TryRecvError::Empty) => None,
            Err(TryRecvError::Disconnected) => Some(Message::Closed),
        }
    }

    /// Kills the process (if still running) and reaps it; returns how it ended.
    pub fn stop(&mut self) -> String {
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
