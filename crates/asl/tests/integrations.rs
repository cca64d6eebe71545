//! Tasks beyond Lambda: service integrations answered by mocks, `.waitForTaskToken` tasks
//! and activities answered by callbacks, with their timeouts. The event shapes are those of
//! AWS's recorded histories (LocalStack's `test_callback` and `test_activities` snapshots,
//! recorded on AWS): TaskScheduled/Started/Submitted/Succeeded|Failed|TimedOut with
//! `resourceType` and `resource`, ActivityScheduled/Started/Succeeded|Failed|TimedOut.

mod common;

use std::cell::RefCell;

use asl::host::callback::{Answer, Callbacks, Reply, Scripted, ScriptedAnswers, WaitingTask};
use asl::host::LocalBoxFuture;
use asl::Status;
use common::{run, run_answered, types, Behavior, Fake, START_MS};
use serde_json::{json, Value};

const SQS_WAIT: &str = r#"{"StartAt": "SendMessageWithWait", "States": {"SendMessageWithWait": {
  "Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
  "Parameters": {"QueueUrl.$": "$.QueueUrl", "MessageBody": {"Message.$": "$.Message", "TaskToken.$": "$$.Task.Token"}},
  __EXTRA__ "End": true}}}"#;

fn sqs_wait(extra: &str) -> String {
    SQS_WAIT.replace("__EXTRA__", extra)
}

fn sqs_fake() -> Fake {
    Fake::with(&[(
        "arn:aws:states:::sqs:sendMessage",
        Behavior::Constant(json!({"MessageId": "m-1", "MD5OfMessageBody": "abc"})),
    )])
}

fn input() -> Value {
    json!({"QueueUrl": "https://sqs.us-east-1.amazonaws.com/123456789012/q", "Message": "test_message_txt"})
}

fn answers(list: Value) -> ScriptedAnswers {
    ScriptedAnswers::parse(&list).expect("answers")
}

fn details(e: &asl::Execution, kind: &str) -> Value {
    let event = e
        .history
        .iter()
        .find(|ev| ev.kind == kind)
        .unwrap_or_else(|| panic!("no {kind} in {:?}", types(e)));
    event
        .details
        .as_ref()
        .map(|(_, d)| d.clone())
        .unwrap_or(Value::Null)
}

/// When the first event of type `kind` happened.
fn at(e: &asl::Execution, kind: &str) -> i64 {
    e.history
        .iter()
        .find(|ev| ev.kind == kind)
        .unwrap_or_else(|| panic!("no {kind}"))
        .timestamp_ms
}

/// Remembers what waited, and answers from a list.
struct Recorder {
    seen: RefCell<Vec<WaitingTask>>,
    settled: RefCell<Vec<String>>,
    inner: ScriptedAnswers,
}

impl Callbacks for Recorder {
    fn next(&self, task: &WaitingTask) -> LocalBoxFuture<'_, Reply> {
        self.seen.borrow_mut().push(task.clone());
        self.inner.next(task)
    }
    fn settled(&self, task: &WaitingTask) {
        self.settled.borrow_mut().push(task.token.clone());
    }
}

