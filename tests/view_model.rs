//! The page's view model, natively: what the editors mark, what the definition lacks, and
//! what the shown execution (a real run of the tutorial, with a fake Lambda runner) gives the
//! graph, the executions list, the state inspector and the event history.

mod common;

use std::rc::Rc;

use asl::{HistoryEvent, Status};
use asl_playground::state::{
    Action, AppState, InvocationRecord, Workspace, EXAMPLE_DEFINITION, EXAMPLE_INPUT,
};
use asl_playground::view_model::{editors, functions, history, inspector, runs};
use serde_json::json;
use yew::Reducible;

fn reduce(state: Rc<AppState>, action: Action) -> Rc<AppState> {
    state.reduce(action)
}

/// The tutorial run once (run 1, `run-1`), with its three invocation records.
fn tutorial_run() -> Rc<AppState> {
    let state = Rc::new(AppState::new(Workspace::example()));
    let definition = asl::load(EXAMPLE_DEFINITION).unwrap();
    let config = state.execution_config("run-1");
    let (execution, _) = common::run(
        &definition,
        asl::parse_json(EXAMPLE_INPUT).unwrap(),
        &config,
    );
    let state = reduce(
        state,
        Action::RunStarted {
            id: 1,
            execution_name: "run-1".into(),
            definition: Some(asl_playground::state::Shared::new(definition)),
            config: Some(config),
        },
    );
    let records = ["bob", "meg", "joe"]
        .iter()
        .map(|who| InvocationRecord {
            request_id: format!("r-{who}"),
            function_name: "HelloFunction".into(),
            payload: json!({ "who": who }),
            scheduled_event_id: None,
            logs: vec![],
            duration_ms: 1.0,
        })
        .collect();
    let state = reduce(
        state,
        Action::RunProgress {
            id: 1,
            events: vec![],
            invocations: records,
        },
    );
    reduce(state, Action::RunFinished { id: 1, execution })
}

