//! The functions AWS adds to JSONata 2.0.6 in Step Functions — `$partition`, `$range`,
//! `$hash`, `$random([seed])`, `$uuid`, `$parse` — and `$eval`, which AWS removes (calling
//! it fails as calling any non-function does).
//!
//! AWS documents what each returns, not the errors for bad arguments: those follow
//! JSONata's own codes (`D3…` for a bad value) with messages of ours.

use std::rc::Rc;

use jsonata::value::Array;
use jsonata::{Bindings, Error, Host, Value};

use crate::host::{Rng, SplitMix64};

/// The most items `$range` and `$partition` make (AWS's `States.ArrayRange` limit).
pub const MAX_ITEMS: usize = 1000;

/// The functions AWS adds, with their JSONata signatures (`$eval`, removed, is not one).
pub const AWS_FUNCTIONS: &[(&str, &str)] = &[
    ("partition", "<an:a>"),
    ("range", "<nnn:a>"),
    ("hash", "<ss:s>"),
    ("parse", "<s:j>"),
    ("random", "<n?:n>"),
    ("uuid", "<:s>"),
];

/// The signature of one of [`AWS_FUNCTIONS`].
fn signature(name: &str) -> Option<&'static str> {
    AWS_FUNCTIONS
        .iter()
        .find(|(n, _)| *n == name)
        .map(|(_, s)| *s)
}

/// Binds AWS's functions into `bindings`; `seed` seeds `$random()` and `$uuid()` for this
/// evaluation.
pub fn bind(bindings: &mut Bindings, seed: u64) {
    let rng = Rc::new(SplitMix64::new(seed));
    let bound = [
        bindings.bind_function("partition", signature("partition"), partition),
        bindings.bind_function("range", signature("range"), range),
        bindings.bind_function("hash", signature("hash"), hash),
        bindings.bind_function("parse", signature("parse"), parse),
        bindings.bind_function("eval", None, |host, _| {
            Err(fail(host, "T1006", "Attempted to invoke a non-function"))
        }),
        {
            let rng = Rc::clone(&rng);
            bindings.bind_function("random", signature("random"), move |host, args| {
                random(host, args, &*rng)
            })
        },
        bindings.bind_function("uuid", signature("uuid"), move |_, _| {
            Ok(Value::string(crate::host::uuid(&*rng)))
        }),
    ];
    // The signatures are constants of this file (tested): none can fail to parse.
    debug_assert!(bound.iter().all(Result::is_ok));
}

fn fail(host: &dyn Host, code: &'static str, message: impl Into<String>) -> Error {
    Error::with_message(code, host.position(), None, message.into())
}

fn number(host: &dyn Host, v: Option<&Value>, what: &str) -> Result<f64, Error> {
    v.and_then(Value::as_number)
        .ok_or_else(|| fail(host, "T0410", format!("The {what} must be a number")))
}

fn integer(host: &dyn Host, v: Option<&Value>, what: &str) -> Result<i64, Error> {
    let n = number(host, v, what)?;
    if n.fract() != 0.0 || n.abs() > 9.007_199_254_740_992e15 {
        return Err(fail(
            host,
            "D3030",
            format!("The {what} must be an integer"),
        ));
    }
    Ok(n as i64)
}

/// `$partition(array, size)`: the array cut into arrays of `size` items (the last may be
/// shorter).
fn partition(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let items: Vec<Value> = match args.first() {
        Some(Value::Array(a)) => a.items.clone(),
        Some(Value::Undefined) | None => return Ok(Value::Undefined),
        Some(one) => vec![one.clone()],
    };
    let size = integer(host, args.get(1), "partition size")?;
    if size <= 0 {
        return Err(fail(
            host,
            "D3030",
            "The partition size must be a positive integer",
        ));
    }
    let size = usize::try_from(size).unwrap_or(usize::MAX);
    let chunks = items
        .chunks(size)
        .map(|c| Value::array(c.to_vec()))
        .collect();
    Ok(Value::array(chunks))
}

/// `$range(start, end, step)`: the numbers from `start` to `end` inclusive by `step`, as a
/// sequence (one number alone is the number, as AWS gives it).
fn range(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let start = integer(host, args.first(), "range start")?;
    let end = integer(host, args.get(1), "range end")?;
    let step = integer(host, args.get(2), "range step")?;
    if step == 0 {
        return Err(fail(host, "D3030", "The range step must not be 0"));
    }
    let count = if (end - start).signum() * step.signum() < 0 {
        0
    } else {
        (end - start) / step + 1
    };
    if count > MAX_ITEMS as i64 {
        return Err(fail(
            host,
            "D3030",
            format!("The range would have {count} items, more than {MAX_ITEMS}"),
        ));
    }
    let items = (0..count)
        .map(|i| Value::Number((start + i * step) as f64))
        .collect();
    Ok(Value::Array(Rc::new(Array {
        items,
        sequence: true,
        ..Array::default()
    })))
}

/// `$hash(data, algorithm)`: the hex digest (`MD5`, `SHA-1`, `SHA-256`, `SHA-384`,
/// `SHA-512`) of the string's UTF-8.
fn hash(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Some(data) = args.first().and_then(Value::as_str) else {
        return Ok(Value::Undefined);
    };
    let algorithm = args.get(1).and_then(Value::as_str).unwrap_or("");
    match crate::intrinsics::digest::hash_hex(data.as_bytes(), algorithm) {
        Some(h) => Ok(Value::string(h)),
        None => Err(fail(
            host,
            "D3030",
            format!("The hash algorithm '{algorithm}' is not one of MD5, SHA-1, SHA-256, SHA-384, SHA-512"),
        )),
    }
}

