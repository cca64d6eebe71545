//! The built-ins that take a matcher — a regex, or a function that answers as one with a
//! match object (`match`, `start`, `end`, `groups`, `next`): `$contains`, `$split`, `$match`
//! and `$replace`.

use crate::regex;
use crate::value::{Array, Host, Object, Value};
use crate::Error;

use super::{failure, stringify, too_long, MAX_LENGTH};
use crate::functions::boolean::js_truthy;

/// T1010: the matcher's answer is not a match object.
fn malformed(host: &dyn Host, name: &str) -> Error {
    failure(
        host,
        "T1010",
        name,
        format!(
            "The matcher function argument passed to function \"{name}\" does not return the correct object structure"
        ),
    )
}

/// Calls a matcher (or a match object's `next`) with `argument`: `None` when it gives
/// undefined (no more matches); T1010 when it gives something else than a match object.
fn evaluate_matcher(
    host: &mut dyn Host,
    name: &str,
    matcher: &Value,
    argument: Value,
) -> Result<Option<Value>, Error> {
    if !matcher.is_function() {
        // jsonata-js fails with a TypeError, which has no JSONata code
        return Err(failure(
            host,
            "U1003",
            name,
            format!("The matcher passed to function \"{name}\" is not a function"),
        ));
    }
    let result = host.apply(matcher, &[argument]).map_err(|e| Error {
        token: e.token.or_else(|| Some(name.to_string())),
        ..e
    })?;
    if result.is_undefined() {
        return Ok(None);
    }
    let conforms = result.as_object().is_some_and(|o| {
        matches!(o.get("start"), Some(Value::Number(_)))
            || o.get("groups").is_some_and(Value::is_array)
            || o.get("next").is_some_and(Value::is_function)
    });
    if js_truthy(&result) && !conforms {
        return Err(malformed(host, name));
    }
    Ok(Some(result))
}

/// The fields of a match object the functions read.
struct Hit {
    object: Value,
    text: String,
    start: f64,
    end: f64,
    groups: Vec<Value>,
    next: Value,
}

impl Hit {
    fn read(host: &dyn Host, name: &str, object: Value) -> Result<Hit, Error> {
        let Some(o) = object.as_object() else {
            return Err(malformed(host, name));
        };
        let number = |key: &str| o.get(key).and_then(Value::as_number).unwrap_or(f64::NAN);
        Ok(Hit {
            text: o
                .get("match")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            start: number("start"),
            end: number("end"),
            groups: o
                .get("groups")
                .and_then(Value::as_array)
                .map(|a| a.items.clone())
                .unwrap_or_default(),
            next: o.get("next").cloned().unwrap_or_default(),
            object,
        })
    }
}

/// The matches of `matcher` in `text`, at most `limit` of them, each handed to `each`.
fn for_each_match(
    host: &mut dyn Host,
    name: &str,
    matcher: &Value,
    text: &str,
    limit: Option<f64>,
    mut each: impl FnMut(&mut dyn Host, &Hit) -> Result<(), Error>,
) -> Result<usize, Error> {
    let mut count = 0usize;
    let mut current = evaluate_matcher(host, name, matcher, Value::string(text))?;
    while let Some(object) = current {
        if limit.is_some_and(|l| count as f64 >= l) {
            break;
        }
        let hit = Hit::read(host, name, object)?;
        each(host, &hit)?;
        count += 1;
        current = evaluate_matcher(host, name, &hit.next, Value::Undefined)?;
    }
    Ok(count)
}

/// JavaScript's `substring` over UTF-16 code units (positions truncated, clamped, swapped).
fn js_substring(units: &[u16], a: f64, b: f64) -> String {
    let clamp = |x: f64| {
        if x.is_nan() {
            0
        } else {
            x.trunc().clamp(0.0, units.len() as f64) as usize
        }
    };
    let (a, b) = (clamp(a), clamp(b));
    regex::slice(units, a.min(b), a.max(b))
}

