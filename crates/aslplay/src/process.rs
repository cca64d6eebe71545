//! A Node.js child process running the handler host (`static/handler-host.js`): started
//! without waiting for it, fed batches of request lines by a writer thread (so a handler
//! that blocks its host never blocks the interpreter), and read by a reader thread that
//! hands over every complete line of each read at once.

use std::io::{Read, Write};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Sender};
use std::thread;

use asl::host::protocol::RuntimeMessage;

use crate::protocol;

/// A running Node.js handler host.
pub struct NodeProcess {
    child: Child,
    /// Batches of request lines for the writer thread.
    writer: Sender<Vec<u8>>,
}

impl NodeProcess {
    /// Starts `node script`. The reader thread calls `on_replies` with the replies of each
    /// read (in order), then `on_closed` once the process closed its stdout (it exited or
    /// was killed).
    pub fn spawn(
        node: &Path,
        script: &Path,
        mut on_replies: impl FnMut(Vec<RuntimeMessage>) + Send + 'static,
        on_closed: impl FnOnce() + Send + 'static,
    ) -> Result<Self, String> {
        let mut command = Command::new(node);
        // Lambda's environment, not the CLI user's: the host empties `process.env` for the
        // handlers anyway, and what Node.js itself reads from the environment at start
        // (`NODE_OPTIONS`, `NODE_EXTRA_CA_CERTS`: parsing a CA bundle costs ~40 ms of every
        // start) is not for the handler host. `PATH` stays for an `ASLPLAY_NODE` wrapper.
        command.env_clear().env("TZ", ":UTC");
        if let Some(path) = std::env::var_os("PATH") {
            command.env("PATH", path);
        }
        let mut child = command
            .arg(script)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", node.display()))?;
        let (Some(mut stdin), Some(mut stdout)) = (child.stdin.take(), child.stdout.take()) else {
            let _ = child.kill();
            let _ = child.wait();
            return Err("cannot connect to the Node.js process".into());
        };
        let (writer, batches) = mpsc::channel::<Vec<u8>>();
        thread::spawn(move || {
            // Whatever queued up while the last write ran goes out in one write.
            while let Ok(mut batch) = batches.recv() {
                while let Ok(more) = batches.try_recv() {
                    batch.extend_from_slice(&more);
                }
                if stdin.write_all(&batch).is_err() {
                    return;
                }
            }
        });
        thread::spawn(move || {
            let mut chunk = vec![0u8; 1 << 16];
            let mut pending: Vec<u8> = Vec::new();
            loop {
                let n = match stdout.read(&mut chunk) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                pending.extend_from_slice(&chunk[..n]);
                let Some(last) = pending.iter().rposition(|&b| b == b'\n') else {
                    continue;
                };
                let replies: Vec<RuntimeMessage> = pending[..last]
                    .split(|&b| b == b'\n')
                    .filter(|line| !line.iter().all(u8::is_ascii_whitespace))
                    .map(protocol::reply)
                    .collect();
                pending.drain(..=last);
                if !replies.is_empty() {
                    on_replies(replies);
                }
            }
            on_closed();
        });
        Ok(Self { child, writer })
    }

    /// Hands `batch` (whole request lines) to the writer thread; `false` if it is gone.
    pub fn send(&self, batch: Vec<u8>) -> bool {
        self.writer.send(batch).is_ok()
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
