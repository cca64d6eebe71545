//! Distributed Map states: a Map Run whose iterations are child executions of their own.
//! The parent history records only `MapRunStarted` and `MapRunSucceeded`/`MapRunFailed`
//! (the children's events belong to their own executions); failures up to the tolerated
//! count or percentage leave the Map Run successful, more fail it with
//! `States.ExceedToleratedFailureThreshold`.

use crate::query::Scope;
use std::cell::{Cell, RefCell};

use futures_util::stream::{self, StreamExt};
use serde_json::{json, Value};

use super::io::integer;
use super::item_reader::TURN_ITEMS;
use super::machine::{StateVisit, Variables};
use super::trace::{Budget, Prev, Trace};
use super::Run;
use crate::config::ExecutionConfig;
use crate::definition::{ItemBatcher, Map, Template};
use crate::errors::{RuntimeError, MAX_PAYLOAD_BYTES};
use crate::exec::Status;
use crate::history::json_text;
use crate::host::uuid;
use crate::map_run::{child_status, MapRunCounts, MapRunExecution, MapRunReport};
use crate::path::Path;
use crate::payload;

/// AWS's default limit on a Map Run's concurrent child executions.
pub const MAX_DISTRIBUTED_CONCURRENCY: usize = 10_000;

/// The error of a Map Run whose failures exceed the tolerated count or percentage.
pub const EXCEED_TOLERATED_FAILURE_THRESHOLD: &str = "States.ExceedToleratedFailureThreshold";

/// One child execution of a Map Run, as it ended.
pub(super) struct Child {
    /// Its execution ARN.
    pub arn: String,
    /// Its state machine's ARN (the Map Run's).
    pub machine_arn: String,
    /// Its name.
    pub name: String,
    /// Its input (kept only when a `ResultWriter` needs it).
    pub input: Option<Value>,
    /// Its output or error.
    pub result: Result<Value, RuntimeError>,
    /// When it started and stopped (ms since the epoch).
    pub start_ms: i64,
    /// See `start_ms`.
    pub stop_ms: i64,
}

/// The items a Map Run works on, and how it runs them.
pub(super) struct MapRunItems<'v> {
    /// The Map's effective input (`$` for `ItemBatcher.BatchInput`).
    pub effective: &'v Value,
    /// The items after `ItemSelector`.
    pub inputs: Vec<Value>,
    /// `MaxConcurrency(Path)`; 0: no limit.
    pub max_concurrency: u64,
}

