//! Recording events. The root trace *is* the history (index `i` is event id `i + 1`) and
//! tells the observer about each event. A Map iteration records into its own buffer, spliced
//! into its parent when the iteration's turn comes, so that each iteration's events stay
//! contiguous and in index order however the iterations interleave in time.
//!
//! References to events that may not have their final id yet are [`Prev`] values, and
//! "(entered at the event id #N)" in causes is written with [`event_ref`] markers that
//! splicing rebases and the root resolves.

use std::cell::{Cell, RefCell};

use serde_json::Value;

use crate::history::HistoryEvent;
use crate::host::Observer;

/// What an event's `previousEventId` points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Prev {
    /// Nothing (`0`).
    None,
    /// The event at this index of the same trace.
    Local(usize),
    /// Whatever the parent decides when splicing (a Map iteration's start).
    Anchor,
}

#[derive(Debug, Clone)]
pub(crate) struct Pending {
    kind: String,
    timestamp_ms: i64,
    prev: Prev,
    details: Option<(String, Value)>,
    /// The request id of the Lambda call a `…Scheduled` event starts (not in AWS's event).
    request_id: Option<String>,
}

/// Limits shared by every trace of one execution.
pub(crate) struct Budget {
    /// Events recorded so far, in the history and in buffers.
    pub events: Cell<usize>,
    /// The history's limit (AWS: 25,000).
    pub max_events: usize,
    /// The history reached `max_events - 1` and refused a non-final event: only the final
    /// `ExecutionFailed` may follow.
    pub full: Cell<bool>,
    /// Whether anyone reads the events' details (the history is kept or observed): when not,
    /// events are recorded and counted without them.
    pub detailed: bool,
}

impl Budget {
    /// A budget for a history of at most `max_events` events, with details.
    pub fn new(max_events: usize) -> Self {
        Self {
            events: Cell::new(0),
            max_events,
            full: Cell::new(false),
            detailed: true,
        }
    }

    /// The same budget, with details only if `detailed`.
    pub fn detailed(self, detailed: bool) -> Self {
        Self { detailed, ..self }
    }
}

/// A sequence of recorded events: the history itself, or a Map iteration's buffer.
pub(crate) struct Trace<'a> {
    root: Option<Root<'a>>,
    /// A buffer's events not yet moved into its parent.
    events: RefCell<Vec<Pending>>,
    /// How many of a buffer's events were moved into its parent already.
    moved: Cell<usize>,
    /// Where a buffer's first event sits in its parent, once known.
    offset: Cell<Option<usize>>,
    /// The states entered and not yet left (type, name), outermost first.
    open: RefCell<Vec<(String, String)>>,
    budget: &'a Budget,
}

struct Root<'a> {
    /// The events, when kept.
    history: RefCell<Vec<HistoryEvent>>,
    /// Whether `history` keeps the events (else they are only counted and observed).
    keep: bool,
    /// How many events the history has.
    len: Cell<usize>,
    observer: Option<&'a dyn Observer>,
}

const OPEN: char = '\u{E000}';
const CLOSE: char = '\u{E001}';

/// Text standing for "the id of event `index` of the trace being written".
pub(crate) fn event_ref(index: usize) -> String {
    format!("{OPEN}{index}{CLOSE}")
}

