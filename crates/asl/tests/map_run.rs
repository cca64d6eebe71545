//! Distributed Map (a Map Run of child executions), checked against what AWS recorded
//! (the conformance data set's `map` cases: *distributed*, *tolerated_failure*, *label*).

mod common;

use asl::Status;
use common::*;
use serde_json::{json, Value};

fn distributed(extra: &str, processor: &str) -> String {
    format!(
        r#"{{"StartAt":"MapState","States":{{"MapState":{{"Type":"Map","MaxConcurrency":1,{extra}"ItemProcessor":{{"ProcessorConfig":{{"Mode":"DISTRIBUTED","ExecutionType":"STANDARD"}},{processor}}},"End":true}}}}}}"#
    )
}

const PASS: &str = r#""StartAt":"P","States":{"P":{"Type":"Pass","End":true}}"#;
const FAIL_ODD: &str = r#""StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$","NumericEquals":1,"Next":"F"}],"Default":"P"},"P":{"Type":"Pass","End":true},"F":{"Type":"Fail","Error":"Odd","Cause":"one"}}"#;

#[test]
fn a_map_run_records_only_its_start_and_end() {
    // map/test_base_scenarios__test_map_state_config_distributed_item_selector_parameters
    // (recorded 2024-11): the children's events are not in the parent's history, and
    // MapStateExited follows MapRunStarted.
    let def = distributed(
        r#""ItemSelector":{"constantValue":"constant","mapValue.$":"$$.Map.Item.Value","fromInput.$":"$"},"#,
        PASS,
    );
    let e = run(&def, json!(["Hello", "World"]), &Fake::default());
    assert_eq!(
        types(&e),
        [
            "ExecutionStarted",
            "MapStateEntered",
            "MapStateStarted",
            "MapRunStarted",
            "MapRunSucceeded",
            "MapStateSucceeded",
            "MapStateExited",
            "ExecutionSucceeded"
        ]
    );
    assert_eq!(
        ids(&e),
        [
            (1, 0),
            (2, 0),
            (3, 2),
            (4, 3),
            (5, 4),
            (6, 5),
            (7, 4),
            (8, 7)
        ]
    );
    assert_eq!(
        e.output,
        Some(json!([
            {"constantValue": "constant", "mapValue": "Hello", "fromInput": ["Hello", "World"]},
            {"constantValue": "constant", "mapValue": "World", "fromInput": ["Hello", "World"]}
        ]))
    );
    assert_eq!(e.history[2].detail("length"), Some(&json!(2)));
}

