//! Regular expressions: ECMAScript semantics (via `regress`), as jsonata-js runs them.
//!
//! jsonata-js compiles a regex literal without the `u` flag, so a pattern matches UTF-16 code
//! units (`.` matches half of an astral character) and every position it reports counts code
//! units. Matching here runs on the text's UTF-16 code units for the same results; a match that
//! ends inside a surrogate pair comes out with U+FFFD for the lone half, as a Rust string
//! cannot hold it. The pattern is read as UTF-16 code units too (an astral character in it is
//! two).

use std::cell::Cell;
use std::rc::Rc;

use crate::value::{Function, Native, Object, Regex, Value};
use crate::Error;

/// Compiles `/pattern/flags` (flags `i`, `m`); S0301 for an empty pattern is the parser's.
pub(crate) fn compile(pattern: &str, flags: &str, position: usize) -> Result<Regex, Error> {
    let regex =
        regress::Regex::from_unicode(pattern_units(pattern).into_iter(), flags).map_err(|e| {
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

/// The pattern as JavaScript reads it without the `u` flag: UTF-16 code units, so an astral
/// character is two units to match. `regress` would join an escaped surrogate pair
/// (`\uD83D\uDE00`) into one character; its first half goes to it as the unit itself instead.
fn pattern_units(pattern: &str) -> Vec<u32> {
    let units: Vec<u32> = pattern.encode_utf16().map(u32::from).collect();
    let escaped = |i: usize, range: std::ops::RangeInclusive<u32>| -> Option<u32> {
        let hex = units.get(i..i + 6)?;
        if hex[0] != u32::from(b'\\') || hex[1] != u32::from(b'u') {
            return None;
        }
        let digits: String = hex[2..].iter().filter_map(|&u| char::from_u32(u)).collect();
        u32::from_str_radix(&digits, 16)
            .ok()
            .filter(|u| digits.len() == 4 && range.contains(u))
    };
    let mut out = Vec::with_capacity(units.len());
    let mut i = 0;
    while i < units.len() {
        if units[i] != u32::from(b'\\') {
            out.push(units[i]);
            i += 1;
            continue;
        }
        match escaped(i, 0xd800..=0xdbff) {
            Some(high) if escaped(i + 6, 0xdc00..=0xdfff).is_some() => {
                out.push(high);
                i += 6;
            }
            _ => {
                // an escape: the backslash and the character it escapes
                out.extend(units.get(i..i + 2).unwrap_or(&units[i..]));
                i += 2;
            }
        }
    }
    out
}

/// Text as JavaScript indexes it: UTF-16 code units.
pub(crate) type Units = Rc<[u16]>;

/// The UTF-16 code units of `text`.
pub(crate) fn units(text: &str) -> Units {
    text.encode_utf16().collect()
}

/// The text of code units `from..to` (clamped), lone surrogates as U+FFFD.
pub(crate) fn slice(units: &[u16], from: usize, to: usize) -> String {
    let to = to.min(units.len());
    String::from_utf16_lossy(&units[from.min(to)..to])
}

/// One match: its text, where it starts and ends (in code units) and each capture group's text
/// (`None` for a group that took no part).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub groups: Vec<Option<String>>,
}

/// The first match of `regex` in `units` at or after code unit `from`.
pub(crate) fn find_at(regex: &regress::Regex, units: &[u16], from: usize) -> Option<Found> {
    if from > units.len() {
        return None;
    }
    let m = regex.find_from_ucs2(units, from).next()?;
    Some(Found {
        text: slice(units, m.range.start, m.range.end),
        start: m.range.start,
        end: m.range.end,
        groups: m
            .captures
            .iter()
            .map(|g| g.as_ref().map(|r| slice(units, r.start, r.end)))
            .collect(),
    })
}

/// The state one call of a regex shares with the `next` functions of its matches, as the
/// `lastIndex` of jsonata-js's RegExp object.
struct Scan {
    regex: regress::Regex,
    units: Units,
    last_index: Cell<usize>,
}

/// D1004: a regex that matches the empty string never moves on.
pub(crate) fn zero_length(position: usize, pattern: &str) -> Error {
    Error::with_message(
        "D1004",
        position,
        None,
        format!("Regular expression matches zero length string: /{pattern}/"),
    )
}

/// The value of calling a regex on `text`: the first match as jsonata-js's match object
/// (`match`, `start`, `end`, `groups`, `next`), or `Undefined` when it does not match.
pub(crate) fn call(regex: &Regex, text: &str) -> Value {
    let scan = Rc::new(Scan {
        regex: regex.regex.clone(),
        units: units(text),
        last_index: Cell::new(0),
    });
    match_object(&scan, 0, &regex.pattern)
}

/// The match object of the first match from `from`, advancing the scan's `lastIndex`.
fn match_object(scan: &Rc<Scan>, from: usize, pattern: &str) -> Value {
    let Some(found) = find_at(&scan.regex, &scan.units, from) else {
        scan.last_index.set(0);
        return Value::Undefined;
    };
    scan.last_index.set(found.end);
    let next_scan = Rc::clone(scan);
    let pattern_text = pattern.to_string();
    let next = Native {
        name: "next".to_string(),
        signature: None,
        body: Rc::new(move |host, _arguments| {
            let from = next_scan.last_index.get();
            if from >= next_scan.units.len() {
                return Ok(Value::Undefined);
            }
            let next = match_object(&next_scan, from, &pattern_text);
            let empty = next
                .as_object()
                .and_then(|o| o.get("match"))
                .and_then(Value::as_str)
                .is_some_and(str::is_empty);
            if empty {
                return Err(zero_length(host.position(), &pattern_text));
            }
            Ok(next)
        }),
    };
    let mut object = Object::new();
    object.insert("match".into(), Value::string(found.text));
    object.insert("start".into(), Value::Number(found.start as f64));
    object.insert("end".into(), Value::Number(found.end as f64));
    object.insert("groups".into(), groups_value(found.groups));
    object.insert(
        "next".into(),
        Value::Function(Rc::new(Function::Native(next))),
    );
    Value::object(object)
}

/// The `groups` array of a match; a group that took no part is `null` (jsonata-js holds
/// `undefined` there, which JSON writes as `null`).
pub(crate) fn groups_value(groups: Vec<Option<String>>) -> Value {
    Value::array(
        groups
            .into_iter()
            .map(|g| g.map(Value::string).unwrap_or(Value::Null))
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(pattern: &str, text: &str, from: usize) -> Option<(String, usize, usize)> {
        let regex = compile(pattern, "", 0).ok()?;
        find_at(&regex.regex, &units(text), from).map(|f| (f.text, f.start, f.end))
    }

    #[test]
    fn positions_count_utf16_code_units() {
        // $match("😀a😀b", /a|b/) → indexes 2 and 5
        assert_eq!(found("a|b", "😀a😀b", 0), Some(("a".into(), 2, 3)));
        assert_eq!(found("a|b", "😀a😀b", 3), Some(("b".into(), 5, 6)));
        // `.` takes one code unit: the first match of /./ in "😀" is half of it
        assert_eq!(found(".", "😀", 0), Some(("\u{fffd}".into(), 0, 1)));
        // an astral character in the pattern is its two code units
        assert_eq!(found("😀", "a😀", 0), Some(("😀".into(), 1, 3)));
        assert_eq!(found("[😀]", "a😀", 0), Some(("\u{fffd}".into(), 1, 2)));
        // $match("a😀b", /\uD83D\uDE00b/).index → 1; /[\uD83D\uDE00]/ matches each half
        assert_eq!(
            found("\\uD83D\\uDE00b", "a😀b", 0),
            Some(("😀b".into(), 1, 4))
        );
        assert_eq!(
            found("[\\uD83D\\uDE00]", "😀", 1),
            Some(("\u{fffd}".into(), 1, 2))
        );
        // an escaped backslash before `u` is no escape: $match("a\\uD83D", /\\uD83D/)
        assert_eq!(
            found("\\\\uD83D", "a\\uD83D", 0),
            Some(("\\uD83D".into(), 1, 7))
        );
    }

    #[test]
    fn groups_that_take_no_part_are_null() {
        // /(x)?b/("b") → {"match":"b","start":0,"end":1,"groups":[null]}
        let regex = compile("(x)?b", "", 0).unwrap();
        let value = call(&regex, "b");
        let object = value.as_object().unwrap();
        assert_eq!(
            serde_json::Value::from(object.get("groups").unwrap().to_json()),
            serde_json::json!([null])
        );
        assert_eq!(object.get("end").and_then(Value::as_number), Some(1.0));
        assert!(call(&regex, "c").is_undefined());
    }
}
