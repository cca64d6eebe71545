//! The handler runtime's messages (`static/handler-host.js`, whose header is the reference),
//! shared by the hosts that speak them: the browser's Worker pool and the CLI's Node.js process.
//!
//! The runtime says `{"type":"ready"}` once. A batch request ([`BatchRequest`]) carries many
//! invocations, the sources the runtime has not been sent yet, and Lambda's context fields once
//! per function (all but the request id):
//! `{"type":"invoke","code":{"<key>":"<source>"},"contexts":{"<ckey>":{…}},"invocations":[{"id","secret","fn":"<key>","event","ctx":"<ckey>","awsRequestId"}]}`;
//! the runtime answers with `results` messages ([`read_results`]), each carrying the results
//! finished so far: `{"type":"results","results":[{"id","secret","ok":true,"payload","logs","durationMs"}]}`
//! (or `"ok":false,"error":{"errorType","errorMessage","trace"}`, or `"retry":true` for an
//! invocation the runtime did not run and that must run on another one). A host accepts a
//! result only with the id and secret of an invocation it sent to that runtime.
//!
//! Any result may carry the optional `initDurationMs` and `maxMemoryUsedMB` ([`RuntimeMetrics`]).
//!
//! The older single-invocation request ([`invoke_request`]) is answered with one
//! `{"type":"result","id",…}` ([`read_result`]).

use std::fmt::Write as _;

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

/// One `invoke` message carrying many invocations, written as JSON text as it is built (no
/// intermediate JSON values: the page builds one per batch). The context fields that a
/// function's invocations share go once per message: a Map's batch of 40 invocations would
/// otherwise repeat them 40 times (two thirds of the message).
#[derive(Debug, Default, Clone)]
pub struct BatchRequest {
    /// `"<key>":"<source>"` pairs, comma-separated.
    code: String,
    /// `"<ckey>":{<context fields>}` pairs, comma-separated.
    contexts: String,
    /// What each shared context written so far was made of; its key is `c` and its index.
    context_sources: Vec<ContextSource>,
    /// The invocations' JSON objects, comma-separated.
    invocations: String,
    count: usize,
}

impl BatchRequest {
    /// An empty batch.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sends `source` under `key` with this batch (for a runtime that has not had it yet).
    pub fn add_code(&mut self, key: &str, source: &str) {
        if !self.code.is_empty() {
            self.code.push(',');
        }
        push_json_str(&mut self.code, key);
        self.code.push(':');
        push_json_str(&mut self.code, source);
    }

    /// Adds one invocation of the source sent under `key`, with Lambda's context fields.
    pub fn add(&mut self, call: &BatchCall<'_>) {
        let ckey = self.context_key(call);
        let out = &mut self.invocations;
        if self.count > 0 {
            out.push(',');
        }
        self.count += 1;
        let inv = call.invocation;
        let _ = write!(out, "{{\"id\":{},\"secret\":", call.id);
        push_json_str(out, call.secret);
        out.push_str(",\"fn\":");
        push_json_str(out, call.key);
        out.push_str(",\"event\":");
        push_json(out, &inv.payload);
        let _ = write!(out, ",\"ctx\":\"c{ckey}\",\"awsRequestId\":");
        push_json_str(out, &inv.request_id);
        out.push('}');
    }

    /// The number of the shared context that `call`'s fields (all but the request id) were
    /// written under, writing them if no invocation of this batch had the same. Looking one
    /// up compares what the fields are made of: nothing is written for a context already sent.
    fn context_key(&mut self, call: &BatchCall<'_>) -> usize {
        if let Some(k) = self.context_sources.iter().position(|c| c.is_of(call)) {
            return k;
        }
        let k = self.context_sources.len();
        let inv = call.invocation;
        let name = &inv.function_name;
        let out = &mut self.contexts;
        if k > 0 {
            out.push(',');
        }
        let _ = write!(out, "\"c{k}\":{{\"functionName\":");
        push_json_str(out, name);
        out.push_str(",\"functionVersion\":");
        push_json_str(out, &function_version(inv.qualifier.as_deref()));
        out.push_str(",\"invokedFunctionArn\":");
        push_json_str(out, &inv.invoked_arn);
        out.push_str(",\"memoryLimitInMB\":128,\"logGroupName\":");
        push_json_str(out, &format!("/aws/lambda/{name}"));
        out.push_str(",\"logStreamName\":");
        push_json_str(out, call.log_stream);
        let _ = write!(out, ",\"timeoutMs\":{}}}", call.timeout_ms);
        self.context_sources.push(ContextSource {
            function_name: name.clone(),
            qualifier: inv.qualifier.clone(),
            invoked_arn: inv.invoked_arn.clone(),
            log_stream: call.log_stream.to_string(),
            timeout_ms: call.timeout_ms,
        });
        k
    }

