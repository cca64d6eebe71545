//! Stepping one history event at a time, natively: the reducer's cursor over a real history of
//! the tutorial (the interpreter with a fake Lambda runner), fed to the reducer the way the
//! page gets it — everything up to each pause — and the views derived as of the cursor.

use std::rc::Rc;

mod common;

use asl::graph::state_statuses;
use asl::{Execution, HistoryEvent, Status};
use asl_playground::state::{
    event_state, next_boundary, Action, AppState, Run, StepEffect, StepKind, EXAMPLE_DEFINITION,
    EXAMPLE_INPUT,
};
use serde_json::json;
use yew::Reducible;

fn tutorial() -> Execution {
    let definition = asl::load(EXAMPLE_DEFINITION).unwrap();
    let input = asl::parse_json(EXAMPLE_INPUT).unwrap();
    let config = asl::ExecutionConfig::new("MapLambda", "run-1");
    common::run(&definition, input, &config).0
}

/// The page's side of one execution: the reducer, fed what the execution records up to each
/// pause (stepping pauses before every state; the events a pause sees are those before a
/// `…StateEntered`).
struct Page {
    state: Rc<AppState>,
    execution: Execution,
    /// Events handed to the page so far.
    recorded: usize,
}

impl Page {
    fn start(execution: Execution, breakpoint: bool) -> Self {
        let mut page = Self {
            state: Rc::new(AppState::default()),
            execution,
            recorded: 0,
        };
        page.act(Action::RunStarted {
            id: 1,
            execution_name: "run-1".into(),
            definition: None,
            config: None,
        });
        if breakpoint {
            // Runs freely to the breakpoint on CallLambda (before its TaskStateEntered).
            page.run_to_pause(4);
        }
        page
    }

    fn act(&mut self, action: Action) {
        self.state = self.state.clone().reduce(action);
    }

    fn run(&self) -> &Run {
        self.state.run.as_ref().unwrap()
    }

    /// The execution goes on until it has recorded `to` events: it pauses there (before a
    /// state) or ends.
    fn run_to_pause(&mut self, to: usize) {
        let events = self.execution.history[self.recorded..to].to_vec();
        self.act(Action::RunProgress {
            id: 1,
            events,
            invocations: vec![],
        });
        self.recorded = to;
        match self.execution.history.get(to).cloned() {
            Some(next) => {
                let name = next.detail("name").unwrap().as_str().unwrap().to_string();
                self.act(Action::RunPaused {
                    id: 1,
                    states: vec![name],
                });
            }
            None => {
                let execution = self.execution.clone();
                self.act(Action::RunFinished { id: 1, execution });
            }
        }
    }

    /// Presses Step or Step event, as the app does: the effect, then the action.
    fn step(&mut self, kind: StepKind) {
        match self.state.step_effect() {
            StepEffect::Reveal => {}
            StepEffect::Release => {
                let to = next_boundary(&self.execution.history, self.recorded);
                self.act(Action::RunPaused {
                    id: 1,
                    states: vec![],
                });
                self.act(Action::Step(kind));
                self.run_to_pause(to);
                return;
            }
            StepEffect::Start => panic!("already started"),
        }
        self.act(Action::Step(kind));
    }

    /// What the page shows: the history's types, the graph's statuses, the tree's size.
    fn shown(&self) -> (Vec<String>, String, String, usize) {
        let run = self.run().as_of();
        let tree = asl::execution_tree(&run.history.items());
        let statuses = state_statuses(&tree);
        let status = |s: &str| statuses.get(s).copied().unwrap_or("NOT_RUN").to_string();
        fn size(n: &asl::TreeNode) -> usize {
            1 + n.children.iter().map(|c| size(c)).sum::<usize>()
        }
        let kinds = run.history.items().iter().map(|e| e.kind.clone()).collect();
        (
            kinds,
            status("ExampleMapState"),
            status("CallLambda"),
            size(&tree),
        )
    }
}

