//! Built-in functions: strings, and the casting of any value to a string.
//!
//! JavaScript strings are sequences of UTF-16 code units, and jsonata-js counts in them or in
//! code points depending on the function: `$length`, `$substring` and `$pad` count code points,
//! the regex functions' positions count code units.

mod encoding;
mod matching;
mod stringify;

use crate::value::{Host, Value};
use crate::Error;

use super::native;

pub(crate) use stringify::stringify;

/// The longest string (in bytes) a string function builds; longer ends with U1002 instead of
/// running out of memory (JavaScript's own limit, "Invalid string length", is 2²⁹ code units).
pub(crate) const MAX_LENGTH: usize = 1 << 26;

/// U1002: a string function would build a string longer than [`MAX_LENGTH`].
pub(crate) fn too_long(position: usize, name: Option<&str>) -> Error {
    Error::with_message(
        "U1002",
        position,
        name.map(str::to_string),
        "Invalid string length: the result would be too long".to_string(),
    )
}

/// An error a built-in raises, at the call's position with the function's name as the token.
pub(crate) fn failure(host: &dyn Host, code: &'static str, name: &str, message: String) -> Error {
    Error::with_message(code, host.position(), Some(name.to_string()), message)
}

/// The built-in called `name`, if this module defines it.
pub(crate) fn lookup(name: &str) -> Option<Value> {
    Some(match name {
        "string" => native(name, "<x-b?:s>", |host, args| {
            if args[0].is_undefined() {
                return Ok(Value::Undefined);
            }
            let pretty = matches!(args.get(1), Some(Value::Bool(true)));
            stringify(&args[0], pretty)
                .map(Value::string)
                .map_err(|e| Error {
                    position: host.position(),
                    token: Some("string".to_string()),
                    ..e
                })
        }),
        "length" => text_function(name, |_, s| Ok(Value::Number(s.chars().count() as f64))),
        "substring" => native(name, "<s-nn?:s>", |_, args| {
            let Some(s) = args[0].as_str() else {
                return Ok(Value::Undefined);
            };
            // a missing start counts as NaN, as in JavaScript
            let start = args[1].as_number().unwrap_or(f64::NAN);
            Ok(Value::string(substring(
                s,
                start,
                args.get(2).and_then(Value::as_number),
            )))
        }),
        "substringBefore" => native(name, "<s-s:s>", |_, args| {
            let (Some(s), Some(chars)) = (args[0].as_str(), args[1].as_str()) else {
                return Ok(args[0].clone());
            };
            Ok(Value::string(s.find(chars).map_or(s, |i| &s[..i])))
        }),
        "substringAfter" => native(name, "<s-s:s>", |_, args| {
            let (Some(s), Some(chars)) = (args[0].as_str(), args[1].as_str()) else {
                return Ok(args[0].clone());
            };
            Ok(Value::string(
                s.find(chars).map_or(s, |i| &s[i + chars.len()..]),
            ))
        }),
        "lowercase" => text_function(name, |_, s| Ok(Value::string(s.to_lowercase()))),
        "uppercase" => text_function(name, |_, s| Ok(Value::string(s.to_uppercase()))),
        "trim" => text_function(name, |_, s| Ok(Value::string(trim(s)))),
        "pad" => native(name, "<s-ns?:s>", |host, args| {
            let Some(s) = args[0].as_str() else {
                return Ok(Value::Undefined);
            };
            let Some(width) = args[1].as_number() else {
                return Ok(args[0].clone());
            };
            pad(s, width, args.get(2).and_then(Value::as_str))
                .map(Value::string)
                .map_err(|code| match code {
                    "U1002" => too_long(host.position(), Some("pad")),
                    _ => failure(host, code, "pad", "Invalid array length".to_string()),
                })
        }),
        "contains" => native(name, "<s-(sf):b>", matching::contains),
        "split" => native(name, "<s-(sf)n?:a<s>>", matching::split),
        "join" => native(name, "<a<s>s?:s>", |host, args| {
            let Some(strings) = args[0].as_array() else {
                return Ok(Value::Undefined);
            };
            let separator = args.get(1).and_then(Value::as_str).unwrap_or("");
            let mut out = String::new();
            for (i, item) in strings.items.iter().enumerate() {
                if i > 0 {
                    out.push_str(separator);
                }
                out.push_str(item.as_str().unwrap_or_default());
                if out.len() > MAX_LENGTH {
                    return Err(too_long(host.position(), Some("join")));
                }
            }
            Ok(Value::string(out))
        }),
        "match" => native(name, "<s-f<s:o>n?:a<o>>", matching::match_all),
        "replace" => native(name, "<s-(sf)(sf)n?:s>", matching::replace),
        "base64encode" => text_function(name, |_, s| Ok(Value::string(encoding::base64_encode(s)))),
        "base64decode" => text_function(name, |_, s| Ok(Value::string(encoding::base64_decode(s)))),
        "encodeUrlComponent" => text_function(name, |_, s| {
            Ok(Value::string(encoding::encode_url(s, true)))
        }),
        "encodeUrl" => text_function(name, |_, s| {
            Ok(Value::string(encoding::encode_url(s, false)))
        }),
        "decodeUrlComponent" => url_decoder(name, true),
        "decodeUrl" => url_decoder(name, false),
        _ => return None,
    })
}

