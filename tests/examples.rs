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
