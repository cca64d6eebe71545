//! Whole machines with an in-process fake Lambda runner: outputs, errors and histories in
//! AWS's shape (event types, ids, previousEventIds, details).

mod common;

use asl::{execution_tree, ExecutionConfig, NodeStatus, Status, TreeNodeKind};
use common::*;
use serde_json::{json, Value};

const TUTORIAL: &str = r#"{"StartAt":"ExampleMapState","States":{"ExampleMapState":{"Type":"Map","Iterator":{"StartAt":"CallLambda","States":{"CallLambda":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:HelloFunction","End":true}}},"End":true}}}"#;

fn tutorial() -> asl::Execution {
    let fake = Fake::with(&[("HelloFunction", Behavior::Hello)]);
    run(
        TUTORIAL,
        json!([{"who":"bob"},{"who":"meg"},{"who":"joe"}]),
        &fake,
    )
}

#[test]
fn tutorial_map_over_lambda() {
    let e = tutorial();
    assert_eq!(e.status, Status::Succeeded);
    assert_eq!(
        e.output,
        Some(json!(["Hello, bob!", "Hello, meg!", "Hello, joe!"]))
    );
    let iteration = [
        "MapIterationStarted",
        "TaskStateEntered",
        "LambdaFunctionScheduled",
        "LambdaFunctionStarted",
        "LambdaFunctionSucceeded",
        "TaskStateExited",
        "MapIterationSucceeded",
    ];
    let mut expected = vec!["ExecutionStarted", "MapStateEntered", "MapStateStarted"];
    for _ in 0..3 {
        expected.extend(iteration);
    }
    expected.extend(["MapStateSucceeded", "MapStateExited", "ExecutionSucceeded"]);
    assert_eq!(types(&e), expected);
    // previousEventId rules as AWS records them (map/test_base_scenarios__test_map_state):
    // the first state entered follows nothing; iteration i > 0 starts after the last state
    // event of iteration i-1; MapStateExited follows what MapStateSucceeded follows.
    assert_eq!(
        ids(&e),
        vec![
            (1, 0),
            (2, 0),
            (3, 2),
            (4, 3),
            (5, 4),
            (6, 5),
            (7, 6),
            (8, 7),
            (9, 8),
            (10, 9),
            (11, 9),
            (12, 11),
            (13, 12),
            (14, 13),
            (15, 14),
            (16, 15),
            (17, 16),
            (18, 16),
            (19, 18),
            (20, 19),
            (21, 20),
            (22, 21),
            (23, 22),
            (24, 23),
            (25, 24),
            (26, 24),
            (27, 26),
        ]
    );
    let scheduled = e.history[5].to_json();
    assert_eq!(
        scheduled["lambdaFunctionScheduledEventDetails"],
        json!({"input": "{\"who\":\"bob\"}", "inputDetails": {"truncated": false},
               "resource": "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction"})
    );
    assert_eq!(
        e.history[7].to_json()["lambdaFunctionSucceededEventDetails"]["output"],
        json!("\"Hello, bob!\"")
    );
    assert_eq!(
        e.history[3].to_json()["mapIterationStartedEventDetails"],
        json!({"index": 0, "name": "ExampleMapState"})
    );
    assert_eq!(
        e.history[2].to_json()["mapStateStartedEventDetails"],
        json!({"length": 3})
    );
    let started = e.history[0].to_json();
    assert_eq!(
        started["executionStartedEventDetails"]["roleArn"],
        "arn:aws:iam::123456789012:role/StepFunctions-Machine-role"
    );
    assert_eq!(started["timestamp"], "2025-11-25T11:17:03.000Z");
    assert_eq!(
        e.history[26].to_json()["executionSucceededEventDetails"]["output"],
        json!("[\"Hello, bob!\",\"Hello, meg!\",\"Hello, joe!\"]")
    );
}

#[test]
fn virtual_time_moves_by_handler_durations() {
    let e = tutorial();
    let first = e.history[0].timestamp_ms;
    let last = e.history.last().map(|h| h.timestamp_ms).unwrap_or(0);
    assert_eq!(last - first, 15, "three invocations of 5 ms each");
}