    /// How many invocations the batch carries.
    pub fn len(&self) -> usize {
        self.count
    }

    /// Whether the batch carries no invocation.
    pub fn is_empty(&self) -> bool {
        self.count == 0
    }

    /// The message, as JSON text.
    pub fn to_json(&self) -> String {
        let mut out = String::with_capacity(
            self.code.len() + self.contexts.len() + self.invocations.len() + 64,
        );
        out.push_str("{\"type\":\"invoke\",\"code\":{");
        out.push_str(&self.code);
        out.push_str("},\"contexts\":{");
        out.push_str(&self.contexts);
        out.push_str("},\"invocations\":[");
        out.push_str(&self.invocations);
        out.push_str("]}");
        out
    }
}

/// What a shared context's fields are made of: two invocations share one when these match.
#[derive(Debug, Clone)]
struct ContextSource {
    function_name: String,
    qualifier: Option<String>,
    invoked_arn: String,
    log_stream: String,
    timeout_ms: u64,
}

impl ContextSource {
    /// Whether `call`'s context fields are this one's.
    fn is_of(&self, call: &BatchCall<'_>) -> bool {
        let inv = call.invocation;
        self.timeout_ms == call.timeout_ms
            && self.function_name == inv.function_name
            && self.qualifier == inv.qualifier
            && self.invoked_arn == inv.invoked_arn
            && self.log_stream == call.log_stream
    }
}

/// One invocation of a [`BatchRequest`].
#[derive(Debug, Clone, Copy)]
pub struct BatchCall<'a> {
    /// The host's id for it (unique among the invocations pending on that runtime).
    pub id: u64,
    /// A random secret the result must carry back (handlers never see it).
    pub secret: &'a str,
    /// The key its source was (or is being) sent under.
    pub key: &'a str,
    /// The invocation (event, request id, function name, ARN).
    pub invocation: &'a super::Invocation,
    /// `context.logStreamName`.
    pub log_stream: &'a str,
    /// The function's timeout (`context.getRemainingTimeInMillis()`).
    pub timeout_ms: u64,
}

/// One item of a `results` message.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchResult {
    /// The invocation's id, as sent.
    pub id: u64,
    /// The secret it came back with (compare with the one sent).
    pub secret: String,
    /// What happened.
    pub reply: BatchReply,
    /// The task tokens the handler answered while it ran (`"answers"`), in order.
    pub answers: Vec<crate::host::callback::TokenAnswer>,
}

/// How a batched invocation ended, as the runtime tells it.
#[derive(Debug, Clone, PartialEq)]
pub enum BatchReply {
    /// The handler ran (it returned a value or failed).
    Done(InvocationResult),
    /// The runtime did not run it and will run nothing more: run it on another runtime.
    Retry,
}

/// A message from the runtime, read once.
#[derive(Debug, Clone, PartialEq)]
pub enum RuntimeMessage {
    /// `{"type":"ready"}`.
    Ready,
    /// `{"type":"results",…}`: the results finished so far.
    Results(Vec<BatchResult>),
    /// `{"type":"result","id",…}`: the answer to a single-invocation request.
    Result(u64, InvocationResult),
    /// Anything else (not JSON, no known type): to be ignored.
    Other,
}

/// Reads one message of the runtime (JSON text). Results that lack an id are left out; odd
/// fields are tolerated as [`read_result`] does (with a duration of 0 when none is given).
pub fn read_message(text: &str) -> RuntimeMessage {
    let Ok(msg) = serde_json::from_str::<Value>(text) else {
        return RuntimeMessage::Other;
    };
    match msg.get("type").and_then(Value::as_str) {
        Some("ready") => RuntimeMessage::Ready,
        Some("results") => RuntimeMessage::Results(read_results(&msg)),
        Some("result") => match msg.get("id").and_then(Value::as_u64) {
            Some(id) => RuntimeMessage::Result(id, read_result(&msg, 0.0)),
            None => RuntimeMessage::Other,
        },
        _ => RuntimeMessage::Other,
    }
}

