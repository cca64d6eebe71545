//! The state inspector: how data flowed through one entry of the selected state (the latest,
//! or the one chosen in `inspector-entry` or in the execution tree), step by step (input →
//! InputPath → Parameters → result → ResultSelector → ResultPath → OutputPath), the variables
//! in scope when it was entered (`data-step="variablesOnEntry"`), those it assigned
//! (`inspector-assigned`) and the variables after it (`data-step="variables"`), its error, a Task's invocation logs (`inspector-logs`),
//! and a JSONata scratch pane with the entry's `$states` and variables bound (`inspector-jsonata`).

use std::rc::Rc;

use yew::prelude::*;

use crate::bindings::browser;
use crate::components::jsonata_scratch::JsonataScratch;
use crate::state::InvocationRecord;
use crate::view_model::inspector::scratch_bindings;
use crate::views::{pretty_cause, pretty_shown};
use asl::inspect::Inspection;

/// Props of [`StateInspector`].
#[derive(Properties, PartialEq)]
pub struct StateInspectorProps {
    /// The inspected state, if one is selected (and known to the run's definition).
    pub inspection: Option<Inspection>,
    /// The selected state's name (also when the run's definition does not have it).
    pub selected: Option<AttrValue>,
    /// Close the inspector.
    pub on_close: Callback<()>,
    /// The inspected entry's Lambda invocations (a Task's attempts), with their logs.
    #[prop_or_default]
    pub logs: std::rc::Rc<Vec<InvocationRecord>>,
    /// Choose another entry (its tree node's `first_event_id`).
    #[prop_or_default]
    pub on_entry: Callback<u64>,
}

impl StateInspectorProps {
    fn scratch(&self) -> Option<Rc<serde_json::Map<String, serde_json::Value>>> {
        scratch_bindings(self.inspection.as_ref()).map(Rc::new)
    }
}

fn step_label(step: &str) -> &'static str {
    match step {
        "input" => "Input",
        "afterInputPath" => "After InputPath",
        "afterParameters" => "After Parameters",
        "afterArguments" => "After Arguments",
        "result" => "Result",
        "afterResultSelector" => "After ResultSelector",
        "afterResultPath" => "After ResultPath",
        "output" => "Output",
        "variablesOnEntry" => "Variables in scope on entry",
        "variables" => "Variables after the state",
        _ => "Step",
    }
}

/// The entry selector (`data-testid="inspector-entry"`): "Entry k of n", with the Map
/// iteration index when the entry ran inside one.
fn entry_selector(i: &Inspection, on_entry: &Callback<u64>) -> Html {
    let ids: Vec<u64> = i.entry_list.iter().map(|e| e.first_event_id).collect();
    let onchange = on_entry.reform(move |e: Event| {
        let k: usize = browser::select_value(&e).parse().unwrap_or(0);
        ids.get(k).copied().unwrap_or(0)
    });
    let n = i.entry_list.len();
    html! {
        <label class="inspector-entry">
            { "Entry " }
            <select data-testid="inspector-entry" {onchange} title="This state ran several times: choose which entry to inspect">
                { for i.entry_list.iter().enumerate().map(|(k, e)| html! {
                    <option value={k.to_string()} selected={k == i.selected}>
                        { match e.iteration {
                            Some(it) => format!("Entry {} of {n} (iteration {it})", k + 1),
                            None => format!("Entry {} of {n}", k + 1),
                        } }
                    </option>
                }) }
            </select>
        </label>
    }
}

/// The entry's invocations' logs (`data-testid="inspector-logs"`), one block per attempt.
fn logs_section(logs: &[InvocationRecord]) -> Html {
    html! {
        <div class="inspector-logs" data-testid="inspector-logs">
            <span class="step-label">{ "Logs" }</span>
            { for logs.iter().enumerate().map(|(k, r)| html! {
                <div class="kv">
                    if logs.len() > 1 {
                        <span class="k">{ format!("Attempt {}", k + 1) }</span>{ " " }
                    }
                    <code class="v">{ r.request_id.clone() }</code>
                    <pre class="v logs">
                        if r.logs.is_empty() { <span class="muted">{ "(no logs)" }</span> }
                        { for r.logs.iter().map(|l| html! {
                            <div class={classes!("log", format!("log-{}", l.level))}>
                                { l.message.clone() }
                            </div>
                        }) }
                    </pre>
                </div>
            }) }
        </div>
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
                    { entry_selector(i, &props.on_entry) }
                }
                <ol class="inspector-steps">
                    { for i.flow.steps.iter().map(|s| html! {
                        <li class="inspector-step" data-testid="inspector-step" data-step={s.step}>
                            <span class="step-label">{ step_label(s.step) }</span>{ " " }
                            <pre class="json">{ pretty_shown(&s.value) }</pre>
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
                if let Some(vars) = &i.assigned {
                    <div class="inspector-assigned" data-testid="inspector-assigned">
                        <span class="step-label">{ "Variables assigned (recorded)" }</span>{ " " }
                        <pre class="json">{ pretty_shown(vars) }</pre>
                    </div>
                }
                if i.state_type == "Task" && !props.logs.is_empty() {
                    { logs_section(&props.logs) }
                }
                if let Some(bindings) = props.scratch() {
                    <JsonataScratch {bindings} />
                }
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
