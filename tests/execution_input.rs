//! The page starts an execution from the input as the user typed it: the history records
//! that text verbatim in `ExecutionStarted` and the first `…StateEntered`, as AWS records
//! StartExecution's input (not the input re-serialised).

use std::rc::Rc;

#[allow(dead_code)] // Only its `Hello` runner is used here.
mod common;

use asl::host::{SplitMix64, VirtualClock};
use asl_playground::runtime::execution::execute;
use asl_playground::state::{Action, AppState};
use serde_json::json;
use yew::Reducible;

#[test]
fn the_page_records_the_input_as_typed() {
    let typed = "[ { \"who\" :\"bob\" } ]";
    let state = Rc::new(AppState::default()).reduce(Action::EditInput(typed.into()));
    let plan = state.plan_run().expect("the example runs");
    let config = plan.config("run-1");
    let (clock, rng) = (VirtualClock::new(0), SplitMix64::new(1));
    let host = asl::Host::new(&common::Hello, &clock, &rng);
    let execution = asl::block_on(execute(plan, &config, host));
    assert_eq!(execution.status, asl::Status::Succeeded);
    assert_eq!(execution.output, Some(json!(["Hello, bob!"])));
    let started = &execution.history[0];
    assert_eq!(started.kind, "ExecutionStarted");
    assert_eq!(started.detail("input"), Some(&json!(typed)));
    let entered = &execution.history[1];
    assert_eq!(entered.kind, "MapStateEntered");
    assert_eq!(entered.detail("input"), Some(&json!(typed)));
}
