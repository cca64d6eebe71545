//! Exercises and their checks (`asl::exercise`): reading files (located errors), judging
//! definitions, and judging real executions of the interpreter. The built-in course is
//! checked end to end with Node.js by `tests/courses/check.sh`; here its files must read.

mod common;

use asl::exercise::{
    judge_definition, judge_run, CheckKind, Course, DefinitionCheck, Exercise, Outcome, Predicate,
    Verdict,
};
use asl::Status;
use common::{run, Behavior, Fake};
use serde_json::{json, Value};

const COURSE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../static/courses/intro");

fn exercise(yaml_checks: &str) -> Result<Exercise, asl::exercise::ExerciseError> {
    let text = format!(
        "title: T\nstarter:\n  definition: '{{\"StartAt\":\"A\",\"States\":{{\"A\":{{\"Type\":\"Pass\",\"End\":true}}}}}}'\nchecks:\n{yaml_checks}"
    );
    Exercise::parse(&text)
}

fn outcome<'a>(e: &'a asl::Execution) -> Outcome<'a> {
    Outcome {
        status: e.status,
        output: e.output.as_ref(),
        error: e.error.as_deref(),
        cause: e.cause.as_deref(),
        history: &e.history,
    }
}

/// The run checks of an exercise judged against executions of `definition` by the
/// interpreter (functions faked by `fake`).
fn judge_runs(exercise: &Exercise, definition: &str, fake: &Fake) -> Vec<Verdict> {
    exercise
        .checks
        .iter()
        .filter_map(|c| match &c.kind {
            CheckKind::Run(r) => {
                let e = run(definition, r.input.clone(), fake);
                Some(judge_run(&r.expect, &outcome(&e)))
            }
            CheckKind::Definition(_) => None,
        })
        .collect()
}

#[test]
fn the_built_in_course_reads_and_lists_existing_exercises() {
    let text = std::fs::read_to_string(format!("{COURSE_DIR}/course.json")).unwrap();
    let course = Course::parse(&text).unwrap();
    assert!(course.exercises.len() >= 10, "{}", course.exercises.len());
    for file in &course.exercises {
        let text = std::fs::read_to_string(format!("{COURSE_DIR}/{file}"))
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let e = Exercise::parse(&text).unwrap_or_else(|e| panic!("{file}: {e}"));
        assert!(!e.instructions.is_empty(), "{file} has no instructions");
        assert!(e.solution.is_some(), "{file} has no reference solution");
        assert!(
            asl::load(&e.starter.definition).is_ok(),
            "{file}: starter does not load"
        );
    }
}

/// Exercises without functions run here in full: the starter fails, the solution passes.
#[test]
fn choice_and_intrinsics_exercises_judge_real_executions() {
    for file in ["05-choice.yaml", "10-intrinsics.yaml"] {
        let text = std::fs::read_to_string(format!("{COURSE_DIR}/{file}")).unwrap();
        let e = Exercise::parse(&text).unwrap();
        let fake = Fake::default();
        let starter = judge_runs(&e, &e.starter.definition, &fake);
        assert!(starter.iter().any(|v| !v.passed), "{file}: {starter:?}");
        let solution = e.solution.as_ref().unwrap();
        let verdicts = judge_runs(&e, &solution.definition, &fake);
        assert!(verdicts.iter().all(|v| v.passed), "{file}: {verdicts:?}");
        let doc = asl::definition::document(&solution.definition).unwrap();
        for c in &e.checks {
            if let CheckKind::Definition(d) = &c.kind {
                let v = judge_definition(d, &doc);
                assert!(v.passed, "{file}: {}: {}", c.title, v.reason);
            }
        }
    }
}

