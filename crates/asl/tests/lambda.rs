//! Lambda tasks: direct function ARNs and `arn:aws:states:::lambda:invoke`, handler errors,
//! timeouts, missing functions, Retry and Catch.

mod common;

use asl::Status;
use common::*;
use serde_json::{json, Value};

#[test]
fn lambda_invoke_wraps_the_result_like_aws() {
    let def = r#"{"StartAt":"I","States":{"I":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"arn:aws:lambda:us-east-1:123456789012:function:echo:7","Payload.$":"$"},"End":true}}}"#;
    let fake = Fake::with(&[("echo", Behavior::Identity)]);
    let e = run(def, json!({"a": 1}), &fake);
    let out = e.output.clone().expect("output");
    assert_eq!(out["Payload"], json!({"a": 1}));
    assert_eq!(out["StatusCode"], 200);
    assert_eq!(out["ExecutedVersion"], "7");
    let keys: Vec<&str> = out
        .as_object()
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    assert_eq!(
        keys,
        [
            "ExecutedVersion",
            "Payload",
            "SdkHttpMetadata",
            "SdkResponseMetadata",
            "StatusCode"
        ]
    );
    let rid = out["SdkResponseMetadata"]["RequestId"]
        .as_str()
        .unwrap_or_default();
    assert_eq!(rid.len(), 36);
    assert_eq!(
        out["SdkHttpMetadata"]["HttpHeaders"]["x-amzn-RequestId"],
        rid
    );
    assert_eq!(out["SdkHttpMetadata"]["HttpHeaders"]["Content-Length"], "7");
    assert_eq!(out["SdkHttpMetadata"]["HttpStatusCode"], 200);
    assert_eq!(fake.calls.borrow()[0].qualifier.as_deref(), Some("7"));
    assert_eq!(
        types(&e),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );
    assert_eq!(
        e.history[2].to_json()["taskScheduledEventDetails"],
        json!({"parameters": "{\"FunctionName\":\"arn:aws:lambda:us-east-1:123456789012:function:echo:7\",\"Payload\":{\"a\":1}}",
               "region": "us-east-1", "resourceType": "lambda", "resource": "invoke"})
    );
    assert_eq!(
        e.history[3].to_json()["taskStartedEventDetails"],
        json!({"resourceType": "lambda", "resource": "invoke"})
    );
}

#[test]
fn handler_errors_become_task_errors() {
    let def = r#"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:boom","End":true}}}"#;
    let fake = Fake::with(&[(
        "boom",
        Behavior::Raise {
            error_type: "CustomError".into(),
            message: "it broke".into(),
        },
    )]);
    let e = run(def, json!({}), &fake);
    assert_eq!(e.status, Status::Failed);
    assert_eq!(e.error.as_deref(), Some("CustomError"));
    let cause: Value =
        serde_json::from_str(e.cause.as_deref().unwrap_or("")).expect("cause is JSON");
    assert_eq!(
        cause,
        json!({"errorType": "CustomError", "errorMessage": "it broke", "trace": ["at handler (/var/task/index.js:1:1)"]})
    );
    assert_eq!(
        types(&e),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "LambdaFunctionScheduled",
            "LambdaFunctionStarted",
            "LambdaFunctionFailed",
            "ExecutionFailed"
        ]
    );
    assert_eq!(ids(&e)[5], (6, 5));
    assert_eq!(e.history[4].detail("error"), Some(&json!("CustomError")));
}

#[test]
fn timeouts_and_missing_functions() {
    let def = |f: &str| {
        format!(
            r#"{{"StartAt":"T","States":{{"T":{{"Type":"Task","Resource":"{f}","End":true}}}}}}"#
        )
    };
    let fake = Fake::with(&[("slow", Behavior::TimeOut(3000))]);
    let e = run(
        &def("arn:aws:lambda:us-east-1:123456789012:function:slow"),
        json!({}),
        &fake,
    );
    assert_eq!(e.error.as_deref(), Some("Sandbox.Timedout"));
    let cause: Value =
        serde_json::from_str(e.cause.as_deref().unwrap_or("")).expect("cause is JSON");
    let msg = cause["errorMessage"].as_str().unwrap_or_default();
    assert!(
        msg.starts_with("RequestId: ")
            && msg.ends_with(" Error: Task timed out after 3.00 seconds"),
        "{msg}"
    );
    assert_eq!(cause["errorType"], "Sandbox.Timedout");

    let e = run(
        &def("arn:aws:lambda:us-east-1:123456789012:function:nope"),
        json!({}),
        &fake,
    );
    assert_eq!(e.error.as_deref(), Some("Lambda.ResourceNotFoundException"));
    let cause = e.cause.unwrap_or_default();
    assert!(cause.starts_with("Function not found: arn:aws:lambda:us-east-1:123456789012:function:nope:$LATEST (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: "), "{cause}");
    assert!(cause.ends_with("; Proxy: null)"));

    // Another account or Region: not found, and the handler is never called.
    let fake = Fake::with(&[("slow", Behavior::Identity)]);
    for arn in [
        "arn:aws:lambda:us-east-1:999999999999:function:slow",
        "arn:aws:lambda:eu-west-1:123456789012:function:slow",
    ] {
        let e = run(&def(arn), json!({}), &fake);
        assert_eq!(
            e.error.as_deref(),
            Some("Lambda.ResourceNotFoundException"),
            "{arn}"
        );
    }
    assert!(fake.calls.borrow().is_empty());
}

