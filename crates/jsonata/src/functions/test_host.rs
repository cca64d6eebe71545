//! A [`Host`] for the unit tests of the built-ins: it calls native functions directly (no
//! signature checks), reports one arity for every function and gives scripted random numbers.

use crate::value::{Function, Host, Value};
use crate::Error;

/// The test host.
pub(crate) struct TestHost {
    /// What `arity` reports for any function.
    pub arity: usize,
    /// The numbers `random` gives, in turn (then 0).
    pub random: Vec<f64>,
}

impl TestHost {
    /// A host whose functions take `arity` parameters.
    pub fn new(arity: usize) -> TestHost {
        TestHost {
            arity,
            random: Vec::new(),
        }
    }
}

impl Host for TestHost {
    fn apply(&mut self, function: &Value, arguments: &[Value]) -> Result<Value, Error> {
        match function {
            Value::Function(f) => match &**f {
                Function::Native(native) => {
                    let body = native.body.clone();
                    body(self, arguments)
                }
                _ => panic!("the test host calls native functions only"),
            },
            _ => panic!("not a function"),
        }
    }

    fn arity(&self, _function: &Value) -> usize {
        self.arity
    }

    fn now_millis(&self) -> f64 {
        0.0
    }

    fn random(&mut self) -> f64 {
        if self.random.is_empty() {
            0.0
        } else {
            self.random.remove(0)
        }
    }

    fn eval(&mut self, _expression: &str, _input: &Value) -> Result<Value, Error> {
        panic!("the test host does not evaluate")
    }

    fn position(&self) -> usize {
        0
    }
}

/// Calls the built-in `name` with JSON arguments on `host`, giving the result as JSON (`None`
/// for undefined) or the error's code.
pub(crate) fn call_with(
    host: &mut TestHost,
    name: &str,
    arguments: Vec<Value>,
) -> Result<Option<serde_json::Value>, &'static str> {
    let function = super::builtin(name).unwrap_or_else(|| panic!("no built-in ${name}"));
    host.apply(&function, &arguments)
        .map(|v| v.to_json())
        .map_err(|e| e.code)
}

/// Calls the built-in `name` with arguments given as JSON text (a JSON array; `undefined` is
/// not JSON, so pass fewer arguments for it).
pub(crate) fn call(name: &str, arguments: &str) -> Result<Option<serde_json::Value>, &'static str> {
    let json: serde_json::Value = serde_json::from_str(arguments).expect("test arguments parse");
    let arguments = match json {
        serde_json::Value::Array(items) => items.iter().map(Value::from_json).collect(),
        _ => panic!("test arguments are a JSON array"),
    };
    call_with(&mut TestHost::new(1), name, arguments)
}

/// JSON from text, for expected results.
pub(crate) fn json(text: &str) -> Option<serde_json::Value> {
    Some(serde_json::from_str(text).expect("expected JSON parses"))
}
