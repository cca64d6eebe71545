//! The tree's status filter, and the tree when it shows nothing.

use yew::prelude::*;

use crate::bindings::browser;
use crate::tree_view::StatusFilter;

/// The status filter (`data-testid="tree-filter"`).
pub(super) fn filter_select(filter: &UseStateHandle<StatusFilter>) -> Html {
    let onchange = {
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            let value = browser::select_value(&e);
            filter.set(StatusFilter::parse(&value));
        })
    };
    html! {
        <label class="tree-filter">
            { "Show " }
            <select data-testid="tree-filter" {onchange} title="Show only nodes with this status (and the nodes that lead to them)">
                { for StatusFilter::ALL.iter().map(|f| html! {
                    <option value={f.as_str()} selected={*f == **filter}>{ f.label() }</option>
                }) }
            </select>
        </label>
    }
}

/// The tree without rows: before an execution, or when the filter (shown only then, for an
/// execution: `has_run`) matches nothing.
pub(super) fn empty_tree(filter: &UseStateHandle<StatusFilter>, has_run: bool) -> Html {
    let empty = if has_run {
        html! { <p class="empty" data-testid="tree-filter-empty">{ format!("No {} nodes.", filter.label().to_lowercase()) }</p> }
    } else {
        html! { <p class="empty">{ "Start an execution to see its states, iterations and invocations." }</p> }
    };
    html! {
        <div class="tree" data-testid="execution-tree">
            if has_run { { filter_select(filter) } }
            { empty }
        </div>
    }
}
