//! A CodeMirror editor inside an element with a `data-testid`; the text flows out through
//! `on_change` and back in through `value` (an outside change replaces the text).

use std::rc::Rc;

use yew::prelude::*;

use crate::bindings::editor::{AssistContext, EditorCommand, EditorDiagnostic, MountedEditor};
use crate::state::Reveal;

/// Props of [`CodeEditor`].
#[derive(Properties, PartialEq)]
pub struct CodeEditorProps {
    /// The element's `data-testid`.
    pub testid: AttrValue,
    /// `json`, `javascript` or `yaml`.
    pub language: AttrValue,
    /// The text.
    pub value: AttrValue,
    /// Called with the whole text after each edit.
    pub on_change: Callback<String>,
    /// Lint markers.
    #[prop_or_default]
    pub diagnostics: Rc<Vec<EditorDiagnostic>>,
    /// Show this range (when it changes).
    #[prop_or_default]
    pub reveal: Option<Reveal>,
    /// Accessible label.
    #[prop_or_default]
    pub label: AttrValue,
    /// For a state machine definition: completion, explanations and quick fixes, with what
    /// they need from the workspace.
    #[prop_or_default]
    pub assist: Option<Rc<AssistContext>>,
    /// Called with the quick fixes that need the app (creating a function).
    #[prop_or_default]
    pub on_command: Callback<EditorCommand>,
}

/// A CodeMirror editor.
#[component]
pub fn CodeEditor(props: &CodeEditorProps) -> Html {
    let node = use_node_ref();
    let editor = use_mut_ref(|| None::<MountedEditor>);
    let failure = use_state(|| None::<String>);
    let on_change = use_mut_ref(|| props.on_change.clone());
    *on_change.borrow_mut() = props.on_change.clone();
    let on_command = use_mut_ref(|| props.on_command.clone());
    *on_command.borrow_mut() = props.on_command.clone();
    let assisted = props.assist.is_some();

    {
        let (node, editor, failure) = (node.clone(), editor.clone(), failure.clone());
        let (initial, language) = (props.value.clone(), props.language.clone());
        use_effect_with((), move |_| {
            if let Some(parent) = node.cast::<web_sys::Element>() {
                let on_change = on_change.clone();
                let mounted = MountedEditor::mount(&parent, &initial, &language, move |text| {
                    let callback = on_change.borrow().clone();
                    callback.emit(text);
                });
                match mounted {
                    Ok(mut m) => {
                        if assisted {
                            m.enable_assist(move |command| {
                                let callback = on_command.borrow().clone();
                                callback.emit(command);
                            });
                        }
                        *editor.borrow_mut() = Some(m);
                    }
                    Err(message) => failure.set(Some(message)),
                }
            }
            move || drop(editor.borrow_mut().take())
        });
    }
    {
        let editor = editor.clone();
        use_effect_with(props.value.clone(), move |value| {
            if let Some(m) = editor.borrow().as_ref() {
                if m.editor().get_doc() != value.as_str() {
                    m.editor().set_doc(value);
                }
            }
        });
    }
    {
        let editor = editor.clone();
        use_effect_with(props.language.clone(), move |language| {
            if let Some(m) = editor.borrow().as_ref() {
                m.editor().set_language(language);
            }
        });
    }
    {
        let editor = editor.clone();
        use_effect_with(props.assist.clone(), move |assist| {
            if let (Some(m), Some(context)) = (editor.borrow().as_ref(), assist) {
                m.set_context(context);
            }
        });
    }
    {
        let editor = editor.clone();
        use_effect_with(props.diagnostics.clone(), move |diagnostics| {
            if let Some(m) = editor.borrow().as_ref() {
                m.set_diagnostics(diagnostics);
            }
        });
    }

    {
        let editor = editor.clone();
        use_effect_with(props.reveal, move |reveal| {
            if let (Some(m), Some(r)) = (editor.borrow().as_ref(), reveal) {
                m.editor().reveal(r.range.0, r.range.1);
            }
        });
    }

    html! {
        <div class="code-editor" data-testid={props.testid.clone()} aria-label={props.label.clone()} ref={node}>
            if let Some(message) = &*failure {
                <p class="editor-failure">{ message.clone() }</p>
            }
        </div>
    }
}