/// `$parse(text)`: the JSON value `text` holds.
fn parse(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let Some(text) = args.first().and_then(Value::as_str) else {
        return Ok(Value::Undefined);
    };
    match crate::json::from_str(text) {
        Ok(v) => Ok(Value::from_json(&v)),
        Err(e) => Err(fail(host, "D3030", format!("The string is not JSON: {e}"))),
    }
}

/// `$random([seed])`: a number in `[0, 1)`; with a seed, the same number for the same seed.
fn random(host: &mut dyn Host, args: &[Value], rng: &dyn Rng) -> Result<Value, Error> {
    let bits = match args.first() {
        None | Some(Value::Undefined) => rng.next_u64(),
        seed => {
            let seed = integer(host, seed, "random seed")?;
            SplitMix64::new(seed as u64).next_u64()
        }
    };
    Ok(Value::Number((bits >> 11) as f64 / (1u64 << 53) as f64))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A host for calling the natives directly.
    struct Bare;
    impl Host for Bare {
        fn apply(&mut self, _: &Value, _: &[Value]) -> Result<Value, Error> {
            Ok(Value::Undefined)
        }
        fn arity(&self, _: &Value) -> usize {
            0
        }
        fn now_millis(&self) -> f64 {
            0.0
        }
        fn random(&mut self) -> f64 {
            0.0
        }
        fn eval(&mut self, _: &str, _: &Value) -> Result<Value, Error> {
            Ok(Value::Undefined)
        }
        fn position(&self) -> usize {
            7
        }
    }

    fn json(v: &Value) -> serde_json::Value {
        v.to_json().unwrap_or(serde_json::Value::Null)
    }

    fn n(x: f64) -> Value {
        Value::Number(x)
    }

    #[test]
    fn partition_cuts_arrays_as_aws_records() {
        let items = Value::from_json(&serde_json::json!([0, 1, 2, 3]));
        let cut = |size: f64| partition(&mut Bare, &[items.clone(), n(size)]).map(|v| json(&v));
        assert_eq!(cut(1.0), Ok(serde_json::json!([[0], [1], [2], [3]])));
        assert_eq!(cut(3.0), Ok(serde_json::json!([[0, 1, 2], [3]])));
        assert_eq!(cut(5.0), Ok(serde_json::json!([[0, 1, 2, 3]])));
        let one = Value::from_json(&serde_json::json!([0]));
        assert_eq!(
            partition(&mut Bare, &[one, n(1.0)]).map(|v| json(&v)),
            Ok(serde_json::json!([[0]]))
        );
        assert_eq!(
            cut(0.0).map_err(|e| (e.code, e.position)),
            Err(("D3030", 7))
        );
        assert!(cut(1.5).is_err());
    }

    #[test]
    fn range_includes_the_end_and_is_a_sequence() {
        let r = |a: f64, b: f64, s: f64| range(&mut Bare, &[n(a), n(b), n(s)]);
        let values = |v: Value| json(&v);
        assert_eq!(
            r(0.0, 9.0, 3.0).map(values),
            Ok(serde_json::json!([0, 3, 6, 9]))
        );
        assert_eq!(
            r(0.0, 10.0, 3.0).map(values),
            Ok(serde_json::json!([0, 3, 6, 9]))
        );
        assert_eq!(
            r(1.0, 9.0, 2.0).map(values),
            Ok(serde_json::json!([1, 3, 5, 7, 9]))
        );
        assert_eq!(
            r(5.0, 1.0, -2.0).map(values),
            Ok(serde_json::json!([5, 3, 1]))
        );
        assert_eq!(r(1.0, 9.0, -1.0).map(values), Ok(serde_json::json!([])));
        // One number: a singleton sequence, which JSONata gives as the number (AWS: 1).
        let one = r(1.0, 9.0, 9.0).expect("a range");
        assert!(one
            .as_array()
            .is_some_and(|a| a.sequence && a.items.len() == 1));
        assert!(r(0.0, 1.0, 0.0).is_err());
        assert!(r(0.0, 5000.0, 1.0).is_err());
    }

    #[test]
    fn hash_parse_and_random() {
        let h = hash(
            &mut Bare,
            &[Value::string("input data"), Value::string("SHA-1")],
        );
        assert_eq!(
            h.map(|v| json(&v)),
            Ok(serde_json::json!(
                "aaff4a450a104cd177d28d18d74485e8cae074b7"
            ))
        );
        assert!(hash(&mut Bare, &[Value::string("x"), Value::string("SHA-2")]).is_err());
        let parsed = parse(&mut Bare, &[Value::string("{\"Arg1\": 1, \"Arg2\": []}")]);
        assert_eq!(
            parsed.map(|v| json(&v)),
            Ok(serde_json::json!({"Arg1": 1, "Arg2": []}))
        );
        assert_eq!(
            parse(&mut Bare, &[Value::string("-0")]).map(|v| json(&v)),
            Ok(serde_json::json!(0))
        );
        assert!(parse(&mut Bare, &[Value::string("{")]).is_err());
        let rng = SplitMix64::new(1);
        let seeded = |s: f64| {
            random(&mut Bare, &[n(s)], &rng)
                .ok()
                .and_then(|v| v.as_number())
        };
        assert_eq!(seeded(42.0), seeded(42.0));
        let r = random(&mut Bare, &[], &rng)
            .ok()
            .and_then(|v| v.as_number());
        assert!(r.is_some_and(|x| (0.0..1.0).contains(&x)));
    }
}
