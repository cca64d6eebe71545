//! Test state: the inspected state run alone, as AWS's TestState API runs it, on an input of
//! the user's (by default the inspected entry's input, else the execution input), with a
//! Task's result or error mocked or not, at an inspection level; shows TestState's answer
//! (status, next state, output, error, and the inspection data).

use asl::test_state::{InspectionLevel, TestStateRequest, TestStatus};
use asl::RuntimeError;
use serde_json::Value;
use yew::prelude::*;

use crate::bindings::browser;
use crate::components::text_setter;
use crate::runtime::test_state::TestOutcome;
use crate::views::{not_json, pretty, pretty_cause};

/// Props of [`TestStatePanel`].
#[derive(Properties, PartialEq)]
pub struct TestStatePanelProps {
    /// The state to test.
    pub state_name: AttrValue,
    /// Whether it is a Task (a mock can stand for what it calls).
    pub is_task: bool,
    /// The input offered at first.
    pub default_input: AttrValue,
    /// Runs a test; the callback gets the outcome.
    pub on_run: Callback<(TestStateRequest, Callback<TestOutcome>)>,
}

/// What a Task's call is replaced by.
#[derive(Clone, Copy, PartialEq)]
enum MockKind {
    None,
    Result,
    Error,
}

/// The Test state section (`data-testid="test-state"`).
#[component]
pub fn TestStatePanel(props: &TestStatePanelProps) -> Html {
    let input = use_state(|| props.default_input.to_string());
    {
        // Another state (or entry) inspected: its input is offered.
        let input = input.clone();
        use_effect_with(props.default_input.clone(), move |d| {
            input.set(d.to_string())
        });
    }
    let mock = use_state(|| MockKind::None);
    let mock_result = use_state(|| "{}".to_string());
    let mock_error = use_state(String::new);
    let mock_cause = use_state(String::new);
    let level = use_state(|| InspectionLevel::Debug);
    let outcome = use_state(|| None::<Result<TestOutcome, String>>);
    let running = use_state(|| false);
    let run = {
        let (input, mock, mock_result, mock_error, mock_cause, level, outcome, running) = (
            input.clone(),
            mock.clone(),
            mock_result.clone(),
            mock_error.clone(),
            mock_cause.clone(),
            level.clone(),
            outcome.clone(),
            running.clone(),
        );
        let (on_run, state_name, is_task) = (
            props.on_run.clone(),
            props.state_name.clone(),
            props.is_task,
        );
        Callback::from(move |_: MouseEvent| {
            let parsed = match asl::parse_json(&input) {
                Ok(v) => v,
                Err(d) => {
                    outcome.set(Some(Err(not_json("The input", &d))));
                    return;
                }
            };
            let task_mock = match (*mock, is_task) {
                (MockKind::Result, true) => match asl::parse_json(&mock_result) {
                    Ok(v) => Some(Ok(v)),
                    Err(d) => {
                        outcome.set(Some(Err(not_json("The mocked result", &d))));
                        return;
                    }
                },
                (MockKind::Error, true) if mock_error.trim().is_empty() => {
                    outcome.set(Some(Err("The mocked error needs an error name".into())));
                    return;
                }
                (MockKind::Error, true) => Some(Err(RuntimeError::new(
                    mock_error.trim(),
                    mock_cause.to_string(),
                ))),
                _ => None,
            };
            let request = TestStateRequest {
                state_name: Some(state_name.to_string()),
                input: parsed,
                mock: task_mock,
                inspection_level: *level,
                ..Default::default()
            };
            running.set(true);
            let (outcome, running) = (outcome.clone(), running.clone());
            on_run.emit((
                request,
                Callback::from(move |o: TestOutcome| {
                    running.set(false);
                    outcome.set(Some(Ok(o)));
                }),
            ));
        })
    };
    let on_mock = {
        let mock = mock.clone();
        Callback::from(move |e: Event| {
            mock.set(match browser::select_value(&e).as_str() {
                "result" => MockKind::Result,
                "error" => MockKind::Error,
                _ => MockKind::None,
            })
        })
    };
    let on_level = {
        let level = level.clone();
        Callback::from(move |e: Event| {
            level.set(InspectionLevel::parse(&browser::select_value(&e)).unwrap_or_default())
        })
    };
    let level_name = match *level {
        InspectionLevel::Info => "INFO",
        InspectionLevel::Debug => "DEBUG",
        InspectionLevel::Trace => "TRACE",
    };
    html! {
        <details class="test-state" data-testid="test-state">
            <summary>{ format!("Test {} alone (TestState)", props.state_name) }</summary>
            <label class="waiting-field">{ "Input (JSON)" }
                <textarea data-testid="test-state-input" rows="4" value={(*input).clone()} oninput={text_setter(&input)} spellcheck="false" />
            </label>
            if props.is_task {
                <label class="test-state-row">{ "Task " }
                    <select data-testid="test-state-mock" onchange={on_mock}>
                        <option value="none" selected={*mock == MockKind::None}>{ "calls its function or mock" }</option>
                        <option value="result" selected={*mock == MockKind::Result}>{ "mocked result" }</option>
                        <option value="error" selected={*mock == MockKind::Error}>{ "mocked error" }</option>
                    </select>
                </label>
                if *mock == MockKind::Result {
                    <textarea data-testid="test-state-mock-result" rows="3" value={(*mock_result).clone()} oninput={text_setter(&mock_result)} spellcheck="false" />
                }
                if *mock == MockKind::Error {
                    <div class="waiting-failure">
                        <input data-testid="test-state-mock-error" placeholder="Error" value={(*mock_error).clone()} oninput={text_setter(&mock_error)} />
                        <input data-testid="test-state-mock-cause" placeholder="Cause" value={(*mock_cause).clone()} oninput={text_setter(&mock_cause)} />
                    </div>
                }
            }
            <div class="waiting-actions">
                <label>{ "Inspection level " }
                    <select data-testid="test-state-level" onchange={on_level} value={level_name}>
                        { for ["INFO", "DEBUG", "TRACE"].iter().map(|l| html! {
                            <option value={*l} selected={*l == level_name}>{ *l }</option>
                        }) }
                    </select>
                </label>
                <button type="button" class="btn btn-small btn-primary" data-testid="test-state-run"
                    onclick={run} disabled={*running}>{ if *running { "Testing…" } else { "Test state" } }</button>
            </div>
            { outcome_view(outcome.as_ref()) }
        </details>
    }
}

