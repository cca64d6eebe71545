//! What the CLI prints: the one JSON object of `run`, and diagnostics for humans or machines.

use std::io::Write;

use asl::{Diagnostic, Severity};
use serde_json::{json, Value};

/// Writes text and a newline to stdout; a closed stdout (`aslplay … | head`) is not an error
/// worth a panic, so write errors are ignored.
pub fn emit(text: impl std::fmt::Display) {
    // Buffered in large blocks: a big output is one line, which stdout's own line
    // buffering would write a kilobyte at a time.
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let _ = writeln!(out, "{text}");
    let _ = out.flush();
}

/// The `run` result object of an execution: its status, output or error (`result`, from
/// [`asl::Execution::to_json`] without the history), then `"history"` when asked for, each
/// event turned into JSON as it is written rather than all at once (a history of 25,000
/// events would otherwise be held twice).
pub struct RunResult<'a> {
    /// The result object, without the history.
    pub result: &'a Value,
    /// The events to print as `"history"`, if asked for.
    pub history: Option<&'a [asl::HistoryEvent]>,
}

impl serde::Serialize for RunResult<'_> {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        /// The events as a JSON array, one at a time.
        struct Events<'e>(&'e [asl::HistoryEvent]);
        impl serde::Serialize for Events<'_> {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.collect_seq(self.0.iter().map(asl::HistoryEvent::to_json))
            }
        }
        let members = self.result.as_object();
        let mut map = s.serialize_map(None)?;
        for (k, v) in members.into_iter().flatten() {
            map.serialize_entry(k, v)?;
        }
        if let Some(events) = self.history {
            map.serialize_entry("history", &Events(events))?;
        }
        map.end()
    }
}

/// Writes a value as one line of JSON to stdout, as it is serialised (write errors are
/// ignored, as in [`emit`]).
pub fn emit_json(value: &impl serde::Serialize) {
    let mut out = std::io::BufWriter::with_capacity(64 * 1024, std::io::stdout().lock());
    let _ = serde_json::to_writer(&mut out, value);
    let _ = writeln!(out);
    let _ = out.flush();
}

/// The `run` result object for a definition that cannot run: `error` is the message AWS's
/// CreateStateMachine gives for the first error, on one line.
pub fn invalid_definition(diagnostics: &[Diagnostic]) -> Value {
    let mut error = one_line(&asl::invalid_definition_message(diagnostics));
    if error.is_empty() {
        error = "Invalid State Machine Definition".into();
    }
    json!({
        "status": "INVALID_DEFINITION",
        "error": error,
        "diagnostics": diagnostics.iter().map(diagnostic).collect::<Vec<_>>(),
    })
}

/// One diagnostic as a JSON object.
pub fn diagnostic(d: &Diagnostic) -> Value {
    json!({
        "severity": match d.severity { Severity::Error => "error", Severity::Warning => "warning" },
        "code": d.code,
        "message": d.message,
        "pointer": d.pointer,
        "line": d.line,
        "column": d.column,
        "span": d.span.map(|(s, e)| json!([s, e])),
    })
}

/// One diagnostic for humans: `file:line:col: CODE message (at /pointer)`, warnings marked.
pub fn diagnostic_line(file: &str, d: &Diagnostic) -> String {
    let mut s = format!("{file}:{}:{}: ", d.line, d.column);
    if d.severity == Severity::Warning {
        s.push_str("warning: ");
    }
    s.push_str(&format!("{} {}", d.code, one_line(&d.message)));
    if !d.pointer.is_empty() {
        s.push_str(&format!(" (at {})", d.pointer));
    }
    s
}

/// The `validate --json` document.
pub fn validation(valid: bool, diagnostics: &[Diagnostic]) -> Value {
    json!({
        "valid": valid,
        "diagnostics": diagnostics.iter().map(diagnostic).collect::<Vec<_>>(),
    })
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use asl::{Execution, Status};

    fn diag(severity: Severity) -> Diagnostic {
        Diagnostic {
            severity,
            code: asl::DiagnosticCode::MissingTransitionTarget,
            message: "Missing 'Next' target:\n Foo".into(),
            pointer: "/States/A/Next".into(),
            span: Some((3, 9)),
            line: 2,
            column: 5,
        }
    }

    #[test]
    fn formats_diagnostics_for_humans() {
        assert_eq!(
            diagnostic_line("m.json", &diag(Severity::Error)),
            "m.json:2:5: MISSING_TRANSITION_TARGET Missing 'Next' target: Foo (at /States/A/Next)"
        );
        assert!(diagnostic_line("m.json", &diag(Severity::Warning)).contains("warning: "));
    }

    #[test]
    fn summarises_an_invalid_definition_in_one_line() {
        let v = invalid_definition(&[diag(Severity::Error), diag(Severity::Warning)]);
        assert_eq!(v["status"], "INVALID_DEFINITION");
        let error = v["error"].as_str().unwrap();
        assert!(!error.contains('\n'));
        assert!(
            error.starts_with("Invalid State Machine Definition: '"),
            "{error}"
        );
        assert_eq!(v["diagnostics"].as_array().unwrap().len(), 2);
        assert_eq!(v["diagnostics"][0]["span"], json!([3, 9]));
    }

    #[test]
    fn prints_failures_with_error_and_cause() {
        let e = Execution {
            status: Status::Failed,
            output: None,
            error: Some("States.Runtime".into()),
            cause: None,
            history: vec![],
        };
        assert_eq!(
            e.to_json(true),
            json!({"status":"FAILED","error":"States.Runtime","cause":null,"history":[]})
        );
    }
}
