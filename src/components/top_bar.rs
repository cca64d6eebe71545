//! The top bar: the product name, the state machine's name, and Start execution.

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
}

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
