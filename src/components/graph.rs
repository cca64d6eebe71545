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
    /// The state shown in the inspector.
    #[prop_or_default]
    pub selected: Option<AttrValue>,
    /// A state was clicked.
    pub on_select: Callback<String>,
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
            { flow(states, &Ctx { statuses: &props.statuses, selected: props.selected.as_deref(), on_select: &props.on_select }, true) }
        </div>
    }
}

fn status_class(status: &str) -> String {
    format!("st-{}", status.to_ascii_lowercase().replace('_', "-"))
}

struct Ctx<'a> {
    statuses: &'a HashMap<String, &'static str>,
    selected: Option<&'a str>,
    on_select: &'a Callback<String>,
}

fn flow(states: &[GraphState], ctx: &Ctx<'_>, top: bool) -> Html {
    // An arrow joins two boxes only when the first can go to the second; other targets are
    // written in the box.
    let linked = |i: usize| i > 0 && states[i - 1].next.iter().any(|n| *n == states[i].name);
    let ends = states.last().is_some_and(|s| s.is_end);
    html! {
        <ol class={classes!("flow", top.then_some("flow-top"))}>
            if top { <li class="terminal linked">{ "Start" }</li> }
            { for states.iter().enumerate().map(|(i, s)| {
                let following = states.get(i + 1).map(|f| f.name.as_str());
                state(s, ctx, top && i == 0 || linked(i), following)
            }) }
            if top { <li class={classes!("terminal", ends.then_some("linked"))}>{ "End" }</li> }
        </ol>
    }
}

fn state(s: &GraphState, ctx: &Ctx<'_>, linked: bool, following: Option<&str>) -> Html {
    let status = ctx.statuses.get(&s.name).copied().unwrap_or("NOT_RUN");
    let selected = ctx.selected == Some(s.name.as_str());
    let onclick = {
        let (on_select, name) = (ctx.on_select.clone(), s.name.clone());
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            on_select.emit(name.clone());
        })
    };
    let onkeydown = {
        let (on_select, name) = (ctx.on_select.clone(), s.name.clone());
        Callback::from(move |e: KeyboardEvent| {
            if matches!(e.key().as_str(), "Enter" | " ") {
                e.prevent_default();
                e.stop_propagation();
                on_select.emit(name.clone());
            }
        })
    };
    let jumps: Vec<&String> = s
        .next
        .iter()
        .filter(|n| Some(n.as_str()) != following)
        .collect();
    html! {
        <li class={classes!("graph-state", status_class(status), (!s.branches.is_empty()).then_some("has-branches"), linked.then_some("linked"))}
            data-testid="graph-state" data-state={s.name.clone()} data-status={status}>
            <div class={classes!("gs-head", selected.then_some("selected"))} {onclick} {onkeydown} tabindex="0"
                role="button" aria-pressed={selected.to_string()} title="Inspect this state's data flow">
                <span class="dot" title={status}></span>
                <span class="gs-name">{ s.name.clone() }</span>
                <span class="gs-type">{ s.state_type.clone() }</span>
            </div>
            if !jumps.is_empty() || !s.catch.is_empty() {
                <div class="gs-jumps">
                    { for jumps.iter().map(|n| html! { <span class="jump">{ format!("→ {n}") }</span> }) }
                    { for s.catch.iter().map(|n| html! { <span class="jump jump-catch">{ format!("catch → {n}") }</span> }) }
                </div>
            }
            if !s.branches.is_empty() {
                <div class="gs-branches">
                    { for s.branches.iter().map(|b| html! {
                        <div class="gs-branch">{ flow(b, ctx, false) }</div>
                    }) }
                </div>
            }
        </li>
    }
}
