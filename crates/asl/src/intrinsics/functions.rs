//! The intrinsic functions themselves.

use serde_json::{Map, Value};

use super::digest::{base64_decode, base64_encode, hash_hex};
use crate::errors::{RuntimeError, INTRINSIC_FAILURE};
use crate::host::{Rng, SplitMix64};

/// An intrinsic function as the editor describes it: its name, its parameters and what it
/// does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Intrinsic {
    /// `States.Format`.
    pub name: &'static str,
    /// The parameters, as written after the name: `(template, value…)`.
    pub signature: &'static str,
    /// What it returns, in a sentence.
    pub summary: &'static str,
}

const fn intrinsic(
    name: &'static str,
    signature: &'static str,
    summary: &'static str,
) -> Intrinsic {
    Intrinsic {
        name,
        signature,
        summary,
    }
}

/// Every intrinsic function AWS offers in JSONPath states, the only ones the evaluator runs and
/// the parser accepts.
pub const FUNCTIONS: &[Intrinsic] = &[
    intrinsic(
        "States.Format",
        "(template, value…)",
        "A string: the template with each `{}` replaced by the next value.",
    ),
    intrinsic(
        "States.StringToJson",
        "(text)",
        "The JSON value that the string holds.",
    ),
    intrinsic(
        "States.JsonToString",
        "(value)",
        "The value written as a compact JSON string.",
    ),
    intrinsic(
        "States.Array",
        "(value…)",
        "An array of its arguments, in order.",
    ),
    intrinsic(
        "States.ArrayPartition",
        "(array, size)",
        "The array cut into chunks of `size` items (the last may be shorter).",
    ),
    intrinsic(
        "States.ArrayContains",
        "(array, value)",
        "Whether the array holds the value.",
    ),
    intrinsic(
        "States.ArrayRange",
        "(start, end, step)",
        "The numbers from `start` to `end` (included) by `step`; at most 1,000.",
    ),
    intrinsic(
        "States.ArrayGetItem",
        "(array, index)",
        "The item at a zero-based index.",
    ),
    intrinsic(
        "States.ArrayLength",
        "(array)",
        "How many items the array has.",
    ),
    intrinsic(
        "States.ArrayUnique",
        "(array)",
        "The array without repeated values, first occurrences kept.",
    ),
    intrinsic(
        "States.Base64Encode",
        "(text)",
        "The string encoded in Base64 (at most 10,000 characters in).",
    ),
    intrinsic(
        "States.Base64Decode",
        "(base64)",
        "The Base64 string decoded back to text.",
    ),
    intrinsic(
        "States.Hash",
        "(value, algorithm)",
        "The hex digest of the value with MD5, SHA-1, SHA-256, SHA-384 or SHA-512.",
    ),
    intrinsic(
        "States.JsonMerge",
        "(left, right, false)",
        "The two objects merged shallowly: the right one's keys win.",
    ),
    intrinsic(
        "States.MathRandom",
        "(start, end, seed?)",
        "A random integer from `start` (included) to `end` (excluded).",
    ),
    intrinsic("States.MathAdd", "(a, b)", "The sum of two integers."),
    intrinsic(
        "States.StringSplit",
        "(text, separators)",
        "The string split at any of the separator characters.",
    ),
    intrinsic("States.UUID", "()", "A new version 4 UUID."),
];

/// Whether `name` is an intrinsic function (`States.Format`, …).
pub fn is_intrinsic(name: &str) -> bool {
    FUNCTIONS.iter().any(|f| f.name == name)
}

/// The most elements `States.ArrayRange` may produce.
const MAX_RANGE: usize = 1000;

fn fail(name: &str, why: impl std::fmt::Display) -> RuntimeError {
    RuntimeError::new(
        INTRINSIC_FAILURE,
        format!("The function {name} failed: {why}"),
    )
}

fn arity(name: &str, args: &[Value], min: usize, max: usize) -> Result<(), RuntimeError> {
    if args.len() < min || args.len() > max {
        let want = if min == max {
            min.to_string()
        } else {
            format!("{min} to {max}")
        };
        return Err(fail(
            name,
            format!("it takes {want} arguments, not {}", args.len()),
        ));
    }
    Ok(())
}

fn string<'a>(name: &str, v: &'a Value, what: &str) -> Result<&'a str, RuntimeError> {
    v.as_str()
        .ok_or_else(|| fail(name, format!("the {what} must be a string")))
}

