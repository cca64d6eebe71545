//! Located problems in the editors (and the execution name), ready to show and underline.

use asl::{DiagnosticCode, Severity};

use crate::text;

/// Which editor a problem belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The state machine definition.
    Definition,
    /// The execution input.
    Input,
    /// The execution's name.
    ExecutionName,
    /// The execution role (settings).
    Role,
}

impl Source {
    /// The label shown in the problems list.
    pub fn label(self) -> &'static str {
        match self {
            Source::Definition => "Definition",
            Source::Input => "Input",
            Source::ExecutionName => "Execution name",
            Source::Role => "Execution role",
        }
    }
}

/// A located problem in one of the editors, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The editor it belongs to.
    pub source: Source,
    /// Error or warning.
    pub severity: Severity,
    /// Its stable code (`JSON_SYNTAX`, `ROLE_POLICY`, …).
    pub code: DiagnosticCode,
    /// The message, without serde_json's ` at line … column …` suffix.
    pub message: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The range to underline in the editor, in UTF-16 offsets.
    pub range: (usize, usize),
}

impl Problem {
    fn from_diagnostic(source: Source, text: &str, d: &asl::Diagnostic) -> Self {
        Self {
            source,
            severity: d.severity,
            code: d.code,
            message: asl::definition::strip_position_suffix(&d.message).to_string(),
            line: d.line,
            column: d.column,
            range: text::problem_range(text, d.span, d.line, d.column),
        }
    }

    /// Whether it stops an execution from starting.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The problems of a definition text, errors first, from the `diagnostics` loading it gave
/// (its errors, or the loaded definition's warnings).
pub fn definition_problems(text: &str, diagnostics: &[asl::Diagnostic]) -> Vec<Problem> {
    let mut problems: Vec<Problem> = diagnostics
        .iter()
        .map(|d| Problem::from_diagnostic(Source::Definition, text, d))
        .collect();
    problems.sort_by_key(|p| (!p.is_error(), p.line, p.column));
    problems
}

/// The problem of an input text, if it is not JSON.
pub fn input_problems(text: &str) -> Vec<Problem> {
    match asl::parse_execution_input(text) {
        Ok(_) => vec![],
        Err(d) => vec![Problem::from_diagnostic(Source::Input, text, &d)],
    }
}

/// The problem with an execution name typed by the user, if any (empty: a UUID is used).
/// `used` are the names of this machine's earlier executions: names are unique per machine.
pub fn execution_name_problems(name: &str, used: &[String]) -> Vec<Problem> {
    let problem = |d: asl::Diagnostic| Problem {
        source: Source::ExecutionName,
        severity: d.severity,
        code: d.code,
        message: d.message,
        line: 1,
        column: 1,
        range: (0, 0),
    };
    if name.is_empty() {
        return vec![];
    }
    if used.iter().any(|u| u == name) {
        return vec![Problem {
            source: Source::ExecutionName,
            severity: Severity::Error,
            code: DiagnosticCode::ExecutionAlreadyExists,
            message: format!("An execution named '{name}' already ran for this state machine"),
            line: 1,
            column: 1,
            range: (0, 0),
        }];
    }
    match asl::check_name("execution name", name) {
        Ok(None) => vec![],
        Ok(Some(warning)) => vec![problem(warning)],
        Err(error) => vec![problem(error)],
    }
}
