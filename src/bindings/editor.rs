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

    #[wasm_bindgen(method, js_name = setAssist)]
    fn set_assist_js(this: &Editor, model: JsValue, on_action: &js_sys::Function);

    #[wasm_bindgen(method, js_name = setContext)]
    fn set_context_js(this: &Editor, context: JsValue);

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
    /// The diagnostic's code (`NO_TRANSITION`), which picks its quick fixes.
    pub code: &'static str,
    /// The message shown on hover.
    pub message: String,
}

/// What a definition editor's assistance needs from the app, given again when it changes.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct AssistContext {
    /// The workspace's functions, offered in `Resource`.
    pub functions: Vec<AssistFunction>,
    /// The functions (or mocked resources) the definition calls that the workspace lacks.
    pub missing: Vec<String>,
}

/// A function of the workspace as `Resource` names it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct AssistFunction {
    /// Its name (`HelloFunction`, or a mocked resource's ARN).
    pub name: String,
    /// What a Task's `Resource` writes to call it.
    pub arn: String,
}

/// What a quick fix asks of the app.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
#[serde(tag = "kind", rename_all = "camelCase")]
pub enum EditorCommand {
    /// Create the function (or mock) with this name.
    CreateFunction {
        /// Its name.
        name: String,
    },
}

/// A mounted editor and the callbacks it calls; dropping it destroys the view.
pub struct MountedEditor {
    editor: Editor,
    _on_change: Closure<dyn FnMut(String)>,
    on_action: Option<Closure<dyn FnMut(JsValue)>>,
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
            on_action: None,
        })
    }

    /// Turns on completion, explanations and quick fixes for a state machine definition,
    /// from the interpreter's model of the language; `on_command` gets the quick fixes that
    /// need the app.
    pub fn enable_assist(&mut self, on_command: impl Fn(EditorCommand) + 'static) {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        let Ok(model) = asl::language::editor_model().serialize(&serializer) else {
            return;
        };
        let on_action = Closure::<dyn FnMut(JsValue)>::new(move |value: JsValue| {
            if let Ok(command) = serde_wasm_bindgen::from_value::<EditorCommand>(value) {
                on_command(command);
            }
        });
        self.editor
            .set_assist_js(model, on_action.as_ref().unchecked_ref());
        self.on_action = Some(on_action);
    }

    /// Gives the assistance what changed in the workspace.
    pub fn set_context(&self, context: &AssistContext) {
        let serializer = serde_wasm_bindgen::Serializer::json_compatible();
        if let Ok(value) = context.serialize(&serializer) {
            self.editor.set_context_js(value);
        }
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