#[test]
fn catch_and_retry() {
    let def = r#"{"StartAt":"T","States":{
        "T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:flaky",
             "Retry":[{"ErrorEquals":["Flaky"],"IntervalSeconds":2,"MaxAttempts":2,"BackoffRate":3}],
             "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"Handled"}],"End":true},
        "Handled":{"Type":"Pass","End":true}}}"#;
    // fails twice, retried twice (after 2 s and 6 s), then succeeds
    let fake = Fake::with(&[("flaky", Behavior::FlakyThen(2))]);
    let e = run(def, json!({"x": 1}), &fake);
    assert_eq!(e.output, Some(json!({"x": 1})));
    assert_eq!(
        e.history
            .iter()
            .filter(|h| h.kind == "LambdaFunctionScheduled")
            .count(),
        3
    );
    let elapsed = e.history.last().map(|h| h.timestamp_ms).unwrap_or(0) - e.history[0].timestamp_ms;
    assert_eq!(elapsed, 2000 + 6000 + 3 * 5);
    // fails three times: retries exhausted, caught
    let fake = Fake::with(&[("flaky", Behavior::FlakyThen(3))]);
    let e = run(def, json!({"x": 1}), &fake);
    assert_eq!(e.status, Status::Succeeded);
    let out = e.output.clone().expect("output");
    assert_eq!(out["error"]["Error"], "Flaky");
    assert_eq!(out["x"], 1);
    let t = types(&e);
    assert_eq!(
        &t[t.len() - 5..],
        [
            "LambdaFunctionFailed",
            "TaskStateExited",
            "PassStateEntered",
            "PassStateExited",
            "ExecutionSucceeded"
        ]
    );
}

/// A clock that says it is real time; its sleeps take a few polls.
struct RealTime;

impl asl::host::Clock for RealTime {
    fn now_ms(&self) -> i64 {
        START_MS
    }
    fn sleep(&self, _ms: u64) -> asl::host::LocalBoxFuture<'_, ()> {
        Box::pin(YieldN(3))
    }
    fn is_real_time(&self) -> bool {
        true
    }
}

#[test]
fn in_real_time_the_task_timeout_interrupts_the_handler() {
    let def = r#"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:slow","TimeoutSeconds":5,"End":true}}}"#;
    let fake = Fake::with(&[("slow", Behavior::SlowIdentity(|_| 1000))]);
    let e = run_on(def, json!({}), &fake, &RealTime);
    assert_eq!(e.error.as_deref(), Some("States.Timeout"));
    assert_eq!(types(&e)[4], "LambdaFunctionTimedOut");
    // and a quick handler is not interrupted
    let fake = Fake::with(&[("slow", Behavior::SlowIdentity(|_| 1))]);
    let e = run_on(def, json!({"a": 1}), &fake, &RealTime);
    assert_eq!(e.output, Some(serde_json::json!({"a": 1})));
}

#[test]
fn in_real_time_the_task_timeout_interrupts_a_services_mock_too() {
    let def = r#"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::sqs:sendMessage","Parameters":{"QueueUrl":"q","MessageBody":"m"},"TimeoutSeconds":5,"End":true}}}"#;
    let mock = "arn:aws:states:::sqs:sendMessage";
    let fake = Fake::with(&[(mock, Behavior::SlowIdentity(|_| 1000))]);
    let e = run_on(def, json!({}), &fake, &RealTime);
    assert_eq!(e.error.as_deref(), Some("States.Timeout"));
    assert_eq!(types(&e)[4], "TaskTimedOut");
    let fake = Fake::with(&[(mock, Behavior::SlowIdentity(|_| 1))]);
    let e = run_on(def, json!({}), &fake, &RealTime);
    assert_eq!(e.status, Status::Succeeded, "{e:?}");
}

