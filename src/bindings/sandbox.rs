//! The handler sandbox: where user handlers run, fenced off from the page.
//!
//! One hidden `<iframe sandbox="allow-scripts">` (no `allow-same-origin`) loads
//! `static/handler-frame.html`: its origin is opaque, so nothing started there can reach the
//! page's origin (its storage, cookies, DOM), and its Content-Security-Policy (inherited by the
//! Workers it starts) forbids every network connection and every script that is not a Blob URL
//! made there. An opaque origin cannot start a Worker from a URL on the server, so the page
//! fetches `handler-host.js` once and hands its text to the frame, which starts each Worker
//! from a Blob URL of it. (Under the service worker, for offline use, the frame is loaded
//! as `allow-same-origin` and sent by the worker with a `Content-Security-Policy: sandbox
//! allow-scripts` header, which makes its origin opaque all the same: see `Frame::create`.)
//!
//! Each Worker gets one end of a `MessageChannel` (sent through the frame once); the page keeps
//! the other end ([`Channel`]) and talks to the Worker directly, with no hop through the frame.
//! The frame only starts Workers, reports the ones that fail to start, and terminates them when
//! asked (a [`Channel`] dropped). The frame and the source are loaded when the first channel
//! is asked for (the Worker pool warms up at start-up), and Workers asked for earlier are
//! started as soon as both are there.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use js_sys::{Array, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{HtmlIFrameElement, MessageChannel, MessageEvent, MessagePort};

use crate::bindings::browser::fetch_text;
use crate::bindings::worker::js_message as message;

/// The sandbox frame's document, relative to the page's base URL.
pub const FRAME_URL: &str = "./handler-frame.html";

/// What the page knows of the handler runtime's source.
enum Source {
    Loading,
    /// Loaded; `sent` once handed to the frame.
    Loaded {
        text: String,
        sent: bool,
    },
    Failed(String),
}

type ErrorHandler = Rc<RefCell<dyn FnMut(String)>>;

/// The one sandbox frame of the page.
struct Frame {
    iframe: HtmlIFrameElement,
    /// The frame's script runs and listens.
    ready: bool,
    source: Source,
    /// Workers asked for before the frame and the source were there: (id, the Worker's port).
    waiting: Vec<(u64, MessagePort)>,
    on_error: HashMap<u64, ErrorHandler>,
    next_id: u64,
    _listener: gloo::events::EventListener,
}

thread_local! {
    static FRAME: RefCell<Option<Frame>> = const { RefCell::new(None) };
}

/// `{type, …fields}` as a JavaScript object.
fn object(kind: &str, fields: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    let _ = Reflect::set(&o, &"type".into(), &kind.into());
    for (k, v) in fields {
        let _ = Reflect::set(&o, &(*k).into(), v);
    }
    o.into()
}

fn string_field(value: &JsValue, name: &str) -> Option<String> {
    Reflect::get(value, &name.into()).ok()?.as_string()
}

impl Frame {
    /// Creates the iframe (hidden), starts loading `script_url`, listens to the frame.
    fn create(script_url: &str) -> Result<Self, String> {
        let window = web_sys::window().ok_or("no window")?;
        let document = window.document().ok_or("no document")?;
        let iframe: HtmlIFrameElement = document
            .create_element("iframe")
            .map_err(|e| message(&e))?
            .dyn_into()
            .map_err(|_| "not an iframe".to_string())?;
        // Under the service worker (offline use), Chromium would send a sandboxed frame's
        // navigation past it: the frame is then loaded as `allow-same-origin`, and the worker
        // makes its origin opaque with a `Content-Security-Policy: sandbox allow-scripts`
        // header (static/sw.js); the frame's script starts nothing if its origin is not
        // opaque (static/handler-frame.html).
        let sandbox = if super::offline::controlled() {
            "allow-scripts allow-same-origin"
        } else {
            "allow-scripts"
        };
        let _ = iframe.set_attribute("sandbox", sandbox);
        let _ = iframe.set_attribute("hidden", "");
        let _ = iframe.set_attribute("aria-hidden", "true");
        let _ = iframe.set_attribute("tabindex", "-1");
        let _ = iframe.set_attribute("title", "handler sandbox");
        let _ = iframe.set_attribute("data-testid", "handler-sandbox");
        let listener = gloo::events::EventListener::new(&window, "message", |event| {
            if let Some(event) = event.dyn_ref::<MessageEvent>() {
                on_frame_message(event);
            }
        });
        iframe.set_src(FRAME_URL);
        document
            .body()
            .ok_or("no document body")?
            .append_child(&iframe)
            .map_err(|e| message(&e))?;
        let url = script_url.to_string();
        wasm_bindgen_futures::spawn_local(async move {
            let source = match fetch_text(&url).await {
                Ok(text) => Source::Loaded { text, sent: false },
                Err(e) => Source::Failed(format!("could not load the handler runtime: {e}")),
            };
            with_frame(|frame| frame.source = source);
            flush();
        });
        Ok(Self {
            iframe,
            ready: false,
            source: Source::Loading,
            waiting: Vec::new(),
            on_error: HashMap::new(),
            next_id: 1,
            _listener: listener,
        })
    }

