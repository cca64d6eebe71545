//! Task states: which kind of call a `Resource` makes (Lambda here; other services in
//! `integration`, activities in `activity`); Lambda's events, the handler's outcome as a
//! result or an error.

use futures_util::future::{select, Either};
use serde_json::{json, Value};

use super::integration::{scheduled_details, visit_token, Named};
use super::io::integer;
use super::lambda::{add_log_result, invoke_response, log_tail};
use super::machine::StateVisit;
use super::trace::Prev;
use super::Run;
use crate::arn::FunctionArn;
use crate::definition::{Dynamic, Pattern, Resource, Task, Template};
use crate::errors::RuntimeError;
use crate::history::{self, json_text};
use crate::host::{uuid, Invocation, InvocationOutcome};

/// Which family of events a Lambda call records.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Style {
    /// `LambdaFunctionScheduled/Started/Succeeded|Failed`.
    Function,
    /// `TaskScheduled/Started/Succeeded|Failed` with `resourceType: lambda`, `resource: invoke`.
    Integration,
}

/// A Task's settings for one call, its `…Path` fields and `Credentials` resolved.
pub(super) struct Call {
    /// `TimeoutSeconds(Path)`.
    pub timeout_seconds: Option<u64>,
    /// `HeartbeatSeconds(Path)`.
    pub heartbeat_seconds: Option<u64>,
    /// `Credentials`, evaluated.
    pub credentials: Option<Value>,
}

impl Call {
    /// `timeoutInSeconds`, and `heartbeatInSeconds` when `heartbeat`, as a `…Scheduled`
    /// event records them.
    pub fn add_limits(&self, m: &mut serde_json::Map<String, Value>, heartbeat: bool) {
        if let Some(h) = self.heartbeat_seconds.filter(|_| heartbeat) {
            m.insert("heartbeatInSeconds".into(), h.into());
        }
        if let Some(t) = self.timeout_seconds {
            m.insert("timeoutInSeconds".into(), t.into());
        }
    }

    /// `taskCredentials`, when the Task has `Credentials` with a role.
    pub fn add_credentials(&self, m: &mut serde_json::Map<String, Value>) {
        if let Some(role) = self.credentials.as_ref().and_then(|c| c.get("RoleArn")) {
            m.insert("taskCredentials".into(), json!({ "roleArn": role }));
        }
    }

    /// Whether a call that took `duration_ms` ran past `TimeoutSeconds`, judged after the
    /// fact (virtual time cannot race a handler); the clock is told of the time spent, up to
    /// the timeout.
    pub fn ran_past_timeout(&self, clock: &dyn crate::host::Clock, duration_ms: f64) -> bool {
        match self.timeout_seconds.map(|t| t as f64 * 1000.0) {
            Some(limit) if duration_ms > limit => {
                clock.elapsed(limit);
                true
            }
            _ => {
                clock.elapsed(duration_ms);
                false
            }
        }
    }
}

