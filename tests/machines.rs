//! A workspace of several state machines, natively: adding, switching (each keeps its
//! definition, input, executions and breakpoints), renaming and deleting machines; share
//! links and relocation carry them; a run's `states:startExecution.sync:2` starts another
//! machine through the page's [`PageMachines`], and the nested execution is filed with its
//! machine's executions and opened from the run that started it.

#[allow(dead_code)] // Only its `Hello` runner is used here.
mod common;

use std::cell::RefCell;
use std::rc::Rc;

use asl::host::{SplitMix64, VirtualClock};
use asl::Status;
use asl_playground::runtime::machines::PageMachines;
use asl_playground::state::{Action, AppState, MachineType, Workspace};
use serde_json::json;
use yew::{Callback, Reducible};

fn reduce(state: Rc<AppState>, action: Action) -> Rc<AppState> {
    state.reduce(action)
}

const PARENT: &str = r#"{"StartAt":"Child","States":{"Child":{"Type":"Task",
  "Resource":"arn:aws:states:::states:startExecution.sync:2",
  "Parameters":{"StateMachineArn":"arn:aws:states:us-east-1:123456789012:stateMachine:Greeter",
    "Name":"greet-bob","Input":{"who.$":"$.who"}},
  "OutputPath":"$.Output","End":true}}}"#;