/// A built-in of signature `<s-:…>`: undefined for an undefined string.
fn text_function(
    name: &str,
    body: impl Fn(&mut dyn Host, &str) -> Result<Value, Error> + 'static,
) -> Value {
    native(name, "<s-:s>", move |host, args| match args[0].as_str() {
        Some(s) => body(host, s),
        None => Ok(Value::Undefined),
    })
}

/// `$decodeUrlComponent` or `$decodeUrl`: D3140 for a malformed escape.
fn url_decoder(name: &str, component: bool) -> Value {
    let function = name.to_string();
    text_function(name, move |host, s| {
        match encoding::decode_url(s, component) {
            Some(decoded) => Ok(Value::string(decoded)),
            None => Err(failure(
                host,
                "D3140",
                &function,
                format!("Malformed URL passed to ${function}(): \"{s}\""),
            )),
        }
    })
}

/// A position of JavaScript's `slice` (truncated, negative from the end, clamped) in a
/// sequence of `length` items.
fn slice_index(x: f64, length: usize) -> usize {
    let x = x.trunc();
    if x.is_nan() {
        0
    } else if x < 0.0 {
        (length as f64 + x).max(0.0) as usize
    } else {
        x.min(length as f64) as usize
    }
}

/// `$substring`: code points from `start` (negative: from the end), `length` of them.
fn substring(s: &str, start: f64, length: Option<f64>) -> String {
    let chars: Vec<char> = s.chars().collect();
    let count = chars.len() as f64;
    let start = if count + start < 0.0 { 0.0 } else { start };
    let from = slice_index(start, chars.len());
    let to = match length {
        Some(length) if length <= 0.0 => return String::new(),
        Some(length) if start >= 0.0 => slice_index(start + length, chars.len()),
        Some(length) => slice_index(count + start + length, chars.len()),
        None => chars.len(),
    };
    chars[from..to.max(from)].iter().collect()
}

/// `$trim`: runs of spaces, tabs and line breaks become one space, none at either end.
fn trim(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r') {
            space = true;
        } else {
            if space && !out.is_empty() {
                out.push(' ');
            }
            space = false;
            out.push(c);
        }
    }
    out
}

/// `$pad`: to `|width|` code points with `padding` (default a space) repeated after the string
/// (`width` > 0) or before it. Errs with U1003 for a fractional width that would pad (a
/// JavaScript RangeError, which has no JSONata code) and U1002 for a result too long.
fn pad(s: &str, width: f64, padding: Option<&str>) -> Result<String, &'static str> {
    let padding = match padding {
        Some(p) if !p.is_empty() => p,
        _ => " ",
    };
    let missing = width.abs() - s.chars().count() as f64;
    if missing <= 0.0 {
        return Ok(s.to_string());
    }
    if missing.fract() != 0.0 {
        return Err("U1003");
    }
    if missing * 4.0 + s.len() as f64 > MAX_LENGTH as f64 {
        return Err("U1002");
    }
    let fill: String = padding.chars().cycle().take(missing as usize).collect();
    Ok(if width > 0.0 {
        format!("{s}{fill}")
    } else {
        format!("{fill}{s}")
    })
}

#[cfg(test)]
mod tests;