/// The optional limit argument: D3020/D3040/D3011 (`code`) when negative.
fn limit_of(
    host: &dyn Host,
    name: &str,
    value: Option<&Value>,
    code: &'static str,
    ordinal: &str,
) -> Result<Option<f64>, Error> {
    let limit = value.and_then(Value::as_number);
    if limit.is_some_and(|l| l < 0.0) {
        return Err(failure(
            host,
            code,
            name,
            format!("{ordinal} argument of {name} function must evaluate to a positive number"),
        ));
    }
    Ok(limit)
}

/// `$contains(str, token)`: whether the string holds the substring, or the matcher matches.
pub(super) fn contains(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Some(s) = args[0].as_str() else {
        return Ok(Value::Undefined);
    };
    Ok(Value::Bool(match &args[1] {
        Value::String(token) => s.contains(&**token),
        matcher => evaluate_matcher(host, "contains", matcher, Value::string(s))?.is_some(),
    }))
}

/// `$split(str, separator, limit)`.
pub(super) fn split(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Some(s) = args[0].as_str() else {
        return Ok(Value::Undefined);
    };
    let limit = limit_of(host, "split", args.get(2), "D3020", "Third")?;
    if limit == Some(0.0) {
        return Ok(Value::array(Vec::new()));
    }
    let parts: Vec<Value> = match &args[1] {
        Value::String(separator) => {
            // String.prototype.split's limit is a uint32
            let most = limit.map_or(usize::MAX, |l| (l.trunc() % 4_294_967_296.0) as usize);
            if separator.is_empty() {
                let units = regex::units(s);
                (0..units.len())
                    .take(most)
                    .map(|i| Value::string(regex::slice(&units, i, i + 1)))
                    .collect()
            } else {
                s.split(&**separator)
                    .take(most)
                    .map(Value::string)
                    .collect()
            }
        }
        matcher => {
            let units = regex::units(s);
            let mut parts = Vec::new();
            let mut start = 0.0;
            let count = for_each_match(host, "split", matcher, s, limit, |_, hit| {
                parts.push(Value::string(js_substring(&units, start, hit.start)));
                start = hit.end;
                Ok(())
            })?;
            if limit.is_none_or(|l| (count as f64) < l) {
                parts.push(Value::string(js_substring(&units, start, f64::INFINITY)));
            }
            parts
        }
    };
    Ok(Value::array(parts))
}

/// `$match(str, pattern, limit)`: a sequence of `{match, index, groups}`.
pub(super) fn match_all(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Some(s) = args[0].as_str() else {
        return Ok(Value::Undefined);
    };
    let limit = limit_of(host, "match", args.get(2), "D3040", "Third")?;
    let mut result = Array::sequence();
    if limit != Some(0.0) {
        for_each_match(host, "match", &args[1], s, limit, |_, hit| {
            let mut item = Object::new();
            let source = hit.object.as_object();
            for (from, to) in [("match", "match"), ("start", "index"), ("groups", "groups")] {
                if let Some(v) = source.and_then(|o| o.get(from)) {
                    item.insert(to.to_string(), v.clone());
                }
            }
            result.items.push(Value::object(item));
            Ok(())
        })?;
    }
    Ok(Value::Array(result.into()))
}

