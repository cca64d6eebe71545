//! The debugger's buttons in the graph's toolbar: where the execution waits, Step and
//! Continue (Stop is in the top bar).

use std::rc::Rc;

use yew::prelude::*;

/// Props of [`DebugControls`].
#[derive(Properties, PartialEq)]
pub struct DebugControlsProps {
    /// The states the execution is paused before.
    pub paused: Rc<Vec<String>>,
    /// Whether an execution is running.
    pub running: bool,
    /// Step (when nothing runs: start paused before the first state).
    pub on_step: Callback<()>,
    /// Continue to the next breakpoint or the end.
    pub on_continue: Callback<()>,
}

/// `step-button`, `continue-button` and the `debug-status` line.
#[component]
pub fn DebugControls(props: &DebugControlsProps) -> Html {
    let paused = &props.paused;
    html! {
        <div class="debug-controls">
            if let Some(first) = paused.first() {
                <span class="debug-status" data-testid="debug-status" role="status">
                    { format!("Paused before {first}") }
                    if paused.len() > 1 { { format!(" (+{} waiting)", paused.len() - 1) } }
                </span>
            }
            <button type="button" class="btn btn-debug" data-testid="step-button"
                onclick={props.on_step.reform(|_: MouseEvent| ())}
                disabled={props.running && paused.is_empty()}
                title="Run one state, then pause (when nothing runs: start paused before the first state)">
                { "Step" }
            </button>
            <button type="button" class="btn btn-debug" data-testid="continue-button"
                onclick={props.on_continue.reform(|_: MouseEvent| ())}
                disabled={paused.is_empty()} title="Run to the next breakpoint or the end">
                { "Continue" }
            </button>
        </div>
    }
}
