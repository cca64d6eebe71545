//! The handler host's messages (see the top of `static/handler-host.js`): `invoke` requests
//! written straight into the batch of bytes bound for a process, and the lines it answers
//! with, turned into the interpreter's [`InvocationResult`].

use std::time::Instant;

use asl::host::{protocol, Invocation, InvocationOutcome, InvocationResult, LogLine};
use serde_json::Value;

/// Appends the `invoke` line for one invocation of `code` (with Lambda's context fields) to
/// `out`: the message [`protocol::invoke_request`] describes, written without building it.
pub fn write_request(
    out: &mut Vec<u8>,
    id: u64,
    invocation: &Invocation,
    code: &str,
    log_stream: &str,
    timeout_ms: u64,
) {
    let string = |out: &mut Vec<u8>, s: &str| {
        // Writing JSON into a Vec cannot fail.
        let _ = serde_json::to_writer(&mut *out, s);
    };
    let name = &invocation.function_name;
    out.extend_from_slice(b"{\"type\":\"invoke\",\"id\":");
    out.extend_from_slice(id.to_string().as_bytes());
    out.extend_from_slice(b",\"code\":");
    string(out, code);
    out.extend_from_slice(b",\"event\":");
    let _ = serde_json::to_writer(&mut *out, &invocation.payload);
    out.extend_from_slice(b",\"context\":{\"functionName\":");
    string(out, name);
    out.extend_from_slice(b",\"functionVersion\":");
    string(
        out,
        &protocol::function_version(invocation.qualifier.as_deref()),
    );
    out.extend_from_slice(b",\"invokedFunctionArn\":");
    string(out, &invocation.invoked_arn);
    out.extend_from_slice(b",\"memoryLimitInMB\":128,\"awsRequestId\":");
    string(out, &invocation.request_id);
    out.extend_from_slice(b",\"logGroupName\":");
    string(out, &format!("/aws/lambda/{name}"));
    out.extend_from_slice(b",\"logStreamName\":");
    string(out, log_stream);
    out.extend_from_slice(b",\"timeoutMs\":");
    out.extend_from_slice(timeout_ms.to_string().as_bytes());
    out.extend_from_slice(b"}}\n");
}

/// What one line from the handler host says.
#[derive(Debug)]
pub enum Reply {
    /// `{"type":"ready"}`: the host can take requests.
    Ready,
    /// The `result` of request `id` (the whole message, for [`parse_result`]).
    Result {
        /// The request it answers.
        id: u64,
        /// The message.
        message: Value,
    },
    /// Anything else (not JSON, another type): ignored, as the protocol says.
    Other,
}

/// Reads one line from the handler host.
pub fn reply(line: &[u8]) -> Reply {
    let Ok(message) = serde_json::from_slice::<Value>(line) else {
        return Reply::Other;
    };
    match message.get("type").and_then(Value::as_str) {
        Some("ready") => Reply::Ready,
        Some("result") => match message.get("id").and_then(Value::as_u64) {
            Some(id) => Reply::Result { id, message },
            None => Reply::Other,
        },
        _ => Reply::Other,
    }
}

/// An [`InvocationResult`] from its parts.
pub fn result(
    outcome: InvocationOutcome,
    logs: Vec<LogLine>,
    duration_ms: f64,
) -> InvocationResult {
    InvocationResult {
        metrics: Default::default(),
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

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn the_request_line_is_the_protocols_invoke_message() {
        let invocation = Invocation {
            function_name: "Hello\"Function".into(),
            invoked_arn: "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction:7".into(),
            qualifier: Some("7".into()),
            payload: json!({"who": "bob\n", "n": [1, 2.5, null]}),
            request_id: "req-1".into(),
        };
        let mut out = b"before\n".to_vec();
        write_request(
            &mut out,
            42,
            &invocation,
            "exports.handler=1 // \u{2028}",
            "s/[$LATEST]x",
            3000,
        );
        let text = String::from_utf8(out).unwrap();
        let line = text.strip_prefix("before\n").unwrap();
        assert!(
            line.ends_with('\n') && line.matches('\n').count() == 1,
            "{line:?}"
        );
        let parsed: Value = serde_json::from_str(line).unwrap();
        assert_eq!(
            parsed,
            protocol::invoke_request(
                42,
                &invocation,
                "exports.handler=1 // \u{2028}",
                "s/[$LATEST]x",
                3000
            )
        );
    }

    #[test]
    fn replies_are_told_apart() {
        assert!(matches!(reply(br#"{"type":"ready"}"#), Reply::Ready));
        assert!(matches!(
            reply(br#"{"type":"result","id":2,"ok":true}"#),
            Reply::Result { id: 2, .. }
        ));
        assert!(matches!(
            reply(br#"{"type":"result","ok":true}"#),
            Reply::Other
        ));
        assert!(matches!(reply(b"not json"), Reply::Other));
        assert!(matches!(reply(b"[1]"), Reply::Other));
    }
}
