//! Runs an exercise's run checks in the page (**Check my work**): each planned execution on
//! the handler Worker pool, one after the other, on virtual time, its history kept for the
//! judge. Nothing goes to the executions list: a check's run is not the attendee's. The
//! main thread is handed back every few milliseconds ([`Slicer`]), so the page keeps
//! responding however long the checks take. A task that waits for a token gets only what
//! its handler answered (nobody answers in the page during a check).

use asl::host::{LocalBoxFuture, SplitMix64, VirtualClock};
use asl::{Execution, Host, Observer};
use yew::Callback;

use crate::bindings::browser;
use crate::runtime::callbacks::HandlerAnswersOnly;
use crate::runtime::execution::{execute, starting_objects, with_faults, Slicer};
use crate::runtime::lambda::LambdaRunner;
use crate::runtime::machines::PageMachines;
use crate::runtime::pool::WorkerPool;
use crate::state::RunPlan;

/// Observes a check's execution only to take turns with the page.
struct Turns(Slicer);

impl Observer for Turns {
    fn on_event(&self, _event: &asl::HistoryEvent) {}

    fn before_state(&self, _state_name: &str) -> Option<LocalBoxFuture<'_, ()>> {
        self.0.end_of_slice(false)
    }

    fn take_turn(&self) -> Option<LocalBoxFuture<'_, ()>> {
        self.0.end_of_slice(true)
    }
}

/// Runs each plan to its end, in order; the executions keep their histories.
pub async fn run_all(plans: Vec<RunPlan>, pool: WorkerPool) -> Vec<Execution> {
    let mut done = Vec::with_capacity(plans.len());
    for plan in plans {
        done.push(run_one(plan, pool.clone()).await);
    }
    done
}

async fn run_one(mut plan: RunPlan, pool: WorkerPool) -> Execution {
    let name = plan
        .execution_name
        .clone()
        .unwrap_or_else(|| asl::uuid(&browser::Random));
    let runner = LambdaRunner::new(pool, plan.functions.clone(), |_| {})
        .with_role(&plan.account, &plan.role);
    let clock = VirtualClock::new(browser::now_ms() as i64);
    let rng = SplitMix64::new(browser::random_u64());
    let runner = with_faults(&runner, &plan, &rng, &clock);
    let mut config = plan.config(&name);
    config.keep_history = true;
    let objects = starting_objects(&plan);
    // Nested executions run, but stay out of the page's lists.
    let machines = PageMachines::new(
        plan.run_id,
        std::mem::take(&mut plan.machines),
        &config,
        Callback::noop(),
    );
    let turns = Turns(Slicer::new());
    let host = Host {
        observer: Some(&turns),
        callbacks: Some(&HandlerAnswersOnly),
        objects: Some(&objects),
        machines: Some(&machines),
        ..Host::new(&runner, &clock, &rng)
    };
    execute(plan, &config, host).await
}
