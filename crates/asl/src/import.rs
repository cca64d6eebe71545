//! The way in from AWS: a file's text (JSON or YAML) recognised as one of
//!
//! - a state machine **definition** (it has `StartAt` or `States`),
//! - a **template** (AWS SAM or CloudFormation: it has `Resources`) holding state machines
//!   and Lambda functions with inline code ([`template`]),
//! - an **execution history** (`{"events": […]}` as `aws stepfunctions
//!   get-execution-history` prints it, or a bare array of events: [`history`]).
//!
//! Every problem is an [`ImportError`] that says where (a JSON pointer, and the line and
//! column when the text places it); nothing here panics on any input.

pub mod cfn;
pub mod history;
pub mod template;

use std::fmt;

use serde_json::{Map, Number, Value};

use crate::diagnostic::line_column;
use crate::history::HistoryEvent;
use crate::share::SharedWorkspace;

/// The largest file imported (16 MiB: a history of 25,000 events fits).
pub const MAX_IMPORT_BYTES: usize = 16 << 20;

/// Where the imported workspace goes: the account and Region its function ARNs name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The AWS account id.
    pub account: String,
    /// The AWS Region.
    pub region: String,
}

/// What a file turned out to be.
#[derive(Debug, Clone, PartialEq)]
pub enum Imported {
    /// A state machine definition: the text as it is.
    Definition(String),
    /// A template: the workspace it describes (its first state machine edited, the others
    /// as [`SharedWorkspace::machines`]), and notes on what could not come along.
    Workspace {
        /// The workspace (no input: a template has none).
        workspace: Box<SharedWorkspace>,
        /// What was left out or changed, one sentence each.
        notes: Vec<String>,
    },
    /// An execution history.
    History {
        /// Its events, in order.
        events: Vec<HistoryEvent>,
        /// What was assumed while reading it, one sentence each.
        notes: Vec<String>,
    },
}

/// Why a file could not be imported, and where.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportError {
    /// What is wrong.
    pub message: String,
    /// The JSON pointer of the part at fault (`""`: the whole document).
    pub pointer: String,
    /// 1-based line and column in the text, when known.
    pub position: Option<(usize, usize)>,
}

impl ImportError {
    /// An error about the part at `pointer`.
    pub fn at(pointer: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            message: message.into(),
            pointer: pointer.into(),
            position: None,
        }
    }

    /// The error with its line and column found in `text` (the value at its pointer).
    fn located(mut self, text: &str) -> Self {
        if self.position.is_none() {
            self.position = crate::definition::source::locate(text, &self.pointer)
                .map(|(start, _)| line_column(text, start));
        }
        self
    }
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.position, self.pointer.is_empty()) {
            (Some((line, column)), true) => write!(f, "line {line}, column {column}: ")?,
            (Some((line, column)), false) => {
                write!(f, "{} (line {line}, column {column}): ", self.pointer)?
            }
            (None, false) => write!(f, "{}: ", self.pointer)?,
            (None, true) => {}
        }
        f.write_str(&self.message)
    }
}

impl std::error::Error for ImportError {}

/// Recognises and imports a file's text (see the module's documentation).
pub fn import(text: &str, place: &Place) -> Result<Imported, ImportError> {
    let doc = document(text)?;
    kind(text, &doc, place).map_err(|e| e.located(text))
}

fn kind(text: &str, doc: &Value, place: &Place) -> Result<Imported, ImportError> {
    match doc {
        Value::Object(m) if m.contains_key("StartAt") || m.contains_key("States") => {
            Ok(Imported::Definition(text.to_string()))
        }
        Value::Object(m) if m.contains_key("Resources") => {
            let (workspace, notes) = template::workspace(doc, place)?;
            Ok(Imported::Workspace {
                workspace: Box::new(workspace),
                notes,
            })
        }
        Value::Object(m) if m.contains_key("events") => {
            let (events, notes) = history::events(doc)?;
            Ok(Imported::History { events, notes })
        }
        Value::Array(_) => {
            let (events, notes) = history::events(doc)?;
            Ok(Imported::History { events, notes })
        }
        _ => Err(ImportError::at(
            "",
            "This is neither a state machine definition (no StartAt or States), a SAM or CloudFormation template (no Resources) nor an execution history (no events)",
        )),
    }
}

