//! JSON text read the way Step Functions reads it. AWS parses JSON with Jackson, which reads
//! the integer `-0` as the integer 0 (`States.StringToJson("-0")` gives `0`, recorded in
//! test_json_manipulation__test_string_to_json); serde_json reads it as the float `-0.0`,
//! which prints as `-0.0`. A fraction or exponent (`-0.0`, `-0e1`) stays a float, as in
//! Jackson.

use serde::de::DeserializeOwned;

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
