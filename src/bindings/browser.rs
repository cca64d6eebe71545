//! Small browser facts: wall-clock time, a monotonic timer, random bits.

/// Milliseconds since the Unix epoch (`Date.now()`).
pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// A monotonic timestamp in milliseconds (`performance.now()`), or `Date.now()` without it.
pub fn monotonic_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map_or_else(now_ms, |p| p.now())
}

/// Completes in a later task of the page's event loop (a message the page posts to itself,
/// which the browser does not hold back as it holds back nested timers), so that a long
/// computation lets the page draw and take input between its slices.
pub async fn next_task() {
    use wasm_bindgen::JsCast;
    let Ok(channel) = web_sys::MessageChannel::new() else {
        return;
    };
    let (done, wait) = futures::channel::oneshot::channel::<()>();
    let on_message = wasm_bindgen::closure::Closure::once_into_js(move || {
        let _ = done.send(());
    });
    channel
        .port1()
        .set_onmessage(Some(on_message.unchecked_ref()));
    if channel
        .port2()
        .post_message(&wasm_bindgen::JsValue::NULL)
        .is_err()
    {
        return;
    }
    let _ = wait.await;
    channel.port1().set_onmessage(None);
}

/// 64 random bits (`Math.random()`; not for secrets).
pub fn random_u64() -> u64 {
    let hi = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    let lo = (js_sys::Math::random() * 4_294_967_296.0) as u64;
    (hi << 32) ^ lo
}

/// Calls `f` once before the browser next paints (`requestAnimationFrame`), so work handed
/// to the page lands at most once a frame; while the page is hidden (no frames are drawn)
/// after `hidden_ms` milliseconds instead. Returns whether it was scheduled.
pub fn on_next_frame(hidden_ms: i32, f: impl FnOnce() + 'static) -> bool {
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;
    let Some(window) = web_sys::window() else {
        return false;
    };
    let hidden = window.document().is_some_and(|d| d.hidden());
    let callback = Closure::once_into_js(f);
    let scheduled = if hidden {
        window
            .set_timeout_with_callback_and_timeout_and_arguments_0(
                callback.unchecked_ref(),
                hidden_ms,
            )
            .is_ok()
    } else {
        window
            .request_animation_frame(callback.unchecked_ref())
            .is_ok()
    };
    scheduled
}

/// How many logical cores the machine has (`navigator.hardwareConcurrency`; 1 if unknown).
pub fn hardware_concurrency() -> usize {
    web_sys::window()
        .map(|w| w.navigator().hardware_concurrency())
        .filter(|n| n.is_finite() && *n >= 1.0)
        .map_or(1, |n| n as usize)
}

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `crypto.getRandomValues(buffer)` (fills the slice; at most 65,536 bytes).
    #[wasm_bindgen::prelude::wasm_bindgen(js_namespace = crypto, js_name = getRandomValues, catch)]
    fn get_random_values(buffer: &mut [u8])
        -> Result<wasm_bindgen::JsValue, wasm_bindgen::JsValue>;
}

thread_local! {
    /// Random bytes from `crypto.getRandomValues`, drawn in bulk: (bytes, next unused).
    static ENTROPY: std::cell::RefCell<(Vec<u8>, usize)> = const { std::cell::RefCell::new((Vec::new(), 0)) };
}

/// A fresh secret: 128 bits from the browser's cryptographic randomness, as 32 hex digits
/// (for the handler runtime's per-invocation secrets). Falls back to `Math.random()` where
/// `crypto` is missing.
pub fn secret() -> String {
    const CHUNK: usize = 4096;
    const LEN: usize = 16;
    ENTROPY.with(|cell| {
        let (bytes, next) = &mut *cell.borrow_mut();
        if bytes.len() != CHUNK || *next + LEN > CHUNK {
            bytes.resize(CHUNK, 0);
            if get_random_values(bytes).is_err() {
                for chunk in bytes.chunks_mut(8) {
                    let r = random_u64().to_le_bytes();
                    chunk.copy_from_slice(&r[..chunk.len()]);
                }
            }
            *next = 0;
        }
        let mut out = String::with_capacity(LEN * 2);
        for b in &bytes[*next..*next + LEN] {
            out.push(char::from_digit(u32::from(b >> 4), 16).unwrap_or('0'));
            out.push(char::from_digit(u32::from(b & 15), 16).unwrap_or('0'));
        }
        *next += LEN;
        out
    })
}

