//! The handler runtime's messages (`static/handler-host.js`), shared by the hosts that speak
//! them: the browser's Worker pool and the CLI's Node.js process.
//!
//! The runtime says `{"type":"ready"}` once, then answers each `invoke` request with one
//! `result`: `{"type":"result","id","ok":true,"payload","logs","durationMs"}` or
//! `{"type":"result","id","ok":false,"error":{"errorType","errorMessage","trace"},"logs","durationMs"}`,
//! either with the optional `initDurationMs` and `maxMemoryUsedMB` ([`RuntimeMetrics`]).

use serde_json::{json, Value};

use super::{Invocation, InvocationOutcome, InvocationResult, LogLine, RuntimeMetrics};

/// The `functionVersion` Lambda reports: the qualifier when it is a version number,
/// `$LATEST` for no qualifier or an alias.
pub fn function_version(qualifier: Option<&str>) -> String {
    match qualifier {
        Some(q) if !q.is_empty() && q.bytes().all(|b| b.is_ascii_digit()) => q.to_string(),
        _ => "$LATEST".to_string(),
    }
}

/// The `invoke` request for one invocation of `code`, with Lambda's context fields.
pub fn invoke_request(
    id: u64,
    invocation: &Invocation,
    code: &str,
    log_stream: &str,
    timeout_ms: u64,
) -> Value {
    let name = &invocation.function_name;
    json!({
        "type": "invoke",
        "id": id,
        "code": code,
        "event": invocation.payload,
        "context": {
            "functionName": name,
            "functionVersion": function_version(invocation.qualifier.as_deref()),
            "invokedFunctionArn": invocation.invoked_arn,
            "memoryLimitInMB": 128,
            "awsRequestId": invocation.request_id,
            "logGroupName": format!("/aws/lambda/{name}"),
            "logStreamName": log_stream,
            "timeoutMs": timeout_ms,
        }
    })
}

/// Reads a `result` message; odd or missing fields are tolerated. `fallback_ms` is the
/// duration to report when the message carries none (or a nonsensical one).
pub fn read_result(msg: &Value, fallback_ms: f64) -> InvocationResult {
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
        .unwrap_or(fallback_ms);
    let outcome = if msg.get("ok").and_then(Value::as_bool) == Some(true) {
        InvocationOutcome::Succeeded {
            payload: msg.get("payload").cloned().unwrap_or(Value::Null),
        }
    } else {
        let error = msg.get("error").cloned().unwrap_or(Value::Null);
        InvocationOutcome::Failed {
            error_type: text(error.get("errorType"))
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| "Error".into()),
            error_message: text(error.get("errorMessage")).unwrap_or_default(),
            trace: error
                .get("trace")
                .and_then(Value::as_array)
                .map(|t| t.iter().filter_map(|l| text(Some(l))).collect())
                .unwrap_or_default(),
        }
    };
    let metrics = RuntimeMetrics {
        init_duration_ms: msg
            .get("initDurationMs")
            .and_then(Value::as_f64)
            .filter(|d| d.is_finite() && *d >= 0.0),
        max_memory_used_mb: msg
            .get("maxMemoryUsedMB")
            .and_then(Value::as_u64)
            .and_then(|m| u32::try_from(m).ok()),
    };
    InvocationResult {
        metrics,
        outcome,
        logs,
        duration_ms,
    }
}

/// A JSON value as text: strings as they are, other scalars in JSON notation, null as none.
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

    fn invocation(qualifier: Option<&str>) -> Invocation {
        Invocation {
            function_name: "HelloFunction".into(),
            invoked_arn: "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction".into(),
            qualifier: qualifier.map(str::to_string),
            payload: json!({"who": "bob"}),
            request_id: "req-1".into(),
        }
    }

    #[test]
    fn versions_are_numbers_and_everything_else_is_latest() {
        assert_eq!(function_version(None), "$LATEST");
        assert_eq!(function_version(Some("")), "$LATEST");
        assert_eq!(function_version(Some("prod")), "$LATEST");
        assert_eq!(function_version(Some("7")), "7");
    }

    #[test]
    fn the_request_carries_the_event_and_lambdas_context() {
        let r = invoke_request(3, &invocation(Some("2")), "exports.handler=1", "s", 3000);
        assert_eq!(r["type"], "invoke");
        assert_eq!(r["id"], 3);
        assert_eq!(r["event"], json!({"who": "bob"}));
        assert_eq!(r["context"]["functionVersion"], "2");
        assert_eq!(r["context"]["logGroupName"], "/aws/lambda/HelloFunction");
        assert_eq!(r["context"]["awsRequestId"], "req-1");
        assert_eq!(r["context"]["timeoutMs"], 3000);
    }

    #[test]
    fn results_become_outcomes() {
        let ok = read_result(
            &json!({"type":"result","id":1,"ok":true,"payload":"Hello, bob!",
                    "logs":[{"level":"info","message":"hi"}],"durationMs":1.5}),
            9.0,
        );
        assert_eq!(
            ok.outcome,
            InvocationOutcome::Succeeded {
                payload: json!("Hello, bob!")
            }
        );
        assert_eq!(ok.logs[0].level, "info");
        assert_eq!(ok.duration_ms, 1.5);
        assert_eq!(ok.metrics, RuntimeMetrics::default());
        let cold = read_result(
            &json!({"ok":true,"initDurationMs":12.5,"maxMemoryUsedMB":57,"durationMs":1}),
            0.0,
        );
        assert_eq!(cold.metrics.init_duration_ms, Some(12.5));
        assert_eq!(cold.metrics.max_memory_used_mb, Some(57));

        let err = read_result(
            &json!({"type":"result","id":1,"ok":false,"durationMs":-1,
                    "error":{"errorType":"TypeError","errorMessage":"x","trace":["TypeError: x", 3]}}),
            9.0,
        );
        assert_eq!(
            err.outcome,
            InvocationOutcome::Failed {
                error_type: "TypeError".into(),
                error_message: "x".into(),
                trace: vec!["TypeError: x".into(), "3".into()],
            }
        );
        assert_eq!(err.duration_ms, 9.0);

        let odd = read_result(&json!({"ok":false,"error":{"errorType":""}}), 0.0);
        assert!(
            matches!(odd.outcome, InvocationOutcome::Failed { ref error_type, .. } if error_type == "Error")
        );
    }
}