#[test]
fn observer_sees_the_final_history_in_order() {
    let fake = Fake::with(&[("HelloFunction", Behavior::Hello)]);
    let rec = Recorder::default();
    let e = run_with(
        TUTORIAL,
        json!([{"who":"a"},{"who":"b"}]),
        &fake,
        &ExecutionConfig::new("M", "x"),
        Some(&rec),
    );
    assert_eq!(*rec.0.borrow(), e.history);
}

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
fn observer_links_tree_invocations_to_runner_calls() {
    let def = r#"{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:slow","End":true}}},"End":true}}}"#;
    let fake = Fake::with(&[(
        "slow",
        Behavior::SlowIdentity(|v| 10 - v.as_u64().unwrap_or(0) as usize),
    )]);
    let rec = Recorder::default();
    let e = run_with(
        def,
        json!([0, 1, 2, 3]),
        &fake,
        &ExecutionConfig::new("M", "x"),
        Some(&rec),
    );
    let pairs = rec.1.borrow();
    assert_eq!(pairs.len(), 4);
    let tree = execution_tree(&e.history);
    for (index, iteration) in tree.children[0].children.iter().enumerate() {
        let invocation = &iteration.children[0].children[0];
        let (_, request_id) = pairs
            .iter()
            .find(|(id, _)| *id == invocation.first_event_id)
            .expect("linked");
        let calls = fake.calls.borrow();
        let call = calls
            .iter()
            .find(|c| &c.request_id == request_id)
            .expect("the runner saw this request id");
        assert_eq!(call.payload, json!(index));
        assert_eq!(invocation.input, Some(json!(index)));
    }
}

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

#[test]
fn data_flow_errors_name_the_state_and_event() {
    let def = r#"{"StartAt":"P","States":{"P":{"Type":"Pass","Next":"Q"},"Q":{"Type":"Pass","Parameters":{"value.$":"$.missing"},"End":true}}}"#;
    let e = run(def, json!({"a": 1}), &Fake::default());
    assert_eq!(e.error.as_deref(), Some("States.Runtime"));
    assert_eq!(
        e.cause.as_deref(),
        Some("An error occurred while executing the state 'Q' (entered at the event id #4). The JSONPath '$.missing' specified for the field 'value.$' could not be found in the input '{\"a\":1}'")
    );
    assert_eq!(
        types(&e),
        [
            "ExecutionStarted",
            "PassStateEntered",
            "PassStateExited",
            "PassStateEntered",
            "ExecutionFailed"
        ]
    );
    // Inside a Map iteration the id is the final one in the history.
    let def = r#"{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$.v","End":true}}},"End":true}}}"#;
    let e = run(def, json!([{"v": 1}, {"w": 2}]), &Fake::default());
    assert_eq!(
        e.cause.as_deref(),
        Some("An error occurred while executing the state 'P' (entered at the event id #9). Invalid path '$.v' : No results for path: $['v']")
    );
    assert_eq!(e.history[8].kind, "PassStateEntered");
    assert_eq!(
        &types(&e)[8..],
        [
            "PassStateEntered",
            "MapIterationFailed",
            "MapStateFailed",
            "ExecutionFailed"
        ]
    );
    assert_eq!(&ids(&e)[8..], [(9, 8), (10, 9), (11, 9), (12, 11)]);
}

#[test]
fn null_paths_and_result_path() {
    let def = r#"{"StartAt":"A","States":{
        "A":{"Type":"Pass","InputPath":null,"Parameters":{"in.$":"$"},"ResultPath":"$.r","Next":"B"},
        "B":{"Type":"Pass","Result":{"k":1},"ResultPath":null,"Next":"C"},
        "C":{"Type":"Pass","OutputPath":null,"End":true}}}"#;
    let e = run(def, json!({"x": 1}), &Fake::default());
    assert_eq!(
        e.history[2].detail_json("output"),
        Some(json!({"x": 1, "r": {"in": {}}}))
    );
    assert_eq!(
        e.history[4].detail_json("output"),
        Some(json!({"x": 1, "r": {"in": {}}}))
    );
    assert_eq!(e.output, Some(json!({})));
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
fn limits() {
    let big = "a".repeat(260 * 1024);
    let def = format!(
        r#"{{"StartAt":"P","States":{{"P":{{"Type":"Pass","Result":"{big}","End":true}}}}}}"#
    );
    let e = run(&def, json!({}), &Fake::default());
    assert_eq!(e.error.as_deref(), Some("States.DataLimitExceeded"));
    assert_eq!(e.cause.as_deref(), Some("The state/task 'P' returned a result with a size exceeding the maximum number of bytes service limit."));
    assert_eq!(
        types(&e),
        ["ExecutionStarted", "PassStateEntered", "ExecutionFailed"]
    );

    let looping = r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"B":{"Type":"Pass","Next":"A"}}}"#;
    let e = run(looping, json!({}), &Fake::default());
    assert_eq!(e.status, Status::Failed);
    assert_eq!(e.error.as_deref(), Some("States.Runtime"));
    // AWS (bp-history-limit): event 25,000 is the ExecutionFailed that ends the execution.
    assert_eq!(e.history.len(), 25_000);
    assert_eq!(e.history[24_999].kind, "ExecutionFailed");
    assert_eq!(e.history[24_999].previous_event_id, 24_999);
}

