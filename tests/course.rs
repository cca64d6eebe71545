//! Courses in the page, natively: progress (solved stays solved, attempts, work kept and
//! forgotten), what a hidden check shows, the workspace an exercise opens with (the
//! attendee's work, else the starter with a role for its functions), opening an exercise
//! over other work (restorable), and planning a run check on the workspace as it is.

use std::rc::Rc;

use asl::exercise::{CheckKind, Exercise, Verdict};
use asl_playground::course::{exercise_workspace, outcomes, LoadedCourse, Progress};
use asl_playground::state::{Action, AppState, Workspace};
use yew::Reducible;

const COURSE_DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/static/courses/intro");

fn exercise(file: &str) -> Exercise {
    Exercise::parse(&std::fs::read_to_string(format!("{COURSE_DIR}/{file}")).unwrap()).unwrap()
}

#[test]
fn progress_counts_attempts_and_solved_stays_solved() {
    let mut p = Progress::default();
    p.record_check("a.yaml", false);
    assert_eq!(p.of("a.yaml").attempts, 1);
    assert!(!p.of("a.yaml").solved);
    p.record_check("a.yaml", true);
    p.record_check("a.yaml", false);
    assert_eq!(p.of("a.yaml").attempts, 3);
    assert!(
        p.of("a.yaml").solved,
        "a later failing check does not unsolve it"
    );
    p.keep_work("a.yaml", Workspace::example().to_shared());
    assert!(p.of("a.yaml").work.is_some());
    p.forget_work("a.yaml");
    assert!(p.of("a.yaml").work.is_none());
    assert!(p.of("a.yaml").solved, "a reset keeps solved");
    // It survives the browser's storage (JSON).
    let text = serde_json::to_string(&p).unwrap();
    assert_eq!(serde_json::from_str::<Progress>(&text).unwrap(), p);
}

#[test]
fn a_hidden_check_that_fails_shows_nothing_of_itself() {
    let e = exercise("01-map-lambda.yaml");
    assert!(e.checks[3].hidden);
    let verdicts = vec![
        Verdict::fail("the output differs"),
        Verdict::pass("uses a Map state"),
        Verdict::pass("CallLambda exists"),
        Verdict::fail("expected exactly 4 … got 0"),
    ];
    let shown = outcomes(&e, &verdicts);
    assert_eq!(
        shown[0].title.as_deref(),
        Some("Greets everyone in the tutorial's input")
    );
    assert_eq!(shown[0].reason.as_deref(), Some("the output differs"));
    assert_eq!(
        (shown[3].title.as_ref(), shown[3].reason.as_ref()),
        (None, None)
    );
    assert!(shown[3].hidden && !shown[3].passed);
    let passed = outcomes(
        &e,
        &[
            Verdict::pass("ok"),
            Verdict::pass("ok"),
            Verdict::pass("ok"),
            Verdict::pass("4 events"),
        ],
    );
    assert_eq!(
        passed[3].title.as_deref(),
        Some("The function is invoked once per item")
    );
}

#[test]
fn an_exercise_opens_with_the_work_else_the_starter_and_a_role_for_its_functions() {
    let e = exercise("08-parallel.yaml");
    let w = exercise_workspace(&e, &Default::default(), ("111111111111", "eu-west-1"));
    // The starter moves to the attendee's account and Region, its ARNs with it.
    assert_eq!(
        w.definition,
        e.starter
            .definition
            .replace("us-east-1:123456789012", "eu-west-1:111111111111")
    );
    assert_eq!(
        (w.account.as_str(), w.region.as_str()),
        ("111111111111", "eu-west-1")
    );
    assert_eq!(w.functions.len(), 2);
    for name in ["GetPrice", "GetStock"] {
        assert!(
            w.role.policy.contains(&format!(
                "arn:aws:lambda:eu-west-1:111111111111:function:{name}"
            )),
            "{}",
            w.role.policy
        );
    }
    let mut mine = w.clone();
    mine.definition =
        "{\"StartAt\":\"X\",\"States\":{\"X\":{\"Type\":\"Pass\",\"End\":true}}}".into();
    let mut p = Progress::default();
    p.keep_work("08-parallel.yaml", mine.to_shared());
    let again = exercise_workspace(&e, &p.of("08-parallel.yaml"), ("111111111111", "eu-west-1"));
    assert_eq!(again.definition, mine.definition);
}

