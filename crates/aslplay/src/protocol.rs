//! The handler host's messages (see the top of `static/handler-host.js`): the `invoke` request
//! and the `result` answer, turned into the interpreter's [`InvocationResult`].

use std::time::{Duration, Instant};

use asl::host::{Invocation, InvocationOutcome, InvocationResult, LogLine};
use serde_json::{json, Value};

/// The `invoke` message for one invocation of `code`, with Lambda's context fields.
pub fn request(
    id: u64,
    invocation: &Invocation,
    code: &str,
    log_stream: &str,
    timeout: Duration,
) -> Value {
    let name = &invocation.function_name;
    let version = match &invocation.qualifier {
        Some(q) if !q.is_empty() && q.bytes().all(|b| b.is_ascii_digit()) => q.clone(),
        _ => "$LATEST".to_string(),
    };
    json!({
        "type": "invoke",
        "id": id,
        "code": code,
        "event": invocation.payload,
        "context": {
            "functionName": name,
            "functionVersion": version,
            "invokedFunctionArn": invocation.invoked_arn,
            "memoryLimitInMB": 128,
            "awsRequestId": invocation.request_id,
            "logGroupName": format!("/aws/lambda/{name}"),
            "logStreamName": log_stream,
            "timeoutMs": u64::try_from(timeout.as_millis()).unwrap_or(u64::MAX),
        }
    })
}

/// The `"type"` of a message line, if it is a message.
pub fn message_type(line: &str) -> Option<String> {
    let v: Value = serde_json::from_str(line).ok()?;
    v.get("type")?.as_str().map(str::to_string)
}

/// The `result` message answering request `id`, if `line` is one.
pub fn result_for(line: &str, id: u64) -> Option<Value> {
    let msg: Value = serde_json::from_str(line).ok()?;
    let is_it = msg.get("type").and_then(Value::as_str) == Some("result")
        && msg.get("id").and_then(Value::as_u64) == Some(id);
    is_it.then_some(msg)
}

/// An [`InvocationResult`] from its parts.
pub fn result(
    outcome: InvocationOutcome,
    logs: Vec<LogLine>,
    duration_ms: f64,
) -> InvocationResult {
    InvocationResult {
        outcome,
        logs,
        duration_ms,
    }
}

/// A failure the runtime itself reports (not the handler's own error).
pub fn runtime_failure(error_type: &str, message: &str, started: Instant) -> InvocationResult {
    result(
        InvocationOutcome::Failed {
            error_type: error_type.into(),
            error_message: message.into(),
            trace: vec![],
        },
        vec![],
        started.elapsed().as_secs_f64() * 1000.0,
    )
}

/// Turns a `result` message into an [`InvocationResult`]; odd fields are tolerated.
pub fn parse_result(msg: &Value, started: Instant) -> InvocationResult {
    let logs = msg
        .get("logs")
        .and_then(Value::as_array)
        .map(|lines| {
            lines
                .iter()
                .map(|l| LogLine {
                    level: text(l.get("level")).unwrap_or_else(|| "log".into()),
                    message: text(l.get("message")).unwrap_or_default(),
                })
                .collect()
        })
        .unwrap_or_default();
    let duration_ms = msg
        .get("durationMs")
        .and_then(Value::as_f64)
        .filter(|d| d.is_finite() && *d >= 0.0)
        .unwrap_or_else(|| started.elapsed().as_secs_f64() * 1000.0);
    let outcome = if msg.get("ok").and_then(Value::as_bool) == Some(true) {
        InvocationOutcome::Succeeded {
            payload: msg.get("payload").cloned().unwrap_or(Value::Null),
        }
    } else {
        let error = msg.get("error").cloned().unwrap_or(Value::Null);
        InvocationOutcome::Failed {
            error_type: text(error.get("errorType")).unwrap_or_else(|| "Error".into()),
            error_message: text(error.get("errorMessage")).unwrap_or_default(),
            trace: error
                .get("trace")
                .and_then(Value::as_array)
                .map(|t| t.iter().filter_map(|l| text(Some(l))).collect())
                .unwrap_or_default(),
        }
    };
    result(outcome, logs, duration_ms)
}

/// A JSON value as text: strings as they are, other scalars in JSON notation.
fn text(v: Option<&Value>) -> Option<String> {
    match v? {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_requests_with_lambda_context() {
        let inv = Invocation {
            function_name: "F".into(),
            invoked_arn: "arn:aws:lambda:us-east-1:123456789012:function:F:7".into(),
            qualifier: Some("7".into()),
            payload: json!({"a": 1}),
            request_id: "r".into(),
        };
        let r = request(3, &inv, "code", "s", Duration::from_secs(3));
        assert_eq!(r["type"], "invoke");
        assert_eq!(r["id"], 3);
        assert_eq!(r["event"], json!({"a": 1}));
        assert_eq!(r["context"]["functionVersion"], "7");
        assert_eq!(r["context"]["logGroupName"], "/aws/lambda/F");
        assert_eq!(r["context"]["timeoutMs"], 3000);
    }

    #[test]
    fn finds_the_answer_to_a_request() {
        assert!(result_for(r#"{"type":"result","id":2,"ok":true}"#, 2).is_some());
        assert!(result_for(r#"{"type":"result","id":1,"ok":true}"#, 2).is_none());
        assert!(result_for(r#"{"type":"ready"}"#, 2).is_none());
        assert!(result_for("not json", 2).is_none());
        assert_eq!(
            message_type(r#"{"type":"ready"}"#).as_deref(),
            Some("ready")
        );
    }

    #[test]
    fn parses_a_success() {
        let msg = json!({"type":"result","id":1,"ok":true,"payload":["a"],
            "logs":[{"level":"info","message":"hi"}],"durationMs":1.5});
        let r = parse_result(&msg, Instant::now());
        assert_eq!(
            r.outcome,
            InvocationOutcome::Succeeded {
                payload: json!(["a"])
            }
        );
        assert_eq!(r.logs[0].level, "info");
        assert_eq!(r.duration_ms, 1.5);
    }

    #[test]
    fn parses_a_failure_with_odd_fields() {
        let msg = json!({"type":"result","id":1,"ok":false,
            "error":{"errorType":7,"trace":["a",null]},"durationMs":"x"});
        let r = parse_result(&msg, Instant::now());
        assert_eq!(
            r.outcome,
            InvocationOutcome::Failed {
                error_type: "7".into(),
                error_message: String::new(),
                trace: vec!["a".into()]
            }
        );
        assert!(r.duration_ms >= 0.0);
    }
}
