//! Every example in the menu loads without a diagnostic, and loading one replaces the
//! workspace.

use std::rc::Rc;

use asl_playground::examples::{find, EXAMPLES};
use asl_playground::state::{Action, AppState};
use yew::Reducible;

#[test]
fn every_example_is_clean() {
    for e in EXAMPLES {
        let diagnostics = asl::diagnostics(e.definition);
        assert!(diagnostics.is_empty(), "{}: {diagnostics:?}", e.id);
        assert!(asl::parse_json(e.input).is_ok(), "{}: input", e.id);
        assert!(
            asl::parse_json(e.test_event).is_ok(),
            "{}: test event",
            e.id
        );
        assert!(
            e.definition
                .contains(&format!(":function:{}", e.function_name)),
            "{}: the definition calls {}",
            e.id,
            e.function_name
        );
    }
}

#[test]
fn the_tutorial_is_the_first_example() {
    assert_eq!(
        EXAMPLES[0].workspace(),
        asl_playground::state::Workspace::example()
    );
}

#[test]
fn loading_an_example_replaces_the_workspace() {
    let e = find("retry-catch").unwrap();
    let state = Rc::new(AppState::default())
        .reduce(Action::RunStarted {
            id: 1,
            execution_name: "x".into(),
            definition: None,
            config: None,
        })
        .reduce(Action::LoadExample(e.workspace()));
    assert_eq!(state.workspace.machine_name, "RetryCatch");
    assert_eq!(state.workspace.functions[0].name, "ChargeCard");
    assert!(state.run.is_none());
    assert!(state.problems().next().is_none());
    assert_eq!(state.plan_run().unwrap().run_id, 2);
}

#[test]
fn every_example_converts_to_yaml_and_back() {
    use asl_playground::state::convert_definition;
    for e in EXAMPLES {
        let yaml = convert_definition(e.definition).unwrap();
        assert!(asl::diagnostics(&yaml).is_empty(), "{}:\n{yaml}", e.id);
        let json = convert_definition(&yaml).unwrap();
        let a: serde_json::Value = serde_json::from_str(&json).unwrap();
        let b: serde_json::Value = serde_json::from_str(e.definition).unwrap();
        assert_eq!(a, b, "{}", e.id);
    }
}

/// The service-errors example comes with its faults: two `Lambda.ServiceException`s that the
/// recommended retrier rides out (run natively with the engine's fault injection).
#[test]
fn the_service_errors_example_injects_two_faults_the_retrier_rides_out() {
    use asl::host::faults::{FaultKind, FaultPlan, FaultyRunner, FunctionFaults};
    use asl::host::{
        Invocation, InvocationOutcome, InvocationResult, LocalBoxFuture, SplitMix64, TaskRunner,
        VirtualClock,
    };

    struct Quote;
    impl TaskRunner for Quote {
        fn invoke(&self, inv: Invocation) -> LocalBoxFuture<'_, InvocationResult> {
            let payload = serde_json::json!({"symbol": inv.payload["symbol"], "price": 101.25});
            Box::pin(async move {
                InvocationResult {
                    outcome: InvocationOutcome::Succeeded { payload },
                    logs: vec![],
                    duration_ms: 1.0,
                    metrics: Default::default(),
                }
            })
        }
    }

    let e = find("lambda-service-errors").unwrap();
    let w = e.workspace();
    let f = &w.functions[0];
    assert_eq!(
        f.faults,
        Some(FunctionFaults::next(FaultKind::ServiceException, 2))
    );
    let mut plan = FaultPlan::default();
    plan.functions
        .insert(f.name.clone(), f.faults.clone().unwrap());
    let def = asl::load(e.definition).unwrap();
    let clock = VirtualClock::new(0);
    let rng = SplitMix64::new(1);
    let runner = FaultyRunner::new(&Quote, plan, &rng, &clock);
    let host = asl::Host::new(&runner, &clock, &rng);
    let run = asl::block_on(asl::execute(
        &def,
        asl::parse_json(e.input).unwrap(),
        &asl::ExecutionConfig::new("M", "e"),
        host,
    ));
    assert_eq!(run.status, asl::Status::Succeeded);
    assert_eq!(
        run.output,
        Some(serde_json::json!({"symbol": "AMZN", "price": 101.25}))
    );
    let failed = run
        .history
        .iter()
        .filter(|h| h.kind == "TaskFailed")
        .count();
    assert_eq!(failed, 2);
}

