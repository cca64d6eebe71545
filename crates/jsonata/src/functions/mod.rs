//! The function library of JSONata 2.0.6: each module holds one family of built-ins and
//! answers `lookup` for the names it defines.

use std::rc::Rc;

use crate::signature::Signature;
use crate::value::{Function, Host, Native, Value};
use crate::Error;

pub(crate) mod array;
pub(crate) mod boolean;
pub(crate) mod datetime;
pub(crate) mod higher_order;
pub(crate) mod numeric;
pub(crate) mod object;
pub(crate) mod picture;
pub(crate) mod string;

/// The names (without `$`) of every built-in function, family by family: each is answered by
/// `builtin`.
pub const BUILTIN_NAMES: &[&str] = &[
    // string
    "string",
    "length",
    "substring",
    "substringBefore",
    "substringAfter",
    "lowercase",
    "uppercase",
    "trim",
    "pad",
    "contains",
    "split",
    "join",
    "match",
    "replace",
    "base64encode",
    "base64decode",
    "encodeUrlComponent",
    "encodeUrl",
    "decodeUrlComponent",
    "decodeUrl",
    // numeric
    "number",
    "abs",
    "floor",
    "ceil",
    "round",
    "sqrt",
    "power",
    "random",
    "sum",
    "max",
    "min",
    "average",
    "formatBase",
    "formatNumber",
    "formatInteger",
    "parseInteger",
    // boolean
    "boolean",
    "not",
    "exists",
    // array
    "count",
    "append",
    "sort",
    "reverse",
    "shuffle",
    "distinct",
    "zip",
    // object
    "keys",
    "lookup",
    "spread",
    "merge",
    "sift",
    "each",
    "error",
    "assert",
    "type",
    // higher-order
    "map",
    "filter",
    "single",
    "reduce",
    // date and time
    "now",
    "millis",
    "fromMillis",
    "toMillis",
];

/// The signature text (`<s-nn?:s>`) of the built-in function called `name`, if there is one.
pub fn builtin_signature(name: &str) -> Option<String> {
    match builtin(name)? {
        Value::Function(f) => match &*f {
            Function::Native(n) => n.signature.as_ref().map(|s| s.text().to_string()),
            _ => None,
        },
        _ => None,
    }
}

/// The built-in function called `name` (without `$`), if there is one.
pub fn builtin(name: &str) -> Option<Value> {
    string::lookup(name)
        .or_else(|| numeric::lookup(name))
        .or_else(|| boolean::lookup(name))
        .or_else(|| array::lookup(name))
        .or_else(|| object::lookup(name))
        .or_else(|| higher_order::lookup(name))
        .or_else(|| picture::lookup(name))
        .or_else(|| datetime::lookup(name))
}

/// A native function value from its name, signature text and body.
///
/// Panics if `signature` does not parse: built-in signatures are constants of this crate.
pub(crate) fn native(
    name: &str,
    signature: &str,
    body: impl Fn(&mut dyn Host, &[Value]) -> Result<Value, Error> + 'static,
) -> Value {
    let signature = Signature::parse(signature).expect("a built-in signature parses");
    Value::Function(Rc::new(Function::Native(Native {
        name: name.to_string(),
        signature: Some(signature),
        body: Rc::new(body),
    })))
}

/// The `index`th argument of a call (`Undefined` when absent).
pub(crate) fn argument(arguments: &[Value], index: usize) -> Value {
    arguments.get(index).cloned().unwrap_or_default()
}

/// The items a value stands for when a built-in expects an array: an array's items, nothing for
/// `Undefined`, else the value alone (as the signature's wrapping of a single value gives).
pub(crate) fn items(value: &Value) -> &[Value] {
    match value {
        Value::Array(array) => &array.items,
        Value::Undefined => &[],
        other => std::slice::from_ref(other),
    }
}

/// A runtime error of a built-in, at the position of the call being made.
pub(crate) fn failure(host: &dyn Host, code: &'static str, message: impl Into<String>) -> Error {
    Error::with_message(code, host.position(), None, message.into())
}

#[cfg(test)]
pub(crate) mod test_host;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_listed_builtin_exists_with_a_signature() {
        for name in BUILTIN_NAMES {
            assert!(builtin_signature(name).is_some(), "${name}");
        }
    }
}
