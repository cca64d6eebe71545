// Starts the app: what Trunk's default inline loader does, from a file, so that the page's
// Content-Security-Policy needs no inline script (script-src 'self'). Trunk.toml's
// pattern_script writes the <script> tag that loads this file, naming the app's hashed
// wasm-bindgen module and wasm file in data attributes.
const tag = document.querySelector("script[data-app-js]");
const bindings = await import(tag.dataset.appJs);
const wasm = await bindings.default({ module_or_path: tag.dataset.appWasm });
window.wasmBindings = bindings;
dispatchEvent(new CustomEvent("TrunkApplicationStarted", { detail: { wasm } }));
