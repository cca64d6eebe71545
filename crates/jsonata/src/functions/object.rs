//! Built-in functions: objects — `$keys`, `$lookup`, `$spread`, `$merge`, `$sift`, `$each` —
//! and `$error`, `$assert`, `$type`.

use indexmap::IndexSet;

use super::boolean::js_truthy;
use super::higher_order::{call_back, sequence};
use super::{argument, failure, items, native};
use crate::value::{Host, Object, Value};
use crate::Error;

/// The built-in called `name`, if this module defines it.
pub(crate) fn lookup(name: &str) -> Option<Value> {
    Some(match name {
        "keys" => native(name, "<x-:a<s>>", |_, args| {
            let mut keys = IndexSet::new();
            collect_keys(&argument(args, 0), &mut keys);
            let mut keys: Vec<String> = keys.into_iter().collect();
            keys.sort_by_key(|k| property_rank(k));
            Ok(sequence(keys.into_iter().map(Value::string).collect()))
        }),
        "lookup" => native(name, "<x-s:x>", |_, args| {
            let key = argument(args, 1);
            Ok(lookup_key(
                &argument(args, 0),
                key.as_str().unwrap_or_default(),
            ))
        }),
        "spread" => native(name, "<x-:a<o>>", |_, args| Ok(spread(argument(args, 0)))),
        "merge" => native(name, "<a<o>:o>", |_, args| Ok(merge(&argument(args, 0)))),
        "sift" => native(name, "<o-f?:o>", sift),
        "each" => native(name, "<o-f:a>", each),
        "error" => native(name, "<s?:x>", |host, args| {
            Err(failure(
                host,
                "D3137",
                message_or(&argument(args, 0), "$error() function evaluated"),
            ))
        }),
        "assert" => native(name, "<bs?:x>", |host, args| {
            if js_truthy(&argument(args, 0)) {
                Ok(Value::Undefined)
            } else {
                Err(failure(
                    host,
                    "D3141",
                    message_or(&argument(args, 1), "$assert() statement failed"),
                ))
            }
        }),
        "type" => native(name, "<x:s>", |_, args| {
            Ok(argument(args, 0)
                .type_name()
                .map_or(Value::Undefined, Value::string))
        }),
        _ => return None,
    })
}

/// The message given, unless it is missing or empty.
fn message_or(message: &Value, default: &str) -> String {
    match message.as_str() {
        Some(text) if !text.is_empty() => text.to_string(),
        _ => default.to_string(),
    }
}

/// Where a key goes in JavaScript's property order: array indices (`0`…`4294967294`, written
/// canonically) first, by value; every other key after them, in insertion order (a stable sort
/// by this rank keeps that).
fn property_rank(key: &str) -> (u8, u32) {
    let canonical = !key.is_empty()
        && key.len() <= 10
        && key.bytes().all(|b| b.is_ascii_digit())
        && (key == "0" || !key.starts_with('0'));
    match key.parse::<u64>() {
        Ok(index) if canonical && index < u64::from(u32::MAX) => (0, index as u32),
        _ => (1, 0),
    }
}

/// An object's entries in JavaScript's property order, as `for…in` and `Object.keys` give them.
pub(crate) fn in_property_order(object: &Object) -> Vec<(&String, &Value)> {
    let mut entries: Vec<_> = object.iter().collect();
    if entries.iter().any(|(k, _)| property_rank(k).0 == 0) {
        entries.sort_by_key(|(k, _)| property_rank(k));
    }
    entries
}

/// Calls `visit` on each value that is not an array inside `value`'s arrays at any depth, in
/// order (on `value` itself when it is not an array); iterative, as values may nest deeply.
fn leaves(value: &Value, mut visit: impl FnMut(&Value)) {
    let mut stack: Vec<std::slice::Iter<'_, Value>> = Vec::new();
    match value {
        Value::Array(array) => stack.push(array.items.iter()),
        other => visit(other),
    }
    while let Some(top) = stack.last_mut() {
        match top.next() {
            None => {
                stack.pop();
            }
            Some(Value::Array(array)) => stack.push(array.items.iter()),
            Some(other) => visit(other),
        }
    }
}

/// Adds the keys of an object, or of every object in an array (at any depth), in the order met.
fn collect_keys(value: &Value, keys: &mut IndexSet<String>) {
    leaves(value, |leaf| {
        if let Value::Object(object) = leaf {
            keys.extend(object.keys().cloned());
        }
    });
}

/// `$lookup`: an object's value at `key`; over an array, the sequence of every object's value
/// (at any depth of arrays; a value that is an array gives its items).
pub(crate) fn lookup_key(value: &Value, key: &str) -> Value {
    match value {
        Value::Object(object) => object.get(key).cloned().unwrap_or_default(),
        Value::Array(_) => {
            let mut found = Vec::new();
            leaves(value, |leaf| {
                match leaf.as_object().and_then(|o| o.get(key)) {
                    Some(Value::Array(inner)) => found.extend(inner.items.iter().cloned()),
                    Some(other) => found.push(other.clone()),
                    None => {}
                }
            });
            sequence(found)
        }
        _ => Value::Undefined,
    }
}