    /// Posts `msg` to the frame's window (its origin is opaque: no target origin can name it).
    fn post(&self, msg: &JsValue, transfer: Option<&MessagePort>) -> Result<(), String> {
        let target = self
            .iframe
            .content_window()
            .ok_or("the handler sandbox is gone")?;
        match transfer {
            Some(port) => target.post_message_with_transfer(msg, "*", &Array::of1(port)),
            None => target.post_message(msg, "*"),
        }
        .map_err(|e| message(&e))
    }

    /// Hands the source and the waiting Workers to the frame once both are there; returns the
    /// error handlers of Workers that cannot start.
    fn flush(&mut self) -> Vec<(ErrorHandler, String)> {
        if let Source::Failed(e) = &self.source {
            let ids: Vec<u64> = self.waiting.drain(..).map(|(id, _)| id).collect();
            return ids
                .into_iter()
                .filter_map(|id| self.on_error.get(&id).cloned().map(|h| (h, e.clone())))
                .collect();
        }
        if !self.ready {
            return Vec::new();
        }
        let Source::Loaded { text, sent } = &mut self.source else {
            return Vec::new();
        };
        if !*sent {
            let msg = object("source", &[("text", JsValue::from_str(text))]);
            *sent = true;
            if let Err(e) = self.post(&msg, None) {
                self.source = Source::Failed(e);
                return self.flush();
            }
        }
        let mut failed = Vec::new();
        for (id, port) in std::mem::take(&mut self.waiting) {
            let msg = object("start", &[("id", JsValue::from_f64(id as f64))]);
            if let Err(e) = self.post(&msg, Some(&port)) {
                if let Some(h) = self.on_error.get(&id) {
                    failed.push((h.clone(), e));
                }
            }
        }
        failed
    }
}

fn with_frame<R>(f: impl FnOnce(&mut Frame) -> R) -> Option<R> {
    FRAME.with(|frame| frame.borrow_mut().as_mut().map(f))
}

/// Starts what can start; tells the Workers that cannot why (outside the frame's borrow).
fn flush() {
    for (handler, e) in with_frame(Frame::flush).unwrap_or_default() {
        (handler.borrow_mut())(e);
    }
}

fn on_frame_message(event: &MessageEvent) {
    let from_frame = with_frame(|frame| {
        let window = frame.iframe.content_window();
        matches!((event.source(), window), (Some(s), Some(w)) if Object::is(&s, &w))
    });
    if from_frame != Some(true) {
        return;
    }
    let data = event.data();
    match string_field(&data, "type").as_deref() {
        Some("frame-ready") => {
            with_frame(|frame| frame.ready = true);
            flush();
        }
        Some("worker-error") => {
            let id = Reflect::get(&data, &"id".into())
                .ok()
                .and_then(|v| v.as_f64())
                .unwrap_or(-1.0);
            let text = string_field(&data, "message")
                .unwrap_or_else(|| "the handler runtime could not be loaded".into());
            let handler = with_frame(|frame| frame.on_error.get(&(id as u64)).cloned()).flatten();
            if let Some(handler) = handler {
                (handler.borrow_mut())(text);
            }
        }
        _ => {}
    }
}

/// The page's end of the channel to one handler Worker in the sandbox. Dropping it terminates
/// the Worker.
pub struct Channel {
    id: u64,
    port: MessagePort,
}

impl Channel {
    /// Starts a Worker running the handler runtime at `script_url` (relative to the page's base
    /// URL) in the sandbox frame, creating the frame first if needed. The Worker answers on
    /// [`Channel::port`]; messages posted before it runs wait in the port.
    pub fn open(script_url: &str) -> Result<Self, String> {
        let created = FRAME.with(|frame| -> Result<(), String> {
            let mut frame = frame.borrow_mut();
            if frame.is_none() {
                *frame = Some(Frame::create(script_url)?);
            }
            Ok(())
        });
        created.map_err(|e| format!("could not start the handler sandbox: {e}"))?;
        let channel = MessageChannel::new().map_err(|e| message(&e))?;
        let id = with_frame(|frame| -> Result<u64, String> {
            if let Source::Failed(e) = &frame.source {
                return Err(e.clone());
            }
            let id = frame.next_id;
            frame.next_id += 1;
            frame.waiting.push((id, channel.port2()));
            Ok(id)
        })
        .ok_or("the handler sandbox is gone")??;
        flush();
        Ok(Self {
            id,
            port: channel.port1(),
        })
    }

    /// The port the Worker listens and answers on.
    pub fn port(&self) -> &MessagePort {
        &self.port
    }

    /// `f` hears why the Worker failed, if it could not start or broke outside a handler.
    pub fn on_error(&self, f: impl FnMut(String) + 'static) {
        let handler: ErrorHandler = Rc::new(RefCell::new(f));
        with_frame(|frame| frame.on_error.insert(self.id, handler));
    }
}

impl Drop for Channel {
    fn drop(&mut self) {
        self.port.set_onmessage(None);
        self.port.close();
        let id = self.id;
        with_frame(|frame| {
            frame.on_error.remove(&id);
            let before = frame.waiting.len();
            frame.waiting.retain(|(waiting, _)| *waiting != id);
            if frame.waiting.len() == before {
                let msg = object("terminate", &[("id", JsValue::from_f64(id as f64))]);
                let _ = frame.post(&msg, None);
            }
        });
    }
}