/// The browser's randomness (`Math.random()`) as the interpreter's [`asl::host::Rng`]: for
/// [`asl::uuid`] (execution names, request ids).
pub struct Random;

impl asl::host::Rng for Random {
    fn next_u64(&self) -> u64 {
        random_u64()
    }
}

/// Today's UTC date as `YYYY/MM/DD` (for Lambda log stream names).
pub fn utc_date_path() -> String {
    let d = js_sys::Date::new_0();
    format!(
        "{:04}/{:02}/{:02}",
        d.get_utc_full_year(),
        d.get_utc_month() + 1,
        d.get_utc_date()
    )
}

/// Calls `handle` on every key pressed anywhere in the page, before the editors see it; a key
/// it handles (`true`) goes no further, and the browser does not act on it.
fn on_key_capture(
    handle: impl Fn(&web_sys::KeyboardEvent) -> bool + 'static,
) -> Option<gloo::events::EventListener> {
    use gloo::events::{EventListener, EventListenerOptions, EventListenerPhase};
    use wasm_bindgen::JsCast;
    let window = web_sys::window()?;
    Some(EventListener::new_with_options(
        &window,
        "keydown",
        EventListenerOptions {
            phase: EventListenerPhase::Capture,
            passive: false,
        },
        move |event| {
            if let Some(key) = event.dyn_ref::<web_sys::KeyboardEvent>() {
                if handle(key) {
                    key.prevent_default();
                    key.stop_propagation();
                }
            }
        },
    ))
}

/// Calls `f` on Ctrl+Enter / Cmd+Enter anywhere in the page (caught before the editors see
/// it). The shortcut lasts as long as the returned listener.
pub fn on_run_shortcut(f: impl Fn() + 'static) -> Option<gloo::events::EventListener> {
    on_key_capture(move |key| {
        let hit = key.key() == "Enter" && (key.ctrl_key() || key.meta_key()) && !key.repeat();
        if hit {
            f();
        }
        hit
    })
}

/// A debugger key (as in browsers' developer tools; CodeMirror binds none of them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DebugKey {
    /// F10: step one state.
    StepState,
    /// F11 or Shift+F10: step one history event.
    StepEvent,
    /// F9: continue.
    Continue,
}

/// Calls `f` on F9, F10 or F11 (without modifiers), or Shift+F10 (step event too, for
/// browsers that keep F11 for full screen), anywhere in the page, instead of what the browser
/// does with them. The keys last as long as the returned listener.
pub fn on_debug_keys(f: impl Fn(DebugKey) + 'static) -> Option<gloo::events::EventListener> {
    on_key_capture(move |key| {
        if key.ctrl_key() || key.meta_key() || key.alt_key() {
            return false;
        }
        let which = match (key.key().as_str(), key.shift_key()) {
            ("F9", false) => DebugKey::Continue,
            ("F10", false) => DebugKey::StepState,
            ("F11", false) | ("F10", true) => DebugKey::StepEvent,
            _ => return false,
        };
        if !key.repeat() {
            f(which);
        }
        true
    })
}

/// Calls `f` when the page is being hidden or unloaded (to save unsaved work).
pub fn on_page_hide(f: impl Fn() + 'static) -> Option<gloo::events::EventListener> {
    let window = web_sys::window()?;
    Some(gloo::events::EventListener::new(
        &window,
        "pagehide",
        move |_| f(),
    ))
}

/// Offers `text` as a file download named `file_name` (best effort; returns whether it worked).
pub fn download(file_name: &str, mime: &str, text: &str) -> bool {
    use wasm_bindgen::JsCast;
    let run = || -> Option<()> {
        let document = web_sys::window()?.document()?;
        let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type(mime);
        let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let anchor = document
            .create_element("a")
            .ok()?
            .dyn_into::<web_sys::HtmlAnchorElement>()
            .ok()?;
        anchor.set_href(&url);
        anchor.set_download(file_name);
        anchor.click();
        let _ = web_sys::Url::revoke_object_url(&url);
        Some(())
    };
    run().is_some()
}

