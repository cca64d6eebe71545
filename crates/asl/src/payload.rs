//! Payload templates: `Parameters`, `ItemSelector`, `ResultSelector`. Keys ending in `.$`
//! take their value from a path on the input (`$.x`) or the context object (`$$.x`);
//! everything else is copied as is.

use serde_json::{Map, Value};

use crate::errors::RuntimeError;
use crate::host::{Rng, SplitMix64};
use crate::intrinsics;
use crate::path::{Path, PathError};

/// A problem found in a template without running it: `(pointer suffix, message, unsupported)`.
pub type TemplateProblem = (String, String, bool);

/// Checks a template's `.$` fields: each must be a string holding a path or an intrinsic
/// function call. Returns every problem with the JSON pointer suffix of the field.
pub fn check(template: &Value) -> Vec<TemplateProblem> {
    let mut out = Vec::new();
    check_into(template, String::new(), &mut out);
    out
}

fn check_into(v: &Value, at: String, out: &mut Vec<TemplateProblem>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                let here = format!("{at}/{}", crate::definition::escape_segment(k));
                if let Some(name) = k.strip_suffix(".$") {
                    if m.contains_key(name) {
                        out.push((
                            here.clone(),
                            format!("The field '{name}' is given twice (as '{name}' and '{k}')"),
                            false,
                        ));
                    }
                    match child.as_str() {
                        None => out.push((
                            here,
                            format!("The value for the field '{k}' must be a STRING"),
                            false,
                        )),
                        Some(expr) => {
                            if let Some((msg, unsupported)) = check_expression(k, expr) {
                                out.push((here, msg, unsupported));
                            }
                        }
                    }
                } else {
                    check_into(child, here, out);
                }
            }
        }
        Value::Array(a) => {
            for (i, child) in a.iter().enumerate() {
                check_into(child, format!("{at}/{i}"), out);
            }
        }
        _ => {}
    }
}

/// Evaluates a template against the effective input and the context object (intrinsic
/// functions that need randomness use a fixed seed; executions use [`evaluate_with`]).
pub fn evaluate(template: &Value, input: &Value, context: &Value) -> Result<Value, RuntimeError> {
    evaluate_with(template, input, context, &SplitMix64::new(0))
}

/// Evaluates a template; `rng` serves `States.UUID` and `States.MathRandom`.
pub fn evaluate_with(
    template: &Value,
    input: &Value,
    context: &Value,
    rng: &dyn Rng,
) -> Result<Value, RuntimeError> {
    match template {
        Value::Object(m) => {
            // Sized once: a template's object has exactly its members.
            let mut out = Map::with_capacity(m.len());
            for (k, v) in m {
                if let Some(name) = k.strip_suffix(".$") {
                    out.insert(name.to_string(), field(k, v, input, context, rng)?);
                } else {
                    out.insert(k.clone(), evaluate_with(v, input, context, rng)?);
                }
            }
            Ok(Value::Object(out))
        }
        Value::Array(a) => a
            .iter()
            .map(|v| evaluate_with(v, input, context, rng))
            .collect::<Result<_, _>>()
            .map(Value::Array),
        other => Ok(other.clone()),
    }
}

/// Checks one dynamic value (a path or an intrinsic call) of the field `key`: the problem
/// and whether it is only unsupported.
pub fn check_expression(key: &str, expr: &str) -> Option<(String, bool)> {
    let invalid = |m: String| {
        Some((format!("The value for the field '{key}' must be a valid JSONPath or a valid intrinsic function call{m}"), false))
    };
    if expr.starts_with("States.") {
        return match intrinsics::parse(expr) {
            Ok(_) => None,
            Err(intrinsics::ParseError::Unsupported(m)) => Some((
                format!("{m} is not supported by the playground yet ('{expr}')"),
                true,
            )),
            Err(intrinsics::ParseError::Invalid(m)) => invalid(format!(": {m}")),
        };
    }
    match Path::parse(expr) {
        Ok(_) => None,
        Err(PathError::Unsupported(m)) => Some((
            format!("{m} is not supported by the playground yet ('{expr}')"),
            true,
        )),
        Err(PathError::Invalid(_)) => invalid(String::new()),
    }
}

