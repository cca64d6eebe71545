//! Values: what an expression evaluates to, with JSONata's extras over JSON — `undefined`,
//! sequences (arrays flagged as results of a path) and functions.

use std::rc::Rc;

use indexmap::IndexMap;

use crate::evaluate::Lambda;
use crate::signature::Signature;
use crate::Error;

/// An object: keys in insertion order.
pub type Object = IndexMap<String, Value>;

/// A value during evaluation.
///
/// `Undefined` is JavaScript's `undefined`: the result of a path that matches nothing. It never
/// appears inside an array or as an object's value.
#[derive(Debug, Clone, Default)]
pub enum Value {
    /// Nothing (no match).
    #[default]
    Undefined,
    /// JSON `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number (always finite in a result).
    Number(f64),
    /// A string.
    String(Rc<str>),
    /// An array or a sequence.
    Array(Rc<Array>),
    /// An object.
    Object(Rc<Object>),
    /// A function: a lambda, a built-in, a partial application or a regex.
    Function(Rc<Function>),
}

/// An array, with the flags jsonata-js keeps on its arrays.
#[derive(Debug, Clone, Default)]
pub struct Array {
    /// The items (never `Undefined`).
    pub items: Vec<Value>,
    /// A sequence: the result of a path step, flattened into the next and unwrapped when it
    /// holds one item.
    pub sequence: bool,
    /// `[]` after a step: a singleton sequence stays an array.
    pub keep_singleton: bool,
    /// The outer wrapper of a path's result (jsonata-js's `outerWrapper`).
    pub outer_wrapper: bool,
    /// Built by an array constructor `[…]` (jsonata-js's `cons`): not flattened by a path.
    pub cons: bool,
}

impl Array {
    /// A plain array (no flags).
    pub fn new(items: Vec<Value>) -> Array {
        Array {
            items,
            ..Array::default()
        }
    }

    /// An empty sequence.
    pub fn sequence() -> Array {
        Array {
            sequence: true,
            ..Array::default()
        }
    }
}

/// What a built-in or caller-supplied function may ask of the evaluation that calls it.
pub trait Host {
    /// Calls a function value (lambda, built-in, partial application, regex) with arguments.
    fn apply(&mut self, function: &Value, arguments: &[Value]) -> Result<Value, Error>;
    /// How many parameters a function value declares (a lambda's parameters, a native's
    /// signature parameters, a partial application's remaining `?`s): higher-order built-ins
    /// pass the item, then the index and the array only to functions that take them.
    fn arity(&self, function: &Value) -> usize;
    /// The time the evaluation started, in milliseconds since the Unix epoch (`$now`,
    /// `$millis` give the same value throughout one evaluation).
    fn now_millis(&self) -> f64;
    /// A pseudo-random number in `[0, 1)`.
    fn random(&mut self) -> f64;
    /// Parses and evaluates `expression` against `input` (`$eval`), in the caller's bindings.
    fn eval(&mut self, expression: &str, input: &Value) -> Result<Value, Error>;
    /// The position of the call being made, for errors.
    fn position(&self) -> usize;
}

/// The body of a native function: the arguments come validated by its signature (optional
/// ones absent are `Undefined`).
pub type NativeBody = dyn Fn(&mut dyn Host, &[Value]) -> Result<Value, Error>;

/// A native function: a built-in of the library or one the caller binds.
pub struct Native {
    /// The name, without `$`.
    pub name: String,
    /// The signature the arguments are validated against.
    pub signature: Option<Signature>,
    /// The implementation.
    pub body: Rc<NativeBody>,
}

impl std::fmt::Debug for Native {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "<native ${}>", self.name)
    }
}

/// A compiled regular expression (ECMAScript semantics).
#[derive(Debug)]
pub struct Regex {
    /// The compiled pattern.
    pub regex: regress::Regex,
    /// The pattern as written.
    pub pattern: String,
    /// The flags as written (`i`, `m`).
    pub flags: String,
}

/// A function value.
#[derive(Debug)]
pub enum Function {
    /// A function defined in the expression (`function($x){…}`), with the scope it closes over.
    Lambda(Lambda),
    /// A native function.
    Native(Native),
    /// A partial application: `None` marks a `?` still to be filled.
    Partial {
        /// The function applied.
        function: Value,
        /// The arguments given, `None` for each `?`.
        arguments: Vec<Option<Value>>,
    },
    /// A regex literal, which matches when called with a string.
    Regex(Regex),
}

impl Value {
    /// A string value.
    pub fn string(s: impl Into<Rc<str>>) -> Value {
        Value::String(s.into())
    }

    /// A plain array value.
    pub fn array(items: Vec<Value>) -> Value {
        Value::Array(Rc::new(Array::new(items)))
    }

    /// An object value.
    pub fn object(object: Object) -> Value {
        Value::Object(Rc::new(object))
    }

    /// Whether this is `Undefined`.
    pub fn is_undefined(&self) -> bool {
        matches!(self, Value::Undefined)
    }

    /// Whether this is an array (or sequence).
    pub fn is_array(&self) -> bool {
        matches!(self, Value::Array(_))
    }

