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

/// A failed execution's `EvaluationFailed` details.
fn evaluation_failed(e: &asl::Execution) -> serde_json::Value {
    e.history
        .iter()
        .find(|h| h.kind == "EvaluationFailed")
        .and_then(|h| h.details.as_ref())
        .map(|(_, d)| d.clone())
        .unwrap_or_default()
}

#[test]
fn assign_sees_the_variables_as_they_were() {
    // AWS: the values of one Assign are evaluated together; a variable assigned there is
    // visible from the next state on.
    let def = r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"x": 1}, "Next": "B"},
        "B": {"Type": "Pass", "Assign": {"x": 2, "old": "{% $x %}"}, "Output": {"x": "{% $x %}"}, "Next": "C"},
        "C": {"Type": "Pass", "Output": ["{% $x %}", "{% $old %}"], "End": true}}}"#;
    let e = run(def, json!({}), &fake());
    assert_eq!(e.output, Some(json!([2, 1])), "{:?}", e.cause);
    let def = r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Pass", "Assign": {"x": 1, "seen": "{% $x %}"}, "End": true}}}"#;
    let e = run(def, json!({}), &fake());
    assert_eq!(
        e.cause.as_deref(),
        Some("An error occurred while executing the state 'A' (entered at the event id #2). The JSONata expression '$x' specified for the field 'Assign/seen' returned nothing (undefined).")
    );
    assert_eq!(evaluation_failed(&e)["location"], json!("Assign/seen"));
}

#[test]
fn states_context_now_and_aws_functions() {
    let def = r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Pass", "Output": {
            "now": "{% $now() %}", "name": "{% $states.context.State.Name %}",
            "input": "{% $states.input.v %}", "hash": "{% $hash('a', 'MD5') %}",
            "same": "{% $random(7) = $random(7) %}", "uuid": "{% $length($uuid()) %}",
            "range": "{% $range(1, 9, 9) %}", "parsed": "{% $parse('[1]') %}"}, "End": true}}}"#;
    let e = run(def, json!({"v": 3}), &fake());
    assert_eq!(
        e.output,
        Some(json!({
            // $now() is the execution's (virtual) clock.
            "now": asl::history::time::iso8601(START_MS),
            "name": "A", "input": 3, "hash": "0cc175b9c0f1b6a831c399e269772661",
            "same": true, "uuid": 36, "range": 1, "parsed": [1]})),
        "{:?}",
        e.cause
    );
}

#[test]
fn eval_is_refused_and_errors_name_their_field() {
    let run_output = |output: &str| {
        let def = format!(
            r#"{{"QueryLanguage": "JSONata", "StartAt": "A", "States": {{
            "A": {{"Type": "Pass", "Output": {output}, "End": true}}}}}}"#
        );
        let e = run(&def, json!({}), &fake());
        assert_eq!(e.error.as_deref(), Some("States.QueryEvaluationError"));
        let prefix =
            "An error occurred while executing the state 'A' (entered at the event id #2). ";
        let cause = e.cause.unwrap_or_default();
        cause
            .strip_prefix(prefix)
            .map(str::to_string)
            .unwrap_or(cause)
    };
    // As AWS words a call of a function it does not have ($randomSeeded, recorded).
    assert_eq!(
        run_output(r#"{"a": ["{% $eval('1') %}"]}"#),
        "The JSONata expression '$eval('1')' specified for the field 'Output/a/0' threw an error during evaluation. T1006: Attempted to invoke a non-function"
    );
    assert_eq!(
        run_output(r#""{% function($x){$x} %}""#),
        "The JSONata expression 'function($x){$x}' specified for the field 'Output' returned an unsupported result type."
    );
    // A range over a state's limit (asl::query::MAX_RANGE) fails with JSONata's D2014 instead
    // of taking the page's memory; up to it, a range works.
    let over = run_output(r#""{% $count([1..1000001]) %}""#);
    assert!(over.contains("D2014") && over.contains("1000000"), "{over}");
    let def = r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Pass", "Output": "{% $count([1..1000000]) %}", "End": true}}}"#;
    assert_eq!(run(def, json!({}), &fake()).output, Some(json!(1_000_000)));
}

#[test]
fn task_map_and_parallel_fields() {
    let def = format!(
        r#"{{"QueryLanguage": "JSONata", "StartAt": "M", "States": {{
        "M": {{"Type": "Map", "Items": "{{% $states.input.list %}}", "MaxConcurrency": "{{% 1 %}}",
              "ItemSelector": {{"i": "{{% $states.context.Map.Item.Index %}}", "v": "{{% $states.context.Map.Item.Value %}}"}},
              "ItemProcessor": {{"StartAt": "T", "States": {{
                "T": {{"Type": "Task", "Resource": "{ECHO}", "TimeoutSeconds": "{{% 10 %}}",
                      "Arguments": {{"twice": "{{% $states.input.v * 2 %}}"}},
                      "Output": "{{% $states.result.twice %}}", "End": true}}}}}},
              "Assign": {{"total": "{{% $sum($states.result) %}}"}}, "Next": "P"}},
        "P": {{"Type": "Parallel", "Arguments": {{"t": "{{% $total %}}"}},
              "Branches": [{{"StartAt": "B", "States": {{"B": {{"Type": "Pass", "Output": "{{% $states.input.t + $total %}}", "End": true}}}}}}],
              "Output": "{{% $states.result[0] %}}", "End": true}}}}}}"#
    );
    let e = run(&def, json!({"list": [1, 2, 3]}), &fake());
    assert_eq!(e.status, Status::Succeeded, "{:?}", e.cause);
    // 2 + 4 + 6 = 12, doubled in the branch (which sees the outer variable).
    assert_eq!(e.output, Some(json!(24)));
}

