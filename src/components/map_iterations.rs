//! The Map iteration viewer: pick a Map state and one of its iterations (by index, or among
//! the failed ones only) and see that iteration's own sub-graph, states, input and output;
//! the Map's combined output array beside it.

use std::rc::Rc;

use asl::{Definition, TreeNode};
use serde_json::Value;
use yew::prelude::*;

use crate::bindings::browser;
use crate::components::graph::{status_class, Graph};
use crate::iterations::{
    combined_output_ref, failed, iterations, latest_map_entry, menu_window, MENU_ITERATIONS,
};
use crate::state::Shared;
use crate::views::{pretty_shown, pretty_within, LIVE_SHOWN_BYTES};
use asl::graph::{state_statuses, status_name};

/// Props of [`MapIterations`].
#[derive(Properties, PartialEq)]
pub struct MapIterationsProps {
    /// The loaded definition.
    pub definition: Option<Shared<Definition>>,
    /// The execution tree, if there is an execution.
    pub tree: Option<Shared<TreeNode>>,
}

fn compact(v: &Option<Rc<Value>>) -> String {
    v.as_ref().map_or_else(|| "–".into(), |v| v.to_string())
}

/// The viewer (`map-iteration-select`, `map-output`).
#[component]
pub fn MapIterations(props: &MapIterationsProps) -> Html {
    // The Map states' names; the chosen one's item processor is laid out below.
    let maps = use_memo(props.definition.clone(), |d| {
        d.as_ref()
            .map(|d| {
                d.map_states()
                    .iter()
                    .map(|(s, _)| s.name.clone())
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let chosen_map = use_state(|| 0usize);
    let chosen = use_state(|| 0u64);
    let failed_only = use_state(|| false);
    let map_index = (*chosen_map).min(maps.len().saturating_sub(1));
    let layout = use_memo((props.definition.clone(), map_index), |(d, i)| {
        let d = d.as_ref()?;
        let maps = d.map_states();
        maps.get(*i)
            .map(|(_, map)| Rc::new(asl::graph::layout(&map.processor)))
    });
    let Some(map_name) = maps.get(map_index) else {
        return html! {};
    };
    let entry = props
        .tree
        .as_ref()
        .and_then(|t| latest_map_entry(t, map_name));
    let all = entry.map(iterations).unwrap_or_default();
    let shown: Vec<_> = all
        .iter()
        .filter(|(_, it)| !*failed_only || failed(it))
        .collect();
    let position = shown.iter().position(|(i, _)| *i == *chosen).unwrap_or(0);
    let current = shown.get(position).copied();
    // A long Map's menu lists the iterations around the chosen one; the index field goes
    // to any other.
    let menu = &shown[menu_window(shown.len(), position)];
    let statuses = Rc::new(
        current
            .map(|(_, it)| state_statuses(it))
            .unwrap_or_default(),
    );

    let on_map = {
        let chosen_map = chosen_map.clone();
        Callback::from(move |e: Event| {
            let v = browser::select_value(&e);
            chosen_map.set(v.parse().unwrap_or(0));
        })
    };
    let on_pick = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let v = browser::select_value(&e);
            chosen.set(v.parse().unwrap_or(0));
        })
    };
    let on_index = {
        let chosen = chosen.clone();
        Callback::from(move |e: Event| {
            let v = e
                .target_unchecked_into::<web_sys::HtmlInputElement>()
                .value();
            if let Ok(index) = v.trim().parse() {
                chosen.set(index);
            }
        })
    };
    let on_failed = {
        let failed_only = failed_only.clone();
        Callback::from(move |e: Event| {
            failed_only.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .checked(),
            );
        })
    };
    html! {
        <div class="map-view" data-testid="map-iterations">
            <div class="map-view-bar">
                if maps.len() > 1 {
                    <select class="select" aria-label="Map state" data-testid="map-state-select" onchange={on_map}>
                        { for maps.iter().enumerate().map(|(i, name)| html! {
                            <option value={i.to_string()} selected={i == map_index}>{ name.clone() }</option>
                        }) }
                    </select>
                } else {
                    <span class="map-name">{ map_name.clone() }</span>
                }
                <select class="select" aria-label="Iteration" data-testid="map-iteration-select"
                    onchange={on_pick} disabled={shown.is_empty()}>
                    if shown.is_empty() {
                        <option value="">{ if entry.is_some() && *failed_only { "No failed iterations" } else { "No iterations yet" } }</option>
                    }
                    { for menu.iter().map(|(i, it)| html! {
                        <option value={i.to_string()} selected={current.is_some_and(|(c, _)| *c == *i)}>
                            { format!("Iteration {i} · {}", status_name(it.status).replace('_', " ").to_lowercase()) }
                        </option>
                    }) }
                </select>
                if shown.len() > MENU_ITERATIONS {
                    <label class="map-index" title="Go to the iteration of this index">
                        { "Index " }
                        <input type="number" class="input" min="0" data-testid="map-iteration-index"
                            value={current.map(|(i, _)| i.to_string()).unwrap_or_default()} onchange={on_index} />
                    </label>
                }
                <label class="toggle">
                    <input type="checkbox" data-testid="map-failed-only" checked={*failed_only} onchange={on_failed} />
                    { " Failed only" }
                </label>
                <span class="map-count">{ format!("{} iteration{}", all.len(), if all.len() == 1 { "" } else { "s" }) }</span>
            </div>
            <div class="map-view-body">
                <div class="map-iteration">
                    <Graph layout={(*layout).clone()} {statuses} on_select={Callback::noop()}
                        testid="map-iteration-graph" state_testid="map-iteration-state" legend={false} />
                    if let Some((index, it)) = current {
                        <div class="map-iteration-detail" data-testid="map-iteration" data-index={index.to_string()}>
                            <div class="kv"><span class="k">{ "Input" }</span>
                                <code class="v" data-testid="map-iteration-input">{ compact(&it.input) }</code></div>
                            <div class="kv"><span class="k">{ "Output" }</span>
                                <code class="v" data-testid="map-iteration-output">{ compact(&it.output) }</code></div>
                            if let Some(error) = &it.error {
                                <div class="kv"><span class="k">{ "Error" }</span><code class="v">{ error.clone() }</code></div>
                            }
                            <ul class="map-iteration-states">
                                { for it.children.iter().map(|s| html! {
                                    <li class={classes!("map-iteration-state", status_class(status_name(s.status)))}
                                        data-state={s.label.clone()}>
                                        <span class="dot"></span>
                                        <span class="name">{ s.label.clone() }</span>
                                        <code>{ format!("{} → {}", compact(&s.input), compact(&s.output)) }</code>
                                    </li>
                                }) }
                            </ul>
                        </div>
                    }
                </div>
                <div class="map-output-box">
                    <div class="map-output-title">{
                        if entry.is_none_or(|m| m.output.is_some()) {
                            format!("{map_name} output")
                        } else {
                            format!("{map_name}: iteration outputs so far")
                        }
                    }</div>
                    <pre class="map-output" data-testid="map-output">{
                        entry.map(|m| match m.output {
                            Some(_) => pretty_shown(&combined_output_ref(m)),
                            // Running: it changes on every frame.
                            None => pretty_within(&combined_output_ref(m), LIVE_SHOWN_BYTES),
                        }).unwrap_or_else(|| "Not run yet".into())
                    }</pre>
                </div>
            </div>
        </div>
    }
}
