//! Built-in functions: higher-order — `$map`, `$filter`, `$single`, `$reduce`.
//!
//! A callback gets the item, then its index (or key) and the whole array (or object) only
//! when its declared parameters ([`Host::arity`]) leave room for them.

use std::rc::Rc;

use super::{argument, failure, items, native};
use crate::value::{Array, Host, Value};
use crate::Error;

/// The built-in called `name`, if this module defines it.
pub(crate) fn lookup(name: &str) -> Option<Value> {
    Some(match name {
        "map" => native(name, "<af>", map),
        "filter" => native(name, "<af>", filter),
        "single" => native(name, "<af?>", single),
        "reduce" => native(name, "<afj?:j>", reduce),
        _ => return None,
    })
}

/// Calls `function` with `value`, then `position` and `whole` as far as its arity allows.
pub(crate) fn call_back(
    host: &mut dyn Host,
    function: &Value,
    value: &Value,
    position: Value,
    whole: &Value,
) -> Result<Value, Error> {
    let arity = host.arity(function);
    let mut arguments = vec![value.clone()];
    if arity >= 2 {
        arguments.push(position);
    }
    if arity >= 3 {
        arguments.push(whole.clone());
    }
    host.apply(function, &arguments)
}

/// A sequence of `items` (a result a path would give, unwrapped when it holds one item).
pub(crate) fn sequence(items: Vec<Value>) -> Value {
    Value::Array(Rc::new(Array {
        items,
        ..Array::sequence()
    }))
}

/// The array a callback is told about: the argument itself, or a one-item array of it.
fn whole(value: &Value) -> Value {
    if value.is_array() {
        value.clone()
    } else {
        Value::array(vec![value.clone()])
    }
}

/// Each item of the array argument with the function argument's result for it (called as
/// `function(item, index, array)`); `None` when the array is undefined.
fn results(host: &mut dyn Host, args: &[Value]) -> Result<Option<Vec<(Value, Value)>>, Error> {
    let array = argument(args, 0);
    if array.is_undefined() {
        return Ok(None);
    }
    let function = argument(args, 1);
    let whole = whole(&array);
    items(&array)
        .iter()
        .enumerate()
        .map(|(i, item)| {
            let result = call_back(host, &function, item, Value::Number(i as f64), &whole)?;
            Ok((item.clone(), result))
        })
        .collect::<Result<_, _>>()
        .map(Some)
}

/// `$map(array, function)`: the sequence of the defined results.
fn map(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    Ok(results(host, args)?.map_or(Value::Undefined, |results| {
        sequence(
            results
                .into_iter()
                .map(|(_, r)| r)
                .filter(|r| !r.is_undefined())
                .collect(),
        )
    }))
}

/// `$filter(array, predicate)`: the sequence of the items whose result is true (`$boolean`).
fn filter(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    Ok(results(host, args)?.map_or(Value::Undefined, |results| {
        sequence(
            results
                .into_iter()
                .filter(|(_, r)| r.truthy() == Some(true))
                .map(|(item, _)| item)
                .collect(),
        )
    }))
}

/// `$single(array, predicate?)`: the one item that passes (every item does without a
/// predicate); D3138 at a second, D3139 when none does.
fn single(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let array = argument(args, 0);
    if array.is_undefined() {
        return Ok(Value::Undefined);
    }
    let function = argument(args, 1);
    let whole = whole(&array);
    let mut found = None;
    for (i, item) in items(&array).iter().enumerate() {
        let passes = function.is_undefined()
            || call_back(host, &function, item, Value::Number(i as f64), &whole)?.truthy()
                == Some(true);
        if passes {
            if found.is_some() {
                return Err(failure(
                    host,
                    "D3138",
                    "The $single() function expected exactly 1 matching result.  Instead it matched more.",
                ));
            }
            found = Some(item.clone());
        }
    }
    found.ok_or_else(|| {
        failure(
            host,
            "D3139",
            "The $single() function expected exactly 1 matching result.  Instead it matched 0.",
        )
    })
}

/// `$reduce(array, function, init?)`: folds from the left with `function(accumulator, item,
/// index, array)`, starting from `init` or else the first item; D3050 when the function takes
/// fewer than two parameters.
fn reduce(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let array = argument(args, 0);
    if array.is_undefined() {
        return Ok(Value::Undefined);
    }
    let function = argument(args, 1);
    let arity = host.arity(&function);
    if arity < 2 {
        return Err(failure(
            host,
            "D3050",
            "The second argument of reduce function must be a function with at least two arguments",
        ));
    }
    let whole = whole(&array);
    let all = items(&array);
    let init = argument(args, 2);
    let (mut accumulator, start) = match all.first() {
        Some(first) if init.is_undefined() => (first.clone(), 1),
        _ => (init, 0),
    };
    for (i, item) in all.iter().enumerate().skip(start) {
        let mut arguments = vec![accumulator, item.clone()];
        if arity >= 3 {
            arguments.push(Value::Number(i as f64));
        }
        if arity >= 4 {
            arguments.push(whole.clone());
        }
        accumulator = host.apply(&function, &arguments)?;
    }
    Ok(accumulator)
}

