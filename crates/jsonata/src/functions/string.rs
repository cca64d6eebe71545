//! Built-in functions: strings, and the casting of any value to a string.

use crate::value::Value;
use crate::Error;

/// The built-in called `name`, if this module defines it.
pub(crate) fn lookup(name: &str) -> Option<Value> {
    let _ = name;
    None
}

/// Casts a value to a string as `$string` does (JSON text for arrays and objects, numbers as
/// JavaScript writes them). `pretty` indents with 2 spaces.
///
/// PLACEHOLDER (lead, issue 9): serde_json's text until the string-functions helper writes
/// jsonata-js's exact rules.
pub(crate) fn stringify(value: &Value, pretty: bool) -> Result<String, Error> {
    Ok(match value {
        Value::String(s) => s.to_string(),
        other => {
            let json = other.to_json().unwrap_or(serde_json::Value::Null);
            if pretty {
                serde_json::to_string_pretty(&json).unwrap_or_default()
            } else {
                json.to_string()
            }
        }
    })
}