/// An object as a sequence of one-key objects.
fn one_key_objects(object: &Object) -> impl Iterator<Item = Value> + '_ {
    in_property_order(object)
        .into_iter()
        .map(|(k, v)| Value::object(Object::from_iter([(k.clone(), v.clone())])))
}

/// `$spread`: an object as a sequence of one-key objects; over an array, every object's
/// one-key objects and every other value, in one array (a sequence when the array is empty);
/// anything else unchanged.
fn spread(value: Value) -> Value {
    match &value {
        Value::Object(object) => sequence(one_key_objects(object).collect()),
        Value::Array(array) if array.items.is_empty() => sequence(Vec::new()),
        Value::Array(_) => {
            let mut all = Vec::new();
            leaves(&value, |leaf| match leaf {
                Value::Object(object) => all.extend(one_key_objects(object)),
                other => all.push(other.clone()),
            });
            Value::array(all)
        }
        _ => value,
    }
}

/// `$merge`: the objects' entries in one object, a later key's value winning.
fn merge(value: &Value) -> Value {
    if value.is_undefined() {
        return Value::Undefined;
    }
    let mut merged = Object::new();
    for object in items(value).iter().filter_map(Value::as_object) {
        for (k, v) in object {
            merged.insert(k.clone(), v.clone());
        }
    }
    let ordered = in_property_order(&merged)
        .into_iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    Value::object(ordered)
}

/// Calls `function(value, key, object)` for each entry of an object argument (nothing for
/// another value), giving each entry with the result.
fn entries_with(host: &mut dyn Host, args: &[Value]) -> Result<Vec<(String, Value, Value)>, Error> {
    let object = argument(args, 0);
    let function = argument(args, 1);
    let Some(entries) = object.as_object() else {
        return Ok(Vec::new());
    };
    if !function.is_function() {
        return Err(failure(
            host,
            "T0410",
            "Argument 2 of the function must be a function",
        ));
    }
    in_property_order(entries)
        .into_iter()
        .map(|(k, v)| {
            let result = call_back(host, &function, v, Value::string(k.as_str()), &object)?;
            Ok((k.clone(), v.clone(), result))
        })
        .collect()
}

/// `$sift(object, predicate)`: the entries whose result is true (`$boolean`); undefined when
/// none is.
fn sift(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let kept: Object = entries_with(host, args)?
        .into_iter()
        .filter(|(_, _, result)| result.truthy() == Some(true))
        .map(|(k, v, _)| (k, v))
        .collect();
    Ok(if kept.is_empty() {
        Value::Undefined
    } else {
        Value::object(kept)
    })
}

/// `$each(object, function)`: the sequence of the defined results of `function(value, key,
/// object)`.
fn each(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let results = entries_with(host, args)?
        .into_iter()
        .map(|(_, _, result)| result)
        .filter(|result| !result.is_undefined())
        .collect();
    Ok(sequence(results))
}

#[cfg(test)]
mod tests {
    use super::super::test_host::{call, call_with, json, TestHost};
    use super::super::{builtin, native};
    use crate::value::Value;

    fn from(text: &str) -> Value {
        Value::from_json(&serde_json::from_str(text).expect("JSON"))
    }

