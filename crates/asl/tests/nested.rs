//! Nested executions: `states:startExecution` (request-response, `.sync`, `.sync:2`) runs
//! another state machine of the workspace, to its end, with its own history.

mod common;

use asl::host::machines::MachineList;
use asl::{Execution, MachineType, Status};
use common::{run_with_machines, types, Behavior, Fake};
use serde_json::{json, Value};

/// The workspace's machines, by name (in the default account and Region).
fn workspace(machines: &[(&str, &str)]) -> MachineList {
    let mut list = MachineList::new("123456789012", "us-east-1");
    for (name, definition) in machines {
        list.add(
            name,
            asl::load(definition).expect("loads"),
            MachineType::Standard,
        );
    }
    list
}

const CHILD: &str = r#"{"StartAt": "Greet", "States": {"Greet": {"Type": "Pass", "Parameters": {"greeting.$": "States.Format('Hello, {}!', $.who)"}, "End": true}}}"#;
const FAILING: &str = r#"{"StartAt": "No", "States": {"No": {"Type": "Fail", "Error": "Nope", "Cause": "not today"}}}"#;

fn parent(resource: &str, machine: &str) -> String {
    json!({"StartAt": "Start", "States": {"Start": {
        "Type": "Task", "Resource": resource,
        "Parameters": {
            "StateMachineArn": format!("arn:aws:states:us-east-1:123456789012:stateMachine:{machine}"),
            "Input": {"who.$": "$.who"}, "Name": "child-1"
        },
        "End": true}}})
    .to_string()
}

fn run(resource: &str, machine: &str, ws: &MachineList) -> Execution {
    run_with_machines(
        &parent(resource, machine),
        json!({"who": "meg"}),
        &Fake::default(),
        ws,
    )
}

#[test]
fn sync_waits_for_the_child_and_gives_its_description() {
    let ws = workspace(&[("Child", CHILD)]);
    let e = run("arn:aws:states:::states:startExecution.sync", "Child", &ws);
    assert_eq!(e.status, Status::Succeeded, "{e:?}");
    let out = e.output.clone().unwrap();
    assert_eq!(out["Output"], "{\"greeting\":\"Hello, meg!\"}");
    assert_eq!(out["Input"], "{\"who\":\"meg\"}");
    assert_eq!(out["Status"], "SUCCEEDED");
    assert_eq!(out["Name"], "child-1");
    assert_eq!(
        out["ExecutionArn"],
        "arn:aws:states:us-east-1:123456789012:execution:Child:child-1"
    );
    assert_eq!(
        out["StateMachineArn"],
        "arn:aws:states:us-east-1:123456789012:stateMachine:Child"
    );
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
    let scheduled = e
        .history
        .iter()
        .find(|ev| ev.kind == "TaskScheduled")
        .unwrap();
    assert_eq!(
        scheduled.detail("resource"),
        Some(&json!("startExecution.sync"))
    );
    assert_eq!(scheduled.detail("resourceType"), Some(&json!("states")));
    // The child ran with its own history, and the host heard of it.
    let ran = ws.ran();
    assert_eq!((ran[0].0.as_str(), ran[0].1.as_str()), ("Child", "child-1"));
    assert_eq!(
        types(&ran[0].2),
        [
            "ExecutionStarted",
            "PassStateEntered",
            "PassStateExited",
            "ExecutionSucceeded"
        ]
    );

    let e = run(
        "arn:aws:states:::states:startExecution.sync:2",
        "Child",
        &ws,
    );
    assert_eq!(
        e.output.unwrap()["Output"],
        json!({"greeting": "Hello, meg!"})
    );
}

#[test]
fn a_failed_child_fails_the_sync_task() {
    let ws = workspace(&[("Failing", FAILING)]);
    let e = run(
        "arn:aws:states:::states:startExecution.sync",
        "Failing",
        &ws,
    );
    assert_eq!(e.error.as_deref(), Some("States.TaskFailed"), "{e:?}");
    let cause: Value = serde_json::from_str(e.cause.as_deref().unwrap()).unwrap();
    assert_eq!(
        (
            cause["Status"].as_str(),
            cause["Error"].as_str(),
            cause["Cause"].as_str()
        ),
        (Some("FAILED"), Some("Nope"), Some("not today"))
    );
}

#[test]
fn request_response_answers_with_the_started_execution() {
    let ws = workspace(&[("Child", CHILD)]);
    let e = run("arn:aws:states:::states:startExecution", "Child", &ws);
    let out = e.output.unwrap();
    assert_eq!(
        out["ExecutionArn"],
        "arn:aws:states:us-east-1:123456789012:execution:Child:child-1"
    );
    assert!(out["StartDate"].is_i64());
    assert_eq!(ws.ran().len(), 1);
}

#[test]
fn a_machine_starting_itself_stops_at_the_nesting_limit() {
    let looping = parent("arn:aws:states:::states:startExecution.sync", "Loop")
        .replace("\"Name\":\"child-1\",", "");
    let ws = workspace(&[("Loop", &looping)]);
    let e = run_with_machines(&looping, json!({"who": "x"}), &Fake::default(), &ws);
    assert_eq!(e.status, Status::Failed);
    assert_eq!(e.error.as_deref(), Some("States.TaskFailed"), "{e:?}");
    assert_eq!(ws.ran().len(), 10);
}

#[test]
fn a_machine_outside_the_workspace_needs_a_mock() {
    let ws = workspace(&[]);
    let e = run(
        "arn:aws:states:::states:startExecution.sync",
        "Elsewhere",
        &ws,
    );
    assert!(e
        .cause
        .unwrap()
        .contains("There is no mock for the resource 'arn:aws:states:::states:startExecution'"));
    let fake = Fake::with(&[(
        "arn:aws:states:::states:startExecution",
        Behavior::Constant(json!({"Output": "{}"})),
    )]);
    let e = run_with_machines(
        &parent("arn:aws:states:::states:startExecution.sync", "Elsewhere"),
        json!({"who": "x"}),
        &fake,
        &ws,
    );
    assert_eq!(e.status, Status::Succeeded, "{e:?}");
}
