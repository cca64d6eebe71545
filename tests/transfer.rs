//! Export and import in the page, natively: the files the Export menu downloads, and what
//! importing a definition, a template, an execution history or a bad file does to the
//! state (the previous work stays restorable; a bad file changes nothing).

use std::rc::Rc;

use asl_playground::state::{export_file, Action, AppState, ExportKind, MachineType, Workspace};
use yew::Reducible;

fn edited() -> Workspace {
    let mut w = Workspace::example();
    w.functions[0].code = "exports.handler = async (e) => 'hi ' + e.who;".into();
    w.functions[0].timeout_s = 9;
    w.machine_type = MachineType::Express;
    w
}

fn import(state: AppState, name: &str, text: &str) -> Rc<AppState> {
    Rc::new(state).reduce(Action::ImportFile {
        name: name.into(),
        text: text.into(),
    })
}

#[test]
fn the_export_menu_offers_templates_and_the_definition() {
    let w = edited();
    let sam = export_file(&w, ExportKind::Sam).unwrap();
    assert_eq!(sam.name, "template.yaml");
    assert!(sam
        .text
        .starts_with("# An AWS SAM template exported from ASL Playground"));
    assert!(sam.text.contains("sam deploy --guided"));
    assert!(sam.text.contains("aws stepfunctions start-execution"));
    assert!(sam.text.contains("Type: EXPRESS"), "{}", sam.text);
    let cfn = export_file(&w, ExportKind::CloudFormation).unwrap();
    assert!(cfn.text.contains("AWS::StepFunctions::StateMachine"));
    let json = export_file(&w, ExportKind::DefinitionJson).unwrap();
    assert_eq!(json.name, "MapLambda.asl.json");
    let yaml = export_file(&w, ExportKind::DefinitionYaml).unwrap();
    assert_eq!(yaml.name, "MapLambda.asl.yaml");
    assert!(yaml.text.starts_with("StartAt: ExampleMapState\n"));
    for kind in ExportKind::ALL {
        assert_eq!(ExportKind::parse(kind.id()), Some(kind));
    }
    let mut broken = w.clone();
    broken.definition = "{".into();
    assert!(export_file(&broken, ExportKind::Sam).is_err());
}

#[test]
fn a_template_exported_and_imported_back_is_the_same_workspace() {
    let w = edited();
    let sam = export_file(&w, ExportKind::Sam).unwrap();
    let mut changed = w.clone();
    changed.definition = r#"{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#.into();
    changed.functions[0].code = "exports.handler = async () => 0;".into();
    changed.functions[0].timeout_s = 3;
    let state = import(AppState::new(changed.clone()), "template.yaml", &sam.text);
    let back = &state.workspace;
    assert_eq!(back.machine_name, w.machine_name);
    assert_eq!(back.machine_type, w.machine_type);
    assert_eq!(
        asl::definition::document(&back.definition).unwrap(),
        asl::definition::document(&w.definition).unwrap()
    );
    assert_eq!(back.functions[0].name, w.functions[0].name);
    assert_eq!(back.functions[0].code, w.functions[0].code);
    assert_eq!(back.functions[0].timeout_s, 9);
    assert_eq!(back.input, w.input);
    assert!(state.role_problems.is_empty(), "{:?}", state.role_problems);
    assert_eq!(state.previous_work.as_ref(), Some(&changed));
    let restored = state.reduce(Action::RestorePreviousWork);
    assert_eq!(restored.workspace, changed);
}

#[test]
fn a_template_with_several_machines_fills_the_machines_menu() {
    let template = r#"
Transform: AWS::Serverless-2016-10-31
Resources:
  Orders:
    Type: AWS::Serverless::StateMachine
    Properties:
      Type: EXPRESS
      Definition:
        StartAt: Ship
        States:
          Ship:
            Type: Task
            Resource: arn:aws:states:::states:startExecution.sync:2
            Parameters:
              StateMachineArn: !Ref Shipping
            End: true
  Shipping:
    Type: AWS::Serverless::StateMachine
    Properties:
      Name: Ship-It
      Definition:
        StartAt: P
        States:
          P: {Type: Pass, End: true}
"#;
    let state = import(AppState::new(edited()), "orders.yaml", template);
    let w = &state.workspace;
    assert_eq!(w.machine_name, "Orders");
    assert_eq!(w.machine_type, MachineType::Express);
    assert_eq!(
        w.machine_names(),
        vec!["Orders".to_string(), "Ship-It".to_string()]
    );
    assert!(w
        .definition
        .contains("arn:aws:states:us-east-1:123456789012:stateMachine:Ship-It"));
    assert!(state
        .notice
        .as_ref()
        .unwrap()
        .text
        .contains("2 state machine(s)"));
}

#[test]
fn a_definition_file_replaces_the_definition_only() {
    let w = edited();
    let text = "StartAt: P\nStates:\n  P: {Type: Pass, End: true}\n";
    let state = import(AppState::new(w.clone()), "p.asl.yaml", text);
    assert_eq!(state.workspace.definition, text);
    assert_eq!(state.workspace.functions, w.functions);
    assert_eq!(state.previous_work.as_ref(), Some(&w));
    assert!(!state.notice.as_ref().unwrap().error);
}

#[test]
fn a_history_shows_as_an_execution() {
    let history = r#"{"events": [
 {"timestamp": "2026-11-25T11:17:03.123Z", "type": "ExecutionStarted", "id": 1, "previousEventId": 0, "executionStartedEventDetails": {"input": "[]", "inputDetails": {"truncated": false}}},
 {"timestamp": "2026-11-25T11:17:03.130Z", "type": "MapStateEntered", "id": 2, "previousEventId": 1, "stateEnteredEventDetails": {"name": "ExampleMapState", "input": "[]"}},
 {"timestamp": "2026-11-25T11:17:03.131Z", "type": "MapStateExited", "id": 3, "previousEventId": 2, "stateExitedEventDetails": {"name": "ExampleMapState", "output": "[]"}},
 {"timestamp": "2026-11-25T11:17:03.140Z", "type": "ExecutionSucceeded", "id": 4, "previousEventId": 3, "executionSucceededEventDetails": {"output": "[]"}}
]}"#;
    let state = import(AppState::new(edited()), "run.json", history);
    let run = state.run.as_ref().unwrap();
    assert_eq!(run.execution_name, "run.json");
    assert_eq!(run.status, asl::Status::Succeeded);
    assert_eq!(run.output, Some(serde_json::json!([])));
    assert_eq!(run.history.len(), 4);
    assert!(!state.is_running());
    assert!(state.previous_work.is_none());
    let notice = state.notice.as_ref().unwrap();
    assert!(!notice.text.contains("does not match"), "{}", notice.text);

    let other = history.replace("ExampleMapState", "Elsewhere");
    let state = import(Rc::unwrap_or_clone(state), "other.json", &other);
    assert!(state
        .notice
        .as_ref()
        .unwrap()
        .text
        .contains("does not match the current definition, which has no state Elsewhere"));
    assert_eq!(state.runs().len(), 2);
}

#[test]
fn a_bad_file_changes_nothing_and_says_where() {
    let w = edited();
    let state = import(AppState::new(w.clone()), "bad.json", "{\"StartAt\": ");
    assert_eq!(state.workspace, w);
    let notice = state.notice.as_ref().unwrap();
    assert!(notice.error);
    assert!(
        notice.text.contains("bad.json") && notice.text.contains("line 1"),
        "{}",
        notice.text
    );
}
