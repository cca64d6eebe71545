//! The top bar: the product name, the state machine's name (and the menu of the workspace's
//! other machines), and Start execution.

use yew::prelude::*;

use crate::examples::EXAMPLES;

/// Props of [`TopBar`].
#[derive(Properties, PartialEq)]
pub struct TopBarProps {
    /// The state machine's name.
    pub machine_name: AttrValue,
    /// Whether an execution is running (the button waits).
    pub running: bool,
    /// Start execution.
    pub on_run: Callback<()>,
    /// Stop the running execution.
    pub on_stop: Callback<()>,
    /// Load the example with this id.
    pub on_example: Callback<String>,
    /// `Standard` or `Express`.
    #[prop_or(AttrValue::Static("Standard"))]
    pub machine_type: AttrValue,
    /// More buttons (share, settings), before Start execution.
    #[prop_or_default]
    pub extra: Html,
    /// The names of the workspace's machines, sorted (the edited one included).
    #[prop_or_default]
    pub machines: Vec<String>,
    /// Edit another machine (`None`: add a new one).
    #[prop_or_default]
    pub on_machine: Callback<Option<String>>,
    /// Delete the edited machine.
    #[prop_or_default]
    pub on_remove_machine: Callback<()>,
}

/// The machine menu's choices besides the machines' names (no machine name has a space).
const NEW_MACHINE: &str = "+ new";
const DELETE_MACHINE: &str = "- delete";

/// The top bar.
#[component]
pub fn TopBar(props: &TopBarProps) -> Html {
    let onclick = props.on_run.reform(|_: MouseEvent| ());
    let onchange = {
        let on_example = props.on_example.clone();
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
            let id = select.value();
            select.set_value("");
            if !id.is_empty() {
                on_example.emit(id);
            }
        })
    };
    let on_machine_menu = {
        let (on_machine, on_remove) = (props.on_machine.clone(), props.on_remove_machine.clone());
        let name = props.machine_name.to_string();
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
            let choice = select.value();
            select.set_value("");
            match choice.as_str() {
                "" => {}
                NEW_MACHINE => on_machine.emit(None),
                DELETE_MACHINE => {
                    let question = format!("Delete the state machine {name} and its executions?");
                    let sure = web_sys::window()
                        .and_then(|w| w.confirm_with_message(&question).ok())
                        .unwrap_or(false);
                    if sure {
                        on_remove.emit(());
                    }
                }
                other => on_machine.emit(Some(other.to_string())),
            }
        })
    };
    let others = props.machines.iter().filter(|n| **n != props.machine_name);
    html! {
        <header class="top-bar">
            <div class="brand">
                <span class="brand-mark" aria-hidden="true">{ "{ }" }</span>
                <span class="brand-name">{ "ASL Playground" }</span>
            </div>
            <nav class="crumbs" aria-label="Location">
                <span class="crumb-muted">{ "State machines" }</span>
                <span class="crumb-sep">{ "/" }</span>
                <span class="crumb-machine" data-testid="machine-name">{ props.machine_name.clone() }</span>
                <span class="crumb-type" data-testid="machine-type-label">{ props.machine_type.clone() }</span>
                <select class="machine-menu" data-testid="machine-menu" aria-label="The workspace's state machines"
                    title="Edit another state machine of the workspace, or add one" onchange={on_machine_menu}
                    disabled={props.running}>
                    <option value="" selected=true>{ format!("Machines ({})…", props.machines.len().max(1)) }</option>
                    { for others.map(|n| html! { <option value={n.clone()}>{ n.clone() }</option> }) }
                    <option value={NEW_MACHINE}>{ "+ New state machine" }</option>
                    if props.machines.len() > 1 {
                        <option value={DELETE_MACHINE}>{ format!("Delete {}", props.machine_name) }</option>
                    }
                </select>
            </nav>
            <select class="examples" data-testid="examples-menu" aria-label="Load an example" {onchange}
                disabled={props.running}>
                <option value="" selected=true>{ "Examples…" }</option>
                { for EXAMPLES.iter().map(|e| html! { <option value={e.id}>{ e.title }</option> }) }
            </select>
            <div class="top-actions">
                { props.extra.clone() }
                if props.running {
                    <button type="button" class="btn btn-stop" data-testid="stop-button"
                        title="Stop the execution (ABORTED)" onclick={props.on_stop.reform(|_: MouseEvent| ())}>
                        { "Stop" }
                    </button>
                } else {
                    <span class="shortcut-hint">{ "Ctrl + Enter" }</span>
                }
                <button
                    type="button"
                    class="btn btn-primary"
                    data-testid="run-button"
                    disabled={props.running}
                    title="Start execution (Ctrl/Cmd + Enter)"
                    {onclick}
                >
                    if props.running { <span class="spinner" aria-hidden="true"></span> }
                    { "Start execution" }
                </button>
            </div>
        </header>
    }
}
