//! Built-in functions: arrays — `$count`, `$append`, `$sort`, `$reverse`, `$shuffle`,
//! `$distinct`, `$zip`.

use std::cmp::Ordering;
use std::collections::HashSet;
use std::rc::Rc;

use super::boolean::js_truthy;
use super::{argument, failure, items, native};
use crate::value::{Array, Host, Value};
use crate::Error;

/// The built-in called `name`, if this module defines it.
pub(crate) fn lookup(name: &str) -> Option<Value> {
    Some(match name {
        "count" => native(name, "<a:n>", |_, args| {
            Ok(Value::Number(items(&argument(args, 0)).len() as f64))
        }),
        "append" => native(name, "<xx:a>", |_, args| {
            Ok(append(argument(args, 0), argument(args, 1)))
        }),
        "sort" => native(name, "<af?:a>", sort),
        "reverse" => native(name, "<a:a>", |_, args| {
            reorder(argument(args, 0), |items| {
                items.reverse();
                Ok(())
            })
        }),
        "shuffle" => native(name, "<a:a>", |host, args| {
            reorder(argument(args, 0), |items| {
                shuffle(host, items);
                Ok(())
            })
        }),
        "distinct" => native(name, "<x:x>", |_, args| Ok(distinct(argument(args, 0)))),
        "zip" => native(name, "<a+>", |_, args| Ok(zip(args))),
        _ => return None,
    })
}

/// `$append`: the items of both (a value that is not an array counts as one item) in a new
/// array; either one alone when the other is undefined.
pub(crate) fn append(first: Value, second: Value) -> Value {
    if first.is_undefined() {
        return second;
    }
    if second.is_undefined() {
        return first;
    }
    Value::array([items(&first), items(&second)].concat())
}

/// A new plain array of `value`'s items put in another order by `op`; undefined, or an array
/// of at most one item, comes back unchanged.
fn reorder(
    value: Value,
    op: impl FnOnce(&mut Vec<Value>) -> Result<(), Error>,
) -> Result<Value, Error> {
    if items(&value).len() <= 1 {
        return Ok(value);
    }
    let mut items = items(&value).to_vec();
    op(&mut items)?;
    Ok(Value::array(items))
}

/// The inside-out Fisher–Yates shuffle jsonata-js uses, drawing from the host.
fn shuffle(host: &mut dyn Host, items: &mut Vec<Value>) {
    let source = std::mem::take(items);
    let mut result: Vec<Value> = Vec::with_capacity(source.len());
    for (i, item) in source.into_iter().enumerate() {
        let j = ((host.random() * (i + 1) as f64).floor() as usize).min(i);
        if j == i {
            result.push(item);
        } else {
            let moved = std::mem::replace(&mut result[j], item);
            result.push(moved);
        }
    }
    *items = result;
}

/// `$distinct`: the items with later deep-equal duplicates left out (a sequence stays one); a
/// value that is not an array comes back unchanged.
fn distinct(value: Value) -> Value {
    let Value::Array(array) = &value else {
        return value;
    };
    if array.items.len() <= 1 {
        return value;
    }
    // strings, numbers, booleans and null by a hash of their text; arrays, objects and
    // functions by deep equality with those kept before
    let mut seen = HashSet::new();
    let mut kept: Vec<Value> = Vec::new();
    let mut structured: Vec<Value> = Vec::new();
    for item in &array.items {
        let new = match item {
            Value::String(s) => seen.insert(format!("s{s}")),
            Value::Number(n) => seen.insert(format!("n{}", n + 0.0)),
            Value::Bool(b) => seen.insert(format!("b{b}")),
            Value::Null | Value::Undefined => seen.insert("null".to_string()),
            other => {
                let new = !structured.iter().any(|k| k.deep_equal(other));
                if new {
                    structured.push(other.clone());
                }
                new
            }
        };
        if new {
            kept.push(item.clone());
        }
    }
    Value::Array(Rc::new(Array {
        items: kept,
        sequence: array.sequence,
        ..Array::default()
    }))
}

/// `$zip`: arrays of the i-th items of each argument, as many as the shortest has (a value
/// that is not an array counts as an array of itself, as the signature makes it).
fn zip(args: &[Value]) -> Value {
    let length = args.iter().map(|a| items(a).len()).min().unwrap_or(0);
    let tuples = (0..length)
        .map(|i| Value::array(args.iter().map(|a| items(a)[i].clone()).collect()))
        .collect();
    Value::array(tuples)
}

/// JavaScript's `a > b` between two numbers or two strings (strings by UTF-16 code units).
fn js_greater(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x > y,
        (Value::String(x), Value::String(y)) => {
            x.encode_utf16().cmp(y.encode_utf16()) == Ordering::Greater
        }
        _ => false,
    }
}

/// `$sort(array, comparator?)`: a stable merge sort; `comparator(a, b)` true (as JavaScript
/// counts truth) puts `b` first. Without one, the items must be all numbers or all strings
/// (D3070).
fn sort(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let array = argument(args, 0);
    let comparator = argument(args, 1);
    if comparator.is_undefined() {
        let all = items(&array);
        let numbers = all.iter().all(|v| matches!(v, Value::Number(_)));
        let strings = all.iter().all(|v| matches!(v, Value::String(_)));
        if all.len() > 1 && !numbers && !strings {
            return Err(failure(
                host,
                "D3070",
                "The single argument form of the sort function can only be applied to an array of strings or an array of numbers.  Use the second argument to specify a comparison function",
            ));
        }
    }
    reorder(array, |items| {
        let mut swaps = |a: &Value, b: &Value| -> Result<bool, Error> {
            if comparator.is_undefined() {
                Ok(js_greater(a, b))
            } else {
                Ok(js_truthy(
                    &host.apply(&comparator, &[a.clone(), b.clone()])?,
                ))
            }
        };
        *items = merge_sort(std::mem::take(items), &mut swaps)?;
        Ok(())
    })
}

