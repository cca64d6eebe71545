//! The Map Run's own view, as the console shows a Distributed Map apart from the parent
//! execution: its status and ARN, its items and child executions counted by status (live
//! while it runs), and, once it ended, its child executions with the items each worked on.

use asl::map_run::{MapRunCounts, MapRunReport};
use asl::Status;
use yew::prelude::*;

use crate::bindings::browser;
use crate::state::Shared;
use crate::views::format_duration;

/// How many child executions the list shows at once.
const SHOWN_EXECUTIONS: usize = 100;

/// Props of [`MapRuns`].
#[derive(Properties, PartialEq)]
pub struct MapRunsProps {
    /// The shown execution's Map Runs.
    pub map_runs: Shared<Vec<MapRunReport>>,
}

/// Every Map Run of the shown execution (nothing when it has none).
#[component]
pub fn MapRuns(props: &MapRunsProps) -> Html {
    html! {
        <>
            { for props.map_runs.iter().enumerate().map(|(index, r)| html! {
                <MapRunView key={r.map_run_arn.clone()} map_runs={props.map_runs.clone()} {index} />
            }) }
        </>
    }
}

/// Props of [`MapRunView`].
#[derive(Properties, PartialEq)]
pub struct MapRunViewProps {
    /// The Map Runs.
    pub map_runs: Shared<Vec<MapRunReport>>,
    /// Which one.
    pub index: usize,
}

/// The columns of the counts, as DescribeMapRun names them.
const COLUMNS: [(&str, &str); 8] = [
    ("pending", "Pending"),
    ("running", "Running"),
    ("succeeded", "Succeeded"),
    ("failed", "Failed"),
    ("timedOut", "Timed out"),
    ("aborted", "Aborted"),
    ("total", "Total"),
    ("resultsWritten", "Results written"),
];

fn count(c: &MapRunCounts, column: &str) -> u64 {
    match column {
        "pending" => c.pending,
        "running" => c.running,
        "succeeded" => c.succeeded,
        "failed" => c.failed,
        "timedOut" => c.timed_out,
        "aborted" => c.aborted,
        "total" => c.total,
        _ => c.results_written,
    }
}

fn counts_row(kind: &'static str, label: &str, c: &MapRunCounts) -> Html {
    html! {
        <tr>
            <th scope="row">{ label }</th>
            { for COLUMNS.iter().map(|(column, _)| html! {
                <td data-testid="map-run-count" data-kind={kind} data-status={*column}>
                    { count(c, column) }
                </td>
            }) }
        </tr>
    }
}

/// One Map Run.
#[component]
pub fn MapRunView(props: &MapRunViewProps) -> Html {
    let filter = use_state(|| None::<Status>);
    let Some(r) = props.map_runs.get(props.index) else {
        return html! {};
    };
    let status = r.status.as_str();
    let c = &r.item_counts;
    let done = c.succeeded + c.failed + c.timed_out + c.aborted;
    let label = r
        .map_run_arn
        .rsplit(':')
        .nth(1)
        .and_then(|m| m.split('/').nth(1))
        .unwrap_or_default()
        .to_string();
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            filter.set(Status::ended(&value));
        })
    };
    let matching: Vec<_> = r
        .executions
        .iter()
        .filter(|x| filter.is_none_or(|s| x.status == s))
        .collect();
    let copy = {
        let arn = r.map_run_arn.clone();
        Callback::from(move |_: MouseEvent| browser::copy_to_clipboard(&arn))
    };
    html! {
        <section class="map-run" data-testid="map-run" data-state={r.state_name.clone()} data-status={status}>
            <div class="map-run-head">
                <span class={classes!("status-badge", format!("status-{}", status.to_ascii_lowercase()))}>{ status }</span>
                <span class="map-run-title">{ format!("Map Run of {}", r.state_name) }</span>
                <code class="map-run-label" title={r.map_run_arn.clone()}>{ label }</code>
                <button type="button" class="btn btn-link" title="Copy the Map Run's ARN" onclick={copy}>{ "Copy ARN" }</button>
                if let Some(stop) = r.stop_ms {
                    <span class="map-run-duration" title="Duration">{ format_duration((stop - r.start_ms) as f64) }</span>
                }
            </div>
            <progress class="map-run-progress" max={c.total.max(1).to_string()} value={done.to_string()}
                aria-label="Items done"></progress>
            <table class="map-run-counts" data-testid="map-run-counts">
                <thead>
                    <tr>
                        <th></th>
                        { for COLUMNS.iter().map(|(_, title)| html! { <th scope="col">{ *title }</th> }) }
                    </tr>
                </thead>
                <tbody>
                    { counts_row("items", "Items", &r.item_counts) }
                    { counts_row("executions", "Child executions", &r.execution_counts) }
                </tbody>
            </table>
            if !r.executions.is_empty() {
                <details class="map-run-executions" open=true>
                    <summary>{ format!("Child executions ({})", r.executions.len()) }</summary>
                    <label class="map-run-filter">
                        { "Show " }
                        <select data-testid="map-run-filter" onchange={on_filter} aria-label="Child executions to show">
                            <option value="">{ "all" }</option>
                            <option value="SUCCEEDED">{ "succeeded" }</option>
                            <option value="FAILED">{ "failed" }</option>
                            <option value="TIMED_OUT">{ "timed out" }</option>
                            <option value="ABORTED">{ "aborted" }</option>
                        </select>
                    </label>
                    <table class="map-run-list">
                        <thead>
                            <tr><th>{ "Execution" }</th><th>{ "Status" }</th><th>{ "Items" }</th><th>{ "Duration" }</th><th>{ "Error" }</th></tr>
                        </thead>
                        <tbody>
                            { for matching.iter().take(SHOWN_EXECUTIONS).map(|x| html! {
                                <tr data-testid="map-run-execution" data-status={x.status.as_str()}
                                    data-items={x.items.to_string()} title={x.execution_arn.clone()}>
                                    <td class="mono">{ x.name.clone() }</td>
                                    <td>{ x.status.as_str() }</td>
                                    <td>{ x.items }</td>
                                    <td>{ format_duration((x.stop_ms - x.start_ms) as f64) }</td>
                                    <td>{ x.error.clone().unwrap_or_default() }</td>
                                </tr>
                            }) }
                        </tbody>
                    </table>
                    if matching.len() > SHOWN_EXECUTIONS {
                        <p class="map-run-more">{ format!("Showing the first {SHOWN_EXECUTIONS} of {}", matching.len()) }</p>
                    }
                </details>
            }
        </section>
    }
}
