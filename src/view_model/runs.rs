//! The shown execution and what derives from it: its history as of the debugger's cursor,
//! its tree and each state's status, the executions list, the debugger's status, and the
//! hint to fix the execution role.

use std::collections::HashMap;

use asl::{HistoryEvent, Status, TreeNode};

use crate::state::{AppState, Log, Run, Shared};
use crate::views::format_duration;

/// The shown execution as of the debugger's cursor (every view of the run derives from
/// it); `None` before the first run.
pub fn shown_run(state: &AppState) -> Option<Run> {
    state.run.as_ref().map(Run::as_of)
}

/// The events of the shown run (empty without one).
pub fn shown_history(shown: Option<&Run>) -> Log<HistoryEvent> {
    shown.map(|r| r.history.clone()).unwrap_or_default()
}

/// The execution tree of a history; `None` while it is empty.
pub fn execution_tree(history: &[HistoryEvent]) -> Option<Shared<TreeNode>> {
    (!history.is_empty()).then(|| Shared::new(asl::execution_tree(history)))
}

/// The execution tree of a history shown as it grows: each event is taken once (the events
/// added since the last tree), and the tree shares its finished nodes with the last one, so a
/// frame of a long execution costs what its new events cost. Another history (another run,
/// or an earlier point while stepping) starts afresh.
#[derive(Debug, Default)]
pub struct LiveTree {
    history: Log<HistoryEvent>,
    builder: asl::TreeBuilder,
}

impl LiveTree {
    /// Hands over what was built for another history (another run, or a later point than
    /// `history` while stepping back), leaving this one empty, so that the caller decides when
    /// it is freed: a large execution's tree takes tens of milliseconds to free. `None` when
    /// `history` continues the one held (or nothing is held).
    pub fn retire(&mut self, history: &Log<HistoryEvent>) -> Option<LiveTree> {
        (self.restarts_for(history) && self.builder.events() > 0).then(|| std::mem::take(self))
    }

    /// Whether `history` is not the one held, grown: the tree starts afresh for it.
    fn restarts_for(&self, history: &Log<HistoryEvent>) -> bool {
        history.is_empty() || !history.extends(&self.history)
    }

    /// How many events of the history held are in the tree.
    pub fn events(&self) -> usize {
        self.builder.events()
    }

    /// The tree of `history` (as [`execution_tree`] of it).
    pub fn tree(&mut self, history: &Log<HistoryEvent>) -> Option<Shared<TreeNode>> {
        if self.restarts_for(history) {
            *self = Self::default();
        }
        if history.is_empty() {
            return None;
        }
        for e in &history.items()[self.builder.events()..] {
            self.builder.push(e);
        }
        self.history = history.clone();
        Some(Shared::new(self.builder.tree()))
    }
}

/// Each state's status in the graph (`SUCCEEDED`, `CAUGHT`, …), by state name; empty
/// without a tree.
pub fn state_statuses(tree: Option<&TreeNode>) -> HashMap<String, &'static str> {
    tree.map(asl::graph::state_statuses).unwrap_or_default()
}

/// The shown run's execution name (empty without one).
pub fn execution_name(state: &AppState) -> String {
    state
        .run
        .as_ref()
        .map(|r| r.execution_name.clone())
        .unwrap_or_default()
}

/// Whether to offer the role fix: the shown run failed on the role
/// ([`asl::iam::ACCESS_DENIED_ERROR`]), and the role still denies something.
pub fn access_denied(state: &AppState, shown: Option<&Run>) -> bool {
    shown.is_some_and(|r| r.error.as_deref() == Some(asl::iam::ACCESS_DENIED_ERROR))
        && state
            .role_problems
            .iter()
            .any(|p| p.code == asl::DiagnosticCode::RoleDeniesInvoke)
}

/// The executions list: every run kept, newest first, the shown one marked.
pub fn execution_rows(state: &AppState) -> Vec<ExecutionRow> {
    let shown_id = state.run.as_ref().map(|r| r.id);
    state
        .runs()
        .into_iter()
        .map(|r| ExecutionRow::new(r, Some(r.id) == shown_id))
        .collect()
}

/// The states the shown run waits before (the graph marks them paused).
pub fn paused_states(state: &AppState) -> Vec<String> {
    state
        .run
        .as_ref()
        .map(Run::waiting_before)
        .unwrap_or_default()
}

/// The debugger's status line ([`Run::debug_status`]) of the shown run.
pub fn debug_status(state: &AppState) -> Option<String> {
    state.run.as_ref().and_then(Run::debug_status)
}

/// One row of the list, derived from a run.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecutionRow {
    /// The run id.
    pub id: u64,
    /// The execution's name.
    pub name: String,
    /// `RUNNING`, `SUCCEEDED`, ….
    pub status: &'static str,
    /// Start time, `HH:MM:SS` UTC.
    pub started: String,
    /// Duration, when it ended.
    pub duration: Option<String>,
    /// Whether it is the one shown.
    pub shown: bool,
}

impl ExecutionRow {
    /// The row of `run`.
    pub fn new(run: &Run, shown: bool) -> Self {
        let history = run.history.items();
        let first = history.first().map(|e| e.timestamp_ms);
        let started = first
            .map(|ms| {
                let iso = asl::history::time::iso8601(ms);
                iso.get(11..19).unwrap_or_default().to_string()
            })
            .unwrap_or_default();
        let duration = match (first, history.last()) {
            (Some(a), Some(b)) if run.status != Status::Running => {
                Some(format_duration((b.timestamp_ms - a) as f64))
            }
            _ => None,
        };
        Self {
            id: run.id,
            name: run.execution_name.clone(),
            status: run.status.as_str(),
            started,
            duration,
            shown,
        }
    }
}
