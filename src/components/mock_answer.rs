//! How a mock (a function named after a service's resource) answers
//! (`data-testid="mock-answer-bar"`): by running its code, or with a fixed response or a fixed
//! error and no code. A response that is not JSON stays in its field, with the reason, and
//! changes nothing.

use asl::host::fixed::FixedAnswer;
use serde_json::{json, Value};
use yew::prelude::*;

use crate::bindings::browser;
use crate::views::{not_json, pretty};

/// Props of [`MockAnswerBar`].
#[derive(Properties, PartialEq)]
pub struct MockAnswerBarProps {
    /// The mock's fixed answer (`None`: its code runs).
    pub fixed: Option<FixedAnswer>,
    /// The answer was changed.
    pub on_change: Callback<Option<FixedAnswer>>,
}

/// The error a new fixed error starts as.
const DEFAULT_ERROR: &str = "InternalServerError";

/// The row under a mock's editor.
#[component]
pub fn MockAnswerBar(props: &MockAnswerBarProps) -> Html {
    // What is typed in the response field, and why it is refused (kept until it parses).
    let typed = use_state(|| None::<(String, String)>);
    let mode = match &props.fixed {
        None => "code",
        Some(FixedAnswer::Response { .. }) => "response",
        Some(FixedAnswer::Error { .. }) => "error",
    };
    let on_mode = {
        let (on_change, typed) = (props.on_change.clone(), typed.clone());
        Callback::from(move |e: Event| {
            typed.set(None);
            on_change.emit(match browser::select_value(&e).as_str() {
                "response" => Some(FixedAnswer::Response {
                    response: json!({}),
                }),
                "error" => Some(FixedAnswer::Error {
                    error: DEFAULT_ERROR.into(),
                    cause: "A fixed error of the mock".into(),
                }),
                _ => None,
            });
        })
    };
    let on_response = {
        let (on_change, typed) = (props.on_change.clone(), typed.clone());
        Callback::from(move |e: Event| {
            let text = browser::textarea_value(&e);
            match asl::parse_json(&text) {
                Ok(response) => {
                    typed.set(None);
                    on_change.emit(Some(FixedAnswer::Response { response }));
                }
                Err(d) => typed.set(Some((text, not_json("The response", &d)))),
            }
        })
    };
    let (error, cause) = match &props.fixed {
        Some(FixedAnswer::Error { error, cause }) => (error.clone(), cause.clone()),
        _ => (String::new(), String::new()),
    };
    let on_error = {
        let (on_change, cause) = (props.on_change.clone(), cause.clone());
        Callback::from(move |e: Event| {
            let error = browser::text_value(&e).trim().to_string();
            if !error.is_empty() {
                on_change.emit(Some(FixedAnswer::Error {
                    error,
                    cause: cause.clone(),
                }));
            }
        })
    };
    let on_cause = {
        let (on_change, error) = (props.on_change.clone(), error.clone());
        Callback::from(move |e: Event| {
            on_change.emit(Some(FixedAnswer::Error {
                error: error.clone(),
                cause: browser::text_value(&e),
            }));
        })
    };
    let response_text = match (&*typed, &props.fixed) {
        (Some((text, _)), _) => text.clone(),
        (None, Some(FixedAnswer::Response { response })) => pretty(response),
        _ => pretty(&Value::Null),
    };
    html! {
        <div class="mock-answer" data-testid="mock-answer-bar">
            <label class="mock-answer-mode">
                { "Answer with " }
                <select data-testid="mock-answer" onchange={on_mode} aria-label="How the mock answers">
                    <option value="code" selected={mode == "code"}>{ "the code above" }</option>
                    <option value="response" selected={mode == "response"}>{ "a fixed response" }</option>
                    <option value="error" selected={mode == "error"}>{ "a fixed error" }</option>
                </select>
            </label>
            if mode == "response" {
                <textarea class="mock-response" data-testid="mock-response" spellcheck="false" rows="4"
                    aria-label="The fixed response (JSON)" value={response_text} onchange={on_response} />
                if let Some((_, why)) = &*typed {
                    <p class="notice notice-error" data-testid="mock-answer-problem">{ why.clone() }</p>
                }
            }
            if mode == "error" {
                <input class="mock-error-name" data-testid="mock-error-name" spellcheck="false"
                    aria-label="Error name" value={error} onchange={on_error} />
                <input class="mock-error-cause" data-testid="mock-error-cause" spellcheck="false"
                    aria-label="Cause" value={cause} onchange={on_cause} />
            }
            if mode != "code" {
                <p class="mock-answer-note">{ "Every request gets this answer; the code above is kept but not run. An error's name gets the service's prefix (ConditionalCheckFailedException on DynamoDB: DynamoDB.ConditionalCheckFailedException)." }</p>
            }
        </div>
    }
}