impl Run<'_> {
    /// Runs a Distributed Map after its `MapStateStarted` event (`started`).
    pub(super) async fn run_map_run(
        &self,
        visit: &StateVisit<'_>,
        map: &Map,
        started: usize,
        prev: &mut Prev,
        items: MapRunItems<'_>,
    ) -> Result<Value, RuntimeError> {
        let (state, raw, ctx) = (visit.state, visit.input, &visit.context);
        let (trace, entered) = (visit.trace, visit.entered);
        let total = items.inputs.len();
        let tolerance = self.tolerance(map, raw, ctx).map_err(|e| {
            // AWS: ExecutionFailed follows MapStateStarted, with no MapStateFailed.
            *prev = Prev::Local(started);
            self.no_state_failed.set(true);
            self.in_state(state, entered, e)
        })?;
        let inputs = match &map.run.item_batcher {
            Some(b) => self
                .batches(b, items.inputs, items.effective, raw, ctx)
                .await
                .map_err(|e| {
                    *prev = Prev::Local(started);
                    self.no_state_failed.set(true);
                    self.in_state(state, entered, e)
                })?,
            None => items.inputs,
        };
        let sizes: Vec<usize> = inputs
            .iter()
            .map(|i| match (&map.run.item_batcher, i.get("Items")) {
                (Some(_), Some(Value::Array(a))) => a.len(),
                _ => 1,
            })
            .collect();
        let label = map
            .run
            .label
            .clone()
            .unwrap_or_else(|| uuid(self.host.rng)[..8].to_string());
        let run_id = uuid(self.host.rng);
        let map_run_arn = crate::arn::map_run(
            &self.config.region,
            &self.config.account,
            &self.config.state_machine_name,
            &label,
            &run_id,
        );
        let run_started = trace.push(
            "MapRunStarted",
            self.now(),
            Prev::Local(started),
            Some((
                "mapRunStartedEventDetails".into(),
                json!({ "mapRunArn": map_run_arn }),
            )),
        );
        let limit = match items.max_concurrency {
            0 => MAX_DISTRIBUTED_CONCURRENCY,
            n => usize::try_from(n)
                .unwrap_or(usize::MAX)
                .min(MAX_DISTRIBUTED_CONCURRENCY),
        };
        let machine_name = format!("{}/{label}", self.config.state_machine_name);
        let writer = map.run.result_writer.as_ref();
        let report = RefCell::new(MapRunReport {
            map_run_arn: map_run_arn.clone(),
            execution_arn: self.config.execution_arn(),
            state_name: state.name.clone(),
            status: Status::Running,
            start_ms: self.now(),
            stop_ms: None,
            max_concurrency: items.max_concurrency,
            tolerated_failure_count: tolerance.count.unwrap_or(0),
            tolerated_failure_percentage: tolerance.percentage.unwrap_or(0.0),
            item_counts: MapRunCounts::pending(total as u64),
            execution_counts: MapRunCounts::pending(inputs.len() as u64),
            executions: std::rc::Rc::default(),
        });
        self.report_map_run(&report.borrow());
        let ran = self
            .run_children_executions(
                map,
                inputs,
                limit,
                &machine_name,
                visit.vars,
                writer.is_some(),
                (&report, &sizes),
            )
            .await;
        let children = match ran {
            Ok(children) => children,
            Err(e) => {
                let status = if self.aborted.get() {
                    Status::Aborted
                } else {
                    Status::Failed
                };
                self.end_map_run(&report, status, false);
                return Err(e);
            }
        };
        // The Map Run's own view: every child execution, in item order.
        {
            let mut r = report.borrow_mut();
            r.executions = std::rc::Rc::new(
                children
                    .iter()
                    .zip(&sizes)
                    .map(|(c, &n)| MapRunExecution {
                        name: c.name.clone(),
                        execution_arn: c.arn.clone(),
                        status: child_status(c.result.as_ref().err().map(|e| e.error.as_str())),
                        items: n as u64,
                        start_ms: c.start_ms,
                        stop_ms: c.stop_ms,
                        error: c.result.as_ref().err().map(|e| e.error.clone()),
                    })
                    .collect(),
            );
        }
        // The results go to S3 (or are transformed) once all children have run, whether the
        // Map Run then succeeds or not.
        let written = match writer {
            Some(w) => Some(
                self.write_results(visit, w, &map_run_arn, &run_id, &children)
                    .await
                    .map_err(|e| {
                        self.end_map_run(&report, Status::Failed, false);
                        *prev = Prev::Local(run_started);
                        self.in_state(state, entered, e)
                    })?,
            ),
            None => None,
        };
        let results: Vec<Result<Value, RuntimeError>> =
            children.into_iter().map(|c| c.result).collect();
        // AWS counts failed items: a failed batch counts every item in it.
        let failed: usize = results
            .iter()
            .zip(&sizes)
            .filter(|(r, _)| r.is_err())
            .map(|(_, n)| n)
            .sum();
        let exceeded = tolerance.exceeded(failed, total);
        let status = if exceeded {
            Status::Failed
        } else {
            Status::Succeeded
        };
        self.end_map_run(&report, status, written.is_some());
        if exceeded {
            let cause = "The specified tolerance threshold was exceeded";
            let failed_at = trace.push(
                "MapRunFailed",
                self.now(),
                Prev::Local(run_started),
                Some((
                    "mapRunFailedEventDetails".into(),
                    json!({"error": EXCEED_TOLERATED_FAILURE_THRESHOLD, "cause": cause}),
                )),
            );
            *prev = Prev::Local(failed_at);
            return Err(RuntimeError::new(EXCEED_TOLERATED_FAILURE_THRESHOLD, cause));
        }
        let succeeded = trace.push(
            "MapRunSucceeded",
            self.now(),
            Prev::Local(run_started),
            None,
        );
        trace.push(
            "MapStateSucceeded",
            self.now(),
            Prev::Local(succeeded),
            None,
        );
        // AWS (recorded since late 2024): MapStateExited follows MapRunStarted.
        *prev = Prev::Local(run_started);
        if let Some(written) = written {
            return Ok(written);
        }
        Ok(Value::Array(
            results
                .into_iter()
                .map(|r| r.unwrap_or_else(|e| json!({"Error": e.error, "Cause": e.cause})))
                .collect(),
        ))
    }

    /// Ends the Map Run's report with `status` (its results all written when `written`) and
    /// hands it to the observer.
    fn end_map_run(&self, report: &RefCell<MapRunReport>, status: Status, written: bool) {
        let mut r = report.borrow_mut();
        r.status = status;
        r.stop_ms = Some(self.now());
        if written {
            r.item_counts.results_written = r.item_counts.total;
            r.execution_counts.results_written = r.execution_counts.total;
        }
        self.report_map_run(&r);
    }

    /// Hands the Map Run's report to the observer.
    fn report_map_run(&self, report: &MapRunReport) {
        if let Some(o) = self.host.observer {
            o.on_map_run(report);
        }
    }

    /// Runs each input as a child execution (own history, own context object), up to
    /// `limit` at a time; results in input order. The `report`'s counts follow them (each
    /// input has its number of items in `sizes`).
    #[allow(clippy::too_many_arguments)]
    async fn run_children_executions(
        &self,
        map: &Map,
        inputs: Vec<Value>,
        limit: usize,
        machine_name: &str,
        vars: &Variables,
        keep_inputs: bool,
        (report, sizes): (&RefCell<MapRunReport>, &[usize]),
    ) -> Result<Vec<Child>, RuntimeError> {
        let runs = inputs.into_iter().enumerate().map(|(k, input)| {
            let items = sizes.get(k).copied().unwrap_or(1) as u64;
            let name = uuid(self.host.rng);
            let mut config = ExecutionConfig::new(machine_name, &name);
            config.account.clone_from(&self.config.account);
            config.region.clone_from(&self.config.region);
            config.role_arn.clone_from(&self.config.role_arn);
            config.machine_type = map.run.child_machine_type;
            async move {
                // A child's history is not kept (AWS shows it apart): no details needed.
                let budget = Budget::new(config.machine_type.max_events()).detailed(false);
                let trace = Trace::buffer(&budget);
                // Each child is an execution of its own, with its own count of transitions.
                let steps = Cell::new(0);
                let child = Run {
                    host: self.host,
                    config: &config,
                    input: input.clone(),
                    start_ms: self.now(),
                    steps: &steps,
                    max_steps: config.machine_type.max_steps(),
                    budget: &budget,
                    deadline_ms: self.deadline_ms,
                    timed_out: self.timed_out,
                    aborted: self.aborted,
                    raw_input: RefCell::new(None),
                    no_state_failed: Cell::new(false),
                    extras: self.extras,
                };
                let start_ms = self.now();
                let kept = keep_inputs.then(|| input.clone());
                {
                    let mut r = report.borrow_mut();
                    r.item_counts.start(items);
                    r.execution_counts.start(1);
                }
                let outcome = child
                    .run_machine(&map.processor, input, &trace, Prev::None, vars.clone())
                    .await;
                {
                    let status =
                        child_status(outcome.result.as_ref().err().map(|e| e.error.as_str()));
                    let mut r = report.borrow_mut();
                    r.item_counts.end(items, status);
                    r.execution_counts.end(1, status);
                    self.report_map_run(&r);
                }
                Child {
                    arn: config.execution_arn(),
                    machine_arn: config.state_machine_arn(),
                    name,
                    input: kept,
                    result: outcome.result,
                    start_ms,
                    stop_ms: self.now(),
                }
            }
        });
        let results: Vec<Child> = stream::iter(runs).buffered(limit.max(1)).collect().await;
        self.check_deadline()?;
        if self.aborted.get() {
            return Err(RuntimeError::new("States.Aborted", ""));
        }
        Ok(results)
    }

    /// The tolerated failures, from the literal fields or their paths.
    fn tolerance(&self, map: &Map, raw: &Value, ctx: &Value) -> Result<Tolerance, RuntimeError> {
        let r = &map.run;
        let scope = Scope::of(raw, ctx, self.now(), self.host.rng);
        let count = match &r.tolerated_failure_count {
            Some(c) => Some(c.resolve(&scope, "ToleratedFailureCount", count)?),
            None => None,
        };
        let percentage = match &r.tolerated_failure_percentage {
            Some(p) => Some(p.resolve(&scope, "ToleratedFailurePercentage", percentage)?),
            None => None,
        };
        Ok(Tolerance { count, percentage })
    }

    /// Groups the items into `{"Items": [...], "BatchInput": ...}` batches.
    async fn batches(
        &self,
        batcher: &ItemBatcher,
        inputs: Vec<Value>,
        effective: &Value,
        raw: &Value,
        ctx: &Value,
    ) -> Result<Vec<Value>, RuntimeError> {
        let scope = Scope::of(raw, ctx, self.now(), self.host.rng);
        let max_items = match &batcher.max_items_per_batch {
            Some(n) => {
                Some(n.resolve(&scope, "MaxItemsPerBatch", integer("MaxItemsPerBatchPath"))?)
            }
            None => None,
        }
        .filter(|&n| n > 0)
        .map_or(usize::MAX, |n| usize::try_from(n).unwrap_or(usize::MAX));
        let max_bytes = match &batcher.max_input_bytes_per_batch {
            Some(n) => Some(n.resolve(
                &scope,
                "MaxInputBytesPerBatch",
                integer("MaxInputBytesPerBatchPath"),
            )?),
            None => None,
        }
        .filter(|&n| n > 0)
        .map_or(MAX_PAYLOAD_BYTES, |n| {
            usize::try_from(n)
                .unwrap_or(usize::MAX)
                .min(MAX_PAYLOAD_BYTES)
        });
        let batch_input = match &batcher.batch_input {
            Some(Template::JsonPath(t)) => {
                Some(payload::evaluate_with(t, effective, ctx, self.host.rng)?)
            }
            Some(Template::Jsonata(t)) => Some(t.evaluate("ItemBatcher/BatchInput", &scope)?),
            None => None,
        };
        let wrap = |items: Vec<Value>| {
            let mut b = serde_json::Map::new();
            if let Some(bi) = &batch_input {
                b.insert("BatchInput".into(), bi.clone());
            }
            b.insert("Items".into(), Value::Array(items));
            Value::Object(b)
        };
        let mut out = Vec::new();
        let mut current: Vec<Value> = Vec::new();
        let mut bytes = 0;
        for (k, item) in inputs.into_iter().enumerate() {
            if k % TURN_ITEMS == TURN_ITEMS - 1 {
                self.take_turn().await;
            }
            let size = json_text(&item).len();
            if !current.is_empty() && (current.len() >= max_items || bytes + size > max_bytes) {
                out.push(wrap(std::mem::take(&mut current)));
                bytes = 0;
            }
            bytes += size;
            current.push(item);
        }
        if !current.is_empty() {
            out.push(wrap(current));
        }
        Ok(out)
    }
}

