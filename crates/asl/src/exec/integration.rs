//! Service integrations other than Lambda (`arn:aws:states:::SERVICE:ACTION`, `aws-sdk:…`):
//! the request goes to the mock the user wrote for the resource (run by the host's
//! [`crate::host::TaskRunner`] like a Lambda handler, keyed by the resource ARN), its answer
//! or thrown error becomes the Task's result or AWS's error for that integration; and the
//! `.waitForTaskToken` pattern (any service, Lambda's too): submit, then wait for the token.

use serde_json::{json, Map, Value};

use super::callback::Settled;
use super::machine::StateVisit;
use super::task::Call;
use super::trace::{Prev, Trace};
use super::Run;
use crate::definition::{mock_key, Pattern, Task};
use crate::errors::RuntimeError;
use crate::history::{self, json_text};
use crate::host::callback::{WaitKind, WaitingTask};
use crate::host::{uuid, Invocation, InvocationOutcome};

/// What a mock answered.
pub(super) enum MockAnswer {
    /// Its response, or the error it gave.
    Answered(Result<Value, RuntimeError>),
    /// It ran past the Task's `TimeoutSeconds`.
    PastTimeout,
}

/// How a service integration is named in its history events: `resourceType` (`sqs`,
/// `aws-sdk:dynamodb`) and `resource` (the action with its pattern suffix,
/// `sendMessage.waitForTaskToken`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Named {
    pub resource_type: String,
    pub resource: String,
}

impl Named {
    /// The names of `arn:PARTITION:states:::SERVICE:ACTION[.suffix]`; `None` for other
    /// resources.
    pub fn of(resource: &str) -> Option<Named> {
        let rest = resource.strip_prefix("arn:")?.split_once(":states:::")?.1;
        let (service, action) = rest.split_once(':')?;
        let (resource_type, action) = match service {
            "aws-sdk" => {
                let (sdk, action) = action.split_once(':')?;
                (format!("aws-sdk:{sdk}"), action)
            }
            _ => (service.to_string(), action),
        };
        Some(Named {
            resource_type,
            resource: action.to_string(),
        })
    }

    /// `details` with `resourceType` and `resource` added.
    pub fn on(&self, mut details: Value) -> Value {
        if let Value::Object(m) = &mut details {
            m.insert("resourceType".into(), self.resource_type.clone().into());
            m.insert("resource".into(), self.resource.clone().into());
        }
        details
    }

    /// `{resourceType, resource}`.
    pub fn alone(&self) -> Value {
        self.on(Value::Object(Map::new()))
    }
}

/// The error name AWS gives an error `thrown` by `resource_type`'s service: a name with a
/// dot is kept (`States.Timeout`, `DynamoDB.ConditionalCheckFailedException`); otherwise
/// the service's prefix goes before it (`DynamoDB.` for the optimized integration), and an
/// AWS SDK integration's errors are `Service.NameException` in PascalCase (AWS always adds the
/// `Exception` suffix there).
pub fn service_error_name(resource_type: &str, thrown: &str) -> String {
    if thrown.contains('.') {
        return thrown.to_string();
    }
    if let Some(sdk) = resource_type.strip_prefix("aws-sdk:") {
        let suffix = if thrown.ends_with("Exception") {
            ""
        } else {
            "Exception"
        };
        return format!("{}.{thrown}{suffix}", sdk_service_name(sdk));
    }
    let prefix = match resource_type {
        "dynamodb" => "DynamoDB",
        "sqs" => "SQS",
        "sns" => "SNS",
        "events" => "EventBridge",
        "states" => "StepFunctions",
        "ecs" => "ECS",
        "eks" => "EKS",
        "glue" => "Glue",
        "batch" => "Batch",
        "athena" => "Athena",
        "bedrock" => "Bedrock",
        "sagemaker" => "SageMaker",
        "codebuild" => "CodeBuild",
        "databrew" => "DataBrew",
        "apigateway" => "ApiGateway",
        "mediaconvert" => "MediaConvert",
        "elasticmapreduce" => "ElasticMapReduce",
        "emr-containers" => "EMRContainers",
        "emr-serverless" => "EMRServerless",
        "http" => "States.Http",
        other => return format!("{}.{thrown}", pascal(other)),
    };
    format!("{prefix}.{thrown}")
}

