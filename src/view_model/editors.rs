//! The editors' view model: the problems as the editor marks them, and the definition's
//! syntax.

use crate::bindings::editor::{AssistContext, AssistFunction, EditorDiagnostic};
use crate::state::{self, Problem, Workspace};

/// The problems as the editor underlines them: byte range, severity and the message with
/// its code.
pub fn editor_diagnostics(problems: &[Problem]) -> Vec<EditorDiagnostic> {
    problems
        .iter()
        .map(|p| EditorDiagnostic {
            from: p.range.0,
            to: p.range.1,
            severity: if p.is_error() { "error" } else { "warning" },
            code: p.code.as_str(),
            message: format!("{} ({})", p.message, p.code),
        })
        .collect()
}

/// What the definition editor's assistance needs: the functions of the workspace as a
/// Task's `Resource` names them (a Lambda function by its ARN, a mock by its resource), and
/// the `missing` ones the definition calls.
pub fn assist_context(workspace: &Workspace, missing: &[String]) -> AssistContext {
    AssistContext {
        functions: workspace
            .functions
            .iter()
            .map(|f| AssistFunction {
                name: f.name.clone(),
                arn: if state::is_resource_name(&f.name) {
                    f.name.clone()
                } else {
                    workspace.function_arn(&f.name)
                },
            })
            .collect(),
        missing: missing.to_vec(),
    }
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