#[test]
fn a_task_token_is_answered_with_success() {
    let fake = sqs_fake();
    let rec = Recorder {
        seen: RefCell::default(),
        settled: RefCell::default(),
        inner: answers(json!([{"action": "success", "output": "test_message_txt"}])),
    };
    let e = run_answered(&sqs_wait(""), input(), &fake, &rec);
    assert_eq!(e.status, Status::Succeeded, "{e:?}");
    assert_eq!(e.output, Some(json!("test_message_txt")));
    assert_eq!(
        types(&e),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskSubmitted",
            "TaskSucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );
    let scheduled = details(&e, "TaskScheduled");
    assert_eq!(scheduled["resource"], "sendMessage.waitForTaskToken");
    assert_eq!(scheduled["resourceType"], "sqs");
    assert_eq!(scheduled["region"], "us-east-1");
    let parameters: Value =
        serde_json::from_str(scheduled["parameters"].as_str().unwrap()).unwrap();
    let token = parameters["MessageBody"]["TaskToken"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(token.len() > 40, "an opaque token: {token}");
    // The mock got the request with the token in it; the waiting task has the same token.
    let sent = &fake.calls.borrow()[0];
    assert_eq!(sent.payload, parameters);
    assert_eq!(
        sent.invoked_arn,
        "arn:aws:states:::sqs:sendMessage.waitForTaskToken"
    );
    let seen = rec.seen.borrow();
    assert_eq!(seen.len(), 1);
    assert_eq!(seen[0].token, token);
    assert_eq!(seen[0].state_name, "SendMessageWithWait");
    assert_eq!(seen[0].payload, parameters);
    assert_eq!(*rec.settled.borrow(), [token]);
    let submitted = details(&e, "TaskSubmitted");
    assert_eq!(submitted["resource"], "sendMessage.waitForTaskToken");
    assert_eq!(
        serde_json::from_str::<Value>(submitted["output"].as_str().unwrap()).unwrap(),
        json!({"MessageId": "m-1", "MD5OfMessageBody": "abc"})
    );
    let succeeded = details(&e, "TaskSucceeded");
    assert_eq!(succeeded["output"], "\"test_message_txt\"");
    assert_eq!(succeeded["resourceType"], "sqs");
}

#[test]
fn a_task_token_answered_with_failure_fails_the_task() {
    let e = run_answered(
        &sqs_wait(""),
        input(),
        &sqs_fake(),
        &answers(
            json!([{"action": "failure", "error": "Failure error", "cause": "Failure cause"}]),
        ),
    );
    assert_eq!(e.status, Status::Failed);
    assert_eq!(
        (e.error.as_deref(), e.cause.as_deref()),
        (Some("Failure error"), Some("Failure cause"))
    );
    assert_eq!(
        details(&e, "TaskFailed"),
        json!({"error": "Failure error", "cause": "Failure cause", "resource": "sendMessage.waitForTaskToken", "resourceType": "sqs"})
    );
    assert_eq!(types(&e)[5..], ["TaskFailed", "ExecutionFailed"]);
}

#[test]
fn an_unanswered_token_times_out_at_the_tasks_timeout() {
    let e = run_answered(
        &sqs_wait(r#""TimeoutSeconds": 5,"#),
        input(),
        &sqs_fake(),
        &answers(json!([])),
    );
    assert_eq!(e.status, Status::Failed);
    assert_eq!(e.error.as_deref(), Some("States.Timeout"));
    assert_eq!(
        details(&e, "TaskTimedOut"),
        json!({"error": "States.Timeout", "resource": "sendMessage.waitForTaskToken", "resourceType": "sqs"})
    );
    assert_eq!(details(&e, "TaskScheduled")["timeoutInSeconds"], 5);
    assert_eq!(at(&e, "TaskTimedOut") - at(&e, "TaskSubmitted"), 5_000);
}

#[test]
fn heartbeats_keep_a_task_alive_until_they_stop() {
    let def = sqs_wait(r#""HeartbeatSeconds": 60, "TimeoutSeconds": 600,"#);
    let beats = answers(json!([
        {"action": "heartbeat", "afterSeconds": 50},
        {"action": "heartbeat", "afterSeconds": 50},
        {"action": "success", "output": {"done": true}, "afterSeconds": 50}
    ]));
    let e = run_answered(&def, input(), &sqs_fake(), &beats);
    assert_eq!(e.status, Status::Succeeded, "{e:?}");
    assert_eq!(details(&e, "TaskScheduled")["heartbeatInSeconds"], 60);
    assert_eq!(at(&e, "TaskSucceeded") - at(&e, "TaskSubmitted"), 150_000);

    let silent = answers(json!([{"action": "heartbeat", "afterSeconds": 50}]));
    let e = run_answered(&def, input(), &sqs_fake(), &silent);
    assert_eq!(e.error.as_deref(), Some("States.HeartbeatTimeout"));
    assert_eq!(at(&e, "TaskTimedOut") - at(&e, "TaskSubmitted"), 110_000);

    // A late answer does not arrive: the task timed out first.
    let late = answers(json!([{"action": "success", "output": 1, "afterSeconds": 61}]));
    let e = run_answered(&def, input(), &sqs_fake(), &late);
    assert_eq!(e.error.as_deref(), Some("States.HeartbeatTimeout"));
}

#[test]
fn a_heartbeat_timeout_is_caught_as_a_timeout_not_as_a_task_failure() {
    let catching =
        |errors: &str| {
            sqs_wait(&format!(
            r#""HeartbeatSeconds": 5, "Catch": [{{"ErrorEquals": {errors}, "Next": "Caught"}}],"#
        ))
        .replace(r#""End": true}}}"#, r#""End": true}, "Caught": {"Type": "Pass", "End": true}}}"#)
        };
    for (errors, caught) in [
        (r#"["States.HeartbeatTimeout"]"#, true),
        (r#"["States.Timeout"]"#, true),
        (r#"["States.ALL"]"#, true),
        (r#"["States.TaskFailed"]"#, false),
    ] {
        let e = run_answered(&catching(errors), input(), &sqs_fake(), &answers(json!([])));
        assert_eq!(e.status == Status::Succeeded, caught, "{errors}: {e:?}");
    }
}

#[test]
fn a_task_nobody_answers_and_that_never_times_out_is_stopped() {
    let e = run_answered(&sqs_wait(""), input(), &sqs_fake(), &answers(json!([])));
    assert_eq!(e.status, Status::Aborted);
    assert_eq!(types(&e).last(), Some(&"ExecutionAborted"));
}

#[test]
fn the_executions_own_timeout_ends_a_wait() {
    let def = sqs_wait(r#""TimeoutSeconds": 600,"#).replacen(
        r#"{"StartAt""#,
        r#"{"TimeoutSeconds": 30, "StartAt""#,
        1,
    );
    let e = run_answered(&def, input(), &sqs_fake(), &answers(json!([])));
    assert_eq!(e.status, Status::TimedOut, "{e:?}");
    let last = e.history.last().unwrap();
    assert_eq!(last.kind, "ExecutionTimedOut");
    assert_eq!(last.timestamp_ms - START_MS, 30_000);
}

#[test]
fn jsonata_reads_the_token_from_states_context() {
    let def = r#"{"QueryLanguage": "JSONata", "StartAt": "Ask", "States": {"Ask": {
      "Type": "Task", "Resource": "arn:aws:states:::sns:publish.waitForTaskToken",
      "Arguments": {"TopicArn": "arn:aws:sns:us-east-1:123456789012:t", "Message": {"token": "{% $states.context.Task.Token %}"}},
      "Output": "{% $states.result.approved %}", "End": true}}}"#;
    let fake = Fake::with(&[(
        "arn:aws:states:::sns:publish",
        Behavior::Constant(json!({"MessageId": "1"})),
    )]);
    let rec = Recorder {
        seen: RefCell::default(),
        settled: RefCell::default(),
        inner: answers(json!([{"action": "success", "output": {"approved": true}}])),
    };
    let e = run_answered(def, json!({}), &fake, &rec);
    assert_eq!(e.output, Some(json!(true)), "{e:?}");
    let sent = fake.calls.borrow()[0].payload.clone();
    assert_eq!(sent["Message"]["token"], json!(rec.seen.borrow()[0].token));
}

#[test]
fn each_retry_gets_a_new_token() {
    let def = sqs_wait(
        r#""TimeoutSeconds": 1, "Retry": [{"ErrorEquals": ["States.Timeout"], "MaxAttempts": 1}],"#,
    );
    let fake = sqs_fake();
    let e = run_answered(
        &def,
        input(),
        &fake,
        &answers(
            json!([{"action": "success", "output": 1, "afterSeconds": 2}, {"action": "success", "output": 2}]),
        ),
    );
    assert_eq!(e.output, Some(json!(2)), "{e:?}");
    let calls = fake.calls.borrow();
    let token = |i: usize| calls[i].payload["MessageBody"]["TaskToken"].clone();
    assert_ne!(token(0), token(1));
}

#[test]
fn lambda_invoke_wait_for_task_token_calls_the_function_then_waits() {
    let def = r#"{"StartAt": "Approve", "States": {"Approve": {
      "Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
      "Parameters": {"FunctionName": "Ask", "Payload": {"token.$": "$$.Task.Token", "who.$": "$.who"}},
      "End": true}}}"#;
    let fake = Fake::with(&[("Ask", Behavior::Constant(json!("sent")))]);
    let e = run_answered(
        def,
        json!({"who": "meg"}),
        &fake,
        &answers(json!([{"action": "success", "output": {"ok": 1}}])),
    );
    assert_eq!(e.output, Some(json!({"ok": 1})), "{e:?}");
    let payload = &fake.calls.borrow()[0].payload;
    assert_eq!(payload["who"], "meg");
    assert!(payload["token"].as_str().is_some_and(|t| t.len() > 40));
    let submitted = details(&e, "TaskSubmitted");
    assert_eq!(
        (
            submitted["resourceType"].as_str(),
            submitted["resource"].as_str()
        ),
        (Some("lambda"), Some("invoke.waitForTaskToken"))
    );
    let response: Value = serde_json::from_str(submitted["output"].as_str().unwrap()).unwrap();
    assert_eq!(response["Payload"], "sent");
    assert_eq!(response["StatusCode"], 200);
}

const PUT_ITEM: &str = r#"{"StartAt": "Put", "States": {"Put": {
  "Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
  "Parameters": {"TableName": "Orders", "Item": {"id": {"S.$": "$.id"}}},
  "Catch": [{"ErrorEquals": ["DynamoDB.ConditionalCheckFailedException"], "Next": "Exists"}],
  "End": true}, "Exists": {"Type": "Pass", "Result": "exists", "End": true}}}"#;