/// The items of a `results` message.
pub fn read_results(msg: &Value) -> Vec<BatchResult> {
    let Some(items) = msg.get("results").and_then(Value::as_array) else {
        return vec![];
    };
    items
        .iter()
        .filter_map(|item| {
            let id = item.get("id").and_then(Value::as_u64)?;
            let secret = item
                .get("secret")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let reply = if item.get("retry").and_then(Value::as_bool) == Some(true) {
                BatchReply::Retry
            } else {
                BatchReply::Done(read_result(item, 0.0))
            };
            let answers = item
                .get("answers")
                .and_then(Value::as_array)
                .map(|list| list.iter().filter_map(read_token_answer).collect())
                .unwrap_or_default();
            Some(BatchResult {
                id,
                secret,
                reply,
                answers,
            })
        })
        .collect()
}

/// One of a result's `"answers"`: `{"token","action":"success","output":"<JSON text>"}`,
/// `{…,"action":"failure","error","cause"}` or `{…,"action":"heartbeat"}`; anything else
/// (an output that is not JSON text) is left out.
fn read_token_answer(v: &Value) -> Option<crate::host::callback::TokenAnswer> {
    use crate::host::callback::{Answer, TokenAnswer};
    let token = v.get("token")?.as_str()?.to_string();
    let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let answer = match v.get("action")?.as_str()? {
        "success" => Answer::Success(crate::json::from_str(v.get("output")?.as_str()?).ok()?),
        "failure" => Answer::Failure {
            error: text("error"),
            cause: text("cause"),
        },
        "heartbeat" => Answer::Heartbeat,
        _ => return None,
    };
    Some(TokenAnswer { token, answer })
}

fn push_json_str(out: &mut String, s: &str) {
    // Serialising a &str into a String cannot fail.
    if let Ok(text) = serde_json::to_string(s) {
        out.push_str(&text);
    }
}

