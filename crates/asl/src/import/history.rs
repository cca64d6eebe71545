//! An execution history as AWS gives it: `{"events": […]}` (`aws stepfunctions
//! get-execution-history`, the console's export) or a bare array of events, each
//! `{timestamp, type, id, previousEventId, <…EventDetails>}`. The inverse of
//! [`HistoryEvent::to_json`].
//!
//! Lenient where histories found in the wild differ: a timestamp may be an ISO-8601 string,
//! epoch seconds (the CLI's default for some output settings) or missing (normalised
//! recordings), and payloads (`input`, `output`, …) may be JSON values instead of JSON text;
//! each such assumption gives one note.

use serde_json::Value;

use super::ImportError;
use crate::history::{time, HistoryEvent, MAX_EVENTS};

/// Detail members that hold JSON text in AWS's histories.
const JSON_TEXT_MEMBERS: [&str; 4] = ["input", "output", "parameters", "result"];

/// The events of the history `doc`, in order, and notes on what was assumed.
pub fn events(doc: &Value) -> Result<(Vec<HistoryEvent>, Vec<String>), ImportError> {
    let (items, base) = match doc {
        Value::Array(items) => (items, ""),
        Value::Object(m) => match m.get("events") {
            Some(Value::Array(items)) => (items, "/events"),
            _ => {
                return Err(ImportError::at(
                    "/events",
                    "events must be a list of history events",
                ))
            }
        },
        _ => return Err(ImportError::at("", "A history is a list of events")),
    };
    if items.is_empty() {
        return Err(ImportError::at(base, "The history has no events"));
    }
    // A little more than AWS's limit: an Express execution's log may go past it.
    if items.len() > MAX_EVENTS * 4 {
        return Err(ImportError::at(
            base,
            format!(
                "The history has {} events: more than the playground reads",
                items.len()
            ),
        ));
    }
    let mut events = Vec::with_capacity(items.len());
    let mut notes = Vec::new();
    let (mut untimed, mut payloads) = (false, false);
    let mut last_ms = 0;
    for (i, item) in items.iter().enumerate() {
        let at = format!("{base}/{i}");
        let Value::Object(m) = item else {
            return Err(ImportError::at(at, "A history event is an object"));
        };
        let kind = match m.get("type") {
            Some(Value::String(t)) if !t.is_empty() => t.clone(),
            _ => {
                return Err(ImportError::at(
                    format!("{at}/type"),
                    "A history event has a type (ExecutionStarted, TaskStateEntered, …)",
                ))
            }
        };
        let id = match m.get("id") {
            Some(v) => v.as_u64().filter(|id| *id > 0).ok_or_else(|| {
                ImportError::at(
                    format!("{at}/id"),
                    "An event's id is a positive whole number",
                )
            })?,
            None => {
                return Err(ImportError::at(
                    format!("{at}/id"),
                    "A history event has an id",
                ))
            }
        };
        let previous_event_id = match m.get("previousEventId") {
            None | Some(Value::Null) => 0,
            Some(v) => v.as_u64().ok_or_else(|| {
                ImportError::at(
                    format!("{at}/previousEventId"),
                    "previousEventId is a whole number",
                )
            })?,
        };
        let timestamp_ms = match m.get("timestamp") {
            Some(Value::String(s)) => time::parse_rfc3339(s),
            Some(Value::Number(n)) => n
                .as_f64()
                .filter(|s| s.is_finite() && s.abs() < 1e13)
                .map(|s| (s * 1000.0).round() as i64),
            _ => None,
        };
        let timestamp_ms = match timestamp_ms {
            Some(ms) => ms,
            None => {
                untimed = true;
                last_ms
            }
        };
        last_ms = timestamp_ms;
        let mut details = None;
        for (key, value) in m {
            if !key.ends_with("EventDetails") {
                continue;
            }
            let Value::Object(d) = value else {
                return Err(ImportError::at(
                    format!("{at}/{}", crate::definition::escape_segment(key)),
                    "An event's details are an object",
                ));
            };
            let mut d = d.clone();
            for member in JSON_TEXT_MEMBERS {
                if let Some(v) = d.get_mut(member) {
                    if !v.is_string() && !v.is_null() {
                        payloads = true;
                        *v = Value::String(crate::history::json_text(v));
                    }
                }
            }
            details = Some((key.clone(), Value::Object(d)));
            break;
        }
        events.push(HistoryEvent {
            id,
            previous_event_id,
            timestamp_ms,
            kind,
            details,
        });
    }
    if untimed {
        notes.push("Some events have no readable timestamp: they are shown at the time of the event before them".into());
    }
    if payloads {
        notes.push("Some payloads were JSON values rather than JSON text (as AWS gives them): they were read as they are".into());
    }
    events.sort_by_key(|e| e.id);
    Ok((events, notes))
}

/// The names of the states the history enters that the definition does not have (empty:
/// the history fits the definition).
pub fn unknown_states(events: &[HistoryEvent], definition: &crate::Definition) -> Vec<String> {
    let known: std::collections::HashSet<&str> = definition
        .machine
        .all_states()
        .into_iter()
        .map(|s| s.name.as_str())
        .collect();
    let mut unknown: Vec<String> = Vec::new();
    for e in events.iter().filter(|e| e.kind.ends_with("StateEntered")) {
        if let Some(name) = e.detail("name").and_then(Value::as_str) {
            if !known.contains(name) && !unknown.iter().any(|u| u == name) {
                unknown.push(name.to_string());
            }
        }
    }
    unknown
}

