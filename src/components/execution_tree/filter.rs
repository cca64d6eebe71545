//! The tree's status filter.

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
