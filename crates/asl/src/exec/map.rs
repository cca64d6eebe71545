//! Map states (Distributed mode's Map Run is in `map_run`), and the branch runner Parallel
//! shares: one iteration per item, up to `MaxConcurrency` at a time (AWS's inline
//! limit, 40, when unset), results in item order. Each iteration records into its own
//! buffer, moved into the history in index order: the iteration whose turn it is as it
//! runs (so live views follow it), later ones when their turn comes.

use std::borrow::Cow;
use std::cell::RefCell;
use std::future::poll_fn;
use std::rc::Rc;

use futures_util::stream::{self, StreamExt};
use serde_json::{json, Value};

use super::io::integer;
use super::item_reader::TURN_ITEMS;
use super::machine::{Outcome, StateVisit};
use super::trace::{rebase_refs, Prev, Trace};
use super::Run;
use crate::definition::{Items, Map, StateMachine, Template};
use crate::errors::RuntimeError;
use crate::history;
use crate::payload;
use crate::query::Scope;

/// AWS's limit on concurrent iterations of an inline Map.
pub const MAX_INLINE_CONCURRENCY: usize = 40;

fn shift(p: Prev, offset: usize) -> Prev {
    match p {
        Prev::Local(i) => Prev::Local(i + offset),
        other => other,
    }
}

/// The sub-machines a Map or Parallel state runs: Map iterations, or Parallel branches when
/// `map_name` is `None`.
pub(super) struct Children<'n, I> {
    /// How many there are.
    pub count: usize,
    /// The machine and input of each, made as each starts.
    pub machines: I,
    /// How many run at a time.
    pub limit: usize,
    /// The Map state's name (for its iterations' events); `None` for Parallel branches.
    pub map_name: Option<&'n str>,
}