/// How many failed child executions a Map Run tolerates.
struct Tolerance {
    count: Option<u64>,
    percentage: Option<f64>,
}

impl Tolerance {
    /// Whether `failed` of `total` child executions fail the Map Run: more than either
    /// tolerated amount (none set: any failure).
    fn exceeded(&self, failed: usize, total: usize) -> bool {
        if failed == 0 {
            return false;
        }
        let by_count = self.count.map(|c| failed as u64 > c);
        let by_percentage = self
            .percentage
            .map(|p| failed as f64 * 100.0 > p * total.max(1) as f64);
        match (by_count, by_percentage) {
            (None, None) => true,
            (Some(c), None) => c,
            (None, Some(p)) => p,
            (Some(c), Some(p)) => c || p,
        }
    }
}

/// What `ToleratedFailureCountPath` selected, as a count.
fn count(path: &Path, v: Value) -> Result<u64, RuntimeError> {
    let n = v
        .as_i64()
        .or_else(|| v.as_str().and_then(|t| t.trim().parse::<i64>().ok()));
    match n {
        Some(n) if n < 0 => Err(RuntimeError::runtime(
            "ToleratedFailureCount cannot be negative.",
        )),
        Some(n) => Ok(n.unsigned_abs()),
        None => Err(RuntimeError::runtime(format!(
            "The ToleratedFailureCountPath field refers to value \"{}\" which is not a valid integer: {}",
            shown(&v),
            path.text
        ))),
    }
}

/// What `ToleratedFailurePercentagePath` selected, as a percentage.
fn percentage(path: &Path, v: Value) -> Result<f64, RuntimeError> {
    let n = v
        .as_f64()
        .or_else(|| v.as_str().and_then(|t| t.trim().parse::<f64>().ok()))
        .filter(|n| n.is_finite());
    match n {
        Some(n) if !(0.0..=100.0).contains(&n) => Err(RuntimeError::runtime(
            "ToleratedFailurePercentage must be between 0 and 100.",
        )),
        Some(n) => Ok(n),
        None => Err(RuntimeError::runtime(format!(
            "The ToleratedFailurePercentagePath field refers to value \"{}\" which is not a valid float: {}",
            shown(&v),
            path.text
        ))),
    }
}

fn shown(v: &Value) -> String {
    v.as_str().map_or_else(|| json_text(v), String::from)
}
