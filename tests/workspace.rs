//! The workspace features, natively: share links (open, refuse, restore), the execution role
//! (create a role for me, warnings), account and Region, and the execution list.

use std::rc::Rc;

use asl::{Execution, HistoryEvent, Status};
use asl_playground::state::{
    Action, AppState, Function, MachineType, Source, TimeSettings, Workspace, KEPT_RUNS,
};
use serde_json::json;
use yew::Reducible;

fn reduce(state: Rc<AppState>, action: Action) -> Rc<AppState> {
    state.reduce(action)
}

const TWO_FUNCTIONS: &str = r#"{"StartAt":"A","States":{
  "A":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:First","Next":"B"},
  "B":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"Second","Payload.$":"$"},"End":true}}}"#;

fn edited() -> Workspace {
    let mut w = Workspace::example();
    w.input = r#"{"who":"Zoë 😀"}"#.into();
    w.functions[0].code = "exports.handler = async (e) => 'hi ' + e.who;".into();
    w.functions[0].timeout_s = 9;
    w.machine_type = MachineType::Express;
    w
}

#[test]
fn a_share_link_opens_the_workspace_without_running_and_keeps_the_previous_work() {
    let shared = edited();
    let link = format!("#{}", asl::share::encode(&shared.to_shared()).unwrap());
    let state = AppState::open(Workspace::example(), Some(&link));
    assert_eq!(state.workspace, shared);
    assert!(state.run.is_none() && state.runs().is_empty());
    assert_eq!(state.previous_work, Some(Workspace::example()));
    assert!(!state.notice.as_ref().unwrap().error);

    let state = reduce(Rc::new(state), Action::RestorePreviousWork);
    assert_eq!(state.workspace, Workspace::example());
    assert!(state.previous_work.is_none() && state.notice.is_none());
}

#[test]
fn a_bad_link_says_why_and_leaves_the_work_alone() {
    let mine = edited();
    for link in ["#v1.not*base64", "#v1.AAAA", "#v9.abc"] {
        let state = AppState::open(mine.clone(), Some(link));
        assert_eq!(state.workspace, mine, "{link}");
        assert!(state.previous_work.is_none());
        let notice = state.notice.clone().unwrap();
        assert!(notice.error);
        assert!(
            notice.text.starts_with("Could not open the shared link."),
            "{}",
            notice.text
        );
        assert!(notice.text.ends_with("Your work is unchanged."));
    }
    // Not a share link at all: no message.
    let state = AppState::open(mine.clone(), Some("#section"));
    assert!(state.notice.is_none());
}

#[test]
fn the_default_role_allows_the_tutorial_and_create_role_covers_new_functions() {
    let state = Rc::new(AppState::default());
    assert!(state.role_problems.is_empty(), "{:?}", state.role_problems);
    assert_eq!(
        state.workspace.role_arn(),
        "arn:aws:iam::123456789012:role/StepFunctions-MapLambda-role"
    );
    let config = state.execution_config("run-1");
    assert_eq!(config.role_arn, state.workspace.role_arn());

    let state = reduce(state, Action::EditDefinition(TWO_FUNCTIONS.into()));
    let codes: Vec<_> = state
        .role_problems
        .iter()
        .map(|p| (p.source, p.code.as_str(), p.is_error()))
        .collect();
    assert_eq!(
        codes,
        [
            (Source::Role, "ROLE_DENIES_INVOKE", false),
            (Source::Role, "ROLE_DENIES_INVOKE", false)
        ]
    );
    assert!(state.role_problems[0].message.contains("First"));
    // Warnings do not stop a run.
    assert!(state.plan_run().is_some());
    // Clicking the problem opens the settings, where the role is.
    assert!(!state.settings_open);
    let state = reduce(state, Action::RevealProblem(Source::Role, (0, 0)));
    assert!(state.settings_open);

    let state = reduce(state, Action::CreateRole);
    assert!(state.role_problems.is_empty());
    let policy: serde_json::Value = serde_json::from_str(&state.workspace.role.policy).unwrap();
    assert_eq!(
        policy["Statement"][0]["Resource"],
        json!([
            "arn:aws:lambda:us-east-1:123456789012:function:First",
            "arn:aws:lambda:us-east-1:123456789012:function:First:*",
            "arn:aws:lambda:us-east-1:123456789012:function:Second",
            "arn:aws:lambda:us-east-1:123456789012:function:Second:*"
        ])
    );
    assert_eq!(state.workspace.role.name, "StepFunctions-MapLambda-role");

    // A policy that is not JSON is an error: nothing runs until it is fixed.
    let state = reduce(state, Action::EditRolePolicy("{".into()));
    assert!(state.role_problems[0].is_error());
    assert!(state.plan_run().is_none());
    let state = reduce(state, Action::SetRoleName("bad name".into()));
    assert_eq!(state.role_problems[0].code, "ROLE_NAME");
}

