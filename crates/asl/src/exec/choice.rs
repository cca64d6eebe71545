//! Choice rules: comparisons, `And`/`Or`/`Not`, and the type tests.

use std::cmp::Ordering;

use serde_json::Value;

use super::Run;
use crate::definition::{Choice, Condition, Operand, Template};
use crate::errors::{RuntimeError, NO_CHOICE_MATCHED};
use crate::history::time::parse_rfc3339;

impl Run<'_> {
    /// The `Next` of the first matching rule (with the rule's `Assign`: `Some(assign)`),
    /// else `Default` (`None`: the state's own `Assign` applies), else
    /// `States.NoChoiceMatched`.
    pub fn choose<'c>(
        &self,
        choice: &'c Choice,
        input: &Value,
        ctx: &Value,
    ) -> Result<(String, Option<Option<&'c Template>>), RuntimeError> {
        for rule in &choice.choices {
            if evaluate(&rule.condition, input, ctx)? {
                return Ok((rule.next.clone(), Some(rule.assign.as_ref())));
            }
        }
        match &choice.default {
            Some(d) => Ok((d.clone(), None)),
            None => Err(RuntimeError::new(NO_CHOICE_MATCHED, "No Matches!")),
        }
    }
}

/// Whether a condition holds. A missing `Variable` is `States.Runtime` (except for
/// `IsPresent`), never a silent `false`.
pub fn evaluate(condition: &Condition, input: &Value, ctx: &Value) -> Result<bool, RuntimeError> {
    match condition {
        Condition::And(list) => {
            for c in list {
                if !evaluate(c, input, ctx)? {
                    return Ok(false);
                }
            }
            Ok(true)
        }
        Condition::Or(list) => {
            for c in list {
                if evaluate(c, input, ctx)? {
                    return Ok(true);
                }
            }
            Ok(false)
        }
        Condition::Not(c) => Ok(!evaluate(c, input, ctx)?),
        // Not run yet: a JSONata state fails when entered, before its rules are evaluated;
        // a `Condition` in a JSONPath rule is never taken.
        Condition::Jsonata(_) => Ok(false),
        Condition::Compare {
            variable,
            operator,
            operand,
        } => {
            let value = variable.eval(input, ctx);
            if operator == "IsPresent" {
                return Ok(value.is_ok() == (operand_literal(operand) == Some(&Value::Bool(true))));
            }
            let value = value.map_err(|m| {
                RuntimeError::runtime(format!("Invalid path '{}' : {}", variable.text, m.0))
            })?;
            let rhs = match operand {
                Operand::Literal(v) => v.clone(),
                Operand::Path(p) => p.eval(input, ctx).map_err(|m| {
                    RuntimeError::runtime(format!("Invalid path '{}' : {}", p.text, m.0))
                })?,
            };
            Ok(compare(operator.trim_end_matches("Path"), &value, &rhs))
        }
    }
}

fn operand_literal(o: &Operand) -> Option<&Value> {
    match o {
        Operand::Literal(v) => Some(v),
        Operand::Path(_) => None,
    }
}

fn ordering_matches(op: &str, ord: Ordering) -> bool {
    match op {
        "Equals" => ord == Ordering::Equal,
        "LessThan" => ord == Ordering::Less,
        "GreaterThan" => ord == Ordering::Greater,
        "LessThanEquals" => ord != Ordering::Greater,
        "GreaterThanEquals" => ord != Ordering::Less,
        _ => false,
    }
}

fn compare(op: &str, v: &Value, rhs: &Value) -> bool {
    let flag = rhs.as_bool() == Some(true);
    match op {
        "IsNull" => v.is_null() == flag,
        "IsNumeric" => v.is_number() == flag,
        "IsString" => v.is_string() == flag,
        "IsBoolean" => v.is_boolean() == flag,
        "IsTimestamp" => v.as_str().and_then(parse_rfc3339).is_some() == flag,
        "BooleanEquals" => v.is_boolean() && v == rhs,
        "StringMatches" => match (v.as_str(), rhs.as_str()) {
            (Some(s), Some(p)) => wildcard_match(p, s),
            _ => false,
        },
        _ => {
            if let Some(rest) = op.strip_prefix("String") {
                match (v.as_str(), rhs.as_str()) {
                    (Some(a), Some(b)) => ordering_matches(rest, a.cmp(b)),
                    _ => false,
                }
            } else if let Some(rest) = op.strip_prefix("Numeric") {
                match (v.as_f64(), rhs.as_f64()) {
                    (Some(a), Some(b)) => {
                        a.partial_cmp(&b).is_some_and(|o| ordering_matches(rest, o))
                    }
                    _ => false,
                }
            } else if let Some(rest) = op.strip_prefix("Timestamp") {
                match (
                    v.as_str().and_then(parse_rfc3339),
                    rhs.as_str().and_then(parse_rfc3339),
                ) {
                    (Some(a), Some(b)) => ordering_matches(rest, a.cmp(&b)),
                    _ => false,
                }
            } else {
                false
            }
        }
    }
}

/// `StringMatches`: `*` matches any run of characters; `\*` and `\\` are literal.
fn wildcard_match(pattern: &str, s: &str) -> bool {
    #[derive(PartialEq)]
    enum Tok {
        Star,
        Char(char),
    }
    let mut toks = Vec::new();
    let mut it = pattern.chars();
    while let Some(c) = it.next() {
        match c {
            '\\' => toks.push(Tok::Char(it.next().unwrap_or('\\'))),
            '*' => toks.push(Tok::Star),
            c => toks.push(Tok::Char(c)),
        }
    }
    let s: Vec<char> = s.chars().collect();
    // Iterative matching with backtracking to the last star.
    let (mut p, mut i, mut star, mut mark) = (0, 0, None, 0);
    while i < s.len() {
        match toks.get(p) {
            Some(Tok::Char(c)) if *c == s[i] => {
                p += 1;
                i += 1;
            }
            Some(Tok::Star) => {
                star = Some(p);
                mark = i;
                p += 1;
            }
            _ => match star {
                Some(sp) => {
                    p = sp + 1;
                    mark += 1;
                    i = mark;
                }
                None => return false,
            },
        }
    }
    toks[p..].iter().all(|t| *t == Tok::Star)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn wildcards() {
        assert!(wildcard_match("*.log", "a.log"));
        assert!(wildcard_match("a*b*c", "aXXbYc"));
        assert!(!wildcard_match("a*b", "ac"));
        assert!(wildcard_match("a\\*", "a*"));
        assert!(!wildcard_match("a\\*", "ab"));
    }

    #[test]
    fn comparisons() {
        let cases = [
            ("NumericEquals", json!(3), json!(3.0), true),
            ("NumericLessThan", json!(2), json!(3), true),
            ("NumericEquals", json!("3"), json!(3), false),
            ("StringGreaterThanEquals", json!("b"), json!("a"), true),
            ("BooleanEquals", json!(true), json!(true), true),
            ("IsNull", json!(null), json!(true), true),
            ("IsNumeric", json!("1"), json!(false), true),
            (
                "TimestampLessThan",
                json!("2020-01-01T00:00:00Z"),
                json!("2021-01-01T00:00:00Z"),
                true,
            ),
            (
                "IsTimestamp",
                json!("2020-01-01T00:00:00Z"),
                json!(true),
                true,
            ),
        ];
        for (op, v, rhs, expected) in cases {
            assert_eq!(compare(op, &v, &rhs), expected, "{op} {v} {rhs}");
        }
    }
}
