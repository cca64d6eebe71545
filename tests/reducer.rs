//! The app's reducer, natively: editing, live validation, refusing to run with errors, and
//! the life of an execution (stale runs are ignored).

use std::rc::Rc;

use asl::{Execution, HistoryEvent, Status};
use asl_playground::state::{
    Action, AppState, InvocationRecord, MachineType, Source, Workspace, EXAMPLE_DEFINITION,
    EXAMPLE_FUNCTION, EXAMPLE_INPUT,
};
use serde_json::json;
use yew::Reducible;

fn reduce(state: Rc<AppState>, action: Action) -> Rc<AppState> {
    state.reduce(action)
}

fn event(id: u64, kind: &str) -> HistoryEvent {
    HistoryEvent {
        id,
        previous_event_id: id.saturating_sub(1),
        timestamp_ms: 1000 + id as i64,
        kind: kind.into(),
        details: None,
    }
}

#[test]
fn first_load_is_the_tutorial() {
    let state = AppState::default();
    assert_eq!(state.workspace.machine_name, "MapLambda");
    assert_eq!(state.workspace.functions.len(), 1);
    assert_eq!(state.workspace.functions[0].name, "HelloFunction");
    assert_eq!(
        state.workspace.functions[0].code.trim(),
        r#"exports.handler = (event, context, callback) => { callback(null, "Hello, " + event.who + "!"); };"#
    );
    let def: serde_json::Value = serde_json::from_str(EXAMPLE_DEFINITION).unwrap();
    assert_eq!(
        def["States"]["ExampleMapState"]["Iterator"]["States"]["CallLambda"]["Resource"],
        "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction"
    );
    let input: serde_json::Value = serde_json::from_str(EXAMPLE_INPUT).unwrap();
    assert_eq!(input, json!([{"who":"bob"},{"who":"meg"},{"who":"joe"}]));
    assert!(state.problems().next().is_none());
    assert!(state.definition.is_some());
    let plan = state.plan_run().expect("the example runs");
    assert_eq!(plan.functions.len(), 1);
    assert_eq!(plan.functions[0].name, "HelloFunction");
    assert_eq!(plan.functions[0].code, EXAMPLE_FUNCTION);
    assert_eq!(plan.functions[0].timeout_s, 3, "Lambda's default");
    assert_eq!(plan.run_id, 1);
    assert_eq!(
        plan.config("run-1").execution_arn(),
        "arn:aws:states:us-east-1:123456789012:execution:MapLambda:run-1"
    );
}

/// An input over StartExecution's 256 KiB is a problem that refuses the run; the text stays.
#[test]
fn an_input_over_256_kib_refuses_to_run() {
    let state = Rc::new(AppState::default());
    let big = format!("{{\"blob\": \"{}\"}}", "x".repeat(262_144));
    let state = reduce(state, Action::EditInput(big.clone()));
    assert_eq!(state.workspace.input, big);
    let problem = state.problems().next().expect("a problem");
    assert_eq!(problem.code, "INPUT_TOO_LARGE");
    assert!(problem.message.contains("256 KiB"), "{}", problem.message);
    assert!(state.plan_run().is_none());
    let state = reduce(state, Action::EditInput("{\"blob\": 1}".into()));
    assert!(state.plan_run().is_some());
}

/// An Express machine's executions run as Express ones: Express ARNs and quotas (the
/// interpreter's `MachineType::Express`), in the run and in the inspector's configuration.
#[test]
fn an_express_machine_runs_as_express() {
    let state = Rc::new(AppState::default());
    let state = reduce(state, Action::SetMachineType(MachineType::Express));
    let plan = state.plan_run().expect("the example runs");
    let config = plan.config("run-1");
    assert_eq!(config.machine_type, asl::MachineType::Express);
    assert!(
        config
            .execution_arn()
            .starts_with("arn:aws:states:us-east-1:123456789012:express:MapLambda:run-1:"),
        "{}",
        config.execution_arn()
    );
    assert_eq!(
        state.execution_config("run-1").machine_type,
        asl::MachineType::Express
    );
}

#[test]
fn invalid_input_is_located_kept_and_refuses_to_run() {
    let state = Rc::new(AppState::default());
    let broken = "[{\"who\":\"ann\"},\n {\"who\": }]";
    let state = reduce(state, Action::EditInput(broken.into()));
    assert_eq!(state.workspace.input, broken);
    let p = &state.input_problems[0];
    assert_eq!((p.source, p.line), (Source::Input, 2));
    assert!(p.column > 0);
    assert!(!p.message.contains(" at line "), "{}", p.message);
    assert!(p.range.0 <= p.range.1 && p.range.1 <= broken.encode_utf16().count());
    assert!(state.plan_run().is_none());
    let state = reduce(state, Action::RunRefused);
    assert!(state.refused);
    let state = reduce(state, Action::EditInput("[]".into()));
    assert!(!state.refused && state.input_problems.is_empty());
}

