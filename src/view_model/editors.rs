//! The editors' view model: the problems as the editor marks them, and the definition's
//! syntax.

use crate::bindings::editor::EditorDiagnostic;
use crate::state::{self, Problem};

/// The problems as the editor underlines them: byte range, severity and the message with
/// its code.
pub fn editor_diagnostics(problems: &[Problem]) -> Vec<EditorDiagnostic> {
    problems
        .iter()
        .map(|p| EditorDiagnostic {
            from: p.range.0,
            to: p.range.1,
            severity: if p.is_error() { "error" } else { "warning" },
            message: format!("{} ({})", p.message, p.code),
        })
        .collect()
}

/// The definition editor's language: `json` or `yaml`, as the text reads.
pub fn definition_language(text: &str) -> &'static str {
    if state::is_json(text) {
        "json"
    } else {
        "yaml"
    }
}

/// The syntax the format toggle converts the definition to: `YAML` for JSON, else `JSON`.
pub fn other_format(text: &str) -> &'static str {
    if state::is_json(text) {
        "YAML"
    } else {
        "JSON"
    }
}
