//! The execution's status, name, duration, and its output or error.

use asl::Status;
use yew::prelude::*;

use crate::bindings::browser;
use crate::state::Run;
use crate::views::{format_duration, pretty, pretty_cause, pretty_shown};

/// Props of [`ExecutionSummary`].
#[derive(Properties, PartialEq)]
pub struct ExecutionSummaryProps {
    /// The latest execution.
    pub run: Option<Run>,
    /// The last Start execution was refused.
    pub refused: bool,
}

/// Status badge, output and error of the latest execution.
#[component]
pub fn ExecutionSummary(props: &ExecutionSummaryProps) -> Html {
    let refused = props.refused.then(|| {
        html! {
            <p class="notice notice-error">
                { "Not started: fix the errors listed under Problems first." }
            </p>
        }
    });
    let Some(run) = &props.run else {
        return html! {
            <div class="exec-summary">
                { refused }
                // Present (hidden, empty) before the first execution, so scripts can read it.
                <span class="status-badge" data-testid="execution-status" data-execution="" hidden=true></span>
                <p class="empty">{ "No execution yet. Press Start execution (Ctrl + Enter) to run the state machine with the input." }</p>
            </div>
        };
    };
    let status = run.status.as_str();
    let history = run.history.items();
    let elapsed = match (history.first(), history.last()) {
        (Some(a), Some(b)) if run.status != Status::Running => {
            Some(format_duration((b.timestamp_ms - a.timestamp_ms) as f64))
        }
        _ => None,
    };
    html! {
        <div class="exec-summary">
            { refused }
            <div class="exec-head" aria-live="polite">
                <span class={classes!("status-badge", format!("status-{}", status.to_ascii_lowercase()))}
                      data-testid="execution-status" data-execution={run.execution_name.clone()}>
                    { status }
                </span>
                <span class="exec-name" title="Execution name">{ run.execution_name.clone() }</span>
                if let Some(elapsed) = elapsed {
                    <span class="exec-elapsed" title="Duration (virtual time)">{ elapsed }</span>
                }
                <span class="exec-events">{ format!("{} events", run.history.len()) }</span>
            </div>
            if let Some(output) = &run.output {
                <div class="exec-block">
                    <h3>
                        { "Output" }
                        <button type="button" class="btn btn-link copy" data-testid="output-copy"
                            title="Copy the output JSON" onclick={{
                                let text = pretty(output);
                                Callback::from(move |_: MouseEvent| browser::copy_to_clipboard(&text))
                            }}>{ "Copy" }</button>
                    </h3>
                    <pre class="json" data-testid="execution-output">{ pretty_shown(output) }</pre>
                </div>
            }
            if run.error.is_some() || run.cause.is_some() {
                <div class="exec-block exec-error" data-testid="execution-error">
                    <h3>{ "Error" }</h3>
                    <div class="error-name">{ run.error.clone().unwrap_or_default() }</div>
                    if let Some(cause) = &run.cause {
                        <h3>{ "Cause" }</h3>
                        <pre class="json">{ pretty_cause(cause) }</pre>
                    }
                </div>
            }
        </div>
    }
}