#[test]
fn a_service_task_calls_its_mock_with_the_request() {
    let fake = Fake::with(&[(
        "arn:aws:states:::dynamodb:putItem",
        Behavior::Constant(json!({})),
    )]);
    let e = run(PUT_ITEM, json!({"id": "o-1"}), &fake);
    assert_eq!(e.output, Some(json!({})), "{e:?}");
    assert_eq!(
        fake.calls.borrow()[0].payload,
        json!({"TableName": "Orders", "Item": {"id": {"S": "o-1"}}})
    );
    assert_eq!(
        types(&e)[2..6],
        [
            "TaskScheduled",
            "TaskStarted",
            "TaskSucceeded",
            "TaskStateExited"
        ]
    );
    let scheduled = details(&e, "TaskScheduled");
    assert_eq!(
        (
            scheduled["resourceType"].as_str(),
            scheduled["resource"].as_str()
        ),
        (Some("dynamodb"), Some("putItem"))
    );
}

#[test]
fn a_mocks_thrown_error_gets_the_services_error_name() {
    let fake = Fake::with(&[(
        "arn:aws:states:::dynamodb:putItem",
        Behavior::Raise {
            error_type: "ConditionalCheckFailedException".into(),
            message: "The conditional request failed".into(),
        },
    )]);
    let e = run(PUT_ITEM, json!({"id": "o-1"}), &fake);
    assert_eq!(e.output, Some(json!("exists")), "{e:?}");
    let failed = details(&e, "TaskFailed");
    assert_eq!(failed["error"], "DynamoDB.ConditionalCheckFailedException");
    let cause = failed["cause"].as_str().unwrap();
    assert!(
        cause.starts_with("The conditional request failed (Service: dynamodb, Status Code: 400, Error Code: ConditionalCheckFailedException"),
        "{cause}"
    );
}