    #[test]
    fn keys_lookup_spread_merge_as_jsonata_js() {
        // node /tmp/jsref/eval.js '$keys(…)' etc.
        assert_eq!(
            call("keys", r#"[{"a": 1, "b": 2}]"#),
            Ok(json(r#"["a", "b"]"#))
        );
        assert_eq!(
            call("keys", r#"[[{"a": 1}, [{"b": 2}], {"a": 3}]]"#),
            Ok(json(r#"["a", "b"]"#))
        );
        assert_eq!(call("keys", "[5]"), Ok(json("[]")));
        assert_eq!(
            call("lookup", r#"[[{"a": [1, 2]}, {"a": 3}, {"b": 4}], "a"]"#),
            Ok(json("[1, 2, 3]"))
        );
        assert_eq!(call("lookup", r#"[{"a": 1}, "b"]"#), Ok(None));
        assert_eq!(
            call("spread", r#"[{"a": 1, "b": 2}]"#),
            Ok(json(r#"[{"a": 1}, {"b": 2}]"#))
        );
        assert_eq!(
            call("spread", r#"[[{"a": 1}, {"b": 2}]]"#),
            Ok(json(r#"[{"a": 1}, {"b": 2}]"#))
        );
        assert_eq!(call("spread", r#"["a"]"#), Ok(json(r#""a""#)));
        assert_eq!(call("spread", "[[[]]]"), Ok(json("[]")));
        assert_eq!(
            call("spread", r#"[[null, 1, [{"a": 1, "b": 2}], "x"]]"#),
            Ok(json(r#"[null, 1, {"a": 1}, {"b": 2}, "x"]"#))
        );
        assert_eq!(
            call("lookup", r#"[[[{"a": [1, [2]]}], {"a": 3}], "a"]"#),
            Ok(json("[1, [2], 3]"))
        );
        assert_eq!(
            call("keys", r#"[[[[{"z": 1}]], {"a": 1}]]"#),
            Ok(json(r#"["z", "a"]"#))
        );
        assert_eq!(
            call("merge", r#"[[{"a": 1}, {"b": 2}, {"a": 3}]]"#),
            Ok(json(r#"{"a": 3, "b": 2}"#))
        );
        assert_eq!(call("merge", "[]"), Ok(None));
    }

    #[test]
    fn spread_of_one_object_array_stays_an_array() {
        // node: $spread([{"a":1}]) → [{"a":1}], $spread({"a":1}) → {"a":1}
        let mut host = TestHost::new(1);
        let function = builtin("spread").expect("$spread");
        use crate::value::Host;
        let of_array = host.apply(&function, &[from(r#"[{"a": 1}]"#)]).expect("ok");
        assert!(of_array.as_array().is_some_and(|a| !a.sequence));
        let of_object = host.apply(&function, &[from(r#"{"a": 1}"#)]).expect("ok");
        assert!(of_object.as_array().is_some_and(|a| a.sequence));
    }

    #[test]
    fn index_keys_come_first_as_in_javascript() {
        // node: $keys({"b":1,"1":2}) → ["1","b"]; $spread({"b":1,"1":2}) → [{"1":2},{"b":1}];
        // $merge([{"b":1},{"10":2},{"2":3, "01": 4}]) ~> $keys() → ["2","10","b","01"]
        assert_eq!(
            call("keys", r#"[{"b": 1, "1": 2}]"#),
            Ok(json(r#"["1", "b"]"#))
        );
        assert_eq!(
            call("spread", r#"[{"b": 1, "1": 2}]"#),
            Ok(json(r#"[{"1": 2}, {"b": 1}]"#))
        );
        let merged = call("merge", r#"[[{"b": 1}, {"10": 2}, {"2": 3, "01": 4}]]"#);
        let keys: Vec<String> = merged
            .ok()
            .flatten()
            .and_then(|m| m.as_object().map(|o| o.keys().cloned().collect()))
            .unwrap_or_default();
        assert_eq!(keys, ["2", "10", "b", "01"]);
    }

    #[test]
    fn sift_and_each_as_jsonata_js() {
        // node: $sift({"a":1,"b":0}, function($v){$v}) → {"a":1};
        // $each({"a":1,"b":2}, function($v,$k){$k&$v}) → ["a1","b2"]
        let mut host = TestHost::new(1);
        let boolean = builtin("boolean").expect("$boolean");
        let sifted = call_with(
            &mut host,
            "sift",
            vec![from(r#"{"a": 1, "b": 0}"#), boolean.clone()],
        );
        assert_eq!(sifted, Ok(json(r#"{"a": 1}"#)));
        let none = call_with(&mut host, "sift", vec![from(r#"{"b": 0}"#), boolean]);
        assert_eq!(none, Ok(None));
        let concat = native("concat", "<xs:s>", |_, args| {
            let value = args[0].as_number().unwrap_or_default();
            let key = args[1].as_str().unwrap_or_default();
            Ok(Value::string(format!("{key}{value}")))
        });
        let mut host = TestHost::new(2);
        let each = call_with(&mut host, "each", vec![from(r#"{"a": 1, "b": 2}"#), concat]);
        assert_eq!(each, Ok(json(r#"["a1", "b2"]"#)));
    }

    #[test]
    fn error_assert_type_as_jsonata_js() {
        assert_eq!(call("error", "[]"), Err("D3137"));
        assert_eq!(call("error", r#"["boom"]"#), Err("D3137"));
        assert_eq!(call("assert", "[false]"), Err("D3141"));
        assert_eq!(call("assert", "[true]"), Ok(None));
        assert_eq!(call("type", "[null]"), Ok(json(r#""null""#)));
        assert_eq!(call("type", "[[]]"), Ok(json(r#""array""#)));
        assert_eq!(call("type", "[{}]"), Ok(json(r#""object""#)));
        assert_eq!(call("type", "[1]"), Ok(json(r#""number""#)));
        assert_eq!(call("type", "[]"), Ok(None));
        let mut host = TestHost::new(1);
        let message = crate::functions::builtin("error")
            .map(|f| {
                use crate::value::Host;
                host.apply(&f, &[Value::string("boom")])
            })
            .and_then(Result::err)
            .map(|e| e.message);
        assert_eq!(message.as_deref(), Some("boom"));
    }
}
