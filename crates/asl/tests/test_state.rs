//! TestState: one state run alone, with AWS's answer shape (status, output, error, cause,
//! nextState, inspectionData), mocked Task results and errors, retriers and catchers.

mod common;

use asl::host::{SplitMix64, VirtualClock};
use asl::test_state::{
    parse_mock, test_state, InspectionLevel, TestStateRequest, TestStateResult, TestStatus,
};
use asl::{ExecutionConfig, Host, RuntimeError};
use common::{Behavior, Fake};
use serde_json::{json, Value};

fn test(request: &TestStateRequest, fake: &Fake) -> Result<TestStateResult, Vec<asl::Diagnostic>> {
    let (clock, rng) = (VirtualClock::new(common::START_MS), SplitMix64::new(1));
    let host = Host::new(fake, &clock, &rng);
    let config = ExecutionConfig::new("Machine", "test");
    asl::block_on(test_state(request, &config, host))
}

fn request(definition: &str, input: Value) -> TestStateRequest {
    TestStateRequest {
        definition: definition.into(),
        input,
        ..Default::default()
    }
}

fn ok(definition: &str, input: Value) -> TestStateResult {
    test(&request(definition, input), &Fake::default()).expect("the state loads")
}

const CHOICE: &str = r#"{"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericGreaterThan": 3, "Next": "Big"}], "Default": "Small"}"#;

#[test]
fn a_choice_names_the_next_state() {
    let r = ok(CHOICE, json!({"x": 5}));
    assert_eq!(r.status, TestStatus::Succeeded);
    assert_eq!(r.next_state.as_deref(), Some("Big"));
    assert_eq!(r.output, Some(json!({"x": 5})));
    assert_eq!(
        ok(CHOICE, json!({"x": 1})).next_state.as_deref(),
        Some("Small")
    );
    let shape = ok(CHOICE, json!({"x": 1})).to_json();
    assert_eq!(
        shape,
        json!({"status": "SUCCEEDED", "output": "{\"x\":1}", "nextState": "Small"})
    );
}

const TASK: &str = r#"{
  "Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
  "Parameters": {"TableName": "T", "Item": {"id": {"S.$": "$.id"}}},
  "ResultSelector": {"status.$": "$.Status"}, "ResultPath": "$.saved",
  "Retry": [{"ErrorEquals": ["DynamoDB.ProvisionedThroughputExceededException"], "IntervalSeconds": 2, "BackoffRate": 3, "MaxAttempts": 2}],
  "Catch": [{"ErrorEquals": ["States.Timeout"], "Next": "Late"}, {"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Handle"}],
  "Next": "Done"
}"#;

fn with_mock(mock: Value, level: InspectionLevel, retries: u64) -> TestStateResult {
    let mut r = request(TASK, json!({"id": "o-1"}));
    r.mock = Some(parse_mock(&mock).expect("mock"));
    r.inspection_level = level;
    r.retrier_retry_count = retries;
    test(&r, &Fake::default()).expect("loads")
}

#[test]
fn a_mocked_result_flows_through_the_state() {
    let r = with_mock(
        json!({"result": "{\"Status\": 200}"}),
        InspectionLevel::Debug,
        0,
    );
    assert_eq!(r.status, TestStatus::Succeeded, "{r:?}");
    assert_eq!(
        r.output,
        Some(json!({"id": "o-1", "saved": {"status": 200}}))
    );
    assert_eq!(r.next_state.as_deref(), Some("Done"));
    let data = r.inspection_data.expect("DEBUG has inspection data");
    assert_eq!(data["input"], "{\"id\":\"o-1\"}");
    assert_eq!(data["afterInputPath"], "{\"id\":\"o-1\"}");
    assert_eq!(
        data["afterParameters"],
        "{\"TableName\":\"T\",\"Item\":{\"id\":{\"S\":\"o-1\"}}}"
    );
    assert_eq!(data["result"], "{\"Status\":200}");
    assert_eq!(data["afterResultSelector"], "{\"status\":200}");
    assert_eq!(
        data["afterResultPath"],
        "{\"id\":\"o-1\",\"saved\":{\"status\":200}}"
    );
    // INFO tells no more than the result.
    assert_eq!(
        with_mock(
            json!({"result": "{\"Status\": 200}"}),
            InspectionLevel::Info,
            0
        )
        .inspection_data,
        None
    );
}

#[test]
fn a_mocked_error_is_caught_retried_or_fails() {
    let caught = with_mock(
        json!({"errorOutput": {"error": "DynamoDB.ConditionalCheckFailedException", "cause": "exists"}}),
        InspectionLevel::Debug,
        0,
    );
    assert_eq!(caught.status, TestStatus::CaughtError);
    assert_eq!(caught.next_state.as_deref(), Some("Handle"));
    assert_eq!(
        caught.error.as_deref(),
        Some("DynamoDB.ConditionalCheckFailedException")
    );
    assert_eq!(caught.cause.as_deref(), Some("exists"));
    assert_eq!(
        caught.output,
        Some(
            json!({"id": "o-1", "error": {"Error": "DynamoDB.ConditionalCheckFailedException", "Cause": "exists"}})
        )
    );
    assert_eq!(
        caught.inspection_data.unwrap()["errorDetails"],
        json!({"catchIndex": 1})
    );

    let throttled = json!({"errorOutput": {"error": "DynamoDB.ProvisionedThroughputExceededException", "cause": "slow down"}});
    let retriable = with_mock(throttled.clone(), InspectionLevel::Debug, 1);
    assert_eq!(retriable.status, TestStatus::Retriable);
    assert_eq!(
        (retriable.output.as_ref(), retriable.next_state.as_ref()),
        (None, None)
    );
    assert_eq!(
        retriable.inspection_data.unwrap()["errorDetails"],
        json!({"retryIndex": 0, "retryBackoffIntervalSeconds": 6})
    );
    // Its retries used up (MaxAttempts 2), the catcher takes it.
    let exhausted = with_mock(throttled, InspectionLevel::Info, 2);
    assert_eq!(exhausted.status, TestStatus::CaughtError);
    assert_eq!(exhausted.next_state.as_deref(), Some("Handle"));
}

