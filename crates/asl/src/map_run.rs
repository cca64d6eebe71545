//! A Distributed Map's Map Run as AWS describes it apart from the parent's history
//! (DescribeMapRun: its status and the counts of items and child executions by status;
//! ListExecutions with the Map Run's ARN: the child executions). The interpreter hands a
//! [`MapRunReport`] to its observer ([`crate::Observer::on_map_run`]) when the Map Run
//! starts, each time a child execution ends (counts only), and once more when it ends, with
//! every child execution.

use serde_json::{json, Value};

use crate::exec::Status;

/// Items or child executions of a Map Run, by status (DescribeMapRun's `itemCounts` and
/// `executionCounts`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MapRunCounts {
    /// Not started yet.
    pub pending: u64,
    /// Started, not ended.
    pub running: u64,
    /// Ended successfully.
    pub succeeded: u64,
    /// Ended in an error.
    pub failed: u64,
    /// Ran out of time.
    pub timed_out: u64,
    /// Stopped.
    pub aborted: u64,
    /// All of them.
    pub total: u64,
    /// Whose results a `ResultWriter` wrote.
    pub results_written: u64,
}

impl MapRunCounts {
    /// `total` of them, all pending.
    pub fn pending(total: u64) -> Self {
        Self {
            pending: total,
            total,
            ..Self::default()
        }
    }

    /// `n` of the pending ones start running.
    pub fn start(&mut self, n: u64) {
        self.pending = self.pending.saturating_sub(n);
        self.running += n;
    }

    /// `n` of the running ones end with `status`.
    pub fn end(&mut self, n: u64, status: Status) {
        self.running = self.running.saturating_sub(n);
        match status {
            Status::Succeeded => self.succeeded += n,
            Status::TimedOut => self.timed_out += n,
            Status::Aborted => self.aborted += n,
            Status::Failed => self.failed += n,
            Status::Running => self.running += n,
        }
    }

    /// As DescribeMapRun has them.
    pub fn to_json(&self) -> Value {
        json!({
            "pending": self.pending,
            "running": self.running,
            "succeeded": self.succeeded,
            "failed": self.failed,
            "timedOut": self.timed_out,
            "aborted": self.aborted,
            "total": self.total,
            "resultsWritten": self.results_written,
        })
    }
}

/// One child execution of a Map Run, as it ended.
#[derive(Debug, Clone, PartialEq)]
pub struct MapRunExecution {
    /// Its name.
    pub name: String,
    /// Its ARN.
    pub execution_arn: String,
    /// How it ended.
    pub status: Status,
    /// How many items it worked on (a batch's size; else 1).
    pub items: u64,
    /// When it started (ms since the epoch).
    pub start_ms: i64,
    /// When it stopped.
    pub stop_ms: i64,
    /// Its error, when it did not succeed.
    pub error: Option<String>,
}

/// A Map Run: what DescribeMapRun says of it, and its child executions once it ended.
#[derive(Debug, Clone, PartialEq)]
pub struct MapRunReport {
    /// `arn:aws:states:…:mapRun:MACHINE/LABEL:ID`.
    pub map_run_arn: String,
    /// The parent execution's ARN.
    pub execution_arn: String,
    /// The Distributed Map state's name.
    pub state_name: String,
    /// Running until it ends; then Succeeded, Failed or Aborted.
    pub status: Status,
    /// When it started (ms since the epoch).
    pub start_ms: i64,
    /// When it ended.
    pub stop_ms: Option<i64>,
    /// How many child executions may run at once.
    pub max_concurrency: u64,
    /// The failures it tolerates, as a count (0: none).
    pub tolerated_failure_count: u64,
    /// The failures it tolerates, as a percentage (0: none).
    pub tolerated_failure_percentage: f64,
    /// Its items by status.
    pub item_counts: MapRunCounts,
    /// Its child executions by status.
    pub execution_counts: MapRunCounts,
    /// Its child executions in item order (empty until it ends; shared, as the report is
    /// copied where it is shown).
    pub executions: std::rc::Rc<Vec<MapRunExecution>>,
}

impl MapRunReport {
    /// DescribeMapRun's answer (dates in seconds, as the AWS CLI prints them).
    pub fn describe(&self) -> Value {
        let mut v = json!({
            "mapRunArn": self.map_run_arn,
            "executionArn": self.execution_arn,
            "status": self.status.as_str(),
            "startDate": self.start_ms as f64 / 1000.0,
            "maxConcurrency": self.max_concurrency,
            "toleratedFailurePercentage": self.tolerated_failure_percentage,
            "toleratedFailureCount": self.tolerated_failure_count,
            "itemCounts": self.item_counts.to_json(),
            "executionCounts": self.execution_counts.to_json(),
        });
        if let Some(stop) = self.stop_ms {
            v["stopDate"] = json!(stop as f64 / 1000.0);
        }
        v
    }
}

/// A child execution's status from how it ended: `States.Timeout` is a timeout, an abort an
/// abort, any other error a failure.
pub fn child_status(error: Option<&str>) -> Status {
    match error {
        None => Status::Succeeded,
        Some("States.Timeout") => Status::TimedOut,
        Some("States.Aborted") => Status::Aborted,
        Some(_) => Status::Failed,
    }
}