#[test]
fn account_and_region_move_the_function_arns() {
    let state = Rc::new(AppState::default());
    let state = reduce(
        state,
        Action::Relocate {
            account: "111122223333".into(),
            region: "eu-west-1".into(),
        },
    );
    assert_eq!(state.settings_problem, None);
    let w = &state.workspace;
    assert_eq!(
        (w.account.as_str(), w.region.as_str()),
        ("111122223333", "eu-west-1")
    );
    assert!(w
        .definition
        .contains("arn:aws:lambda:eu-west-1:111122223333:function:HelloFunction"));
    assert!(w
        .role
        .policy
        .contains("arn:aws:lambda:eu-west-1:111122223333:function:HelloFunction"));
    assert!(state.role_problems.is_empty());
    let plan = state.plan_run().unwrap();
    let config = plan.config("x");
    assert_eq!(
        config.role_arn,
        "arn:aws:iam::111122223333:role/StepFunctions-MapLambda-role"
    );
    assert_eq!(config.region, "eu-west-1");

    for (account, region) in [
        ("12", "us-east-1"),
        ("111122223333", "Mars"),
        ("111122223333", "us-east"),
    ] {
        let after = reduce(
            state.clone(),
            Action::Relocate {
                account: account.into(),
                region: region.into(),
            },
        );
        assert!(after.settings_problem.is_some(), "{account} {region}");
        assert_eq!(after.workspace, state.workspace);
    }

    // An example loaded afterwards stays in the chosen account and Region.
    let example = asl_playground::examples::EXAMPLES[1];
    let state = reduce(state, Action::LoadExample(example.workspace()));
    assert_eq!(state.workspace.region, "eu-west-1");
    assert!(state.role_problems.is_empty(), "{:?}", state.role_problems);
}

fn event(id: u64, kind: &str, ms: i64) -> HistoryEvent {
    HistoryEvent {
        id,
        previous_event_id: id.saturating_sub(1),
        timestamp_ms: ms,
        kind: kind.into(),
        details: None,
    }
}

fn run(state: Rc<AppState>, id: u64, status: Status) -> Rc<AppState> {
    let state = reduce(
        state,
        Action::RunStarted {
            id,
            execution_name: format!("run-{id}"),
            definition: None,
            config: None,
        },
    );
    let execution = Execution {
        status,
        output: Some(json!(id)),
        error: None,
        cause: None,
        history: vec![
            event(1, "ExecutionStarted", 1000 * id as i64),
            event(2, "ExecutionSucceeded", 1000 * id as i64 + 250),
        ],
    };
    reduce(state, Action::RunFinished { id, execution })
}

#[test]
fn the_execution_list_keeps_recent_runs_and_opens_any_of_them() {
    let mut state = Rc::new(AppState::default());
    for id in 1..=3 {
        state = run(state, id, Status::Succeeded);
    }
    let ids: Vec<u64> = state.runs().iter().map(|r| r.id).collect();
    assert_eq!(ids, [3, 2, 1]);
    assert_eq!(state.run.as_ref().unwrap().id, 3);

    let state = reduce(state, Action::OpenRun(1));
    let shown = state.run.as_ref().unwrap();
    assert_eq!((shown.id, shown.output.clone()), (1, Some(json!(1))));
    let ids: Vec<u64> = state.runs().iter().map(|r| r.id).collect();
    assert_eq!(ids, [3, 2, 1]);
    // Unknown ids change nothing.
    let again = reduce(state.clone(), Action::OpenRun(99));
    assert_eq!(again.run.as_ref().unwrap().id, 1);

    // A new run is shown; only the last KEPT_RUNS are kept.
    let mut state = state;
    for id in 4..=30 {
        state = run(state, id, Status::Failed);
    }
    assert_eq!(state.runs().len(), KEPT_RUNS);
    assert_eq!(state.run.as_ref().unwrap().id, 30);
    assert_eq!(state.runs().last().unwrap().id, 30 - KEPT_RUNS as u64 + 1);
}

