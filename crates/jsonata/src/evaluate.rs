//! Evaluation: an expression's value against an input and bindings.
//!
//! PLACEHOLDER (lead, issue 9): the evaluator helper replaces this module; only the public
//! API below is fixed.

use std::collections::HashMap;
use std::rc::Rc;

use crate::signature::Signature;
use crate::value::{Function, Host, Native, Value};
use crate::{Error, Expression};

/// A function defined in an expression, with the scope it closes over.
#[derive(Debug)]
pub struct Lambda {}

/// How far one evaluation may go before it ends with an error instead of a hang, a stack
/// overflow or running out of memory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Deepest nesting of evaluation (function calls included).
    pub max_depth: usize,
    /// Most evaluation steps.
    pub max_steps: u64,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            max_depth: 500,
            max_steps: 10_000_000,
        }
    }
}

/// Variables and functions an evaluation starts with, and its limits.
#[derive(Debug, Clone, Default)]
pub struct Bindings {
    pub(crate) variables: HashMap<String, Value>,
    /// The evaluation's limits.
    pub limits: Limits,
    /// The time `$now()`/`$millis()` report, in ms since the epoch; `None`: 0 until a clock
    /// is supplied.
    pub now_millis: Option<f64>,
}

impl Bindings {
    /// No bindings, default limits.
    pub fn new() -> Bindings {
        Bindings::default()
    }

    /// Binds `$name` (give the name without `$`) to a value.
    pub fn bind(&mut self, name: &str, value: Value) {
        self.variables.insert(name.to_string(), value);
    }

    /// Binds `$name` to a JSON value.
    pub fn bind_json(&mut self, name: &str, value: &serde_json::Value) {
        self.bind(name, Value::from_json(value));
    }

    /// Binds `$name` to a native function with an optional signature (`<s-n?:s>`).
    pub fn bind_function(
        &mut self,
        name: &str,
        signature: Option<&str>,
        body: impl Fn(&mut dyn Host, &[Value]) -> Result<Value, Error> + 'static,
    ) -> Result<(), Error> {
        let signature = signature.map(Signature::parse).transpose()?;
        let native = Native {
            name: name.to_string(),
            signature,
            body: Rc::new(body),
        };
        self.bind(name, Value::Function(Rc::new(Function::Native(native))));
        Ok(())
    }

    /// The value bound to `$name`, if any.
    pub fn get(&self, name: &str) -> Option<&Value> {
        self.variables.get(name)
    }
}

impl Expression {
    /// Evaluates the expression against `input` (`None`: undefined input). `Ok(None)` when the
    /// result is undefined.
    pub fn evaluate(
        &self,
        input: Option<&serde_json::Value>,
        bindings: &Bindings,
    ) -> Result<Option<serde_json::Value>, Error> {
        let input = input.map(Value::from_json).unwrap_or_default();
        Ok(self.evaluate_value(input, bindings)?.to_json())
    }

    /// Evaluates the expression against a [`Value`] input, giving a [`Value`].
    pub fn evaluate_value(&self, input: Value, bindings: &Bindings) -> Result<Value, Error> {
        let _ = (input, bindings);
        Err(Error::with_message(
            "U0000",
            0,
            None,
            "evaluation is not written yet".to_string(),
        ))
    }
}