    /// Whether this is a function.
    pub fn is_function(&self) -> bool {
        matches!(self, Value::Function(_))
    }

    /// The number, if this is one.
    pub fn as_number(&self) -> Option<f64> {
        match self {
            Value::Number(n) => Some(*n),
            _ => None,
        }
    }

    /// The string, if this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The items, if this is an array.
    pub fn as_array(&self) -> Option<&Array> {
        match self {
            Value::Array(a) => Some(a),
            _ => None,
        }
    }

    /// The object, if this is one.
    pub fn as_object(&self) -> Option<&Object> {
        match self {
            Value::Object(o) => Some(o),
            _ => None,
        }
    }

    /// `$type`'s name of the value (`Undefined` has none).
    pub fn type_name(&self) -> Option<&'static str> {
        Some(match self {
            Value::Undefined => return None,
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
            Value::Function(_) => "function",
        })
    }

    /// The value as a boolean, as `$boolean` casts it (`None` for `Undefined`).
    pub fn truthy(&self) -> Option<bool> {
        Some(match self {
            Value::Undefined => return None,
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(n) => *n != 0.0,
            Value::String(s) => !s.is_empty(),
            Value::Array(a) => match a.items.as_slice() {
                [] => false,
                [one] => one.truthy().unwrap_or(false),
                many => many.iter().any(|v| v.truthy() == Some(true)),
            },
            Value::Object(o) => !o.is_empty(),
            Value::Function(_) => false,
        })
    }

    /// Deep equality as jsonata-js's `isDeepEqual` (functions are equal only to themselves).
    pub fn deep_equal(&self, other: &Value) -> bool {
        match (self, other) {
            (Value::Undefined, Value::Undefined) | (Value::Null, Value::Null) => true,
            (Value::Bool(a), Value::Bool(b)) => a == b,
            (Value::Number(a), Value::Number(b)) => a == b,
            (Value::String(a), Value::String(b)) => a == b,
            // the same array or object (jsonata-js's `lhs === rhs`): no walk through it
            (Value::Array(a), Value::Array(b)) if Rc::ptr_eq(a, b) => true,
            (Value::Object(a), Value::Object(b)) if Rc::ptr_eq(a, b) => true,
            (Value::Array(a), Value::Array(b)) => {
                a.items.len() == b.items.len()
                    && a.items.iter().zip(&b.items).all(|(x, y)| x.deep_equal(y))
            }
            (Value::Object(a), Value::Object(b)) => {
                a.len() == b.len()
                    && a.iter()
                        .all(|(k, v)| b.get(k).is_some_and(|w| v.deep_equal(w)))
            }
            (Value::Function(a), Value::Function(b)) => Rc::ptr_eq(a, b),
            _ => false,
        }
    }

    /// Converts JSON into a value.
    pub fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Value::string(s.as_str()),
            serde_json::Value::Array(items) => {
                Value::array(items.iter().map(Value::from_json).collect())
            }
            serde_json::Value::Object(map) => Value::object(
                map.iter()
                    .map(|(k, v)| (k.clone(), Value::from_json(v)))
                    .collect(),
            ),
        }
    }

    /// Converts the value into JSON as `JSON.stringify` would: `None` for `Undefined` and for
    /// a function at the top; inside an array a function or `Undefined` becomes `null`, inside
    /// an object its key is left out; an object's keys in JavaScript's property order
    /// (array-index keys first, ascending, then the others as inserted). A whole-number value becomes an integer.
    pub fn to_json(&self) -> Option<serde_json::Value> {
        Some(match self {
            Value::Undefined | Value::Function(_) => return None,
            Value::Null => serde_json::Value::Null,
            Value::Bool(b) => serde_json::Value::Bool(*b),
            Value::Number(n) => number_to_json(*n),
            Value::String(s) => serde_json::Value::String(s.to_string()),
            Value::Array(a) => serde_json::Value::Array(
                a.items
                    .iter()
                    .map(|v| v.to_json().unwrap_or(serde_json::Value::Null))
                    .collect(),
            ),
            // JavaScript's property order (array-index keys first), as JSON.stringify writes
            Value::Object(o) => serde_json::Value::Object(
                crate::functions::object::in_property_order(o)
                    .into_iter()
                    .filter_map(|(k, v)| v.to_json().map(|j| (k.clone(), j)))
                    .collect(),
            ),
        })
    }
}

/// A number as JSON: an integer when it is a whole number that fits, else a float; `null` for
/// a non-finite number (as `JSON.stringify` writes it).
pub fn number_to_json(n: f64) -> serde_json::Value {
    if n.fract() == 0.0 && n.abs() < 9.007_199_254_740_992e15 {
        if n == 0.0 {
            return serde_json::Value::from(0);
        }
        return serde_json::Value::from(n as i64);
    }
    serde_json::Number::from_f64(n)
        .map(serde_json::Value::Number)
        .unwrap_or(serde_json::Value::Null)
}

impl From<serde_json::Value> for Value {
    fn from(json: serde_json::Value) -> Value {
        Value::from_json(&json)
    }
}
