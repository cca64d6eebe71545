//! JSONata in ASL (`QueryLanguage: JSONata`): expressions written `"{% … %}"`, parsed once
//! when the definition loads ([`Jsonata`]); JSON templates holding them anywhere
//! ([`JsonataTemplate`]); what an expression sees when it runs ([`Scope`]: `$states` and the
//! workflow variables, AWS's own functions); and AWS's `States.QueryEvaluationError` causes.

pub mod functions;
pub mod library;

use std::sync::Arc;

use serde_json::{Map, Value};

use crate::errors::{RuntimeError, QUERY_EVALUATION_ERROR};
use crate::host::Rng;

/// The text inside `"{% … %}"` when `s` is wholly one JSONata expression (no text before
/// `{%` or after `%}`: `" {% x %} "` is a plain string, as on AWS).
pub fn expression_text(s: &str) -> Option<&str> {
    s.strip_prefix("{%")?.strip_suffix("%}")
}

/// A JSONata expression from a definition, parsed once at load.
#[derive(Debug, Clone, PartialEq)]
pub struct Jsonata {
    /// The expression as written between `{%` and `%}`, trimmed (as AWS quotes it in causes).
    pub text: String,
    /// The parsed expression.
    pub expression: Arc<jsonata::Expression>,
}

impl Jsonata {
    /// Parses the text between `{%` and `%}`.
    pub fn parse(inner: &str) -> Result<Jsonata, jsonata::Error> {
        Ok(Jsonata {
            text: inner.trim().to_string(),
            expression: Arc::new(jsonata::Expression::parse_2_0_6(inner)?),
        })
    }

    /// The expression's value in `scope`, for the field `field` (named in causes as AWS
    /// names it: `Output/result`). Nothing (undefined) and functions are errors.
    pub fn evaluate(&self, field: &str, scope: &Scope<'_>) -> Result<Value, RuntimeError> {
        self.evaluate_with(field, &scope.bindings())
    }

    fn evaluate_with(&self, field: &str, bound: &Bound) -> Result<Value, RuntimeError> {
        // The value becomes JSON inside the evaluation, which then frees all it made (a
        // function in the value is refused, and its scope freed with the rest).
        self.expression
            .evaluate_then(bound.input.clone(), &bound.bindings, |value| match value {
                jsonata::Value::Undefined => {
                    Err(self.error(field, "returned nothing (undefined)."))
                }
                jsonata::Value::Function(_) => {
                    Err(self.error(field, "returned an unsupported result type."))
                }
                v => v
                    .to_json()
                    .ok_or_else(|| self.error(field, "returned nothing (undefined).")),
            })
            .map_err(|e| {
                self.error(
                    field,
                    format!(
                        "threw an error during evaluation. {}: {}",
                        e.code, e.message
                    ),
                )
            })?
    }

    /// `States.QueryEvaluationError`: `The JSONata expression '…' specified for the field
    /// '…' {what}`, located at `field`.
    pub fn error(&self, field: &str, what: impl AsRef<str>) -> RuntimeError {
        query_error(
            field,
            format!(
                "The JSONata expression '{}' specified for the field '{field}' {}",
                self.text,
                what.as_ref()
            ),
        )
    }

    /// The error for a result of the wrong type: `returned an unexpected result type.
    /// Expected 'array', but was 'boolean' for value: true`.
    pub fn type_error(&self, field: &str, expected: &str, got: &Value) -> RuntimeError {
        self.error(
            field,
            format!(
                "returned an unexpected result type. Expected '{expected}', but was '{}' for value: {}",
                json_type(got),
                crate::history::json_text(got)
            ),
        )
    }
}

/// The most items a range `[a..b]` may make in a state's expression: a tenth of JSONata's
/// 10,000,000, so that no expression can take hundreds of megabytes of a web page (a state's
/// input and output are at most 256 KiB on AWS anyway; AWS's own limit is not known).
pub const MAX_RANGE: u64 = 1_000_000;

/// A `States.QueryEvaluationError` located at `field` (`""`: none, as AWS records some of
/// them).
pub fn query_error(field: &str, cause: String) -> RuntimeError {
    let mut e = RuntimeError::new(QUERY_EVALUATION_ERROR, cause);
    e.location = Some(field.to_string());
    e
}

