//! The state inspector: how data flowed through the selected state's latest entry, step by
//! step (input → InputPath → Parameters → result → ResultSelector → ResultPath → OutputPath).

use yew::prelude::*;

use crate::inspect::Inspection;
use crate::views::{pretty, pretty_cause};

/// Props of [`StateInspector`].
#[derive(Properties, PartialEq)]
pub struct StateInspectorProps {
    /// The inspected state, if one is selected (and known to the run's definition).
    pub inspection: Option<Inspection>,
    /// The selected state's name (also when the run's definition does not have it).
    pub selected: Option<AttrValue>,
    /// Close the inspector.
    pub on_close: Callback<()>,
}

fn step_label(step: &str) -> &'static str {
    match step {
        "input" => "Input",
        "afterInputPath" => "After InputPath",
        "afterParameters" => "After Parameters",
        "result" => "Result",
        "afterResultSelector" => "After ResultSelector",
        "afterResultPath" => "After ResultPath",
        "output" => "Output",
        "variables" => "Variables (Assign)",
        _ => "Step",
    }
}

/// The state inspector (`data-testid="state-inspector"`, one `inspector-step` per step).
#[component]
pub fn StateInspector(props: &StateInspectorProps) -> Html {
    let Some(selected) = &props.selected else {
        return html! {
            <div class="inspector" data-testid="state-inspector">
                <p class="empty">{ "Click a state in the graph to see how data flowed through it: input, InputPath, Parameters, result, ResultSelector, ResultPath, output." }</p>
            </div>
        };
    };
    let close = props.on_close.reform(|_: MouseEvent| ());
    let body = match &props.inspection {
        None => html! {
            <p class="empty">{ format!("Start an execution to inspect {selected}.") }</p>
        },
        Some(i) if i.entries == 0 => html! {
            <p class="empty">{ format!("{} did not run in this execution.", i.state_name) }</p>
        },
        Some(i) => html! {
            <>
                if i.entries > 1 {
                    <p class="inspector-note">{ format!("Latest of {} entries.", i.entries) }</p>
                }
                <ol class="inspector-steps">
                    { for i.flow.steps.iter().map(|s| html! {
                        <li class="inspector-step" data-testid="inspector-step" data-step={s.step}>
                            <span class="step-label">{ step_label(s.step) }</span>{ " " }
                            <pre class="json">{ pretty(&s.value) }</pre>
                        </li>
                    }) }
                    if let Some((error, cause)) = &i.error {
                        <li class="inspector-step step-error" data-testid="inspector-step" data-step="error">
                            <span class="step-label">{ "Error" }</span>{ " " }
                            <pre class="json">{ match cause {
                                Some(c) => format!("{error}\n{}", pretty_cause(c)),
                                None => error.clone(),
                            } }</pre>
                        </li>
                    } else if let Some(e) = &i.flow.error {
                        <li class="inspector-step step-error" data-testid="inspector-step" data-step="error">
                            <span class="step-label">{ "Error" }</span>{ " " }
                            <pre class="json">{ format!("{}\n{}", e.error, pretty_cause(&e.cause)) }</pre>
                        </li>
                    }
                </ol>
            </>
        },
    };
    let kind = props
        .inspection
        .as_ref()
        .map(|i| i.state_type)
        .unwrap_or("");
    html! {
        <div class="inspector" data-testid="state-inspector" data-state={selected.clone()}>
            <div class="inspector-head">
                <span class="inspector-name">{ selected.clone() }</span>
                <span class="gs-type">{ kind }</span>
                <button type="button" class="btn btn-link inspector-close" onclick={close}>{ "Close" }</button>
            </div>
            { body }
        </div>
    }
}