#[test]
fn the_label_names_the_map_run() {
    let def = distributed(r#""Label":"TestMap","#, PASS);
    let e = run(&def, json!(["Hello", "World"]), &Fake::default());
    let arn = e.history[3]
        .detail("mapRunArn")
        .and_then(Value::as_str)
        .unwrap_or_default()
        .to_string();
    assert!(
        arn.starts_with("arn:aws:states:us-east-1:123456789012:mapRun:Machine/TestMap:"),
        "{arn}"
    );
}

#[test]
fn tolerated_failure_count_path_errors_as_aws_words_them() {
    // map/test_base_scenarios__test_map_state_tolerated_failure_count_path_*: the error
    // follows MapStateStarted, with no MapStateFailed.
    let def = distributed(
        r#""ItemsPath":"$.Items","ToleratedFailureCountPath":"$.ToleratedFailureCount","#,
        PASS,
    );
    let cases = [
        (json!(-1), "ToleratedFailureCount cannot be negative."),
        (json!("NoNumber"), "The ToleratedFailureCountPath field refers to value \"NoNumber\" which is not a valid integer: $.ToleratedFailureCount"),
        (json!({}), "The ToleratedFailureCountPath field refers to value \"{}\" which is not a valid integer: $.ToleratedFailureCount"),
    ];
    for (value, message) in cases {
        let e = run(
            &def,
            json!({"Items": [0], "ToleratedFailureCount": value}),
            &Fake::default(),
        );
        assert_eq!(e.status, Status::Failed);
        assert_eq!(e.error.as_deref(), Some("States.Runtime"));
        assert_eq!(
            e.cause.as_deref(),
            Some(
                format!("An error occurred while executing the state 'MapState' (entered at the event id #2). {message}")
                    .as_str()
            )
        );
        assert_eq!(
            types(&e),
            [
                "ExecutionStarted",
                "MapStateEntered",
                "MapStateStarted",
                "ExecutionFailed"
            ]
        );
        assert_eq!(ids(&e)[3], (4, 3));
    }
    for ok in [json!(0), json!(1), json!("1")] {
        let e = run(
            &def,
            json!({"Items": [0], "ToleratedFailureCount": ok}),
            &Fake::default(),
        );
        assert_eq!(e.status, Status::Succeeded, "{ok}");
    }
}

#[test]
fn failures_within_the_tolerance_leave_the_map_run_successful() {
    let cases = [
        (r#""ToleratedFailureCount":1,"#, true),
        (r#""ToleratedFailureCount":0,"#, false),
        (r#""ToleratedFailurePercentage":34,"#, true),
        (r#""ToleratedFailurePercentage":33,"#, false),
        ("", false),
    ];
    for (extra, succeeds) in cases {
        let def = distributed(extra, FAIL_ODD);
        let e = run(&def, json!([0, 1, 2]), &Fake::default());
        if succeeds {
            assert_eq!(e.status, Status::Succeeded, "{extra}");
            assert_eq!(
                e.output,
                Some(json!([0, {"Error": "Odd", "Cause": "one"}, 2])),
                "{extra}"
            );
        } else {
            assert_eq!(e.status, Status::Failed, "{extra}");
            assert_eq!(
                e.error.as_deref(),
                Some("States.ExceedToleratedFailureThreshold")
            );
            assert_eq!(
                &types(&e)[3..],
                [
                    "MapRunStarted",
                    "MapRunFailed",
                    "MapStateFailed",
                    "ExecutionFailed"
                ]
            );
        }
    }
}

#[test]
fn the_threshold_error_can_be_caught() {
    let def = r#"{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED"},"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E"}}},"Catch":[{"ErrorEquals":["States.ExceedToleratedFailureThreshold"],"Next":"Done"}],"End":true},"Done":{"Type":"Pass","End":true}}}"#;
    let e = run(def, json!([1]), &Fake::default());
    assert_eq!(e.status, Status::Succeeded);
    assert_eq!(
        e.output.as_ref().and_then(|o| o.get("Error")),
        Some(&json!("States.ExceedToleratedFailureThreshold"))
    );
}

#[test]
fn item_batcher_groups_items() {
    let def = distributed(
        r#""ItemBatcher":{"MaxItemsPerBatch":2,"BatchInput":{"b.$":"$.k"}},"ItemsPath":"$.items","#,
        PASS,
    );
    let e = run(
        &def,
        json!({"k": "v", "items": [1, 2, 3]}),
        &Fake::default(),
    );
    assert_eq!(
        e.output,
        Some(json!([
            {"BatchInput": {"b": "v"}, "Items": [1, 2]},
            {"BatchInput": {"b": "v"}, "Items": [3]}
        ]))
    );
}

#[test]
fn child_executions_have_their_own_context() {
    let processor = r#""StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"name.$":"$$.Execution.Name","input.$":"$$.Execution.Input"},"End":true}}"#;
    let def = distributed("", processor);
    let e = run(&def, json!(["a"]), &Fake::default());
    let out = e.output.unwrap_or_default();
    assert_eq!(out[0]["input"], json!("a"));
    assert_ne!(out[0]["name"], json!("exec"));
}

#[test]
fn parquet_items_are_reported_as_unsupported() {
    let def = distributed(
        r#""ItemReader":{"Resource":"arn:aws:states:::s3:getObject","ReaderConfig":{"InputType":"PARQUET"},"Parameters":{"Bucket":"b","Key":"k"}},"#,
        PASS,
    );
    assert!(asl::load(&def).is_ok());
    assert!(asl::diagnostics(&def)
        .iter()
        .any(|d| d.code == "UNSUPPORTED_FEATURE" && d.message.contains("PARQUET")));
}

#[test]
fn the_tree_shows_a_map_run_as_one_map_state() {
    let e = run(&distributed("", PASS), json!([1, 2]), &Fake::default());
    let tree = asl::execution_tree(&e.history);
    let [map] = tree.children.as_slice() else {
        panic!("one state: {:?}", tree.children)
    };
    assert_eq!(
        (map.label.as_str(), map.status),
        ("MapState", asl::NodeStatus::Succeeded)
    );
    assert_eq!(map.output.as_deref(), Some(&json!([1, 2])));
}

#[test]
fn a_failed_batch_counts_all_its_items() {
    // AWS: the tolerated percentage is of failed items, a failed batch failing them all.
    let processor = r#""StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.Items[0]","NumericEquals":1,"Next":"F"}],"Default":"P"},"P":{"Type":"Pass","End":true},"F":{"Type":"Fail","Error":"Odd"}}"#;
    for (percentage, succeeds) in [(50, true), (49, false)] {
        let def = distributed(
            &format!(
                r#""ItemBatcher":{{"MaxItemsPerBatch":2}},"ToleratedFailurePercentage":{percentage},"#
            ),
            processor,
        );
        let e = run(&def, json!([1, 2, 3, 4]), &Fake::default());
        assert_eq!(e.status == Status::Succeeded, succeeds, "{percentage}");
    }
}

#[test]
fn express_children_have_no_redrive_count() {
    let def = r#"{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"ProcessorConfig":{"Mode":"DISTRIBUTED","ExecutionType":"EXPRESS"},"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"e.$":"$$.Execution"},"End":true}}},"End":true}}}"#;
    let e = run(def, json!([1]), &Fake::default());
    let out = e.output.unwrap_or_default();
    assert!(out[0]["e"].get("RedriveCount").is_none(), "{out}");
    assert!(out[0]["e"]["Id"]
        .as_str()
        .is_some_and(|id| id.contains(":express:Machine/")));
}

#[test]
fn distributed_fields_on_an_inline_map_are_flagged_not_fatal() {
    let def = r#"{"StartAt":"M","States":{"M":{"Type":"Map","ToleratedFailureCount":1,"Label":"L","ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"End":true}}}"#;
    let found = asl::diagnostics(def);
    let codes: Vec<(&str, &str)> = found
        .iter()
        .map(|d| (d.code.as_str(), d.pointer.as_str()))
        .collect();
    assert_eq!(
        codes,
        [
            ("IGNORED_FIELD", "/States/M/ToleratedFailureCount"),
            ("IGNORED_FIELD", "/States/M/Label")
        ]
    );
    let e = run(def, json!([1]), &Fake::default());
    assert_eq!(e.status, Status::Succeeded);
}

/// Keeps every Map Run report the observer gets.
#[derive(Default)]
struct Reports(std::cell::RefCell<Vec<asl::map_run::MapRunReport>>);

impl asl::Observer for Reports {
    fn on_event(&self, _event: &asl::HistoryEvent) {}
    fn on_map_run(&self, report: &asl::map_run::MapRunReport) {
        self.0.borrow_mut().push(report.clone());
    }
}

#[test]
fn the_map_run_reports_its_counts_and_child_executions() {
    // Five items in batches of two: three child executions of 2, 2 and 1 items; the batch
    // holding 1 fails (two items failed), within the tolerated count.
    let batch_fails_on_one = r#""StartAt":"C","States":{"C":{"Type":"Choice","Choices":[{"Variable":"$.Items[0]","NumericEquals":1,"Next":"F"}],"Default":"P"},"P":{"Type":"Pass","End":true},"F":{"Type":"Fail","Error":"One","Cause":"one"}}"#;
    let def = distributed(
        r#""ItemBatcher":{"MaxItemsPerBatch":2},"ToleratedFailureCount":2,"Label":"counted","#,
        batch_fails_on_one,
    );
    let reports = Reports::default();
    let config = asl::ExecutionConfig::new("Machine", "exec-1");
    let e = run_with(
        &def,
        json!([0, 9, 1, 2, 3]),
        &Fake::default(),
        &config,
        Some(&reports),
    );
    assert_eq!(e.status, Status::Succeeded, "{e:?}");
    let all = reports.0.take();
    // Started (all pending), one per child execution that ended, ended.
    assert_eq!(all.len(), 1 + 3 + 1);
    let first = &all[0];
    assert_eq!(first.status, Status::Running);
    assert_eq!((first.item_counts.pending, first.item_counts.total), (5, 5));
    assert_eq!(first.execution_counts.pending, 3);
    assert!(
        first.map_run_arn.contains(":mapRun:Machine/counted:"),
        "{}",
        first.map_run_arn
    );
    assert_eq!(first.state_name, "MapState");
    let last = all.last().unwrap();
    assert_eq!(last.status, Status::Succeeded);
    assert_eq!(last.item_counts.succeeded, 3);
    assert_eq!(last.item_counts.failed, 2);
    assert_eq!(last.item_counts.pending + last.item_counts.running, 0);
    assert_eq!(
        (
            last.execution_counts.succeeded,
            last.execution_counts.failed
        ),
        (2, 1)
    );
    let items: Vec<u64> = last.executions.iter().map(|x| x.items).collect();
    assert_eq!(items, [2, 2, 1]);
    let statuses: Vec<Status> = last.executions.iter().map(|x| x.status).collect();
    assert_eq!(
        statuses,
        [Status::Succeeded, Status::Failed, Status::Succeeded]
    );
    assert_eq!(last.executions[1].error.as_deref(), Some("One"));
    // DescribeMapRun's shape.
    let d = last.describe();
    assert_eq!(d["status"], "SUCCEEDED");
    assert_eq!(d["toleratedFailureCount"], 2);
    assert_eq!(d["itemCounts"]["failed"], 2);
    assert_eq!(d["executionCounts"]["total"], 3);
    assert!(d["stopDate"].as_f64().unwrap() >= d["startDate"].as_f64().unwrap());
    // With MaxConcurrency 1, the counts move one child at a time.
    assert_eq!(
        all[1].execution_counts.succeeded + all[1].execution_counts.failed,
        1
    );
    assert_eq!(all[2].item_counts.pending, 1);
}

#[test]
fn a_map_run_over_its_tolerance_reports_failed() {
    let def = distributed("", FAIL_ODD);
    let reports = Reports::default();
    let config = asl::ExecutionConfig::new("Machine", "exec-1");
    let e = run_with(
        &def,
        json!([0, 1]),
        &Fake::default(),
        &config,
        Some(&reports),
    );
    assert_eq!(e.status, Status::Failed);
    let last = reports.0.take().pop().unwrap();
    assert_eq!(last.status, Status::Failed);
    assert_eq!(last.describe()["status"], "FAILED");
    assert_eq!(
        (last.item_counts.succeeded, last.item_counts.failed),
        (1, 1)
    );
}

#[test]
fn each_child_execution_counts_its_own_transitions() {
    // More children than one execution may make transitions (25,000): each child is an
    // execution of its own, so the Map Run succeeds.
    let def = distributed("", PASS);
    let items: Vec<u32> = (0..26_000).collect();
    let e = run(&def, json!(items), &Fake::default());
    assert_eq!(e.status, Status::Succeeded, "{:?} {:?}", e.error, e.cause);
    assert_eq!(
        e.output.as_ref().and_then(Value::as_array).map(Vec::len),
        Some(26_000)
    );
}

#[test]
fn a_map_run_whose_results_cannot_be_written_reports_failed() {
    let def = distributed(
        r#""ResultWriter":{"Resource":"arn:aws:states:::s3:putObject","Parameters":{"Bucket":"nowhere","Prefix":"r"}},"#,
        PASS,
    );
    let reports = Reports::default();
    let config = asl::ExecutionConfig::new("Machine", "exec-1");
    let e = run_with(
        &def,
        json!([1, 2]),
        &Fake::default(),
        &config,
        Some(&reports),
    );
    assert_eq!(e.status, Status::Failed, "{e:?}");
    let last = reports.0.take().pop().unwrap();
    assert_eq!(last.status, Status::Failed);
    assert!(last.stop_ms.is_some());
    assert_eq!(last.item_counts.results_written, 0);
}
