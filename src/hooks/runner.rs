//! [`use_runner`]: starts executions on the handler Worker pool and drives the debugger
//! (step, continue, stop, breakpoints); also runs a function's test event.

use yew::prelude::*;

use crate::runtime::debugger::Debugger;
use crate::runtime::pool::{machine_size, WorkerPool, HANDLER_HOST_URL};
use crate::runtime::test_state::TestOutcome;
use crate::runtime::{execution, function_test, test_state};
use crate::state::{Action, AppState, StepEffect, StepKind};

/// What the page can ask of the runner (each callback built for the current state).
#[derive(Clone, PartialEq)]
pub struct Runner {
    /// Starts an execution of the workspace (refused while one runs or errors stand).
    pub on_run: Callback<()>,
    /// Steps one event or one state: reveals what the shown run holds back, else lets the
    /// paused execution go on, else starts one paused before its first state.
    pub on_step: Callback<StepKind>,
    /// Lets the paused execution run on, and shows every event.
    pub on_continue: Callback<()>,
    /// Stops the running execution.
    pub on_stop: Callback<()>,
    /// Runs the selected function on its selected test event.
    pub on_test: Callback<()>,
    /// Answers the running execution's task waiting with this token.
    pub on_answer: Callback<(String, asl::host::callback::Answer)>,
    /// Runs one state of the workspace's definition alone (TestState); the callback gets
    /// the outcome.
    pub on_test_state: Callback<(asl::test_state::TestStateRequest, Callback<TestOutcome>)>,
    /// Runs an exercise's checks' executions, one after the other, off the executions list;
    /// the callback gets them, in order, with their histories.
    pub on_check: Callback<(Vec<crate::state::RunPlan>, Callback<Vec<asl::Execution>>)>,
}

/// The runner of `state`'s executions, dispatching their progress through `dispatch`.
#[hook]
pub fn use_runner(state: &UseReducerHandle<AppState>, dispatch: &Callback<Action>) -> Runner {
    let pool = use_memo((), |_| {
        let pool = WorkerPool::new(HANDLER_HOST_URL, machine_size());
        pool.warm_up();
        pool
    });
    let run_handle = use_mut_ref(|| None::<execution::RunHandle>);
    // After every render of the page (effects run once all of it is drawn): how long the
    // views took over the last progress, which paces the next.
    use_effect(execution::views_rendered);
    // Starts an execution; `stepping` pauses it before its first state.
    let start_run = {
        let (state, pool, dispatch) = (state.clone(), pool.clone(), dispatch.clone());
        let run_handle = run_handle.clone();
        Callback::from(move |stepping: bool| {
            if state.is_running() {
                return;
            }
            match state.plan_run() {
                Some(plan) => {
                    let debugger = Debugger::new((*state.breakpoints).clone(), stepping);
                    let handle =
                        execution::start(plan, (*pool).clone(), dispatch.clone(), debugger);
                    *run_handle.borrow_mut() = Some(handle);
                }
                None => dispatch.emit(Action::RunRefused),
            }
        })
    };
    let on_run = start_run.reform(|()| false);
    let on_step = {
        let (state, dispatch, run_handle) = (state.clone(), dispatch.clone(), run_handle.clone());
        Callback::from(move |kind: StepKind| {
            match state.step_effect() {
                StepEffect::Reveal => {}
                StepEffect::Release => match (&*run_handle.borrow(), kind) {
                    (Some(handle), StepKind::Event) => handle.step_event(),
                    (Some(handle), StepKind::State) => handle.step(),
                    (None, _) => {}
                },
                StepEffect::Start => start_run.emit(true),
            }
            dispatch.emit(Action::Step(kind));
        })
    };
    let on_continue = {
        let (dispatch, run_handle) = (dispatch.clone(), run_handle.clone());
        Callback::from(move |()| {
            if let Some(handle) = &*run_handle.borrow() {
                handle.resume();
            }
            dispatch.emit(Action::RevealAll);
        })
    };
    {
        let run_handle = run_handle.clone();
        use_effect_with(state.breakpoints.clone(), move |breakpoints| {
            if let Some(handle) = &*run_handle.borrow() {
                handle.set_breakpoints((**breakpoints).clone());
            }
        });
    }
    let on_answer = {
        let run_handle = run_handle.clone();
        Callback::from(
            move |(token, answer): (String, asl::host::callback::Answer)| {
                if let Some(handle) = &*run_handle.borrow() {
                    handle.answer(&token, answer);
                }
            },
        )
    };
    let on_test_state = {
        let (state, pool) = (state.clone(), pool.clone());
        Callback::from(
            move |(mut request, done): (
                asl::test_state::TestStateRequest,
                Callback<TestOutcome>,
            )| {
                let w = &state.workspace;
                request.definition.clone_from(&w.definition);
                test_state::start(
                    (*pool).clone(),
                    w.functions.clone(),
                    w.execution_config("test-state"),
                    request,
                    done,
                );
            },
        )
    };
    let on_check = {
        let pool = pool.clone();
        Callback::from(
            move |(plans, done): (Vec<crate::state::RunPlan>, Callback<Vec<asl::Execution>>)| {
                let pool = (*pool).clone();
                wasm_bindgen_futures::spawn_local(async move {
                    done.emit(crate::runtime::checks::run_all(plans, pool).await);
                });
            },
        )
    };
    let on_stop = Callback::from(move |()| {
        if let Some(handle) = run_handle.borrow_mut().take() {
            handle.stop();
        }
    });
    let on_test = {
        let (state, dispatch) = (state.clone(), dispatch.clone());
        Callback::from(move |()| {
            let Some(f) = state.selected() else { return };
            let event = state
                .selected_test_event()
                .map_or("{}", |e| e.event.as_str());
            function_test::start((*pool).clone(), f.clone(), event, dispatch.clone());
        })
    };
    Runner {
        on_run,
        on_step,
        on_continue,
        on_stop,
        on_test,
        on_answer,
        on_test_state,
        on_check,
    }
}