#[test]
fn invalid_definition_keeps_the_last_graph() {
    let state = Rc::new(AppState::default());
    let before = state.definition.clone();
    let state = reduce(state, Action::EditDefinition("{\"StartAt\": ".into()));
    assert!(state
        .definition_problems
        .iter()
        .any(|p| p.is_error() && p.source == Source::Definition));
    assert_eq!(state.definition, before);
    assert!(state.plan_run().is_none());
}

#[test]
fn an_execution_runs_and_ends() {
    let state = Rc::new(AppState::new(Workspace::example()));
    let state = reduce(
        state,
        Action::RunStarted {
            id: 1,
            execution_name: "run-1".into(),
            definition: None,
            config: None,
        },
    );
    assert!(state.is_running());
    let state = reduce(
        state,
        Action::RunProgress {
            id: 1,
            events: vec![event(1, "ExecutionStarted")],
            invocations: vec![],
        },
    );
    let record = InvocationRecord {
        request_id: "r1".into(),
        function_name: "HelloFunction".into(),
        payload: json!({"who": "bob"}),
        scheduled_event_id: None,
        logs: vec![],
        duration_ms: 2.0,
    };
    let state = reduce(
        state,
        Action::RunProgress {
            id: 1,
            events: vec![],
            invocations: vec![record],
        },
    );
    // A stale run's news is ignored.
    let state = reduce(
        state,
        Action::RunProgress {
            id: 0,
            events: vec![event(9, "Bogus")],
            invocations: vec![],
        },
    );
    let run = state.run.as_ref().unwrap();
    assert_eq!(run.history.len(), 1);
    assert_eq!(run.invocations.len(), 1);

    let execution = Execution {
        status: Status::Succeeded,
        output: Some(json!(["Hello, bob!"])),
        error: None,
        cause: None,
        history: vec![event(1, "ExecutionStarted"), event(2, "ExecutionSucceeded")],
    };
    let state = reduce(state, Action::RunFinished { id: 1, execution });
    let run = state.run.as_ref().unwrap();
    assert!(!state.is_running());
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(run.history.len(), 2);
    assert_eq!(state.plan_run().unwrap().run_id, 2);
    // Events arriving after the end do not change the history.
    let state = reduce(
        state,
        Action::RunProgress {
            id: 1,
            events: vec![event(3, "Late")],
            invocations: vec![],
        },
    );
    assert_eq!(state.run.as_ref().unwrap().history.len(), 2);
}

#[test]
fn names_are_uuids() {
    // The page names executions with the interpreter's UUIDs, from the browser's randomness.
    struct Bits(std::cell::Cell<[u64; 2]>);
    impl asl::host::Rng for Bits {
        fn next_u64(&self) -> u64 {
            let [a, b] = self.0.get();
            self.0.set([b, a]);
            a
        }
    }
    let uuid_v4 = |hi, lo| asl::uuid(&Bits(std::cell::Cell::new([hi, lo])));
    let name = uuid_v4(u64::MAX, 0);
    assert_eq!(name.len(), 36);
    assert_eq!(&name[14..15], "4");
    assert!(matches!(&name[19..20], "8" | "9" | "a" | "b"));
    assert_ne!(uuid_v4(1, 2), uuid_v4(2, 1));
}

#[test]
fn each_click_on_a_problem_is_a_new_reveal() {
    let state = Rc::new(AppState::default());
    let state = reduce(state, Action::RevealProblem(Source::Input, (1, 2)));
    let first = state.reveal.unwrap();
    let state = reduce(state, Action::RevealProblem(Source::Input, (1, 2)));
    let second = state.reveal.unwrap();
    assert_eq!((first.source, first.range), (second.source, second.range));
    assert_ne!(first.seq, second.seq);
}