#[test]
fn choice_and_wait() {
    let def = r#"{"StartAt":"C","States":{
        "C":{"Type":"Choice","Choices":[
            {"Variable":"$.n","NumericGreaterThan":10,"Next":"Big"},
            {"And":[{"Variable":"$.s","IsPresent":true},{"Variable":"$.s","StringMatches":"a*"}],"Next":"W"}],
            "Default":"Small"},
        "W":{"Type":"Wait","Seconds":3600,"Next":"Small"},
        "Big":{"Type":"Succeed"},
        "Small":{"Type":"Pass","Result":"small","End":true}}}"#;
    let e = run(def, json!({"n": 11}), &Fake::default());
    assert_eq!(e.output, Some(json!({"n": 11})));
    assert_eq!(
        types(&e),
        [
            "ExecutionStarted",
            "ChoiceStateEntered",
            "ChoiceStateExited",
            "SucceedStateEntered",
            "SucceedStateExited",
            "ExecutionSucceeded"
        ]
    );
    let e = run(def, json!({"n": 1, "s": "abc"}), &Fake::default());
    assert_eq!(e.output, Some(json!("small")));
    let waited = e
        .history
        .iter()
        .find(|h| h.kind == "WaitStateExited")
        .map(|h| h.timestamp_ms)
        .unwrap_or(0)
        - START_MS;
    assert_eq!(waited, 3_600_000);
    // A missing variable is States.Runtime, not the Default branch.
    let e = run(def, json!({"s": "abc"}), &Fake::default());
    assert_eq!(e.error.as_deref(), Some("States.Runtime"));
    let def = r#"{"StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.n","NumericEquals":1,"Next":"D"}]},"D":{"Type":"Succeed"}}}"#;
    let e = run(def, json!({"n": 2}), &Fake::default());
    assert_eq!(e.error.as_deref(), Some("States.NoChoiceMatched"));
}

#[test]
fn fail_state() {
    let def =
        r#"{"StartAt":"F","States":{"F":{"Type":"Fail","ErrorPath":"$.e","CausePath":"$.c"}}}"#;
    let e = run(def, json!({"e": "E1", "c": "because"}), &Fake::default());
    assert_eq!(
        (e.error.as_deref(), e.cause.as_deref()),
        (Some("E1"), Some("because"))
    );
    assert_eq!(ids(&e), [(1, 0), (2, 0), (3, 2)]);
}

