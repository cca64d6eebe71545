//! Built-in functions: numeric — casting (`$number`), rounding, arithmetic, aggregation and
//! formatting numbers as text (`$formatBase`, `$formatNumber`).

mod format_number;
pub(crate) mod text;

use super::{argument, failure, items, native};
use crate::value::{Host, Value};
use crate::Error;

/// The built-in called `name`, if this module defines it.
pub(crate) fn lookup(name: &str) -> Option<Value> {
    Some(match name {
        "number" => native(name, "<(nsb)-:n>", number),
        "abs" => unary(name, f64::abs),
        "floor" => unary(name, f64::floor),
        "ceil" => unary(name, f64::ceil),
        "round" => native(name, "<n-n?:n>", |_, args| {
            Ok(match (argument(args, 0), argument(args, 1)) {
                (Value::Number(n), Value::Number(p)) => Value::Number(round_half_even(n, p)),
                (Value::Number(n), _) => Value::Number(round_half_even(n, 0.0)),
                _ => Value::Undefined,
            })
        }),
        "sqrt" => native(name, "<n-:n>", sqrt),
        "power" => native(name, "<n-n:n>", power),
        "random" => native(name, "<:n>", |host, _| Ok(Value::Number(host.random()))),
        "sum" => aggregate(name, |ns| Some(ns.iter().sum())),
        "max" => aggregate(name, |ns| ns.iter().copied().reduce(js_max)),
        "min" => aggregate(name, |ns| ns.iter().copied().reduce(js_min)),
        "average" => aggregate(name, |ns| {
            (!ns.is_empty()).then(|| ns.iter().sum::<f64>() / ns.len() as f64)
        }),
        "formatBase" => native(name, "<n-n?:s>", format_base),
        "formatNumber" => native(name, "<n-so?:s>", format_number::format_number),
        _ => return None,
    })
}

/// A built-in of one number giving a number (undefined stays undefined).
fn unary(name: &str, op: fn(f64) -> f64) -> Value {
    native(name, "<n-:n>", move |_, args| {
        Ok(match argument(args, 0) {
            Value::Number(n) => Value::Number(op(n)),
            _ => Value::Undefined,
        })
    })
}

/// A built-in over an array of numbers (undefined stays undefined; `None` from `op` is
/// undefined too).
fn aggregate(name: &str, op: fn(&[f64]) -> Option<f64>) -> Value {
    native(name, "<a<n>:n>", move |host, args| {
        let array = argument(args, 0);
        if array.is_undefined() {
            return Ok(Value::Undefined);
        }
        let numbers = numbers(host, items(&array))?;
        Ok(op(&numbers).map_or(Value::Undefined, Value::Number))
    })
}

/// The numbers of an array that the signature `a<n>` admits.
fn numbers(host: &dyn Host, values: &[Value]) -> Result<Vec<f64>, Error> {
    values
        .iter()
        .map(|v| {
            v.as_number().ok_or_else(|| {
                failure(
                    host,
                    "T0412",
                    "Argument 1 of function must be an array of numbers",
                )
            })
        })
        .collect()
}

/// `Math.max` of two numbers (+0 above −0).
fn js_max(a: f64, b: f64) -> f64 {
    if a > b || (a == b && b.is_sign_negative()) {
        a
    } else {
        b
    }
}

/// `Math.min` of two numbers (−0 below +0).
fn js_min(a: f64, b: f64) -> f64 {
    if a < b || (a == b && a.is_sign_negative()) {
        a
    } else {
        b
    }
}

/// `$number`: numbers unchanged, numeric strings (JSON number syntax, or `0x`/`0o`/`0b`
/// integers), booleans as 1/0; anything else fails with D3030.
fn number(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let value = argument(args, 0);
    Ok(Value::Number(match &value {
        Value::Undefined => return Ok(Value::Undefined),
        Value::Number(n) => *n,
        Value::Bool(b) => f64::from(u8::from(*b)),
        Value::String(s) => match cast_string(s) {
            Some(n) => n,
            None => {
                let shown = serde_json::Value::String(s.to_string());
                return Err(failure(
                    host,
                    "D3030",
                    format!("Unable to cast value to a number: {shown}"),
                ));
            }
        },
        _ => {
            return Err(failure(
                host,
                "D3030",
                "Unable to cast value to a number".to_string(),
            ))
        }
    }))
}

