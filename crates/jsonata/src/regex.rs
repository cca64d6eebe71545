//! Regular expressions: ECMAScript semantics (via `regress`), as jsonata-js runs them.
//!
//! PLACEHOLDER (lead, issue 9): `compile` works; `call` (the match object a regex value gives
//! when called) is written by the string-functions helper.

use crate::value::{Regex, Value};
use crate::Error;

/// Compiles `/pattern/flags` (flags `i`, `m`); S0301 for an empty pattern is the parser's.
pub(crate) fn compile(pattern: &str, flags: &str, position: usize) -> Result<Regex, Error> {
    let regex = regress::Regex::with_flags(pattern, flags).map_err(|e| {
        Error::with_message(
            "S0302",
            position,
            Some(pattern.to_string()),
            format!("Invalid regular expression /{pattern}/: {e}"),
        )
    })?;
    Ok(Regex {
        regex,
        pattern: pattern.to_string(),
        flags: flags.to_string(),
    })
}

/// The value of calling a regex on `text`: the first match as jsonata-js's match object
/// (`match`, `start`, `end`, `groups`, `next`), or `Undefined` when it does not match.
pub(crate) fn call(regex: &Regex, text: &str) -> Value {
    let _ = (regex, text);
    Value::Undefined
}
