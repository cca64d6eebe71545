//! The event history in AWS's GetExecutionHistory shape: one row per event, details
//! expandable.

use std::collections::HashSet;

use asl::HistoryEvent;
use serde_json::Value;
use yew::prelude::*;

use crate::bindings::browser;
use crate::state::Shared;
use crate::views::pretty;

/// At most this many rows are drawn (a history can hold 25,000 events).
const MAX_ROWS: usize = 1000;

/// Props of [`EventHistory`].
#[derive(Properties, PartialEq)]
pub struct EventHistoryProps {
    /// The events, in order.
    pub events: Shared<Vec<HistoryEvent>>,
}

/// The history as GetExecutionHistory returns it (`{"events": […]}`), pretty-printed.
pub fn history_json(events: &[HistoryEvent]) -> String {
    let events: Vec<Value> = events.iter().map(HistoryEvent::to_json).collect();
    pretty(&serde_json::json!({ "events": events }))
}

/// Props of [`HistoryDownload`].
#[derive(Properties, PartialEq)]
pub struct HistoryDownloadProps {
    /// The events, in order.
    pub events: Shared<Vec<HistoryEvent>>,
    /// The execution's name (the file is named after it).
    pub execution_name: AttrValue,
}

/// A button that downloads the history as JSON.
#[component]
pub fn HistoryDownload(props: &HistoryDownloadProps) -> Html {
    if props.events.is_empty() {
        return html! {};
    }
    let onclick = {
        let (events, name) = (props.events.clone(), props.execution_name.clone());
        Callback::from(move |_: MouseEvent| {
            browser::download(
                &format!("{name}-history.json"),
                "application/json",
                &history_json(&events),
            );
        })
    };
    html! {
        <button type="button" class="btn btn-link" data-testid="history-download" {onclick}
            title="Download the history as GetExecutionHistory JSON">
            { "Download JSON" }
        </button>
    }
}

/// The event history (`data-testid="event-history"`).
#[component]
pub fn EventHistory(props: &EventHistoryProps) -> Html {
    let expanded = use_state(HashSet::<u64>::new);
    if props.events.is_empty() {
        return html! {
            <div class="history" data-testid="event-history">
                <p class="empty">{ "No events yet." }</p>
            </div>
        };
    }
    let t0 = props.events[0].timestamp_ms;
    let toggle = {
        let expanded = expanded.clone();
        Callback::from(move |id: u64| {
            let mut set = (*expanded).clone();
            if !set.remove(&id) {
                set.insert(id);
            }
            expanded.set(set);
        })
    };
    let hidden = props.events.len().saturating_sub(MAX_ROWS);
    html! {
        <div class="history" data-testid="event-history">
            <table>
                <thead>
                    <tr>
                        <th class="caret"></th>
                        <th class="num">{ "ID" }</th>
                        <th class="num">{ "Prev" }</th>
                        <th>{ "Type" }</th>
                        <th>{ "Step" }</th>
                        <th class="num">{ "Elapsed" }</th>
                    </tr>
                </thead>
                <tbody>
                    { for props.events.iter().take(MAX_ROWS).map(|e| row(e, t0, expanded.contains(&e.id), &toggle)) }
                </tbody>
            </table>
            if hidden > 0 {
                <p class="empty">{ format!("… and {hidden} more events") }</p>
            }
        </div>
    }
}

fn row(e: &HistoryEvent, t0: i64, open: bool, toggle: &Callback<u64>) -> Html {
    let details = e.details.as_ref().map(|(_, v)| v);
    let step = details
        .and_then(|d| d.get("name").or_else(|| d.get("resource")))
        .and_then(Value::as_str)
        .map(|s| s.rsplit(":function:").next().unwrap_or(s))
        .unwrap_or("")
        .to_string();
    let class = if e.kind.ends_with("Failed")
        || e.kind.ends_with("TimedOut")
        || e.kind.ends_with("Aborted")
    {
        "ev-failed"
    } else if e.kind.ends_with("Succeeded") {
        "ev-succeeded"
    } else {
        ""
    };
    let has_details = e.details.is_some();
    let onclick = {
        let (toggle, id) = (toggle.clone(), e.id);
        Callback::from(move |_: MouseEvent| toggle.emit(id))
    };
    html! {
        <>
            <tr class={classes!("history-event", class, has_details.then_some("expandable"), open.then_some("open"))}
                data-testid="history-event" data-type={e.kind.clone()}
                aria-expanded={has_details.then(|| open.to_string())}
                onclick={has_details.then_some(onclick)}>
                <td class="caret">{ if has_details { if open { "▾" } else { "▸" } } else { "" } }</td>
                <td class="num">{ e.id }</td>
                <td class="num muted">{ if e.previous_event_id == 0 { String::new() } else { e.previous_event_id.to_string() } }</td>
                <td class="ev-type">{ e.kind.clone() }</td>
                <td class="ev-step">{ step }</td>
                <td class="num muted">{ format!("+{} ms", e.timestamp_ms - t0) }</td>
            </tr>
            if open {
                if let Some((key, value)) = &e.details {
                    <tr class="ev-details-row">
                        <td></td>
                        <td colspan="5">
                            <div class="ev-details-key">{ key.clone() }</div>
                            <pre class="json">{ pretty(value) }</pre>
                        </td>
                    </tr>
                }
            }
        </>
    }
}
