//! Runs one execution in the page: the interpreter with the Worker-backed Lambda runner, a
//! virtual clock, and an observer that streams history events into the app state (batched,
//! so a long history does not re-render once per event).

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use asl::host::{SplitMix64, VirtualClock};
use asl::{ExecutionConfig, HistoryEvent, Host, Observer};
use futures::future::{AbortHandle, Abortable};
use gloo::timers::callback::Timeout;
use wasm_bindgen_futures::spawn_local;
use yew::Callback;

use crate::bindings::browser;
use crate::runtime::lambda::{LambdaRunner, DEFAULT_TIMEOUT_MS};
use crate::runtime::pool::WorkerPool;
use crate::state::{self, Action, RunPlan};

/// How often live history events are handed to the page, in milliseconds.
const FLUSH_MS: u32 = 40;

struct LiveObserver {
    id: u64,
    dispatch: Callback<Action>,
    pending: Rc<RefCell<Vec<HistoryEvent>>>,
    scheduled: Rc<Cell<bool>>,
}

impl LiveObserver {
    fn flush(pending: &RefCell<Vec<HistoryEvent>>, id: u64, dispatch: &Callback<Action>) {
        let events = std::mem::take(&mut *pending.borrow_mut());
        if !events.is_empty() {
            dispatch.emit(Action::RunEvents { id, events });
        }
    }
}

impl Observer for LiveObserver {
    fn on_event(&self, event: &HistoryEvent) {
        self.pending.borrow_mut().push(event.clone());
        if !self.scheduled.replace(true) {
            let (pending, scheduled) = (self.pending.clone(), self.scheduled.clone());
            let (id, dispatch) = (self.id, self.dispatch.clone());
            Timeout::new(FLUSH_MS, move || {
                scheduled.set(false);
                LiveObserver::flush(&pending, id, &dispatch);
            })
            .forget();
        }
    }
}

/// A running execution, to stop it.
pub struct RunHandle {
    id: u64,
    abort: AbortHandle,
}

impl RunHandle {
    /// Stops the execution: its future is dropped (a handler still running has its Worker
    /// terminated) and the run ends as ABORTED.
    pub fn stop(&self, dispatch: &Callback<Action>) {
        self.abort.abort();
        dispatch.emit(Action::RunAborted { id: self.id });
    }
}

/// Starts an execution of `plan`; progress and the end arrive as [`Action`]s on `dispatch`.
pub fn start(plan: RunPlan, pool: WorkerPool, dispatch: Callback<Action>) -> RunHandle {
    let id = plan.run_id;
    let execution_name = state::uuid_v4(browser::random_u64(), browser::random_u64());
    dispatch.emit(Action::RunStarted {
        id,
        execution_name: execution_name.clone(),
    });
    let (abort, registration) = AbortHandle::new_pair();
    let run = async move {
        let on_invocation = {
            let dispatch = dispatch.clone();
            move |record| dispatch.emit(Action::RunInvocation { id, record })
        };
        let runner = LambdaRunner::new(pool, plan.functions, DEFAULT_TIMEOUT_MS, on_invocation);
        let clock = VirtualClock::new(browser::now_ms() as i64);
        let rng = SplitMix64::new(browser::random_u64());
        let observer = LiveObserver {
            id,
            dispatch: dispatch.clone(),
            pending: Rc::default(),
            scheduled: Rc::default(),
        };
        let config = ExecutionConfig::new(&plan.machine_name, &execution_name);
        let host = Host {
            tasks: &runner,
            clock: &clock,
            rng: &rng,
            observer: Some(&observer),
        };
        let execution = asl::execute(&plan.definition, plan.input, &config, host).await;
        LiveObserver::flush(&observer.pending, id, &dispatch);
        dispatch.emit(Action::RunFinished { id, execution });
    };
    spawn_local(async move {
        let _ = Abortable::new(run, registration).await;
    });
    RunHandle { id, abort }
}
