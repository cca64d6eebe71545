//! The event history in AWS's GetExecutionHistory shape: one row per event, details
//! expandable.

use std::collections::HashSet;

use asl::HistoryEvent;
use serde_json::Value;
use yew::prelude::*;

use crate::bindings::browser;
use crate::state::Shared;
use crate::views::pretty;

/// Histories longer than this are windowed: only the rows in view (and a margin) are in the
/// page (a history can hold 25,000 events).
const WINDOW_MIN: usize = 200;
/// The height of a history row, in CSS pixels (the style sheet fixes it).
const ROW_PX: usize = 26;
/// Rows drawn above and below the visible ones.
const OVERSCAN: usize = 30;
/// The scroll box's height before it is measured, in CSS pixels.
const VIEW_PX: usize = 480;

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

/// The rows to draw of `total` (filtered) rows when the scroll box shows `view_px` pixels
/// from `scroll_px` down: `(first, end)`, every row when the history is short.
pub fn window(total: usize, scroll_px: usize, view_px: usize) -> (usize, usize) {
    if total <= WINDOW_MIN {
        return (0, total);
    }
    let first = (scroll_px / ROW_PX).saturating_sub(OVERSCAN).min(total);
    let end = (first + view_px.div_ceil(ROW_PX) + 2 * OVERSCAN).min(total);
    (first, end)
}

/// The event types of a history, in order of first appearance, with how many events of each.
pub fn event_types(events: &[HistoryEvent]) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    let mut index: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
    for e in events {
        match index.get(e.kind.as_str()) {
            Some(&k) => out[k].1 += 1,
            None => {
                index.insert(&e.kind, out.len());
                out.push((e.kind.clone(), 1));
            }
        }
    }
    out
}

/// The event history (`data-testid="event-history"`), filtered by type
/// (`data-testid="history-filter"`); long histories are windowed (only the rows in view are
/// drawn; scrolling draws the others).
#[component]
pub fn EventHistory(props: &EventHistoryProps) -> Html {
    let expanded = use_state(HashSet::<u64>::new);
    let filter = use_state(String::new);
    let scroll = use_state_eq(|| (0usize, VIEW_PX));
    let types = use_memo(props.events.clone(), |events| event_types(events));
    let shown = use_memo(
        (props.events.clone(), (*filter).clone()),
        |(events, filter)| {
            events
                .iter()
                .enumerate()
                .filter(|(_, e)| filter.is_empty() || &e.kind == filter)
                .map(|(k, _)| k)
                .collect::<Vec<usize>>()
        },
    );
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
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            filter.set(browser::select_value(&e));
        })
    };
    let onscroll = {
        let scroll = scroll.clone();
        Callback::from(move |e: Event| {
            let el = e.target_unchecked_into::<web_sys::Element>();
            let (top, height) = (
                el.scroll_top().max(0) as usize,
                el.client_height().max(0) as usize,
            );
            // Only a change of the first row drawn re-renders.
            scroll.set((top / ROW_PX * ROW_PX, height.max(ROW_PX)));
        })
    };
    let (first, end) = window(shown.len(), scroll.0, scroll.1);
    let spacer = |rows: usize| {
        (rows > 0).then(|| {
            html! {
                <tr class="history-spacer" aria-hidden="true" style={format!("height:{}px", rows * ROW_PX)}>
                    <td colspan="6"></td>
                </tr>
            }
        })
    };
    html! {
        <div class="history-wrap">
            <div class="history-tools">
                <label>
                    { "Type " }
                    <select data-testid="history-filter" onchange={on_filter} title="Show only events of this type">
                        <option value="" selected={filter.is_empty()}>{ format!("All events ({})", props.events.len()) }</option>
                        { for types.iter().map(|(kind, n)| html! {
                            <option value={kind.clone()} selected={*kind == *filter}>{ format!("{kind} ({n})") }</option>
                        }) }
                        if !filter.is_empty() && !types.iter().any(|(kind, _)| *kind == *filter) {
                            // Chosen for an earlier execution: still chosen, and says it matches nothing.
                            <option value={(*filter).clone()} selected=true>{ format!("{} (0)", *filter) }</option>
                        }
                    </select>
                </label>
                if shown.len() > WINDOW_MIN {
                    <span class="muted" data-testid="history-window">
                        { format!("{} events · rows {}–{} drawn; scroll for more", shown.len(), first + 1, end) }
                    </span>
                }
            </div>
            <div class="history" data-testid="event-history" data-rows={shown.len().to_string()} {onscroll}>
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
                        { spacer(first) }
                        { for shown[first..end].iter().filter_map(|&k| props.events.get(k)).map(|e| row(e, t0, expanded.contains(&e.id), &toggle)) }
                        { spacer(shown.len() - end) }
                    </tbody>
                </table>
            </div>
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_histories_are_drawn_whole_long_ones_windowed() {
        assert_eq!(window(150, 9999, 480), (0, 150));
        // At the top: the visible rows and the margin below.
        assert_eq!(window(7000, 0, 480), (0, 19 + 60));
        // Scrolled to row 1,000: 30 rows above it, the visible ones and 30 below.
        assert_eq!(window(7000, 1000 * ROW_PX, 480), (970, 970 + 79));
        // Past the end (a shorter filtered list): clamped.
        assert_eq!(window(300, 1000 * ROW_PX, 480), (300, 300));
    }

    #[test]
    fn event_types_in_order_of_appearance() {
        let e = |id, kind: &str| HistoryEvent {
            id,
            previous_event_id: 0,
            timestamp_ms: 0,
            kind: kind.into(),
            details: None,
        };
        let events = [
            e(1, "ExecutionStarted"),
            e(2, "PassStateEntered"),
            e(3, "PassStateExited"),
            e(4, "PassStateEntered"),
        ];
        assert_eq!(
            event_types(&events),
            [
                ("ExecutionStarted".into(), 1),
                ("PassStateEntered".into(), 2),
                ("PassStateExited".into(), 1)
            ]
        );
    }
}