#[test]
fn a_resource_without_a_mock_fails_naming_it() {
    let e = run(PUT_ITEM, json!({"id": "o-1"}), &Fake::default());
    assert_eq!(e.status, Status::Failed);
    assert_eq!(e.error.as_deref(), Some("States.Runtime"));
    let cause = e.cause.unwrap();
    assert!(
        cause.contains("There is no mock for the resource 'arn:aws:states:::dynamodb:putItem'"),
        "{cause}"
    );
}

#[test]
fn an_http_task_fails_on_an_error_status() {
    let def = r#"{"StartAt": "Call", "States": {"Call": {"Type": "Task", "Resource": "arn:aws:states:::http:invoke",
      "Parameters": {"ApiEndpoint": "https://example.com/x", "Method": "GET", "Authentication": {"ConnectionArn": "arn:aws:events:us-east-1:123456789012:connection/c/1"}},
      "End": true}}}"#;
    let fake = Fake::with(&[(
        "arn:aws:states:::http:invoke",
        Behavior::Constant(
            json!({"StatusCode": 404, "StatusText": "Not Found", "ResponseBody": {}}),
        ),
    )]);
    let e = run(def, json!({}), &fake);
    assert_eq!(
        e.error.as_deref(),
        Some("States.Http.StatusCode.404"),
        "{e:?}"
    );
}