#[test]
fn execution_tree_from_history() {
    let e = tutorial();
    let tree = execution_tree(&e.history);
    assert_eq!(tree.kind, TreeNodeKind::Execution);
    assert_eq!(tree.status, NodeStatus::Succeeded);
    assert_eq!(
        tree.output,
        Some(json!(["Hello, bob!", "Hello, meg!", "Hello, joe!"]))
    );
    let [map] = tree.children.as_slice() else {
        panic!("one state: {:?}", tree.children)
    };
    assert_eq!(
        (map.label.as_str(), map.status),
        ("ExampleMapState", NodeStatus::Succeeded)
    );
    assert_eq!(map.children.len(), 3);
    let it1 = &map.children[1];
    assert_eq!(it1.kind, TreeNodeKind::MapIteration { index: 1 });
    assert_eq!(it1.output, Some(json!("Hello, meg!")));
    let task = &it1.children[0];
    assert_eq!(
        task.kind,
        TreeNodeKind::State {
            state_type: "Task".into()
        }
    );
    assert_eq!(task.input, Some(json!({"who": "meg"})));
    let inv = &task.children[0];
    assert_eq!(
        inv.kind,
        TreeNodeKind::TaskInvocation {
            resource: "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction".into()
        }
    );
    assert_eq!(inv.label, "HelloFunction");
    assert_eq!(
        (inv.status, inv.output.clone()),
        (NodeStatus::Succeeded, Some(json!("Hello, meg!")))
    );
    assert_eq!(inv.end_ms.map(|end| end - inv.start_ms), Some(5));

    // A partial history: inside the first invocation.
    let partial = execution_tree(&e.history[..7]);
    assert_eq!(partial.status, NodeStatus::InProgress);
    let map = &partial.children[0];
    assert_eq!(map.status, NodeStatus::InProgress);
    let inv = &map.children[0].children[0].children[0];
    assert_eq!((inv.status, inv.end_ms), (NodeStatus::InProgress, None));
}

#[test]
fn tree_marks_failures_and_catches() {
    let def = r#"{"StartAt":"T","States":{
        "T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:boom","Catch":[{"ErrorEquals":["States.ALL"],"Next":"F"}],"End":true},
        "F":{"Type":"Fail","Error":"Final","Cause":"end"}}}"#;
    let fake = Fake::with(&[(
        "boom",
        Behavior::Raise {
            error_type: "E".into(),
            message: "m".into(),
        },
    )]);
    let e = run(def, json!({}), &fake);
    let tree = execution_tree(&e.history);
    assert_eq!(tree.status, NodeStatus::Failed);
    assert_eq!(tree.error.as_deref(), Some("Final"));
    let statuses: Vec<(&str, NodeStatus)> = tree
        .children
        .iter()
        .map(|c| (c.label.as_str(), c.status))
        .collect();
    assert_eq!(
        statuses,
        [("T", NodeStatus::Caught), ("F", NodeStatus::Failed)]
    );
    assert_eq!(tree.children[0].children[0].status, NodeStatus::Failed);
    assert_eq!(tree.children[1].error.as_deref(), Some("Final"));
}

/// A runner that, after yielding once, notes how far the observer has got.
struct Peeking<'a> {
    seen: &'a Recorder,
    notes: std::cell::RefCell<Vec<(Value, String)>>,
}

impl asl::host::TaskRunner for Peeking<'_> {
    fn invoke(
        &self,
        inv: asl::host::Invocation,
    ) -> asl::host::LocalBoxFuture<'_, asl::host::InvocationResult> {
        Box::pin(async move {
            let mut yielded = false;
            std::future::poll_fn(|cx| {
                if yielded {
                    std::task::Poll::Ready(())
                } else {
                    yielded = true;
                    cx.waker().wake_by_ref();
                    std::task::Poll::Pending
                }
            })
            .await;
            let last = self
                .seen
                .0
                .borrow()
                .last()
                .map(|e| e.kind.clone())
                .unwrap_or_default();
            self.notes.borrow_mut().push((inv.payload.clone(), last));
            asl::host::InvocationResult {
                outcome: asl::host::InvocationOutcome::Succeeded {
                    payload: inv.payload,
                },
                logs: vec![],
                duration_ms: 1.0,
            }
        })
    }
}