/// Runs an example's plan natively: its functions answer `answer(payload)`, its other
/// machines start through the page's `PageMachines`, its waiting tasks get `callbacks`.
fn run_example(
    id: &str,
    answer: fn(&serde_json::Value) -> serde_json::Value,
    callbacks: Option<&dyn asl::host::callback::Callbacks>,
) -> asl::Execution {
    use asl::host::{
        Invocation, InvocationOutcome, InvocationResult, LocalBoxFuture, SplitMix64, TaskRunner,
        VirtualClock,
    };
    struct Answering(fn(&serde_json::Value) -> serde_json::Value);
    impl TaskRunner for Answering {
        fn invoke(&self, inv: Invocation) -> LocalBoxFuture<'_, InvocationResult> {
            let payload = (self.0)(&inv.payload);
            Box::pin(async move {
                InvocationResult {
                    metrics: Default::default(),
                    outcome: InvocationOutcome::Succeeded { payload },
                    logs: vec![],
                    duration_ms: 1.0,
                }
            })
        }
    }
    let state =
        Rc::new(AppState::default()).reduce(Action::LoadExample(find(id).unwrap().workspace()));
    let plan = state.plan_run().expect("the example runs");
    let config = plan.config("example");
    let machines = asl_playground::runtime::machines::PageMachines::new(
        plan.run_id,
        plan.machines.clone(),
        &config,
        yew::Callback::from(|_| ()),
    );
    let (clock, rng) = (VirtualClock::new(0), SplitMix64::new(3));
    let runner = Answering(answer);
    let host = asl::Host {
        machines: Some(&machines),
        callbacks,
        ..asl::Host::new(&runner, &clock, &rng)
    };
    asl::block_on(asl::execute(&plan.definition, plan.input, &config, host))
}

#[test]
fn the_nested_workflow_example_ships_through_its_second_machine() {
    let e = find("nested-workflow").unwrap();
    for m in e.machines {
        assert!(asl::diagnostics(m.definition).is_empty(), "{}", m.name);
        assert!(asl::parse_json(m.input).is_ok(), "{}", m.name);
    }
    let run = run_example(
        "nested-workflow",
        |event| serde_json::json!({"charged": event["amount"], "receipt": "r-1"}),
        None,
    );
    assert_eq!(run.status, asl::Status::Succeeded, "{run:?}");
    let out = run.output.unwrap();
    assert_eq!(out["charge"]["charged"], 42.5);
    assert_eq!(
        out["shipping"]["shipment"],
        serde_json::json!({"carrier": "An Post", "order": "A-1001", "status": "DELIVERED"})
    );
    assert!(out["shipping"]["shippedBy"]
        .as_str()
        .unwrap()
        .contains(":execution:ShipOrder:"));
}

#[test]
fn the_human_approval_example_waits_for_its_answer() {
    use asl::host::callback::ScriptedAnswers;
    let answers = ScriptedAnswers::parse(&serde_json::json!([
        {"action": "success", "output": {"approvedBy": "Mary"}}
    ]))
    .unwrap();
    let run = run_example(
        "human-approval",
        |_| serde_json::json!("approval requested"),
        Some(&answers),
    );
    assert_eq!(
        run.output,
        Some(serde_json::json!({"order": "A-1001", "approvedBy": "Mary"})),
        "{run:?}"
    );
    let rejected = ScriptedAnswers::parse(&serde_json::json!([
        {"action": "failure", "error": "Rejected", "cause": "too dear"}
    ]))
    .unwrap();
    let run = run_example(
        "human-approval",
        |_| serde_json::json!("sent"),
        Some(&rejected),
    );
    assert_eq!(run.error.as_deref(), Some("OrderRejected"));
}
