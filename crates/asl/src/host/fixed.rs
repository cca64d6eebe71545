//! A mock that needs no code: a fixed answer for every request to a service integration (or
//! an activity). The host runs it as the handler source [`FixedAnswer::handler_source`]
//! gives, so it behaves exactly as a mock written by hand would: a response is the service's
//! answer; an error is a thrown error of that name, which the Task reports with the
//! integration's prefix (`ConditionalCheckFailedException` on DynamoDB is
//! `DynamoDB.ConditionalCheckFailedException`).
//!
//! As JSON (the CLI's handlers file, the page's workspace): `{"response": …}` or
//! `{"error": "NAME", "cause": "…"}`.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::history::json_text;

/// A fixed answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum FixedAnswer {
    /// Answer this to every request.
    Response {
        /// The service's answer.
        response: Value,
    },
    /// Fail every request with this error.
    Error {
        /// The error's name (without the integration's prefix).
        error: String,
        /// Its message.
        #[serde(default)]
        cause: String,
    },
}

impl FixedAnswer {
    /// Reads `{"response": …}` or `{"error": "…", "cause": "…"}`; a message says what is
    /// wrong.
    pub fn parse(fixed: &Map<String, Value>) -> Result<Self, String> {
        let known = ["response", "error", "cause"];
        if let Some(other) = fixed.keys().find(|k| !known.contains(&k.as_str())) {
            return Err(format!(
                "unknown field {other:?} (a fixed answer has \"response\", or \"error\" and \"cause\")"
            ));
        }
        let text = |field: &str| match fixed.get(field) {
            None => Ok(String::new()),
            Some(Value::String(s)) => Ok(s.clone()),
            Some(_) => Err(format!("\"{field}\" must be a string")),
        };
        match (fixed.get("response"), fixed.contains_key("error")) {
            (Some(response), false) if !fixed.contains_key("cause") => Ok(Self::Response {
                response: response.clone(),
            }),
            (None, true) => {
                let error = text("error")?;
                if error.trim().is_empty() {
                    return Err("\"error\" names the error".into());
                }
                Ok(Self::Error {
                    error,
                    cause: text("cause")?,
                })
            }
            _ => Err("a fixed answer has either \"response\" or \"error\" (and \"cause\")".into()),
        }
    }

    /// The Node.js handler that gives this answer.
    pub fn handler_source(&self) -> String {
        match self {
            Self::Response { response } => {
                format!("exports.handler = async () => ({});\n", json_text(response))
            }
            Self::Error { error, cause } => format!(
                "exports.handler = async () => {{ const e = new Error({}); e.name = {}; throw e; }};\n",
                json_text(&Value::String(cause.clone())),
                json_text(&Value::String(error.clone()))
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn parse(v: Value) -> Result<FixedAnswer, String> {
        FixedAnswer::parse(v.as_object().unwrap())
    }

    #[test]
    fn responses_and_errors() {
        let r = parse(json!({"response": {"MessageId": "m-1"}})).unwrap();
        assert_eq!(
            r.handler_source(),
            "exports.handler = async () => ({\"MessageId\":\"m-1\"});\n"
        );
        let e = parse(json!({"error": "Boom", "cause": "it's \"bad\""})).unwrap();
        assert!(e
            .handler_source()
            .contains(r#"new Error("it's \"bad\""); e.name = "Boom""#));
        // The JSON shape round-trips.
        assert_eq!(
            serde_json::to_value(&e).unwrap(),
            json!({"error": "Boom", "cause": "it's \"bad\""})
        );
        let back: FixedAnswer = serde_json::from_value(json!({"response": null})).unwrap();
        assert_eq!(
            back,
            FixedAnswer::Response {
                response: Value::Null
            }
        );
        for bad in [
            json!({}),
            json!({"response": 1, "error": "X"}),
            json!({"response": 1, "cause": "X"}),
            json!({"error": " "}),
            json!({"error": 5}),
            json!({"respons": 1}),
        ] {
            assert!(parse(bad.clone()).is_err(), "{bad}");
        }
    }
}
