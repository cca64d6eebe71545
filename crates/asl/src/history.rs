//! The execution history: AWS's event types and details, in GetExecutionHistory's shape.

pub mod time;

use serde_json::{Map, Value};

/// AWS's limit on the events of one Standard execution's history; past it the execution fails.
pub const MAX_EVENTS: usize = 25_000;

/// One event of an execution's history, as GetExecutionHistory reports it.
#[derive(Debug, Clone, PartialEq)]
pub struct HistoryEvent {
    /// 1-based id.
    pub id: u64,
    /// The id of the event this one follows from (0 for none).
    pub previous_event_id: u64,
    /// Milliseconds since the Unix epoch.
    pub timestamp_ms: i64,
    /// AWS's event type, e.g. `TaskStateEntered`.
    pub kind: String,
    /// The details member's name (`stateEnteredEventDetails`) and value, if the type has one.
    /// `input`/`output` inside are JSON strings, as AWS gives them.
    pub details: Option<(String, Value)>,
}

impl HistoryEvent {
    /// The event in GetExecutionHistory's JSON shape; `timestamp` is an ISO-8601 string
    /// (`2026-11-25T11:17:03.123Z`).
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert(
            "timestamp".into(),
            Value::from(time::iso8601(self.timestamp_ms)),
        );
        m.insert("type".into(), Value::from(self.kind.clone()));
        m.insert("id".into(), Value::from(self.id));
        m.insert(
            "previousEventId".into(),
            Value::from(self.previous_event_id),
        );
        if let Some((k, v)) = &self.details {
            m.insert(k.clone(), v.clone());
        }
        Value::Object(m)
    }

    /// A member of the details (`name`, `input`, `error`, …), if present.
    pub fn detail(&self, key: &str) -> Option<&Value> {
        self.details.as_ref().and_then(|(_, d)| d.get(key))
    }

    /// A member of the details holding JSON text (`input`, `output`, `parameters`), parsed.
    pub fn detail_json(&self, key: &str) -> Option<Value> {
        self.detail(key)
            .and_then(Value::as_str)
            .and_then(|s| serde_json::from_str(s).ok())
    }
}

/// JSON text of a value, as AWS puts payloads into history events.
pub fn json_text(v: &Value) -> String {
    serde_json::to_string(v).unwrap_or_default()
}

/// `{name, input, inputDetails}` for a `…StateEntered` event.
pub(crate) fn state_entered(name: &str, input: &Value) -> (String, Value) {
    state_entered_text(name, json_text(input))
}

/// An object of exactly these members (`json!` leaves room for three members in every
/// object, which a kept history of small details objects pays for in every event).
fn object<const N: usize>(members: [(&str, Value); N]) -> Value {
    let mut m = Map::with_capacity(N);
    for (k, v) in members {
        m.insert(k.to_string(), v);
    }
    Value::Object(m)
}

/// `{"truncated": false}`.
fn not_truncated() -> Value {
    object([("truncated", Value::Bool(false))])
}

/// `{name, input, inputDetails}` with the input's JSON text as given.
pub(crate) fn state_entered_text(name: &str, input: String) -> (String, Value) {
    (
        "stateEnteredEventDetails".into(),
        object([
            ("name", name.into()),
            ("input", input.into()),
            ("inputDetails", not_truncated()),
        ]),
    )
}

/// `{name, output, outputDetails}` for a `…StateExited` event.
pub(crate) fn state_exited(name: &str, output: &Value) -> (String, Value) {
    (
        "stateExitedEventDetails".into(),
        object([
            ("name", name.into()),
            ("output", json_text(output).into()),
            ("outputDetails", not_truncated()),
        ]),
    )
}

/// `{error, cause}` under `member` (each left out when empty, as for a Fail state without
/// `Error`/`Cause`).
pub(crate) fn failure(member: &str, error: &str, cause: &str) -> (String, Value) {
    let mut m = Map::new();
    if !error.is_empty() {
        m.insert("error".into(), error.into());
    }
    if !cause.is_empty() {
        m.insert("cause".into(), cause.into());
    }
    (member.into(), Value::Object(m))
}

/// `{output, outputDetails}` under `member`.
pub(crate) fn output(member: &str, out: &Value) -> (String, Value) {
    (
        member.into(),
        object([
            ("output", json_text(out).into()),
            ("outputDetails", not_truncated()),
        ]),
    )
}

/// `{index, name}` for Map iteration events.
pub(crate) fn iteration(member: &str, index: usize, name: &str) -> (String, Value) {
    (
        member.into(),
        object([("index", index.into()), ("name", name.into())]),
    )
}
