//! Nested executions: `arn:aws:states:::states:startExecution` (with `.sync`, `.sync:2` or
//! `.waitForTaskToken`, or none) starts another state machine of the workspace
//! ([`crate::host::machines`]). The child runs with its own history (its host hears of it),
//! to its end; the parent's Task gets StartExecution's answer, or with `.sync` the child's
//! DescribeExecution (its input and output as JSON text; parsed with `.sync:2`), and fails
//! with `States.TaskFailed` when the child did not succeed.

use serde_json::{json, Map, Value};

use super::integration::{scheduled_details, visit_token, Named};
use super::machine::StateVisit;
use super::task::Call;
use super::trace::Prev;
use super::{run_with, Execution, Extras, Run, Status};
use crate::config::ExecutionConfig;
use crate::definition::Pattern;
use crate::errors::{RuntimeError, TASK_FAILED};
use crate::history::json_text;
use crate::host::machines::StartableMachine;
use crate::host::{uuid, Host, LocalBoxFuture};

/// How deep executions may nest (a machine starting itself would never end).
pub const MAX_NESTING: u32 = 10;

impl Run<'_> {
    /// The workspace machine a `states:startExecution` request names, if there is one.
    pub(super) fn nested_machine(&self, request: &Value) -> Option<StartableMachine<'_>> {
        let arn = request.get("StateMachineArn")?.as_str()?;
        self.host.machines?.find(arn)
    }

    /// Starts `machine` as the Task's nested execution and records the Task's events.
    pub(super) async fn start_nested(
        &self,
        visit: &StateVisit<'_>,
        resource: &str,
        call: &Call,
        request: &Value,
        machine: StartableMachine<'_>,
        prev: &mut Prev,
    ) -> Result<Value, RuntimeError> {
        let trace = visit.trace;
        let named = Named::of(resource).unwrap_or(Named {
            resource_type: "states".into(),
            resource: "startExecution".into(),
        });
        let pattern = Pattern::of(resource);
        let idx = trace.push_scheduled(
            "TaskScheduled",
            self.now(),
            *prev,
            (
                "taskScheduledEventDetails".into(),
                named.on(scheduled_details(request, &self.config.region, call)),
            ),
            &uuid(self.host.rng),
        );
        let idx = trace.push(
            "TaskStarted",
            self.now(),
            Prev::Local(idx),
            Some(("taskStartedEventDetails".into(), named.alone())),
        );
        *prev = Prev::Local(idx);
        if self.extras.nesting >= MAX_NESTING {
            let e = RuntimeError::runtime(format!(
                "Executions may nest at most {MAX_NESTING} deep in the playground"
            ));
            return self.record_task_end(trace, prev, &named, Err(e));
        }
        let input = match request.get("Input") {
            None | Some(Value::Null) => json!({}),
            Some(Value::String(text)) => match crate::json::from_str(text) {
                Ok(v) => v,
                Err(_) => {
                    let e = RuntimeError::new(
                        "StepFunctions.InvalidExecutionInputException",
                        "Invalid State Machine Execution Input: the Input string is not JSON",
                    );
                    return self.record_task_end(trace, prev, &named, Err(e));
                }
            },
            Some(v) => v.clone(),
        };
        let name = match request.get("Name").and_then(Value::as_str) {
            Some(n) => n.to_string(),
            None => uuid(self.host.rng),
        };
        let mut config = ExecutionConfig::new(&machine.name, &name);
        config.account.clone_from(&self.config.account);
        config.region.clone_from(&self.config.region);
        config.role_arn.clone_from(&self.config.role_arn);
        config.machine_type = machine.machine_type;
        config.keep_history = true;
        let started_ms = self.now();
        let child = self
            .run_child(machine.definition, input.clone(), &config)
            .await;
        if let Some(machines) = self.host.machines {
            machines.finished(&machine.name, &name, &child);
        }
        let started = json!({
            "ExecutionArn": config.execution_arn(),
            "StartDate": started_ms,
        });
        match pattern {
            Pattern::RequestResponse => self.record_task_end(trace, prev, &named, Ok(started)),
            Pattern::WaitForTaskToken => {
                let token = visit_token(visit).unwrap_or_else(|| self.task_token());
                self.submit_and_wait(visit, call, &named, token, request, &started, prev)
                    .await
            }
            Pattern::Sync => {
                let idx = trace.push(
                    "TaskSubmitted",
                    self.now(),
                    *prev,
                    Some((
                        "taskSubmittedEventDetails".into(),
                        named.on(crate::history::output("x", &started).1),
                    )),
                );
                *prev = Prev::Local(idx);
                let parsed = resource.ends_with(".sync:2");
                let described = describe(&config, &input, &child, started_ms, self.now(), parsed);
                let result = match child.status {
                    Status::Succeeded => Ok(described),
                    _ => Err(RuntimeError::new(TASK_FAILED, json_text(&described))),
                };
                self.record_task_end(trace, prev, &named, result)
            }
        }
    }

    /// Runs a child execution to its end with this run's effects (its own history, no
    /// observer).
    fn run_child<'s>(
        &'s self,
        definition: &'s crate::Definition,
        input: Value,
        config: &'s ExecutionConfig,
    ) -> LocalBoxFuture<'s, Execution> {
        let host = Host {
            observer: None,
            ..*self.host
        };
        let extras = Extras {
            nesting: self.extras.nesting + 1,
            ..Extras::default()
        };
        Box::pin(async move { run_with(definition, input, None, config, host, &extras).await })
    }
}

/// DescribeExecution's answer for a finished child: its input and output as JSON text
/// (`.sync`) or as JSON (`.sync:2`), its status, error and cause, dates in ms since the epoch.
fn describe(
    config: &ExecutionConfig,
    input: &Value,
    child: &Execution,
    start_ms: i64,
    stop_ms: i64,
    parsed: bool,
) -> Value {
    let shown = |v: &Value| {
        if parsed {
            v.clone()
        } else {
            json_text(v).into()
        }
    };
    let mut m = Map::new();
    m.insert("ExecutionArn".into(), config.execution_arn().into());
    m.insert("Input".into(), shown(input));
    m.insert("InputDetails".into(), json!({"Included": true}));
    m.insert("Name".into(), config.execution_name.clone().into());
    if let Some(out) = &child.output {
        m.insert("Output".into(), shown(out));
        m.insert("OutputDetails".into(), json!({"Included": true}));
    }
    if let Some(e) = &child.error {
        m.insert("Error".into(), e.clone().into());
    }
    if let Some(c) = &child.cause {
        m.insert("Cause".into(), c.clone().into());
    }
    m.insert("StartDate".into(), start_ms.into());
    m.insert("StateMachineArn".into(), config.state_machine_arn().into());
    m.insert("Status".into(), child.status.as_str().into());
    m.insert("StopDate".into(), stop_ms.into());
    Value::Object(m)
}