#[test]
fn the_editors_mark_problems_and_know_the_syntax() {
    let state = reduce(
        Rc::new(AppState::new(Workspace::example())),
        Action::EditDefinition(r#"{"StartAt": "Nope", "States": {}}"#.into()),
    );
    let marks = editors::editor_diagnostics(&state.definition_problems);
    assert!(!marks.is_empty());
    assert!(marks.iter().any(|m| m.severity == "error"));
    for (mark, problem) in marks.iter().zip(state.definition_problems.iter()) {
        assert_eq!((mark.from, mark.to), problem.range);
        assert_eq!(
            mark.message,
            format!("{} ({})", problem.message, problem.code)
        );
        assert_eq!(mark.code, problem.code.as_str());
    }
    assert_eq!(editors::definition_language("{}"), "json");
    assert_eq!(editors::definition_language("StartAt: A"), "yaml");
    assert_eq!(editors::other_format(" {\"StartAt\": \"A\"}"), "YAML");
    assert_eq!(editors::other_format("StartAt: A"), "JSON");
}

#[test]
fn the_definition_editor_completes_the_workspace_functions_by_arn() {
    let state = reduce(
        Rc::new(AppState::new(Workspace::example())),
        Action::AddFunction("arn:aws:states:::dynamodb:putItem".into()),
    );
    let context = editors::assist_context(&state.workspace, &["Missing".to_string()]);
    let arns: Vec<(&str, &str)> = context
        .functions
        .iter()
        .map(|f| (f.name.as_str(), f.arn.as_str()))
        .collect();
    assert_eq!(
        arns,
        [
            (
                "HelloFunction",
                "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction"
            ),
            (
                "arn:aws:states:::dynamodb:putItem",
                "arn:aws:states:::dynamodb:putItem"
            ),
        ]
    );
    assert_eq!(context.missing, ["Missing"]);
}

#[test]
fn functions_the_definition_calls_and_the_workspace_lacks() {
    let state = AppState::new(Workspace::example());
    let definition = state.definition.as_deref();
    assert!(functions::missing_functions(definition, &state.workspace.functions).is_empty());
    assert_eq!(
        functions::missing_functions(definition, &[]),
        ["HelloFunction"]
    );
    assert!(functions::has_map_states(definition));
    let pass =
        asl::load(r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#).unwrap();
    assert!(!functions::has_map_states(Some(&pass)));
    assert!(!functions::has_map_states(None));
}

#[test]
fn nothing_is_shown_before_a_run() {
    let state = AppState::new(Workspace::example());
    assert!(runs::shown_run(&state).is_none());
    let history = runs::shown_history(None).to_vec();
    assert!(history.is_empty());
    assert!(runs::execution_tree(&history).is_none());
    assert!(runs::state_statuses(None).is_empty());
    assert_eq!(runs::execution_name(&state), "");
    assert!(runs::execution_rows(&state).is_empty());
    assert!(runs::paused_states(&state).is_empty());
    assert!(runs::debug_status(&state).is_none());
    assert!(!runs::access_denied(&state, None));
    assert!(inspector::inspection(&state, None, &[]).is_none());
}

#[test]
fn the_shown_run_gives_the_tree_statuses_and_list() {
    let state = tutorial_run();
    let shown = runs::shown_run(&state).unwrap();
    assert_eq!(shown.status, Status::Succeeded);
    let history = runs::shown_history(Some(&shown)).to_vec();
    assert_eq!(history.first().unwrap().kind, "ExecutionStarted");
    assert_eq!(history.last().unwrap().kind, "ExecutionSucceeded");
    let tree = runs::execution_tree(&history).unwrap();
    let statuses = runs::state_statuses(Some(&tree));
    assert_eq!(statuses.get("ExampleMapState"), Some(&"SUCCEEDED"));
    assert_eq!(statuses.get("CallLambda"), Some(&"SUCCEEDED"));
    assert_eq!(runs::execution_name(&state), "run-1");
    let rows = runs::execution_rows(&state);
    assert_eq!(rows.len(), 1);
    assert_eq!(
        (rows[0].id, rows[0].name.as_str(), rows[0].status),
        (1, "run-1", "SUCCEEDED")
    );
    assert!(rows[0].shown);
    assert!(rows[0].duration.is_some());
    assert!(!runs::access_denied(&state, Some(&shown)));
    assert!(runs::paused_states(&state).is_empty());
    assert!(runs::debug_status(&state).is_none());
}

#[test]
fn the_inspector_shows_the_inspected_entry_and_its_logs() {
    let state = tutorial_run();
    let shown = runs::shown_run(&state).unwrap();
    let history = runs::shown_history(Some(&shown)).to_vec();
    let tree = runs::execution_tree(&history).unwrap();
    // Nothing inspected yet.
    assert!(inspector::inspection(&state, Some(&tree), &history).is_none());

    let state = reduce(state, Action::Inspect(Some("CallLambda".into())));
    let inspection = inspector::inspection(&state, Some(&tree), &history).unwrap();
    assert_eq!(
        (inspection.state_name.as_str(), inspection.entries),
        ("CallLambda", 3)
    );
    // The latest entry: joe's.
    let latest = inspection.entry_list.last().unwrap().first_event_id;
    assert_eq!(inspector::inspected_entry(Some(&inspection)), Some(latest));
    let logs = inspector::inspector_logs(
        Some(&inspection),
        Some(&tree),
        &state.run.as_ref().unwrap().invocations.to_vec(),
    );
    assert_eq!(logs.len(), 1);
    assert_eq!(logs[0].request_id, "r-joe");

    // The first entry, chosen: bob's.
    let first = inspection.entry_list[0].first_event_id;
    let state = reduce(state, Action::InspectEntry("CallLambda".into(), first));
    let inspection = inspector::inspection(&state, Some(&tree), &history).unwrap();
    assert_eq!(inspector::inspected_entry(Some(&inspection)), Some(first));
    let logs = inspector::inspector_logs(
        Some(&inspection),
        Some(&tree),
        &state.run.as_ref().unwrap().invocations.to_vec(),
    );
    assert_eq!(logs[0].request_id, "r-bob");
    assert!(inspector::inspector_logs(None, Some(&tree), &[]).is_empty());
}

/// The inspector rebuilds the `$$` a state saw with the settings its run had: after the
/// workspace is switched from Express to Standard, an Express run's `$$.Execution` still has
/// no `RedriveCount` and its Express execution ARN, exactly as the run recorded it.
#[test]
fn the_inspector_keeps_the_settings_the_run_had() {
    let definition_text = r#"{"StartAt":"Ctx","States":{"Ctx":{"Type":"Pass","Parameters":{"e.$":"$$.Execution"},"End":true}}}"#;
    let state = Rc::new(AppState::new(Workspace::example()));
    let state = reduce(state, Action::SetMachineType(asl::MachineType::Express));
    let state = reduce(state, Action::EditDefinition(definition_text.into()));
    let definition = asl::load(definition_text).unwrap();
    let config = state.execution_config("run-x");
    let (execution, _) = common::run(&definition, json!({}), &config);
    let state = reduce(
        state,
        Action::RunStarted {
            id: 1,
            execution_name: "run-x".into(),
            definition: Some(asl_playground::state::Shared::new(definition)),
            config: Some(config),
        },
    );
    let state = reduce(state, Action::RunFinished { id: 1, execution });
    // Later: the workspace becomes Standard.
    let state = reduce(state, Action::SetMachineType(asl::MachineType::Standard));
    let state = reduce(state, Action::Inspect(Some("Ctx".into())));
    let shown = runs::shown_run(&state).unwrap();
    let history = runs::shown_history(Some(&shown)).to_vec();
    let tree = runs::execution_tree(&history).unwrap();
    let inspection = inspector::inspection(&state, Some(&tree), &history).unwrap();
    let after = inspection
        .flow
        .steps
        .iter()
        .find(|s| s.step == "afterParameters")
        .expect("an afterParameters step");
    let recorded = history
        .iter()
        .find(|e| e.kind == "PassStateExited")
        .and_then(|e| e.detail_json("output"))
        .unwrap();
    assert_eq!(
        after.value, recorded,
        "the inspector's $$ is the one the run saw"
    );
    assert!(after.value["e"].get("RedriveCount").is_none());
    assert!(after.value["e"]["Id"]
        .as_str()
        .unwrap()
        .contains(":express:"));
}

fn event(id: u64, kind: &str) -> HistoryEvent {
    HistoryEvent {
        id,
        previous_event_id: 0,
        timestamp_ms: 0,
        kind: kind.into(),
        details: None,
    }
}

#[test]
fn event_types_in_order_of_appearance() {
    let events = [
        event(1, "ExecutionStarted"),
        event(2, "PassStateEntered"),
        event(3, "PassStateExited"),
        event(4, "PassStateEntered"),
    ];
    assert_eq!(
        history::event_types(&events),
        [
            ("ExecutionStarted".into(), 1),
            ("PassStateEntered".into(), 2),
            ("PassStateExited".into(), 1)
        ]
    );
    assert_eq!(history::filtered(&events, ""), [0, 1, 2, 3]);
    assert_eq!(history::filtered(&events, "PassStateEntered"), [1, 3]);
    assert!(history::filtered(&events, "Nope").is_empty());
}

#[test]
fn the_history_downloads_as_get_execution_history() {
    let events = [event(1, "ExecutionStarted")];
    let json: serde_json::Value = serde_json::from_str(&history::history_json(&events)).unwrap();
    assert_eq!(json["events"].as_array().unwrap().len(), 1);
    assert_eq!(json["events"][0]["type"], "ExecutionStarted");
    assert_eq!(json["events"][0]["id"], 1);
}

#[test]
fn an_event_row_names_its_step_and_marks_failures() {
    let with = |kind: &str, key: &str, details: serde_json::Value| HistoryEvent {
        details: Some((key.into(), details)),
        ..event(1, kind)
    };
    let entered = with(
        "TaskStateEntered",
        "stateEnteredEventDetails",
        json!({"name": "CallLambda", "input": "{}"}),
    );
    assert_eq!(history::event_step(&entered), "CallLambda");
    let scheduled = with(
        "LambdaFunctionScheduled",
        "lambdaFunctionScheduledEventDetails",
        json!({"resource": "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction"}),
    );
    assert_eq!(history::event_step(&scheduled), "HelloFunction");
    assert_eq!(history::event_step(&event(1, "ExecutionStarted")), "");
    assert_eq!(
        history::event_class(&event(1, "LambdaFunctionFailed")),
        "ev-failed"
    );
    assert_eq!(
        history::event_class(&event(1, "LambdaFunctionTimedOut")),
        "ev-failed"
    );
    assert_eq!(
        history::event_class(&event(1, "ExecutionAborted")),
        "ev-failed"
    );
    assert_eq!(
        history::event_class(&event(1, "ExecutionSucceeded")),
        "ev-succeeded"
    );
    assert_eq!(history::event_class(&scheduled), "");
}

/// The JSONata scratch pane binds the inspected entry's `$states` (input, result) and the
/// variables in scope on entry, and answers with the value, undefined or JSONata's error.
#[test]
fn the_jsonata_scratch_pane_binds_the_entry() {
    let state = tutorial_run();
    let shown = runs::shown_run(&state).unwrap();
    let history = runs::shown_history(Some(&shown)).to_vec();
    let tree = runs::execution_tree(&history).unwrap();
    assert!(inspector::scratch_bindings(None).is_none());

    let state = reduce(state, Action::Inspect(Some("CallLambda".into())));
    let inspection = inspector::inspection(&state, Some(&tree), &history).unwrap();
    let bindings = inspector::scratch_bindings(Some(&inspection)).unwrap();
    assert_eq!(bindings["states"]["input"], json!({ "who": "joe" }));
    assert!(bindings["states"].get("result").is_some());
    assert!(bindings["states"].get("errorOutput").is_none());

    let answer = |e: &str| inspector::scratch_value(e, &bindings, 0.0);
    assert_eq!(
        answer("$uppercase($states.input.who)"),
        Ok(Some("\"JOE\"".into()))
    );
    assert_eq!(answer("$states.input.nobody"), Ok(None));
    let error = answer("$states.input.(").unwrap_err();
    assert!(error.starts_with("S0"), "{error}");
    // A huge value is shown in part.
    let huge = answer("[1..1000000]").unwrap().unwrap();
    assert!(
        huge.len() < inspector::SCRATCH_SHOWN + 100,
        "{}",
        huge.len()
    );
    assert!(huge.ends_with("more bytes not shown)"));
    // A runaway expression ends with an error, not a frozen page.
    assert!(answer("($f := function($n){ $f($n + 1) }; $f(0))").is_err());
}

#[test]
fn the_live_tree_grows_with_the_history_as_the_whole_tree_does() {
    let state = tutorial_run();
    let run = state.run.as_ref().unwrap();
    let all = run.history.to_vec();
    let mut live = runs::LiveTree::default();
    let mut growing = asl_playground::state::Log::default();
    // Event by event, in uneven batches, the live tree is the tree of the events so far; a
    // finished node is shared with the tree before.
    let mut before: Option<asl_playground::state::Shared<asl::TreeNode>> = None;
    for batch in all.chunks(3) {
        growing.extend(batch.iter().cloned());
        let tree = live.tree(&growing).unwrap();
        assert_eq!(*tree, asl::execution_tree(&growing.items()));
        if let (Some(before), Some(map)) = (&before, tree.children.first()) {
            if let (Some(old), Some(new)) = (
                before.children.first().and_then(|m| m.children.first()),
                map.children.first(),
            ) {
                if old.end_ms.is_some() {
                    assert!(
                        std::rc::Rc::ptr_eq(old, new),
                        "a finished iteration is shared"
                    );
                }
            }
        }
        before = Some(tree);
    }
    // The history it holds, grown or as it is, is not another one: nothing to retire.
    assert!(live.retire(&growing).is_none());
    // Another history (an earlier point, another run) starts afresh: what was built for the
    // previous one is handed over whole (for the page to free later), the tree starts empty.
    let earlier = growing.prefix(4);
    let retired = live.retire(&earlier).expect("the previous history's tree");
    assert_eq!(retired.events(), all.len());
    assert_eq!(live.events(), 0);
    assert_eq!(
        *live.tree(&earlier).unwrap(),
        asl::execution_tree(&all[..4])
    );
    assert!(live.tree(&Default::default()).is_none());
    assert!(live.retire(&Default::default()).is_none(), "nothing held");
}

#[test]
fn live_event_types_count_each_event_once_as_the_history_grows() {
    let all: Vec<HistoryEvent> = [
        "ExecutionStarted",
        "PassStateEntered",
        "PassStateExited",
        "PassStateEntered",
    ]
    .iter()
    .enumerate()
    .map(|(k, kind)| event(k as u64 + 1, kind))
    .collect();
    let mut live = history::LiveEventTypes::default();
    let mut log = asl_playground::state::Log::default();
    for e in &all {
        log.push(e.clone());
        assert_eq!(live.types(&log), history::event_types(&log.items()));
    }
    // Another history starts afresh.
    let other = asl_playground::state::Log::new(all[..1].to_vec());
    assert_eq!(
        live.types(&other),
        vec![("ExecutionStarted".to_string(), 1)]
    );
}
