//! Table-driven fixtures for Retry arithmetic (issue 3).
//!
//! Sources: the AWS Step Functions Developer Guide, "Handling errors in Step Functions
//! workflows" › "Retrying after an error" (IntervalSeconds: default 1; MaxAttempts: default
//! 3, "a value of 0 … the error is never retried"; BackoffRate: default 2.0, "the multiplier
//! by which the retry interval increases during each attempt"; MaxDelaySeconds: "the
//! maximum value, in seconds, up to which a retry interval can increase";
//! JitterStrategy FULL/NONE; "States.ALL … must appear alone in the ErrorEquals array and
//! must appear in the last retrier"; "Retry behavior example": IntervalSeconds 3,
//! MaxAttempts 2, BackoffRate 1.5 waits 3 s then 4.5 s; "Complex retry scenarios": each
//! retrier keeps its own attempt count), and executions recorded on AWS (the conformance
//! data set's `errors_retry_catch` cases, cited per row; their timestamps are masked, so they
//! give attempt counts, not delays).
//!
//! A row runs a Task (fake Lambda `f` that fails) on the virtual clock; a retry's delay is
//! the time from a `LambdaFunctionFailed` to the next `LambdaFunctionScheduled`.

mod common;

use std::cell::Cell;

use asl::host::{
    Invocation, InvocationOutcome, InvocationResult, LocalBoxFuture, SplitMix64, TaskRunner,
    VirtualClock,
};
use asl::{Execution, ExecutionConfig, Host};
use common::START_MS;
use serde_json::{json, Value};

/// Fails with the given error names in turn, then succeeds with its input.
struct Errors(Vec<&'static str>, Cell<usize>);

impl TaskRunner for Errors {
    fn invoke(&self, inv: Invocation) -> LocalBoxFuture<'_, InvocationResult> {
        let n = self.1.get();
        self.1.set(n + 1);
        let outcome = match self.0.get(n) {
            Some(e) => InvocationOutcome::Failed {
                error_type: e.to_string(),
                error_message: format!("attempt {n}"),
                trace: vec![],
            },
            None => InvocationOutcome::Succeeded {
                payload: inv.payload,
            },
        };
        Box::pin(async move {
            InvocationResult {
                metrics: Default::default(),
                outcome,
                logs: vec![],
                duration_ms: 5.0,
            }
        })
    }
}

fn run_task(retry: Value, errors: Vec<&'static str>) -> Execution {
    let def = json!({"StartAt": "T", "States": {"T": {"Type": "Task",
        "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
        "Retry": retry, "End": true}}})
    .to_string();
    let def = asl::load(&def).unwrap_or_else(|d| panic!("{d:?}"));
    let clock = VirtualClock::new(START_MS);
    let rng = SplitMix64::new(42);
    let tasks = Errors(errors, Cell::new(0));
    let host = Host::new(&tasks, &clock, &rng);
    asl::block_on(asl::execute(
        &def,
        json!({}),
        &ExecutionConfig::new("Machine", "exec-1"),
        host,
    ))
}

/// The delays (ms) before each retry.
fn delays(e: &Execution) -> Vec<i64> {
    let mut out = vec![];
    let mut failed_at = None;
    for ev in &e.history {
        match ev.kind.as_str() {
            "LambdaFunctionFailed" => failed_at = Some(ev.timestamp_ms),
            "LambdaFunctionScheduled" => {
                if let Some(t) = failed_at.take() {
                    out.push(ev.timestamp_ms - t);
                }
            }
            _ => {}
        }
    }
    out
}

fn attempts(e: &Execution) -> usize {
    e.history
        .iter()
        .filter(|ev| ev.kind == "LambdaFunctionScheduled")
        .count()
}

const ALWAYS: [&str; 20] = ["Boom"; 20];