fn field(
    key: &str,
    v: &Value,
    input: &Value,
    context: &Value,
    rng: &dyn Rng,
) -> Result<Value, RuntimeError> {
    let Some(expr) = v.as_str() else {
        return Err(RuntimeError::runtime(format!(
            "The value for the field '{key}' must be a STRING"
        )));
    };
    expression(key, expr, input, context, rng)
}

/// Evaluates one dynamic value: a path (`$.x`, `$$.x`) or an intrinsic call, for the field
/// `key` (named in the error when the path finds nothing).
pub fn expression(
    key: &str,
    expr: &str,
    input: &Value,
    context: &Value,
    rng: &dyn Rng,
) -> Result<Value, RuntimeError> {
    if expr.starts_with("States.") {
        return match intrinsics::parse(expr) {
            Ok(call) => intrinsics::evaluate(&call, input, context, rng),
            Err(intrinsics::ParseError::Unsupported(m)) => Err(RuntimeError::unsupported(&m)),
            Err(intrinsics::ParseError::Invalid(m)) => Err(RuntimeError::runtime(m)),
        };
    }
    let path = Path::parse(expr).map_err(|e| match e {
        PathError::Unsupported(m) => RuntimeError::unsupported(&format!("{m} (in '{expr}')")),
        PathError::Invalid(m) => RuntimeError::runtime(m),
    })?;
    path.eval(input, context).map_err(|_| {
        RuntimeError::runtime(format!(
            "The JSONPath '{expr}' specified for the field '{key}' could not be found in the input '{}'",
            serde_json::to_string(input).unwrap_or_default()
        ))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn evaluates_templates() {
        let input = json!({"who": "bob", "list": [1, 2], "deep": {"k": true}});
        let ctx = json!({"Map": {"Item": {"Index": 1, "Value": {"n": 5}}}});
        let cases = [
            (json!({"a": 1}), json!({"a": 1})),
            (json!({"name.$": "$.who"}), json!({"name": "bob"})),
            (json!({"first.$": "$.list[0]"}), json!({"first": 1})),
            (
                json!({"i.$": "$$.Map.Item.Index", "v.$": "$$.Map.Item.Value.n"}),
                json!({"i": 1, "v": 5}),
            ),
            (
                json!({"nested": {"x.$": "$.deep.k"}, "arr": [{"y.$": "$.who"}]}),
                json!({"nested": {"x": true}, "arr": [{"y": "bob"}]}),
            ),
            (json!({"all.$": "$"}), json!({"all": input.clone()})),
            (json!("plain"), json!("plain")),
        ];
        for (template, expected) in cases {
            assert_eq!(
                evaluate(&template, &input, &ctx).unwrap(),
                expected,
                "{template}"
            );
        }
    }

    #[test]
    fn a_missing_path_is_a_runtime_error_not_null() {
        let e = evaluate(
            &json!({"value.$": "$.no_such_jsonpath"}),
            &json!({"int-literal": 0}),
            &json!({}),
        )
        .unwrap_err();
        assert_eq!(e.error, "States.Runtime");
        assert_eq!(
            e.cause,
            "The JSONPath '$.no_such_jsonpath' specified for the field 'value.$' could not be found in the input '{\"int-literal\":0}'"
        );
    }

    #[test]
    fn check_finds_bad_fields() {
        let problems = check(
            &json!({"a.$": 3, "b.$": "nope", "c.$": "States.Nope('x')", "d": {"e.$": "$.x[(@.length-1)]"}, "f": 1, "f.$": "$"}),
        );
        let got: Vec<(&str, bool)> = problems.iter().map(|(p, _, u)| (p.as_str(), *u)).collect();
        assert_eq!(
            got,
            vec![
                ("/a.$", false),
                ("/b.$", false),
                ("/c.$", false),
                ("/d/e.$", true),
                ("/f.$", false)
            ]
        );
    }
}