/// The number a string casts to: JSON's number syntax when finite; else text that starts with
/// a `0x` integer, holds a `0o` integer or ends with a `0b` integer (jsonata-js's unanchored
/// pattern) is read by JavaScript's `Number`, which may give NaN.
fn cast_string(s: &str) -> Option<f64> {
    if is_json_number(s) {
        let n: f64 = s.parse().ok()?;
        if n.is_finite() {
            return Some(n);
        }
    }
    let b = s.as_bytes();
    let run =
        |from: usize, digit: fn(&u8) -> bool| b[from..].iter().take_while(|c| digit(c)).count();
    let prefixed = |i: usize, letter: u8| {
        b.get(i) == Some(&b'0') && b.get(i + 1).map(u8::to_ascii_lowercase) == Some(letter)
    };
    let hex_start = prefixed(0, b'x') && run(2, u8::is_ascii_hexdigit) > 0;
    let octal_inside =
        (0..b.len()).any(|i| prefixed(i, b'o') && run(i + 2, |c| (b'0'..=b'7').contains(c)) > 0);
    let binary_end = (0..b.len()).any(|i| {
        prefixed(i, b'b') && {
            let n = run(i + 2, |c| *c == b'0' || *c == b'1');
            n > 0 && i + 2 + n == b.len()
        }
    });
    (hex_start || octal_inside || binary_end).then(|| text::parse_js_number(s))
}

/// Whether `s` matches `-?[0-9]+(\.[0-9]+)?([Ee][-+]?[0-9]+)?`.
fn is_json_number(s: &str) -> bool {
    let b = s.strip_prefix('-').unwrap_or(s).as_bytes();
    let digits = |from: usize| {
        b[from.min(b.len())..]
            .iter()
            .take_while(|c| c.is_ascii_digit())
            .count()
    };
    let mut i = digits(0);
    if i == 0 {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        let n = digits(i + 1);
        if n == 0 {
            return false;
        }
        i += 1 + n;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        let n = digits(i);
        if n == 0 {
            return false;
        }
        i += n;
    }
    i == b.len()
}

/// `Math.round`: the nearest integer, a half rounding towards +∞.
fn js_round(x: f64) -> f64 {
    if !x.is_finite() {
        return x;
    }
    let floor = x.floor();
    if x - floor >= 0.5 {
        floor + 1.0
    } else {
        floor
    }
}

/// Moves the decimal point of `x` by `places` through its shortest decimal text (as
/// jsonata-js does, so no binary error creeps in); NaN when `places` is not an integer.
fn shift_decimal(x: f64, places: f64) -> f64 {
    if !x.is_finite() || places.fract() != 0.0 {
        return f64::NAN;
    }
    if x == 0.0 {
        return x;
    }
    let (digits, n) = text::shortest_digits(x);
    let exponent = f64::from(n) - digits.len() as f64 + places;
    if exponent.abs() > 1e6 {
        return if exponent > 0.0 { f64::NAN } else { 0.0 };
    }
    let sign = if x < 0.0 { "-" } else { "" };
    format!("{sign}{digits}e{exponent}")
        .parse()
        .unwrap_or(f64::NAN)
}

/// `$round`: rounds half to even at `precision` decimal places (0: to an integer; negative:
/// to tens, hundreds…). −0 comes out as 0.
pub(crate) fn round_half_even(value: f64, precision: f64) -> f64 {
    let shifted = precision != 0.0 && !precision.is_nan();
    let x = if shifted {
        shift_decimal(value, precision)
    } else {
        value
    };
    let mut result = js_round(x);
    if (result - x).abs() == 0.5 && (result % 2.0).abs() == 1.0 {
        result -= 1.0;
    }
    if shifted {
        result = shift_decimal(result, -precision);
    }
    if result == 0.0 {
        0.0
    } else {
        result
    }
}

/// `$sqrt`: fails with D3060 on a negative number.
fn sqrt(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    match argument(args, 0) {
        Value::Number(n) if n < 0.0 => Err(failure(
            host,
            "D3060",
            format!(
                "The sqrt function cannot be applied to a negative number: {}",
                text::number_to_string(n)
            ),
        )),
        Value::Number(n) => Ok(Value::Number(n.sqrt())),
        _ => Ok(Value::Undefined),
    }
}

/// `$power`: fails with D3061 when the result is not a finite number.
fn power(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Value::Number(base) = argument(args, 0) else {
        return Ok(Value::Undefined);
    };
    let exponent = argument(args, 1).as_number().unwrap_or(f64::NAN);
    let result = base.powf(exponent);
    if result.is_finite() {
        Ok(Value::Number(result))
    } else {
        Err(failure(
            host,
            "D3061",
            format!(
                "The power function has resulted in a value that cannot be represented as a JSON number: base={}, exponent={}",
                text::number_to_string(base),
                text::number_to_string(exponent)
            ),
        ))
    }
}

/// `$formatBase`: the number rounded (half to even) and written in base 2–36 (D3100 for
/// another radix, itself rounded first).
fn format_base(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Value::Number(value) = argument(args, 0) else {
        return Ok(Value::Undefined);
    };
    let radix = match argument(args, 1) {
        Value::Number(r) => round_half_even(r, 0.0),
        _ => 10.0,
    };
    if !(2.0..=36.0).contains(&radix) {
        return Err(failure(
            host,
            "D3100",
            format!(
                "The radix of the formatBase function must be between 2 and 36.  It was given {}",
                text::number_to_string(radix)
            ),
        ));
    }
    let text = text::integer_to_radix(round_half_even(value, 0.0), radix as u32);
    Ok(Value::string(text))
}