#[test]
fn opening_a_course_keeps_the_previous_work_restorable() {
    let mut mine = Workspace::example();
    mine.input = "[{\"who\":\"me\"}]".into();
    let state = Rc::new(AppState::new(mine.clone()));
    let e = exercise("05-choice.yaml");
    let w = exercise_workspace(&e, &Default::default(), ("123456789012", "us-east-1"));
    let state = state.reduce(Action::LoadExercise {
        workspace: w.clone(),
        notice: Some("Opened the course".into()),
    });
    assert_eq!(state.workspace.definition, e.starter.definition);
    assert_eq!(state.previous_work.as_ref(), Some(&mine));
    assert_eq!(state.notice.as_ref().unwrap().text, "Opened the course");
    // Moving between exercises replaces the workspace without another notice.
    let next = exercise_workspace(
        &exercise("10-intrinsics.yaml"),
        &Default::default(),
        ("123456789012", "us-east-1"),
    );
    let state = state.reduce(Action::LoadExercise {
        workspace: next,
        notice: None,
    });
    assert!(state.workspace.definition.contains("Summarize"));
    let state = state.reduce(Action::RestorePreviousWork);
    assert_eq!(state.workspace, mine);
}

#[test]
fn a_run_check_is_planned_on_the_workspace_with_its_input_and_faults() {
    let e = exercise("06-retry.yaml");
    let w = exercise_workspace(&e, &Default::default(), ("123456789012", "us-east-1"));
    let mut state = AppState::new(w);
    let CheckKind::Run(run) = &e.checks[0].kind else {
        panic!()
    };
    let plan = state.plan_check(run, 0).unwrap();
    assert_eq!(plan.input, run.input);
    assert_eq!(plan.execution_name.as_deref(), Some("check-1"));
    assert!(!plan.real_time);
    let f = plan
        .functions
        .iter()
        .find(|f| f.name == "ReserveStock")
        .unwrap();
    assert_eq!(f.faults.as_ref().and_then(|x| x.next), Some(2));
    // The input editor's problems are not the check's; a definition that does not load is.
    state = Rc::unwrap_or_clone(Rc::new(state).reduce(Action::EditInput("not json".into())));
    assert!(state.plan_check(run, 0).is_ok());
    state = Rc::unwrap_or_clone(
        Rc::new(state).reduce(Action::EditDefinition("{\"StartAt\": 1}".into())),
    );
    let why = state.plan_check(run, 0).unwrap_err();
    assert!(why.starts_with("the definition does not load: 1:"), "{why}");
}

#[test]
fn picked_exercise_files_make_a_course_and_a_broken_one_stays_listed() {
    let good = std::fs::read_to_string(format!("{COURSE_DIR}/02-result-path.yaml")).unwrap();
    let files = vec![
        ("02-result-path.yaml".to_string(), good.clone()),
        ("broken.json".to_string(), "{\"title\": 3}".to_string()),
    ];
    let c = LoadedCourse::of_exercises("file:x", &files);
    assert_eq!(c.exercises.len(), 2);
    assert!(c.exercises[0].exercise.is_ok());
    let err = c.exercises[1].exercise.as_ref().unwrap_err();
    assert!(err.starts_with("broken.json:1:"), "{err}");
    let course = LoadedCourse::read(
        "url:c",
        "course.json",
        r#"{"title":"C","exercises":["02-result-path.yaml","missing.yaml"]}"#,
        |f| {
            if f == "02-result-path.yaml" {
                Ok(good.clone())
            } else {
                Err(format!("{f}: HTTP 404"))
            }
        },
    )
    .unwrap();
    assert_eq!(course.title, "C");
    assert_eq!(
        course.exercises[1].exercise.as_ref().unwrap_err(),
        "missing.yaml: HTTP 404"
    );
    let bad = LoadedCourse::read(
        "url:c",
        "course.json",
        r#"{"title":"C"}"#,
        |_| unreachable!(),
    )
    .unwrap_err();
    assert!(bad.starts_with("course.json:"), "{bad}");
}
