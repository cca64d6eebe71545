//! Problems in a definition's text: [`Diagnostic`], located by JSON pointer, byte span and
//! line:column, with a stable [`DiagnosticCode`].

mod code;

use std::fmt;

pub use code::{markdown as codes_markdown, DiagnosticCode};

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// The definition cannot run.
    Error,
    /// The definition runs, but something is probably not what the author meant (or the
    /// playground does not run it yet).
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// Something wrong in a definition's text, located precisely. Its code is one of
/// [`DiagnosticCode`] (documented in docs/diagnostics.md).
#[derive(Debug, Clone, PartialEq)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable code, e.g. `MISSING_TRANSITION_TARGET` or `JSON_SYNTAX`.
    pub code: DiagnosticCode,
    /// A human message, e.g. `Missing 'Next' target: Foo`.
    pub message: String,
    /// JSON pointer of the offending place (`/States/CallLambda/Next`), `""` for the root.
    pub pointer: String,
    /// Byte range in the source text.
    pub span: Option<(usize, usize)>,
    /// 1-based line of the start of the span.
    pub line: usize,
    /// 1-based column (in characters) of the start of the span.
    pub column: usize,
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}:{}: {} {}",
            self.line, self.column, self.code, self.message
        )?;
        if !self.pointer.is_empty() {
            write!(f, " (at {})", self.pointer)?;
        }
        Ok(())
    }
}

impl Diagnostic {
    /// An error with `code` (an error code: see [`DiagnosticCode::severity`]) at `pointer`,
    /// at 1:1 until [`Diagnostic::at`] locates it.
    pub fn error(code: DiagnosticCode, message: impl Into<String>, pointer: &str) -> Self {
        Self::new(Severity::Error, code, message.into(), pointer)
    }

    /// A warning with `code` (a warning code: see [`DiagnosticCode::severity`]) at
    /// `pointer`, at 1:1 until [`Diagnostic::at`] locates it.
    pub fn warning(code: DiagnosticCode, message: impl Into<String>, pointer: &str) -> Self {
        Self::new(Severity::Warning, code, message.into(), pointer)
    }

    fn new(severity: Severity, code: DiagnosticCode, message: String, pointer: &str) -> Self {
        debug_assert_eq!(code.severity(), severity, "{code} has the wrong severity");
        Self {
            severity,
            code,
            message,
            pointer: pointer.into(),
            span: None,
            line: 1,
            column: 1,
        }
    }

    /// Sets the span and the line:column it starts at in `text`.
    pub fn at(mut self, text: &str, span: (usize, usize)) -> Self {
        let (line, column) = line_column(text, span.0);
        self.span = Some(span);
        self.line = line;
        self.column = column;
        self
    }

    /// Whether this diagnostic keeps the definition from running.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The diagnostic as JSON: `{severity, code, message, pointer, span: [start, end] | null,
    /// line, column}` (what `aslplay validate --json` and the app's problems list use).
    pub fn to_json(&self) -> serde_json::Value {
        serde_json::json!({
            "severity": self.severity.as_str(),
            "code": self.code,
            "message": self.message,
            "pointer": self.pointer,
            "span": self.span.map(|(a, b)| vec![a, b]),
            "line": self.line,
            "column": self.column,
        })
    }
}

/// The 1-based line and column (in characters) of byte `offset` in `text`.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// The byte offset of a 1-based `line` and `column` (counted in characters), clamped to the
/// line's end and to the text's end: the inverse of [`line_column`].
pub fn offset_of(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line.max(1) {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_text = &text[start..];
    let line_end = line_text.find('\n').unwrap_or(line_text.len());
    let col = line_text[..line_end]
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_end, |(i, _)| i);
    start + col
}

/// Renders diagnostics for humans, each with the source line and a caret under the span:
///
/// ```text
/// error[MISSING_TRANSITION_TARGET]: Missing 'Next' target: Nowhere
///  --> 3:40 /States/A/Next
///   |
/// 3 |   "A": {"Type": "Pass", "Next": "Nowhere"}
///   |                                 ^^^^^^^^^
/// ```
pub fn render(text: &str, diagnostics: &[Diagnostic]) -> String {
    let mut out = String::new();
    for d in diagnostics {
        out.push_str(&format!(
            "{}[{}]: {}\n",
            d.severity.as_str(),
            d.code,
            d.message
        ));
        out.push_str(&format!(" --> {}:{}", d.line, d.column));
        if !d.pointer.is_empty() {
            out.push_str(&format!(" {}", d.pointer));
        }
        out.push('\n');
        let Some(line_text) = text.lines().nth(d.line.saturating_sub(1)) else {
            continue;
        };
        let num = d.line.to_string();
        let pad = " ".repeat(num.len());
        let width = d.span.map_or(1, |(a, b)| {
            let a = a.min(text.len());
            let b = b.min(text.len()).max(a);
            let first_line = text
                .get(a..b)
                .unwrap_or("")
                .split('\n')
                .next()
                .unwrap_or("");
            first_line.chars().count().max(1)
        });
        out.push_str(&format!("{pad} |\n{num} | {line_text}\n"));
        out.push_str(&format!(
            "{pad} | {}{}\n",
            " ".repeat(d.column.saturating_sub(1)),
            "^".repeat(width)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const NASTY: &str = "ä\tcde\nf💛g\r\nhi";

    #[test]
    fn offsets_of_lines_and_columns() {
        assert_eq!(offset_of(NASTY, 1, 1), 0);
        assert_eq!(offset_of(NASTY, 1, 2), 2);
        assert_eq!(offset_of(NASTY, 2, 3), NASTY.find('g').unwrap());
        assert_eq!(offset_of(NASTY, 9, 1), NASTY.len());
        assert_eq!(offset_of("ab\ncd", 1, 99), 2);
    }

    #[test]
    fn line_column_inverts_offset_of() {
        for (offset, _) in NASTY.char_indices() {
            let (line, column) = line_column(NASTY, offset);
            assert_eq!(offset_of(NASTY, line, column), offset, "{offset}");
        }
    }
}