/// An AWS SDK service's name in its errors (`dynamodb` → `DynamoDb`, `s3` → `S3`).
fn sdk_service_name(sdk: &str) -> String {
    match sdk {
        "dynamodb" => "DynamoDb".into(),
        "acmpca" => "AcmPca".into(),
        "eventbridge" => "EventBridge".into(),
        "secretsmanager" => "SecretsManager".into(),
        "bedrockruntime" => "BedrockRuntime".into(),
        "cloudwatch" => "CloudWatch".into(),
        "cloudwatchlogs" => "CloudWatchLogs".into(),
        other => pascal(other),
    }
}

/// `emr-serverless` → `EmrServerless`.
fn pascal(name: &str) -> String {
    name.split(['-', '_'])
        .map(|part| {
            let mut c = part.chars();
            c.next()
                .map(|f| f.to_uppercase().chain(c).collect::<String>())
                .unwrap_or_default()
        })
        .collect()
}

impl Run<'_> {
    /// Calls a service integration's mock with `request` (the state's evaluated
    /// `Parameters`/`Arguments`) and records its events; `.waitForTaskToken` then waits for
    /// the token's answer.
    pub(super) async fn call_service(
        &self,
        visit: &StateVisit<'_>,
        task: &Task,
        call: &Call,
        request: &Value,
        prev: &mut Prev,
    ) -> Result<Value, RuntimeError> {
        let (state, trace, entered) = (visit.state, visit.trace, visit.entered);
        let Some(named) = Named::of(&task.resource) else {
            let feature = format!("The Task resource '{}'", task.resource);
            return Err(self.in_state(state, entered, RuntimeError::unsupported(&feature)));
        };
        let pattern = Pattern::of(&task.resource);
        let request_id = uuid(self.host.rng);
        let scheduled = named.on(scheduled_details(request, &self.config.region, call));
        let idx = trace.push_scheduled(
            "TaskScheduled",
            self.now(),
            *prev,
            ("taskScheduledEventDetails".into(), scheduled),
            &request_id,
        );
        let idx = trace.push(
            "TaskStarted",
            self.now(),
            Prev::Local(idx),
            Some(("taskStartedEventDetails".into(), named.alone())),
        );
        *prev = Prev::Local(idx);
        let asked = self
            .ask_mock(&task.resource, &named, call, request.clone(), request_id)
            .await;
        let response = match asked {
            MockAnswer::Answered(response) => response,
            MockAnswer::PastTimeout => {
                return Err(self.task_timed_out(trace, prev, Some(&named), crate::errors::TIMEOUT));
            }
        };
        match (pattern, response) {
            (Pattern::WaitForTaskToken, Ok(submitted)) => {
                let token = visit_token(visit).unwrap_or_else(|| self.task_token());
                self.submit_and_wait(visit, call, &named, token, request, &submitted, prev)
                    .await
            }
            (Pattern::Sync, Ok(job)) => {
                // The mock started a job: submitted, then followed until it ends.
                let idx = trace.push(
                    "TaskSubmitted",
                    self.now(),
                    *prev,
                    Some(submitted_details(&named, &job)),
                );
                *prev = Prev::Local(idx);
                match self.follow_job(&task.resource, &named, call, job).await {
                    MockAnswer::Answered(ended) => self.record_task_end(trace, prev, &named, ended),
                    MockAnswer::PastTimeout => {
                        Err(self.task_timed_out(trace, prev, Some(&named), crate::errors::TIMEOUT))
                    }
                }
            }
            (_, response) => self.record_task_end(trace, prev, &named, response),
        }
    }

    /// Calls the mock of `resource` with `payload` (as request `request_id`): its answer (or AWS's error for what it
    /// threw), or that it ran past the Task's `TimeoutSeconds`.
    pub(super) async fn ask_mock(
        &self,
        resource: &str,
        named: &Named,
        call: &Call,
        payload: Value,
        request_id: String,
    ) -> MockAnswer {
        let invocation = Invocation {
            function_name: mock_key(resource).to_string(),
            invoked_arn: resource.to_string(),
            qualifier: None,
            payload,
            request_id,
        };
        let Some(result) = self.invoke_within(call, invocation).await else {
            return MockAnswer::PastTimeout;
        };
        let response = match result.outcome {
            InvocationOutcome::Succeeded { payload } => http_status(named, payload),
            InvocationOutcome::Failed {
                error_type,
                error_message,
                ..
            } => Err(RuntimeError::new(
                service_error_name(&named.resource_type, &error_type),
                service_cause(&named.resource_type, &error_type, &error_message, &uuid(self.host.rng)),
            )),
            InvocationOutcome::TimedOut { timeout_ms } => Err(RuntimeError::runtime(format!(
                "The mock of '{}' ran past its timeout of {:.2} seconds",
                mock_key(resource),
                timeout_ms as f64 / 1000.0
            ))),
            InvocationOutcome::FunctionNotFound => Err(RuntimeError::runtime(format!(
                "There is no mock for the resource '{}': add one to the workspace (a function named after the resource, `(request, context) => response`; in the CLI, a key of the --handlers file)",
                mock_key(resource)
            ))),
            InvocationOutcome::Rejected { error, cause } => Err(RuntimeError::new(error, cause)),
        };
        MockAnswer::Answered(
            response.and_then(|v| self.check_size(&named.resource_type, &v).map(|()| v)),
        )
    }

    /// `.waitForTaskToken` after the request was made: records `TaskSubmitted` (the
    /// service's answer to the request), waits for the token's answer, records how it
    /// ended.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn submit_and_wait(
        &self,
        visit: &StateVisit<'_>,
        call: &Call,
        named: &Named,
        token: String,
        request: &Value,
        submitted: &Value,
        prev: &mut Prev,
    ) -> Result<Value, RuntimeError> {
        let trace = visit.trace;
        let idx = trace.push(
            "TaskSubmitted",
            self.now(),
            *prev,
            Some(submitted_details(named, submitted)),
        );
        *prev = Prev::Local(idx);
        let waiting = WaitingTask {
            token,
            kind: WaitKind::TaskToken,
            state_name: visit.state.name.clone(),
            resource: format!("{}:{}", named.resource_type, named.resource),
            payload: request.clone(),
            heartbeat_seconds: call.heartbeat_seconds,
            timeout_seconds: call.timeout_seconds,
        };
        match self.wait_for_answer(&waiting, &|_| {}).await {
            Settled::Succeeded(v) => {
                let v = self.check_size(&named.resource_type, &v).map(|()| v);
                self.record_task_end(trace, prev, named, v)
            }
            Settled::Failed(e) => self.record_task_end(trace, prev, named, Err(e)),
            Settled::TimedOut(error) => Err(self.task_timed_out(trace, prev, Some(named), error)),
            Settled::Ended(e) => Err(e),
        }
    }

    /// Records `TaskSucceeded` or `TaskFailed` for a service integration.
    pub(super) fn record_task_end(
        &self,
        trace: &Trace<'_>,
        prev: &mut Prev,
        named: &Named,
        result: Result<Value, RuntimeError>,
    ) -> Result<Value, RuntimeError> {
        let now = self.now();
        let idx = match &result {
            Ok(v) => trace.push(
                "TaskSucceeded",
                now,
                *prev,
                trace.detailed().then(|| {
                    (
                        "taskSucceededEventDetails".to_string(),
                        named.on(history::output("x", v).1),
                    )
                }),
            ),
            Err(e) => trace.push(
                "TaskFailed",
                now,
                *prev,
                Some((
                    "taskFailedEventDetails".to_string(),
                    named.on(history::failure("x", &e.error, &e.cause).1),
                )),
            ),
        };
        *prev = Prev::Local(idx);
        result
    }

    /// Records `TaskTimedOut` (or `LambdaFunctionTimedOut` without `named`) with `error`
    /// (`States.Timeout`, `States.HeartbeatTimeout`).
    pub(super) fn task_timed_out(
        &self,
        trace: &Trace<'_>,
        prev: &mut Prev,
        named: Option<&Named>,
        error: &str,
    ) -> RuntimeError {
        let details = json!({ "error": error });
        let (kind, member, details) = match named {
            Some(n) => ("TaskTimedOut", "taskTimedOutEventDetails", n.on(details)),
            None => (
                "LambdaFunctionTimedOut",
                "lambdaFunctionTimedOutEventDetails",
                details,
            ),
        };
        let idx = trace.push(kind, self.now(), *prev, Some((member.into(), details)));
        *prev = Prev::Local(idx);
        RuntimeError::new(error, "")
    }
}