#[test]
fn a_running_execution_keeps_progressing_while_an_older_one_is_shown() {
    let state = run(Rc::new(AppState::default()), 1, Status::Succeeded);
    let state = reduce(
        state,
        Action::RunStarted {
            id: 2,
            execution_name: "run-2".into(),
            definition: None,
            config: None,
        },
    );
    let state = reduce(state, Action::OpenRun(1));
    assert!(state.is_running());
    let state = reduce(
        state,
        Action::RunProgress {
            id: 2,
            events: vec![event(1, "ExecutionStarted", 5)],
            invocations: vec![],
        },
    );
    let running = state.runs().into_iter().find(|r| r.id == 2).unwrap();
    assert_eq!(running.history.len(), 1);
    assert_eq!(state.run.as_ref().unwrap().id, 1);
}

#[test]
fn shared_workspaces_are_sanitised() {
    let mut shared = Workspace::example().to_shared();
    shared.functions.push(shared.functions[0].clone()); // a duplicate name
    shared.functions[0].timeout_seconds = 100_000;
    shared.role = None;
    shared.account.clear();
    let w = Workspace::from_shared(shared);
    assert_eq!(w.functions.len(), 1);
    assert_eq!(w.functions[0].timeout_s, 900);
    assert_eq!(w.account, "123456789012");
    assert_eq!(w.role, Workspace::example().role);
    let _ = Function::starter("x");
}

#[test]
fn the_machine_name_follows_aws_rules() {
    let state = Rc::new(AppState::default());
    let state = reduce(state, Action::SetMachineName("Orders-v2".into()));
    assert_eq!(state.workspace.machine_name, "Orders-v2");
    assert_eq!(state.execution_config("x").state_machine_name, "Orders-v2");
    for bad in ["has space", "", "a:b", &"x".repeat(81)] {
        let after = reduce(state.clone(), Action::SetMachineName(bad.to_string()));
        assert_eq!(after.workspace.machine_name, "Orders-v2", "{bad}");
        assert!(after.settings_problem.is_some(), "{bad}");
    }
    // Non-ASCII is allowed (the settings show AWS's warning).
    let state = reduce(state, Action::SetMachineName("Bestellungen-ü".into()));
    assert_eq!(state.workspace.machine_name, "Bestellungen-ü");
    assert!(state.settings_problem.is_none());
}

/// A share link made from the JSON text `json` (as an older version would have written it).
fn link_of(json: &str) -> String {
    let shared: asl::share::SharedWorkspace = serde_json::from_str(json).unwrap();
    format!("#{}", asl::share::encode(&shared).unwrap())
}

#[test]
fn real_time_and_its_speed_travel_with_the_workspace() {
    // Switched in the page: it is the workspace's (so autosave and links keep it).
    let state = Rc::new(AppState::new(Workspace::example()));
    assert_eq!(state.workspace.time, TimeSettings::default());
    let state = reduce(state, Action::SetRealTime(true));
    let state = reduce(state, Action::SetSpeed(10));
    let time = TimeSettings {
        real_time: true,
        speed: 10,
    };
    assert_eq!(state.workspace.time, time);

    // Saved in the browser and loaded back.
    let saved = state.workspace.settings_json();
    assert_eq!(
        (saved["realTime"].clone(), saved["speed"].clone()),
        (json!(true), json!(10))
    );
    let loaded = Workspace::example().with_saved_settings(&saved);
    assert_eq!(loaded.time, time);
    assert_eq!(loaded, state.workspace);

    // Through a share link, and into another browser.
    let link = format!(
        "#{}",
        asl::share::encode(&state.workspace.to_shared()).unwrap()
    );
    let opened = AppState::open(Workspace::example(), Some(&link));
    assert_eq!(opened.workspace.time, time);
    // Restoring the work the link replaced restores its time settings too.
    let mine = Workspace {
        time: TimeSettings::new(true, 2),
        ..Workspace::example()
    };
    let opened = AppState::open(mine, Some(&link));
    let restored = reduce(Rc::new(opened), Action::RestorePreviousWork);
    assert_eq!(restored.workspace.time, TimeSettings::new(true, 2));

    // An example keeps the time settings, like the account and Region.
    let example = asl_playground::examples::find("map-lambda")
        .unwrap()
        .workspace();
    let state = reduce(state, Action::LoadExample(example));
    assert_eq!(state.workspace.time, time);
}

