//! The state inspector's JSONata scratch pane (`inspector-jsonata`): type an expression, see
//! its value live (`inspector-jsonata-result`), with `$states` and the variables of the
//! inspected entry bound — a JSONata Exerciser with the state's own bindings.

use std::rc::Rc;

use yew::prelude::*;

use crate::bindings::browser;
use crate::view_model::inspector::scratch_value;

/// Props of [`JsonataScratch`].
#[derive(Properties, PartialEq)]
pub struct JsonataScratchProps {
    /// The bindings (`states` and the workflow variables).
    pub bindings: Rc<serde_json::Map<String, serde_json::Value>>,
}

/// The scratch pane. The typed expression is kept while other entries or states are
/// inspected.
#[component]
pub fn JsonataScratch(props: &JsonataScratchProps) -> Html {
    let text = use_state(|| "$states.input".to_string());
    let oninput = {
        let text = text.clone();
        Callback::from(move |e: InputEvent| text.set(browser::textarea_value(&e)))
    };
    // Evaluated when the text or the bindings change, not on every render of the inspector
    // (a run in progress re-renders it with each batch of events).
    let answer = use_memo(
        ((*text).clone(), props.bindings.clone()),
        |(text, bindings)| {
            if text.trim().is_empty() {
                Ok(None)
            } else {
                scratch_value(text, bindings, js_sys::Date::now())
            }
        },
    );
    let names: Vec<String> = props
        .bindings
        .keys()
        .filter(|k| k.as_str() != "states")
        .map(|k| format!("${k}"))
        .collect();
    let states: Vec<String> = props
        .bindings
        .get("states")
        .and_then(|s| s.as_object())
        .map(|s| s.keys().map(|k| format!("$states.{k}")).collect())
        .unwrap_or_default();
    html! {
        <div class="inspector-jsonata">
            <label class="step-label" for="inspector-jsonata">{ "JSONata" }</label>
            <div class="inspector-jsonata-body">
                <textarea id="inspector-jsonata" data-testid="inspector-jsonata" rows="2" spellcheck="false"
                    value={(*text).clone()} {oninput}
                    title="A JSONata expression, evaluated as you type with this entry's $states and variables" />
                <div class="muted inspector-jsonata-bound">
                    { format!("Bound: {}", states.iter().chain(&names).cloned().collect::<Vec<_>>().join(", ")) }
                </div>
                { match (*answer).clone() {
                    Ok(Some(value)) => html! {
                        <pre class="json" data-testid="inspector-jsonata-result" data-outcome="value">{ value }</pre>
                    },
                    Ok(None) => html! {
                        <pre class="json muted" data-testid="inspector-jsonata-result" data-outcome="undefined">{ "(undefined: no value)" }</pre>
                    },
                    Err(e) => html! {
                        <pre class="json step-error" data-testid="inspector-jsonata-result" data-outcome="error">{ e }</pre>
                    },
                } }
            </div>
        </div>
    }
}