/// A `.waitForTaskToken` task's token, as its context object (`$$.Task.Token`) has it.
pub(super) fn visit_token(visit: &StateVisit<'_>) -> Option<String> {
    visit
        .context
        .pointer("/Task/Token")
        .and_then(Value::as_str)
        .map(str::to_string)
}

/// `taskScheduledEventDetails` of a service integration without the resource names: the
/// parameters as JSON text, the Region, the Task's timeouts and credentials.
pub(super) fn scheduled_details(parameters: &Value, region: &str, call: &Call) -> Value {
    let mut m = Map::new();
    m.insert("parameters".into(), json_text(parameters).into());
    m.insert("region".into(), region.into());
    call.add_limits(&mut m, true);
    call.add_credentials(&mut m);
    Value::Object(m)
}

/// `taskSubmittedEventDetails`: what the service answered the request.
fn submitted_details(named: &Named, output: &Value) -> (String, Value) {
    (
        "taskSubmittedEventDetails".into(),
        named.on(history::output("x", output).1),
    )
}

/// An HTTP Task's response with a status of 400 or more fails it with
/// `States.Http.StatusCode.NNN`, the response's JSON text as the cause.
fn http_status(named: &Named, response: Value) -> Result<Value, RuntimeError> {
    if named.resource_type != "http" {
        return Ok(response);
    }
    match response.get("StatusCode").and_then(Value::as_u64) {
        Some(code) if code >= 400 => Err(RuntimeError::new(
            format!("States.Http.StatusCode.{code}"),
            json_text(&response),
        )),
        _ => Ok(response),
    }
}

