//! One handler-runtime Worker (`static/handler-host.js`, a module Worker started in the
//! handler sandbox, see [`crate::bindings::sandbox`]) and its message protocol: it says
//! `{"type":"ready"}` once, then answers each `{"type":"invoke","id",…}` with one
//! `{"type":"result","id",…}`, all through the Worker's [`Channel`].

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use asl::host::{protocol, InvocationResult};
use futures::channel::oneshot;
use serde_json::Value;
use wasm_bindgen::prelude::*;
use web_sys::MessageEvent;

use crate::bindings::sandbox::Channel;

/// A Worker's answer to one invocation.
#[derive(Debug, Clone, PartialEq)]
pub enum Reply {
    /// The handler ran: it returned a value or failed (read by
    /// [`asl::host::protocol::read_result`]).
    Done(InvocationResult),
    /// The Worker itself failed (could not load, crashed).
    Broken(String),
}

#[derive(Default)]
struct Shared {
    ready: bool,
    broken: Option<String>,
    ready_waiters: Vec<oneshot::Sender<()>>,
    pending: HashMap<u64, oneshot::Sender<Reply>>,
}

impl Shared {
    fn break_with(&mut self, message: String) {
        self.ready_waiters.clear();
        for (_, tx) in self.pending.drain() {
            let _ = tx.send(Reply::Broken(message.clone()));
        }
        self.broken = Some(message);
    }
}

/// A running handler Worker. Dropping it terminates the Worker.
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
        let shared = Rc::new(RefCell::new(Shared::default()));

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
                let mut shared = shared.borrow_mut();
                match protocol::read_message(&text) {
                    protocol::RuntimeMessage::Ready => {
                        shared.ready = true;
                        for tx in shared.ready_waiters.drain(..) {
                            let _ = tx.send(());
                        }
                    }
                    protocol::RuntimeMessage::Result(id, result) => {
                        if let Some(tx) = shared.pending.remove(&id) {
                            let _ = tx.send(Reply::Done(result));
                        }
                    }
                    _ => {}
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

    /// Sends one `invoke` message; the receiver gets the reply.
    pub fn invoke(&self, id: u64, message: &Value) -> Result<oneshot::Receiver<Reply>, String> {
        let text = serde_json::to_string(message).map_err(|e| e.to_string())?;
        let js = js_sys::JSON::parse(&text).map_err(|e| js_message(&e))?;
        let (tx, rx) = oneshot::channel();
        self.shared.borrow_mut().pending.insert(id, tx);
        if let Err(e) = self.channel.port().post_message(&js) {
            self.shared.borrow_mut().pending.remove(&id);
            return Err(js_message(&e));
        }
        Ok(rx)
    }
}