/// How an imported history's execution ended.
#[derive(Debug, Clone, PartialEq)]
pub struct Outcome {
    /// Its status; `None` when the history has no end event (it was taken while the
    /// execution ran).
    pub status: Option<crate::Status>,
    /// The output, when it succeeded.
    pub output: Option<Value>,
    /// The error name, when it failed, timed out or was aborted.
    pub error: Option<String>,
    /// The cause likewise.
    pub cause: Option<String>,
}

/// How the execution of `events` ended (its last `Execution…` end event).
pub fn outcome(events: &[HistoryEvent]) -> Outcome {
    use crate::Status;
    let end = events.iter().rev().find_map(|e| {
        let status = match e.kind.as_str() {
            "ExecutionSucceeded" => Status::Succeeded,
            "ExecutionFailed" => Status::Failed,
            "ExecutionTimedOut" => Status::TimedOut,
            "ExecutionAborted" => Status::Aborted,
            _ => return None,
        };
        Some((e, status))
    });
    let text =
        |e: &HistoryEvent, key: &str| e.detail(key).and_then(Value::as_str).map(str::to_string);
    match end {
        Some((e, status)) => Outcome {
            status: Some(status),
            output: e.detail_json("output"),
            error: text(e, "error"),
            cause: text(e, "cause"),
        },
        None => Outcome {
            status: None,
            output: None,
            error: None,
            cause: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn reads_what_to_json_writes() {
        let events = vec![
            HistoryEvent {
                id: 1,
                previous_event_id: 0,
                timestamp_ms: 1_700_000_000_123,
                kind: "ExecutionStarted".into(),
                details: Some((
                    "executionStartedEventDetails".into(),
                    json!({"input": "{}", "inputDetails": {"truncated": false}}),
                )),
            },
            HistoryEvent {
                id: 2,
                previous_event_id: 1,
                timestamp_ms: 1_700_000_000_200,
                kind: "ExecutionSucceeded".into(),
                details: Some((
                    "executionSucceededEventDetails".into(),
                    json!({"output": "1"}),
                )),
            },
        ];
        let doc = json!({"events": events.iter().map(HistoryEvent::to_json).collect::<Vec<_>>()});
        let (back, notes) = super::events(&doc).unwrap();
        assert_eq!(back, events);
        assert!(notes.is_empty());
        let bare = Value::Array(events.iter().map(HistoryEvent::to_json).collect());
        assert_eq!(super::events(&bare).unwrap().0, events);
    }

    #[test]
    fn lenient_with_recordings() {
        let doc = json!([
            {"id": 1, "previousEventId": 0, "timestamp": 1700000000.5, "type": "ExecutionStarted",
             "executionStartedEventDetails": {"input": {"a": 1}}},
            {"id": 2, "timestamp": "timestamp", "type": "PassStateEntered",
             "stateEnteredEventDetails": {"name": "P", "input": {"a": 1}}}
        ]);
        let (events, notes) = super::events(&doc).unwrap();
        assert_eq!(events[0].timestamp_ms, 1_700_000_000_500);
        // The AWS CLI's own format (microseconds, an offset).
        let cli = json!({"events": [{"id": 1, "type": "ExecutionStarted", "timestamp": "2023-11-14T23:13:20.500000+01:00"}]});
        assert_eq!(
            super::events(&cli).unwrap().0[0].timestamp_ms,
            1_700_000_000_500
        );
        assert_eq!(events[1].timestamp_ms, 1_700_000_000_500);
        assert_eq!(events[1].detail("input"), Some(&json!("{\"a\":1}")));
        assert_eq!(notes.len(), 2);
    }

    #[test]
    fn bad_events_are_located() {
        let e = super::events(
            &json!({"events": [{"id": 1, "type": "ExecutionStarted"}, {"id": -1, "type": "X"}]}),
        )
        .unwrap_err();
        assert_eq!(e.pointer, "/events/1/id");
        let e = super::events(&json!([{"id": 1}])).unwrap_err();
        assert_eq!(e.pointer, "/0/type");
        let e = super::events(&json!({"events": 3})).unwrap_err();
        assert_eq!(e.pointer, "/events");
        assert!(super::events(&json!([])).is_err());
        assert!(super::events(&json!([1])).is_err());
        let e = super::events(&json!([{"id": 1, "type": "T", "xEventDetails": 2}])).unwrap_err();
        assert_eq!(e.pointer, "/0/xEventDetails");
    }

    #[test]
    fn tells_how_it_ended() {
        let doc = json!([{"id": 1, "type": "ExecutionStarted"},
            {"id": 2, "type": "ExecutionFailed", "executionFailedEventDetails": {"error": "E", "cause": "C"}}]);
        let (events, _) = super::events(&doc).unwrap();
        let o = outcome(&events);
        assert_eq!(o.status, Some(crate::Status::Failed));
        assert_eq!(
            (o.error.as_deref(), o.cause.as_deref()),
            (Some("E"), Some("C"))
        );
        assert_eq!(outcome(&events[..1]).status, None);
    }

    #[test]
    fn says_which_states_the_definition_lacks() {
        let d = crate::load(r#"{"StartAt": "P", "States": {"P": {"Type": "Pass", "End": true}}}"#)
            .unwrap();
        let doc = json!([{"id": 1, "type": "PassStateEntered", "stateEnteredEventDetails": {"name": "P"}},
            {"id": 2, "type": "TaskStateEntered", "stateEnteredEventDetails": {"name": "Q"}}]);
        let (events, _) = super::events(&doc).unwrap();
        assert_eq!(unknown_states(&events, &d), vec!["Q".to_string()]);
    }
}
