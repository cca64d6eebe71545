//! Whole machines with an in-process fake Lambda runner: outputs, errors and histories in
//! AWS's shape (event types, ids, previousEventIds, details).

mod common;

use asl::{ExecutionConfig, Status};
use common::*;
use serde_json::json;

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
fn the_input_text_is_recorded_verbatim() {
    let def = r#"{"StartAt":"P","States":{"P":{"Type":"Pass","Next":"Q"},"Q":{"Type":"Pass","End":true}}}"#;
    let definition = asl::load(def).expect("loads");
    let clock = asl::host::VirtualClock::new(START_MS);
    let rng = asl::host::SplitMix64::new(1);
    let fake = Fake::default();
    let host = asl::Host::new(&fake, &clock, &rng);
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
    let host = asl::Host::new(&fake, &clock, &rng);
    let bad = asl::block_on(asl::execute_text(&definition, "{oops", &config, host)).unwrap_err();
    assert_eq!(
        (bad.code.as_str(), bad.line, bad.column),
        ("JSON_SYNTAX", 1, 2)
    );
}

#[test]
fn the_machine_timeout_cuts_a_wait_short() {
    let def = r#"{"TimeoutSeconds":5,"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":60,"Next":"P"},"P":{"Type":"Pass","End":true}}}"#;
    let e = run(def, json!({}), &Fake::default());
    assert_eq!(e.status, Status::TimedOut);
    assert_eq!(
        types(&e),
        ["ExecutionStarted", "WaitStateEntered", "ExecutionTimedOut"]
    );
    let last = e.history.last().map(|h| h.timestamp_ms).unwrap_or(0);
    assert_eq!(last - START_MS, 5_000);
}

#[test]
fn path_functions_find_nothing_and_filters_know_jayways_operators() {
    // AWS (re:Post "sum() function returns error about not finding path"): a path function
    // is accepted, and the path is then not found.
    let def = r#"{"StartAt":"Sum Jobs","States":{"Sum Jobs":{"Type":"Pass","Parameters":{"Jobs.$":"$.Jobs.sum()"},"End":true}}}"#;
    assert!(asl::diagnostics(def).is_empty());
    let e = run(def, json!({"Jobs": [0, 1]}), &Fake::default());
    assert_eq!(e.error.as_deref(), Some("States.Runtime"));
    assert_eq!(
        e.cause.as_deref(),
        Some("An error occurred while executing the state 'Sum Jobs' (entered at the event id #2). The JSONPath '$.Jobs.sum()' specified for the field 'Jobs.$' could not be found in the input '{\"Jobs\":[0,1]}'")
    );
    let cases = [
        ("$.u[?(@.name =~ /^a.*/i)].id", json!([1, 3])),
        ("$.u[?(@.id in [2, 3])].id", json!([2, 3])),
        ("$.u[?(@.id nin [2, 3])].id", json!([1])),
        ("$.u[?(@.tags anyof ['x'])].id", json!([1])),
        ("$.u[?(@.tags noneof ['x'])].id", json!([2, 3])),
        ("$.u[?(@.tags subsetof ['x', 'y'])].id", json!([1, 2, 3])),
        ("$.u[?(@.tags size 2)].id", json!([1])),
        ("$.u[?(@.tags empty true)].id", json!([3])),
    ];
    let input = json!({"u": [
        {"id": 1, "name": "Ann", "tags": ["x", "y"]},
        {"id": 2, "name": "bob", "tags": ["y"]},
        {"id": 3, "name": "al", "tags": []}
    ]});
    for (path, expected) in cases {
        let def = format!(
            r#"{{"StartAt":"P","States":{{"P":{{"Type":"Pass","Parameters":{{"r.$":"{path}"}},"End":true}}}}}}"#
        );
        let e = run(&def, input.clone(), &Fake::default());
        assert_eq!(e.output, Some(json!({ "r": expected })), "{path}");
    }
}

