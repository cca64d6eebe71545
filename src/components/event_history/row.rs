//! One event of the history: its row, and its details while open.

use asl::HistoryEvent;
use yew::prelude::*;

use crate::view_model::history::{event_class, event_step};
use crate::views::pretty_shown;

/// The row of `e` (`t0`: the first event's timestamp), and its details when `open`;
/// clicking it calls `toggle` with its id.
pub(super) fn row(e: &HistoryEvent, t0: i64, open: bool, toggle: &Callback<u64>) -> Html {
    let step = event_step(e).to_string();
    let class = event_class(e);
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
                            <pre class="json">{ pretty_shown(value) }</pre>
                        </td>
                    </tr>
                }
            }
        </>
    }
}