impl Run<'_> {
    /// Lets the host take a turn ([`crate::Observer::take_turn`]) in long work that waits
    /// for nothing.
    pub(super) async fn take_turn(&self) {
        if let Some(wait) = self.host.observer.and_then(|o| o.take_turn()) {
            wait.await;
        }
    }

    pub(super) async fn run_map(
        &self,
        visit: &StateVisit<'_>,
        map: &Map,
        prev: &mut Prev,
    ) -> Result<(Value, Option<super::machine::Assignment>), RuntimeError> {
        let (state, raw, ctx) = (visit.state, visit.input, &visit.context);
        let (trace, entered) = (visit.trace, visit.entered);
        let effective = super::io::select_ref(state.input_path(), raw, ctx)
            .map_err(|e| self.in_state(state, entered, e))?;
        // The items stay where they are (a definite ItemsPath borrows them): each
        // iteration gets its copy as it starts, so a large Map never holds two copies.
        let reader = map.run.item_reader.as_ref().filter(|_| map.distributed);
        let found = match (reader, &map.items) {
            // A Distributed Map's ItemReader: the items come from S3.
            (Some(reader), _) => Cow::Owned(self.read_items(visit, reader, &effective).await?),
            (None, Items::Jsonata(items)) => Cow::Owned(self.jsonata_items(visit, items.as_ref())?),
            (None, Items::Path(path)) => super::io::select_ref(Some(path), &effective, ctx)
                .and_then(|v| match v {
                    Cow::Borrowed(Value::Array(a)) => Ok(Cow::Borrowed(a.as_slice())),
                    Cow::Owned(Value::Array(a)) => Ok(Cow::Owned(a)),
                    other => Err(RuntimeError::runtime(format!(
                        "Map state input must be an array but was: {}",
                        crate::query::json_type(&other)
                    ))),
                })
                .map_err(|e| self.in_state(state, entered, e))?,
        };
        let items: &[Value] = &found;
        let length = items.len();
        let selected = match &map.item_selector {
            Some(t) => {
                // One copy of the context, its `Map.Item` updated per item.
                let mut ictx = ctx.clone();
                let mut inputs = Vec::with_capacity(length);
                for (index, item) in items.iter().enumerate() {
                    if index % TURN_ITEMS == TURN_ITEMS - 1 {
                        self.take_turn().await;
                    }
                    ictx["Map"] = json!({"Item": {"Index": index, "Value": item}});
                    let input = match t {
                        Template::JsonPath(t) => {
                            payload::evaluate_with(t, &effective, &ictx, self.host.rng)
                        }
                        Template::Jsonata(t) => t.evaluate(
                            "ItemSelector",
                            &Scope::of(raw, &ictx, self.now(), self.host.rng),
                        ),
                    }
                    .map_err(|e| self.in_state(state, entered, e))?;
                    inputs.push(input);
                }
                Some(inputs)
            }
            // The items are the iterations' inputs as they are.
            None => None,
        };
        let max = map
            .max_concurrency
            .resolve(
                &self.scope(visit),
                "MaxConcurrency",
                integer("MaxConcurrencyPath"),
            )
            .map_err(|e| self.in_state(state, entered, e))?;
        let started = trace.push(
            "MapStateStarted",
            self.now(),
            *prev,
            Some((
                "mapStateStartedEventDetails".into(),
                json!({"length": length}),
            )),
        );
        if map.distributed {
            let items = super::map_run::MapRunItems {
                effective: &effective,
                inputs: selected.unwrap_or_else(|| items.to_vec()),
                max_concurrency: max,
            };
            let results = self.run_map_run(visit, map, started, prev, items).await?;
            return self.state_output(visit, results);
        }
        let limit = match max {
            0 => MAX_INLINE_CONCURRENCY,
            n => usize::try_from(n)
                .unwrap_or(usize::MAX)
                .min(MAX_INLINE_CONCURRENCY),
        };
        let inputs: Box<dyn Iterator<Item = Value> + '_> = match selected {
            Some(inputs) => Box::new(inputs.into_iter()),
            None => Box::new(items.iter().cloned()),
        };
        let children = Children {
            count: length,
            machines: inputs.map(|input| (&map.processor, input)),
            limit,
            map_name: Some(&state.name),
        };
        let results = self.run_children(visit, started, children, prev).await?;
        trace.push("MapStateSucceeded", self.now(), *prev, None);
        self.state_output(visit, Value::Array(results))
    }

    /// Runs the `children` of the Map or Parallel state `visit` (started by its event
    /// `started`), each into its own buffer, moved into the state's trace in order (the
    /// current one as it grows); each starts with the variables in the state's scope. On
    /// success `prev` is the last spliced event; on failure the last event of the failed
    /// child (the caller records `MapStateFailed`/`ParallelStateFailed` unless it retries).
    pub(super) async fn run_children<'m>(
        &self,
        visit: &StateVisit<'_>,
        started: usize,
        children: Children<'_, impl Iterator<Item = (&'m StateMachine, Value)>>,
        prev: &mut Prev,
    ) -> Result<Vec<Value>, RuntimeError> {
        let (trace, vars) = (visit.trace, visit.vars);
        let budget = self.budget;
        let Children {
            count,
            machines: children,
            limit,
            map_name,
        } = children;
        // One buffer per child, made as the child starts (they start in order).
        // A finished child's buffer is dropped once it has been moved into `trace`.
        let traces: RefCell<Vec<Option<Rc<Trace<'_>>>>> = RefCell::new(Vec::new());
        let traces = &traces;
        let runs = children.enumerate().map(|(index, (machine, input))| {
            let t = Rc::new(Trace::buffer(budget));
            traces.borrow_mut().push(Some(Rc::clone(&t)));
            async move {
                let first = match map_name {
                    Some(name) => Prev::Local(t.push(
                        "MapIterationStarted",
                        self.now(),
                        Prev::Anchor,
                        t.detailed().then(|| {
                            history::iteration("mapIterationStartedEventDetails", index, name)
                        }),
                    )),
                    None => Prev::Anchor,
                };
                let outcome: Outcome = self
                    .run_machine(machine, input, &t, first, vars.clone())
                    .await;
                if let Some(name) = map_name.filter(|_| !self.aborted.get()) {
                    let (kind, member) = match outcome.result {
                        Ok(_) => ("MapIterationSucceeded", "mapIterationSucceededEventDetails"),
                        Err(_) => ("MapIterationFailed", "mapIterationFailedEventDetails"),
                    };
                    t.push(
                        kind,
                        self.now(),
                        outcome.last,
                        t.detailed()
                            .then(|| history::iteration(member, index, name)),
                    );
                }
                outcome
            }
        });
        let mut running = stream::iter(runs).buffered(limit.max(1));
        let mut results = Vec::with_capacity(count);
        let mut cursor = Prev::Local(started);
        let mut last_end = Prev::Local(started);
        while results.len() < count {
            let index = results.len();
            let anchor = if map_name.is_some() {
                cursor
            } else {
                Prev::Local(started)
            };
            let head = || traces.borrow().get(index).cloned().flatten();
            // The child whose turn it is goes into the history as it grows (live views).
            let next = poll_fn(|cx| {
                let polled = running.poll_next_unpin(cx);
                if let Some(t) = head() {
                    t.drain_into(trace, anchor);
                }
                polled
            })
            .await;
            let (Some(outcome), Some(t)) = (next, head()) else {
                break;
            };
            let offset = t.drain_into(trace, anchor);
            let len = t.len();
            let inner_last = shift(outcome.last, offset);
            match outcome.result {
                Ok(v) => {
                    traces.borrow_mut()[index] = None;
                    results.push(v);
                    cursor = inner_last;
                    if len > 0 {
                        last_end = Prev::Local(offset + len - 1);
                    }
                }
                Err(e) => {
                    *prev = inner_last;
                    // Iterations started after this one are aborted (AWS records, after the
                    // failed iteration, each one's open state as aborted and the iteration
                    // as aborted, all following the failure).
                    drop(running);
                    if map_name.is_none() && !self.aborted.get() {
                        // A Parallel: the failed branch's open state (a failed Task, not a
                        // Fail state) and the later branches' open states are aborted, after
                        // the failure (AWS's recordings).
                        let all: Vec<Rc<Trace<'_>>> = traces
                            .borrow()
                            .iter()
                            .skip(index)
                            .flatten()
                            .cloned()
                            .collect();
                        for t in all {
                            if let Some(open) = t.open_state_type().filter(|o| o != "Fail") {
                                trace.push(
                                    &format!("{open}StateAborted"),
                                    self.now(),
                                    inner_last,
                                    None,
                                );
                            }
                        }
                    }
                    if let Some(name) = map_name.filter(|_| !self.aborted.get()) {
                        let later: Vec<Rc<Trace<'_>>> = traces
                            .borrow()
                            .iter()
                            .skip(index + 1)
                            .flatten()
                            .cloned()
                            .collect();
                        for (k, t) in later.iter().enumerate() {
                            let now = self.now();
                            if let Some(open) = t.open_state_type() {
                                trace.push(&format!("{open}StateAborted"), now, inner_last, None);
                            }
                            let details = history::iteration(
                                "mapIterationAbortedEventDetails",
                                index + 1 + k,
                                name,
                            );
                            trace.push("MapIterationAborted", now, inner_last, Some(details));
                        }
                    }
                    return Err(RuntimeError::new(e.error, rebase_refs(&e.cause, offset)));
                }
            }
        }
        *prev = last_end;
        Ok(results)
    }
}