/// (source, retrier, expected delays in ms before each retry; the task always fails, so
/// there are MaxAttempts of them).
#[rustfmt::skip]
const DELAYS: &[(&str, &str, &[i64])] = &[
    ("docs Retry behavior example: 3 s, then 3 × 1.5", r#"{"ErrorEquals":["States.ALL"],"IntervalSeconds":3,"MaxAttempts":2,"BackoffRate":1.5}"#, &[3000, 4500]),
    ("docs defaults: IntervalSeconds 1, MaxAttempts 3, BackoffRate 2.0", r#"{"ErrorEquals":["States.ALL"]}"#, &[1000, 2000, 4000]),
    ("IntervalSeconds × BackoffRate^n", r#"{"ErrorEquals":["States.ALL"],"IntervalSeconds":2,"MaxAttempts":4,"BackoffRate":3}"#, &[2000, 6000, 18000, 54000]),
    ("BackoffRate 1 keeps the interval", r#"{"ErrorEquals":["States.ALL"],"IntervalSeconds":5,"MaxAttempts":3,"BackoffRate":1}"#, &[5000, 5000, 5000]),
    ("MaxDelaySeconds caps the interval", r#"{"ErrorEquals":["States.ALL"],"IntervalSeconds":3,"MaxAttempts":4,"BackoffRate":2,"MaxDelaySeconds":10}"#, &[3000, 6000, 10000, 10000]),
    ("MaxDelaySeconds below the first interval", r#"{"ErrorEquals":["States.ALL"],"IntervalSeconds":10,"MaxAttempts":2,"BackoffRate":2,"MaxDelaySeconds":4}"#, &[4000, 4000]),
    ("case test_retry_interval_features_jitter_none (JitterStrategy NONE)", r#"{"ErrorEquals":["States.ALL"],"IntervalSeconds":1,"MaxAttempts":2,"BackoffRate":1,"MaxDelaySeconds":3,"JitterStrategy":"NONE"}"#, &[1000, 1000]),
    ("MaxAttempts 0: never retried (case test_retry_interval_features_max_attempts_zero)", r#"{"ErrorEquals":["States.ALL"],"IntervalSeconds":3,"MaxAttempts":0,"BackoffRate":2}"#, &[]),
    ("retrier that does not match: no retry", r#"{"ErrorEquals":["Other"],"IntervalSeconds":1,"MaxAttempts":3}"#, &[]),
];

#[test]
fn delays_table() {
    let mut bad = vec![];
    for (src, retrier, expected) in DELAYS {
        let retrier: Value = serde_json::from_str(retrier).unwrap();
        let e = run_task(json!([retrier]), ALWAYS.to_vec());
        let got = delays(&e);
        if got != *expected || e.status != asl::Status::Failed || attempts(&e) != expected.len() + 1
        {
            bad.push(format!(
                "{src}: delays {got:?} (expected {expected:?}), {} attempts, {:?}",
                attempts(&e),
                e.status
            ));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Recordings: attempt counts (LambdaFunctionScheduled events) and the final error.
#[test]
fn recorded_attempt_counts() {
    // test_retry_interval_features: States.ALL, MaxAttempts 2, JitterStrategy FULL → 3
    // attempts, fails with the function's error; test_lambda_empty_retry: `"Retry": []` → 1.
    let e = run_task(
        json!([{"ErrorEquals":["States.ALL"],"IntervalSeconds":3,"MaxAttempts":2,"BackoffRate":2,"MaxDelaySeconds":5,"JitterStrategy":"FULL"}]),
        vec!["Exception"; 5],
    );
    assert_eq!(attempts(&e), 3);
    assert_eq!(e.error.as_deref(), Some("Exception"));
    // FULL jitter: each delay is random in [0, capped interval] (docs, JitterStrategy).
    let d = delays(&e);
    assert_eq!(d.len(), 2);
    assert!(d[0] <= 3000 && d[1] <= 5000, "{d:?}");

    let e = run_task(json!([]), vec!["Exception"; 5]);
    assert_eq!(attempts(&e), 1);
    assert_eq!(e.error.as_deref(), Some("Exception"));

    // test_lambda_invoke_with_retry_base: MaxAttempts 3 → 4 attempts when all fail.
    let e = run_task(
        json!([{"ErrorEquals":["States.ALL"],"MaxAttempts":3}]),
        ALWAYS.to_vec(),
    );
    assert_eq!(attempts(&e), 4);
}

/// Docs, "Complex retry scenarios": each retrier counts its own attempts; the first
/// retrier whose ErrorEquals matches is used, and its interval grows with its own count.
#[test]
fn per_retrier_counters() {
    let retry = json!([
        {"ErrorEquals": ["ErrorA", "ErrorB"], "IntervalSeconds": 1, "BackoffRate": 2, "MaxAttempts": 2},
        {"ErrorEquals": ["ErrorC"], "IntervalSeconds": 5, "BackoffRate": 2, "MaxAttempts": 5}
    ]);
    // A (retrier 1, n=0: 1 s), C (retrier 2, n=0: 5 s), B (retrier 1, n=1: 2 s),
    // C (retrier 2, n=1: 10 s), then success.
    let e = run_task(retry.clone(), vec!["ErrorA", "ErrorC", "ErrorB", "ErrorC"]);
    assert_eq!(e.status, asl::Status::Succeeded);
    assert_eq!(delays(&e), vec![1000, 5000, 2000, 10000]);
    // The first retrier is spent after 2 retries: a third ErrorA/B fails the state even
    // though the second retrier still has attempts.
    let e = run_task(retry, vec!["ErrorA", "ErrorC", "ErrorB", "ErrorA"]);
    assert_eq!(e.status, asl::Status::Failed);
    assert_eq!(e.error.as_deref(), Some("ErrorA"));
    assert_eq!(delays(&e), vec![1000, 5000, 2000]);
}

/// Docs, "Retrying after an error": retriers are tried in order, so a specific retrier
/// before a `States.ALL` one wins for its error; `States.ALL` catches the rest.
#[test]
fn first_matching_retrier_wins() {
    let retry = json!([
        {"ErrorEquals": ["Specific"], "IntervalSeconds": 7, "MaxAttempts": 1},
        {"ErrorEquals": ["States.ALL"], "IntervalSeconds": 2, "MaxAttempts": 1}
    ]);
    let e = run_task(retry.clone(), vec!["Specific"]);
    assert_eq!(delays(&e), vec![7000]);
    let e = run_task(retry, vec!["Anything"]);
    assert_eq!(delays(&e), vec![2000]);
}

/// Docs: "States.ALL … must appear alone in the ErrorEquals array and must appear in the
/// last retrier" — such definitions are rejected when loaded.
#[test]
fn states_all_must_be_alone_and_last() {
    for retry in [
        json!([{"ErrorEquals": ["States.ALL"]}, {"ErrorEquals": ["Specific"]}]),
        json!([{"ErrorEquals": ["States.ALL", "Specific"]}]),
    ] {
        let def = json!({"StartAt": "T", "States": {"T": {"Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
            "Retry": retry, "End": true}}})
        .to_string();
        assert!(asl::load(&def).is_err(), "loaded: {retry}");
    }
}
