//! The history's download button.

use asl::HistoryEvent;
use yew::prelude::*;

use crate::bindings::browser;
use crate::state::Log;
use crate::view_model::history::history_json;

/// Props of [`HistoryDownload`].
#[derive(Properties, PartialEq)]
pub struct HistoryDownloadProps {
    /// The events, in order.
    pub events: Log<HistoryEvent>,
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
                &history_json(&events.items()),
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