const ACTIVITY: &str = r#"{"StartAt": "ActivityTask", "States": {"ActivityTask": {
  "Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:Review",
  "HeartbeatSeconds": 10, "TimeoutSeconds": 60, "End": true}}}"#;

#[test]
fn an_activity_waits_for_a_worker_and_its_answer() {
    let e = run_answered(
        ACTIVITY,
        json!({"Value1": "Hello"}),
        &Fake::default(),
        &answers(
            json!([{"action": "start", "worker": "BASE_ID_ACTIVITY_CONSUMER"}, {"action": "success", "output": {"Value1": "Hello"}}]),
        ),
    );
    assert_eq!(e.output, Some(json!({"Value1": "Hello"})), "{e:?}");
    assert_eq!(
        types(&e),
        [
            "ExecutionStarted",
            "TaskStateEntered",
            "ActivityScheduled",
            "ActivityStarted",
            "ActivitySucceeded",
            "TaskStateExited",
            "ExecutionSucceeded"
        ]
    );
    assert_eq!(
        details(&e, "ActivityScheduled"),
        json!({"input": "{\"Value1\":\"Hello\"}", "inputDetails": {"truncated": false}, "resource": "arn:aws:states:us-east-1:123456789012:activity:Review", "heartbeatInSeconds": 10, "timeoutInSeconds": 60})
    );
    assert_eq!(
        details(&e, "ActivityStarted"),
        json!({"workerName": "BASE_ID_ACTIVITY_CONSUMER"})
    );

    // A failure without a start: the worker's start is implied, without a name.
    let e = run_answered(
        ACTIVITY,
        json!({}),
        &Fake::default(),
        &answers(json!([{"action": "failure", "error": "Programmatic Error", "cause": "bad"}])),
    );
    assert_eq!(
        types(&e)[3..],
        ["ActivityStarted", "ActivityFailed", "ExecutionFailed"]
    );
    assert_eq!(details(&e, "ActivityStarted"), json!({}));
    assert_eq!(
        details(&e, "ActivityFailed"),
        json!({"error": "Programmatic Error", "cause": "bad"})
    );

    let e = run_answered(
        ACTIVITY,
        json!({}),
        &Fake::default(),
        &answers(json!([{"action": "start"}])),
    );
    assert_eq!(
        details(&e, "ActivityTimedOut"),
        json!({"error": "States.HeartbeatTimeout"})
    );
}

#[test]
fn an_activity_with_a_worker_function_is_worked_by_it() {
    let fake = Fake::with(&[(
        "arn:aws:states:us-east-1:123456789012:activity:Review",
        Behavior::Identity,
    )]);
    let e = run(ACTIVITY, json!({"doc": 1}), &fake);
    assert_eq!(e.output, Some(json!({"doc": 1})), "{e:?}");
    assert_eq!(
        details(&e, "ActivityStarted"),
        json!({"workerName": "aslplay-worker"})
    );
}

#[test]
fn an_activity_of_another_account_does_not_exist() {
    let def = ACTIVITY.replace("123456789012", "999999999999");
    let e = run(&def, json!({}), &Fake::default());
    assert_eq!(e.error.as_deref(), Some("States.Runtime"));
    assert_eq!(
        e.cause.as_deref(),
        Some("An error occurred while executing the state 'ActivityTask' (entered at the event id #2). The activity arn:aws:states:us-east-1:999999999999:activity:Review does not exist.")
    );
}

#[test]
fn answers_are_taken_by_state_name() {
    let def = r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "End": true, "Branches": [
      {"StartAt": "A", "States": {"A": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Parameters": {"t.$": "$$.Task.Token"}, "End": true}}},
      {"StartAt": "B", "States": {"B": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "Parameters": {"t.$": "$$.Task.Token"}, "End": true}}}]}}}"#;
    let list = ScriptedAnswers::new(vec![
        Scripted {
            state: Some("B".into()),
            reply: Reply::now(Answer::Success(json!("b"))),
        },
        Scripted {
            state: Some("A".into()),
            reply: Reply::now(Answer::Success(json!("a"))),
        },
    ]);
    let e = run_answered(def, json!({}), &sqs_fake(), &list);
    assert_eq!(e.output, Some(json!(["a", "b"])), "{e:?}");
}

