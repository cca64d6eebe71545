//! Testing the function alone: its saved test events (named, editable), a Test button, and
//! the result with logs.

use asl::host::InvocationOutcome;
use yew::prelude::*;

use crate::bindings::browser;
use crate::state::{Action, FunctionTest, TestEvent};
use crate::views::{format_duration, pretty};

/// Props of [`FunctionTestBar`].
#[derive(Properties, PartialEq)]
pub struct FunctionTestBarProps {
    /// The function's saved test events.
    pub events: Vec<TestEvent>,
    /// The selected one (index into `events`).
    pub selected_event: usize,
    /// Why the last rename was refused.
    #[prop_or_default]
    pub event_problem: Option<String>,
    /// Changes the state (select, add, rename, edit, delete a test event).
    pub dispatch: Callback<Action>,
    /// Test the function.
    pub on_test: Callback<()>,
    /// The last test.
    pub result: Option<FunctionTest>,
    /// The function's timeout, in seconds.
    pub timeout_s: u32,
    /// The timeout was changed.
    pub on_timeout: Callback<u32>,
}

/// The function test bar under the function editor.
#[component]
pub fn FunctionTestBar(props: &FunctionTestBarProps) -> Html {
    let d = &props.dispatch;
    let oninput = d.reform(|e: InputEvent| {
        Action::EditTestEvent(
            e.target_unchecked_into::<web_sys::HtmlInputElement>()
                .value(),
        )
    });
    let on_select = d.reform(|e: Event| {
        let value = browser::select_value(&e);
        Action::SelectTestEvent(value.parse().unwrap_or(0))
    });
    let on_rename = d.reform(|e: Event| {
        Action::RenameTestEvent(
            e.target_unchecked_into::<web_sys::HtmlInputElement>()
                .value(),
        )
    });
    let selected = props.events.get(props.selected_event);
    let event_text = selected.map(|e| e.event.clone()).unwrap_or_default();
    let event_name = selected.map(|e| e.name.clone()).unwrap_or_default();
    let onkeydown = {
        let on_test = props.on_test.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" && !e.ctrl_key() && !e.meta_key() {
                e.prevent_default();
                on_test.emit(());
            }
        })
    };
    let running = props.result.as_ref().is_some_and(|r| r.running);
    let on_timeout = {
        let on_timeout = props.on_timeout.clone();
        Callback::from(move |e: Event| {
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            if let Ok(seconds) = input.value().trim().parse::<u32>() {
                on_timeout.emit(seconds);
            }
        })
    };
    html! {
        <div class="fn-test">
            <div class="fn-test-row">
                <label for="test-event-select">{ "Test event" }</label>
                <select id="test-event-select" class="fn-test-select" data-testid="test-event-select"
                    title="The function's saved test events" onchange={on_select}>
                    { for props.events.iter().enumerate().map(|(k, e)| html! {
                        <option value={k.to_string()} selected={k == props.selected_event}>{ e.name.clone() }</option>
                    }) }
                </select>
                <input class="fn-test-name" data-testid="test-event-name" aria-label="Test event name"
                    title="Rename the test event (letters, digits, - _ .; at most 25)"
                    spellcheck="false" value={event_name} onchange={on_rename} />
                <button type="button" class="btn btn-small" data-testid="test-event-add"
                    title="Save a copy of this test event under a new name"
                    onclick={d.reform(|_: MouseEvent| Action::AddTestEvent)}>{ "New" }</button>
                <button type="button" class="btn btn-small" data-testid="test-event-delete"
                    title="Delete this test event" disabled={props.events.len() <= 1}
                    onclick={d.reform(|_: MouseEvent| Action::RemoveTestEvent)}>{ "Delete" }</button>
            </div>
            <div class="fn-test-row">
                <input id="function-test-event" class="fn-test-event" data-testid="function-test-event"
                    aria-label="Test event (JSON)" spellcheck="false" value={event_text} {oninput} {onkeydown} />
                <button type="button" class="btn btn-secondary" data-testid="function-test-button"
                    disabled={running} onclick={props.on_test.reform(|_: MouseEvent| ())}>
                    { "Test" }
                </button>
                <label class="fn-timeout" title="The function's timeout (Lambda: 1 to 900 seconds, 3 by default)">
                    { "Timeout" }
                    <input type="number" min="1" max="900" data-testid="function-timeout"
                        value={props.timeout_s.to_string()} onchange={on_timeout} />
                    { "s" }
                </label>
            </div>
            if let Some(problem) = &props.event_problem {
                <p class="notice notice-error" data-testid="test-event-problem">{ problem.clone() }</p>
            }
            if let Some(test) = &props.result {
                { result(test) }
            }
        </div>
    }
}

fn result(test: &FunctionTest) -> Html {
    let (status, class, body) = match &test.outcome {
        None => (
            "RUNNING",
            "status-running",
            html! { <span class="muted">{ "Invoking…" }</span> },
        ),
        Some(InvocationOutcome::Succeeded { payload }) => (
            "SUCCEEDED",
            "status-succeeded",
            html! { <code class="fn-payload">{ pretty(payload) }</code> },
        ),
        Some(InvocationOutcome::Failed {
            error_type,
            error_message,
            ..
        }) => (
            "FAILED",
            "status-failed",
            html! { <code class="fn-error">{ format!("{error_type}: {error_message}") }</code> },
        ),
        Some(InvocationOutcome::TimedOut { timeout_ms }) => (
            "TIMED_OUT",
            "status-timed_out",
            html! { <code class="fn-error">{ format!("Task timed out after {:.2} seconds", *timeout_ms as f64 / 1000.0) }</code> },
        ),
        Some(InvocationOutcome::FunctionNotFound) => (
            "FAILED",
            "status-failed",
            html! { <code class="fn-error">{ "Function not found" }</code> },
        ),
        Some(InvocationOutcome::Rejected { error, cause }) => (
            "FAILED",
            "status-failed",
            html! { <code class="fn-error">{ format!("{error}: {cause}") }</code> },
        ),
    };
    html! {
        <div class="fn-test-result" data-testid="function-test-result" data-status={status}>
            <div class="fn-test-line">
                <span class={classes!("status-badge", class)}>{ status }</span>
                { body }
                if test.outcome.is_some() {
                    <span class="fn-duration">{ format_duration(test.duration_ms) }</span>
                }
            </div>
            if !test.logs.is_empty() {
                <pre class="logs" data-testid="function-logs">{ for test.logs.iter().map(|l| html! {
                    <div class={classes!("log", format!("log-{}", l.level))}>
                        { l.message.clone() }
                    </div>
                }) }</pre>
            }
        </div>
    }
}
