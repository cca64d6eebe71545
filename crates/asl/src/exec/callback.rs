//! Waiting for an answer: a `.waitForTaskToken` task after its request was submitted, an
//! activity after it was scheduled. The answers come from the host's
//! [`crate::host::callback::Callbacks`]; `HeartbeatSeconds`, `TimeoutSeconds` and the
//! execution's own timeout bound the wait, on the virtual clock or the real one.

use futures_util::future::{select, Either};
use serde_json::Value;

use super::Run;
use crate::errors::{RuntimeError, HEARTBEAT_TIMEOUT, TIMEOUT};
use crate::host::callback::{Answer, NoAnswers, Reply, WaitKind, WaitingTask};

/// How a wait ended.
pub(super) enum Settled {
    /// `SendTaskSuccess`: the Task's result.
    Succeeded(Value),
    /// `SendTaskFailure`: the Task's error.
    Failed(RuntimeError),
    /// The Task's `TimeoutSeconds` (`States.Timeout`) or `HeartbeatSeconds`
    /// (`States.HeartbeatTimeout`) ran out.
    TimedOut(&'static str),
    /// The execution ended meanwhile (its own timeout, or stopped): the Task records
    /// nothing more; the error ends the execution.
    Ended(RuntimeError),
}

/// What runs out first while waiting.
#[derive(Clone, Copy)]
enum Expiry {
    Task,
    Heartbeat,
    Execution,
}

impl Run<'_> {
    /// A new opaque task token.
    pub(super) fn task_token(&self) -> String {
        use base64::Engine as _;
        let r = self.host.rng;
        let bytes: Vec<u8> = (0..6).flat_map(|_| r.next_u64().to_le_bytes()).collect();
        format!(
            "AQB{}",
            base64::engine::general_purpose::STANDARD.encode(bytes)
        )
    }

    /// Waits for `task`'s answers until one settles it; `started` is told when an activity
    /// worker gets the task (once, before any other answer to an activity).
    pub(super) async fn wait_for_answer(
        &self,
        task: &WaitingTask,
        started: &dyn Fn(Option<String>),
    ) -> Settled {
        let settled = self.answers(task, started).await;
        self.host.callbacks.unwrap_or(&NoAnswers).settled(task);
        settled
    }

    async fn answers(&self, task: &WaitingTask, started: &dyn Fn(Option<String>)) -> Settled {
        let callbacks = self.host.callbacks.unwrap_or(&NoAnswers);
        let clock = self.host.clock;
        let secs = |s: Option<u64>, from: i64| {
            s.map(|s| {
                from.saturating_add(i64::try_from(s.saturating_mul(1000)).unwrap_or(i64::MAX))
            })
        };
        // Waits until `at` (ms since the epoch): a virtual clock just moves there.
        let until =
            |at: i64| clock.sleep(u64::try_from(at.saturating_sub(self.now())).unwrap_or(0));
        let task_deadline = secs(task.timeout_seconds, self.now());
        let mut beat = self.now();
        let mut has_started = task.kind == WaitKind::TaskToken;
        loop {
            let nearest = [
                (task_deadline, Expiry::Task),
                (secs(task.heartbeat_seconds, beat), Expiry::Heartbeat),
                (self.deadline_ms, Expiry::Execution),
            ]
            .into_iter()
            .filter_map(|(at, why)| at.map(|at| (at, why)))
            .min_by_key(|(at, _)| *at);
            let reply = if clock.is_real_time() {
                match nearest {
                    Some((at, why)) => match select(callbacks.next(task), until(at)).await {
                        Either::Left((reply, _)) => reply,
                        Either::Right(((), _)) => return self.expire(why),
                    },
                    None => callbacks.next(task).await,
                }
            } else {
                callbacks.next(task).await
            };
            let Reply { answer, after_ms } = reply;
            if answer == Answer::Silence {
                return match nearest {
                    Some((at, why)) => {
                        until(at).await;
                        self.expire(why)
                    }
                    None => {
                        self.aborted.set(true);
                        Settled::Ended(RuntimeError::new("States.Aborted", ""))
                    }
                };
            }
            if !clock.is_real_time() {
                let arrives = self
                    .now()
                    .saturating_add(i64::try_from(after_ms).unwrap_or(i64::MAX));
                if let Some((at, why)) = nearest.filter(|(at, _)| arrives >= *at) {
                    until(at).await;
                    return self.expire(why);
                }
                clock.elapsed(after_ms as f64);
            }
            if !has_started && !matches!(answer, Answer::Started { .. }) {
                started(None);
                has_started = true;
            }
            match answer {
                Answer::Success(output) => return Settled::Succeeded(output),
                Answer::Failure { error, cause } => {
                    return Settled::Failed(RuntimeError::new(
                        error.unwrap_or_default(),
                        cause.unwrap_or_default(),
                    ))
                }
                Answer::Heartbeat | Answer::Silence => beat = self.now(),
                Answer::Started { worker_name } => {
                    if !has_started {
                        started(worker_name);
                        has_started = true;
                        beat = self.now();
                    }
                }
            }
        }
    }

    fn expire(&self, why: Expiry) -> Settled {
        match why {
            Expiry::Task => Settled::TimedOut(TIMEOUT),
            Expiry::Heartbeat => Settled::TimedOut(HEARTBEAT_TIMEOUT),
            Expiry::Execution => {
                self.timed_out.set(true);
                Settled::Ended(RuntimeError::new(TIMEOUT, ""))
            }
        }
    }
}