/// The example plus a machine `Greeter` (the new machine's starter, renamed), editing the
/// example again with `PARENT` as its definition.
fn two_machines() -> Rc<AppState> {
    let state = reduce(Rc::new(AppState::default()), Action::AddMachine);
    assert_eq!(state.workspace.machine_name, "StateMachine2");
    let state = reduce(state, Action::SetMachineName("Greeter".into()));
    assert_eq!(state.workspace.machine_name, "Greeter");
    let state = reduce(state, Action::SwitchMachine("MapLambda".into()));
    let state = reduce(state, Action::EditDefinition(PARENT.into()));
    reduce(state, Action::EditInput(r#"{"who":"bob"}"#.into()))
}

#[test]
fn each_machine_keeps_its_texts_executions_and_breakpoints() {
    let state = two_machines();
    assert_eq!(state.workspace.machine_names(), ["Greeter", "MapLambda"]);
    assert_eq!(state.workspace.definition, PARENT);
    let state = reduce(state, Action::ToggleBreakpoint("Child".into()));
    let state = reduce(
        state,
        Action::RunStarted {
            id: 1,
            execution_name: "first".into(),
            definition: None,
            config: None,
        },
    );
    // Not while an execution runs.
    let same = reduce(state.clone(), Action::SwitchMachine("Greeter".into()));
    assert_eq!(same.workspace.machine_name, "MapLambda");
    let state = reduce(
        state,
        Action::RunFinished {
            id: 1,
            execution: asl::Execution {
                status: Status::Succeeded,
                output: Some(json!(1)),
                error: None,
                cause: None,
                history: vec![],
            },
        },
    );

    let state = reduce(state, Action::SwitchMachine("Greeter".into()));
    assert_eq!(state.workspace.machine_name, "Greeter");
    assert!(state.workspace.definition.contains("States.Format"));
    assert_eq!(state.workspace.input, "{\"who\": \"world\"}\n");
    assert!(state.run.is_none() && state.breakpoints.is_empty());
    assert!(state.definition.as_ref().unwrap().machine.states.len() == 1);

    let state = reduce(state, Action::SwitchMachine("MapLambda".into()));
    assert_eq!(state.workspace.definition, PARENT);
    assert_eq!(state.workspace.input, r#"{"who":"bob"}"#);
    assert_eq!(state.run.as_ref().unwrap().execution_name, "first");
    assert!(state.breakpoints.contains("Child"));
    assert_eq!(*state.used_names, ["first"]);
}

#[test]
fn names_stay_unique_and_the_last_machine_stays() {
    let state = two_machines();
    let state = reduce(state, Action::SetMachineName("Greeter".into()));
    assert_eq!(state.workspace.machine_name, "MapLambda");
    assert_eq!(
        state.settings_problem.as_deref(),
        Some("The workspace already has a state machine named Greeter")
    );
    // A third one takes the next free name.
    let state = reduce(state, Action::AddMachine);
    assert_eq!(state.workspace.machine_name, "StateMachine2");
    let state = reduce(state, Action::RemoveMachine);
    assert_eq!(state.workspace.machine_names(), ["Greeter", "MapLambda"]);
    let state = reduce(state, Action::RemoveMachine);
    let state = reduce(state, Action::RemoveMachine);
    assert_eq!(state.workspace.machine_names().len(), 1);
}

#[test]
fn share_links_saves_and_relocation_carry_every_machine() {
    let state = two_machines();
    let link = format!(
        "#{}",
        asl::share::encode(&state.workspace.to_shared()).unwrap()
    );
    let opened = AppState::open(Workspace::example(), Some(&link));
    assert_eq!(opened.workspace, state.workspace);
    assert_eq!(
        opened.workspace.machines[0].machine_type,
        MachineType::Standard
    );

    // A link whose other machines repeat a name, or have none acceptable, loses those only.
    let mut shared = state.workspace.to_shared();
    let mut again = shared.machines[0].clone();
    again.definition = "{}".into();
    shared.machines.push(again);
    let mut bad = shared.machines[0].clone();
    bad.name = "has space".into();
    shared.machines.push(bad);
    let w = Workspace::from_shared(shared);
    assert_eq!(w.machine_names(), ["Greeter", "MapLambda"]);
    assert!(w.machines[0].definition.contains("States.Format"));

    let state = reduce(
        state,
        Action::Relocate {
            account: "210987654321".into(),
            region: "eu-west-1".into(),
        },
    );
    assert!(state
        .workspace
        .definition
        .contains("arn:aws:states:eu-west-1:210987654321:stateMachine:Greeter"));
}

#[test]
fn a_nested_execution_runs_the_other_machine_and_is_filed_with_it() {
    let state = two_machines();
    let plan = state.plan_run().expect("runs");
    let names: Vec<&str> = plan.machines.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["MapLambda", "Greeter"]);

    let id = plan.run_id;
    let state = reduce(
        state,
        Action::RunStarted {
            id,
            execution_name: "parent".into(),
            definition: Some(plan.definition.clone()),
            config: None,
        },
    );
    let actions = Rc::new(RefCell::new(Vec::new()));
    let dispatch = {
        let actions = actions.clone();
        Callback::from(move |a: Action| actions.borrow_mut().push(a))
    };
    let config = plan.config("parent");
    let machines = PageMachines::new(id, plan.machines.clone(), &config, dispatch);
    let (clock, rng) = (VirtualClock::new(0), SplitMix64::new(7));
    let host = asl::Host {
        machines: Some(&machines),
        ..asl::Host::new(&common::Hello, &clock, &rng)
    };
    let execution = asl::block_on(asl::execute(&plan.definition, plan.input, &config, host));
    assert_eq!(execution.status, Status::Succeeded, "{execution:?}");
    assert_eq!(execution.output, Some(json!({"greeting": "Hello, bob!"})));

    let mut state = state;
    for a in actions.take() {
        state = reduce(state, a);
    }
    let state = reduce(state, Action::RunFinished { id, execution });
    let nested = &state.run.as_ref().unwrap().nested;
    assert_eq!(nested.len(), 1);
    assert_eq!(
        (
            nested[0].machine.as_str(),
            nested[0].execution_name.as_str()
        ),
        ("Greeter", "greet-bob")
    );
    assert_eq!(nested[0].status, Status::Succeeded);

    // Opened from the parent: the other machine is edited, its execution shown.
    let child_id = nested[0].id;
    let state = reduce(
        state,
        Action::OpenNested {
            machine: "Greeter".into(),
            id: child_id,
        },
    );
    assert_eq!(state.workspace.machine_name, "Greeter");
    let shown = state.run.as_ref().unwrap();
    assert_eq!(shown.id, child_id);
    assert_eq!(shown.output, Some(json!({"greeting": "Hello, bob!"})));
    let history = shown.history.items();
    let kinds: Vec<&str> = history.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds.first(), Some(&"ExecutionStarted"));
    assert_eq!(kinds.last(), Some(&"ExecutionSucceeded"));
    let config = shown.config.as_ref().unwrap();
    assert_eq!(config.state_machine_name, "Greeter");
    drop(history);
    // Its name is taken for that machine's next executions.
    assert_eq!(*state.used_names, ["greet-bob"]);

    // A machine whose definition does not load is not offered to nested executions.
    let state = reduce(state, Action::EditDefinition("{".into()));
    let state = reduce(state, Action::SwitchMachine("MapLambda".into()));
    let names: Vec<String> = state
        .plan_run()
        .unwrap()
        .machines
        .into_iter()
        .map(|m| m.name)
        .collect();
    assert_eq!(names, ["MapLambda"]);
}