/// Copies `text` to the clipboard (best effort: the browser may refuse).
pub fn copy_to_clipboard(text: &str) {
    if let Some(window) = web_sys::window() {
        let _promise = window.navigator().clipboard().write_text(text);
    }
}

/// Copies `text` to the clipboard and tells `done` whether the browser accepted it (it
/// refuses without permission or focus).
pub fn copy_text(text: &str, done: impl FnOnce(bool) + 'static) {
    let Some(window) = web_sys::window() else {
        done(false);
        return;
    };
    let promise = window.navigator().clipboard().write_text(text);
    wasm_bindgen_futures::spawn_local(async move {
        done(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
    });
}

/// The URL fragment (`#…`), if there is one.
pub fn location_hash() -> Option<String> {
    let hash = web_sys::window()?.location().hash().ok()?;
    (!hash.is_empty()).then_some(hash)
}

/// The page's address without its fragment (what a share link is built on).
pub fn page_url_without_hash() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return String::new();
    };
    let href = location.href().unwrap_or_default();
    match href.split_once('#') {
        Some((base, _)) => base.to_string(),
        None => href,
    }
}

/// Removes the fragment from the address bar without reloading or adding a history entry
/// (so a reload after opening a share link shows the autosaved work).
pub fn clear_hash() {
    if let Some(window) = web_sys::window() {
        let url = page_url_without_hash();
        if let Ok(history) = window.history() {
            let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
        }
    }
}

/// Calls `f` with the new fragment when it changes (a share link pasted into this tab).
pub fn on_hash_change(f: impl Fn(String) + 'static) -> Option<gloo::events::EventListener> {
    let window = web_sys::window()?;
    Some(gloo::events::EventListener::new(
        &window,
        "hashchange",
        move |_| {
            if let Some(hash) = location_hash() {
                f(hash);
            }
        },
    ))
}

/// Calls `f` when Escape is pressed anywhere in the page (it still reaches the editors).
pub fn on_escape(f: impl Fn() + 'static) -> Option<gloo::events::EventListener> {
    use wasm_bindgen::JsCast;
    let window = web_sys::window()?;
    Some(gloo::events::EventListener::new(
        &window,
        "keydown",
        move |event| {
            if let Some(key) = event.dyn_ref::<web_sys::KeyboardEvent>() {
                if key.key() == "Escape" && !key.repeat() {
                    f();
                }
            }
        },
    ))
}

/// Sets (or, with `None`, removes) a `data-*` attribute on the root `<html>` element, where
/// the style sheet reads the theme and the font size.
pub fn set_root_attribute(name: &str, value: Option<&str>) {
    let Some(root) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.document_element())
    else {
        return;
    };
    let _ = match value {
        Some(v) => root.set_attribute(name, v),
        None => root.remove_attribute(name),
    };
}

/// The inner size (`clientWidth`, `clientHeight`) of the element behind `node`.
pub fn element_size(node: &yew::NodeRef) -> Option<(f64, f64)> {
    let el = node.cast::<web_sys::Element>()?;
    let (w, h) = (el.client_width(), el.client_height());
    (w > 0 && h > 0).then(|| (f64::from(w), f64::from(h)))
}

/// Calls `f(delta_y, x, y)` on Ctrl/Cmd + wheel over the element behind `node` (x, y relative
/// to its top-left corner), instead of zooming the page. Lasts as long as the listener.
pub fn on_ctrl_wheel(
    node: &yew::NodeRef,
    f: impl Fn(f64, f64, f64) + 'static,
) -> Option<gloo::events::EventListener> {
    use gloo::events::{EventListener, EventListenerOptions};
    use wasm_bindgen::JsCast;
    let el = node.cast::<web_sys::Element>()?;
    let target = el.clone();
    Some(EventListener::new_with_options(
        &el,
        "wheel",
        EventListenerOptions::enable_prevent_default(),
        move |event| {
            let Some(wheel) = event.dyn_ref::<web_sys::WheelEvent>() else {
                return;
            };
            if !(wheel.ctrl_key() || wheel.meta_key()) {
                return;
            }
            wheel.prevent_default();
            let rect = target.get_bounding_client_rect();
            let x = f64::from(wheel.client_x()) - rect.left();
            let y = f64::from(wheel.client_y()) - rect.top();
            f(wheel.delta_y(), x, y);
        },
    ))
}

