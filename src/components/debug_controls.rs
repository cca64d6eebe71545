//! The debugger's buttons in the graph's toolbar: where the execution is, Step (one state),
//! Step event (one history event) and Continue (Stop is in the top bar).

use yew::prelude::*;

use crate::state::StepKind;

/// Props of [`DebugControls`].
#[derive(Properties, PartialEq)]
pub struct DebugControlsProps {
    /// Where the execution is paused (see [`crate::state::Run::debug_status`]).
    pub status: Option<AttrValue>,
    /// Whether Step and Step event do something now.
    pub can_step: bool,
    /// Whether Continue does something now.
    pub can_continue: bool,
    /// Step one state or one event (when nothing runs: start paused).
    pub on_step: Callback<StepKind>,
    /// Continue to the next breakpoint or the end.
    pub on_continue: Callback<()>,
}

/// `step-button`, `step-event-button`, `continue-button` and the `debug-status` line.
#[component]
pub fn DebugControls(props: &DebugControlsProps) -> Html {
    let step = |kind: StepKind, testid: &'static str, label: &'static str, title: &'static str| {
        html! {
            <button type="button" class="btn btn-debug" data-testid={testid}
                onclick={props.on_step.reform(move |_: MouseEvent| kind)}
                disabled={!props.can_step} {title}>
                { label }
            </button>
        }
    };
    html! {
        <div class="debug-controls">
            if let Some(status) = &props.status {
                <span class="debug-status" data-testid="debug-status" role="status">
                    { status.clone() }
                </span>
            }
            { step(StepKind::State, "step-button", "Step",
                "Step (F10): show the events up to the next state, or run one state and pause before the next (when nothing runs: start paused before the first state)") }
            { step(StepKind::Event, "step-event-button", "Step event",
                "Step event (F11 or Shift+F10): show the next history event, running on to the next pause when none is left (when nothing runs: start paused at the first event)") }
            <button type="button" class="btn btn-debug" data-testid="continue-button"
                onclick={props.on_continue.reform(|_: MouseEvent| ())}
                disabled={!props.can_continue}
                title="Continue (F9): show every event and run to the next breakpoint or the end">
                { "Continue" }
            </button>
        </div>
    }
}
