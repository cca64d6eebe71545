//! The Observer: live events, invocation links, stopping and pausing.

mod common;

use asl::{execution_tree, ExecutionConfig, NodeStatus, Status};
use common::*;
use serde_json::{json, Value};

#[test]
fn observer_sees_the_final_history_in_order() {
    let fake = Fake::with(&[("HelloFunction", Behavior::Hello)]);
    let rec = Recorder::default();
    let e = run_with(
        TUTORIAL,
        json!([{"who":"a"},{"who":"b"}]),
        &fake,
        &ExecutionConfig::new("M", "x"),
        Some(&rec),
    );
    assert_eq!(*rec.0.borrow(), e.history);
}

#[test]
fn observer_links_tree_invocations_to_runner_calls() {
    let def = r#"{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:slow","End":true}}},"End":true}}}"#;
    let fake = Fake::with(&[(
        "slow",
        Behavior::SlowIdentity(|v| 10 - v.as_u64().unwrap_or(0) as usize),
    )]);
    let rec = Recorder::default();
    let e = run_with(
        def,
        json!([0, 1, 2, 3]),
        &fake,
        &ExecutionConfig::new("M", "x"),
        Some(&rec),
    );
    let pairs = rec.1.borrow();
    assert_eq!(pairs.len(), 4);
    let tree = execution_tree(&e.history);
    for (index, iteration) in tree.children[0].children.iter().enumerate() {
        let invocation = &iteration.children[0].children[0];
        let (_, request_id) = pairs
            .iter()
            .find(|(id, _)| *id == invocation.first_event_id)
            .expect("linked");
        let calls = fake.calls.borrow();
        let call = calls
            .iter()
            .find(|c| &c.request_id == request_id)
            .expect("the runner saw this request id");
        assert_eq!(call.payload, json!(index));
        assert_eq!(invocation.input.as_deref().cloned(), Some(json!(index)));
    }
}

/// A runner that, after yielding once, notes how far the observer has got.
struct Peeking<'a> {
    seen: &'a Recorder,
    notes: std::cell::RefCell<Vec<(Value, String)>>,
}

impl asl::host::TaskRunner for Peeking<'_> {
    fn invoke(
        &self,
        inv: asl::host::Invocation,
    ) -> asl::host::LocalBoxFuture<'_, asl::host::InvocationResult> {
        Box::pin(async move {
            let mut yielded = false;
            std::future::poll_fn(|cx| {
                if yielded {
                    std::task::Poll::Ready(())
                } else {
                    yielded = true;
                    cx.waker().wake_by_ref();
                    std::task::Poll::Pending
                }
            })
            .await;
            let last = self
                .seen
                .0
                .borrow()
                .last()
                .map(|e| e.kind.clone())
                .unwrap_or_default();
            self.notes.borrow_mut().push((inv.payload.clone(), last));
            asl::host::InvocationResult {
                metrics: Default::default(),
                outcome: asl::host::InvocationOutcome::Succeeded {
                    payload: inv.payload,
                },
                logs: vec![],
                duration_ms: 1.0,
            }
        })
    }
}

#[test]
fn live_views_follow_the_running_iteration() {
    let def = r#"{"StartAt":"M","States":{"M":{"Type":"Map","MaxConcurrency":1,"ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","End":true}}},"End":true}}}"#;
    let rec = Recorder::default();
    let runner = Peeking {
        seen: &rec,
        notes: Default::default(),
    };
    let definition = asl::load(def).expect("loads");
    let clock = asl::host::VirtualClock::new(START_MS);
    let rng = asl::host::SplitMix64::new(1);
    let host = asl::Host {
        observer: Some(&rec),
        ..asl::Host::new(&runner, &clock, &rng)
    };
    let e = asl::block_on(asl::execute(
        &definition,
        json!([0, 1]),
        &ExecutionConfig::new("M", "x"),
        host,
    ));
    assert_eq!(e.status, Status::Succeeded);
    // While each handler runs, the observer has already seen that call start.
    assert_eq!(
        *runner.notes.borrow(),
        vec![
            (json!(0), "LambdaFunctionStarted".to_string()),
            (json!(1), "LambdaFunctionStarted".to_string())
        ]
    );
    assert_eq!(*rec.0.borrow(), e.history);
}

/// Stops after `stop_after` events; counts the states it was asked about.
struct Stopper {
    stop_after: usize,
    seen: std::cell::Cell<usize>,
    asked: std::cell::RefCell<Vec<String>>,
}

impl asl::Observer for Stopper {
    fn on_event(&self, _event: &asl::HistoryEvent) {
        self.seen.set(self.seen.get() + 1);
    }
    fn should_stop(&self) -> bool {
        self.seen.get() >= self.stop_after
    }
    fn before_state(&self, state_name: &str) -> Option<asl::host::LocalBoxFuture<'_, ()>> {
        self.asked.borrow_mut().push(state_name.to_string());
        Some(Box::pin(std::future::ready(())))
    }
}

#[test]
fn the_observer_can_pause_and_stop_an_execution() {
    let def = r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"M"},"M":{"Type":"Map","MaxConcurrency":1,"ItemProcessor":{"StartAt":"P","States":{"P":{"Type":"Pass","End":true}}},"Next":"Z"},"Z":{"Type":"Pass","End":true}}}"#;
    let run_until = |stop_after: usize| {
        let observer = Stopper {
            stop_after,
            seen: Default::default(),
            asked: Default::default(),
        };
        let e = run_with(
            def,
            json!([1, 2]),
            &Fake::default(),
            &ExecutionConfig::new("M", "x"),
            Some(&observer),
        );
        let asked = observer.asked.borrow().clone();
        (e, asked)
    };
    let (e, asked) = run_until(usize::MAX);
    assert_eq!(e.status, Status::Succeeded);
    assert_eq!(asked, ["A", "M", "P", "P", "Z"]);

    // Stop once the first iteration has begun: no more states are entered.
    let (e, _) = run_until(7);
    assert_eq!(e.status, Status::Aborted);
    assert_eq!((e.error.clone(), e.output.clone()), (None, None));
    let t = types(&e);
    assert_eq!(t.last(), Some(&"ExecutionAborted"));
    assert!(
        !t.contains(&"MapIterationFailed") && !t.contains(&"MapStateFailed"),
        "{t:?}"
    );
    assert_eq!(
        t.iter().filter(|k| **k == "PassStateEntered").count(),
        2,
        "{t:?}"
    );
    assert_eq!(execution_tree(&e.history).status, NodeStatus::Aborted);
}