/// A stand-alone SVG file of the `<svg>` behind `node`: the whole `width × height` drawing
/// (zoom and pan undone), without the elements marked `no-export`.
pub fn svg_markup(node: &yew::NodeRef, width: f64, height: f64) -> Option<String> {
    use wasm_bindgen::JsCast;
    let svg = node.cast::<web_sys::Element>()?;
    let copy = svg
        .clone_node_with_deep(true)
        .ok()?
        .dyn_into::<web_sys::Element>()
        .ok()?;
    let (w, h) = (
        format!("{:.0}", width + 28.0),
        format!("{:.0}", height + 28.0),
    );
    copy.set_attribute("xmlns", "http://www.w3.org/2000/svg")
        .ok()?;
    copy.set_attribute("width", &w).ok()?;
    copy.set_attribute("height", &h).ok()?;
    copy.set_attribute("viewBox", &format!("0 0 {w} {h}"))
        .ok()?;
    copy.set_attribute("style", "background:#ffffff").ok()?;
    if let Ok(Some(g)) = copy.query_selector("[data-viewport]") {
        g.set_attribute("transform", "translate(14,14)").ok()?;
    }
    while let Ok(Some(e)) = copy.query_selector(".no-export") {
        e.remove();
    }
    Some(format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n{}",
        copy.outer_html()
    ))
}

/// The scroll position and inner height (`scrollTop`, `clientHeight`) of the element behind
/// `node`, in CSS pixels.
pub fn scroll_box(node: &yew::NodeRef) -> Option<(usize, usize)> {
    let el = node.cast::<web_sys::Element>()?;
    Some((
        el.scroll_top().max(0) as usize,
        el.client_height().max(0) as usize,
    ))
}

/// Scrolls the element behind `node` to `top` CSS pixels from its top.
pub fn set_scroll_top(node: &yew::NodeRef, top: usize) {
    if let Some(el) = node.cast::<web_sys::Element>() {
        el.set_scroll_top(i32::try_from(top).unwrap_or(i32::MAX));
    }
}

/// Whether `event` happened on the element behind `node` itself (not on an element inside it).
pub fn is_event_on(event: &web_sys::Event, node: &yew::NodeRef) -> bool {
    let target = event.target().map(wasm_bindgen::JsValue::from);
    target.is_some() && target == node.get().map(wasm_bindgen::JsValue::from)
}

/// The value of the `<select>` an `input`/`change` event came from.
pub fn select_value(event: &web_sys::Event) -> String {
    use wasm_bindgen::JsCast;
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlSelectElement>().ok())
        .map(|s| s.value())
        .unwrap_or_default()
}

/// The value of the `<textarea>` an `input` event came from.
pub fn textarea_value(event: &web_sys::Event) -> String {
    use wasm_bindgen::JsCast;
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlTextAreaElement>().ok())
        .map(|s| s.value())
        .unwrap_or_default()
}

/// The first file chosen in the `<input type="file">` a `change` event came from: its name
/// and its text (read as UTF-8), or why it could not be read.
pub async fn chosen_file(event: &web_sys::Event) -> Option<Result<(String, String), String>> {
    use wasm_bindgen::JsCast;
    let input = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())?;
    let file = input.files()?.get(0)?;
    // The same file can be chosen again.
    input.set_value("");
    Some(file_text(file).await)
}

/// The first file a `drop` event brings, taken while the event is dispatched (the browser
/// hides it afterwards); awaiting gives its name and its text, or why it could not be read.
pub fn dropped_file(
    event: &web_sys::DragEvent,
) -> Option<impl std::future::Future<Output = Result<(String, String), String>>> {
    let file = event.data_transfer()?.files()?.get(0)?;
    Some(file_text(file))
}

/// A file's name and text (read as UTF-8).
async fn file_text(file: web_sys::File) -> Result<(String, String), String> {
    let name = file.name();
    wasm_bindgen_futures::JsFuture::from(file.text())
        .await
        .map_err(|_| format!("{name} could not be read"))
        .and_then(|v| v.as_string().ok_or_else(|| format!("{name} is not text")))
        .map(|t| (name, t))
}

/// The text of the `<input>` or `<textarea>` an `input` event came from.
pub fn text_value(event: &web_sys::Event) -> String {
    use wasm_bindgen::JsCast;
    let input = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .map(|i| i.value());
    input.unwrap_or_else(|| textarea_value(event))
}

