//! Runs one execution in the page: the interpreter with the Worker-backed Lambda runner, a
//! virtual clock, and an observer that streams history events and invocation records into
//! the app state, at most once per animation frame (all that was recorded since the last
//! hand-over in one [`Action::RunProgress`], so the views re-render at most once a frame however
//! fast events come), and paced: when the views took long to draw a hand-over, the next one
//! waits `VIEW_PACE` times as long, so that they take at most a quarter of the main thread
//! from the execution.

use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

use asl::host::callback::Answer;
use asl::host::faults::{FaultPlan, FaultyRunner};
use asl::host::objects::MemoryObjects;
use asl::host::{Clock, LocalBoxFuture, SplitMix64, VirtualClock};
use asl::map_run::MapRunReport;
use asl::{Execution, ExecutionConfig, HistoryEvent, Host, Observer};
use futures::future::{AbortHandle, Abortable, FutureExt, Shared};
use gloo::timers::callback::Timeout;
use wasm_bindgen_futures::spawn_local;
use yew::Callback;

use crate::bindings::browser;
use crate::runtime::callbacks::{Answers, PageCallbacks};
use crate::runtime::clock::RealClock;
use crate::runtime::debugger::Debugger;
use crate::runtime::lambda::LambdaRunner;
use crate::runtime::machines::PageMachines;
use crate::runtime::pool::WorkerPool;
use crate::state::{Action, InvocationRecord, RunPlan, S3Object};

/// While the page is hidden (the browser draws no frames), how often progress is handed to it
/// instead, in milliseconds.
const HIDDEN_FLUSH_MS: i32 = 250;
/// After a hand-over that took the views `t` ms to take in (the reducer and the render), the
/// next waits at least `VIEW_PACE × t` ms: the views get at most 1 / (1 + VIEW_PACE) of the main
/// thread while an execution runs (a small one still updates every frame).
const VIEW_PACE: f64 = 3.0;
/// The longest pause [`VIEW_PACE`] makes, in ms: what a render took is timed up to the
/// effect that ends it, so it also holds the execution's work between the tasks Yew splits a
/// large render into (more on a busy machine), and the page must still show the run moving
/// a few times a second.
const MAX_PAUSE_MS: f64 = 250.0;
/// How long a hand-over may wait for the views to finish drawing the previous one, in ms.
const VIEWS_WAIT_MS: f64 = 1000.0;
/// How often it looks whether they have, in ms.
const VIEWS_POLL_MS: u32 = 4;

thread_local! {
    /// When the page last finished drawing ([`browser::monotonic_ms`]).
    static VIEWS_DRAWN_AT: Cell<f64> = const { Cell::new(0.0) };
}

/// Notes that the page has finished drawing: the app calls it from an effect, which Yew runs
/// once every component of a render is drawn. Paces the hand-overs of progress.
pub fn views_rendered() {
    VIEWS_DRAWN_AT.with(|t| t.set(browser::monotonic_ms()));
}

/// How long the execution may hold the main thread before it lets the page take a turn (draw,
/// take input), in ms: states that wait for nothing (Pass, Choice, a Distributed Map's
/// children…) would otherwise run a large Map in one task and freeze the page.
pub const SLICE_MS: f64 = 40.0;
/// How many states enter between two looks at the time.
pub const SLICE_CHECK_EVERY: u32 = 32;

/// How often a Step event lets the next waiting state go on while no event comes, in ms.
const NUDGE_MS: u32 = 40;