#[test]
fn step_event_from_the_start_shows_the_tutorial_one_event_at_a_time() {
    let execution = tutorial();
    // The sequence itself is checked in crates/asl/tests/machines.rs.
    let types: Vec<String> = execution.history.iter().map(|e| e.kind.clone()).collect();
    assert_eq!(types.len(), 27);
    let mut page = Page::start(execution, false);
    // Step event with nothing running starts paused before the first state, at event 1.
    page.act(Action::Step(StepKind::Event));
    page.run_to_pause(1);
    assert_eq!(
        page.run().debug_status().as_deref(),
        Some("Paused before ExampleMapState")
    );
    let mut tree_sizes = vec![];
    for n in 1..=27 {
        if n > 1 {
            page.step(StepKind::Event);
        }
        let (shown, map, call, tree) = page.shown();
        assert_eq!(shown, types[..n], "after step {n}");
        // Each status changes exactly with the event that causes it.
        let map_expected = match n {
            1 => "NOT_RUN",
            2..=25 => "IN_PROGRESS",
            _ => "SUCCEEDED",
        };
        assert_eq!(map, map_expected, "ExampleMapState after event {n}");
        let call_expected = match n {
            1..=4 => "NOT_RUN",
            5..=8 | 12..=15 | 19..=22 => "IN_PROGRESS",
            _ => "SUCCEEDED",
        };
        assert_eq!(call, call_expected, "CallLambda after event {n}");
        tree_sizes.push(tree);
        let ended = page.run().as_of().status;
        assert_eq!(ended == Status::Succeeded, n == 27, "after event {n}");
    }
    assert!(
        tree_sizes.windows(2).all(|w| w[0] <= w[1]),
        "{tree_sizes:?}"
    );
    assert!(tree_sizes[26] > tree_sizes[0] + 8, "{tree_sizes:?}");
    let run = page.run().as_of();
    assert_eq!(
        run.output,
        Some(json!(["Hello, bob!", "Hello, meg!", "Hello, joe!"]))
    );
    assert_eq!(page.run().debug_status(), None);
}

#[test]
fn the_status_line_says_which_event_of_how_many() {
    let mut page = Page::start(tutorial(), true);
    assert_eq!(page.run().shown(), 4);
    assert_eq!(
        page.run().debug_status().as_deref(),
        Some("Paused before CallLambda")
    );
    // Nothing held back: Step event lets the execution go on, and shows its first new event.
    assert_eq!(page.state.step_effect(), StepEffect::Release);
    page.step(StepKind::Event);
    assert_eq!((page.run().shown(), page.run().history.len()), (5, 11));
    assert_eq!(
        page.run().debug_status().as_deref(),
        Some("Paused after event 5 of 11 recorded: TaskStateEntered (CallLambda)")
    );
    assert_eq!(page.state.step_effect(), StepEffect::Reveal);
    page.step(StepKind::Event);
    page.step(StepKind::Event);
    assert_eq!(
        page.run().debug_status().as_deref(),
        Some("Paused after event 7 of 11 recorded: LambdaFunctionStarted (CallLambda)")
    );
    assert!(page.run().waiting_before().is_empty());
    assert!(page.state.can_step() && page.state.can_continue());
    assert_eq!(page.run().as_of().status, Status::Running);
}

#[test]
fn step_state_reveals_up_to_the_next_state_then_runs_one() {
    let mut page = Page::start(tutorial(), true);
    page.step(StepKind::Event);
    page.step(StepKind::Event);
    assert_eq!(page.run().shown(), 6);
    // The rest of iteration 0 is recorded: Step shows it all, up to the pause.
    page.step(StepKind::State);
    assert_eq!(page.run().shown(), 11);
    assert_eq!(page.run().cursor, None);
    assert_eq!(
        page.run().debug_status().as_deref(),
        Some("Paused before CallLambda")
    );
    // Nothing held back: Step runs one state (iteration 1's CallLambda) and shows it all.
    page.step(StepKind::State);
    assert_eq!(page.run().shown(), 18);
    assert_eq!(page.shown().2, "SUCCEEDED");
    // Continue shows everything: the end, with the output.
    page.act(Action::RevealAll);
    page.run_to_pause(27);
    let run = page.run().as_of();
    assert_eq!(run.status, Status::Succeeded);
    assert_eq!(run.history.len(), 27);
    assert!(!page.state.can_continue());
}

