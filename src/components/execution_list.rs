//! The machine's recent executions (the console's Executions tab): status, name, start time,
//! duration; click one to show it again (output, tree, history, graph).

use yew::prelude::*;

pub use crate::view_model::runs::ExecutionRow;

/// Props of [`ExecutionList`].
#[derive(Properties, PartialEq)]
pub struct ExecutionListProps {
    /// The rows, newest first.
    pub rows: Vec<ExecutionRow>,
    /// Show the execution with this run id.
    pub on_open: Callback<u64>,
}

/// The list of recent executions.
#[component]
pub fn ExecutionList(props: &ExecutionListProps) -> Html {
    if props.rows.len() < 2 {
        // One execution is the one shown above: a list of one adds nothing (still present,
        // empty, so scripts can find it).
        return html! { <ul class="exec-list" data-testid="execution-list" hidden=true></ul> };
    }
    html! {
        <details class="exec-list-box" open=true>
            <summary>{ format!("Executions of this machine ({})", props.rows.len()) }</summary>
            <ul class="exec-list" data-testid="execution-list">
                { for props.rows.iter().map(|r| {
                    let onclick = {
                        let (on_open, id) = (props.on_open.clone(), r.id);
                        Callback::from(move |_: MouseEvent| on_open.emit(id))
                    };
                    html! {
                        <li key={r.id.to_string()}>
                            <button type="button" class={classes!("exec-item", r.shown.then_some("shown"))}
                                data-testid="execution-item" data-execution={r.name.clone()}
                                data-status={r.status} aria-current={r.shown.then_some("true")} {onclick}>
                                <span class={classes!("status-dot", format!("status-{}", r.status.to_ascii_lowercase()))}
                                    title={r.status}></span>
                                <span class="exec-item-name">{ r.name.clone() }</span>
                                <span class="exec-item-status">{ r.status }</span>
                                <span class="exec-item-time" title="Start time (UTC)">{ r.started.clone() }</span>
                                <span class="exec-item-duration">{ r.duration.clone().unwrap_or_else(|| "…".into()) }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </details>
    }
}