fn array<'a>(name: &str, v: &'a Value) -> Result<&'a Vec<Value>, RuntimeError> {
    v.as_array()
        .ok_or_else(|| fail(name, "the first argument must be an array"))
}

fn integer(name: &str, v: &Value, what: &str) -> Result<i64, RuntimeError> {
    match v.as_i64() {
        Some(n) => Ok(n),
        None => match v.as_f64() {
            Some(f) if f.fract() == 0.0 && f.abs() < 9e15 => Ok(f as i64),
            _ => Err(fail(name, format!("the {what} must be an integer"))),
        },
    }
}

/// Text of a value as Format and Hash use it: strings as they are; objects and arrays the
/// way AWS's Java runtime prints them (`{Arg1=1, Arg2=[]}`); the rest as JSON.
fn text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Object(m) => {
            let parts: Vec<String> = m.iter().map(|(k, v)| format!("{k}={}", text(v))).collect();
            format!("{{{}}}", parts.join(", "))
        }
        Value::Array(a) => format!("[{}]", a.iter().map(text).collect::<Vec<_>>().join(", ")),
        other => crate::history::json_text(other),
    }
}

/// Rounds half up, as AWS does for MathAdd and MathRandom arguments (-0.5 → 0, 2.5 → 3).
fn rounded(name: &str, v: &Value) -> Result<i64, RuntimeError> {
    let f = v
        .as_f64()
        .ok_or_else(|| fail(name, "the arguments must be numbers"))?;
    Ok((f + 0.5).floor().clamp(-9e15, 9e15) as i64)
}

