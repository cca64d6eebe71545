//! State machine definitions: loading JSON or YAML text into a typed [`StateMachine`] and
//! reporting every problem at once as located [`Diagnostic`]s.

mod build;
mod choice;
mod dynamic;
mod express;
mod fields;
mod model;
mod queries;
pub mod resource;
mod retry;
pub mod schema;
pub(crate) mod source;
mod states;
mod validate;

pub use express::express_diagnostics;
pub use model::*;
pub use resource::{mock_key, Pattern, Resource};
pub use source::{
    escape_segment, parse_execution_input, parse_json, strip_position_suffix, Format, SourceMap,
};

use serde_json::Value;

use crate::diagnostic::{Diagnostic, DiagnosticCode};

/// A definition text (JSON or YAML) as the JSON document it is, unchecked.
pub fn document(text: &str) -> Result<Value, Diagnostic> {
    source::parse(text).map(|(json, _, _)| json)
}

/// A loaded, validated state machine definition.
#[derive(Debug, Clone)]
pub struct Definition {
    /// The definition as JSON (`Value::Null` when loaded with [`load_lean`]).
    pub json: Value,
    /// The typed model the executor runs.
    pub machine: StateMachine,
    /// The syntax it was written in.
    pub format: Format,
    /// Warnings (never errors: a definition with errors does not load).
    pub warnings: Vec<Diagnostic>,
}

/// Loads a definition from JSON or YAML text and validates it. All problems are reported at
/// once; warnings alone do not make loading fail (they are kept in [`Definition::warnings`]).
pub fn load(text: &str) -> Result<Definition, Vec<Diagnostic>> {
    let (json, map, format) = source::parse(text).map_err(|d| vec![d])?;
    let (machine, diagnostics) = build::build(text, &map, &json);
    finish(json, machine, diagnostics, format)
}

/// Loads like [`load`], for a caller that only runs the machine: [`Definition::json`] is
/// left `Value::Null`, and the top-level states' JSON is dropped state by state as each is
/// modelled, so that the JSON and the model are never both whole in memory (the benchmark's
/// chain of 10,000 Pass states peaks lower by about the JSON's size). `look` sees the
/// whole JSON first, for what the caller wants from it; its answer comes back with the
/// definition. Same diagnostics, same model as [`load`].
pub fn load_lean<T>(
    text: &str,
    look: impl FnOnce(&Value) -> T,
) -> Result<(Definition, T), Vec<Diagnostic>> {
    let (json, map, format) = source::parse(text).map_err(|d| vec![d])?;
    let seen = look(&json);
    let (machine, diagnostics) = build::build_owned(text, &map, json);
    let definition = finish(Value::Null, machine, diagnostics, format)?;
    Ok((definition, seen))
}

/// The definition, unless it has errors (then every diagnostic).
fn finish(
    json: Value,
    machine: Option<StateMachine>,
    diagnostics: Vec<Diagnostic>,
    format: Format,
) -> Result<Definition, Vec<Diagnostic>> {
    match machine {
        Some(machine) if !diagnostics.iter().any(Diagnostic::is_error) => Ok(Definition {
            json,
            machine,
            format,
            warnings: diagnostics,
        }),
        _ => Err(diagnostics),
    }
}

/// Every diagnostic (errors and warnings) for a definition's text, for live validation.
pub fn diagnostics(text: &str) -> Vec<Diagnostic> {
    match load(text) {
        Ok(d) => d.warnings,
        Err(d) => d,
    }
}

/// The error text AWS's CreateStateMachine gives for the first error:
/// `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: … at /States/A'`.
pub fn invalid_definition_message(diagnostics: &[Diagnostic]) -> String {
    let Some(d) = diagnostics.iter().find(|d| d.is_error()) else {
        return String::new();
    };
    let aws_code = match d.code {
        DiagnosticCode::MissingTransitionTarget | DiagnosticCode::UnreachableState => {
            "MISSING_TRANSITION_TARGET"
        }
        DiagnosticCode::JsonSyntax | DiagnosticCode::YamlSyntax => "INVALID_JSON_DESCRIPTION",
        _ => "SCHEMA_VALIDATION_FAILED",
    };
    let mut message = d.message.as_str();
    let mut pointer = d.pointer.as_str();
    // AWS names a bad `…$` field without details, at the template holding it.
    const BAD_FIELD: &str = "must be a valid JSONPath or a valid intrinsic function call";
    if d.code == DiagnosticCode::InvalidTemplate {
        if let Some(i) = message.find(BAD_FIELD) {
            message = &message[..i + BAD_FIELD.len()];
            pointer = pointer
                .rsplit_once('/')
                .map_or(pointer, |(parent, _)| parent);
        }
    }
    let at = if pointer.is_empty() { "/" } else { pointer };
    format!("Invalid State Machine Definition: '{aws_code}: {message} at {at}'")
}
