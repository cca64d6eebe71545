//! The state machine as a vertical flow of boxes (Map and Parallel states hold their
//! sub-flows), each with its live status.

use std::collections::HashMap;
use std::rc::Rc;

use yew::prelude::*;

use crate::views::GraphState;

/// Props of [`Graph`].
#[derive(Properties, PartialEq)]
pub struct GraphProps {
    /// The states in flow order; `None` while the definition does not load.
    pub states: Option<Rc<Vec<GraphState>>>,
    /// Status per state name (absent: `NOT_RUN`).
    pub statuses: Rc<HashMap<String, &'static str>>,
}

/// The graph (`data-testid="graph"`).
#[component]
pub fn Graph(props: &GraphProps) -> Html {
    let Some(states) = &props.states else {
        return html! {
            <div class="graph" data-testid="graph">
                <p class="empty">{ "The graph appears when the definition is valid." }</p>
            </div>
        };
    };
    html! {
        <div class="graph" data-testid="graph">
            <div class="graph-legend">
                { for ["NOT_RUN", "IN_PROGRESS", "SUCCEEDED", "FAILED", "CAUGHT"].iter().map(|s| html! {
                    <span class={classes!("legend-item", status_class(s))}>
                        <span class="dot"></span>{ s.replace('_', " ").to_lowercase() }
                    </span>
                }) }
            </div>
            { flow(states, &props.statuses, true) }
        </div>
    }
}

fn status_class(status: &str) -> String {
    format!("st-{}", status.to_ascii_lowercase().replace('_', "-"))
}

fn flow(states: &[GraphState], statuses: &HashMap<String, &'static str>, top: bool) -> Html {
    html! {
        <ol class={classes!("flow", top.then_some("flow-top"))}>
            if top { <li class="terminal">{ "Start" }</li> }
            { for states.iter().map(|s| state(s, statuses)) }
            if top { <li class="terminal">{ "End" }</li> }
        </ol>
    }
}

fn state(s: &GraphState, statuses: &HashMap<String, &'static str>) -> Html {
    let status = statuses.get(&s.name).copied().unwrap_or("NOT_RUN");
    html! {
        <li class={classes!("graph-state", status_class(status), (!s.branches.is_empty()).then_some("has-branches"))}
            data-testid="graph-state" data-state={s.name.clone()} data-status={status}>
            <div class="gs-head">
                <span class="dot" title={status}></span>
                <span class="gs-name">{ s.name.clone() }</span>
                <span class="gs-type">{ s.state_type.clone() }</span>
            </div>
            if !s.branches.is_empty() {
                <div class="gs-branches">
                    { for s.branches.iter().map(|b| html! {
                        <div class="gs-branch">{ flow(b, statuses, false) }</div>
                    }) }
                </div>
            }
        </li>
    }
}
