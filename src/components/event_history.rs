//! The event history in AWS's GetExecutionHistory shape: one row per event, details
//! expandable; long histories are windowed ([`crate::row_window`]). Its parts: `download`
//! (the JSON download) and the rows.

mod download;
mod row;

use std::collections::HashSet;

use asl::HistoryEvent;
use yew::prelude::*;

use crate::bindings::browser;
use crate::hooks::scroll_window::use_scroll_window;
use crate::state::Log;
use crate::view_model::history::{filtered, LiveEventTypes, ROW_PX, WINDOWING};
pub use download::{HistoryDownload, HistoryDownloadProps};
use row::row;

/// Props of [`EventHistory`].
#[derive(Properties, PartialEq)]
pub struct EventHistoryProps {
    /// The events, in order.
    pub events: Log<HistoryEvent>,
}

/// The event history (`data-testid="event-history"`), filtered by type
/// (`data-testid="history-filter"`); long histories are windowed (only the rows in view are
/// drawn; scrolling draws the others).
#[component]
pub fn EventHistory(props: &EventHistoryProps) -> Html {
    let expanded = use_state(HashSet::<u64>::new);
    let filter = use_state(String::new);
    let scroll = use_scroll_window(WINDOWING);
    let live_types = use_mut_ref(LiveEventTypes::default);
    let types = use_memo(props.events.clone(), move |events| {
        live_types.borrow_mut().types(events)
    });
    // Every event (no filter): no list of indexes to make on every frame.
    let shown = use_memo(
        (props.events.clone(), (*filter).clone()),
        |(events, filter)| (!filter.is_empty()).then(|| filtered(&events.items(), filter)),
    );
    let events = props.events.items();
    // The shown events: the k-th is the event at `at(k)`.
    let count = (*shown).as_ref().map_or(events.len(), Vec::len);
    let at = |k: usize| (*shown).as_ref().map_or(Some(k), |s| s.get(k).copied());
    if events.is_empty() {
        return html! {
            <div class="history" data-testid="event-history">
                <p class="empty">{ "No events yet." }</p>
            </div>
        };
    }
    let t0 = events[0].timestamp_ms;
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
    let (top, height) = scroll.view();
    let (first, end) = WINDOWING.window_uniform(count, ROW_PX, top, height);
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
                        <option value="" selected={filter.is_empty()}>{ format!("All events ({})", events.len()) }</option>
                        { for types.iter().map(|(kind, n)| html! {
                            <option value={kind.clone()} selected={*kind == *filter}>{ format!("{kind} ({n})") }</option>
                        }) }
                        if !filter.is_empty() && !types.iter().any(|(kind, _)| *kind == *filter) {
                            // Chosen for an earlier execution: still chosen, and says it matches nothing.
                            <option value={(*filter).clone()} selected=true>{ format!("{} (0)", *filter) }</option>
                        }
                    </select>
                </label>
                if count > WINDOWING.min_rows {
                    <span class="muted" data-testid="history-window">
                        { format!("{} events · rows {}–{} drawn; scroll for more", count, first + 1, end) }
                    </span>
                }
            </div>
            <div class="history" data-testid="event-history" data-rows={count.to_string()}
                ref={scroll.scroller()} onscroll={scroll.onscroll()}>
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
                        { for (first..end).filter_map(|k| at(k).and_then(|i| events.get(i))).map(|e| row(e, t0, expanded.contains(&e.id), &toggle)) }
                        { spacer(count - end) }
                    </tbody>
                </table>
            </div>
        </div>
    }
}