/// Collects history events and invocation records, and hands them to the page in batches.
#[derive(Clone)]
struct Progress {
    id: u64,
    dispatch: Callback<Action>,
    events: Rc<RefCell<Vec<HistoryEvent>>>,
    invocations: Rc<RefCell<Vec<InvocationRecord>>>,
    /// The latest report of each Map Run that changed since the last hand-over.
    map_runs: Rc<RefCell<Vec<MapRunReport>>>,
    scheduled: Rc<Cell<bool>>,
    /// The earliest the next hand-over may come ([`browser::monotonic_ms`]; see [`VIEW_PACE`]).
    next_at: Rc<Cell<f64>>,
    /// When the last hand-over whose rendering is not yet timed was made.
    handed_at: Rc<Cell<Option<f64>>>,
    /// Request id → the id of the event that scheduled it.
    scheduled_by: Rc<RefCell<HashMap<String, u64>>>,
    /// Records that came before their scheduling event had an id (a Map iteration running
    /// ahead of its turn keeps its events in a buffer until then), by request id: they go to
    /// the page once it has one, so every record names its event.
    parked: Rc<RefCell<HashMap<String, InvocationRecord>>>,
    /// Breakpoints and stepping.
    debugger: Debugger,
    /// Step event let the execution go on and nothing is recorded since: a state it pauses
    /// before is let go at once (a Parallel branch running ahead of its turn records into
    /// a buffer), so that the step shows a new event.
    until_event: Rc<Cell<bool>>,
    /// Hands the main thread back to the page every [`SLICE_MS`].
    slicer: Slicer,
}

impl Progress {
    fn new(id: u64, dispatch: Callback<Action>, debugger: Debugger) -> Self {
        Self {
            debugger,
            until_event: Rc::default(),
            slicer: Slicer::new(),
            id,
            dispatch,
            events: Rc::default(),
            invocations: Rc::default(),
            map_runs: Rc::default(),
            scheduled: Rc::default(),
            next_at: Rc::default(),
            handed_at: Rc::default(),
            scheduled_by: Rc::default(),
            parked: Rc::default(),
        }
    }

    /// Hands what was recorded to the page before the next frame (once per frame), or, when
    /// the views took long over the last hand-over, before the first frame after the pause
    /// [`VIEW_PACE`] asks for.
    fn schedule(&self) {
        if !self.scheduled.replace(true) {
            self.after_views();
        }
    }

    /// Waits until the views have taken in the last hand-over (Yew draws a large change in
    /// several tasks, and the execution goes on between them), then as long again as
    /// [`VIEW_PACE`] says, then for a frame.
    fn after_views(&self) {
        let now = browser::monotonic_ms();
        if let Some(handed) = self.handed_at.get() {
            let drawn = VIEWS_DRAWN_AT.with(Cell::get);
            if drawn >= handed {
                self.handed_at.set(None);
                self.next_at
                    .set(drawn + (VIEW_PACE * (drawn - handed)).min(MAX_PAUSE_MS));
            } else if now - handed < VIEWS_WAIT_MS {
                let this = self.clone();
                Timeout::new(VIEWS_POLL_MS, move || this.after_views()).forget();
                return;
            } else {
                // no render came (nothing changed): go on as if it took no time
                self.handed_at.set(None);
            }
        }
        let wait = self.next_at.get() - now;
        if wait >= 1.0 {
            let this = self.clone();
            Timeout::new(wait as u32, move || this.on_frame()).forget();
        } else {
            self.on_frame();
        }
    }

    /// [`Progress::paced_flush`] before the next frame.
    fn on_frame(&self) {
        let this = self.clone();
        let scheduled = browser::on_next_frame(HIDDEN_FLUSH_MS, move || this.paced_flush());
        if !scheduled {
            // No window (cannot happen in the page): hand it over now.
            self.paced_flush();
        }
    }

    /// Hands what was recorded over, noting when (see [`views_rendered`]).
    fn paced_flush(&self) {
        self.scheduled.set(false);
        let at = browser::monotonic_ms();
        if self.flush() {
            self.handed_at.set(Some(at));
        }
    }

    /// Hands what was recorded to the page now; whether there was anything.
    fn flush(&self) -> bool {
        let events = std::mem::take(&mut *self.events.borrow_mut());
        let invocations = std::mem::take(&mut *self.invocations.borrow_mut());
        let map_runs = std::mem::take(&mut *self.map_runs.borrow_mut());
        if !map_runs.is_empty() {
            self.dispatch.emit(Action::MapRunProgress {
                id: self.id,
                reports: map_runs,
            });
            if events.is_empty() && invocations.is_empty() {
                return true;
            }
        }
        if events.is_empty() && invocations.is_empty() {
            return false;
        }
        self.dispatch.emit(Action::RunProgress {
            id: self.id,
            events,
            invocations,
        });
        true
    }

