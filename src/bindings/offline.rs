//! Offline use: `static/offline.js` registers the service worker and sets
//! `globalThis.AslOffline = { build, updateWaiting, controlled, applyUpdate() }`, firing the window event
//! `asl-playground-update` when a newer build is waiting (docs/hosting.md). Read through
//! `Reflect`, so a page without the script (or without service workers) just has no updates.

use wasm_bindgen::{JsCast, JsValue};

/// The event `static/offline.js` fires when a newer build is waiting.
const UPDATE_EVENT: &str = "asl-playground-update";

fn offline() -> Option<JsValue> {
    let value = js_sys::Reflect::get(&js_sys::global(), &JsValue::from_str("AslOffline")).ok()?;
    (!value.is_undefined() && !value.is_null()).then_some(value)
}

/// This page's build id (empty under `trunk serve`: none).
pub fn build_id() -> Option<String> {
    let build = js_sys::Reflect::get(&offline()?, &JsValue::from_str("build"))
        .ok()?
        .as_string()?;
    (!build.is_empty()).then_some(build)
}

/// Whether a newer build is installed and waiting for this page to reload.
pub fn update_waiting() -> bool {
    offline()
        .and_then(|o| js_sys::Reflect::get(&o, &JsValue::from_str("updateWaiting")).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Whether this site's service worker answers the page's requests (it then also answers
/// the handler sandbox frame's navigation: see [`crate::bindings::sandbox`]).
pub fn controlled() -> bool {
    offline()
        .and_then(|o| js_sys::Reflect::get(&o, &JsValue::from_str("controlled")).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// Activates the waiting build and reloads the page (the work is autosaved).
pub fn apply_update() {
    let apply = offline().and_then(|o| {
        let f = js_sys::Reflect::get(&o, &JsValue::from_str("applyUpdate")).ok()?;
        Some((o, f.dyn_into::<js_sys::Function>().ok()?))
    });
    match apply {
        Some((o, f)) => {
            let _ = f.call0(&o);
        }
        None => {
            if let Some(w) = web_sys::window() {
                let _ = w.location().reload();
            }
        }
    }
}

/// Calls `f` when a newer build starts waiting.
pub fn on_update_waiting(f: impl Fn() + 'static) -> Option<gloo::events::EventListener> {
    let window = web_sys::window()?;
    Some(gloo::events::EventListener::new(
        &window,
        UPDATE_EVENT,
        move |_| f(),
    ))
}