#[test]
fn saved_work_and_links_from_before_real_time_was_kept_still_load() {
    // Settings saved by an earlier version: no realTime, no speed.
    let old = json!({
        "machineType": "EXPRESS",
        "account": "210987654321",
        "region": "eu-west-1",
        "role": {"name": "Mine", "policy": "{}"},
    });
    let w = Workspace::example().with_saved_settings(&old);
    assert_eq!(w.time, TimeSettings::default());
    assert_eq!(
        (
            w.machine_type,
            w.account.as_str(),
            w.region.as_str(),
            w.role.name.as_str()
        ),
        (MachineType::Express, "210987654321", "eu-west-1", "Mine")
    );
    // Nothing saved at all: the workspace as it was, virtual time.
    assert_eq!(
        Workspace::example().with_saved_settings(&serde_json::Value::Null),
        Workspace::example()
    );
    // A speed the menu does not offer, or a wrong type, is taken as 1×.
    for speed in [json!(0), json!(7), json!(-10), json!("10"), json!(1e12)] {
        let w = Workspace::example()
            .with_saved_settings(&json!({"realTime": true, "speed": speed.clone()}));
        assert_eq!(w.time, TimeSettings::new(true, 1), "{speed}");
    }

    // A link made before the fields existed opens in virtual time, even over real time.
    let mine = reduce(
        Rc::new(AppState::new(Workspace::example())),
        Action::SetRealTime(true),
    );
    let link = link_of(
        r#"{"definition":"{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}","functions":[{"name":"F","code":"x"}]}"#,
    );
    let opened = AppState::open(mine.workspace.clone(), Some(&link));
    assert!(opened.notice.as_ref().is_some_and(|n| !n.error));
    assert_eq!(opened.workspace.time, TimeSettings::default());
    // A hand-made link with an odd speed: real time at 1×.
    let link = link_of(r#"{"definition":"{}","realTime":true,"speed":3}"#);
    let opened = AppState::open(Workspace::example(), Some(&link));
    assert_eq!(opened.workspace.time, TimeSettings::new(true, 1));
}

/// The definition is loaded once per edit, and everything derives from that one load: the
/// run, the functions it calls (the role's problems, "Create a role for me"). A text with
/// errors keeps the last loaded one for the graph, but nothing runs from it.
#[test]
fn one_loaded_definition_per_edit() {
    let state = Rc::new(AppState::default());
    let loaded = state.definition.clone().expect("the example loads");
    assert_eq!(state.loaded_definition(), Some(&loaded));
    assert_eq!(state.called_functions(), ["HelloFunction"]);
    assert_eq!(state.plan_run().expect("runs").definition, loaded);
    let state = reduce(state, Action::EditInput("[]".into()));
    assert_eq!(state.definition.as_ref(), Some(&loaded), "not loaded again");

    let state = reduce(state, Action::EditDefinition(TWO_FUNCTIONS.into()));
    let two = state.definition.clone().expect("loads");
    assert_ne!(two, loaded);
    assert_eq!(state.called_functions(), ["First", "Second"]);

    let state = reduce(state, Action::EditDefinition("{\"StartAt\": ".into()));
    assert_eq!(state.definition.as_ref(), Some(&two));
    assert_eq!(state.loaded_definition(), None);
    assert_eq!(state.called_functions(), ["First", "Second"]);
    // "Create a role for me" covers what the text calls: nothing, while it does not load.
    let state = reduce(state, Action::CreateRole);
    assert!(!state.workspace.role.policy.contains("function:First"));
    let state = reduce(state, Action::EditDefinition(TWO_FUNCTIONS.into()));
    let state = reduce(state, Action::CreateRole);
    assert_eq!(
        state.workspace.role,
        state
            .workspace
            .created_role_for(&["First".into(), "Second".into()])
    );
    assert_eq!(state.workspace.role, state.workspace.created_role());
}

/// One execution configuration, the workspace's: the run's and the inspector's agree.
#[test]
fn the_run_and_the_inspector_share_one_configuration() {
    let state = Rc::new(AppState::default());
    let state = reduce(state, Action::SetMachineType(MachineType::Express));
    let config = state.workspace.execution_config("run-1");
    assert_eq!(config.execution_name, "run-1");
    assert_eq!(config.state_machine_name, "MapLambda");
    assert_eq!(config.machine_type, asl::MachineType::Express);
    assert_eq!(config.role_arn, state.workspace.role_arn());
    assert_eq!(
        state.execution_config("run-1").execution_arn(),
        config.execution_arn()
    );
    let plan = state.plan_run().expect("runs");
    assert_eq!(plan.config("run-1").execution_arn(), config.execution_arn());
    assert_eq!(
        state.workspace.function_arns(&["F".into()]),
        ["arn:aws:lambda:us-east-1:123456789012:function:F"]
    );
}

/// Injected faults are part of the workspace: set in the function panel, autosaved (the
/// functions' serde), carried by share links; links and saves from before they existed
/// still load, without faults.
#[test]
fn injected_faults_travel_with_the_workspace_and_old_links_still_load() {
    use asl::host::faults::{FaultKind, FunctionFaults};
    let state = Rc::new(AppState::new(Workspace::example()));
    assert_eq!(state.workspace.functions[0].faults, None);
    let faults = FunctionFaults::next(FaultKind::ServiceException, 2);
    let state = reduce(state, Action::SetFunctionFaults(Some(faults.clone())));
    assert_eq!(state.workspace.functions[0].faults, Some(faults.clone()));
    // Settings that do not check are refused; the previous ones stay.
    let bad = FunctionFaults {
        rate: Some(0.5),
        ..faults.clone()
    };
    let state = reduce(state, Action::SetFunctionFaults(Some(bad)));
    assert_eq!(state.workspace.functions[0].faults, Some(faults.clone()));

    // Autosave: the function's JSON has them, in the documented shape.
    let saved = serde_json::to_value(&state.workspace.functions[0]).unwrap();
    assert_eq!(
        saved["faults"],
        json!({"error": "Lambda.ServiceException", "next": 2})
    );
    let back: Function = serde_json::from_value(saved).unwrap();
    assert_eq!(back.faults, Some(faults.clone()));
    // A function saved before faults existed loads without any.
    let old: Function =
        serde_json::from_value(json!({"name": "F", "code": "x", "timeout_s": 3})).unwrap();
    assert_eq!(old.faults, None);

    // A share link carries them into another browser.
    let link = format!(
        "#{}",
        asl::share::encode(&state.workspace.to_shared()).unwrap()
    );
    let opened = AppState::open(Workspace::example(), Some(&link));
    assert_eq!(opened.workspace.functions[0].faults, Some(faults));

    // A link from before: no faults. A hand-made one with bad settings: dropped.
    let opened = AppState::open(
        Workspace::example(),
        Some(&link_of(
            r#"{"definition":"{}","functions":[{"name":"F","code":"x"}]}"#,
        )),
    );
    assert_eq!(opened.workspace.functions[0].faults, None);
    let opened = AppState::open(
        Workspace::example(),
        Some(&link_of(
            r#"{"definition":"{}","functions":[{"name":"F","code":"x","faults":{"error":"timeout","rate":7}}]}"#,
        )),
    );
    assert!(opened.notice.as_ref().is_some_and(|n| !n.error));
    assert_eq!(opened.workspace.functions[0].faults, None);
}

#[test]
fn a_mock_may_answer_with_a_fixed_answer_that_links_carry() {
    use asl::host::fixed::FixedAnswer;
    let fixed = FixedAnswer::Response {
        response: json!({"MessageId": "m-1"}),
    };
    // A Lambda function has no fixed answer.
    let state = reduce(
        Rc::new(AppState::default()),
        Action::SetMockAnswer(Some(fixed.clone())),
    );
    assert_eq!(state.workspace.functions[0].fixed, None);
    let state = reduce(
        state,
        Action::AddFunction("arn:aws:states:::sqs:sendMessage".into()),
    );
    let state = reduce(state, Action::SetMockAnswer(Some(fixed.clone())));
    let mock = state.selected().unwrap();
    assert_eq!(mock.fixed, Some(fixed.clone()));
    assert_eq!(
        mock.source(),
        "exports.handler = async () => ({\"MessageId\":\"m-1\"});\n"
    );
    let link = format!(
        "#{}",
        asl::share::encode(&state.workspace.to_shared()).unwrap()
    );
    let opened = AppState::open(Workspace::example(), Some(&link));
    assert_eq!(opened.workspace.functions, state.workspace.functions);
    // Back to its code.
    let state = reduce(state, Action::SetMockAnswer(None));
    assert_eq!(
        state.selected().unwrap().source(),
        state.selected().unwrap().code
    );
}