fn push_json(out: &mut String, v: &Value) {
    out.push_str(&v.to_string());
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

    #[test]
    fn a_batch_carries_new_sources_and_many_invocations() {
        let (a, b) = (invocation(Some("2")), invocation(None));
        let mut batch = BatchRequest::new();
        assert!(batch.is_empty());
        batch.add_code(
            "HelloFunction#1",
            "exports.handler = async (e) => \"hi\\n\";",
        );
        for (id, inv, secret) in [(1, &a, "s1"), (2, &b, "s\"2")] {
            batch.add(&BatchCall {
                id,
                secret,
                key: "HelloFunction#1",
                invocation: inv,
                log_stream: "2026/12/04/[$LATEST]abc",
                timeout_ms: 3000,
            });
        }
        assert_eq!(batch.len(), 2);
        let msg: Value = serde_json::from_str(&batch.to_json()).unwrap();
        assert_eq!(msg["type"], "invoke");
        assert_eq!(
            msg["code"],
            json!({"HelloFunction#1": "exports.handler = async (e) => \"hi\\n\";"})
        );
        let invs = msg["invocations"].as_array().unwrap();
        assert_eq!(invs.len(), 2);
        assert_eq!(invs[0]["id"], 1);
        assert_eq!(invs[1]["secret"], "s\"2");
        assert_eq!(invs[0]["fn"], "HelloFunction#1");
        assert_eq!(invs[0]["event"], json!({"who": "bob"}));
        // The same context fields as the single request, version included; the two
        // versions' invocations cannot share one context.
        let single = invoke_request(1, &a, "x", "2026/12/04/[$LATEST]abc", 3000);
        assert_eq!(full_context(&msg, 0), single["context"]);
        assert_eq!(full_context(&msg, 1)["functionVersion"], "$LATEST");
        assert_eq!(msg["contexts"].as_object().unwrap().len(), 2);
        assert!(invs[0].get("context").is_none());
    }

    /// Invocation `i`'s whole context: its batch's shared fields and its own request id.
    fn full_context(msg: &Value, i: usize) -> Value {
        let inv = &msg["invocations"][i];
        let mut context = msg["contexts"][inv["ctx"].as_str().unwrap()].clone();
        context["awsRequestId"] = inv["awsRequestId"].clone();
        context
    }

    #[test]
    fn invocations_of_one_function_share_their_context_fields() {
        let mut batch = BatchRequest::new();
        let mut invs = Vec::new();
        for n in 0..40 {
            let mut inv = invocation(None);
            inv.request_id = format!("req-{n}");
            invs.push(inv);
        }
        for (n, inv) in invs.iter().enumerate() {
            batch.add(&BatchCall {
                id: n as u64,
                secret: "s",
                key: "k",
                invocation: inv,
                log_stream: "2026/12/04/[$LATEST]abc",
                timeout_ms: 3000,
            });
        }
        let other = invocation(None);
        batch.add(&BatchCall {
            id: 40,
            secret: "s",
            key: "k",
            invocation: &other,
            log_stream: "2026/12/04/[$LATEST]abc",
            timeout_ms: 9000,
        });
        let msg: Value = serde_json::from_str(&batch.to_json()).unwrap();
        assert_eq!(msg["contexts"].as_object().unwrap().len(), 2);
        for n in 0..40 {
            let context = full_context(&msg, n);
            assert_eq!(context["awsRequestId"], format!("req-{n}"));
            assert_eq!(context["timeoutMs"], 3000);
            assert_eq!(msg["invocations"][n]["ctx"], "c0");
        }
        assert_eq!(full_context(&msg, 40)["timeoutMs"], 9000);
        assert_eq!(full_context(&msg, 40)["awsRequestId"], "req-1");
    }

    #[test]
    fn a_results_answers_to_task_tokens_are_read() {
        use crate::host::callback::{Answer, TokenAnswer};
        let RuntimeMessage::Results(results) = read_message(
            r#"{"type":"results","results":[{"id":1,"secret":"s","ok":true,"payload":1,"answers":[
                {"token":"a","action":"heartbeat"},
                {"token":"a","action":"success","output":"{\"ok\":true}"},
                {"token":"b","action":"failure","error":"E"},
                {"token":"c","action":"success","output":"{not json"},
                {"token":"d","action":"dance"}]}]}"#,
        ) else {
            panic!("results")
        };
        let answer = |token: &str, answer| TokenAnswer {
            token: token.into(),
            answer,
        };
        assert_eq!(
            results[0].answers,
            [
                answer("a", Answer::Heartbeat),
                answer("a", Answer::Success(json!({"ok": true}))),
                answer(
                    "b",
                    Answer::Failure {
                        error: Some("E".into()),
                        cause: None
                    }
                ),
            ]
        );
    }

    #[test]
    fn a_batch_without_new_sources_names_them_by_key() {
        let mut batch = BatchRequest::new();
        batch.add(&BatchCall {
            id: 7,
            secret: "x",
            key: "k",
            invocation: &invocation(None),
            log_stream: "s",
            timeout_ms: 1000,
        });
        let msg: Value = serde_json::from_str(&batch.to_json()).unwrap();
        assert_eq!(msg["code"], json!({}));
        assert_eq!(full_context(&msg, 0)["timeoutMs"], 1000);
    }

    #[test]
    fn results_messages_carry_many_results_with_their_secrets() {
        let text = r#"{"type":"results","results":[
            {"id":1,"secret":"a","ok":true,"payload":{"n":1},"logs":[{"level":"log","message":"m"}],"durationMs":0.5},
            {"id":2,"secret":"b","ok":false,"error":{"errorType":"TypeError","errorMessage":"x","trace":[]},"logs":[],"durationMs":1},
            {"id":3,"secret":"c","retry":true},
            {"secret":"no id"}]}"#;
        let RuntimeMessage::Results(results) = read_message(text) else {
            panic!("not results")
        };
        assert_eq!(results.len(), 3);
        assert_eq!((results[0].id, results[0].secret.as_str()), (1, "a"));
        let BatchReply::Done(first) = &results[0].reply else {
            panic!("{results:?}")
        };
        assert_eq!(
            first.outcome,
            InvocationOutcome::Succeeded {
                payload: json!({"n": 1})
            }
        );
        assert_eq!(first.logs[0].message, "m");
        assert_eq!(first.duration_ms, 0.5);
        assert!(matches!(
            &results[1].reply,
            BatchReply::Done(InvocationResult { outcome: InvocationOutcome::Failed { error_type, .. }, .. })
                if error_type == "TypeError"
        ));
        assert_eq!(results[2].reply, BatchReply::Retry);
    }

    #[test]
    fn other_messages_are_told_apart() {
        assert_eq!(read_message(r#"{"type":"ready"}"#), RuntimeMessage::Ready);
        assert_eq!(read_message("not json"), RuntimeMessage::Other);
        assert_eq!(read_message(r#"{"type":"what"}"#), RuntimeMessage::Other);
        assert_eq!(read_message(r#"{"type":"result"}"#), RuntimeMessage::Other);
        assert!(matches!(
            read_message(r#"{"type":"result","id":4,"ok":true,"payload":1}"#),
            RuntimeMessage::Result(4, _)
        ));
        assert_eq!(
            read_message(r#"{"type":"results","results":"nope"}"#),
            RuntimeMessage::Results(vec![])
        );
    }
}
