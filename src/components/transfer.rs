//! The way out and back in, in the top bar: the Export menu (a SAM or CloudFormation
//! template, the definition as JSON or YAML: [`crate::state::export_file`], downloaded) and
//! the Import button (a file chosen, or dropped on it: a definition, a template or an
//! execution history: [`crate::state::Action::ImportFile`]).

use yew::prelude::*;

use crate::bindings::browser;
use crate::state::{export_file, Action, ExportKind, Notice, Workspace};

/// Props of [`Transfer`].
#[derive(Properties, PartialEq)]
pub struct TransferProps {
    /// The workspace to export.
    pub workspace: Workspace,
    /// Whether an execution runs (importing waits).
    pub running: bool,
    /// The app's dispatcher.
    pub dispatch: Callback<Action>,
}

/// The Export menu and the Import button.
#[component]
pub fn Transfer(props: &TransferProps) -> Html {
    let on_export = {
        let (workspace, dispatch) = (props.workspace.clone(), props.dispatch.clone());
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
            let choice = select.value();
            select.set_value("");
            let Some(kind) = ExportKind::parse(&choice) else {
                return;
            };
            match export_file(&workspace, kind) {
                Ok(file) => {
                    if !browser::download(&file.name, file.mime, &file.text) {
                        dispatch.emit(Action::Notify(Notice {
                            error: true,
                            text: "The browser refused the download.".into(),
                        }));
                    }
                }
                Err(why) => dispatch.emit(Action::Notify(Notice {
                    error: true,
                    text: format!("Nothing exported: {why}."),
                })),
            }
        })
    };
    let on_import = {
        let dispatch = props.dispatch.clone();
        Callback::from(move |e: Event| {
            let dispatch = dispatch.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match browser::chosen_file(&e).await {
                    Some(Ok((name, text))) => dispatch.emit(Action::ImportFile { name, text }),
                    Some(Err(why)) => dispatch.emit(Action::Notify(Notice {
                        error: true,
                        text: format!("Could not import: {why}. Your work is unchanged."),
                    })),
                    None => {}
                }
            });
        })
    };
    // A file dropped on Import is imported the same way.
    let on_drag_over = Callback::from(|e: DragEvent| e.prevent_default());
    let on_drop = {
        let (dispatch, running) = (props.dispatch.clone(), props.running);
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            if running {
                return;
            }
            let Some(read) = browser::dropped_file(&e) else {
                return;
            };
            let dispatch = dispatch.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match read.await {
                    Ok((name, text)) => dispatch.emit(Action::ImportFile { name, text }),
                    Err(why) => dispatch.emit(Action::Notify(Notice {
                        error: true,
                        text: format!("Could not import: {why}. Your work is unchanged."),
                    })),
                }
            });
        })
    };
    html! {
        <>
            <select class="examples export-menu" data-testid="export-menu" aria-label="Export"
                title="Download a template to deploy on AWS, or the definition alone" onchange={on_export}>
                <option value="" selected=true>{ "Export…" }</option>
                { for ExportKind::ALL.iter().map(|k| html! { <option value={k.id()}>{ k.label() }</option> }) }
            </select>
            <label class={classes!("btn", "btn-ghost", "import-button", props.running.then_some("disabled"))}
                data-testid="import-button" ondragover={on_drag_over} ondrop={on_drop}
                title="Open (or drop here) a definition, a SAM or CloudFormation template, or an execution history (JSON or YAML)">
                { "Import" }
                <input type="file" hidden=true data-testid="import-file" disabled={props.running}
                    accept=".json,.yaml,.yml,.template,.txt,application/json,application/yaml" onchange={on_import} />
            </label>
        </>
    }
}