thread_local! {
    /// Values waiting to be dropped by [`drop_later`].
    static TO_DROP: std::cell::RefCell<Vec<Box<dyn std::any::Any>>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Drops `value` in a task of its own, a moment from now (a 0 ms timer), instead of in the
/// current one: freeing the previous execution's tree takes tens of milliseconds, which the
/// render that replaced it should not add to the main thread's longest task.
pub fn drop_later<T: 'static>(value: T) {
    let first = TO_DROP.with(|d| {
        let mut d = d.borrow_mut();
        d.push(Box::new(value));
        d.len() == 1
    });
    if first {
        gloo::timers::callback::Timeout::new(0, || {
            let values = TO_DROP.with(|d| std::mem::take(&mut *d.borrow_mut()));
            drop(values);
        })
        .forget();
    }
}

/// The text at `url` (relative to the page), or why it could not be fetched (network, HTTP
/// status).
pub async fn fetch_text(url: &str) -> Result<String, String> {
    use wasm_bindgen::JsCast;
    use wasm_bindgen_futures::JsFuture;
    let message = crate::bindings::worker::js_message;
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await
        .map_err(|e| format!("{url}: {}", message(&e)))?
        .dyn_into()
        .map_err(|_| "not a response".to_string())?;
    if !response.ok() {
        return Err(format!("{url}: HTTP {}", response.status()));
    }
    let text = JsFuture::from(response.text().map_err(|e| message(&e))?)
        .await
        .map_err(|e| message(&e))?;
    text.as_string().ok_or_else(|| "not text".into())
}

/// `relative` resolved against `base` (an absolute URL), or against the page's base URL
/// when `base` is `None`; `None` when it is no URL.
pub fn resolve_url(relative: &str, base: Option<&str>) -> Option<String> {
    let page;
    let base = match base {
        Some(b) => b,
        None => {
            page = web_sys::window()?.document()?.base_uri().ok()??;
            &page
        }
    };
    web_sys::Url::new_with_base(relative, base)
        .ok()
        .map(|u| u.href())
}

/// The value of the page address's query parameter `name`.
pub fn query_param(name: &str) -> Option<String> {
    let href = web_sys::window()?.location().href().ok()?;
    let url = web_sys::Url::new(&href).ok()?;
    url.search_params().get(name)
}

/// The page's address with the query parameter `name` set to `value` (removed with `None`).
fn page_url_with(name: &str, value: Option<&str>) -> Option<web_sys::Url> {
    let href = web_sys::window()?.location().href().ok()?;
    let url = web_sys::Url::new(&href).ok()?;
    match value {
        Some(v) => url.search_params().set(name, v),
        None => url.search_params().delete(name),
    }
    Some(url)
}

/// Sets (or, with `None`, removes) the query parameter `name` of the page's address, without
/// reloading or adding a history entry; the fragment stays.
pub fn set_query_param(name: &str, value: Option<&str>) {
    let (Some(window), Some(url)) = (web_sys::window(), page_url_with(name, value)) else {
        return;
    };
    if let Ok(history) = window.history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url.href()));
    }
}

/// The page's address without the query parameter `name` and without the fragment.
pub fn page_url_without_param(name: &str) -> String {
    match page_url_with(name, None) {
        Some(url) => {
            url.set_hash("");
            url.href()
        }
        None => page_url_without_hash(),
    }
}

/// Every file chosen in the `<input type="file">` a `change` event came from: names and
/// texts (read as UTF-8), or why one could not be read.
pub async fn chosen_files(event: &web_sys::Event) -> Result<Vec<(String, String)>, String> {
    use wasm_bindgen::JsCast;
    let Some(input) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
    else {
        return Ok(vec![]);
    };
    let Some(list) = input.files() else {
        return Ok(vec![]);
    };
    let mut files = Vec::new();
    for i in 0..list.length() {
        let Some(file) = list.get(i) else { continue };
        let name = file.name();
        let text = wasm_bindgen_futures::JsFuture::from(file.text())
            .await
            .map_err(|_| format!("{name} could not be read"))?
            .as_string()
            .ok_or_else(|| format!("{name} is not text"))?;
        files.push((name, text));
    }
    // The same files can be chosen again.
    input.set_value("");
    Ok(files)
}
