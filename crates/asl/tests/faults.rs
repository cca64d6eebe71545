//! Fault injection (`asl::host::faults`): the history shapes of each fault kind, for a
//! function ARN and for `arn:aws:states:::lambda:invoke`, "next N" counting across an
//! execution, rates drawn from the seeded Rng, and Retry/Catch acting on the faults as they
//! would on AWS.
//!
//! Sources: the Step Functions Developer Guide, "Handle Lambda service exceptions" (the error
//! names, and the recommended retrier on `Lambda.ServiceException`, `Lambda.AWSLambdaException`,
//! `Lambda.SdkClientException`); the causes Step Functions recorded for these errors
//! (HumanCellAtlas/data-store#1632 for ServiceException, #1118 for TooManyRequestsException);
//! the Retry section of "Handling errors in Step Functions workflows" (each retrier keeps its
//! own attempt count).

mod common;

use asl::host::faults::{FaultKind, FaultPlan, FaultyRunner, FunctionFaults};
use asl::host::{SplitMix64, VirtualClock};
use asl::{Execution, ExecutionConfig, Host, Status};
use common::{types, Behavior, Fake, START_MS};
use serde_json::{json, Value};

const FUNCTION_ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction";

fn task_machine(resource_task: Value) -> String {
    json!({"StartAt": "T", "States": {"T": resource_task}}).to_string()
}

fn direct(extra: Value) -> String {
    let mut t = json!({"Type": "Task", "Resource": FUNCTION_ARN, "End": true});
    merge(&mut t, extra);
    task_machine(t)
}

fn integration(extra: Value) -> String {
    let mut t = json!({"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
        "Parameters": {"FunctionName": "HelloFunction", "Payload.$": "$"},
        "OutputPath": "$.Payload", "End": true});
    merge(&mut t, extra);
    task_machine(t)
}

fn merge(into: &mut Value, extra: Value) {
    if let (Value::Object(a), Value::Object(b)) = (into, extra) {
        a.extend(b);
    }
}

fn plan(faults: FunctionFaults) -> FaultPlan {
    let mut plan = FaultPlan::default();
    plan.functions.insert("HelloFunction".into(), faults);
    plan
}

/// Runs `definition` on `input` with `HelloFunction` (returns its input) behind `plan`, on
/// the virtual clock, with the given seed; returns the execution and how many times the
/// handler ran.
fn execute_with(definition: &str, input: Value, plan: FaultPlan, seed: u64) -> (Execution, usize) {
    let def = asl::load(definition).unwrap_or_else(|d| panic!("{d:?}"));
    let fake = Fake::with(&[("HelloFunction", Behavior::Identity)]);
    let clock = VirtualClock::new(START_MS);
    let rng = SplitMix64::new(seed);
    let runner = FaultyRunner::new(&fake, plan, &rng, &clock)
        .with_timeouts([("HelloFunction".to_string(), 3000)]);
    let host = Host::new(&runner, &clock, &rng);
    let execution = asl::block_on(asl::execute(
        &def,
        input,
        &ExecutionConfig::new("Machine", "exec-1"),
        host,
    ));
    let handler_calls = fake.calls.borrow().len();
    (execution, handler_calls)
}

/// [`execute_with`] on `{"who": "bob"}` with `faults` for `HelloFunction`.
fn run_seeded(definition: &str, faults: FunctionFaults, seed: u64) -> (Execution, usize) {
    execute_with(definition, json!({"who": "bob"}), plan(faults), seed)
}

fn run(definition: &str, faults: FunctionFaults) -> (Execution, usize) {
    run_seeded(definition, faults, 42)
}

fn details(e: &Execution, kind: &str) -> Vec<Value> {
    e.history
        .iter()
        .filter(|ev| ev.kind == kind)
        .map(|ev| ev.details.as_ref().map_or(Value::Null, |d| d.1.clone()))
        .collect()
}

/// `…Service: AWSLambda; Status Code: S; Error Code: C; Request ID: <uuid>; Proxy: null)`.
fn assert_service_cause(cause: &str, prefix: &str, status: u16, code: &str) {
    let head = format!(
        "{prefix} (Service: AWSLambda; Status Code: {status}; Error Code: {code}; Request ID: "
    );
    assert!(cause.starts_with(&head), "{cause}");
    let rest = &cause[head.len()..];
    let id = rest
        .strip_suffix("; Proxy: null)")
        .unwrap_or_else(|| panic!("{cause}"));
    let parts: Vec<usize> = id.split('-').map(str::len).collect();
    assert_eq!(parts, [8, 4, 4, 4, 12], "request id of {cause}");
}