/// Rewrites every marker in `text`: `f(index)` gives the replacement.
fn map_refs(text: &str, f: impl Fn(usize) -> String) -> String {
    if !text.contains(OPEN) {
        return text.to_string();
    }
    let mut out = String::new();
    let mut rest = text;
    while let Some(i) = rest.find(OPEN) {
        out.push_str(&rest[..i]);
        let after = &rest[i + OPEN.len_utf8()..];
        match after
            .find(CLOSE)
            .and_then(|j| after[..j].parse::<usize>().ok().map(|n| (j, n)))
        {
            Some((j, n)) => {
                out.push_str(&f(n));
                rest = &after[j + CLOSE.len_utf8()..];
            }
            None => {
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// Shifts markers by `offset` (an iteration buffer spliced at `offset` of its parent).
pub(crate) fn rebase_refs(text: &str, offset: usize) -> String {
    map_refs(text, |n| event_ref(n + offset))
}

/// Replaces markers of the root trace by event ids.
pub(crate) fn resolve_refs(text: &str) -> String {
    map_refs(text, |n| (n + 1).to_string())
}

fn map_cause(details: &mut Option<(String, Value)>, f: impl Fn(&str) -> String) {
    if let Some((_, Value::Object(m))) = details {
        if let Some(Value::String(c)) = m.get_mut("cause") {
            *c = f(c);
        }
    }
}

impl<'a> Trace<'a> {
    /// The execution's history; its events are kept if `keep` (else only counted, and
    /// shown to the observer).
    pub fn root(budget: &'a Budget, observer: Option<&'a dyn Observer>, keep: bool) -> Self {
        Self {
            root: Some(Root {
                history: RefCell::new(Vec::new()),
                keep,
                len: Cell::new(0),
                observer,
            }),
            events: RefCell::new(Vec::new()),
            moved: Cell::new(0),
            offset: Cell::new(None),
            open: RefCell::new(Vec::new()),
            budget,
        }
    }

    /// A buffer for one Map iteration.
    pub fn buffer(budget: &'a Budget) -> Self {
        Self {
            root: None,
            events: RefCell::new(Vec::new()),
            moved: Cell::new(0),
            offset: Cell::new(None),
            open: RefCell::new(Vec::new()),
            budget,
        }
    }

    /// Whether the shared event budget is spent.
    pub fn over_budget(&self) -> bool {
        self.budget.full.get()
            || self.budget.events.get() > self.budget.max_events.saturating_mul(2)
    }

    /// Whether events need their details (someone keeps or observes them).
    pub fn detailed(&self) -> bool {
        self.budget.detailed
    }

    /// Records an event; returns its index in this trace.
    pub fn push(
        &self,
        kind: &str,
        timestamp_ms: i64,
        prev: Prev,
        details: Option<(String, Value)>,
    ) -> usize {
        let name = details
            .as_ref()
            .and_then(|(_, d)| d.get("name"))
            .and_then(Value::as_str)
            .unwrap_or("");
        self.track_open(kind, name);
        self.record(kind, timestamp_ms, prev, details, None)
    }

    /// Records a `…StateEntered`/`…StateExited` event of the state `name`; its details are
    /// built only if someone reads them.
    pub fn push_state(
        &self,
        kind: &str,
        timestamp_ms: i64,
        prev: Prev,
        name: &str,
        details: impl FnOnce() -> (String, Value),
    ) -> usize {
        self.track_open(kind, name);
        let details = self.detailed().then(details);
        self.record(kind, timestamp_ms, prev, details, None)
    }

    fn record(
        &self,
        kind: &str,
        timestamp_ms: i64,
        prev: Prev,
        details: Option<(String, Value)>,
        request_id: Option<String>,
    ) -> usize {
        self.budget.events.set(self.budget.events.get() + 1);
        self.append(Pending {
            kind: kind.to_string(),
            timestamp_ms,
            prev,
            details,
            request_id,
        })
    }

    /// Records a `…Scheduled` event for the Lambda call with `request_id`; the observer
    /// learns the pair once the event has its final id.
    pub fn push_scheduled(
        &self,
        kind: &str,
        timestamp_ms: i64,
        prev: Prev,
        details: (String, Value),
        request_id: &str,
    ) -> usize {
        self.record(
            kind,
            timestamp_ms,
            prev,
            Some(details),
            Some(request_id.to_string()),
        )
    }

    fn append(&self, mut ev: Pending) -> usize {
        let Some(root) = &self.root else {
            let mut events = self.events.borrow_mut();
            events.push(ev);
            return self.moved.get() + events.len() - 1;
        };
        let index = root.len.get();
        // AWS: event 25,000 can only be ExecutionSucceeded, or the ExecutionFailed that ends
        // the execution for reaching the limit.
        if index + 1 >= self.budget.max_events && !ev.kind.starts_with("Execution") {
            self.budget.full.set(true);
            return index;
        }
        map_cause(&mut ev.details, resolve_refs);
        let event = HistoryEvent {
            id: index as u64 + 1,
            previous_event_id: match ev.prev {
                Prev::Local(i) => i as u64 + 1,
                Prev::None | Prev::Anchor => 0,
            },
            timestamp_ms: ev.timestamp_ms,
            kind: ev.kind,
            details: ev.details,
        };
        let id = event.id;
        if root.keep {
            if let Some(o) = root.observer {
                o.on_event(&event);
            }
            root.history.borrow_mut().push(event);
        } else if let Some(o) = root.observer {
            o.on_event_owned(event);
        }
        if let (Some(o), Some(rid)) = (root.observer, &ev.request_id) {
            o.on_invocation(id, rid);
        }
        root.len.set(index + 1);
        index
    }

    /// Moves this buffer's pending events into `parent`; its `Anchor` becomes `anchor`. The
    /// first move fixes where the buffer's events go (event `k` at `offset + k`), so the
    /// parent must receive nothing else until the buffer is done: callers move the
    /// buffer of the iteration whose turn it is, as it grows (live views see it), and the
    /// rest when their turn comes. Returns the offset.
    pub fn drain_into(&self, parent: &Trace<'_>, anchor: Prev) -> usize {
        let offset = match self.offset.get() {
            Some(o) => o,
            None => {
                let o = parent.len();
                self.offset.set(Some(o));
                o
            }
        };
        let pending: Vec<Pending> = self.events.borrow_mut().drain(..).collect();
        self.moved.set(self.moved.get() + pending.len());
        for mut ev in pending {
            ev.prev = match ev.prev {
                Prev::Local(i) => Prev::Local(i + offset),
                Prev::Anchor => anchor,
                Prev::None => Prev::None,
            };
            map_cause(&mut ev.details, |c| rebase_refs(c, offset));
            parent.append(ev);
        }
        offset
    }

    /// Follows which states are open, from an event of type `kind` about the state `name`.
    fn track_open(&self, kind: &str, name: &str) {
        let mut open = self.open.borrow_mut();
        if let Some(t) = kind.strip_suffix("StateEntered") {
            open.push((t.to_string(), name.to_string()));
        } else if kind.ends_with("StateExited") {
            if let Some(i) = open.iter().rposition(|(_, n)| n == name) {
                open.truncate(i);
            }
        } else if let Some(t) = kind.strip_suffix("StateFailed") {
            // A failed Map or Parallel is closed (not aborted later).
            if let Some(i) = open.iter().rposition(|(o, _)| o == t) {
                open.truncate(i);
            }
        }
    }

    /// The type (`Task`, `Map`, …) of the outermost state this trace entered and did not
    /// leave, if any (whether or not its events were moved into the parent already).
    pub fn open_state_type(&self) -> Option<String> {
        self.open.borrow().first().map(|(t, _)| t.clone())
    }

    /// How many events this trace holds (a buffer: including those moved out).
    pub fn len(&self) -> usize {
        match &self.root {
            Some(r) => r.len.get(),
            None => self.moved.get() + self.events.borrow().len(),
        }
    }

    /// The recorded history (root trace only; empty unless kept).
    pub fn into_history(self) -> Vec<HistoryEvent> {
        self.root
            .map(|r| r.history.into_inner())
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splicing_rebases_references() {
        let budget = Budget::new(100);
        let root = Trace::root(&budget, None, true);
        let a = root.push("A", 0, Prev::None, None);
        let child = Trace::buffer(&budget);
        let c0 = child.push("C0", 0, Prev::Anchor, None);
        child.push(
            "C1",
            0,
            Prev::Local(c0),
            Some((
                "d".into(),
                serde_json::json!({"cause": format!("entered at #{}", event_ref(c0))}),
            )),
        );
        let offset = child.drain_into(&root, Prev::Local(a));
        assert_eq!(offset, 1);
        let h = root.into_history();
        let ids: Vec<(u64, u64)> = h.iter().map(|e| (e.id, e.previous_event_id)).collect();
        assert_eq!(ids, vec![(1, 0), (2, 1), (3, 2)]);
        assert_eq!(
            h[2].detail("cause").and_then(Value::as_str),
            Some("entered at #2")
        );
    }
}