    /// A finished invocation's record: to the page if its scheduling event has an id, else
    /// parked until it has.
    fn record(&self, record: InvocationRecord) {
        let id = self.scheduled_by.borrow_mut().remove(&record.request_id);
        match id {
            Some(id) => self.hand_over_record(record, id),
            None => {
                self.parked
                    .borrow_mut()
                    .insert(record.request_id.clone(), record);
            }
        }
    }

    /// `record`, naming the event `id` that scheduled its invocation, for the next hand-over.
    fn hand_over_record(&self, mut record: InvocationRecord, id: u64) {
        record.scheduled_event_id = Some(id);
        self.invocations.borrow_mut().push(record);
        self.schedule();
    }

    /// Hands over the records still waiting for their event (the execution has ended).
    fn unpark(&self) {
        let parked: Vec<InvocationRecord> =
            self.parked.borrow_mut().drain().map(|(_, r)| r).collect();
        self.invocations.borrow_mut().extend(parked);
    }
}

/// Hands the main thread back to the page: an execution that has held it for [`SLICE_MS`]
/// waits for the page's next task (the page draws and takes input meanwhile).
#[derive(Clone)]
pub struct Slicer {
    /// When the execution last took the main thread back ([`browser::monotonic_ms`]), and
    /// the states entered since it last looked.
    slice: Rc<Cell<(f64, u32)>>,
    /// The wait for the page's next task that ends the current slice, shared by every
    /// state that reaches its end before the page took its turn.
    turn: Rc<RefCell<Option<Shared<LocalBoxFuture<'static, ()>>>>>,
}

impl Slicer {
    /// A slice starting now.
    pub fn new() -> Self {
        Self {
            slice: Rc::new(Cell::new((browser::monotonic_ms(), 0))),
            turn: Rc::default(),
        }
    }

    /// When the execution has held the main thread for [`SLICE_MS`], a wait for the page's
    /// next task. A state entering looks at the time every [`SLICE_CHECK_EVERY`] states;
    /// `now`: look now.
    pub fn end_of_slice(&self, now: bool) -> Option<LocalBoxFuture<'static, ()>> {
        let (since, entered) = self.slice.get();
        let entered = entered + 1;
        if !now && entered < SLICE_CHECK_EVERY {
            self.slice.set((since, entered));
            return None;
        }
        let now = browser::monotonic_ms();
        if now - since < SLICE_MS {
            self.slice.set((since, 0));
            return None;
        }
        if let Some(turn) = self.turn.borrow().as_ref() {
            return Some(Box::pin(turn.clone()));
        }
        let (slice, turn) = (self.slice.clone(), self.turn.clone());
        let wait: LocalBoxFuture<'static, ()> = Box::pin(async move {
            browser::next_task().await;
            slice.set((browser::monotonic_ms(), 0));
            turn.borrow_mut().take();
        });
        let wait = wait.shared();
        *self.turn.borrow_mut() = Some(wait.clone());
        Some(Box::pin(wait))
    }
}

impl Default for Slicer {
    fn default() -> Self {
        Self::new()
    }
}

impl Progress {
    fn end_of_slice(&self, now: bool) -> Option<LocalBoxFuture<'static, ()>> {
        self.slicer.end_of_slice(now)
    }

    fn report_paused(&self) {
        self.dispatch.emit(Action::RunPaused {
            id: self.id,
            states: self.debugger.paused(),
        });
    }

    /// While a Step event waits for its event and none comes (the state let go is in a
    /// Parallel branch or Map iteration running ahead of its turn, whose events wait in a
    /// buffer), lets the next waiting state go on, until an event is recorded.
    fn nudge(&self) {
        let this = self.clone();
        Timeout::new(NUDGE_MS, move || {
            if !this.until_event.get() {
                return;
            }
            if !this.debugger.paused().is_empty() {
                this.debugger.step();
                this.report_paused();
            }
            this.nudge();
        })
        .forget();
    }
}