/// JSON's name for a value's type, as AWS's causes write it.
pub fn json_type(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// A JSON value of a JSONata state's field (`Arguments`, `Output`, `Assign`, `Items`,
/// `ItemSelector`, …): literals, with strings that are wholly `{% … %}` evaluated.
#[derive(Debug, Clone, PartialEq)]
pub enum JsonataTemplate {
    /// A value without expressions, used as it is.
    Literal(Value),
    /// An expression.
    Expression(Jsonata),
    /// An object with at least one expression inside.
    Object(Vec<(String, JsonataTemplate)>),
    /// An array with at least one expression inside.
    Array(Vec<JsonataTemplate>),
}

/// A problem found parsing a template: the JSON pointer suffix of the string, the text
/// between `{%` and `%}`, and JSONata's error.
pub type TemplateError = (String, String, jsonata::Error);

impl JsonataTemplate {
    /// The template of a JSON value, each expression parsed; every expression that does not
    /// parse is reported (with its pointer suffix) and stands as a literal.
    pub fn build(v: &Value, errors: &mut Vec<TemplateError>) -> JsonataTemplate {
        Self::build_at(v, String::new(), errors)
    }

    fn build_at(v: &Value, at: String, errors: &mut Vec<TemplateError>) -> JsonataTemplate {
        match v {
            Value::String(s) => match expression_text(s) {
                Some(inner) => match Jsonata::parse(inner) {
                    Ok(j) => JsonataTemplate::Expression(j),
                    Err(e) => {
                        errors.push((at, inner.to_string(), e));
                        JsonataTemplate::Literal(v.clone())
                    }
                },
                None => JsonataTemplate::Literal(v.clone()),
            },
            Value::Object(m) => {
                let members: Vec<(String, JsonataTemplate)> = m
                    .iter()
                    .map(|(k, child)| {
                        let here = format!("{at}/{}", crate::definition::escape_segment(k));
                        (k.clone(), Self::build_at(child, here, errors))
                    })
                    .collect();
                if members
                    .iter()
                    .all(|(_, t)| matches!(t, JsonataTemplate::Literal(_)))
                {
                    JsonataTemplate::Literal(v.clone())
                } else {
                    JsonataTemplate::Object(members)
                }
            }
            Value::Array(a) => {
                let items: Vec<JsonataTemplate> = a
                    .iter()
                    .enumerate()
                    .map(|(i, child)| Self::build_at(child, format!("{at}/{i}"), errors))
                    .collect();
                if items
                    .iter()
                    .all(|t| matches!(t, JsonataTemplate::Literal(_)))
                {
                    JsonataTemplate::Literal(v.clone())
                } else {
                    JsonataTemplate::Array(items)
                }
            }
            other => JsonataTemplate::Literal(other.clone()),
        }
    }

    /// The expression, when the template is one (`"Items": "{% … %}"`).
    pub fn as_expression(&self) -> Option<&Jsonata> {
        match self {
            JsonataTemplate::Expression(j) => Some(j),
            _ => None,
        }
    }

    /// The template's value in `scope`; `field` names it in causes (`Output`, `Assign`),
    /// extended with each member's key (`Output/result`).
    pub fn evaluate(&self, field: &str, scope: &Scope<'_>) -> Result<Value, RuntimeError> {
        match self {
            JsonataTemplate::Literal(v) => Ok(v.clone()),
            _ => self.evaluate_with(field, &scope.bindings()),
        }
    }

    fn evaluate_with(&self, field: &str, bound: &Bound) -> Result<Value, RuntimeError> {
        match self {
            JsonataTemplate::Literal(v) => Ok(v.clone()),
            JsonataTemplate::Expression(j) => j.evaluate_with(field, bound),
            JsonataTemplate::Object(m) => {
                let mut out = Map::with_capacity(m.len());
                for (k, t) in m {
                    let here = format!("{field}/{k}");
                    out.insert(k.clone(), t.evaluate_with(&here, bound)?);
                }
                Ok(Value::Object(out))
            }
            JsonataTemplate::Array(a) => {
                let mut out = Vec::with_capacity(a.len());
                for (i, t) in a.iter().enumerate() {
                    let here = format!("{field}/{i}");
                    out.push(t.evaluate_with(&here, bound)?);
                }
                Ok(Value::Array(out))
            }
        }
    }
}

/// What a JSONata expression of a state sees: `$states` (`input`, `context`, and where AWS
/// allows them `result` and `errorOutput`), the workflow variables as `$name`, AWS's
/// functions, `$now()` from the execution's clock.
pub struct Scope<'a> {
    /// `$states.input`: the state's input (also the expression's `$`).
    pub input: &'a Value,
    /// The context object as the interpreter builds it: `$states.context`, with the
    /// workflow variables under [`crate::path::VARIABLES`].
    pub context: &'a Value,
    /// `$states.result` (Output and Assign of Task, Map and Parallel).
    pub result: Option<&'a Value>,
    /// `$states.errorOutput` (Output and Assign of a catcher).
    pub error_output: Option<&'a Value>,
    /// The execution's clock, ms since the epoch (`$now()`, `$millis()`).
    pub now_ms: i64,
    /// The randomness `$random()` and `$uuid()` draw from.
    pub rng: &'a dyn Rng,
}

