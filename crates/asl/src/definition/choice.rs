//! Choice rules and Wait durations: the parts of the model with their own small grammar.

use serde_json::{Map as Object, Value};

use super::build::Builder;
use super::model::*;
use super::schema::choice_rule_fields;
use crate::diagnostic::DiagnosticCode;
use crate::path::{Path, PathError};

/// The comparison operators of Choice rules (each also exists with a `Path` suffix, except
/// the type tests `Is…`).
pub const OPERATORS: &[&str] = &[
    "StringEquals",
    "StringLessThan",
    "StringGreaterThan",
    "StringLessThanEquals",
    "StringGreaterThanEquals",
    "StringMatches",
    "NumericEquals",
    "NumericLessThan",
    "NumericGreaterThan",
    "NumericLessThanEquals",
    "NumericGreaterThanEquals",
    "BooleanEquals",
    "TimestampEquals",
    "TimestampLessThan",
    "TimestampGreaterThan",
    "TimestampLessThanEquals",
    "TimestampGreaterThanEquals",
    "IsNull",
    "IsPresent",
    "IsNumeric",
    "IsString",
    "IsBoolean",
    "IsTimestamp",
];

impl Builder<'_> {
    pub(super) fn choice(&mut self, o: &Object<String, Value>, ptr: &str) -> Choice {
        let cptr = format!("{ptr}/Choices");
        let mut choices = Vec::new();
        match o.get("Choices") {
            Some(Value::Array(a)) if !a.is_empty() => {
                for (i, rule) in a.iter().enumerate() {
                    let p = format!("{cptr}/{i}");
                    let Some(ro) = rule.as_object() else {
                        self.error(
                            DiagnosticCode::InvalidType,
                            "A choice rule must be an object",
                            &p,
                        );
                        continue;
                    };
                    let next = self.opt_string(ro, "Next", &p);
                    if next.is_none() {
                        self.error(
                            DiagnosticCode::MissingField,
                            "These fields are required: [Next]",
                            &p,
                        );
                    }
                    let assign = self.assign(ro, &p);
                    let condition = match self.ql {
                        QueryLanguage::JsonPath => self.condition(ro, &p, true),
                        QueryLanguage::JsonAta => self.jsonata_condition(ro, &p),
                    };
                    let output = match self.ql {
                        QueryLanguage::JsonAta => self.jsonata_template(ro, "Output", &p),
                        QueryLanguage::JsonPath => None,
                    };
                    if let Some(condition) = condition {
                        choices.push(ChoiceRule {
                            condition,
                            next: next.unwrap_or_default(),
                            assign,
                            output,
                        });
                    }
                }
            }
            _ => self.error(
                DiagnosticCode::MissingField,
                "'Choices' must be a non-empty array",
                ptr,
            ),
        }
        Choice {
            choices,
            default: self.opt_string(o, "Default", ptr),
        }
    }

    /// A JSONata rule: `Condition` (an expression or a boolean), `Next`, `Output`, `Assign`.
    fn jsonata_condition(&mut self, o: &Object<String, Value>, ptr: &str) -> Option<Condition> {
        for k in o.keys() {
            if choice_rule_fields(QueryLanguage::JsonAta).contains(&k.as_str()) {
                continue;
            }
            let jsonpath = choice_rule_fields(QueryLanguage::JsonPath).contains(&k.as_str());
            let (code, msg) = if jsonpath {
                (
                    DiagnosticCode::QueryLanguageField,
                    format!("Field '{k}' is only supported by JSONPath choice rules: a JSONata rule has a 'Condition'"),
                )
            } else {
                (
                    DiagnosticCode::UnknownField,
                    format!("Field '{k}' is not supported in a choice rule"),
                )
            };
            self.key_error(code, msg, &format!("{ptr}/{k}"));
        }
        let Some(v) = o.get("Condition") else {
            self.error(
                DiagnosticCode::MissingField,
                "These fields are required: [Condition]",
                ptr,
            );
            return None;
        };
        if !v.is_boolean() && v.as_str().and_then(crate::query::expression_text).is_none() {
            self.error(
                DiagnosticCode::InvalidType,
                "'Condition' must be a JSONata expression (\"{% … %}\") or a boolean",
                &format!("{ptr}/Condition"),
            );
            return None;
        }
        self.jsonata_template(o, "Condition", ptr)
            .map(Condition::Jsonata)
    }

    fn condition(&mut self, o: &Object<String, Value>, ptr: &str, top: bool) -> Option<Condition> {
        for k in o.keys() {
            if top && matches!(k.as_str(), "Condition" | "Output") {
                self.key_error(
                    DiagnosticCode::QueryLanguageField,
                    format!("Field '{k}' is only supported by JSONata choice rules (QueryLanguage: JSONata)"),
                    &format!("{ptr}/{k}"),
                );
                continue;
            }
            // a nested rule (in And, Or, Not) has no transition of its own
            let ok = choice_rule_fields(QueryLanguage::JsonPath).contains(&k.as_str())
                && (top || !matches!(k.as_str(), "Next" | "Assign"));
            if !ok {
                self.key_error(
                    DiagnosticCode::UnknownField,
                    format!("Field '{k}' is not supported in a choice rule"),
                    &format!("{ptr}/{k}"),
                );
            }
        }
        for k in ["And", "Or"] {
            if let Some(v) = o.get(k) {
                let p = format!("{ptr}/{k}");
                let Some(a) = v.as_array().filter(|a| !a.is_empty()) else {
                    self.error(
                        DiagnosticCode::InvalidType,
                        format!("'{k}' must be a non-empty array of rules"),
                        &p,
                    );
                    return None;
                };
                let mut list = Vec::new();
                for (i, r) in a.iter().enumerate() {
                    let rp = format!("{p}/{i}");
                    match r.as_object() {
                        Some(ro) => list.extend(self.condition(ro, &rp, false)),
                        None => self.error(
                            DiagnosticCode::InvalidType,
                            "A choice rule must be an object",
                            &rp,
                        ),
                    }
                }
                return Some(if k == "And" {
                    Condition::And(list)
                } else {
                    Condition::Or(list)
                });
            }
        }
        if let Some(v) = o.get("Not") {
            let p = format!("{ptr}/Not");
            let Some(ro) = v.as_object() else {
                self.error(
                    DiagnosticCode::InvalidType,
                    "'Not' must be a rule object",
                    &p,
                );
                return None;
            };
            return self
                .condition(ro, &p, false)
                .map(|c| Condition::Not(Box::new(c)));
        }
        let variable = match self.path_field(o, "Variable", ptr) {
            Some(Some(p)) => p,
            _ => {
                self.error(
                    DiagnosticCode::MissingField,
                    "A choice rule needs 'Variable' and a comparison (or And/Or/Not)",
                    ptr,
                );
                return None;
            }
        };
        let ops: Vec<&String> = o
            .keys()
            .filter(|k| {
                !matches!(
                    k.as_str(),
                    "Variable" | "Next" | "Comment" | "Assign" | "Output" | "Condition"
                )
            })
            .collect();
        let [op] = ops.as_slice() else {
            self.error(
                DiagnosticCode::InvalidValue,
                "A choice rule must have exactly one comparison operator",
                ptr,
            );
            return None;
        };
        let op_ptr = format!("{ptr}/{op}");
        let value = o.get(op.as_str()).cloned().unwrap_or(Value::Null);
        let operand = if op.ends_with("Path") && !OPERATORS.contains(&op.as_str()) {
            match value.as_str().map(Path::parse) {
                Some(Ok(p)) => Operand::Path(p),
                Some(Err(PathError::Unsupported(m))) => {
                    self.unsupported(
                        format!("{m} is not supported by the playground yet"),
                        &op_ptr,
                    );
                    Operand::Path(Path::root())
                }
                _ => {
                    self.error(
                        DiagnosticCode::InvalidPath,
                        format!("'{op}' must be a valid JSONPath"),
                        &op_ptr,
                    );
                    Operand::Path(Path::root())
                }
            }
        } else {
            let ok = match op.as_str() {
                s if s.starts_with("String") || s.starts_with("Timestamp") => value.is_string(),
                s if s.starts_with("Numeric") => value.is_number(),
                _ => value.is_boolean(),
            };
            if !ok {
                self.error(
                    DiagnosticCode::InvalidType,
                    format!("The value of '{op}' has the wrong type"),
                    &op_ptr,
                );
            } else if op.starts_with("Timestamp")
                && value
                    .as_str()
                    .and_then(crate::history::time::parse_rfc3339)
                    .is_none()
            {
                self.error(
                    DiagnosticCode::InvalidValue,
                    "String does not match RFC3339 timestamp",
                    &op_ptr,
                );
            }
            Operand::Literal(value)
        };
        Some(Condition::Compare {
            variable,
            operator: op.to_string(),
            operand,
        })
    }

    pub(super) fn wait(&mut self, o: &Object<String, Value>, ptr: &str) -> Wait {
        let given: Vec<&str> = ["Seconds", "SecondsPath", "Timestamp", "TimestampPath"]
            .into_iter()
            .filter(|k| o.contains_key(*k))
            .collect();
        if given.len() != 1 {
            self.error(
                DiagnosticCode::InvalidValue,
                "A Wait state needs exactly one of Seconds, SecondsPath, Timestamp, TimestampPath",
                ptr,
            );
        }
        match given.first().copied() {
            Some("Seconds") => Wait::Seconds(
                self.dynamic_u64(o, "Seconds", ptr)
                    .unwrap_or(Dynamic::Literal(0)),
            ),
            Some("Timestamp") if self.ql == QueryLanguage::JsonAta => {
                match self.jsonata_field(o, "Timestamp", ptr) {
                    Some(j) => Wait::Timestamp(Dynamic::Jsonata(j)),
                    None => Wait::Timestamp(Dynamic::Literal(self.timestamp_literal(o, ptr))),
                }
            }
            Some("SecondsPath") => Wait::Seconds(Dynamic::Path(
                self.path_field(o, "SecondsPath", ptr)
                    .flatten()
                    .unwrap_or_else(Path::root),
            )),
            Some("TimestampPath") => Wait::Timestamp(Dynamic::Path(
                self.path_field(o, "TimestampPath", ptr)
                    .flatten()
                    .unwrap_or_else(Path::root),
            )),
            Some(_) => Wait::Timestamp(Dynamic::Literal(self.timestamp_literal(o, ptr))),
            None => Wait::Seconds(Dynamic::Literal(0)),
        }
    }

    /// A literal `Timestamp`, which must be RFC 3339.
    fn timestamp_literal(&mut self, o: &Object<String, Value>, ptr: &str) -> String {
        let ts = self.opt_string(o, "Timestamp", ptr).unwrap_or_default();
        if crate::history::time::parse_rfc3339(&ts).is_none() {
            self.error(
                DiagnosticCode::InvalidValue,
                "String does not match RFC3339 timestamp",
                &format!("{ptr}/Timestamp"),
            );
        }
        ts
    }
}
