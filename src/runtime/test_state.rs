//! TestState in the page: one state of the workspace's definition run alone
//! ([`asl::test_state`]), its Tasks calling the workspace's functions and mocks in the
//! handler Workers (unless the test mocks the Task).

use asl::host::{SplitMix64, VirtualClock};
use asl::test_state::{TestStateRequest, TestStateResult};
use asl::{Diagnostic, ExecutionConfig, Host};
use wasm_bindgen_futures::spawn_local;
use yew::Callback;

use crate::bindings::browser;
use crate::runtime::lambda::LambdaRunner;
use crate::runtime::pool::WorkerPool;
use crate::state::Function;

/// What a test gave: TestState's answer, or why the state could not be tested.
pub type TestOutcome = Result<TestStateResult, Vec<Diagnostic>>;

/// Runs `request` with the workspace's `functions` and `config`; `done` gets the outcome.
pub fn start(
    pool: WorkerPool,
    functions: Vec<Function>,
    config: ExecutionConfig,
    request: TestStateRequest,
    done: Callback<TestOutcome>,
) {
    spawn_local(async move {
        let runner = LambdaRunner::new(pool, functions, |_| {});
        let clock = VirtualClock::new(browser::now_ms() as i64);
        let rng = SplitMix64::new(browser::random_u64());
        let host = Host::new(&runner, &clock, &rng);
        done.emit(asl::test_state::test_state(&request, &config, host).await);
    });
}
