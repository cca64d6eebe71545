//! Map and Parallel: concurrency, item order, item selectors, aborts, big maps.

mod common;

use asl::{execution_tree, NodeStatus, Status, TreeNodeKind};
use common::*;
use serde_json::{json, Value};

#[test]
fn concurrent_iterations_are_recorded_in_index_order() {
    let def = r#"{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":0,"ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:slow","End":true}}},"End":true}}}"#;
    // item i finishes after 10 - i polls: the last items finish first.
    let fake = Fake::with(&[(
        "slow",
        Behavior::SlowIdentity(|v| 10 - v.as_u64().unwrap_or(0) as usize),
    )]);
    let e = run(def, json!([0, 1, 2, 3, 4, 5]), &fake);
    assert_eq!(e.output, Some(json!([0, 1, 2, 3, 4, 5])));
    let order: Vec<u64> = e
        .history
        .iter()
        .filter(|h| h.kind == "MapIterationStarted")
        .filter_map(|h| h.detail("index").and_then(Value::as_u64))
        .collect();
    assert_eq!(order, vec![0, 1, 2, 3, 4, 5]);
    // all calls were started before any finished: they really ran concurrently
    assert_eq!(fake.calls.borrow().len(), 6);
    for (i, h) in e.history.iter().enumerate() {
        assert_eq!(h.id, i as u64 + 1);
        assert!(h.previous_event_id < h.id);
    }
}

#[test]
fn map_item_selector_and_context() {
    for field in ["ItemSelector", "Parameters"] {
        let def = format!(
            r#"{{"StartAt":"M","States":{{"M":{{"Type":"Map","ItemsPath":"$.items","{field}":{{"i.$":"$$.Map.Item.Index","v.$":"$$.Map.Item.Value","b.$":"$.bucket"}},"ItemProcessor":{{"StartAt":"P","States":{{"P":{{"Type":"Pass","End":true}}}}}},"ResultPath":"$.out","End":true}}}}}}"#
        );
        let e = run(
            &def,
            json!({"bucket": "b1", "items": ["x", "y"]}),
            &Fake::default(),
        );
        assert_eq!(
            e.output,
            Some(
                json!({"bucket": "b1", "items": ["x", "y"], "out": [{"i": 0, "v": "x", "b": "b1"}, {"i": 1, "v": "y", "b": "b1"}]})
            ),
            "{field}"
        );
    }
}

#[test]
fn big_maps_stop_at_the_history_limit() {
    let def = r#"{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":40,"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}"#;
    let items: Vec<u32> = (0..20_000).collect();
    let e = run(def, json!(items), &Fake::default());
    assert_eq!(e.status, Status::Failed);
    assert_eq!(e.history.len(), 25_000);
    let ok = run(
        def,
        json!((0..1000).collect::<Vec<u32>>()),
        &Fake::default(),
    );
    assert_eq!(ok.output, Some(json!((0..1000).collect::<Vec<u32>>())));
    assert_eq!(ok.history.len(), 3 + 1000 * 4 + 3);
}

#[test]
fn parallel_branches_in_history_and_tree() {
    let def = r#"{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[
        {"StartAt":"A","States":{"A":{"Type":"Pass","Result":"a","Next":"A2"},"A2":{"Type":"Pass","End":true}}},
        {"StartAt":"B","States":{"B":{"Type":"Pass","Result":"b","End":true}}}],"End":true}}}"#;
    let e = run(def, json!({"x": 1}), &Fake::default());
    assert_eq!(e.output, Some(json!(["a", "b"])));
    // Each branch's first state follows ParallelStateStarted (as AWS records it); the exit
    // follows what ParallelStateSucceeded follows.
    assert_eq!(
        types(&e),
        [
            "ExecutionStarted",
            "ParallelStateEntered",
            "ParallelStateStarted",
            "PassStateEntered",
            "PassStateExited",
            "PassStateEntered",
            "PassStateExited",
            "PassStateEntered",
            "PassStateExited",
            "ParallelStateSucceeded",
            "ParallelStateExited",
            "ExecutionSucceeded",
        ]
    );
    assert_eq!(ids(&e)[3], (4, 3));
    assert_eq!(ids(&e)[7], (8, 3));
    assert_eq!(&ids(&e)[9..], [(10, 9), (11, 9), (12, 11)]);
    let tree = execution_tree(&e.history);
    let p = &tree.children[0];
    let branches: Vec<(TreeNodeKind, usize, Option<Value>)> = p
        .children
        .iter()
        .map(|b| {
            (
                b.kind.clone(),
                b.children.len(),
                b.output.as_deref().cloned(),
            )
        })
        .collect();
    assert_eq!(
        branches,
        vec![
            (
                TreeNodeKind::ParallelBranch { index: 0 },
                2,
                Some(json!("a"))
            ),
            (
                TreeNodeKind::ParallelBranch { index: 1 },
                1,
                Some(json!("b"))
            ),
        ]
    );
    assert_eq!(p.status, NodeStatus::Succeeded);

    let failing = r#"{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[
        {"StartAt":"F","States":{"F":{"Type":"Fail","Error":"Boom"}}}],"End":true}}}"#;
    let e = run(failing, json!({}), &Fake::default());
    assert_eq!(
        types(&e),
        [
            "ExecutionStarted",
            "ParallelStateEntered",
            "ParallelStateStarted",
            "FailStateEntered",
            "ParallelStateFailed",
            "ExecutionFailed"
        ]
    );
    assert_eq!(ids(&e), [(1, 0), (2, 0), (3, 2), (4, 3), (5, 4), (6, 5)]);
    let tree = execution_tree(&e.history);
    let p = &tree.children[0];
    assert_eq!(p.status, NodeStatus::Failed);
    assert_eq!(p.children[0].status, NodeStatus::Failed);
    assert_eq!(p.children[0].children[0].label, "F");
}