impl<'a> Scope<'a> {
    /// A scope of a state's input and its context object as the interpreter builds it (the
    /// workflow variables held in it, see [`crate::path::VARIABLES`]).
    pub fn of(input: &'a Value, ctx: &'a Value, now_ms: i64, rng: &'a dyn Rng) -> Scope<'a> {
        Scope {
            input,
            context: ctx,
            result: None,
            error_output: None,
            now_ms,
            rng,
        }
    }

    /// The same scope with `$states.result`.
    pub fn with_result(self, result: &'a Value) -> Scope<'a> {
        Scope {
            result: Some(result),
            ..self
        }
    }

    /// The same scope with `$states.errorOutput`.
    pub fn with_error_output(self, error_output: &'a Value) -> Scope<'a> {
        Scope {
            error_output: Some(error_output),
            ..self
        }
    }

    /// The bindings of one evaluation (of one expression or a whole template).
    fn bindings(&self) -> Bound {
        let mut b = jsonata::Bindings::new();
        b.now_millis = Some(self.now_ms as f64);
        b.limits.max_range = MAX_RANGE;
        let input = jsonata::Value::from_json(self.input);
        let mut states = jsonata::value::Object::new();
        states.insert("input".into(), input.clone());
        let context = match self.context {
            Value::Object(m) => jsonata::Value::object(
                m.iter()
                    .filter(|(k, _)| k.as_str() != crate::path::VARIABLES)
                    .map(|(k, v)| (k.clone(), jsonata::Value::from_json(v)))
                    .collect(),
            ),
            other => jsonata::Value::from_json(other),
        };
        states.insert("context".into(), context);
        if let Some(r) = self.result {
            states.insert("result".into(), jsonata::Value::from_json(r));
        }
        if let Some(e) = self.error_output {
            states.insert("errorOutput".into(), jsonata::Value::from_json(e));
        }
        let variables = self.context.get(crate::path::VARIABLES);
        for (name, value) in variables.and_then(Value::as_object).into_iter().flatten() {
            b.bind_json(name, value);
        }
        b.bind("states", jsonata::Value::object(states));
        functions::bind(&mut b, self.rng.next_u64());
        Bound { bindings: b, input }
    }
}

/// A scope made ready for JSONata: its bindings, and its input as JSONata's `$`.
struct Bound {
    bindings: jsonata::Bindings,
    input: jsonata::Value,
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn only_whole_strings_are_expressions() {
        assert_eq!(expression_text("{% $x %}"), Some(" $x "));
        assert_eq!(expression_text("{%%}"), Some(""));
        assert_eq!(expression_text(" {% $x %} "), None);
        assert_eq!(expression_text("{% $x"), None);
        assert_eq!(expression_text("$states.input"), None);
    }

    #[test]
    fn templates_keep_literal_parts_whole_and_report_bad_expressions() {
        let mut errors = Vec::new();
        let t = JsonataTemplate::build(
            &json!({"a": 1, "b": [1, "{% 1 + %}"], "c": {"d": "x"}, "e": "{% $x %}"}),
            &mut errors,
        );
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].0, "/b/1");
        assert_eq!(errors[0].1, " 1 + ");
        let JsonataTemplate::Object(m) = &t else {
            panic!("{t:?}")
        };
        assert_eq!(m[0], ("a".into(), JsonataTemplate::Literal(json!(1))));
        assert_eq!(
            m[1].1,
            JsonataTemplate::Literal(json!([1, "{% 1 + %}"])),
            "a bad expression stands as a literal"
        );
        assert_eq!(m[2].1, JsonataTemplate::Literal(json!({"d": "x"})));
        assert_eq!(m[3].1.as_expression().map(|j| j.text.as_str()), Some("$x"));
        let plain = JsonataTemplate::build(&json!({"a": [" {% $x %} "]}), &mut errors);
        assert_eq!(
            plain,
            JsonataTemplate::Literal(json!({"a": [" {% $x %} "]}))
        );
    }

    #[test]
    fn causes_name_the_expression_and_the_field() {
        let j = Jsonata::parse(" $doesNotExist ").expect("parses");
        let e = j.error("Output/result", "returned nothing (undefined).");
        assert_eq!(e.error, "States.QueryEvaluationError");
        assert_eq!(e.cause, "The JSONata expression '$doesNotExist' specified for the field 'Output/result' returned nothing (undefined).");
        assert_eq!(e.location.as_deref(), Some("Output/result"));
        let t = Jsonata::parse("true").expect("parses");
        assert_eq!(
            t.type_error("Items", "array", &json!(true)).cause,
            "The JSONata expression 'true' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'boolean' for value: true"
        );
        assert_eq!(
            t.type_error("Items", "array", &json!({"foo": "bar"})).cause,
            "The JSONata expression 'true' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'object' for value: {\"foo\":\"bar\"}"
        );
    }
}
