//! Reducing the actions on executions: naming, starting, progress, pausing, stopping and
//! ending one, opening an older one, stepping through it, and the state inspector.

use std::rc::Rc;

use asl::{Execution, HistoryEvent, Status};

use crate::state::{
    execution_name_problems, AppState, InvocationRecord, Log, Run, Shared, StepKind, KEPT_RUNS,
};

/// The room a new run's history has before its buffer must grow (and be copied): a Standard
/// execution's whole history (25,000 events at most).
const HISTORY_ROOM: usize = 25_600;
/// The room a new run's Lambda records have before their buffer must grow.
const INVOCATIONS_ROOM: usize = 4_096;

impl Run {
    /// Gives back what is left of the room its history and Lambda records were given when it
    /// started ([`HISTORY_ROOM`], [`INVOCATIONS_ROOM`]), once it has ended.
    fn give_back_room(&self) {
        self.history.shrink();
        self.invocations.shrink();
    }
}

impl AppState {
    /// [`crate::state::Action::EditExecutionName`].
    pub(super) fn edit_execution_name(&mut self, name: String) {
        self.name_problems = Rc::new(execution_name_problems(&name, &self.used_names));
        self.execution_name = name;
        self.refused = false;
    }

    /// [`crate::state::Action::RunStarted`]: the run becomes the shown one; the one shown
    /// before joins the kept ones (at most [`KEPT_RUNS`] in all). Stale ids are ignored.
    pub(super) fn run_started(
        &mut self,
        id: u64,
        execution_name: String,
        definition: Option<Shared<asl::Definition>>,
        config: Option<asl::ExecutionConfig>,
    ) {
        if id <= self.last_run_id {
            return;
        }
        self.last_run_id = id;
        self.refused = false;
        Rc::make_mut(&mut self.used_names).push(execution_name.clone());
        if self.execution_name == execution_name {
            self.execution_name.clear();
            self.name_problems = Rc::default();
        }
        if let Some(previous) = self.run.take() {
            self.other_runs.insert(0, previous);
            self.other_runs.sort_by_key(|r| std::cmp::Reverse(r.id));
            self.other_runs.truncate(KEPT_RUNS - 1);
        }
        // Room for a Standard execution's whole history (at most 25,000 events) and as many
        // Lambda calls, given back when it ends.
        self.run = Some(Run {
            history: Log::with_capacity(HISTORY_ROOM),
            invocations: Log::with_capacity(INVOCATIONS_ROOM),
            ..Run::new(id, execution_name, definition, config)
        });
    }

    /// [`crate::state::Action::TaskWaiting`].
    pub(super) fn task_waiting(&mut self, id: u64, task: asl::host::callback::WaitingTask) {
        let Some(run) = self.running(id) else {
            return;
        };
        if !run.waiting.iter().any(|w| w.task.token == task.token) {
            run.waiting.push(super::super::Waiting {
                task,
                started: false,
            });
        }
    }

    /// [`crate::state::Action::ActivityStarted`].
    pub(super) fn activity_started(&mut self, id: u64, token: &str) {
        if let Some(run) = self.running(id) {
            for w in run.waiting.iter_mut().filter(|w| w.task.token == token) {
                w.started = true;
            }
        }
    }

    /// [`crate::state::Action::TaskSettled`].
    pub(super) fn task_settled(&mut self, id: u64, token: &str) {
        if let Some(run) = self.current_run(id) {
            run.waiting.retain(|w| w.task.token != token);
        }
    }

    /// The run `id`, while it is running.
    fn running(&mut self, id: u64) -> Option<&mut Run> {
        self.current_run(id).filter(|r| r.status == Status::Running)
    }

    /// [`crate::state::Action::RunProgress`].
    pub(super) fn run_progress(
        &mut self,
        id: u64,
        events: Vec<HistoryEvent>,
        invocations: Vec<InvocationRecord>,
    ) {
        if let Some(run) = self.running(id) {
            // Appended in place: the states before this one keep seeing their own events.
            if !events.is_empty() {
                run.history.extend(events);
            }
            if !invocations.is_empty() {
                run.invocations.extend(invocations);
            }
        }
    }

