//! Functions' saved test events: named, editable, kept with the workspace and in share links;
//! work saved before they existed gets a default one.

use std::rc::Rc;

use asl_playground::state::{Action, AppState, Function, TestEvent, Workspace, EXAMPLE_TEST_EVENT};
use yew::Reducible;

fn reduce(state: Rc<AppState>, action: Action) -> Rc<AppState> {
    state.reduce(action)
}

#[test]
fn the_tutorial_function_comes_with_its_test_event() {
    let state = AppState::default();
    let e = state.selected_test_event().unwrap();
    assert_eq!(e.name, "HelloFunction");
    assert_eq!(e.event, EXAMPLE_TEST_EVENT);
}

#[test]
fn create_rename_edit_select_delete() {
    let state = Rc::new(AppState::default());
    let state = reduce(state, Action::AddTestEvent);
    assert_eq!(state.selected_test_event, 1);
    assert_eq!(state.selected_test_event().unwrap().name, "MyEvent1");
    // A copy of the event it was made from.
    assert_eq!(
        state.selected_test_event().unwrap().event,
        EXAMPLE_TEST_EVENT
    );
    let state = reduce(state, Action::RenameTestEvent(" Meg ".into()));
    let state = reduce(state, Action::EditTestEvent(r#"{"who":"meg"}"#.into()));
    let events = &state.workspace.functions[0].test_events;
    assert_eq!(events[1], TestEvent::new("Meg", r#"{"who":"meg"}"#));
    assert_eq!(events[0].event, EXAMPLE_TEST_EVENT);

    // Refused names leave the event as it was, and say why.
    for bad in ["HelloFunction", "", "has space", "x".repeat(26).as_str()] {
        let after = reduce(state.clone(), Action::RenameTestEvent(bad.into()));
        assert!(after.test_event_problem.is_some(), "{bad:?}");
        assert_eq!(after.selected_test_event().unwrap().name, "Meg");
    }

    let state = reduce(state, Action::SelectTestEvent(0));
    assert_eq!(state.selected_test_event().unwrap().name, "HelloFunction");
    let state = reduce(state, Action::SelectTestEvent(7));
    assert_eq!(state.selected_test_event, 0);

    let state = reduce(state, Action::RemoveTestEvent);
    assert_eq!(state.workspace.functions[0].test_events.len(), 1);
    assert_eq!(state.selected_test_event().unwrap().name, "Meg");
    // The last one stays.
    let state = reduce(state, Action::RemoveTestEvent);
    assert_eq!(state.workspace.functions[0].test_events.len(), 1);
}

#[test]
fn each_function_has_its_own_events() {
    let state = Rc::new(AppState::default());
    let state = reduce(state, Action::AddFunction("Other".into()));
    assert_eq!(state.selected_test_event, 0);
    assert_eq!(
        state.selected_test_event().unwrap(),
        &TestEvent::new("Other", "{}")
    );
    let state = reduce(state, Action::EditTestEvent(r#"{"n":1}"#.into()));
    let state = reduce(state, Action::SelectFunction(0));
    assert_eq!(
        state.selected_test_event().unwrap().event,
        EXAMPLE_TEST_EVENT
    );
    assert_eq!(
        state.workspace.functions[1].test_events[0].event,
        r#"{"n":1}"#
    );
}

#[test]
fn saved_work_without_test_events_gets_the_default() {
    let saved: Vec<Function> = serde_json::from_str(
        r#"[{"name":"HelloFunction","code":"x","timeout_s":3},{"name":"F","code":"y"}]"#,
    )
    .unwrap();
    let mut w = Workspace::example();
    w.functions = saved;
    let state = AppState::new(w);
    let f = &state.workspace.functions;
    assert_eq!(
        f[0].test_events,
        [TestEvent::new("HelloFunction", EXAMPLE_TEST_EVENT)]
    );
    assert_eq!(f[1].test_events, [TestEvent::new("F", "{}")]);
    // And saved work with them keeps them.
    let json = serde_json::to_string(f).unwrap();
    let back: Vec<Function> = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, f);
}

#[test]
fn share_links_carry_test_events() {
    let state = reduce(Rc::new(AppState::default()), Action::AddTestEvent);
    let state = reduce(state, Action::EditTestEvent(r#"{"who":"link"}"#.into()));
    let link = asl::share::encode(&state.workspace.to_shared()).unwrap();
    let opened = AppState::open(Workspace::example(), Some(&link));
    assert_eq!(
        opened.workspace.functions[0].test_events,
        state.workspace.functions[0].test_events
    );

    // A link from before test events existed.
    let mut old = state.workspace.to_shared();
    old.functions[0].test_events.clear();
    let opened = AppState::open(
        Workspace::example(),
        Some(&asl::share::encode(&old).unwrap()),
    );
    assert_eq!(
        opened.workspace.functions[0].test_events,
        [TestEvent::new("HelloFunction", EXAMPLE_TEST_EVENT)]
    );
}
