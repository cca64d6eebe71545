//! JSONata states running: the default and literal forms of each field (a literal template
//! is used as written), which state sees which value, and AWS's errors and events. The
//! expressions' own values are the `jsonata` crate's; the recorded AWS cases
//! (`../shared/conformance`, through `tests/conformance.rs`) cover the expressions.

mod common;

use asl::Status;
use common::*;
use serde_json::json;

const FAIL_F: &str = "arn:aws:lambda:us-east-1:123456789012:function:fail";
const ECHO: &str = "arn:aws:lambda:us-east-1:123456789012:function:echo";

fn fake() -> Fake {
    Fake::with(&[
        (
            "fail",
            Behavior::Raise {
                error_type: "Boom".into(),
                message: "no".into(),
            },
        ),
        ("echo", Behavior::Identity),
    ])
}

#[test]
fn outputs_default_to_the_result_or_the_input() {
    let def = format!(
        r#"{{"QueryLanguage": "JSONata", "StartAt": "T", "States": {{
        "T": {{"Type": "Task", "Resource": "{ECHO}", "Arguments": {{"sent": [1, 2]}}, "Next": "P"}},
        "P": {{"Type": "Pass", "Assign": {{"kept": "literal"}}, "Next": "S"}},
        "S": {{"Type": "Succeed", "Output": {{"done": true}}}}}}}}"#
    );
    let e = run(&def, json!({"in": 1}), &fake());
    assert_eq!(e.status, Status::Succeeded, "{:?}", e.cause);
    assert_eq!(e.output, Some(json!({"done": true})));
    // The Task's output is its result: what Arguments sent, echoed.
    let exited: Vec<&serde_json::Value> = e
        .history
        .iter()
        .filter(|h| h.kind.ends_with("StateExited"))
        .filter_map(|h| h.details.as_ref().map(|(_, d)| d))
        .collect();
    assert_eq!(exited[0]["output"], json!(r#"{"sent":[1,2]}"#));
    assert_eq!(exited[1]["output"], json!(r#"{"sent":[1,2]}"#));
    assert_eq!(
        exited[1]["assignedVariables"],
        json!({"kept": "\"literal\""})
    );
}

#[test]
fn a_catcher_outputs_the_error_output_by_default() {
    let def = format!(
        r#"{{"QueryLanguage": "JSONata", "StartAt": "T", "States": {{
        "T": {{"Type": "Task", "Resource": "{FAIL_F}", "End": true,
              "Catch": [{{"ErrorEquals": ["States.ALL"], "Next": "P", "Assign": {{"caught": true}}}}]}},
        "P": {{"Type": "Pass", "End": true}}}}}}"#
    );
    let e = run(&def, json!({}), &fake());
    assert_eq!(e.status, Status::Succeeded, "{:?}", e.cause);
    let out = e.output.expect("output");
    assert_eq!(out["Error"], json!("Boom"));
    assert!(out["Cause"].as_str().is_some_and(|c| c.contains("no")));
}

#[test]
fn choice_rules_with_literal_conditions_and_fail_fields() {
    let def = r#"{"QueryLanguage": "JSONata", "StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [
            {"Condition": false, "Next": "S"},
            {"Condition": true, "Next": "F", "Output": {"rule": 2}}],
            "Default": "S"},
        "S": {"Type": "Succeed"},
        "F": {"Type": "Fail", "Error": "Custom", "Cause": "second rule"}}}"#;
    let e = run(def, json!({}), &fake());
    assert_eq!(e.status, Status::Failed);
    assert_eq!(e.error.as_deref(), Some("Custom"));
    assert_eq!(e.cause.as_deref(), Some("second rule"));
}

#[test]
fn a_map_without_items_needs_an_array_input() {
    let def = r#"{"QueryLanguage": "JSONata", "StartAt": "M", "States": {
        "M": {"Type": "Map", "ItemProcessor": {"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}},
              "ItemSelector": {"fixed": 1}, "End": true}}}"#;
    let e = run(def, json!([1, 2]), &fake());
    assert_eq!(e.output, Some(json!([{"fixed": 1}, {"fixed": 1}])));
    let e = run(def, json!({"foo": "bar"}), &fake());
    assert_eq!(e.error.as_deref(), Some("States.QueryEvaluationError"));
    assert_eq!(
        e.cause.as_deref(),
        Some("An error occurred while executing the state 'M' (entered at the event id #2). Map state input must be an array but was: {\"foo\":\"bar\"}")
    );
    // AWS's events (map/…items_input_types_object): EvaluationFailed without a location,
    // then MapStateFailed.
    assert_eq!(
        types(&e),
        [
            "ExecutionStarted",
            "MapStateEntered",
            "EvaluationFailed",
            "MapStateFailed",
            "ExecutionFailed"
        ]
    );
    let failed = e.history[2].details.as_ref().map(|(_, d)| d.clone());
    let failed = failed.expect("details");
    assert_eq!(failed["state"], json!("M"));
    assert!(failed.get("location").is_none(), "{failed}");
    assert_eq!(ids(&e)[2], (3, 0));
}

#[test]
fn a_jsonpath_machine_runs_its_jsonata_states() {
    let def = r#"{"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Result": {"x": 1}, "ResultPath": "$.r", "Next": "B"},
        "B": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": ["literal"], "End": true}}}"#;
    let e = run(def, json!({}), &fake());
    assert_eq!(e.output, Some(json!(["literal"])));
}
