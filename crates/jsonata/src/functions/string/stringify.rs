//! Casting a value to a string (`$string`, the `&` operator) as jsonata-js does: strings as
//! they are, functions as `""`, anything else as JSON text (`JSON.stringify`), with every number
//! rounded to 15 significant digits and written as JavaScript writes numbers.

use crate::functions::numeric::text::number_to_string;
use crate::value::Value;
use crate::Error;

use super::{too_long, MAX_LENGTH};

/// How deeply nested a value may be to be written (JavaScript's own limit is its stack).
const MAX_DEPTH: usize = 1000;

/// Casts a value to a string as `$string` does (JSON text for arrays and objects, numbers as
/// JavaScript writes them). `pretty` indents with 2 spaces. `Undefined` gives `""`.
///
/// Errors (at position 0; the caller knows where it is): D3001 for a non-finite number,
/// D1001 for an infinite one inside an array or object (NaN there is written `null`).
pub(crate) fn stringify(value: &Value, pretty: bool) -> Result<String, Error> {
    let value = match value {
        Value::Undefined | Value::Function(_) => return Ok(String::new()),
        Value::String(s) => return Ok(s.to_string()),
        Value::Number(n) if !n.is_finite() => {
            return Err(Error::with_message(
                "D3001",
                0,
                None,
                "Attempting to invoke string function on Infinity or NaN".to_string(),
            ))
        }
        // the outer wrapper of a path's result stands for its one item
        Value::Array(a) if a.outer_wrapper => match a.items.first() {
            Some(first) => first,
            None => return Ok(String::new()),
        },
        other => other,
    };
    let mut writer = Writer {
        out: String::new(),
        pretty,
    };
    writer.value(value, 0)?;
    Ok(writer.out)
}

/// A number as jsonata-js writes it in a string: rounded to 15 significant digits, then as
/// JavaScript's `Number.prototype.toString` (`1e+21`, `1.5e-7`, `0.1`). The number is finite.
pub(crate) fn number_text(n: f64) -> String {
    number_to_string(round_15(n))
}

/// `Number(n.toPrecision(15))`: rounding to 15 significant digits, a tie away from zero.
fn round_15(n: f64) -> f64 {
    if n == 0.0 || !n.is_finite() {
        return if n == 0.0 { 0.0 } else { n };
    }
    let magnitude = n.abs();
    // Rust rounds a tie to even: look at the 16th digit, and at the exact expansion if it is 5.
    let probe = format!("{magnitude:.15e}");
    let text = if probe.as_bytes().get(16) == Some(&b'5') {
        tie_rounded_up(magnitude).unwrap_or_else(|| format!("{magnitude:.14e}"))
    } else {
        format!("{magnitude:.14e}")
    };
    text.parse::<f64>().unwrap_or(magnitude).copysign(n)
}

/// When `magnitude` lies exactly halfway between two 15-digit numbers, the larger one's text.
fn tie_rounded_up(magnitude: f64) -> Option<String> {
    // 1,100 digits hold the exact decimal expansion of any f64.
    let exact = format!("{magnitude:.1100e}");
    let (mantissa, exponent) = exact.split_once('e')?;
    let digits: Vec<u8> = mantissa.bytes().filter(u8::is_ascii_digit).collect();
    let tie = digits.get(15) == Some(&b'5') && digits[16..].iter().all(|d| *d == b'0');
    if !tie {
        return None;
    }
    let mut exponent: i32 = exponent.parse().ok()?;
    let mut kept = digits[..15].to_vec();
    let mut i = kept.len();
    loop {
        if i == 0 {
            kept.insert(0, b'1');
            kept.pop();
            exponent += 1;
            break;
        }
        i -= 1;
        if kept[i] == b'9' {
            kept[i] = b'0';
        } else {
            kept[i] += 1;
            break;
        }
    }
    let kept = String::from_utf8(kept).ok()?;
    Some(format!("{}.{}e{exponent}", &kept[..1], &kept[1..]))
}

/// JSON text as `JSON.stringify` writes it, with jsonata-js's replacer.
struct Writer {
    out: String,
    pretty: bool,
}

