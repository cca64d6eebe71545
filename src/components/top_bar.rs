//! The top bar: the product name, the state machine's name, and Start execution.

use yew::prelude::*;

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
}

/// The top bar.
#[component]
pub fn TopBar(props: &TopBarProps) -> Html {
    let onclick = props.on_run.reform(|_: MouseEvent| ());
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
                <span class="crumb-type">{ "Standard" }</span>
            </nav>
            <div class="top-actions">
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
