//! Activity tasks (`arn:aws:states:REGION:ACCOUNT:activity:NAME`): the task is scheduled,
//! a worker gets it (`GetActivityTask`: `ActivityStarted`) and answers with its token. The
//! worker is a JS function of the workspace named after the activity's ARN, when there is
//! one (the playground polls for it: it gets the input and its value or error is the
//! answer); otherwise the host's [`crate::host::callback::Callbacks`] answer (the page's
//! buttons, the CLI's `--answers`).

use std::cell::Cell;

use serde_json::{json, Map, Value};

use super::callback::Settled;
use super::machine::StateVisit;
use super::task::Call;
use super::trace::{Prev, Trace};
use super::Run;
use crate::definition::Task;
use crate::errors::RuntimeError;
use crate::history::{self, json_text};
use crate::host::callback::{WaitKind, WaitingTask};
use crate::host::{uuid, Invocation, InvocationOutcome};

/// The worker name the playground's own worker (a JS function) gives.
pub const PLAYGROUND_WORKER: &str = "aslplay-worker";

impl Run<'_> {
    /// Runs an activity task on `input` (the state's effective input).
    pub(super) async fn run_activity(
        &self,
        visit: &StateVisit<'_>,
        task: &Task,
        call: &Call,
        input: &Value,
        prev: &mut Prev,
    ) -> Result<Value, RuntimeError> {
        let (state, trace, entered) = (visit.state, visit.trace, visit.entered);
        let home = format!(":{}:{}:activity:", self.config.region, self.config.account);
        if !task.resource.contains(&home) {
            let e =
                RuntimeError::runtime(format!("The activity {} does not exist.", task.resource));
            return Err(self.in_state(state, entered, e));
        }
        let mut scheduled = Map::new();
        scheduled.insert("input".into(), json_text(input).into());
        scheduled.insert("inputDetails".into(), json!({"truncated": false}));
        scheduled.insert("resource".into(), task.resource.clone().into());
        call.add_limits(&mut scheduled, true);
        let idx = trace.push(
            "ActivityScheduled",
            self.now(),
            *prev,
            Some((
                "activityScheduledEventDetails".into(),
                Value::Object(scheduled),
            )),
        );
        *prev = Prev::Local(idx);
        let at = Cell::new(*prev);
        let started = |worker: Option<String>| {
            let details = match worker {
                Some(w) => json!({ "workerName": w }),
                None => json!({}),
            };
            let idx = trace.push(
                "ActivityStarted",
                self.now(),
                at.get(),
                Some(("activityStartedEventDetails".into(), details)),
            );
            at.set(Prev::Local(idx));
        };
        let settled = match self.activity_worker(task, input).await {
            Some(settled) => {
                started(Some(PLAYGROUND_WORKER.into()));
                settled
            }
            None => {
                let waiting = WaitingTask {
                    token: self.task_token(),
                    kind: WaitKind::Activity,
                    state_name: state.name.clone(),
                    resource: task.resource.clone(),
                    payload: input.clone(),
                    heartbeat_seconds: call.heartbeat_seconds,
                    timeout_seconds: call.timeout_seconds,
                };
                self.wait_for_answer(&waiting, &started).await
            }
        };
        *prev = at.get();
        match settled {
            Settled::Succeeded(v) => {
                let v = self.check_size(&state.name, &v).map(|()| v);
                let details = |v: &Value| history::output("activitySucceededEventDetails", v);
                match v {
                    Ok(v) => {
                        let d = trace.detailed().then(|| details(&v));
                        *prev = Prev::Local(trace.push("ActivitySucceeded", self.now(), *prev, d));
                        Ok(v)
                    }
                    Err(e) => Err(self.activity_failed(trace, prev, e)),
                }
            }
            Settled::Failed(e) => Err(self.activity_failed(trace, prev, e)),
            Settled::TimedOut(error) => {
                let details = history::failure("activityTimedOutEventDetails", error, "");
                *prev =
                    Prev::Local(trace.push("ActivityTimedOut", self.now(), *prev, Some(details)));
                Err(RuntimeError::new(error, ""))
            }
            Settled::Ended(e) => Err(e),
        }
    }

    fn activity_failed(&self, trace: &Trace<'_>, prev: &mut Prev, e: RuntimeError) -> RuntimeError {
        let details = history::failure("activityFailedEventDetails", &e.error, &e.cause);
        *prev = Prev::Local(trace.push("ActivityFailed", self.now(), *prev, Some(details)));
        e
    }

    /// The workspace's worker for the activity, if it has one: its value or error as the
    /// answer. `None` when no function is named after the activity.
    async fn activity_worker(&self, task: &Task, input: &Value) -> Option<Settled> {
        let result = self
            .host
            .tasks
            .invoke(Invocation {
                function_name: task.resource.clone(),
                invoked_arn: task.resource.clone(),
                qualifier: None,
                payload: input.clone(),
                request_id: uuid(self.host.rng),
            })
            .await;
        self.host.clock.elapsed(result.duration_ms);
        Some(match result.outcome {
            InvocationOutcome::FunctionNotFound => return None,
            InvocationOutcome::Succeeded { payload } => Settled::Succeeded(payload),
            InvocationOutcome::Failed {
                error_type,
                error_message,
                ..
            } => Settled::Failed(RuntimeError::new(error_type, error_message)),
            InvocationOutcome::TimedOut { .. } => Settled::TimedOut(crate::errors::TIMEOUT),
            InvocationOutcome::Rejected { error, cause } => {
                Settled::Failed(RuntimeError::new(error, cause))
            }
        })
    }
}