impl Writer {
    fn value(&mut self, value: &Value, depth: usize) -> Result<(), Error> {
        if depth > MAX_DEPTH {
            return Err(Error::with_message(
                "U1002",
                0,
                None,
                "The value is nested too deeply to be written as a string".to_string(),
            ));
        }
        if self.out.len() > MAX_LENGTH {
            return Err(too_long(0, None));
        }
        match value {
            Value::Undefined | Value::Null => self.out.push_str("null"),
            Value::Bool(b) => self.out.push_str(if *b { "true" } else { "false" }),
            // JSON.stringify writes NaN as null; jsonata-js's replacer rejects the infinities
            Value::Number(n) if n.is_nan() => self.out.push_str("null"),
            Value::Number(n) if !n.is_finite() => {
                return Err(Error::with_message(
                    "D1001",
                    0,
                    None,
                    format!("Number out of range: {n}"),
                ))
            }
            Value::Number(n) => self.out.push_str(&number_text(*n)),
            Value::String(s) => quote(&mut self.out, s),
            Value::Function(_) => self.out.push_str("\"\""),
            Value::Array(a) => {
                self.out.push('[');
                for (i, item) in a.items.iter().enumerate() {
                    if i > 0 {
                        self.out.push(',');
                    }
                    self.newline(depth + 1);
                    self.value(item, depth + 1)?;
                }
                if !a.items.is_empty() {
                    self.newline(depth);
                }
                self.out.push(']');
            }
            Value::Object(o) => {
                self.out.push('{');
                let mut first = true;
                let entries = crate::functions::object::in_property_order(o);
                for (key, item) in entries.into_iter().filter(|(_, v)| !v.is_undefined()) {
                    if !std::mem::take(&mut first) {
                        self.out.push(',');
                    }
                    self.newline(depth + 1);
                    quote(&mut self.out, key);
                    self.out.push(':');
                    if self.pretty {
                        self.out.push(' ');
                    }
                    self.value(item, depth + 1)?;
                }
                if !first {
                    self.newline(depth);
                }
                self.out.push('}');
            }
        }
        Ok(())
    }

    fn newline(&mut self, depth: usize) {
        if self.pretty {
            self.out.push('\n');
            for _ in 0..depth {
                self.out.push_str("  ");
            }
        }
    }
}

/// A JSON string literal as `JSON.stringify` writes it.
pub(crate) fn quote(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\u{8}' => out.push_str("\\b"),
            '\u{c}' => out.push_str("\\f"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(json: serde_json::Value, pretty: bool) -> String {
        stringify(&Value::from_json(&json), pretty).unwrap()
    }

    #[test]
    fn numbers_round_to_15_digits_as_javascript_writes_them() {
        // values from node: Number(x.toPrecision(15)) then String()
        assert_eq!(number_text(1234567890123445.0), "1234567890123450");
        assert_eq!(number_text(1234567890123455.0), "1234567890123460");
        assert_eq!(number_text(123456789012344.5), "123456789012345");
        assert_eq!(number_text(0.1 + 0.2), "0.3");
        assert_eq!(number_text(1.0 / 3.0), "0.333333333333333");
        assert_eq!(number_text(1e21), "1e+21");
        assert_eq!(number_text(1.5e-7), "1.5e-7");
        assert_eq!(number_text(-0.0), "0");
        assert_eq!(number_text(100.0), "100");
        assert_eq!(number_text(999999999999999.5), "1000000000000000");
    }

    #[test]
    fn json_text_as_json_stringify_with_the_replacer() {
        use serde_json::json;
        // $string([1.0000000000000002, 1/3, {"a": "x\"y"}], true)
        assert_eq!(
            text(
                json!([1.0000000000000002, 0.3333333333333333, {"a": "x\"y"}]),
                true
            ),
            "[\n  1,\n  0.333333333333333,\n  {\n    \"a\": \"x\\\"y\"\n  }\n]"
        );
        assert_eq!(
            text(json!(["\u{1f}\u{7f}\u{2028}"]), false),
            "[\"\\u001f\u{7f}\u{2028}\"]"
        );
        assert_eq!(text(json!({"a": []}), true), "{\n  \"a\": []\n}");
        assert_eq!(text(json!({}), true), "{}");
        assert_eq!(text(json!("x"), false), "x");
        assert_eq!(text(json!(5), false), "5");
    }

    #[test]
    fn non_finite_numbers_fail() {
        assert_eq!(
            stringify(&Value::Number(f64::INFINITY), false).map_err(|e| e.code),
            Err("D3001")
        );
        let inner = Value::array(vec![Value::Number(f64::INFINITY)]);
        assert_eq!(stringify(&inner, false).map_err(|e| e.code), Err("D1001"));
        let nan = Value::array(vec![Value::Number(f64::NAN)]);
        assert_eq!(stringify(&nan, false).as_deref(), Ok("[null]"));
    }
}
