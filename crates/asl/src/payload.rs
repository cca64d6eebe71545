//! Payload templates: `Parameters`, `ItemSelector`, `ResultSelector`. Keys ending in `.$`
//! take their value from a path on the input (`$.x`) or the context object (`$$.x`);
//! everything else is copied as is.

use serde_json::{Map, Value};

use crate::errors::RuntimeError;
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
                        None => out.push((here, format!("The value for the field '{k}' must be a STRING"), false)),
                        Some(s) if s.starts_with("States.") => out.push((
                            here,
                            format!("Intrinsic functions ({}) are not supported by the playground yet", s.split('(').next().unwrap_or(s)),
                            true,
                        )),
                        Some(s) => match Path::parse(s) {
                            Ok(_) => {}
                            Err(PathError::Unsupported(m)) => out.push((here, format!("{m} is not supported by the playground yet ('{s}')"), true)),
                            Err(PathError::Invalid(_)) => out.push((
                                here,
                                format!("The value for the field '{k}' must be a valid JSONPath or a valid intrinsic function call"),
                                false,
                            )),
                        },
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

/// Evaluates a template against the effective input and the context object.
pub fn evaluate(template: &Value, input: &Value, context: &Value) -> Result<Value, RuntimeError> {
    match template {
        Value::Object(m) => {
            let mut out = Map::new();
            for (k, v) in m {
                if let Some(name) = k.strip_suffix(".$") {
                    out.insert(name.to_string(), field(k, v, input, context)?);
                } else {
                    out.insert(k.clone(), evaluate(v, input, context)?);
                }
            }
            Ok(Value::Object(out))
        }
        Value::Array(a) => a
            .iter()
            .map(|v| evaluate(v, input, context))
            .collect::<Result<_, _>>()
            .map(Value::Array),
        other => Ok(other.clone()),
    }
}

fn field(key: &str, v: &Value, input: &Value, context: &Value) -> Result<Value, RuntimeError> {
    let Some(expr) = v.as_str() else {
        return Err(RuntimeError::runtime(format!(
            "The value for the field '{key}' must be a STRING"
        )));
    };
    if expr.starts_with("States.") {
        let name = expr.split('(').next().unwrap_or(expr);
        return Err(RuntimeError::unsupported(&format!(
            "The intrinsic function {name}"
        )));
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
            &json!({"a.$": 3, "b.$": "nope", "c.$": "States.Format('x')", "d": {"e.$": "$.x.length()"}, "f": 1, "f.$": "$"}),
        );
        let got: Vec<(&str, bool)> = problems.iter().map(|(p, _, u)| (p.as_str(), *u)).collect();
        assert_eq!(
            got,
            vec![
                ("/a.$", false),
                ("/b.$", false),
                ("/c.$", true),
                ("/d/e.$", true),
                ("/f.$", false)
            ]
        );
    }
}