#[test]
fn stopping_aborts_with_an_execution_aborted_event() {
    let state = Rc::new(AppState::default());
    let state = reduce(
        state,
        Action::RunStarted {
            id: 1,
            execution_name: "run-1".into(),
            definition: None,
            config: None,
        },
    );
    let state = reduce(
        state,
        Action::RunProgress {
            id: 1,
            events: vec![event(1, "ExecutionStarted")],
            invocations: vec![],
        },
    );
    let state = reduce(state, Action::RunAborted { id: 1 });
    let run = state.run.as_ref().unwrap();
    assert_eq!(run.status, Status::Aborted);
    let last = run
        .history
        .last()
        .map(|e| (e.id, e.previous_event_id, e.kind.clone()));
    assert_eq!(last, Some((2, 1, "ExecutionAborted".to_string())));
    // A result arriving after the stop changes nothing.
    let execution = Execution {
        status: Status::Succeeded,
        output: None,
        error: None,
        cause: None,
        history: vec![],
    };
    let state = reduce(state, Action::RunFinished { id: 1, execution });
    assert_eq!(state.run.as_ref().unwrap().status, Status::Aborted);
}

#[test]
fn execution_names_follow_the_rules_and_are_unique() {
    let state = Rc::new(AppState::default());
    let state = reduce(state, Action::EditExecutionName("has space".into()));
    assert!(state.plan_run().is_none());
    assert_eq!(state.name_problems[0].code, "INVALID_NAME");
    let state = reduce(state, Action::EditExecutionName("first-run".into()));
    let plan = state.plan_run().unwrap();
    assert_eq!(plan.execution_name.as_deref(), Some("first-run"));
    let state = reduce(
        state,
        Action::RunStarted {
            id: plan.run_id,
            execution_name: "first-run".into(),
            definition: None,
            config: None,
        },
    );
    assert_eq!(state.execution_name, "", "the field is cleared once used");
    let state = reduce(state, Action::EditExecutionName("first-run".into()));
    assert_eq!(state.name_problems[0].code, "EXECUTION_ALREADY_EXISTS");
    let state = reduce(state, Action::EditExecutionName(String::new()));
    assert!(state.name_problems.is_empty());
    assert_eq!(state.plan_run().unwrap().execution_name, None);
}

#[test]
fn the_definition_converts_between_json_and_yaml() {
    let state = Rc::new(AppState::default());
    let state = reduce(state, Action::ToggleFormat);
    let yaml = state.workspace.definition.clone();
    assert!(yaml.starts_with("StartAt: ExampleMapState"), "{yaml}");
    assert!(state.problems().next().is_none());
    let state = reduce(state, Action::ToggleFormat);
    let back: serde_json::Value = serde_json::from_str(&state.workspace.definition).unwrap();
    let original: serde_json::Value = serde_json::from_str(EXAMPLE_DEFINITION).unwrap();
    assert_eq!(back, original);
    assert_eq!(
        state.workspace.definition, EXAMPLE_DEFINITION,
        "pretty JSON, same key order"
    );
    // Text that does not parse stays as it is.
    let state = reduce(state, Action::EditDefinition("{ broken".into()));
    let state = reduce(state, Action::ToggleFormat);
    assert_eq!(state.workspace.definition, "{ broken");
}

#[test]
fn functions_can_be_added_selected_edited_and_removed() {
    let state = Rc::new(AppState::default());
    // Bad or duplicate names are ignored.
    let state = reduce(state, Action::AddFunction("bad name".into()));
    let state = reduce(state, Action::AddFunction("HelloFunction".into()));
    assert_eq!(state.workspace.functions.len(), 1);

    let state = reduce(state, Action::AddFunction("ChargeCard".into()));
    assert_eq!(state.workspace.functions.len(), 2);
    assert_eq!(state.selected().unwrap().name, "ChargeCard");
    assert!(state.selected().unwrap().code.contains("exports.handler"));
    let state = reduce(
        state,
        Action::EditFunction("exports.handler = async () => 1;".into()),
    );
    assert_eq!(
        state.workspace.functions[1].code,
        "exports.handler = async () => 1;"
    );
    assert_eq!(
        state.workspace.functions[0].code, EXAMPLE_FUNCTION,
        "the other one is untouched"
    );

    let names: Vec<_> = state
        .plan_run()
        .unwrap()
        .functions
        .into_iter()
        .map(|f| f.name)
        .collect();
    assert_eq!(names, ["HelloFunction", "ChargeCard"]);

    let state = reduce(state, Action::SelectFunction(0));
    assert_eq!(state.selected().unwrap().name, "HelloFunction");
    let state = reduce(state, Action::SelectFunction(7));
    assert_eq!(state.selected_function, 0);
    let state = reduce(state, Action::RemoveFunction(0));
    assert_eq!(state.workspace.functions.len(), 1);
    assert_eq!(state.selected().unwrap().name, "ChargeCard");
    // The last function stays.
    let state = reduce(state, Action::RemoveFunction(0));
    assert_eq!(state.workspace.functions.len(), 1);
}