#[test]
fn a_failed_iteration_aborts_the_running_ones() {
    let def = r#"{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":3,"ItemProcessor":{"StartAt":"T","States":{
        "T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:slow","Next":"C"},
        "C":{"Type":"Choice","Choices":[{"Variable":"$","NumericEquals":0,"Next":"F"}],"Default":"D"},
        "F":{"Type":"Fail","Error":"Zero"},
        "D":{"Type":"Succeed"}}},"End":true}}}"#;
    // item 0 finishes first and fails; items 1 and 2 are still in their Task.
    let fake = Fake::with(&[(
        "slow",
        Behavior::SlowIdentity(|v| 3 + 10 * v.as_u64().unwrap_or(0) as usize),
    )]);
    let e = run(def, json!([0, 1, 2]), &fake);
    assert_eq!(e.error.as_deref(), Some("Zero"));
    let t = types(&e);
    let fail_at = t
        .iter()
        .position(|k| *k == "FailStateEntered")
        .expect("failed")
        + 1;
    assert_eq!(
        &t[fail_at..],
        [
            "MapIterationFailed",
            "TaskStateAborted",
            "MapIterationAborted",
            "TaskStateAborted",
            "MapIterationAborted",
            "MapStateFailed",
            "ExecutionFailed"
        ]
    );
    // As AWS recorded it (timeouts/test_timeouts__test_service_lambda_map_timeout): all
    // follow the failed iteration's last event.
    let fail_id = fail_at as u64;
    for h in &e.history[fail_at..e.history.len() - 1] {
        assert_eq!(h.previous_event_id, fail_id, "{}", h.kind);
    }
    let aborted: Vec<u64> = e
        .history
        .iter()
        .filter(|h| h.kind == "MapIterationAborted")
        .filter_map(|h| h.detail("index").and_then(Value::as_u64))
        .collect();
    assert_eq!(aborted, [1, 2]);
    let tree = execution_tree(&e.history);
    let statuses: Vec<NodeStatus> = tree.children[0].children.iter().map(|i| i.status).collect();
    assert_eq!(
        statuses,
        [NodeStatus::Failed, NodeStatus::Aborted, NodeStatus::Aborted]
    );
}

#[test]
fn a_failed_parallel_branch_aborts_its_open_state() {
    // jsonata/test_error_output__test_parallel_catch_error_*: after a branch's TaskFailed
    // AWS records TaskStateAborted; a retry's ParallelStateStarted follows the TaskFailed.
    let def = r#"{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"boom"},"End":true}}}],"Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":1,"MaxAttempts":1}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"F"}],"End":true},"F":{"Type":"Pass","End":true}}}"#;
    let fake = Fake::with(&[(
        "boom",
        Behavior::Raise {
            error_type: "Exception".into(),
            message: "no".into(),
        },
    )]);
    let e = run(def, json!({}), &fake);
    assert_eq!(e.status, Status::Succeeded);
    assert_eq!(
        types(&e)[2..16],
        [
            "ParallelStateStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskFailed",
            "TaskStateAborted",
            "ParallelStateStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskFailed",
            "TaskStateAborted",
            "ParallelStateFailed",
            "ParallelStateExited",
        ]
    );
    let ids = ids(&e);
    assert_eq!(ids[7], (8, 7), "TaskStateAborted follows TaskFailed");
    assert_eq!(
        ids[8],
        (9, 7),
        "the retry's ParallelStateStarted follows TaskFailed"
    );
    // A Fail state ends its branch without an aborted event.
    let def = r#"{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[{"StartAt":"B","States":{"B":{"Type":"Fail","Error":"FailureType"}}}],"End":true}}}"#;
    let e = run(def, json!({}), &Fake::default());
    assert_eq!(
        types(&e),
        [
            "ExecutionStarted",
            "ParallelStateEntered",
            "ParallelStateStarted",
            "FailStateEntered",
            "ParallelStateFailed",
            "ExecutionFailed"
        ]
    );
}
