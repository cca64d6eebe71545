//! One handler-runtime Worker (`static/handler-host.js`, started in the handler sandbox, see
//! [`crate::bindings::sandbox`]) and its message protocol ([`asl::host::protocol`]): it says
//! `{"type":"ready"}` once, then takes batches of invocations (one JSON text message each) and
//! answers with `results` messages, all through the Worker's [`Channel`]. A result counts only
//! with the id and the secret of an invocation sent to this Worker and not answered yet.
//!
//! The Worker runs its invocations one after another, in the order sent: the first one not
//! answered is the one running ([`HandlerWorker::running`]), which the pool's watchdog times.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet, VecDeque};
use std::rc::Rc;

use asl::host::protocol::{self, BatchReply, RuntimeMessage};
use asl::host::InvocationResult;
use futures::channel::oneshot;
use wasm_bindgen::prelude::*;
use web_sys::MessageEvent;

use crate::bindings::browser;
use crate::bindings::sandbox::Channel;

/// A Worker's answer to one invocation.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// The handler ran: it returned a value or failed.
    Done(InvocationResult),
    /// The Worker did not run it (a handler there changed the built-ins it relies on, or the
    /// Worker was stopped because an invocation before it timed out): run it elsewhere.
    Retry,
    /// It ran past its timeout; the Worker was terminated.
    TimedOut,
    /// The Worker itself failed (could not load, crashed).
    Broken(String),
}

/// An invocation sent and not answered yet.
struct Pending {
    secret: String,
    timeout_ms: u64,
    tx: oneshot::Sender<Reply>,
}

struct Shared {
    ready: bool,
    broken: Option<String>,
    /// A handler asked for its invocations to run elsewhere: send it nothing more.
    retired: bool,
    ready_waiters: Vec<oneshot::Sender<()>>,
    pending: HashMap<u64, Pending>,
    /// Ids in the order sent (answered ones are skipped lazily).
    order: VecDeque<u64>,
    /// Since when the first unanswered invocation may have been running (monotonic ms).
    head_since: f64,
    /// Source keys this Worker has been sent.
    sources: HashSet<String>,
    /// When the Worker was asked for (monotonic ms).
    spawned_at: f64,
    /// Lambda's log stream of this execution environment: `YYYY/MM/DD/[`, `]<32 hex digits>`.
    log_stream: (String, String),
    /// Told when a results message leaves nothing pending (the Worker is free again).
    on_idle: Option<Rc<dyn Fn()>>,
}

impl Shared {
    fn break_with(&mut self, message: String) {
        self.ready_waiters.clear();
        self.order.clear();
        for (_, p) in self.pending.drain() {
            let _ = p.tx.send(Reply::Broken(message.clone()));
        }
        self.broken = Some(message);
    }

    /// Drops answered ids from the front; the head changed if the front moved.
    fn advance(&mut self) {
        let mut moved = false;
        while let Some(id) = self.order.front() {
            if self.pending.contains_key(id) {
                break;
            }
            self.order.pop_front();
            moved = true;
        }
        if moved {
            self.head_since = browser::monotonic_ms();
        }
    }

    fn on_text(&mut self, text: &str) {
        match protocol::read_message(text) {
            RuntimeMessage::Ready => {
                self.ready = true;
                // Time spent loading is not the running invocation's.
                self.head_since = browser::monotonic_ms();
                for tx in self.ready_waiters.drain(..) {
                    let _ = tx.send(());
                }
            }
            RuntimeMessage::Results(results) => {
                for mut r in results {
                    let Some(p) = self.pending.get(&r.id) else {
                        continue;
                    };
                    if p.secret != r.secret {
                        continue;
                    }
                    // Task tokens the handler answered: kept before its result is handed on
                    // (its task may ask next).
                    crate::runtime::callbacks::from_handlers(std::mem::take(&mut r.answers));
                    let Some(p) = self.pending.remove(&r.id) else {
                        continue;
                    };
                    let reply = match r.reply {
                        BatchReply::Done(result) => Reply::Done(result),
                        BatchReply::Retry => {
                            self.retired = true;
                            Reply::Retry
                        }
                    };
                    let _ = p.tx.send(reply);
                }
                self.advance();
            }
            RuntimeMessage::Result(..) | RuntimeMessage::Other => {}
        }
    }
}