#[test]
fn an_uncaught_error_fails() {
    let r = ok(
        r#"{"Type": "Fail", "Error": "Oops", "Cause": "bad"}"#,
        json!({}),
    );
    assert_eq!(r.status, TestStatus::Failed);
    assert_eq!(
        (r.error.as_deref(), r.cause.as_deref()),
        (Some("Oops"), Some("bad"))
    );
    assert_eq!(
        r.to_json(),
        json!({"status": "FAILED", "error": "Oops", "cause": "bad"})
    );
}

#[test]
fn a_task_without_a_mock_calls_its_function() {
    let fake = Fake::with(&[("Hello", Behavior::Constant(json!("hi")))]);
    let r = test(
        &request(r#"{"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Hello", "End": true}"#, json!({})),
        &fake,
    )
    .unwrap();
    assert_eq!(
        (r.status, r.output, r.next_state),
        (TestStatus::Succeeded, Some(json!("hi")), None)
    );
    assert_eq!(fake.calls.borrow().len(), 1);
}

#[test]
fn variables_and_context_are_what_the_state_sees() {
    let mut r = request(
        r#"{"Type": "Pass", "Parameters": {"name.$": "$$.Execution.Name", "n.$": "$n", "entered.$": "$$.State.Name"},
            "Assign": {"doubled.$": "States.MathAdd($n, $n)"}, "End": true}"#,
        json!({}),
    );
    r.variables.insert("n".into(), json!(21));
    r.context = Some(json!({"Execution": {"Name": "from-context"}}));
    r.inspection_level = InspectionLevel::Debug;
    let out = test(&r, &Fake::default()).unwrap();
    assert_eq!(
        out.output,
        Some(json!({"name": "from-context", "n": 21, "entered": "TestState"})),
        "{out:?}"
    );
    let vars: Value =
        serde_json::from_str(out.inspection_data.unwrap()["variables"].as_str().unwrap()).unwrap();
    assert_eq!(vars, json!({"n": 21, "doubled": 42}));

    let jsonata = ok(
        r#"{"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% $states.input.a * 2 %}", "Next": "After"}"#,
        json!({"a": 4}),
    );
    assert_eq!(
        (jsonata.output, jsonata.next_state.as_deref()),
        (Some(json!(8)), Some("After"))
    );
}

#[test]
fn a_state_of_a_whole_definition_is_named() {
    let machine = r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": 1, "Next": "B"}, "B": {"Type": "Pass", "Result": 2, "End": true}}}"#;
    let mut r = request(machine, json!({}));
    r.state_name = Some("B".into());
    let out = test(&r, &Fake::default()).unwrap();
    assert_eq!((out.output, out.next_state), (Some(json!(2)), None));

    r.state_name = None;
    let e = test(&r, &Fake::default()).unwrap_err();
    assert!(
        e[0].message.contains("needs the name of the state to test"),
        "{e:?}"
    );
    r.state_name = Some("Z".into());
    let e = test(&r, &Fake::default()).unwrap_err();
    assert!(e[0].message.contains("no state named 'Z'"), "{e:?}");

    // A state inside a Map's processor is found too.
    let nested = r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"StartAt": "Inner", "States": {
        "Inner": {"Type": "Pass", "Parameters": {"v.$": "$.v"}, "End": true}}}, "End": true}}}"#;
    let mut r = request(nested, json!({"v": 3}));
    r.state_name = Some("Inner".into());
    assert_eq!(
        test(&r, &Fake::default()).unwrap().output,
        Some(json!({"v": 3}))
    );
}

#[test]
fn problems_in_a_lone_state_are_located_in_its_own_text() {
    let text = "{\n  \"Type\": \"Pass\",\n  \"ResultPath\": 7,\n  \"End\": true\n}";
    let e = test(&request(text, json!({})), &Fake::default()).unwrap_err();
    assert_eq!(e[0].pointer, "/ResultPath", "{e:?}");
    assert_eq!(e[0].line, 3, "{e:?}");
    let (a, b) = e[0].span.unwrap();
    assert_eq!(&text[a..b], "7");

    let syntax = test(
        &request("{\n  \"Type\": \"Pass\",,\n}", json!({})),
        &Fake::default(),
    )
    .unwrap_err();
    assert_eq!(
        (syntax[0].line, syntax[0].code),
        (2, asl::DiagnosticCode::JsonSyntax),
        "{syntax:?}"
    );
}

#[test]
fn bad_mocks_are_refused_with_a_reason() {
    for (mock, message) in [
        (json!([]), "the mock must be an object"),
        (json!({"result": "{", }), "/result: not JSON text"),
        (
            json!({"errorOutput": {"cause": "x"}}),
            "/errorOutput/error: required",
        ),
        (
            json!({"result": "1", "errorOutput": {"error": "E"}}),
            "not both",
        ),
        (json!({"reslt": "1"}), "/reslt: unknown field"),
    ] {
        let e = parse_mock(&mock).unwrap_err();
        assert!(e.contains(message), "{mock}: {e}");
    }
    assert_eq!(
        parse_mock(&json!({"errorOutput": {"error": "E", "cause": "C"}})).unwrap(),
        Err(RuntimeError::new("E", "C"))
    );
}
