//! Built-in functions: boolean — `$boolean`, `$not`, `$exists` — and JavaScript's own
//! truthiness, which a few built-ins apply to what a callback returns.

use super::{argument, native};
use crate::value::Value;

/// The built-in called `name`, if this module defines it.
pub(crate) fn lookup(name: &str) -> Option<Value> {
    Some(match name {
        "boolean" => native(name, "<x-:b>", |_, args| {
            Ok(argument(args, 0)
                .truthy()
                .map_or(Value::Undefined, Value::Bool))
        }),
        "not" => native(name, "<x-:b>", |_, args| {
            Ok(argument(args, 0)
                .truthy()
                .map_or(Value::Undefined, |b| Value::Bool(!b)))
        }),
        "exists" => native(name, "<x:b>", |_, args| {
            Ok(Value::Bool(!argument(args, 0).is_undefined()))
        }),
        _ => return None,
    })
}

/// Whether JavaScript counts the value as true (`if (value)`): unlike `$boolean`, any array,
/// object or function is true.
pub(crate) fn js_truthy(value: &Value) -> bool {
    match value {
        Value::Undefined | Value::Null => false,
        Value::Bool(b) => *b,
        Value::Number(n) => *n != 0.0 && !n.is_nan(),
        Value::String(s) => !s.is_empty(),
        Value::Array(_) | Value::Object(_) | Value::Function(_) => true,
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_host::{call, json};

    #[test]
    fn boolean_casts_as_jsonata_js() {
        // node /tmp/jsref/eval.js '$boolean(…)'
        let cases = [
            ("[0]", "false"),
            ("[1]", "true"),
            (r#"[""]"#, "false"),
            (r#"["0"]"#, "true"),
            ("[null]", "false"),
            ("[[]]", "false"),
            ("[[0]]", "false"),
            ("[[0, 1]]", "true"),
            ("[[0, false]]", "false"),
            ("[{}]", "false"),
            (r#"[{"a": 0}]"#, "true"),
        ];
        for (args, expected) in cases {
            assert_eq!(call("boolean", args), Ok(json(expected)), "{args}");
        }
        assert_eq!(call("boolean", "[]"), Ok(None));
        assert_eq!(call("not", "[[]]"), Ok(json("true")));
        assert_eq!(call("not", "[]"), Ok(None));
        assert_eq!(call("exists", "[null]"), Ok(json("true")));
        assert_eq!(call("exists", "[]"), Ok(json("false")));
    }
}
