//! Name rules for state machines, executions and activities (AWS): 1–80 characters; no
//! whitespace, no `? *`, no `< > { } [ ]`, none of `: ; , \ | ^ ~ $ # % & "` nor the
//! backtick, no control characters. Non-ASCII names are allowed with a warning (CloudWatch
//! metrics don't work with them).

use crate::diagnostic::{Diagnostic, DiagnosticCode};

/// The longest name AWS accepts.
pub const MAX_NAME_CHARS: usize = 80;

/// Checks a state machine or execution name: `Err` with the reason when AWS would reject
/// it; `Ok(Some(warning))` for a non-ASCII name; `Ok(None)` when all is well.
/// `what` names the thing in messages (`execution name`).
pub fn check_name(what: &str, name: &str) -> Result<Option<Diagnostic>, Diagnostic> {
    let count = name.chars().count();
    if count == 0 || count > MAX_NAME_CHARS {
        return Err(Diagnostic::error(
            DiagnosticCode::InvalidName,
            format!("The {what} must be 1 to {MAX_NAME_CHARS} characters long"),
            "",
        ));
    }
    if let Some(c) = name.chars().find(|c| {
        c.is_whitespace()
            || c.is_control()
            || ('\u{7f}'..='\u{9f}').contains(c)
            || "?*<>{}[]:;,\\|^~$#%&\"`".contains(*c)
    }) {
        let shown = if c.is_control() || c.is_whitespace() {
            format!("U+{:04X}", c as u32)
        } else {
            c.to_string()
        };
        return Err(Diagnostic::error(
            DiagnosticCode::InvalidName,
            format!("The {what} must not contain '{shown}'"),
            "",
        ));
    }
    if !name.is_ascii() {
        return Ok(Some(Diagnostic::warning(
            DiagnosticCode::NonAsciiName,
            format!("The {what} has non-ASCII characters: CloudWatch metrics don't work with them"),
            "",
        )));
    }
    Ok(None)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_rules() {
        assert_eq!(check_name("execution name", "run-1_A.b"), Ok(None));
        assert!(check_name("execution name", &"x".repeat(80)).is_ok());
        for bad in [
            "",
            "a b",
            "a?",
            "a*",
            "<a>",
            "{a}",
            "[a]",
            "a:b",
            "a;b",
            "a,b",
            "a\\b",
            "a|b",
            "a^b",
            "a~b",
            "a$b",
            "a#b",
            "a%b",
            "a&b",
            "a\"b",
            "a`b",
            "a\u{1}b",
            "a\u{85}b",
            &"x".repeat(81),
        ] {
            assert!(check_name("execution name", bad).is_err(), "{bad:?}");
        }
        let warning = check_name("execution name", "résumé")
            .expect("allowed")
            .expect("warned");
        assert_eq!(warning.code, "NON_ASCII_NAME");
    }
}