impl Observer for Progress {
    fn on_event(&self, event: &HistoryEvent) {
        self.on_event_owned(event.clone());
    }

    fn on_event_owned(&self, event: HistoryEvent) {
        self.until_event.set(false);
        self.events.borrow_mut().push(event);
        self.schedule();
    }

    fn on_invocation(&self, scheduled_event_id: u64, request_id: &str) {
        let parked = self.parked.borrow_mut().remove(request_id);
        match parked {
            Some(record) => self.hand_over_record(record, scheduled_event_id),
            None => {
                self.scheduled_by
                    .borrow_mut()
                    .insert(request_id.to_string(), scheduled_event_id);
            }
        }
    }

    fn take_turn(&self) -> Option<LocalBoxFuture<'_, ()>> {
        self.end_of_slice(true)
    }

    fn on_map_run(&self, report: &MapRunReport) {
        {
            let mut kept = self.map_runs.borrow_mut();
            match kept
                .iter_mut()
                .find(|r| r.map_run_arn == report.map_run_arn)
            {
                Some(r) => r.clone_from(report),
                None => kept.push(report.clone()),
            }
        }
        self.schedule();
    }

    fn before_state(&self, state_name: &str) -> Option<LocalBoxFuture<'_, ()>> {
        let Some(wait) = self.debugger.before(state_name) else {
            return self.end_of_slice(false);
        };
        // The page shows everything up to the pause.
        self.flush();
        self.report_paused();
        Some(wait)
    }
}

/// A running execution, to stop it and answer its waiting tasks.
pub struct RunHandle {
    abort: AbortHandle,
    progress: Progress,
    answers: Answers,
}

impl RunHandle {
    /// Answers the task waiting with `token` (SendTaskSuccess, SendTaskFailure,
    /// SendTaskHeartbeat, GetActivityTask, or letting time run out); `false` when none waits
    /// with it any more.
    pub fn answer(&self, token: &str, answer: Answer) -> bool {
        let started = matches!(answer, Answer::Started { .. });
        let given = self.answers.answer(token, answer);
        if given && started {
            self.progress.dispatch.emit(Action::ActivityStarted {
                id: self.progress.id,
                token: token.to_string(),
            });
        }
        given
    }

    /// Stops the execution: its future is dropped (a handler still running has its Worker
    /// terminated) and the run ends as ABORTED.
    pub fn stop(&self) {
        self.progress.until_event.set(false);
        self.abort.abort();
        self.progress.dispatch.emit(Action::RunAborted {
            id: self.progress.id,
        });
    }

    /// Lets the first paused state go on; the next state pauses again.
    pub fn step(&self) {
        self.progress.until_event.set(false);
        self.progress.debugger.step();
        self.progress.report_paused();
    }

    /// Lets paused states go on, one at a time, until a history event is recorded; the next
    /// state pauses again.
    pub fn step_event(&self) {
        if !self.progress.until_event.replace(true) {
            self.progress.nudge();
        }
        self.progress.debugger.step();
        self.progress.report_paused();
    }

    /// Lets every paused state go on, up to the next breakpoint.
    pub fn resume(&self) {
        self.progress.until_event.set(false);
        self.progress.debugger.resume();
        self.progress.report_paused();
    }

    /// Replaces the breakpoints of the running execution.
    pub fn set_breakpoints(&self, breakpoints: std::collections::BTreeSet<String>) {
        self.progress.debugger.set_breakpoints(breakpoints);
    }
}

