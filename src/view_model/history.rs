//! The event history's view model: the download's JSON, the type filter's menu, and how the
//! rows are windowed.

use std::collections::HashMap;

use asl::HistoryEvent;
use serde_json::Value;

use crate::row_window::Windowing;
use crate::views::pretty;

/// The height of a history row, in CSS pixels (the style sheet fixes it).
pub const ROW_PX: usize = 26;

/// How the history is windowed: histories of more than 200 rows (a history can hold 25,000
/// events) draw the rows in view and 15 rows above and below (every drawn row costs each
/// redraw while an execution runs); the scroll box is 480 pixels high before it is measured.
pub const WINDOWING: Windowing = Windowing {
    min_rows: 200,
    overscan_px: 15 * ROW_PX,
    step_px: ROW_PX,
    initial_view_px: 480,
    min_view_px: ROW_PX,
};

/// The history as GetExecutionHistory returns it (`{"events": […]}`), pretty-printed.
pub fn history_json(events: &[HistoryEvent]) -> String {
    let events: Vec<Value> = events.iter().map(HistoryEvent::to_json).collect();
    pretty(&serde_json::json!({ "events": events }))
}

/// The event types of a history, in order of first appearance, with how many events of each.
pub fn event_types(events: &[HistoryEvent]) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for e in events {
        match index.get(e.kind.as_str()) {
            Some(&k) => out[k].1 += 1,
            None => {
                index.insert(&e.kind, out.len());
                out.push((e.kind.clone(), 1));
            }
        }
    }
    out
}

/// [`event_types`] of a history shown as it grows: each event is counted once (those added
/// since the last count); another history starts afresh.
#[derive(Debug, Default)]
pub struct LiveEventTypes {
    events: crate::state::Log<HistoryEvent>,
    types: Vec<(String, usize)>,
    index: HashMap<String, usize>,
}

impl LiveEventTypes {
    /// The event types of `events` (as [`event_types`] of them).
    pub fn types(&mut self, events: &crate::state::Log<HistoryEvent>) -> Vec<(String, usize)> {
        if !events.extends(&self.events) {
            *self = Self::default();
        }
        for e in &events.items()[self.events.len()..] {
            match self.index.get(&e.kind) {
                Some(&k) => self.types[k].1 += 1,
                None => {
                    self.index.insert(e.kind.clone(), self.types.len());
                    self.types.push((e.kind.clone(), 1));
                }
            }
        }
        self.events = events.clone();
        self.types.clone()
    }
}

/// The indexes of the events a type filter shows (`""`: every event), in order.
pub fn filtered(events: &[HistoryEvent], kind: &str) -> Vec<usize> {
    events
        .iter()
        .enumerate()
        .filter(|(_, e)| kind.is_empty() || e.kind == kind)
        .map(|(k, _)| k)
        .collect()
}

/// The step an event is about, for the history's Step column: the state's `name`, else the
/// `resource` (a Lambda function ARN shortened to the function's name); `""` for neither.
pub fn event_step(e: &HistoryEvent) -> &str {
    e.details
        .as_ref()
        .and_then(|(_, d)| d.get("name").or_else(|| d.get("resource")))
        .and_then(Value::as_str)
        .map(|s| asl::arn::qualified_function_name(s).unwrap_or(s))
        .unwrap_or("")
}

/// The class of an event's row: `ev-failed` for a failure, time-out or abort,
/// `ev-succeeded` for a success, else none (`""`).
pub fn event_class(e: &HistoryEvent) -> &'static str {
    let kind = e.kind.as_str();
    if kind.ends_with("Failed") || kind.ends_with("TimedOut") || kind.ends_with("Aborted") {
        "ev-failed"
    } else if kind.ends_with("Succeeded") {
        "ev-succeeded"
    } else {
        ""
    }
}