/// Top-down merge sort, splitting at half (rounded down) and merging with `swaps(left,
/// right)` as jsonata-js does, so a comparator sees the same calls.
fn merge_sort(
    mut items: Vec<Value>,
    swaps: &mut dyn FnMut(&Value, &Value) -> Result<bool, Error>,
) -> Result<Vec<Value>, Error> {
    if items.len() <= 1 {
        return Ok(items);
    }
    let right = items.split_off(items.len() / 2);
    let left = merge_sort(items, swaps)?;
    let right = merge_sort(right, swaps)?;
    let mut merged = Vec::with_capacity(left.len() + right.len());
    let (mut l, mut r) = (0, 0);
    while l < left.len() && r < right.len() {
        if swaps(&left[l], &right[r])? {
            merged.push(right[r].clone());
            r += 1;
        } else {
            merged.push(left[l].clone());
            l += 1;
        }
    }
    merged.extend_from_slice(&left[l..]);
    merged.extend_from_slice(&right[r..]);
    Ok(merged)
}

#[cfg(test)]
mod tests {
    use super::super::test_host::{call, call_with, json, TestHost};
    use crate::value::Value;

    #[test]
    fn count_append_reverse_as_jsonata_js() {
        // node /tmp/jsref/eval.js '$count(…)' etc.
        assert_eq!(call("count", "[[1, 2, 3]]"), Ok(json("3")));
        assert_eq!(call("count", "[]"), Ok(json("0")));
        assert_eq!(call("count", "[1]"), Ok(json("1")));
        assert_eq!(call("append", "[1, 2]"), Ok(json("[1, 2]")));
        assert_eq!(call("append", "[[1], [2, 3]]"), Ok(json("[1, 2, 3]")));
        assert_eq!(call("append", "[[1]]"), Ok(json("[1]")));
        assert_eq!(call("reverse", "[[1, 2, 3]]"), Ok(json("[3, 2, 1]")));
        assert_eq!(call("reverse", "[[1]]"), Ok(json("[1]")));
        assert_eq!(call("reverse", "[]"), Ok(None));
    }

    #[test]
    fn sort_as_jsonata_js() {
        assert_eq!(call("sort", "[[3, 1, 2]]"), Ok(json("[1, 2, 3]")));
        assert_eq!(
            call("sort", r#"[["b", "a", "C"]]"#),
            Ok(json(r#"["C", "a", "b"]"#))
        );
        assert_eq!(call("sort", r#"[["b", "a", 1]]"#), Err("D3070"));
        assert_eq!(call("sort", r#"[[{"a": 1}]]"#), Ok(json(r#"[{"a": 1}]"#)));
        assert_eq!(call("sort", "[]"), Ok(None));
        // a comparator returning [] is true to JavaScript: [3,1,2] → [2,1,3]
        let always = crate::functions::native("always", "<xx:a>", |_, _| Ok(Value::array(vec![])));
        let input = Value::from_json(&serde_json::json!([3, 1, 2]));
        let mut host = TestHost::new(2);
        assert_eq!(
            call_with(&mut host, "sort", vec![input, always]),
            Ok(json("[2, 1, 3]"))
        );
    }

    #[test]
    fn shuffle_draws_from_the_host() {
        // inside-out Fisher–Yates: with random 0.9, 0.0, 0.5, 0.9 → j = 0, 0, 1, 3
        let mut host = TestHost::new(1);
        host.random = vec![0.9, 0.0, 0.5, 0.9];
        let input = Value::from_json(&serde_json::json!([1, 2, 3, 4]));
        assert_eq!(
            call_with(&mut host, "shuffle", vec![input]),
            Ok(json("[2, 3, 1, 4]"))
        );
    }

    #[test]
    fn distinct_and_zip_as_jsonata_js() {
        assert_eq!(
            call("distinct", r#"[[1, 2, 1, {"a": [1]}, {"a": [1]}]]"#),
            Ok(json(r#"[1, 2, {"a": [1]}]"#))
        );
        assert_eq!(call("distinct", "[[1, 1]]"), Ok(json("[1]")));
        assert_eq!(
            call(
                "distinct",
                r#"[["1", 1, null, "null", true, "true", 1.0, -0, 0]]"#
            ),
            Ok(json(r#"["1", 1, null, "null", true, "true", 0]"#))
        );
        assert_eq!(call("distinct", "[5]"), Ok(json("5")));
        assert_eq!(call("zip", "[[1, 2], [3]]"), Ok(json("[[1, 3]]")));
        assert_eq!(
            call("zip", "[[1, 2], [3, 4]]"),
            Ok(json("[[1, 3], [2, 4]]"))
        );
        assert_eq!(call("zip", "[[1, 2], 3]"), Ok(json("[[1, 3]]")));
    }
}