#[test]
fn a_service_exception_fails_a_function_arn_task_without_running_the_handler() {
    let (e, calls) = run(
        &direct(json!({})),
        FunctionFaults::next(FaultKind::ServiceException, 1),
    );
    assert_eq!(calls, 0, "the handler does not run");
    assert_eq!(e.status, Status::Failed);
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
    let failed = &details(&e, "LambdaFunctionFailed")[0];
    assert_eq!(failed["error"], "Lambda.ServiceException");
    assert_service_cause(
        failed["cause"].as_str().unwrap(),
        "ServiceException",
        500,
        "ServiceException",
    );
    assert_eq!(e.error.as_deref(), Some("Lambda.ServiceException"));
}

#[test]
fn throttling_fails_a_lambda_invoke_task_with_task_failed() {
    let (e, calls) = run(
        &integration(json!({})),
        FunctionFaults::next(FaultKind::TooManyRequests, 1),
    );
    assert_eq!(calls, 0);
    assert_eq!(
        types(&e),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskFailed",
            "ExecutionFailed"
        ]
    );
    let failed = &details(&e, "TaskFailed")[0];
    assert_eq!(failed["error"], "Lambda.TooManyRequestsException");
    assert_eq!(failed["resourceType"], "lambda");
    assert_eq!(failed["resource"], "invoke");
    assert_service_cause(
        failed["cause"].as_str().unwrap(),
        "Rate Exceeded.",
        429,
        "TooManyRequestsException",
    );
}

#[test]
fn an_sdk_client_exception_has_the_clients_message_as_its_cause() {
    for def in [direct(json!({})), integration(json!({}))] {
        let (e, _) = run(&def, FunctionFaults::next(FaultKind::SdkClientException, 1));
        assert_eq!(e.error.as_deref(), Some("Lambda.SdkClientException"));
        assert_eq!(
            e.cause.as_deref(),
            Some("Unable to execute HTTP request: The target server failed to respond")
        );
    }
}

#[test]
fn a_timeout_fault_looks_like_the_function_ran_out_its_timeout() {
    let (e, calls) = run(
        &direct(json!({})),
        FunctionFaults::next(FaultKind::Timeout, 1),
    );
    assert_eq!(calls, 0);
    let failed = &details(&e, "LambdaFunctionFailed")[0];
    assert_eq!(failed["error"], "Sandbox.Timedout");
    let cause: Value = serde_json::from_str(failed["cause"].as_str().unwrap()).unwrap();
    assert_eq!(cause["errorType"], "Sandbox.Timedout");
    let message = cause["errorMessage"].as_str().unwrap();
    assert!(message.starts_with("RequestId: "), "{message}");
    assert!(
        message.ends_with(" Error: Task timed out after 3.00 seconds"),
        "{message}"
    );
    // The function's 3 seconds passed on the (virtual) clock.
    let started = e
        .history
        .iter()
        .find(|ev| ev.kind == "LambdaFunctionStarted")
        .unwrap();
    let ended = e
        .history
        .iter()
        .find(|ev| ev.kind == "LambdaFunctionFailed")
        .unwrap();
    assert_eq!(ended.timestamp_ms - started.timestamp_ms, 3000);
}

#[test]
fn a_shorter_task_timeout_fires_first_with_timed_out_events() {
    let (e, _) = run(
        &direct(json!({"TimeoutSeconds": 1})),
        FunctionFaults::next(FaultKind::Timeout, 1),
    );
    assert_eq!(
        types(&e)[2..5],
        [
            "LambdaFunctionScheduled",
            "LambdaFunctionStarted",
            "LambdaFunctionTimedOut"
        ]
    );
    assert_eq!(
        details(&e, "LambdaFunctionTimedOut")[0]["error"],
        "States.Timeout"
    );

    let (e, _) = run(
        &integration(json!({"TimeoutSeconds": 1})),
        FunctionFaults::next(FaultKind::Timeout, 1),
    );
    let timed_out = &details(&e, "TaskTimedOut")[0];
    assert_eq!(timed_out["error"], "States.Timeout");
    assert_eq!(timed_out["resourceType"], "lambda");
}