#[test]
fn the_tutorial_exercise_counts_invocations_per_state() {
    let text = std::fs::read_to_string(format!("{COURSE_DIR}/01-map-lambda.yaml")).unwrap();
    let e = Exercise::parse(&text).unwrap();
    let fake = Fake::with(&[("HelloFunction", Behavior::Hello)]);
    let solution = e.solution.as_ref().unwrap();
    let verdicts = judge_runs(&e, &solution.definition, &fake);
    assert!(verdicts.iter().all(|v| v.passed), "{verdicts:?}");
    assert!(verdicts[1]
        .reason
        .contains("4 LambdaFunctionScheduled events of state CallLambda"));
    let starter = judge_runs(&e, &e.starter.definition, &fake);
    assert_eq!(
        starter[1].reason,
        "expected exactly 4 LambdaFunctionScheduled events of state CallLambda, got 0"
    );
    assert!(starter[0]
        .reason
        .starts_with("the output differs at /0: expected \"Hello, bob!\""));
    // The failure points at the history's last event (ExecutionSucceeded).
    let e0 = run(&e.starter.definition, json!([{"who": "a"}]), &fake);
    let last = e0.history.last().unwrap();
    assert_eq!(last.kind, "ExecutionSucceeded");
    assert_eq!(starter[0].event, Some(18));
}

#[test]
fn a_count_over_its_bound_names_the_event_one_too_many() {
    let definition = r#"{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:F","End":true}}},"End":true}}}"#;
    let fake = Fake::with(&[("F", Behavior::Identity)]);
    let e = run(definition, json!([1, 2, 3]), &fake);
    let checks = exercise(
        "  - title: c\n    run: {input: [1, 2, 3]}\n    expect:\n      events: [{type: LambdaFunctionScheduled, atMost: 2}]\n",
    )
    .unwrap();
    let CheckKind::Run(r) = &checks.checks[0].kind else {
        panic!()
    };
    let v = judge_run(&r.expect, &outcome(&e));
    assert!(!v.passed);
    let third = e
        .history
        .iter()
        .filter(|h| h.kind == "LambdaFunctionScheduled")
        .nth(2)
        .unwrap()
        .id;
    assert_eq!(v.event, Some(third));
    assert_eq!(
        v.reason,
        format!("expected at most 2 LambdaFunctionScheduled events, got 3; event {third} is one too many")
    );
}