/// A running handler Worker. Dropping it terminates the Worker (every invocation still pending
/// on it gets [`Reply::Broken`], or nothing if its receiver is gone).
pub struct HandlerWorker {
    channel: Channel,
    shared: Rc<RefCell<Shared>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
}
/// The message of a JavaScript error value (or the value, when it is a string).
pub(crate) fn js_message(value: &JsValue) -> String {
    if let Some(s) = value.as_string() {
        return s;
    }
    if let Some(e) = value.dyn_ref::<js_sys::Error>() {
        return String::from(e.message());
    }
    "unknown error".into()
}

impl HandlerWorker {
    /// Starts a Worker running the script at `url` (relative to the page's base URL) in the
    /// handler sandbox; it is ready when [`HandlerWorker::ready`] completes.
    pub fn spawn(url: &str) -> Result<Self, String> {
        let channel =
            Channel::open(url).map_err(|e| format!("could not start the handler runtime: {e}"))?;
        let stream = format!(
            "{:016x}{:016x}",
            browser::random_u64(),
            browser::random_u64()
        );
        let shared = Rc::new(RefCell::new(Shared {
            ready: false,
            broken: None,
            retired: false,
            ready_waiters: Vec::new(),
            pending: HashMap::new(),
            order: VecDeque::new(),
            head_since: 0.0,
            sources: HashSet::new(),
            spawned_at: browser::monotonic_ms(),
            log_stream: (
                format!("{}/[", browser::utc_date_path()),
                format!("]{stream}"),
            ),
            on_idle: None,
        }));

        let on_message = {
            let shared = shared.clone();
            Closure::<dyn FnMut(MessageEvent)>::new(move |event: MessageEvent| {
                // The runtime writes JSON text; a plain object is accepted too.
                let data = event.data();
                let text = data.as_string().unwrap_or_else(|| {
                    js_sys::JSON::stringify(&data)
                        .ok()
                        .and_then(|s| s.as_string())
                        .unwrap_or_default()
                });
                let idle = {
                    let mut shared = shared.borrow_mut();
                    let had = !shared.pending.is_empty();
                    shared.on_text(&text);
                    if had && shared.pending.is_empty() {
                        shared.on_idle.clone()
                    } else {
                        None
                    }
                };
                if let Some(f) = idle {
                    f();
                }
            })
        };
        {
            let shared = shared.clone();
            channel.on_error(move |message| shared.borrow_mut().break_with(message));
        }
        channel
            .port()
            .set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        Ok(Self {
            channel,
            shared,
            _on_message: on_message,
        })
    }

    /// Completes when the Worker said `ready`; fails if it broke first.
    pub async fn ready(&self) -> Result<(), String> {
        let rx = {
            let mut shared = self.shared.borrow_mut();
            if shared.ready {
                return Ok(());
            }
            if let Some(message) = &shared.broken {
                return Err(message.clone());
            }
            let (tx, rx) = oneshot::channel();
            shared.ready_waiters.push(tx);
            rx
        };
        match rx.await {
            Ok(()) => Ok(()),
            Err(_) => Err(self
                .broken()
                .unwrap_or_else(|| "the handler runtime stopped".into())),
        }
    }

    /// Why the Worker broke, if it did.
    pub fn broken(&self) -> Option<String> {
        self.shared.borrow().broken.clone()
    }

    /// `f` is called each time an answer leaves nothing pending on this Worker.
    pub fn on_idle(&self, f: impl Fn() + 'static) {
        self.shared.borrow_mut().on_idle = Some(Rc::new(f));
    }