/// The tutorial's best-practice retrier: the injected failures are retried and the run
/// succeeds on the third attempt, which runs the handler once.
#[test]
fn the_recommended_retrier_rides_out_two_service_exceptions() {
    let retry = json!({"Retry": [{"ErrorEquals": ["Lambda.ServiceException",
        "Lambda.AWSLambdaException", "Lambda.SdkClientException"],
        "IntervalSeconds": 2, "MaxAttempts": 6, "BackoffRate": 2}]});
    for def in [direct(retry.clone()), integration(retry.clone())] {
        let (e, calls) = run(&def, FunctionFaults::next(FaultKind::ServiceException, 2));
        assert_eq!(e.status, Status::Succeeded, "{:?}", e.cause);
        assert_eq!(calls, 1, "only the third attempt runs the handler");
        assert_eq!(e.output, Some(json!({"who": "bob"})));
        let failed = if def.contains("lambda:invoke") {
            "TaskFailed"
        } else {
            "LambdaFunctionFailed"
        };
        assert_eq!(details(&e, failed).len(), 2);
        // Back-off: 2 s, then 4 s.
        let at = |kind: &str| -> Vec<i64> {
            e.history
                .iter()
                .filter(|ev| ev.kind == kind)
                .map(|ev| ev.timestamp_ms)
                .collect()
        };
        let scheduled = at(if failed == "TaskFailed" {
            "TaskScheduled"
        } else {
            "LambdaFunctionScheduled"
        });
        let fails = at(failed);
        assert_eq!(scheduled[1] - fails[0], 2000);
        assert_eq!(scheduled[2] - fails[1], 4000);
    }
}

/// Each retrier counts its own attempts: two SdkClientExceptions exhaust a retrier with
/// MaxAttempts 1 even though the ServiceException retrier has attempts left, so the Catch
/// gets the error.
#[test]
fn each_retrier_counts_its_own_attempts() {
    let def = direct(json!({
        "Retry": [
            {"ErrorEquals": ["Lambda.ServiceException"], "IntervalSeconds": 1, "MaxAttempts": 3},
            {"ErrorEquals": ["Lambda.SdkClientException"], "IntervalSeconds": 1, "MaxAttempts": 1}
        ],
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "Caught"}]
    }));
    let mut def: Value = serde_json::from_str(&def).unwrap();
    def["States"]["Caught"] = json!({"Type": "Pass", "End": true});
    let def = def.to_string();

    let (e, calls) = run(&def, FunctionFaults::next(FaultKind::SdkClientException, 2));
    assert_eq!(calls, 0);
    assert_eq!(e.status, Status::Succeeded);
    assert_eq!(details(&e, "LambdaFunctionFailed").len(), 2);
    assert_eq!(
        e.output.as_ref().unwrap()["Error"],
        "Lambda.SdkClientException"
    );

    // Three ServiceExceptions fit in their retrier's 3 attempts: the fourth call runs.
    let (e, calls) = run(&def, FunctionFaults::next(FaultKind::ServiceException, 3));
    assert_eq!(calls, 1);
    assert_eq!(details(&e, "LambdaFunctionFailed").len(), 3);
    assert_eq!(e.output, Some(json!({"who": "bob"})));
}

/// "Next N" counts across the whole execution (Map iterations included), not per state.
#[test]
fn next_n_counts_across_the_execution() {
    let def = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "MaxConcurrency": 1,
        "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task",
            "Resource": FUNCTION_ARN, "End": true,
            "Catch": [{"ErrorEquals": ["Lambda.ServiceException"], "Next": "Failed"}]},
            "Failed": {"Type": "Pass", "Result": "faulted", "End": true}}},
        "ItemsPath": "$.items", "End": true}}})
    .to_string();
    let (e, calls) = execute_with(
        &def,
        json!({"items": [1, 2, 3, 4]}),
        plan(FunctionFaults::next(FaultKind::ServiceException, 2)),
        1,
    );
    assert_eq!(e.output, Some(json!(["faulted", "faulted", 3, 4])));
    assert_eq!(calls, 2);
}