#[test]
fn an_express_execution_has_no_redrive_count() {
    // express/test_express_sync__test_query_runtime_memory (recorded with the STANDARD
    // base_states/test_base__test_query_context_object_values, which has RedriveCount).
    let def = r#"{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"e.$":"$$.Execution"},"End":true}}}"#;
    let mut config = ExecutionConfig::new("M", "run-1");
    let standard = run_with(def, json!({}), &Fake::default(), &config, None);
    assert_eq!(standard.output.unwrap_or_default()["e"]["RedriveCount"], 0);
    config.machine_type = asl::MachineType::Express;
    let express = run_with(def, json!({}), &Fake::default(), &config, None);
    let e = express.output.unwrap_or_default();
    assert!(e["e"].get("RedriveCount").is_none(), "{e}");
    let id = e["e"]["Id"].as_str().unwrap_or_default();
    assert!(
        id.starts_with("arn:aws:states:us-east-1:123456789012:express:M:run-1:"),
        "{id}"
    );
}

/// Workflow variables are not members of the context object: `$$` paths can't reach them
/// (AWS: a missing `$$` member in Parameters is `States.Runtime`). Found by the fuzzer.
#[test]
fn the_context_object_does_not_hold_the_variables() {
    let def = r#"{"StartAt":"A","States":{
        "A":{"Type":"Pass","Assign":{"v":1},"Next":"B"},
        "B":{"Type":"Pass","Parameters":{"c.$":"$$['\u0001variables']"},"End":true}}}"#;
    let e = run(def, json!({}), &Fake::default());
    assert_eq!(e.status, asl::Status::Failed, "{:?}", e.output);
    assert_eq!(e.error.as_deref(), Some("States.Runtime"));

    for path in ["$$.*", "$$..v"] {
        let def = format!(
            r#"{{"StartAt":"A","States":{{
            "A":{{"Type":"Pass","Assign":{{"v":1}},"Next":"B"}},
            "B":{{"Type":"Pass","Parameters":{{"c.$":"{path}"}},"End":true}}}}}}"#
        );
        let e = run(&def, json!({}), &Fake::default());
        let found = e
            .output
            .as_ref()
            .map(|o| o["c"].to_string())
            .unwrap_or_default();
        assert!(
            !found.contains("\"v\":1") && !found.contains("{\"v\":1}"),
            "{path}: {found}"
        );
    }
}

/// A Choice loop counting `$.i` to `n` (four events per round).
fn counting_loop(n: u64) -> String {
    format!(
        r#"{{"StartAt":"Check","States":{{
        "Check":{{"Type":"Choice","Choices":[{{"Variable":"$.i","NumericLessThan":{n},"Next":"Inc"}}],"Default":"Done"}},
        "Inc":{{"Type":"Pass","Parameters":{{"i.$":"States.MathAdd($.i, 1)"}},"Next":"Check"}},
        "Done":{{"Type":"Succeed"}}}}}}"#
    )
}

#[test]
fn only_a_standard_execution_has_the_history_limit() {
    // AWS's quotas: "Maximum execution history size": 25,000 events for Standard Workflows,
    // unlimited for Express Workflows. 7,000 rounds record 28,006 events.
    let def = counting_loop(7_000);
    let mut config = ExecutionConfig::new("M", "run-1");
    let standard = run_with(&def, json!({"i": 0}), &Fake::default(), &config, None);
    assert_eq!(standard.status, Status::Failed);
    assert_eq!(standard.history.len(), asl::history::MAX_EVENTS);
    config.machine_type = asl::MachineType::Express;
    let express = run_with(&def, json!({"i": 0}), &Fake::default(), &config, None);
    assert_eq!(express.status, Status::Succeeded, "{:?}", express.cause);
    assert_eq!(express.output, Some(json!({"i": 7_000})));
    assert_eq!(express.history.len(), 28_006);
}