impl Run<'_> {
    /// Runs `invocation` (a Lambda handler or a service's mock) within the Task's
    /// `TimeoutSeconds`: on real time the timeout interrupts it; on virtual time it is judged
    /// after the fact ([`Call::ran_past_timeout`]). `None`: it ran past the timeout.
    pub(super) async fn invoke_within(
        &self,
        call: &Call,
        invocation: Invocation,
    ) -> Option<crate::host::InvocationResult> {
        let running = self.host.tasks.invoke(invocation);
        let result = match call
            .timeout_seconds
            .filter(|_| self.host.clock.is_real_time())
        {
            Some(t) => {
                let expiry = self.host.clock.sleep(t.saturating_mul(1000));
                match select(running, expiry).await {
                    Either::Left((result, _)) => result,
                    Either::Right(((), _)) => return None,
                }
            }
            None => running.await,
        };
        (!call.ran_past_timeout(self.host.clock, result.duration_ms)).then_some(result)
    }

    pub(super) async fn run_task(
        &self,
        visit: &StateVisit<'_>,
        task: &Task,
        prev: &mut Prev,
    ) -> Result<(Value, Option<super::machine::Assignment>), RuntimeError> {
        let (state, raw, ctx, entered) = (visit.state, visit.input, &visit.context, visit.entered);
        if let Some(mock) = &self.extras.task_mock {
            // TestState's mock: the Task's result (or error) without calling anything.
            return match mock {
                Ok(result) => self.state_output(visit, result.clone()),
                Err(e) => Err(e.clone()),
            };
        }
        let target = Resource::classify(&task.resource);
        if !target.runs_here() {
            let feature = format!("The Task resource '{}'", task.resource);
            return Err(self.in_state(state, entered, RuntimeError::unsupported(&feature)));
        }
        let lambda_integration = matches!(
            target,
            Resource::LambdaInvoke
                | Resource::Integration {
                    service: "lambda",
                    action: "invoke",
                    ..
                }
        );
        let effective = self.effective_input(visit)?;
        let scope = self.scope(visit);
        let at = |field: &str, d: &Option<Dynamic<u64>>| match d {
            Some(d) => d
                .resolve(&scope, field, integer(&format!("{field}Path")))
                .map(Some)
                .map_err(|e| self.in_state(state, entered, e)),
            None => Ok(None),
        };
        let call = Call {
            timeout_seconds: at("TimeoutSeconds", &task.timeout_seconds)?,
            heartbeat_seconds: at("HeartbeatSeconds", &task.heartbeat_seconds)?,
            credentials: match &task.credentials {
                Some(Template::JsonPath(t)) => Some(
                    crate::payload::evaluate_with(t, raw, ctx, self.host.rng)
                        .map_err(|e| self.in_state(state, entered, e))?,
                ),
                Some(Template::Jsonata(t)) => Some(
                    t.evaluate("Credentials", &scope)
                        .map_err(|e| self.in_state(state, entered, e))?,
                ),
                None => None,
            },
        };
        let result = match target {
            Resource::LambdaFunction(_) => {
                self.call_lambda(visit, task, &call, &target, &effective, prev)
                    .await?
            }
            _ if lambda_integration => {
                self.call_lambda(visit, task, &call, &target, &effective, prev)
                    .await?
            }
            Resource::Activity => {
                self.run_activity(visit, task, &call, &effective, prev)
                    .await?
            }
            Resource::Integration {
                service: "states",
                action: "startExecution",
                ..
            } if self.nested_machine(&effective).is_some() => {
                let machine = self
                    .nested_machine(&effective)
                    .ok_or_else(|| RuntimeError::runtime("The state machine is gone"))?;
                self.start_nested(visit, &task.resource, &call, &effective, machine, prev)
                    .await?
            }
            _ => {
                self.call_service(visit, task, &call, &effective, prev)
                    .await?
            }
        };
        self.state_output(visit, result)
    }

    async fn call_lambda(
        &self,
        visit: &StateVisit<'_>,
        task: &Task,
        call: &Call,
        target: &Resource<'_>,
        effective: &Value,
        prev: &mut Prev,
    ) -> Result<Value, RuntimeError> {
        let (state, trace, entered) = (visit.state, visit.trace, visit.entered);
        let cfg = self.config;
        let (style, function, payload) = match target {
            Resource::LambdaFunction(f) => (Style::Function, Some(f.clone()), effective.clone()),
            _ => {
                let name = effective.get("FunctionName").and_then(Value::as_str);
                let Some(name) = name else {
                    let e = RuntimeError::runtime("The field 'FunctionName' is required in the Parameters of arn:aws:states:::lambda:invoke");
                    return Err(self.in_state(state, entered, e));
                };
                let mut f = FunctionArn::resolve(name, "aws", &cfg.region, &cfg.account);
                if let (Some(f), Some(q)) = (
                    f.as_mut(),
                    effective.get("Qualifier").and_then(Value::as_str),
                ) {
                    f.qualifier = Some(q.to_string());
                }
                // Lambda's Invoke takes bytes: a string Payload is sent as its text, so
                // "0" arrives as the number 0 and "{}" as an object (AWS's recordings).
                let payload = match effective.get("Payload") {
                    None | Some(Value::Null) => json!({}),
                    Some(Value::String(text)) => {
                        crate::json::from_str(text).unwrap_or_else(|_| Value::String(text.clone()))
                    }
                    Some(p) => p.clone(),
                };
                (Style::Integration, f, payload)
            }
        };
        let (kind, member) = match style {
            Style::Function => ("LambdaFunction", "lambdaFunction"),
            Style::Integration => ("Task", "task"),
        };
        let named = match style {
            Style::Function => None,
            Style::Integration => {
                Named::of(&task.resource).or_else(|| Named::of("arn:aws:states:::lambda:invoke"))
            }
        };
        let with_res = |v: Value| match &named {
            Some(n) => n.on(v),
            None => v,
        };
        let scheduled = match style {
            Style::Function => {
                let mut m = serde_json::Map::new();
                m.insert("input".into(), json_text(effective).into());
                m.insert("inputDetails".into(), json!({"truncated": false}));
                m.insert("resource".into(), task.resource.clone().into());
                // AWS records the heartbeat of a service integration, not of a function ARN.
                call.add_limits(&mut m, false);
                call.add_credentials(&mut m);
                Value::Object(m)
            }
            Style::Integration => with_res(scheduled_details(effective, &cfg.region, call)),
        };
        let request_id = uuid(self.host.rng);
        let idx = trace.push_scheduled(
            &format!("{kind}Scheduled"),
            self.now(),
            *prev,
            (format!("{member}ScheduledEventDetails"), scheduled),
            &request_id,
        );
        let started_details = named
            .as_ref()
            .map(|n| ("taskStartedEventDetails".to_string(), n.alone()));
        let idx = trace.push(
            &format!("{kind}Started"),
            self.now(),
            Prev::Local(idx),
            started_details,
        );
        *prev = Prev::Local(idx);

        let local = function
            .as_ref()
            .filter(|f| f.account == cfg.account && f.region == cfg.region);
        let mut logs = None;
        let invoked_at = self.now();
        let outcome = match local {
            Some(f) => {
                let invocation = Invocation {
                    function_name: f.name.clone(),
                    invoked_arn: f.arn(),
                    qualifier: f.qualifier.clone(),
                    payload,
                    request_id: request_id.clone(),
                };
                let Some(result) = self.invoke_within(call, invocation).await else {
                    return Err(self.task_timed_out(
                        trace,
                        prev,
                        named.as_ref(),
                        crate::errors::TIMEOUT,
                    ));
                };
                logs = Some((result.logs, result.duration_ms, result.metrics));
                result.outcome
            }
            None => InvocationOutcome::FunctionNotFound,
        };
        let shown = match style {
            Style::Function => task.resource.clone(),
            Style::Integration => "lambda".to_string(),
        };
        let result = match outcome {
            InvocationOutcome::Succeeded { payload } => match style {
                Style::Function => Ok(payload),
                Style::Integration => {
                    let version = function
                        .as_ref()
                        .map_or_else(|| "$LATEST".into(), FunctionArn::executed_version);
                    let trace_id = self.trace_id();
                    let mut response =
                        invoke_response(payload, &version, &request_id, &trace_id, self.now());
                    // `LogType: Tail`: the end of the function's log, base64 (Lambda's Invoke).
                    if effective.get("LogType").and_then(Value::as_str) == Some("Tail") {
                        let (lines, ms, metrics) = logs.unwrap_or_default();
                        let log = crate::host::lambda_log::InvocationLog {
                            request_id: &request_id,
                            version: &version,
                            started_ms: invoked_at,
                            logs: &lines,
                            duration_ms: ms,
                            init_duration_ms: metrics.init_duration_ms,
                            max_memory_used_mb: metrics.max_memory_used_mb,
                            memory_size_mb: 128,
                            timed_out_ms: None,
                        };
                        add_log_result(&mut response, &log_tail(&log));
                    }
                    Ok(response)
                }
            },
            InvocationOutcome::Failed {
                error_type,
                error_message,
                trace: stack,
            } => {
                let cause =
                    json!({"errorType": error_type, "errorMessage": error_message, "trace": stack});
                Err(RuntimeError::new(error_type, json_text(&cause)))
            }
            InvocationOutcome::TimedOut { timeout_ms } => {
                let cause = json!({
                    "errorType": "Sandbox.Timedout",
                    "errorMessage": format!("RequestId: {request_id} Error: Task timed out after {:.2} seconds", timeout_ms as f64 / 1000.0),
                });
                Err(RuntimeError::new("Sandbox.Timedout", json_text(&cause)))
            }
            InvocationOutcome::Rejected { error, cause } => Err(RuntimeError::new(error, cause)),
            InvocationOutcome::FunctionNotFound => {
                // An unparsable FunctionName is named as given.
                let given = effective
                    .get("FunctionName")
                    .and_then(Value::as_str)
                    .unwrap_or(&task.resource);
                let arn = function
                    .as_ref()
                    .map_or_else(|| given.to_string(), FunctionArn::versioned_arn);
                let cause = format!(
                    "Function not found: {arn} (Service: AWSLambda; Status Code: 404; Error Code: ResourceNotFoundException; Request ID: {}; Proxy: null)",
                    uuid(self.host.rng)
                );
                Err(RuntimeError::new("Lambda.ResourceNotFoundException", cause))
            }
        };
        let result = result.and_then(|v| self.check_size(&shown, &v).map(|()| v));
        if let (Some(named), Ok(submitted)) = (&named, &result) {
            if Pattern::of(&task.resource) == Pattern::WaitForTaskToken {
                let token = visit_token(visit).unwrap_or_else(|| self.task_token());
                return self
                    .submit_and_wait(visit, call, named, token, effective, submitted, prev)
                    .await;
            }
        }
        let now = self.now();
        let idx = match &result {
            Ok(v) => trace.push(
                &format!("{kind}Succeeded"),
                now,
                *prev,
                trace.detailed().then(|| {
                    (
                        format!("{member}SucceededEventDetails"),
                        with_res(history::output("x", v).1),
                    )
                }),
            ),
            Err(e) => trace.push(
                &format!("{kind}Failed"),
                now,
                *prev,
                Some((
                    format!("{member}FailedEventDetails"),
                    with_res(history::failure("x", &e.error, &e.cause).1),
                )),
            ),
        };
        *prev = Prev::Local(idx);
        result
    }

    /// An X-Ray style trace header value.
    fn trace_id(&self) -> String {
        let r = self.host.rng;
        format!(
            "Root=1-{:08x}-{:024x};Parent={:016x};Sampled=0",
            (self.now() / 1000) as u32,
            u128::from(r.next_u64()) << 32 | u128::from(r.next_u64() as u32),
            r.next_u64()
        )
    }
}