#[test]
fn outputs_compare_as_json_values() {
    let expect = |text: &str| {
        let e = exercise(&format!(
            "  - title: c\n    run: {{}}\n    expect: {{output: {text}}}\n"
        ))
        .unwrap();
        match e.checks[0].kind.clone() {
            CheckKind::Run(r) => r.expect,
            CheckKind::Definition(_) => panic!(),
        }
    };
    let got = json!({"b": [1.0, {"c": "x"}], "a": 1});
    let o = Outcome {
        status: Status::Succeeded,
        output: Some(&got),
        error: None,
        cause: None,
        history: &[],
    };
    assert!(judge_run(&expect(r#"{"a": 1, "b": [1, {"c": "x"}]}"#), &o).passed);
    let v = judge_run(&expect(r#"{"a": 1, "b": [1, {"c": "y"}]}"#), &o);
    assert!(
        v.reason
            .starts_with("the output differs at /b/1/c: expected \"y\", got \"x\""),
        "{}",
        v.reason
    );
    let v = judge_run(&expect(r#"{"a": 1, "b": [1]}"#), &o);
    assert!(
        v.reason
            .starts_with("the output differs at /b: expected 1 items, got 2 items"),
        "{}",
        v.reason
    );
    let v = judge_run(&expect(r#"{"a": 1, "b": [1, {"c": "x"}], "d": 0}"#), &o);
    assert!(
        v.reason.contains("at /d: expected 0, got nothing"),
        "{}",
        v.reason
    );
    let failed = Outcome {
        status: Status::Failed,
        output: None,
        error: Some("Boom"),
        cause: Some(r#"{"errorType":"Boom","errorMessage":"it broke","trace":[]}"#),
        history: &[],
    };
    let v = judge_run(&expect("1"), &failed);
    assert_eq!(
        v.reason,
        "expected the output 1, but the execution FAILED with Boom (it broke)"
    );
}

#[test]
fn predicates_see_the_execution_and_its_events() {
    let definition =
        r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"n":3},"End":true}}}"#;
    let e = run(definition, json!({}), &Fake::default());
    let judge = |that: &str| {
        let x = exercise(&format!(
            "  - title: c\n    run: {{}}\n    expect: {{that: \"{that}\"}}\n"
        ))
        .unwrap();
        let CheckKind::Run(r) = &x.checks[0].kind else {
            panic!()
        };
        judge_run(&r.expect, &outcome(&e))
    };
    assert!(judge("output.n = 3 and status = 'SUCCEEDED'").passed);
    assert!(judge("$count(events[type = 'PassStateEntered']) = 1").passed);
    let v = judge("output.n > 3");
    assert!(!v.passed);
    assert_eq!(
        v.reason,
        "this is not true of the execution (it SUCCEEDED): output.n > 3"
    );
    let v = judge("output.n");
    assert_eq!(
        v.reason,
        "the check's predicate failed: the predicate gave 3 instead of true or false"
    );
}

#[test]
fn definition_checks_say_what_is_missing() {
    let doc = json!({"StartAt": "Go", "States": {
        "Go": {"Type": "Parallel", "Next": "Done", "Branches": [
            {"StartAt": "CallLambda", "States": {"CallLambda": {"Type": "Task", "Resource": "x", "InputPath": "$.a", "End": true}}}
        ]},
        "Done": {"Type": "Succeed"}
    }});
    let check = |d: DefinitionCheck| judge_definition(&d, &doc);
    assert!(
        check(DefinitionCheck {
            uses: Some("Task".into()),
            ..Default::default()
        })
        .passed
    );
    let v = check(DefinitionCheck {
        uses: Some("Map".into()),
        ..Default::default()
    });
    assert_eq!(
        v.reason,
        "no state is a Map state; its states: Go (Parallel), CallLambda (Task), Done (Succeed)"
    );
    let v = check(DefinitionCheck {
        state: Some("CalLambda".into()),
        ..Default::default()
    });
    assert!(
        v.reason
            .starts_with("there is no state named CalLambda (did you mean CallLambda?)"),
        "{}",
        v.reason
    );
    let v = check(DefinitionCheck {
        state: Some("CallLambda".into()),
        state_type: Some("Pass".into()),
        ..Default::default()
    });
    assert_eq!(
        v.reason,
        "CallLambda is a Task state; expected a Pass state"
    );
    let v = check(DefinitionCheck {
        not_used: Some("InputPath".into()),
        ..Default::default()
    });
    assert_eq!(v.reason, "state CallLambda uses InputPath");
    let that = |t: &str| Some(Predicate::parse(t).unwrap());
    let v = check(DefinitionCheck {
        state: Some("CallLambda".into()),
        that: that("$exists(Retry)"),
        ..Default::default()
    });
    assert_eq!(
        v.reason,
        "this is not true of state CallLambda: $exists(Retry)"
    );
    assert!(
        check(DefinitionCheck {
            that: that("StartAt = 'Go'"),
            ..Default::default()
        })
        .passed
    );
}

#[test]
fn bad_exercise_files_are_refused_with_a_location() {
    let err = |checks: &str| exercise(checks).unwrap_err();
    let e = err("  - title: c\n    run: {}\n    expect: {statu: SUCCEEDED}\n");
    assert_eq!(e.pointer, "/checks/0/expect/statu");
    assert!(
        e.message.starts_with("unknown field \"statu\""),
        "{}",
        e.message
    );
    assert_eq!(e.line, 7, "{e}");
    let e = err("  - title: c\n    run: {}\n    expect: {status: DONE}\n");
    assert_eq!(e.pointer, "/checks/0/expect/status");
    assert!(e
        .message
        .contains("expected SUCCEEDED, FAILED, TIMED_OUT or ABORTED"));
    let e = err("  - title: c\n    definition: {that: \"$count(\"}\n");
    assert_eq!(e.pointer, "/checks/0/definition/that");
    assert!(
        e.message.starts_with("not a JSONata expression"),
        "{}",
        e.message
    );
    let e = err("  - title: c\n    run: {}\n    definition: {uses: Map}\n");
    assert_eq!(
        e.message,
        "a check has either \"run\" or \"definition\", not both"
    );
    let e = err("  - title: c\n    run: {}\n");
    assert_eq!(e.message, "a run check needs \"expect\"");
    let e = err("  - title: c\n    run: {faults: {F: {error: Nope, next: 1}}}\n    expect: {status: FAILED}\n");
    assert_eq!(e.pointer, "/checks/0/run/faults");
    let e = err("  - title: c\n    run: {}\n    expect: {events: [{type: X}]}\n");
    assert!(e.message.contains("atLeast"), "{}", e.message);
    let e = err("  - title: c\n    definition: {type: Map}\n");
    assert_eq!(e.pointer, "/checks/0/definition/type");
    let e = Exercise::parse("{\"title\": \"T\", \"checks\": [] ,}").unwrap_err();
    assert!(e.line == 1 && e.column > 1, "{e}");
    let e = Exercise::parse("title: T\nchecks: []\n").unwrap_err();
    assert!(e.message.contains("\"starter\""), "{e}");
    let e = Course::parse("{\"title\": \"C\", \"exercises\": [\"a.json\", 3]}").unwrap_err();
    assert_eq!(e.pointer, "/exercises/1");
    assert_eq!(
        e.to_string(),
        format!(
            "1:{}: each exercise is a file path relative to the course file (at /exercises/1)",
            e.column
        )
    );
}

#[test]
fn json_exercises_read_like_yaml_ones() {
    let text = json!({
        "title": "T",
        "instructions": "Do *this*.",
        "starter": {"definition": "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"End\":true}}}"},
        "checks": [{"title": "c", "hidden": true, "run": {"input": [1]}, "expect": {"status": "SUCCEEDED", "output": [1]}}]
    })
    .to_string();
    let e = Exercise::parse(&text).unwrap();
    assert!(e.checks[0].hidden);
    let CheckKind::Run(r) = &e.checks[0].kind else {
        panic!()
    };
    assert_eq!(r.input, json!([1]));
    assert_eq!(r.expect.output, Some(json!([1])));
    let ran = run(&e.starter.definition, r.input.clone(), &Fake::default());
    assert!(judge_run(&r.expect, &outcome(&ran)).passed);
    let _: Value = json!(null);
}

#[test]
fn json_paths_select_what_they_must() {
    let definition = r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"items":[{"id":1,"ok":true},{"id":2,"ok":false}]},"End":true}}}"#;
    let e = run(definition, json!({}), &Fake::default());
    let judge = |paths: &str| {
        let x = exercise(&format!(
            "  - title: c\n    run: {{}}\n    expect:\n      jsonPath: {paths}\n"
        ))
        .unwrap();
        let CheckKind::Run(r) = &x.checks[0].kind else {
            panic!()
        };
        judge_run(&r.expect, &outcome(&e))
    };
    let v = judge(
        r#"{"$.output.items[0].id": 1, "$.status": SUCCEEDED, "$.output.items[?(@.ok == false)].id": [2]}"#,
    );
    assert!(v.passed, "{}", v.reason);
    assert!(
        v.reason.contains("$.output.items[0].id is 1"),
        "{}",
        v.reason
    );
    let v = judge(r#"{"$.output.items[1].id": 3}"#);
    assert_eq!(
        v.reason,
        "$.output.items[1].id in the execution: expected 3, got 2"
    );
    assert_eq!(v.event, e.history.last().map(|h| h.id));
    let v = judge(r#"{"$.output.nope": 1}"#);
    assert_eq!(
        v.reason,
        "$.output.nope selects nothing in the execution; expected 1"
    );
    let v = judge(
        r#"{"$.events[?(@.type == 'PassStateEntered')].stateEnteredEventDetails.name": ["A"]}"#,
    );
    assert!(v.passed, "{}", v.reason);

    // Over a definition, or one of its states.
    let doc = json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "x", "Retry": [{"ErrorEquals": ["States.ALL"], "MaxAttempts": 2}], "End": true}}});
    let check = |yaml: &str| {
        let x = exercise(&format!("  - title: c\n    definition: {yaml}\n")).unwrap();
        let CheckKind::Definition(d) = &x.checks[0].kind else {
            panic!()
        };
        judge_definition(d, &doc)
    };
    assert!(check(r#"{state: T, jsonPath: {"$.Retry[0].MaxAttempts": 2}}"#).passed);
    let v = check(r#"{jsonPath: {"$.States.T.Retry[*].MaxAttempts": [3]}}"#);
    assert_eq!(
        v.reason,
        "$.States.T.Retry[*].MaxAttempts in the definition: expected 3, got 2 (at /0)"
    );
    // A path that is no JSONPath is refused where it is written.
    let e =
        exercise("  - title: c\n    definition:\n      jsonPath: {\"Retry\": 1}\n").unwrap_err();
    assert_eq!(e.pointer, "/checks/0/definition/jsonPath/Retry");
    assert!(e.message.starts_with("not a JSONPath"), "{}", e.message);
}
