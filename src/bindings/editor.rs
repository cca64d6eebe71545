//! The CodeMirror 6 editor from `web/dist/editor.js`, which index.html loads as a classic
//! script before the app; it sets `globalThis.AslEditor = { Editor }`. Binding through the
//! global (not `#[wasm_bindgen(module = …)]`) keeps `cargo build` free of any npm step.

use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(js_namespace = AslEditor)]
extern "C" {
    /// A CodeMirror view (see web/src/editor.js).
    pub type Editor;

    #[wasm_bindgen(constructor, catch)]
    fn new(
        parent: &web_sys::Element,
        doc: &str,
        language: &str,
        on_change: &js_sys::Function,
    ) -> Result<Editor, JsValue>;

    /// Replaces the whole text without calling `on_change`.
    #[wasm_bindgen(method, js_name = setDoc)]
    pub fn set_doc(this: &Editor, doc: &str);

    /// The whole text.
    #[wasm_bindgen(method, js_name = getDoc)]
    pub fn get_doc(this: &Editor) -> String;

    #[wasm_bindgen(method, js_name = setDiagnostics)]
    fn set_diagnostics_js(this: &Editor, diagnostics: JsValue);

    /// Switches the language (`json`, `javascript`, `yaml`).
    #[wasm_bindgen(method, js_name = setLanguage)]
    pub fn set_language(this: &Editor, language: &str);

    /// Selects a UTF-16 range, scrolls it into view and focuses the editor.
    #[wasm_bindgen(method)]
    pub fn reveal(this: &Editor, from: usize, to: usize);

    /// Gives the editor keyboard focus.
    #[wasm_bindgen(method)]
    pub fn focus(this: &Editor);

    /// Removes the view from the page.
    #[wasm_bindgen(method)]
    pub fn destroy(this: &Editor);
}

/// A lint marker, in UTF-16 offsets.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EditorDiagnostic {
    /// Start offset (UTF-16).
    pub from: usize,
    /// End offset (UTF-16).
    pub to: usize,
    /// `error` or `warning`.
    pub severity: &'static str,
    /// The message shown on hover.
    pub message: String,
}

/// A mounted editor and the callback it calls; dropping it destroys the view.
pub struct MountedEditor {
    editor: Editor,
    _on_change: Closure<dyn FnMut(String)>,
}

impl MountedEditor {
    /// Creates an editor in `parent`. Fails (with a message) when the editor bundle did not
    /// load.
    pub fn mount(
        parent: &web_sys::Element,
        doc: &str,
        language: &str,
        on_change: impl FnMut(String) + 'static,
    ) -> Result<Self, String> {
        let on_change = Closure::<dyn FnMut(String)>::new(on_change);
        let editor = Editor::new(parent, doc, language, on_change.as_ref().unchecked_ref())
            .map_err(|e| {
                format!(
                    "The code editor did not load ({}).",
                    e.as_string()
                        .or_else(|| e
                            .dyn_ref::<js_sys::Error>()
                            .map(|e| String::from(e.message())))
                        .unwrap_or_default()
                )
            })?;
        Ok(Self {
            editor,
            _on_change: on_change,
        })
    }

    /// The editor.
    pub fn editor(&self) -> &Editor {
        &self.editor
    }

    /// Shows lint markers (replacing earlier ones).
    pub fn set_diagnostics(&self, diagnostics: &[EditorDiagnostic]) {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        if let Ok(value) = diagnostics.serialize(&serializer) {
            self.editor.set_diagnostics_js(value);
        }
    }
}

impl Drop for MountedEditor {
    fn drop(&mut self) {
        self.editor.destroy();
    }
}
