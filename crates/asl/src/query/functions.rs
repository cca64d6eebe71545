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

/// Binds AWS's functions into `bindings`; `seed` seeds `$random()` and `$uuid()` for this
/// evaluation.
pub fn bind(bindings: &mut Bindings, seed: u64) {
    let rng = Rc::new(SplitMix64::new(seed));
    let bound = [
        bindings.bind_function("partition", Some("<an:a>"), partition),
        bindings.bind_function("range", Some("<nnn:a>"), range),
        bindings.bind_function("hash", Some("<ss:s>"), hash),
        bindings.bind_function("parse", Some("<s:j>"), parse),
        bindings.bind_function("eval", None, |host, _| {
            Err(fail(host, "T1006", "Attempted to invoke a non-function"))
        }),
        {
            let rng = Rc::clone(&rng);
            bindings.bind_function("random", Some("<n?:n>"), move |host, args| {
                random(host, args, &*rng)
            })
        },
        bindings.bind_function("uuid", Some("<:s>"), move |_, _| {
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