    /// [`crate::state::Action::MapRunProgress`]: each report replaces the one of its Map Run.
    pub(super) fn map_run_progress(&mut self, id: u64, reports: Vec<asl::map_run::MapRunReport>) {
        let Some(run) = self.current_run(id) else {
            return;
        };
        let map_runs = run.map_runs.make_mut();
        for report in reports {
            match map_runs
                .iter_mut()
                .find(|r| r.map_run_arn == report.map_run_arn)
            {
                Some(r) => *r = report,
                None => map_runs.push(report),
            }
        }
    }

    /// [`crate::state::Action::RunPaused`].
    pub(super) fn run_paused(&mut self, id: u64, states: Vec<String>) {
        if let Some(run) = self.running(id) {
            run.paused = states;
        }
    }

    /// [`crate::state::Action::RunAborted`]: the history ends with `ExecutionAborted`.
    pub(super) fn run_aborted(&mut self, id: u64) {
        let Some(run) = self.running(id) else {
            return;
        };
        run.status = Status::Aborted;
        run.paused.clear();
        run.waiting.clear();
        run.cursor = None;
        let (last_id, last_ms) = run
            .history
            .last()
            .map_or((0, 0), |e| (e.id, e.timestamp_ms));
        run.history.push(HistoryEvent {
            id: last_id + 1,
            previous_event_id: last_id,
            timestamp_ms: last_ms,
            kind: "ExecutionAborted".into(),
            details: None,
        });
        run.give_back_room();
    }

    /// [`crate::state::Action::RunFinished`].
    pub(super) fn run_finished(&mut self, id: u64, execution: Execution) {
        let Some(run) = self.running(id) else {
            return;
        };
        run.status = execution.status;
        run.paused.clear();
        run.waiting.clear();
        run.output = execution.output;
        run.error = execution.error;
        run.cause = execution.cause;
        // The page's runs keep no history in the execution (the events came through
        // RunProgress); a kept one (tests, imports) replaces them.
        if !execution.history.is_empty() || run.history.is_empty() {
            run.history = Log::new(execution.history);
        }
        run.give_back_room();
    }

    /// [`crate::state::Action::OpenRun`]: the opened run and the shown one swap places
    /// (nothing to do when it is the shown one).
    pub(super) fn open_run(&mut self, id: u64) {
        if self.run.as_ref().is_some_and(|r| r.id == id) {
            return;
        }
        if let Some(k) = self.other_runs.iter().position(|r| r.id == id) {
            let opened = self.other_runs.remove(k);
            if let Some(shown) = self.run.replace(opened) {
                self.other_runs.push(shown);
                self.other_runs.sort_by_key(|r| std::cmp::Reverse(r.id));
            }
            self.inspected = None;
            self.inspected_entry = None;
        }
    }

    /// [`crate::state::Action::Step`].
    pub(super) fn step(&mut self, kind: StepKind) {
        if let Some(run) = &mut self.run {
            run.step(kind);
        }
    }

    /// [`crate::state::Action::RevealAll`].
    pub(super) fn reveal_all(&mut self) {
        if let Some(run) = &mut self.run {
            run.cursor = None;
        }
    }

    /// [`crate::state::Action::Inspect`]: the shown state again closes the inspector.
    pub(super) fn inspect(&mut self, name: Option<String>) {
        self.inspected = if name == self.inspected { None } else { name };
        self.inspected_entry = None;
    }

    /// [`crate::state::Action::InspectEntry`].
    pub(super) fn inspect_entry(&mut self, name: String, id: u64) {
        self.inspected = Some(name);
        self.inspected_entry = Some(id);
    }

    /// [`crate::state::Action::ToggleBreakpoint`].
    pub(super) fn toggle_breakpoint(&mut self, name: String) {
        let set = Rc::make_mut(&mut self.breakpoints);
        if !set.remove(&name) {
            set.insert(name);
        }
    }
}