#[test]
fn wait_and_choice_expressions() {
    let def = r#"{"QueryLanguage": "JSONata", "StartAt": "W", "States": {
        "W": {"Type": "Wait", "Seconds": "{% $states.input.s %}", "Next": "C"},
        "C": {"Type": "Choice", "Choices": [{"Condition": "{% $states.input.s %}", "Next": "W"}]}}}"#;
    let e = run(def, json!({"s": 60}), &fake());
    // The Wait took a minute of virtual time.
    assert_eq!(
        e.history[3].timestamp_ms - e.history[1].timestamp_ms,
        60_000
    );
    assert_eq!(
        e.cause.as_deref(),
        Some("An error occurred while executing the state 'C' (entered at the event id #4). The JSONata expression '$states.input.s' specified for the field 'Condition' returned an unexpected result type. Expected 'boolean', but was 'number' for value: 60")
    );
}

#[test]
fn a_choice_states_own_assign_applies_whichever_rule_matches() {
    // The Developer Guide (Choice rules, JSONata): a state-level Assign "applies regardless
    // of which choice rule matches"; where a rule's own sets the same variable, the rule's is
    // the one recorded (variables_assign/test_assign_in_choice_CONDITION_TRUE).
    let def = r#"{"QueryLanguage": "JSONata", "StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [
            {"Condition": true, "Next": "P", "Assign": {"a": "rule"}}],
            "Default": "P", "Assign": {"a": "state", "b": "state"}, "Output": {"from": "state"}},
        "P": {"Type": "Pass", "Output": ["{% $a %}", "{% $b %}", "{% $states.input %}"], "End": true}}}"#;
    let e = run(def, json!({}), &fake());
    assert_eq!(
        e.output,
        Some(json!(["rule", "state", {"from": "state"}])),
        "{:?}",
        e.cause
    );
}

#[test]
fn credentials_take_expressions() {
    let def = format!(
        r#"{{"QueryLanguage": "JSONata", "StartAt": "T", "States": {{
        "T": {{"Type": "Task", "Resource": "{ECHO}",
              "Credentials": {{"RoleArn": "{{% 'arn:aws:iam::123456789012:role/' & $states.input.role %}}"}},
              "End": true}}}}}}"#
    );
    let e = run(&def, json!({"role": "R"}), &fake());
    let scheduled = e
        .history
        .iter()
        .find(|h| h.kind == "LambdaFunctionScheduled")
        .and_then(|h| h.details.as_ref())
        .map(|(_, d)| d["taskCredentials"].clone());
    assert_eq!(
        scheduled,
        Some(json!({"roleArn": "arn:aws:iam::123456789012:role/R"}))
    );
}