    /// Whether new invocations may be sent to it (not broken, not retired).
    pub fn usable(&self) -> bool {
        let shared = self.shared.borrow();
        shared.broken.is_none() && !shared.retired
    }

    /// How many invocations sent to it are not answered yet.
    pub fn in_flight(&self) -> usize {
        self.shared.borrow().pending.len()
    }

    /// The invocation running now, if any: since when (monotonic ms; while the Worker loads,
    /// since it was asked for, and `loading` is true) and its timeout in milliseconds.
    pub fn running(&self) -> Option<Running> {
        let mut shared = self.shared.borrow_mut();
        shared.advance();
        let id = *shared.order.front()?;
        let timeout_ms = shared.pending.get(&id)?.timeout_ms;
        Some(if shared.ready {
            Running {
                since: shared.head_since,
                timeout_ms,
                loading: false,
            }
        } else {
            Running {
                since: shared.spawned_at,
                timeout_ms,
                loading: true,
            }
        })
    }

    /// Whether the source under `key` must go with the next batch (and notes it as sent).
    pub fn needs_source(&self, key: &str) -> bool {
        self.shared.borrow_mut().sources.insert(key.to_string())
    }

    /// `context.logStreamName` for an invocation of `version` on this Worker (one stream per
    /// execution environment, as Lambda has).
    pub fn log_stream(&self, version: &str) -> String {
        let shared = self.shared.borrow();
        format!("{}{version}{}", shared.log_stream.0, shared.log_stream.1)
    }

    /// Sends one batch (`text`, built with [`protocol::BatchRequest`]) of the invocations
    /// `calls` (id, secret, timeout, where the reply goes). If it cannot be sent, the Worker is
    /// broken and they get [`Reply::Broken`].
    pub fn send(&self, text: &str, calls: Vec<(u64, String, u64, oneshot::Sender<Reply>)>) {
        {
            let mut shared = self.shared.borrow_mut();
            shared.advance();
            if shared.order.is_empty() {
                shared.head_since = browser::monotonic_ms();
            }
            for (id, secret, timeout_ms, tx) in calls {
                if let Some(message) = &shared.broken {
                    let _ = tx.send(Reply::Broken(message.clone()));
                    continue;
                }
                shared.pending.insert(
                    id,
                    Pending {
                        secret,
                        timeout_ms,
                        tx,
                    },
                );
                shared.order.push_back(id);
            }
            if shared.broken.is_some() {
                return;
            }
        }
        if let Err(e) = self.channel.port().post_message(&JsValue::from_str(text)) {
            self.shared.borrow_mut().break_with(js_message(&e));
        }
    }

    /// The running invocation ran past its timeout: it gets [`Reply::TimedOut`], the others
    /// pending here [`Reply::Retry`] (they have not run), and the Worker will take no more (drop
    /// it to terminate it).
    pub fn time_out(&self) {
        let mut shared = self.shared.borrow_mut();
        shared.advance();
        let head = shared.order.pop_front();
        shared.order.clear();
        shared.retired = true;
        let pending = std::mem::take(&mut shared.pending);
        drop(shared);
        for (id, p) in pending {
            let reply = if Some(id) == head {
                Reply::TimedOut
            } else {
                Reply::Retry
            };
            let _ = p.tx.send(reply);
        }
    }

    /// The Worker did not start in time: every invocation pending here fails with `message`.
    pub fn fail(&self, message: String) {
        self.shared.borrow_mut().break_with(message);
    }
}

/// The invocation a Worker is running (see [`HandlerWorker::running`]).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Running {
    /// Since when (monotonic milliseconds).
    pub since: f64,
    /// Its function's timeout.
    pub timeout_ms: u64,
    /// The Worker has not said `ready` yet (`since` is when it was asked for).
    pub loading: bool,
}

impl Drop for HandlerWorker {
    fn drop(&mut self) {
        let mut shared = self.shared.borrow_mut();
        if shared.broken.is_none() {
            shared.break_with("the handler runtime was stopped".into());
        }
    }
}