/// The cause of a service error, in the AWS SDK's words: the message, then the service,
/// status code, error code and request id.
fn service_cause(resource_type: &str, code: &str, message: &str, request_id: &str) -> String {
    let service = resource_type
        .strip_prefix("aws-sdk:")
        .unwrap_or(resource_type);
    let code = code.rsplit('.').next().unwrap_or(code);
    format!("{message} (Service: {service}, Status Code: 400, Error Code: {code}, Request ID: {request_id})")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_resource() {
        for (resource, ty, res) in [
            (
                "arn:aws:states:::sqs:sendMessage.waitForTaskToken",
                "sqs",
                "sendMessage.waitForTaskToken",
            ),
            (
                "arn:aws:states:::aws-sdk:dynamodb:getItem",
                "aws-sdk:dynamodb",
                "getItem",
            ),
            ("arn:aws:states:::lambda:invoke", "lambda", "invoke"),
            (
                "arn:aws-cn:states:::states:startExecution.sync:2",
                "states",
                "startExecution.sync:2",
            ),
        ] {
            let n = Named::of(resource).unwrap();
            assert_eq!(
                (n.resource_type.as_str(), n.resource.as_str()),
                (ty, res),
                "{resource}"
            );
        }
        assert_eq!(Named::of("arn:aws:lambda:us-east-1:1:function:f"), None);
    }

    #[test]
    fn errors_get_their_services_names() {
        for (ty, thrown, name) in [
            (
                "dynamodb",
                "ConditionalCheckFailedException",
                "DynamoDB.ConditionalCheckFailedException",
            ),
            (
                "aws-sdk:dynamodb",
                "ConditionalCheckFailedException",
                "DynamoDb.ConditionalCheckFailedException",
            ),
            ("aws-sdk:s3", "NoSuchKey", "S3.NoSuchKeyException"),
            (
                "aws-sdk:acmpca",
                "ResourceNotFoundException",
                "AcmPca.ResourceNotFoundException",
            ),
            ("sqs", "States.Timeout", "States.Timeout"),
            ("emr-serverless", "X", "EMRServerless.X"),
            ("newservice", "Boom", "Newservice.Boom"),
            (
                "aws-sdk:emr-containers",
                "Boom",
                "EmrContainers.BoomException",
            ),
        ] {
            assert_eq!(service_error_name(ty, thrown), name, "{ty} {thrown}");
        }
    }

    #[test]
    fn http_tasks_fail_on_error_statuses() {
        let http = Named::of("arn:aws:states:::http:invoke").unwrap();
        let e = http_status(&http, json!({"StatusCode": 404, "ResponseBody": "no"})).unwrap_err();
        assert_eq!(e.error, "States.Http.StatusCode.404");
        assert!(e.cause.contains("\"StatusCode\":404"));
        assert!(http_status(&http, json!({"StatusCode": 200})).is_ok());
        let sqs = Named::of("arn:aws:states:::sqs:sendMessage").unwrap();
        assert!(http_status(&sqs, json!({"StatusCode": 500})).is_ok());
    }
}