#[cfg(test)]
mod tests {
    use super::super::test_host::{call, json};

    #[test]
    fn number_casts_as_jsonata_js() {
        // node /tmp/jsref/eval.js '$number(…)'
        assert_eq!(call("number", r#"["1.5e3"]"#), Ok(json("1500")));
        assert_eq!(call("number", r#"["-0"]"#), Ok(json("0")));
        assert_eq!(call("number", r#"["0x10"]"#), Ok(json("16")));
        assert_eq!(call("number", r#"["0b101"]"#), Ok(json("5")));
        assert_eq!(call("number", r#"[" 0o7"]"#), Ok(json("7")));
        assert_eq!(call("number", r#"["0x1G"]"#), Ok(json("null")));
        assert_eq!(call("number", r#"[true]"#), Ok(json("1")));
        assert_eq!(call("number", r#"[false]"#), Ok(json("0")));
        assert_eq!(call("number", "[]"), Ok(None));
        for bad in ["1e400", "Infinity", "0x", "1.", ".5", "+5", "abc", ""] {
            assert_eq!(call("number", &format!("[{bad:?}]")), Err("D3030"), "{bad}");
        }
    }

    #[test]
    fn rounding_as_jsonata_js() {
        // node /tmp/jsref/eval.js '$round(…)' etc.
        let cases = [
            ("[1.5]", "2"),
            ("[2.5]", "2"),
            ("[-0.5]", "0"),
            ("[-1.5]", "-2"),
            ("[-0.4]", "0"),
            ("[2.675, 2]", "2.68"),
            ("[123.456, -1]", "120"),
            ("[125, -1]", "120"),
            ("[135, -1]", "140"),
            ("[1.005, 2]", "1"),
            ("[1e300, 10]", "null"),
            ("[1.5, 1.5]", "null"),
            ("[3.14159, 3]", "3.142"),
        ];
        for (args, expected) in cases {
            assert_eq!(call("round", args), Ok(json(expected)), "$round{args}");
        }
        assert_eq!(call("floor", "[-1.5]"), Ok(json("-2")));
        assert_eq!(call("ceil", "[-1.5]"), Ok(json("-1")));
        assert_eq!(call("abs", "[-3]"), Ok(json("3")));
        assert_eq!(call("abs", "[]"), Ok(None));
    }

    #[test]
    fn sqrt_and_power_as_jsonata_js() {
        assert_eq!(call("sqrt", "[4]"), Ok(json("2")));
        assert_eq!(call("sqrt", "[-1]"), Err("D3060"));
        assert_eq!(call("power", "[2, 10]"), Ok(json("1024")));
        assert_eq!(call("power", "[2, -1]"), Ok(json("0.5")));
        assert_eq!(call("power", "[-2, 0.5]"), Err("D3061"));
        assert_eq!(call("power", "[10, 400]"), Err("D3061"));
    }

    #[test]
    fn aggregates_as_jsonata_js() {
        assert_eq!(call("sum", "[[1, 2, 3.5]]"), Ok(json("6.5")));
        assert_eq!(call("sum", "[[]]"), Ok(json("0")));
        assert_eq!(call("sum", "[]"), Ok(None));
        assert_eq!(call("max", "[[1, 3, 2]]"), Ok(json("3")));
        assert_eq!(call("max", "[[]]"), Ok(None));
        assert_eq!(call("min", "[[1, -3, 2]]"), Ok(json("-3")));
        assert_eq!(call("average", "[[1, 2, 3, 4]]"), Ok(json("2.5")));
        assert_eq!(call("average", "[[]]"), Ok(None));
        assert_eq!(call("sum", r#"[[1, "a"]]"#), Err("T0412"));
    }

    #[test]
    fn format_base_as_jsonata_js() {
        assert_eq!(call("formatBase", "[255, 16]"), Ok(json(r#""ff""#)));
        assert_eq!(call("formatBase", "[-255, 16]"), Ok(json(r#""-ff""#)));
        assert_eq!(call("formatBase", "[100]"), Ok(json(r#""100""#)));
        assert_eq!(call("formatBase", "[2.5, 2]"), Ok(json(r#""10""#)));
        assert_eq!(call("formatBase", "[1e22]"), Ok(json(r#""1e+22""#)));
        assert_eq!(call("formatBase", "[10, 1]"), Err("D3100"));
        assert_eq!(call("formatBase", "[10, 37]"), Err("D3100"));
        assert_eq!(call("formatBase", "[10, 36.4]"), Ok(json(r#""a""#)));
    }
}
