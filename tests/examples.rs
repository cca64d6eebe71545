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