#[test]
fn an_express_execution_times_out_after_five_minutes() {
    let mut config = ExecutionConfig::new("M", "run-1");
    config.machine_type = asl::MachineType::Express;
    let def = r#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":400,"Next":"P"},"P":{"Type":"Pass","End":true}}}"#;
    let e = run_with(def, json!({}), &Fake::default(), &config, None);
    assert_eq!(e.status, Status::TimedOut);
    let last = e.history.last().map(|h| h.timestamp_ms).unwrap_or(0);
    assert_eq!(last - START_MS, 300_000);
    // A shorter TimeoutSeconds still wins; a longer one is cut to five minutes.
    for (timeout, at) in [(10, 10_000), (3_600, 300_000)] {
        let def = format!(
            r#"{{"TimeoutSeconds":{timeout},"StartAt":"W","States":{{"W":{{"Type":"Wait","Seconds":400,"End":true}}}}}}"#
        );
        let e = run_with(&def, json!({}), &Fake::default(), &config, None);
        assert_eq!(e.status, Status::TimedOut);
        let last = e.history.last().map(|h| h.timestamp_ms).unwrap_or(0);
        assert_eq!(last - START_MS, at, "TimeoutSeconds {timeout}");
    }
    // Within five minutes nothing changes; a STANDARD machine waits as long as it says.
    let def = r#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":299,"End":true}}}"#;
    let e = run_with(def, json!({}), &Fake::default(), &config, None);
    assert_eq!(e.status, Status::Succeeded);
    let def = r#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":400,"End":true}}}"#;
    let e = run(def, json!({}), &Fake::default());
    assert_eq!(e.status, Status::Succeeded);
}

#[test]
fn an_endless_express_loop_stops_at_the_interpreters_guard() {
    let def = r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"A"}}}"#;
    let mut config = ExecutionConfig::new("M", "run-1");
    config.machine_type = asl::MachineType::Express;
    config.keep_history = false;
    let e = run_with(def, json!({}), &Fake::default(), &config, None);
    assert_eq!(e.status, Status::Failed);
    assert_eq!(e.error.as_deref(), Some("States.Runtime"));
    assert!(
        e.cause
            .as_deref()
            .unwrap_or_default()
            .contains(&asl::machine_type::MAX_EXPRESS_STEPS.to_string()),
        "{:?}",
        e.cause
    );
    // Kept (the playground, --history), each state's events would stay: a lower guard.
    config.keep_history = true;
    let e = run_with(def, json!({}), &Fake::default(), &config, None);
    assert_eq!(e.error.as_deref(), Some("States.Runtime"));
    assert_eq!(
        e.history.len(),
        2 * asl::machine_type::MAX_EXPRESS_RECORDED_STEPS + 2,
        "{:?}",
        e.cause
    );
}

#[test]
fn a_history_not_kept_is_still_counted_and_observed() {
    let mut config = ExecutionConfig::new("M", "run-1");
    let def = counting_loop(7_000);
    let kept = run_with(&def, json!({"i": 0}), &Fake::default(), &config, None);
    config.keep_history = false;
    let unkept = run_with(&def, json!({"i": 0}), &Fake::default(), &config, None);
    assert!(unkept.history.is_empty());
    // The same limit, reached at the same event: the same failure.
    assert_eq!(kept.status, Status::Failed);
    assert_eq!(
        (unkept.status, &unkept.error, &unkept.cause),
        (kept.status, &kept.error, &kept.cause)
    );
    // An observer still sees every event, details included, as a kept history has them.
    let fake = Fake::with(&[("HelloFunction", Behavior::Hello)]);
    let input = json!([{"who": "bob"}, {"who": "meg"}]);
    let recorder = Recorder::default();
    let observed = run_with(TUTORIAL, input.clone(), &fake, &config, Some(&recorder));
    assert!(observed.history.is_empty());
    config.keep_history = true;
    let full = run_with(TUTORIAL, input, &fake, &config, None);
    let seen = recorder.0.into_inner();
    assert_eq!(seen.len(), full.history.len());
    for (a, b) in seen.iter().zip(&full.history) {
        assert_eq!(
            (a.id, &a.kind, a.previous_event_id),
            (b.id, &b.kind, b.previous_event_id)
        );
        assert_eq!(a.detail("input"), b.detail("input"), "{}", a.kind);
        assert_eq!(
            a.detail("output").is_some(),
            b.detail("output").is_some(),
            "{}",
            a.kind
        );
    }
}