#[cfg(test)]
mod tests {
    use super::super::native;
    use super::super::test_host::{call_with, json, TestHost};
    use crate::value::Value;

    fn from(text: &str) -> Value {
        Value::from_json(&serde_json::from_str(text).expect("JSON"))
    }

    /// A callback that gives its arguments back as an object `{"0": first, "1": second, …}`
    /// (as `function($a, $b){{"0": $a, "1": $b}}` does).
    fn echo() -> Value {
        native("echo", "<x*>", |_, args| {
            let object = args
                .iter()
                .enumerate()
                .map(|(i, v)| (i.to_string(), v.clone()))
                .collect();
            Ok(Value::object(object))
        })
    }

    #[test]
    fn every_built_in_of_these_families_has_a_signature_that_parses() {
        let names = "number abs floor ceil round power sqrt random sum max min average \
            formatBase formatNumber boolean not exists count append sort reverse shuffle \
            distinct zip keys lookup spread merge sift each error assert type map filter single \
            reduce";
        for name in names.split_whitespace() {
            assert!(super::super::builtin(name).is_some(), "${name}");
        }
    }

    #[test]
    fn callbacks_get_as_many_arguments_as_they_take() {
        // node: $map([5, 6], function($v, $i, $a){{"0":$v,"1":$i,"2":$a}}), and with ($v)
        let mut host = TestHost::new(3);
        let result = call_with(&mut host, "map", vec![from("[5, 6]"), echo()]);
        assert_eq!(
            result,
            Ok(json(r#"[{"0":5,"1":0,"2":[5,6]},{"0":6,"1":1,"2":[5,6]}]"#))
        );
        let mut host = TestHost::new(1);
        let result = call_with(&mut host, "map", vec![from("[5, 6]"), echo()]);
        assert_eq!(result, Ok(json(r#"[{"0":5},{"0":6}]"#)));
        let mut host = TestHost::new(1);
        assert_eq!(
            call_with(&mut host, "map", vec![Value::Undefined, echo()]),
            Ok(None)
        );
    }

    #[test]
    fn map_gives_a_sequence() {
        let mut host = TestHost::new(1);
        let function = super::super::builtin("string").unwrap_or_else(echo);
        let result = host_call(&mut host, "map", vec![from("[1]"), function]);
        assert!(result.as_array().is_some_and(|a| a.sequence));
    }

    fn host_call(host: &mut TestHost, name: &str, args: Vec<Value>) -> Value {
        use crate::value::Host;
        let function = super::super::builtin(name).expect("built-in");
        host.apply(&function, &args).expect("call succeeds")
    }

    #[test]
    fn filter_and_single_as_jsonata_js() {
        let boolean = super::super::builtin("boolean").expect("$boolean");
        let mut host = TestHost::new(1);
        let result = call_with(
            &mut host,
            "filter",
            vec![from("[0, 1, \"\", \"a\"]"), boolean.clone()],
        );
        assert_eq!(result, Ok(json("[1, \"a\"]")));
        let result = call_with(
            &mut host,
            "single",
            vec![from("[0, 2, \"\"]"), boolean.clone()],
        );
        assert_eq!(result, Ok(json("2")));
        let result = call_with(&mut host, "single", vec![from("[1, 2]"), boolean.clone()]);
        assert_eq!(result, Err("D3138"));
        let result = call_with(&mut host, "single", vec![from("[0]"), boolean]);
        assert_eq!(result, Err("D3139"));
        assert_eq!(
            call_with(&mut host, "single", vec![from("[4]")]),
            Ok(json("4"))
        );
    }

    #[test]
    fn reduce_as_jsonata_js() {
        // node: $reduce([1,2], function($a,$b,$i,$x){{"0":$a,"1":$b,"2":$i,"3":$x}}, 0), and
        // $reduce([1,2,3], function($a,$b){{"0":$a,"1":$b}})
        let mut host = TestHost::new(4);
        let result = call_with(&mut host, "reduce", vec![from("[1, 2]"), echo(), from("0")]);
        assert_eq!(
            result,
            Ok(json(
                r#"{"0":{"0":0,"1":1,"2":0,"3":[1,2]},"1":2,"2":1,"3":[1,2]}"#
            ))
        );
        let mut host = TestHost::new(2);
        let result = call_with(&mut host, "reduce", vec![from("[1, 2, 3]"), echo()]);
        assert_eq!(result, Ok(json(r#"{"0":{"0":1,"1":2},"1":3}"#)));
        assert_eq!(
            call_with(&mut host, "reduce", vec![from("[]"), echo()]),
            Ok(None)
        );
        assert_eq!(
            call_with(&mut host, "reduce", vec![from("[]"), echo(), from("5")]),
            Ok(json("5"))
        );
        assert_eq!(
            call_with(&mut host, "reduce", vec![from("[3]"), echo()]),
            Ok(json("3"))
        );
        let mut host = TestHost::new(1);
        assert_eq!(
            call_with(&mut host, "reduce", vec![from("[1, 2]"), echo()]),
            Err("D3050")
        );
    }
}