/// A Glue job run as a mock describes it: started RUNNING; each poll (it gets the job as last
/// described) counts one more poll; after the third it is in the state the request asked for.
fn glue_job(input: &Value) -> Value {
    match input.get("JobRunState") {
        None => json!({"Id": "jr_1", "JobRunState": "RUNNING", "Polls": 0,
                       "Ends": input["Arguments"]["--ends"].clone()}),
        Some(_) => {
            let polls = input["Polls"].as_u64().unwrap_or(0) + 1;
            let state = if polls >= 3 {
                input["Ends"].clone()
            } else {
                json!("RUNNING")
            };
            json!({"Id": "jr_1", "JobRunState": state, "Polls": polls, "Ends": input["Ends"].clone()})
        }
    }
}

fn glue_machine(ends: &str, extra: &str) -> String {
    format!(
        r#"{{"StartAt": "Crawl", "States": {{"Crawl": {{"Type": "Task",
  "Resource": "arn:aws:states:::glue:startJobRun.sync",
  "Parameters": {{"JobName": "nightly", "Arguments": {{"--ends": "{ends}"}}}}{extra},
  "End": true}}}}}}"#
    )
}

#[test]
fn a_sync_service_task_waits_until_the_mocks_job_ends() {
    let fake = Fake::with(&[(
        "arn:aws:states:::glue:startJobRun",
        Behavior::Func(glue_job),
    )]);
    let e = run(&glue_machine("SUCCEEDED", ""), json!({}), &fake);
    assert_eq!(e.status, Status::Succeeded, "{e:?}");
    assert_eq!(e.output.as_ref().unwrap()["JobRunState"], "SUCCEEDED");
    assert_eq!(e.output.as_ref().unwrap()["Polls"], 3);
    // The request, then three polls, each given the job as last described.
    let calls = fake.calls.borrow();
    assert_eq!(calls.len(), 4);
    assert_eq!(calls[0].payload["JobName"], "nightly");
    assert_eq!(calls[1].payload["JobRunState"], "RUNNING");
    assert_eq!(calls[3].payload["Polls"], 2);
    assert_eq!(
        types(&e)[2..7],
        [
            "TaskScheduled",
            "TaskStarted",
            "TaskSubmitted",
            "TaskSucceeded",
            "TaskStateExited"
        ]
    );
    let submitted: Value =
        serde_json::from_str(details(&e, "TaskSubmitted")["output"].as_str().unwrap()).unwrap();
    assert_eq!(submitted["JobRunState"], "RUNNING");
    // Polled every 5 s of the virtual clock (plus each call's 5 ms).
    let last = e.history.last().unwrap();
    assert!(
        (15_000..16_000).contains(&(last.timestamp_ms - START_MS)),
        "{}",
        last.timestamp_ms - START_MS
    );
}

#[test]
fn a_sync_job_that_fails_fails_the_task_and_timeouts_apply() {
    let fake = Fake::with(&[(
        "arn:aws:states:::glue:startJobRun",
        Behavior::Func(glue_job),
    )]);
    let e = run(&glue_machine("FAILED", ""), json!({}), &fake);
    assert_eq!(e.status, Status::Failed);
    assert_eq!(e.error.as_deref(), Some("States.TaskFailed"));
    let cause: Value = serde_json::from_str(e.cause.as_deref().unwrap()).unwrap();
    assert_eq!(cause["JobRunState"], "FAILED");
    assert!(types(&e).contains(&"TaskFailed"));

    // A job that runs past the Task's TimeoutSeconds times the Task out.
    let fake = Fake::with(&[(
        "arn:aws:states:::glue:startJobRun",
        Behavior::Func(glue_job),
    )]);
    let e = run(
        &glue_machine("SUCCEEDED", r#", "TimeoutSeconds": 8"#),
        json!({}),
        &fake,
    );
    assert_eq!(e.error.as_deref(), Some("States.Timeout"), "{e:?}");
    assert!(types(&e).contains(&"TaskTimedOut"));
    assert_eq!(fake.calls.borrow().len(), 2);
}