#[test]
fn a_rate_is_drawn_from_the_seeded_rng() {
    let def = json!({"StartAt": "M", "States": {"M": {"Type": "Map",
        "ItemProcessor": {"StartAt": "T", "States": {"T": {"Type": "Task",
            "Resource": FUNCTION_ARN, "End": true,
            "Catch": [{"ErrorEquals": ["Lambda.TooManyRequestsException"], "Next": "Throttled"}]},
            "Throttled": {"Type": "Pass", "Result": null, "End": true}}},
        "End": true}}})
    .to_string();
    let items: Vec<Value> = (0..200).map(Value::from).collect();
    let run_rate = |rate: f64, seed: u64| {
        let (e, _) = execute_with(
            &def,
            Value::Array(items.clone()),
            plan(FunctionFaults::rate(FaultKind::TooManyRequests, rate)),
            seed,
        );
        let out = e.output.unwrap();
        out.as_array()
            .unwrap()
            .iter()
            .filter(|v| v.is_null())
            .count()
    };
    assert_eq!(run_rate(0.0, 7), 0);
    assert_eq!(run_rate(1.0, 7), 200);
    let half = run_rate(0.5, 7);
    assert!(
        (60..=140).contains(&half),
        "{half} of 200 throttled at rate 0.5"
    );
    assert_eq!(
        half,
        run_rate(0.5, 7),
        "the same seed gives the same faults"
    );
}

#[test]
fn functions_without_faults_run_as_usual() {
    let mut p = FaultPlan::default();
    p.functions.insert(
        "Other".into(),
        FunctionFaults::next(FaultKind::ServiceException, 5),
    );
    let (e, calls) = execute_with(&direct(json!({})), json!(1), p, 42);
    assert_eq!(e.status, Status::Succeeded);
    assert_eq!(calls, 1);
}

#[test]
fn the_json_plan_reads_and_says_where_it_is_wrong() {
    let p = FaultPlan::from_json_text(
        r#"{"HelloFunction": {"error": "Lambda.ServiceException", "next": 2},
            "Other": {"error": "timeout", "rate": 0.25}}"#,
    )
    .unwrap();
    assert_eq!(
        p.functions["HelloFunction"],
        FunctionFaults::next(FaultKind::ServiceException, 2)
    );
    assert_eq!(
        p.functions["Other"],
        FunctionFaults::rate(FaultKind::Timeout, 0.25)
    );

    let err = |text: &str| FaultPlan::from_json_text(text).unwrap_err();
    assert!(err("{\"F\": ").contains("line 1"), "{}", err("{\"F\": "));
    assert_eq!(
        err(r#"{"F": {"error": "Lambda.Boom", "next": 1}}"#),
        "\"F\": unknown error \"Lambda.Boom\" (expected one of Lambda.ServiceException, Lambda.TooManyRequestsException, Lambda.SdkClientException, Sandbox.Timedout, or timeout)"
    );
    assert_eq!(
        err(r#"{"F": {"error": "timeout", "rate": 2}}"#),
        "\"F\": \"rate\" must be from 0 to 1 (got 2)"
    );
    assert_eq!(
        err(r#"{"F": {"error": "timeout", "next": 1, "rate": 0.5}}"#),
        "\"F\": give either \"next\" or \"rate\", not both"
    );
    assert_eq!(
        err(r#"{"F": {"error": "timeout", "next": -1}}"#),
        "\"F\": \"next\" must be a whole number ≥ 0 (got -1)"
    );
    assert!(err(r#"{"F": {"error": "timeout", "count": 1}}"#).contains("unknown field \"count\""));
    assert!(err("[]").starts_with("expected an object of function names"));
}

#[test]
fn the_serde_shape_is_the_documented_json() {
    let f = FunctionFaults::next(FaultKind::SdkClientException, 2);
    assert_eq!(
        serde_json::to_value(&f).unwrap(),
        json!({"error": "Lambda.SdkClientException", "next": 2})
    );
    let t: FunctionFaults =
        serde_json::from_value(json!({"error": "timeout", "rate": 0.5})).unwrap();
    assert_eq!(t, FunctionFaults::rate(FaultKind::Timeout, 0.5));
    assert_eq!(
        serde_json::to_value(&t).unwrap()["error"],
        "Sandbox.Timedout"
    );
}
