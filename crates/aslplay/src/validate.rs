//! `aslplay validate`: reports every problem of a definition, located.

use asl::Severity;

use crate::{output, read_file, Failure};

/// Validates `file`; returns the exit code (0 valid, 1 invalid).
pub fn validate(file: &str, json: bool) -> Result<i32, Failure> {
    let text = read_file(file)?;
    let mut diagnostics = asl::diagnostics(&text);
    let loaded = asl::load(&text);
    if let Err(errors) = &loaded {
        // `load` and `diagnostics` agree; this only guards against a definition reported
        // invalid without any error diagnostic.
        if !diagnostics.iter().any(|d| d.severity == Severity::Error) {
            diagnostics.extend(errors.iter().cloned());
        }
    }
    let valid = loaded.is_ok();
    if json {
        output::emit(output::validation(valid, &diagnostics));
    } else {
        for d in &diagnostics {
            output::emit(output::diagnostic_line(file, d));
        }
        if valid {
            output::emit(format!("{file}: valid"));
        }
    }
    Ok(if valid { 0 } else { 1 })
}