/// `$replace(str, pattern, replacement, limit)`.
pub(super) fn replace(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Some(s) = args[0].as_str() else {
        return Ok(Value::Undefined);
    };
    let pattern = &args[1];
    if pattern.as_str() == Some("") {
        return Err(failure(
            host,
            "D3010",
            "replace",
            "Second argument of replace function cannot be an empty string".to_string(),
        ));
    }
    let limit = limit_of(host, "replace", args.get(3), "D3011", "Fourth")?;
    if limit == Some(0.0) {
        return Ok(args[0].clone());
    }
    let replacement = &args[2];
    let mut out = String::new();
    let grown = |host: &dyn Host, out: &String| {
        if out.len() > MAX_LENGTH {
            Err(too_long(host.position(), Some("replace")))
        } else {
            Ok(())
        }
    };
    if let Value::String(pattern) = pattern {
        let insert = replacement.as_str().unwrap_or_default();
        let mut rest = s;
        let mut count = 0usize;
        while let Some(i) = rest.find(&**pattern) {
            if limit.is_some_and(|l| count as f64 >= l) {
                break;
            }
            out.push_str(&rest[..i]);
            out.push_str(insert);
            grown(host, &out)?;
            rest = &rest[i + pattern.len()..];
            count += 1;
        }
        out.push_str(rest);
        return Ok(Value::string(out));
    }
    let units = regex::units(s);
    let mut position = 0.0;
    let count = for_each_match(host, "replace", pattern, s, limit, |host, hit| {
        out.push_str(&js_substring(&units, position, hit.start));
        match replacement {
            Value::String(template) => out.push_str(&substitute(template, hit)),
            function => match host.apply(function, std::slice::from_ref(&hit.object))? {
                Value::String(text) => out.push_str(&text),
                _ => {
                    return Err(failure(
                        host,
                        "D3012",
                        "replace",
                        "Attempted to replace a matched string with a non-string value".to_string(),
                    ))
                }
            },
        }
        grown(host, &out)?;
        position = hit.start + hit.text.encode_utf16().count() as f64;
        Ok(())
    })?;
    if count == 0 {
        return Ok(args[0].clone());
    }
    out.push_str(&js_substring(&units, position, f64::INFINITY));
    Ok(Value::string(out))
}

/// JavaScript's `parseInt(text, 10)`: leading white space, a sign, then decimal digits.
fn parse_int(text: &[u16]) -> Option<i64> {
    let text = String::from_utf16_lossy(text);
    let text = text.trim_start_matches(|c: char| c.is_whitespace() || c == '\u{feff}');
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let digits: String = digits.chars().take_while(char::is_ascii_digit).collect();
    let value: i64 = digits.parse().ok()?;
    Some(if negative { -value } else { value })
}

/// A replacement string with `$$`, `$0` and `$1`… substituted as jsonata-js does: as many
/// digits as the number of groups has, one fewer if that names no group, and a `$` that no
/// digit follows as it is.
fn substitute(template: &str, hit: &Hit) -> String {
    let units: Vec<u16> = template.encode_utf16().collect();
    let dollar = u16::from(b'$');
    let find = |from: usize| (from..units.len()).find(|&i| units[i] == dollar);
    let groups = hit.groups.len();
    let max_digits = if groups == 0 {
        1
    } else {
        ((groups as f64).ln() * std::f64::consts::LOG10_E).floor() as usize + 1
    };
    let mut out: Vec<u16> = Vec::new();
    let mut position = 0;
    let mut next = find(0);
    while let Some(index) = next {
        if position >= units.len() {
            break;
        }
        out.extend_from_slice(&units[position..index]);
        position = index + 1;
        let after = units.get(position).copied();
        if after == Some(dollar) {
            out.push(dollar);
            position += 1;
        } else if after == Some(u16::from(b'0')) {
            out.extend(hit.text.encode_utf16());
            position += 1;
        } else {
            let digits =
                |n: usize| &units[position.min(units.len())..(position + n).min(units.len())];
            let mut group = parse_int(digits(max_digits));
            if max_digits > 1 && group.is_some_and(|g| g > groups as i64) {
                group = parse_int(digits(max_digits - 1));
            }
            match group {
                Some(g) => {
                    let text = usize::try_from(g - 1)
                        .ok()
                        .and_then(|i| hit.groups.get(i))
                        .and_then(|v| match v {
                            Value::Null | Value::Undefined => None,
                            Value::String(s) => Some(s.to_string()),
                            other => stringify(other, false).ok(),
                        });
                    if let Some(text) = text {
                        out.extend(text.encode_utf16());
                    }
                    position += g.to_string().len();
                }
                None => out.push(dollar),
            }
        }
        next = find(position);
    }
    out.extend_from_slice(&units[position.min(units.len())..]);
    String::from_utf16_lossy(&out)
}
