//! What Lambda's Invoke API answers `lambda:invoke` with: the response shape, the log tail.
//! (Function ARNs are in [`crate::arn`], what a Task's resource names in
//! [`crate::definition::resource`].)

use serde_json::{json, Value};

use crate::history::time::http_date;

/// The Invoke API response as `arn:aws:states:::lambda:invoke` returns it.
pub fn invoke_response(
    payload: Value,
    executed_version: &str,
    request_id: &str,
    trace_id: &str,
    now_ms: i64,
) -> Value {
    let length = crate::history::json_text(&payload).len().to_string();
    let date = http_date(now_ms);
    json!({
        "ExecutedVersion": executed_version,
        "Payload": payload,
        "SdkHttpMetadata": {
            "AllHttpHeaders": {
                "X-Amz-Executed-Version": [executed_version],
                "x-amzn-Remapped-Content-Length": ["0"],
                "Connection": ["keep-alive"],
                "x-amzn-RequestId": [request_id],
                "Content-Length": [length],
                "Date": [date],
                "X-Amzn-Trace-Id": [trace_id],
                "Content-Type": ["application/json"],
            },
            "HttpHeaders": {
                "Connection": "keep-alive",
                "Content-Length": length,
                "Content-Type": "application/json",
                "Date": date,
                "X-Amz-Executed-Version": executed_version,
                "x-amzn-Remapped-Content-Length": "0",
                "x-amzn-RequestId": request_id,
                "X-Amzn-Trace-Id": trace_id,
            },
            "HttpStatusCode": 200,
        },
        "SdkResponseMetadata": {"RequestId": request_id},
        "StatusCode": 200,
    })
}

/// What Lambda's Invoke returns as `LogResult` for `LogType: Tail`: the last 4 KB of the
/// invocation's log (START, the function's lines, END, REPORT), base64-encoded.
pub fn log_tail(log: &crate::host::lambda_log::InvocationLog<'_>) -> String {
    use base64::Engine as _;
    let text = log.text();
    let bytes = text.as_bytes();
    let mut start = bytes.len().saturating_sub(4096);
    while !text.is_char_boundary(start) {
        start += 1;
    }
    base64::engine::general_purpose::STANDARD.encode(&bytes[start..])
}

/// Adds `LogResult` (and its `X-Amz-Log-Result` header) to an Invoke response.
pub fn add_log_result(response: &mut Value, log_result: &str) {
    if let Value::Object(m) = response {
        m.insert("LogResult".into(), log_result.into());
    }
    let meta = &mut response["SdkHttpMetadata"];
    if let Value::Object(h) = &mut meta["AllHttpHeaders"] {
        h.insert("X-Amz-Log-Result".into(), json!([log_result]));
    }
    if let Value::Object(h) = &mut meta["HttpHeaders"] {
        h.insert("X-Amz-Log-Result".into(), log_result.into());
    }
}
