//! JSON text read the way Step Functions reads it. AWS parses JSON with Jackson, which reads
//! the integer `-0` as the integer 0 (`States.StringToJson("-0")` gives `0`, recorded in
//! test_json_manipulation__test_string_to_json); serde_json reads it as the float `-0.0`,
//! which prints as `-0.0`. A fraction or exponent (`-0.0`, `-0e1`) stays a float, as in
//! Jackson.

use std::fmt;

use serde::de::{DeserializeOwned, Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{Map, Number, Value};

/// Parses JSON text like [`serde_json::from_str`], except that an integer `-0` (outside
/// strings) is read as `0`. Error positions are those of `text`.
pub fn from_str<T: DeserializeOwned>(text: &str) -> serde_json::Result<T> {
    match integer_minus_zeros(text) {
        None => serde_json::from_str(text),
        Some(signs) => {
            let mut bytes = text.as_bytes().to_vec();
            for i in signs {
                // A space in place of the sign keeps every byte offset (and so every error
                // position) where it was.
                bytes[i] = b' ';
            }
            serde_json::from_slice(&bytes)
        }
    }
}

/// Parses a JSON value like [`from_str`], each object sized to its members: serde_json's
/// own reader grows objects as members arrive, leaving room for at least three in every
/// one, which doubles the memory of an input made of many small objects.
pub fn value_from_str(text: &str) -> serde_json::Result<Value> {
    from_str::<Compact>(text).map(|c| c.0)
}

/// A JSON value read by [`CompactVisitor`].
struct Compact(Value);

impl<'de> Deserialize<'de> for Compact {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        d.deserialize_any(CompactVisitor).map(Compact)
    }
}

/// Builds a [`Value`] as serde_json's own visitor does, except for the objects' sizes.
struct CompactVisitor;

impl<'de> Visitor<'de> for CompactVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::Number(v.into()))
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(Number::from_f64(v).map_or(Value::Null, Value::Number))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        Compact::deserialize(d).map(|c| c.0)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
        while let Some(Compact(v)) = seq.next_element()? {
            items.push(v);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Value, A::Error> {
        let mut members: Vec<(String, Value)> = Vec::new();
        while let Some((k, Compact(v))) = access.next_entry::<String, Compact>()? {
            members.push((k, v));
        }
        let mut map = Map::with_capacity(members.len());
        // As serde_json: a repeated name keeps its first place and its last value.
        map.extend(members);
        Ok(Value::Object(map))
    }
}

/// The byte offsets of the `-` of every integer `-0` outside strings, or `None` when there
/// is none (the common case: no allocation).
fn integer_minus_zeros(text: &str) -> Option<Vec<usize>> {
    if !text.contains("-0") {
        return None;
    }
    let b = text.as_bytes();
    let mut found = Vec::new();
    let mut in_string = false;
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' if in_string => i += 1,
            b'"' => in_string = !in_string,
            b'-' if !in_string && b.get(i + 1) == Some(&b'0') => {
                let next = b.get(i + 2).copied();
                let number_goes_on = matches!(next, Some(b'.' | b'e' | b'E'))
                    || next.is_some_and(|c| c.is_ascii_digit());
                if !number_goes_on {
                    found.push(i);
                }
            }
            _ => {}
        }
        i += 1;
    }
    (!found.is_empty()).then_some(found)
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    fn parse(text: &str) -> Value {
        super::from_str(text).unwrap()
    }

    #[test]
    fn integer_minus_zero_is_zero() {
        assert_eq!(parse("-0").to_string(), "0");
        assert_eq!(
            parse("[-0, -0 ,{\"a\":-0}]").to_string(),
            r#"[0,0,{"a":0}]"#
        );
    }

    #[test]
    fn floats_and_strings_keep_their_sign() {
        assert_eq!(parse("-0.0").to_string(), "-0.0");
        assert_eq!(parse("-0e0").to_string(), "-0.0");
        assert_eq!(parse(r#""-0""#), json!("-0"));
        assert_eq!(parse(r#"["a\"-0", -0]"#), json!(["a\"-0", 0]));
    }

    #[test]
    fn compact_values_equal_serde_jsons() {
        let text = r#"{"a":[1,-0,2.5,-1e3,"s",null,true,{}],"b":{"c":{"d":[]}},"a":7,"e":18446744073709551615}"#;
        let compact = super::value_from_str(text).unwrap();
        assert_eq!(compact, parse(text));
        assert_eq!(compact.to_string(), parse(text).to_string());
        assert_eq!(
            compact.to_string(),
            r#"{"a":7,"b":{"c":{"d":[]}},"e":18446744073709551615}"#
        );
        let deep = "[".repeat(200) + &"]".repeat(200);
        assert!(
            super::value_from_str(&deep).is_err(),
            "serde_json's depth limit holds"
        );
    }

    #[test]
    fn errors_keep_their_positions() {
        let direct = serde_json::from_str::<Value>("[-0,\n  x]").unwrap_err();
        let ours = super::from_str::<Value>("[-0,\n  x]").unwrap_err();
        assert_eq!(
            (ours.line(), ours.column()),
            (direct.line(), direct.column())
        );
        assert!(super::from_str::<Value>("-").is_err());
        assert!(super::from_str::<Value>("-01").is_err());
    }
}
