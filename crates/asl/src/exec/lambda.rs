//! Lambda as a Task resource: function ARNs, names, and the `lambda:invoke` response shape.

use serde_json::{json, Value};

use crate::history::time::http_date;

/// The resource ARN of the optimised integration.
pub const INVOKE: &str = "arn:aws:states:::lambda:invoke";

/// What a Task's `Resource` calls.
#[derive(Debug, Clone, PartialEq)]
pub enum Target {
    /// A function ARN: the handler's value is the result, as is.
    Function(FunctionArn),
    /// `arn:aws:states:::lambda:invoke`: `Parameters.FunctionName` + `Payload`, result wrapped.
    Invoke,
}

impl Target {
    /// Recognises a resource this interpreter can run.
    pub fn classify(resource: &str) -> Option<Target> {
        if resource == INVOKE
            || resource
                .strip_prefix("arn:")
                .and_then(|r| r.split_once(":states:::lambda:invoke"))
                .is_some_and(|(p, rest)| p.starts_with("aws") && rest.is_empty())
        {
            return Some(Target::Invoke);
        }
        FunctionArn::parse(resource).map(Target::Function)
    }
}

/// `arn:PARTITION:lambda:REGION:ACCOUNT:function:NAME[:QUALIFIER]`.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionArn {
    /// `aws`, `aws-cn`, ….
    pub partition: String,
    /// Region.
    pub region: String,
    /// Account id.
    pub account: String,
    /// Function name.
    pub name: String,
    /// Version or alias.
    pub qualifier: Option<String>,
}

impl FunctionArn {
    /// Parses a full function ARN.
    pub fn parse(s: &str) -> Option<Self> {
        let parts: Vec<&str> = s.split(':').collect();
        if !(7..=8).contains(&parts.len())
            || parts[0] != "arn"
            || parts[2] != "lambda"
            || parts[5] != "function"
        {
            return None;
        }
        if !parts[1].starts_with("aws") || parts[6].is_empty() {
            return None;
        }
        Some(Self {
            partition: parts[1].into(),
            region: parts[3].into(),
            account: parts[4].into(),
            name: parts[6].into(),
            qualifier: parts.get(7).map(|q| q.to_string()),
        })
    }

    /// Resolves `FunctionName` as Lambda's Invoke API accepts it: a name (`my-fn`,
    /// `my-fn:alias`), a partial ARN (`123456789012:function:my-fn`) or a full ARN.
    pub fn resolve(
        function_name: &str,
        partition: &str,
        region: &str,
        account: &str,
    ) -> Option<Self> {
        if function_name.starts_with("arn:") {
            return Self::parse(function_name);
        }
        let parts: Vec<&str> = function_name.split(':').collect();
        let (acct, name, qualifier) = match parts.as_slice() {
            [name] => (account, *name, None),
            [name, q] => (account, *name, Some(q.to_string())),
            [acct, "function", name] => (*acct, *name, None),
            [acct, "function", name, q] => (*acct, *name, Some(q.to_string())),
            _ => return None,
        };
        if name.is_empty() {
            return None;
        }
        Some(Self {
            partition: partition.into(),
            region: region.into(),
            account: acct.into(),
            name: name.into(),
            qualifier,
        })
    }

    /// The ARN, with the qualifier if any.
    pub fn arn(&self) -> String {
        let base = format!(
            "arn:{}:lambda:{}:{}:function:{}",
            self.partition, self.region, self.account, self.name
        );
        match &self.qualifier {
            Some(q) => format!("{base}:{q}"),
            None => base,
        }
    }

    /// The ARN with `$LATEST` when unqualified (as "Function not found" quotes it).
    pub fn versioned_arn(&self) -> String {
        match &self.qualifier {
            Some(_) => self.arn(),
            None => format!("{}:$LATEST", self.arn()),
        }
    }

    /// The version that ran: a numeric qualifier, else `$LATEST`.
    pub fn executed_version(&self) -> String {
        match &self.qualifier {
            Some(q) if q.bytes().all(|b| b.is_ascii_digit()) => q.clone(),
            _ => "$LATEST".into(),
        }
    }
}

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
pub fn log_tail(
    request_id: &str,
    version: &str,
    logs: &[crate::host::LogLine],
    duration_ms: f64,
) -> String {
    use base64::Engine as _;
    let mut text = format!("START RequestId: {request_id} Version: {version}\n");
    for l in logs {
        let level = match l.level.as_str() {
            "log" => "INFO".to_string(),
            other => other.to_ascii_uppercase(),
        };
        text.push_str(&format!("{request_id}\t{level}\t{}\n", l.message));
    }
    text.push_str(&format!("END RequestId: {request_id}\n"));
    text.push_str(&format!(
        "REPORT RequestId: {request_id}\tDuration: {duration_ms:.2} ms\tBilled Duration: {} ms\tMemory Size: 128 MB\tMax Memory Used: 64 MB\t\n",
        duration_ms.ceil().max(1.0) as u64
    ));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_resources() {
        let f =
            FunctionArn::parse("arn:aws:lambda:us-east-1:123456789012:function:HelloFunction:prod")
                .unwrap();
        assert_eq!(
            (f.name.as_str(), f.qualifier.as_deref()),
            ("HelloFunction", Some("prod"))
        );
        assert_eq!(Target::classify(INVOKE), Some(Target::Invoke));
        assert!(Target::classify("arn:aws:states:::sqs:sendMessage").is_none());
        assert!(Target::classify("arn:aws:lambda:us-east-1:1:layer:x").is_none());
        let r = FunctionArn::resolve(
            "111111111111:function:f",
            "aws",
            "eu-west-1",
            "222222222222",
        )
        .unwrap();
        assert_eq!(r.arn(), "arn:aws:lambda:eu-west-1:111111111111:function:f");
        let r = FunctionArn::resolve("f:7", "aws", "us-east-1", "1").unwrap();
        assert_eq!(
            (r.versioned_arn(), r.executed_version()),
            ("arn:aws:lambda:us-east-1:1:function:f:7".into(), "7".into())
        );
        assert_eq!(
            FunctionArn::resolve("f", "aws", "us-east-1", "1")
                .unwrap()
                .versioned_arn(),
            "arn:aws:lambda:us-east-1:1:function:f:$LATEST"
        );
    }
}