/// Starts an execution of `plan`; progress and the end arrive as [`Action`]s on `dispatch`.
/// The `debugger` pauses it at breakpoints (and before the first state when stepping).
pub fn start(
    mut plan: RunPlan,
    pool: WorkerPool,
    dispatch: Callback<Action>,
    debugger: Debugger,
) -> RunHandle {
    let id = plan.run_id;
    let execution_name = plan
        .execution_name
        .clone()
        .unwrap_or_else(|| asl::uuid(&browser::Random));
    dispatch.emit(Action::RunStarted {
        id,
        execution_name: execution_name.clone(),
        definition: Some(plan.definition.clone()),
        config: Some(plan.config(&execution_name)),
    });
    let (abort, registration) = AbortHandle::new_pair();
    let progress = Progress::new(id, dispatch.clone(), debugger);
    let answers = Answers::default();
    answers.make_live();
    let handle = RunHandle {
        abort,
        progress: progress.clone(),
        answers: answers.clone(),
    };
    let run = async move {
        let on_invocation = {
            let progress = progress.clone();
            move |record| progress.record(record)
        };
        let runner = LambdaRunner::new(pool, plan.functions.clone(), on_invocation)
            .with_role(&plan.account, &plan.role);
        let clock: Box<dyn Clock> = if plan.real_time {
            Box::new(RealClock::new(plan.speed))
        } else {
            Box::new(VirtualClock::new(browser::now_ms() as i64))
        };
        let rng = SplitMix64::new(browser::random_u64());
        let runner = with_faults(&runner, &plan, &rng, clock.as_ref());
        let mut config = plan.config(&execution_name);
        // The page builds its history from the events the observer hands it; a second copy
        // kept by the interpreter would double the memory of a long execution.
        config.keep_history = false;
        // The playground's S3, as the run starts; what it writes goes back to the workspace.
        let objects = starting_objects(&plan);
        let callbacks = PageCallbacks {
            run_id: id,
            dispatch: dispatch.clone(),
            answers: answers.clone(),
        };
        let machines = PageMachines::new(
            id,
            std::mem::take(&mut plan.machines),
            &config,
            dispatch.clone(),
        );
        let host = Host {
            observer: Some(&progress),
            callbacks: Some(&callbacks),
            objects: Some(&objects),
            machines: Some(&machines),
            ..Host::new(&runner, clock.as_ref(), &rng)
        };
        let execution = execute(plan, &config, host).await;
        let written: Vec<S3Object> = objects
            .written()
            .into_iter()
            .map(|(bucket, key, body)| S3Object {
                bucket,
                key,
                body: String::from_utf8(body)
                    .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            })
            .collect();
        if !written.is_empty() {
            dispatch.emit(Action::ObjectsWritten(written));
        }
        answers.retire();
        progress.until_event.set(false);
        progress.unpark();
        progress.flush();
        dispatch.emit(Action::RunFinished { id, execution });
    };
    spawn_local(async move {
        let _ = Abortable::new(run, registration).await;
    });
    handle
}

/// The playground's S3 as the plan starts with it.
pub fn starting_objects(plan: &RunPlan) -> MemoryObjects {
    let objects = MemoryObjects::new();
    for o in plan.objects.iter() {
        objects.insert(&o.bucket, &o.key, o.body.as_bytes(), 0);
    }
    objects
}

/// `runner` with the plan's injected faults (the function panel's, or a check's: the next N
/// invocations of this execution, or a share of them), a fault `timeout` lasting each
/// function's own timeout.
pub fn with_faults<'a>(
    runner: &'a LambdaRunner,
    plan: &RunPlan,
    rng: &'a SplitMix64,
    clock: &'a dyn Clock,
) -> FaultyRunner<'a> {
    let faults = FaultPlan {
        functions: plan
            .functions
            .iter()
            .filter_map(|f| Some((f.name.clone(), f.faults.clone()?)))
            .collect(),
    };
    let timeouts = plan
        .functions
        .iter()
        .map(|f| (f.name.clone(), u64::from(f.timeout_s) * 1000))
        .collect::<Vec<_>>();
    FaultyRunner::new(runner, faults, rng, clock).with_timeouts(timeouts)
}

/// Runs a planned execution to the end: the input goes in as the user typed it, so the
/// history's `ExecutionStarted` (and first `…StateEntered`) records that text verbatim, as AWS
/// records StartExecution's input.
pub async fn execute(plan: RunPlan, config: &ExecutionConfig, host: Host<'_>) -> Execution {
    asl::execute_input(&plan.definition, plan.input, &plan.input_text, config, host).await
}