/// Applies `name` to evaluated `args`. `raw_template` is Format's template with its `\{`
/// escapes still in.
pub fn apply(
    name: &str,
    args: Vec<Value>,
    raw_template: Option<String>,
    rng: &dyn Rng,
) -> Result<Value, RuntimeError> {
    match name {
        "States.Format" => {
            if args.is_empty() {
                return Err(fail(name, "it needs a template"));
            }
            let template = match raw_template {
                Some(t) => t,
                None => string(name, &args[0], "template")?.to_string(),
            };
            let mut values = args[1..].iter();
            let mut out = String::new();
            let mut chars = template.chars().peekable();
            while let Some(c) = chars.next() {
                match c {
                    '\\' => out.extend(chars.next()),
                    '{' if chars.peek() == Some(&'}') => {
                        chars.next();
                        let v = values
                            .next()
                            .ok_or_else(|| fail(name, "more placeholders than arguments"))?;
                        out.push_str(&text(v));
                    }
                    c => out.push(c),
                }
            }
            if values.next().is_some() {
                return Err(fail(name, "more arguments than placeholders"));
            }
            Ok(Value::String(out))
        }
        "States.StringToJson" => {
            arity(name, &args, 1, 1)?;
            let s = string(name, &args[0], "argument")?;
            if s.trim().is_empty() {
                return Ok(Value::Null);
            }
            crate::json::from_str(s).map_err(|e| fail(name, format!("not JSON: {e}")))
        }
        "States.JsonToString" => {
            arity(name, &args, 1, 1)?;
            Ok(Value::String(crate::history::json_text(&args[0])))
        }
        "States.Array" => Ok(Value::Array(args)),
        "States.ArrayPartition" => {
            arity(name, &args, 2, 2)?;
            let a = array(name, &args[0])?;
            let size = integer(name, &args[1], "chunk size")?;
            if size <= 0 {
                return Err(fail(name, "the chunk size must be greater than 0"));
            }
            let size = usize::try_from(size).unwrap_or(usize::MAX);
            Ok(Value::Array(
                a.chunks(size).map(|c| Value::Array(c.to_vec())).collect(),
            ))
        }
        "States.ArrayContains" => {
            arity(name, &args, 2, 2)?;
            Ok(Value::Bool(
                array(name, &args[0])?.iter().any(|v| same(v, &args[1])),
            ))
        }
        "States.ArrayRange" => {
            arity(name, &args, 3, 3)?;
            let (start, end, step) = (
                integer(name, &args[0], "start")?,
                integer(name, &args[1], "end")?,
                integer(name, &args[2], "step")?,
            );
            if step == 0 {
                return Err(fail(name, "the step must not be 0"));
            }
            let mut out = Vec::new();
            let mut i = start;
            while (step > 0 && i <= end) || (step < 0 && i >= end) {
                if out.len() == MAX_RANGE {
                    return Err(fail(
                        name,
                        format!("the range has more than {MAX_RANGE} elements"),
                    ));
                }
                out.push(Value::from(i));
                i = i.saturating_add(step);
            }
            Ok(Value::Array(out))
        }
        "States.ArrayGetItem" => {
            arity(name, &args, 2, 2)?;
            let a = array(name, &args[0])?;
            let i = integer(name, &args[1], "index")?;
            usize::try_from(i)
                .ok()
                .and_then(|i| a.get(i))
                .cloned()
                .ok_or_else(|| fail(name, format!("index {i} is out of bounds")))
        }
        "States.ArrayLength" => {
            arity(name, &args, 1, 1)?;
            Ok(Value::from(array(name, &args[0])?.len()))
        }
        "States.ArrayUnique" => {
            arity(name, &args, 1, 1)?;
            let mut out: Vec<Value> = Vec::new();
            for v in array(name, &args[0])? {
                if !out.iter().any(|o| same(o, v)) {
                    out.push(v.clone());
                }
            }
            Ok(Value::Array(out))
        }
        "States.Base64Encode" => {
            arity(name, &args, 1, 1)?;
            Ok(Value::String(base64_encode(
                string(name, &args[0], "argument")?.as_bytes(),
            )))
        }
        "States.Base64Decode" => {
            arity(name, &args, 1, 1)?;
            let bytes = base64_decode(string(name, &args[0], "argument")?)
                .ok_or_else(|| fail(name, "not Base64"))?;
            String::from_utf8(bytes)
                .map(Value::String)
                .map_err(|_| fail(name, "the decoded data is not UTF-8 text"))
        }
        "States.Hash" => {
            arity(name, &args, 2, 2)?;
            let algorithm = string(name, &args[1], "algorithm")?;
            hash_hex(text(&args[0]).as_bytes(), algorithm).map(Value::String).ok_or_else(|| {
                fail(name, format!("unknown algorithm '{algorithm}' (MD5, SHA-1, SHA-256, SHA-384 or SHA-512)"))
            })
        }
        "States.JsonMerge" => {
            arity(name, &args, 3, 3)?;
            if args[2] != Value::Bool(false) {
                return Err(fail(
                    name,
                    "only shallow merging is supported: the third argument must be false",
                ));
            }
            match (&args[0], &args[1]) {
                (Value::Object(a), Value::Object(b)) => {
                    let mut out: Map<String, Value> = a.clone();
                    out.extend(b.clone());
                    Ok(Value::Object(out))
                }
                _ => Err(fail(name, "both arguments must be objects")),
            }
        }
        "States.MathRandom" => {
            arity(name, &args, 2, 3)?;
            let (start, end) = (rounded(name, &args[0])?, rounded(name, &args[1])?);
            if end <= start {
                return Err(fail(name, "the end must be greater than the start"));
            }
            let bits = match args.get(2) {
                Some(seed) => SplitMix64::new(integer(name, seed, "seed")? as u64).next_u64(),
                None => rng.next_u64(),
            };
            let span = (end as i128 - start as i128) as u128;
            Ok(Value::from(
                (start as i128 + (u128::from(bits) % span) as i128) as i64,
            ))
        }
        "States.MathAdd" => {
            arity(name, &args, 2, 2)?;
            // Each argument is rounded half up first (AWS: -0.5 + 0.5 = 1).
            Ok(Value::from(
                rounded(name, &args[0])?.saturating_add(rounded(name, &args[1])?),
            ))
        }
        "States.StringSplit" => {
            arity(name, &args, 2, 2)?;
            let s = string(name, &args[0], "string")?;
            let delimiters: Vec<char> = string(name, &args[1], "delimiter")?.chars().collect();
            Ok(Value::Array(
                s.split(|c| delimiters.contains(&c))
                    .filter(|p| !p.is_empty())
                    .map(Value::from)
                    .collect(),
            ))
        }
        "States.UUID" => {
            arity(name, &args, 0, 0)?;
            Ok(Value::String(crate::host::uuid(rng)))
        }
        other => Err(fail(other, "unknown function")),
    }
}

/// JSON equality with numbers compared by value (1 == 1.0).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}
