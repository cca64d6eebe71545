//! Stepping one history event at a time: while debugging, the page shows an execution as of
//! a *cursor* event — the graph, the tree, the history, the inspector and the Map viewer are
//! all derived from the history up to it (a prefix of a history is a valid history of an
//! execution in progress). Events recorded after the cursor are *held back*: Step event
//! reveals the next one, Step reveals up to the next state boundary, Continue reveals all.

use asl::{HistoryEvent, Status};

use super::{AppState, Run};

/// What a Step asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// One history event.
    Event,
    /// Up to the next state boundary (before the next state is entered).
    State,
}

/// What pressing Step (of either kind) must do besides moving the cursor, decided before the
/// step (see [`AppState::step_effect`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepEffect {
    /// Only reveal events already recorded.
    Reveal,
    /// Let the paused execution go on to its next pause.
    Release,
    /// Nothing runs: start an execution paused before its first state.
    Start,
}

/// Whether an event enters a state: the boundaries an execution can pause at lie just before
/// these.
fn enters_state(event: &HistoryEvent) -> bool {
    event.kind.ends_with("StateEntered")
}

/// How many events Step reveals from `shown` (events `..shown` are shown): up to the next
/// state boundary, that is just before the next `…StateEntered` event after the first held
/// back one, or all of `history` when none follows.
pub fn next_boundary(history: &[HistoryEvent], shown: usize) -> usize {
    (shown + 1..history.len())
        .find(|&k| enters_state(&history[k]))
        .unwrap_or(history.len())
}

/// The state an event belongs to: its own `name` detail; for a state's other events
/// (`ParallelStateSucceeded`, `TaskStateAborted`, …) the innermost state of that type still
/// open; else that of the event it follows from (`previousEventId`), e.g. `CallLambda` for a
/// `LambdaFunctionScheduled`. `None` for the execution's own events.
pub fn event_state(history: &[HistoryEvent], index: usize) -> Option<&str> {
    let mut event = history.get(index)?;
    if event.kind.starts_with("Execution") {
        return None;
    }
    if let Some((state_type, _)) = event.kind.split_once("State") {
        if event.detail("name").is_none() {
            return open_state(&history[..index], state_type);
        }
    }
    // Bounded: a history's chains are short, and ids only go back.
    for _ in 0..64 {
        if let Some(name) = event.detail("name").and_then(|v| v.as_str()) {
            return Some(name);
        }
        let id = event.previous_event_id;
        if id == 0 || id >= event.id {
            return None;
        }
        event = usize::try_from(id - 1)
            .ok()
            .and_then(|k| history.get(k))
            .filter(|e| e.id == id)
            .or_else(|| history.iter().find(|e| e.id == id))?;
    }
    None
}

/// The innermost state of this type (`Parallel`, `Map`, `Task`…) entered and not exited by the
/// end of `history` (Map iterations and Parallel branches are contiguous, so they nest).
fn open_state<'a>(history: &'a [HistoryEvent], state_type: &str) -> Option<&'a str> {
    let (entered, exited) = (
        format!("{state_type}StateEntered"),
        format!("{state_type}StateExited"),
    );
    let mut depth = 0usize;
    for e in history.iter().rev() {
        if e.kind == exited {
            depth += 1;
        } else if e.kind == entered {
            if depth == 0 {
                return e.detail("name")?.as_str();
            }
            depth -= 1;
        }
    }
    None
}

impl Run {
    /// How many of the recorded events the page shows: all, unless stepping event by event
    /// holds some back.
    pub fn shown(&self) -> usize {
        let len = self.history.len();
        self.cursor.map_or(len, |c| c.min(len))
    }

    /// How many recorded events are held back (not shown yet).
    pub fn held_back(&self) -> usize {
        self.history.len() - self.shown()
    }

    /// The run as the page shows it: the history up to the cursor and, while events are
    /// held back, still running with no output (the end is not revealed yet).
    pub fn as_of(&self) -> Run {
        let shown = self.shown();
        if shown == self.history.len() {
            return self.clone();
        }
        Run {
            history: self.history.prefix(shown),
            status: Status::Running,
            output: None,
            error: None,
            cause: None,
            ..self.clone()
        }
    }

    /// The states the page shows the execution waiting before: where it is paused when
    /// nothing is held back; else the state the next held back event enters, if any.
    pub fn waiting_before(&self) -> Vec<String> {
        if self.held_back() == 0 {
            return self.paused.clone();
        }
        self.history
            .items()
            .get(self.shown())
            .filter(|e| enters_state(e))
            .and_then(|e| e.detail("name")?.as_str())
            .map(|name| vec![name.to_string()])
            .unwrap_or_default()
    }

    /// The debugger's status line: `Paused after event 7 of 12 recorded: TaskStateEntered
    /// (CallLambda)` while events are held back, `Paused before CallLambda (+2 waiting)` when
    /// the execution waits, else nothing.
    pub fn debug_status(&self) -> Option<String> {
        let shown = self.shown();
        if shown < self.history.len() && shown > 0 {
            let history = self.history.items();
            let event = &history[shown - 1];
            let state = event_state(&history, shown - 1)
                .map(|s| format!(" ({s})"))
                .unwrap_or_default();
            return Some(format!(
                "Paused after event {shown} of {} recorded: {}{state}",
                self.history.len(),
                event.kind
            ));
        }
        let first = self.paused.first()?;
        let more = match self.paused.len() {
            1 => String::new(),
            n => format!(" (+{} waiting)", n - 1),
        };
        Some(format!("Paused before {first}{more}"))
    }

    /// Moves the cursor for a step of this kind.
    pub(super) fn step(&mut self, kind: StepKind) {
        let (shown, running) = (self.shown(), self.status == Status::Running);
        match kind {
            StepKind::Event if running || self.held_back() > 0 => self.cursor = Some(shown + 1),
            StepKind::Event => {}
            StepKind::State => {
                let to = next_boundary(&self.history.items(), shown);
                // Revealing all: what is recorded next shows as it comes (up to the pause).
                self.cursor = (self.held_back() > 0 && to < self.history.len()).then_some(to);
            }
        }
    }
}

impl AppState {
    /// What a Step must do to the execution: reveal events the shown run holds back, else
    /// let the paused execution go on, else (nothing runs) start one paused.
    pub fn step_effect(&self) -> StepEffect {
        if self.run.as_ref().is_some_and(|r| r.held_back() > 0) {
            StepEffect::Reveal
        } else if self.is_running() {
            StepEffect::Release
        } else {
            StepEffect::Start
        }
    }

    /// Whether Step and Step event do something now: not while the execution runs freely.
    pub fn can_step(&self) -> bool {
        !self.is_running()
            || self
                .run
                .as_ref()
                .is_some_and(|r| r.held_back() > 0 || !r.paused.is_empty())
    }

    /// Whether Continue does something now: events are held back or the execution waits.
    pub fn can_continue(&self) -> bool {
        self.run
            .as_ref()
            .is_some_and(|r| r.held_back() > 0 || !r.paused.is_empty())
    }
}