/// The text as a JSON value: JSON, or YAML where CloudFormation's short tags (`!Sub`,
/// `!GetAtt A.Arn`, `!Ref`, `!Join`, …) become their long forms (`{"Fn::Sub": …}`).
pub fn document(text: &str) -> Result<Value, ImportError> {
    if text.len() > MAX_IMPORT_BYTES {
        return Err(ImportError::at(
            "",
            format!("The file is larger than {} MiB", MAX_IMPORT_BYTES >> 20),
        ));
    }
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let trimmed = body.trim_start();
    if trimmed.is_empty() {
        return Err(ImportError::at("", "The file is empty"));
    }
    let looks_json = trimmed.starts_with('{') || trimmed.starts_with('[');
    match crate::json::value_from_str(body) {
        Ok(v) => return Ok(v),
        Err(e) if looks_json => {
            let message = crate::definition::strip_position_suffix(&e.to_string()).to_string();
            return Err(ImportError {
                message: format!("Not valid JSON: {message}"),
                pointer: String::new(),
                position: Some(json_position(body, e.line(), e.column())),
            });
        }
        Err(_) => {}
    }
    if let Some(at) = crate::definition::source::flow_depth(text) {
        return Err(ImportError {
            message: "Not valid YAML: nested too deeply".into(),
            pointer: String::new(),
            position: Some(line_column(text, at)),
        });
    }
    match yaml_serde::from_str::<yaml_serde::Value>(body) {
        Ok(v) => from_yaml(v, 0).map_err(|message| ImportError::at("", message)),
        Err(e) => {
            let message = crate::definition::strip_position_suffix(&e.to_string()).to_string();
            Err(ImportError {
                message: format!("Neither JSON nor YAML: {message}"),
                pointer: String::new(),
                // From the byte offset, as the definition's own diagnostics count lines.
                position: e.location().map(|l| line_column(body, l.index())),
            })
        }
    }
}

/// serde_json's line and column as the editor counts them: its column 0 (an error on a
/// line break) is the end of the line before.
fn json_position(text: &str, line: usize, column: usize) -> (usize, usize) {
    let offset = crate::diagnostic::offset_of(text, line, column.max(1));
    let offset = if column == 0 && line > 1 {
        offset.saturating_sub(1)
    } else {
        offset
    };
    line_column(text, offset)
}

/// How deep a YAML document may nest.
const MAX_DEPTH: usize = 256;

/// A YAML value as JSON; a tagged node as CloudFormation's long form.
fn from_yaml(value: yaml_serde::Value, depth: usize) -> Result<Value, String> {
    use yaml_serde::Value as Y;
    if depth > MAX_DEPTH {
        return Err("Nested too deeply".into());
    }
    Ok(match value {
        Y::Null => Value::Null,
        Y::Bool(b) => Value::Bool(b),
        Y::Number(n) => {
            if let Some(i) = n.as_i64() {
                Value::from(i)
            } else if let Some(u) = n.as_u64() {
                Value::from(u)
            } else {
                n.as_f64()
                    .and_then(Number::from_f64)
                    .map_or(Value::Null, Value::Number)
            }
        }
        Y::String(s) => Value::String(s),
        Y::Sequence(items) => Value::Array(
            items
                .into_iter()
                .map(|v| from_yaml(v, depth + 1))
                .collect::<Result<_, _>>()?,
        ),
        Y::Mapping(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                let key = match k {
                    Y::String(s) => s,
                    Y::Number(n) => n.to_string(),
                    Y::Bool(b) => b.to_string(),
                    Y::Null => "null".into(),
                    _ => return Err("A mapping key is not a scalar".into()),
                };
                out.insert(key, from_yaml(v, depth + 1)?);
            }
            Value::Object(out)
        }
        Y::Tagged(tagged) => {
            let tag = tagged.tag.to_string();
            let name = tag.trim_start_matches('!');
            let inner = from_yaml(tagged.value, depth + 1)?;
            match name {
                "Ref" => single("Ref", inner),
                "Condition" => single("Condition", inner),
                // `!GetAtt Fn.Arn` is `{"Fn::GetAtt": ["Fn", "Arn"]}`.
                "GetAtt" => match inner {
                    Value::String(s) => match s.split_once('.') {
                        Some((id, attr)) => single("Fn::GetAtt", serde_json::json!([id, attr])),
                        None => single("Fn::GetAtt", Value::String(s)),
                    },
                    other => single("Fn::GetAtt", other),
                },
                _ => single(&format!("Fn::{name}"), inner),
            }
        }
    })
}