#[test]
fn a_finished_run_steps_state_by_state_through_what_it_recorded() {
    let mut page = Page::start(tutorial(), false);
    page.act(Action::Step(StepKind::Event));
    page.run_to_pause(27);
    assert_eq!(page.run().status, Status::Succeeded);
    assert_eq!(page.run().shown(), 1);
    assert_eq!(page.state.step_effect(), StepEffect::Reveal);
    let mut stops = vec![];
    while page.run().held_back() > 0 {
        page.act(Action::Step(StepKind::State));
        stops.push((page.run().shown(), page.run().waiting_before()));
    }
    let before = |s: &str| vec![s.to_string()];
    assert_eq!(
        stops,
        [
            (4, before("CallLambda")),
            (11, before("CallLambda")),
            (18, before("CallLambda")),
            (27, vec![]),
        ]
    );
    // Nothing held back and nothing running: a step starts a new execution.
    assert_eq!(page.state.step_effect(), StepEffect::Start);
    assert!(page.state.can_step() && !page.state.can_continue());
    // A step with nothing to reveal changes nothing.
    let before_step = page.run().clone();
    page.act(Action::Step(StepKind::Event));
    assert_eq!(*page.run(), before_step);
}

#[test]
fn stop_shows_everything_with_the_abort() {
    let mut page = Page::start(tutorial(), true);
    page.step(StepKind::Event);
    assert!(page.run().held_back() > 0);
    page.act(Action::RunAborted { id: 1 });
    let run = page.run().as_of();
    assert_eq!(run.status, Status::Aborted);
    assert_eq!(run.history.len(), 12);
    assert_eq!(run.history.items()[11].kind, "ExecutionAborted");
    assert_eq!(page.run().debug_status(), None);
}

#[test]
fn an_event_belongs_to_the_state_it_follows_from() {
    let history = tutorial().history;
    let state = |k: usize| event_state(&history, k);
    assert_eq!(state(0), None, "ExecutionStarted");
    assert_eq!(state(1), Some("ExampleMapState"));
    assert_eq!(state(2), Some("ExampleMapState"), "MapStateStarted");
    assert_eq!(state(5), Some("CallLambda"), "LambdaFunctionScheduled");
    assert_eq!(state(7), Some("CallLambda"), "LambdaFunctionSucceeded");
    assert_eq!(state(26), None, "ExecutionSucceeded");
    assert_eq!(state(27), None, "past the end");
    // A broken chain (an id pointing forward, a missing event) ends the search.
    let odd = |id, previous_event_id| HistoryEvent {
        id,
        previous_event_id,
        timestamp_ms: 0,
        kind: "LambdaFunctionStarted".into(),
        details: None,
    };
    assert_eq!(event_state(&[odd(1, 5)], 0), None);
    assert_eq!(event_state(&[odd(3, 2)], 0), None);
    // A Parallel's own events belong to it, not to the last state of its last branch.
    let named = |id: u64, kind: &str, name: Option<&str>| HistoryEvent {
        id,
        previous_event_id: id - 1,
        timestamp_ms: 0,
        kind: kind.into(),
        details: name.map(|n| ("stateEnteredEventDetails".into(), json!({ "name": n }))),
    };
    let parallel = [
        named(1, "ParallelStateEntered", Some("Fulfil")),
        named(2, "ParallelStateStarted", None),
        named(3, "ParallelStateEntered", Some("Inner")),
        named(4, "ParallelStateStarted", None),
        named(5, "TaskStateEntered", Some("Charge")),
        named(6, "TaskStateAborted", None),
        named(7, "ParallelStateFailed", None),
        named(8, "ParallelStateExited", Some("Inner")),
        named(9, "ParallelStateSucceeded", None),
    ];
    let owners: Vec<_> = (0..9).map(|k| event_state(&parallel, k)).collect();
    assert_eq!(
        owners,
        [
            Some("Fulfil"),
            Some("Fulfil"),
            Some("Inner"),
            Some("Inner"),
            Some("Charge"),
            Some("Charge"),
            Some("Inner"),
            Some("Inner"),
            Some("Fulfil"),
        ]
    );
    assert_eq!(next_boundary(&history, 27), 27);
    assert_eq!(next_boundary(&[], 0), 0);
}