/// TestState's answer (`data-testid="test-state-result"`, `data-status`), or why there is none.
fn outcome_view(outcome: Option<&Result<TestOutcome, String>>) -> Html {
    match outcome {
        None => html! {},
        Some(Err(problem)) => html! {
            <p class="notice notice-error" data-testid="test-state-problem">{ problem.clone() }</p>
        },
        Some(Ok(Err(diagnostics))) => html! {
            <div class="notice notice-error" data-testid="test-state-problem">
                { for diagnostics.iter().map(|d| html! { <div>{ d.to_string() }</div> }) }
            </div>
        },
        Some(Ok(Ok(r))) => {
            let status = r.status.as_str();
            let good = matches!(r.status, TestStatus::Succeeded | TestStatus::CaughtError);
            html! {
                <div class="test-state-result" data-testid="test-state-result" data-status={status}>
                    <div class="waiting-head">
                        <span class={classes!("status-badge", if good { "status-succeeded" } else { "status-failed" })}>{ status }</span>
                        if let Some(next) = &r.next_state {
                            <span data-testid="test-state-next" data-next={next.clone()}>{ format!("→ next: {next}") }</span>
                        }
                    </div>
                    if let Some(o) = &r.output {
                        <div class="ts-field"><span class="ts-label">{ "Output" }</span>
                            <pre class="json" data-testid="test-state-output">{ pretty(o) }</pre></div>
                    }
                    if let Some(e) = &r.error {
                        <div class="ts-field"><span class="ts-label">{ "Error" }</span>
                            <pre class="json" data-testid="test-state-error">{ format!("{e}\n{}", r.cause.as_deref().map(pretty_cause).unwrap_or_default()) }</pre></div>
                    }
                    if let Some(Value::Object(data)) = &r.inspection_data {
                        <div class="ts-field" data-testid="test-state-inspection">
                            <span class="ts-label">{ "Inspection data" }</span>
                            { for data.iter().map(|(k, v)| {
                                let shown = match v {
                                    Value::String(text) => asl::parse_json(text).map(|j| pretty(&j)).unwrap_or_else(|_| text.clone()),
                                    other => pretty(other),
                                };
                                html! {
                                    <div class="ts-step" data-step={k.clone()}>
                                        <span class="ts-label">{ k.clone() }</span>
                                        <pre class="json">{ shown }</pre>
                                    </div>
                                }
                            }) }
                        </div>
                    }
                </div>
            }
        }
    }
}