#[test]
fn clicking_a_state_again_closes_the_inspector() {
    let state = Rc::new(AppState::default());
    let state = reduce(state, Action::Inspect(Some("CallLambda".into())));
    assert_eq!(state.inspected.as_deref(), Some("CallLambda"));
    let state = reduce(state, Action::Inspect(Some("ExampleMapState".into())));
    assert_eq!(state.inspected.as_deref(), Some("ExampleMapState"));
    let state = reduce(state, Action::Inspect(Some("ExampleMapState".into())));
    assert_eq!(state.inspected, None);
}

#[test]
fn a_function_timeout_stays_within_lambda_limits() {
    let state = Rc::new(AppState::default());
    let state = reduce(state, Action::SetFunctionTimeout(10));
    assert_eq!(state.selected().unwrap().timeout_s, 10);
    let state = reduce(state, Action::SetFunctionTimeout(0));
    assert_eq!(state.selected().unwrap().timeout_s, 1);
    let state = reduce(state, Action::SetFunctionTimeout(100_000));
    assert_eq!(state.selected().unwrap().timeout_s, 900);
    // Saved lists from before timeouts existed still load, with Lambda's default.
    let old: Vec<asl_playground::state::Function> =
        serde_json::from_str(r#"[{"name":"F","code":"x"}]"#).unwrap();
    assert_eq!(old[0].timeout_s, 3);
}

#[test]
fn breakpoints_toggle_and_a_paused_run_shows_where_it_waits() {
    let state = Rc::new(AppState::default());
    let state = reduce(state, Action::ToggleBreakpoint("CallLambda".into()));
    assert!(state.breakpoints.contains("CallLambda"));
    let state = reduce(
        state,
        Action::RunStarted {
            id: 1,
            execution_name: "run-1".into(),
            definition: None,
            config: None,
        },
    );
    let paused = |states: &[&str]| Action::RunPaused {
        id: 1,
        states: states.iter().map(|s| s.to_string()).collect(),
    };
    let state = reduce(state, paused(&["CallLambda", "CallLambda"]));
    assert_eq!(state.run.as_ref().unwrap().paused.len(), 2);
    assert!(state.is_running());
    // Stale runs are ignored; stopping clears the pause.
    let state = reduce(
        state,
        Action::RunPaused {
            id: 0,
            states: vec![],
        },
    );
    assert_eq!(state.run.as_ref().unwrap().paused.len(), 2);
    let state = reduce(state, Action::RunAborted { id: 1 });
    assert!(state.run.as_ref().unwrap().paused.is_empty());
    let state = reduce(state, paused(&["X"]));
    assert!(state.run.as_ref().unwrap().paused.is_empty());
    let state = reduce(state, Action::ToggleBreakpoint("CallLambda".into()));
    assert!(state.breakpoints.is_empty());
}

#[test]
fn real_time_speed_is_one_of_the_offered_factors() {
    let state = Rc::new(AppState::default());
    assert_eq!(state.workspace.time.speed, 1);
    let state = reduce(state, Action::SetSpeed(10));
    let state = reduce(state, Action::SetSpeed(7));
    assert_eq!(state.workspace.time.speed, 10);
    let state = reduce(state, Action::SetRealTime(true));
    let plan = state.plan_run().unwrap();
    assert!(plan.real_time);
    assert_eq!(plan.speed, 10);
}

#[test]
fn progress_appends_to_the_history_and_earlier_states_keep_theirs() {
    let state = Rc::new(AppState::default());
    let state = reduce(
        state,
        Action::RunStarted {
            id: 1,
            execution_name: "e".into(),
            definition: None,
            config: None,
        },
    );
    let progress = |from: u64, to: u64| Action::RunProgress {
        id: 1,
        events: (from..to).map(|k| event(k, "PassStateEntered")).collect(),
        invocations: vec![],
    };
    let first = reduce(state, progress(1, 4));
    let second = reduce(first.clone(), progress(4, 10));
    let (a, b) = (
        &first.run.as_ref().unwrap().history,
        &second.run.as_ref().unwrap().history,
    );
    assert_eq!((a.len(), b.len()), (3, 9));
    let ids: Vec<u64> = b.items().iter().map(|e| e.id).collect();
    assert_eq!(ids, (1..10).collect::<Vec<_>>());
    // The earlier state still shows its three events, the first of the later one's.
    assert_eq!(b.prefix(3), *a);
    assert_ne!(a, b);
}