fn single(key: &str, value: Value) -> Value {
    let mut m = Map::new();
    m.insert(key.to_string(), value);
    Value::Object(m)
}

/// `/a/b` from segments.
pub(crate) fn pointer(segments: &[&str]) -> String {
    segments
        .iter()
        .map(|s| format!("/{}", crate::definition::escape_segment(s)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn here() -> Place {
        Place {
            account: "123456789012".into(),
            region: "us-east-1".into(),
        }
    }

    #[test]
    fn short_tags_become_long_forms() {
        let doc = document(
            "a: !Sub 'x-${AWS::Region}'\nb: !GetAtt Fn.Arn\nc: !Ref Name\nd: !Join ['', [a, !Ref B]]\ne: !Sub\n  - '${X}'\n  - X: 1\n",
        )
        .unwrap();
        assert_eq!(
            doc,
            json!({"a": {"Fn::Sub": "x-${AWS::Region}"}, "b": {"Fn::GetAtt": ["Fn", "Arn"]}, "c": {"Ref": "Name"},
                "d": {"Fn::Join": ["", ["a", {"Ref": "B"}]]}, "e": {"Fn::Sub": ["${X}", {"X": 1}]}})
        );
    }

    #[test]
    fn a_definition_stays_as_written() {
        let text = "StartAt: A\nStates:\n  A: {Type: Pass, End: true}\n";
        assert_eq!(import(text, &here()), Ok(Imported::Definition(text.into())));
    }

    #[test]
    fn bad_text_is_located() {
        let e = import("{\"StartAt\": \"A\",\n \"States\": }", &here()).unwrap_err();
        assert_eq!(e.position, Some((2, 12)));
        assert!(
            e.to_string()
                .starts_with("line 2, column 12: Not valid JSON"),
            "{e}"
        );
        let e = import("a: [1, 2\nb: 3\n", &here()).unwrap_err();
        assert!(e.position.is_some(), "{e}");
        let e = import("", &here()).unwrap_err();
        assert_eq!(e.message, "The file is empty");
        let e = import("42", &here()).unwrap_err();
        assert!(e.message.starts_with("This is neither"), "{e}");
        let e = import("[\n {\"a\": \"b\n\"}]", &here()).unwrap_err();
        assert_eq!(e.position, Some((2, 10)), "{e}");
        let deep = "[".repeat(100_000);
        assert!(import(&deep, &here()).is_err());
        let deep_yaml = "- ".repeat(10_000) + "1";
        assert!(import(&deep_yaml, &here()).is_err());
    }

    #[test]
    fn errors_in_a_template_name_their_place() {
        let text = "Resources:\n  M:\n    Type: AWS::Serverless::StateMachine\n    Properties:\n      DefinitionUri: s3://b/k.json\n";
        let e = import(text, &here()).unwrap_err();
        assert_eq!(e.pointer, "/Resources/M/Properties/DefinitionUri");
        assert_eq!(e.position, Some((5, 7)), "{e}");
        assert!(e.message.contains("M"), "{e}");
    }
}