#[test]
fn heartbeat_seconds_are_recorded_on_task_scheduled() {
    // jsonata/test_base_evaluate_expressions__test_base_task_*HEARTBEAT_SECONDS: AWS records
    // `heartbeatInSeconds` on TaskScheduled and runs the Lambda as usual.
    let cases = [
        (r#""HeartbeatSeconds":1"#, json!({})),
        (r#""HeartbeatSecondsPath":"$.h""#, json!({"h": 1})),
        (r#""HeartbeatSecondsPath":"$.h""#, json!({"h": "1"})),
    ];
    for (field, input) in cases {
        let def = format!(
            r#"{{"StartAt":"S","States":{{"S":{{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{{"Payload":{{}},"FunctionName":"echo"}},{field},"End":true}}}}}}"#
        );
        let fake = Fake::with(&[("echo", Behavior::Identity)]);
        let e = run(&def, input, &fake);
        assert_eq!(e.status, Status::Succeeded, "{field}");
        let scheduled = &e.history[2];
        assert_eq!(scheduled.kind, "TaskScheduled");
        assert_eq!(scheduled.detail("heartbeatInSeconds"), Some(&json!(1)));
    }
    let def = r#"{"StartAt":"S","States":{"S":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"echo"},"HeartbeatSecondsPath":"$.h","End":true}}}"#;
    let e = run(
        def,
        json!({"h": "x"}),
        &Fake::with(&[("echo", Behavior::Identity)]),
    );
    assert_eq!(e.error.as_deref(), Some("States.Runtime"));
    assert!(e.cause.unwrap_or_default().ends_with(
        "The HeartbeatSecondsPath field refers to value \"x\" which is not a valid integer: $.h"
    ));
}

#[test]
fn credentials_are_recorded_and_the_task_runs() {
    let def = r#"{"StartAt":"S","States":{"S":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Credentials":{"RoleArn.$":"$.role"},"Parameters":{"FunctionName":"echo","Payload.$":"$"},"End":true}}}"#;
    let role = "arn:aws:iam::123456789012:role/Other";
    let e = run(
        def,
        json!({"role": role}),
        &Fake::with(&[("echo", Behavior::Identity)]),
    );
    assert_eq!(e.status, Status::Succeeded);
    assert_eq!(
        e.history[2].detail("taskCredentials"),
        Some(&json!({ "roleArn": role }))
    );
    assert!(asl::diagnostics(def).is_empty());
}

#[test]
fn log_type_tail_adds_the_log_result() {
    // lambda_tasks/test_lambda_task_service__test_invoke_unsupported_param: with
    // `LogType: Tail` AWS's response carries `LogResult` (and its header).
    use base64::Engine as _;
    let def = r#"{"StartAt":"S","States":{"S":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"echo","Payload.$":"$.p","LogType.$":"$.t"},"End":true}}}"#;
    let fake = Fake::with(&[("echo", Behavior::Identity)]);
    let e = run(def, json!({"p": {}, "t": "Tail"}), &fake);
    let out = e.output.unwrap_or_default();
    let log = out["LogResult"].as_str().unwrap_or_default();
    assert_eq!(
        out["SdkHttpMetadata"]["HttpHeaders"]["X-Amz-Log-Result"],
        log
    );
    assert_eq!(
        out["SdkHttpMetadata"]["AllHttpHeaders"]["X-Amz-Log-Result"],
        json!([log])
    );
    let text = base64::engine::general_purpose::STANDARD
        .decode(log)
        .map(|b| String::from_utf8_lossy(&b).into_owned())
        .unwrap_or_default();
    let rid = out["SdkResponseMetadata"]["RequestId"]
        .as_str()
        .unwrap_or("?");
    assert!(
        text.starts_with(&format!("START RequestId: {rid} Version: $LATEST\n")),
        "{text}"
    );
    assert!(text.contains(&format!("REPORT RequestId: {rid}")), "{text}");
    let e = run(def, json!({"p": {}, "t": "None"}), &fake);
    assert!(e.output.unwrap_or_default().get("LogResult").is_none());
}

#[test]
fn credentials_of_a_function_arn_are_recorded_too() {
    let def = r#"{"StartAt":"S","States":{"S":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:echo","Credentials":{"RoleArn":"arn:aws:iam::123456789012:role/R"},"End":true}}}"#;
    let e = run(def, json!({}), &Fake::with(&[("echo", Behavior::Identity)]));
    assert_eq!(e.history[2].kind, "LambdaFunctionScheduled");
    assert_eq!(
        e.history[2].detail("taskCredentials"),
        Some(&json!({"roleArn": "arn:aws:iam::123456789012:role/R"}))
    );
}