#[test]
fn live_views_follow_the_running_iteration() {
    let def = r#"{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,"ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","End":true}}},"End":true}}}"#;
    let rec = Recorder::default();
    let runner = Peeking {
        seen: &rec,
        notes: Default::default(),
    };
    let definition = asl::load(def).expect("loads");
    let clock = asl::host::VirtualClock::new(START_MS);
    let rng = asl::host::SplitMix64::new(1);
    let host = asl::Host {
        tasks: &runner,
        clock: &clock,
        rng: &rng,
        observer: Some(&rec),
    };
    let e = asl::block_on(asl::execute(
        &definition,
        json!([0, 1]),
        &ExecutionConfig::new("M", "x"),
        host,
    ));
    assert_eq!(e.status, Status::Succeeded);
    // While each handler runs, the observer has already seen that call start.
    assert_eq!(
        *runner.notes.borrow(),
        vec![
            (json!(0), "LambdaFunctionStarted".to_string()),
            (json!(1), "LambdaFunctionStarted".to_string())
        ]
    );
    assert_eq!(*rec.0.borrow(), e.history);
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
        .map(|b| (b.kind.clone(), b.children.len(), b.output.clone()))
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
fn the_input_text_is_recorded_verbatim() {
    let def = r#"{"StartAt":"P","States":{"P":{"Type":"Pass","Next":"Q"},"Q":{"Type":"Pass","End":true}}}"#;
    let definition = asl::load(def).expect("loads");
    let clock = asl::host::VirtualClock::new(START_MS);
    let rng = asl::host::SplitMix64::new(1);
    let fake = Fake::default();
    let host = asl::Host {
        tasks: &fake,
        clock: &clock,
        rng: &rng,
        observer: None,
    };
    let config = ExecutionConfig::new("M", "x");
    let e = asl::block_on(asl::execute_text(
        &definition,
        " [\"Hello\", \"World\"]\n",
        &config,
        host,
    ))
    .expect("JSON");
    // As map/test_base_scenarios__test_map_state_config_inline_parameters recorded it.
    assert_eq!(
        e.history[0].detail("input"),
        Some(&json!("[\"Hello\", \"World\"]"))
    );
    assert_eq!(
        e.history[1].detail("input"),
        Some(&json!("[\"Hello\", \"World\"]"))
    );
    assert_eq!(
        e.history[3].detail("input"),
        Some(&json!("[\"Hello\",\"World\"]"))
    );
    let host = asl::Host {
        tasks: &fake,
        clock: &clock,
        rng: &rng,
        observer: None,
    };
    let bad = asl::block_on(asl::execute_text(&definition, "{oops", &config, host)).unwrap_err();
    assert_eq!(
        (bad.code.as_str(), bad.line, bad.column),
        ("JSON_SYNTAX", 1, 2)
    );
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

/// Stops after `stop_after` events; counts the states it was asked about.
struct Stopper {
    stop_after: usize,
    seen: std::cell::Cell<usize>,
    asked: std::cell::RefCell<Vec<String>>,
}

impl asl::Observer for Stopper {
    fn on_event(&self, _event: &asl::HistoryEvent) {
        self.seen.set(self.seen.get() + 1);
    }
    fn should_stop(&self) -> bool {
        self.seen.get() >= self.stop_after
    }
    fn before_state(&self, state_name: &str) -> Option<asl::host::LocalBoxFuture<'_, ()>> {
        self.asked.borrow_mut().push(state_name.to_string());
        Some(Box::pin(std::future::ready(())))
    }
}

#[test]
fn the_observer_can_pause_and_stop_an_execution() {
    let def = r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"M"},"M":{"Type":"Map","MaxConcurrency":1,"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"Next":"Z"},"Z":{"Type":"Pass","End":true}}}"#;
    let go = Stopper {
        stop_after: usize::MAX,
        seen: Default::default(),
        asked: Default::default(),
    };
    let e = run_with(
        def,
        json!([1, 2]),
        &Fake::default(),
        &ExecutionConfig::new("M", "x"),
        Some(&go),
    );
    assert_eq!(e.status, Status::Succeeded);
    assert_eq!(*go.asked.borrow(), ["A", "M", "P", "P", "Z"]);

    // Stop once the first iteration has begun: no more states are entered.
    let stop = Stopper {
        stop_after: 7,
        seen: Default::default(),
        asked: Default::default(),
    };
    let e = run_with(
        def,
        json!([1, 2]),
        &Fake::default(),
        &ExecutionConfig::new("M", "x"),
        Some(&stop),
    );
    assert_eq!(e.status, Status::Aborted);
    assert_eq!((e.error.clone(), e.output.clone()), (None, None));
    let t = types(&e);
    assert_eq!(t.last(), Some(&"ExecutionAborted"));
    assert!(
        !t.contains(&"MapIterationFailed") && !t.contains(&"MapStateFailed"),
        "{t:?}"
    );
    assert_eq!(
        t.iter().filter(|k| **k == "PassStateEntered").count(),
        2,
        "{t:?}"
    );
    assert_eq!(execution_tree(&e.history).status, NodeStatus::Aborted);
}
