//! `Retry` and `Catch`: error handlers of Task, Parallel and Map states.

use serde_json::{Map as Object, Value};

use super::build::Builder;
use super::model::*;
use super::source::escape_segment;
use crate::diagnostic::DiagnosticCode;
use crate::path::Path;

impl Builder<'_> {
    fn error_equals(&mut self, o: &Object<String, Value>, ptr: &str) -> Vec<String> {
        match o.get("ErrorEquals") {
            Some(Value::Array(a)) if !a.is_empty() => {
                let names: Vec<String> = a
                    .iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect();
                if names.len() != a.len() {
                    self.error(
                        DiagnosticCode::InvalidType,
                        "'ErrorEquals' must list error names (strings)",
                        &format!("{ptr}/ErrorEquals"),
                    );
                }
                if names.iter().any(|n| n == crate::errors::ALL) && names.len() > 1 {
                    self.error(
                        DiagnosticCode::InvalidValue,
                        "'States.ALL' must appear alone in 'ErrorEquals'",
                        &format!("{ptr}/ErrorEquals"),
                    );
                }
                names
            }
            _ => {
                self.error(
                    DiagnosticCode::MissingField,
                    "'ErrorEquals' must be a non-empty array",
                    ptr,
                );
                Vec::new()
            }
        }
    }

    /// The objects of an array field (`Retry`, `Catch`) with their pointers, after checking
    /// each has only `allowed` members. Reports a non-array or non-object entry.
    fn entries<'v>(
        &mut self,
        o: &'v Object<String, Value>,
        key: &str,
        what: &str,
        allowed: &[&str],
        ptr: &str,
    ) -> Vec<(String, &'v Object<String, Value>)> {
        let Some(v) = o.get(key) else {
            return Vec::new();
        };
        let aptr = format!("{ptr}/{key}");
        let Some(a) = v.as_array() else {
            self.error(
                DiagnosticCode::InvalidType,
                format!("'{key}' must be an array"),
                &aptr,
            );
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, entry) in a.iter().enumerate() {
            let p = format!("{aptr}/{i}");
            let Some(eo) = entry.as_object() else {
                self.error(
                    DiagnosticCode::InvalidType,
                    format!("A {what} must be an object"),
                    &p,
                );
                continue;
            };
            for k in eo.keys().filter(|k| !allowed.contains(&k.as_str())) {
                let kp = format!("{p}/{}", escape_segment(k));
                self.key_error(
                    DiagnosticCode::UnknownField,
                    format!("Field '{k}' is not supported in a {what}"),
                    &kp,
                );
            }
            out.push((p, eo));
        }
        out
    }

    pub(super) fn retriers(&mut self, o: &Object<String, Value>, ptr: &str) -> Vec<Retrier> {
        let mut out: Vec<Retrier> = Vec::new();
        let entries = self.entries(o, "Retry", "retrier", super::schema::RETRIER_FIELDS, ptr);
        let last = entries.len().saturating_sub(1);
        for (i, (p, ro)) in entries.into_iter().enumerate() {
            let jitter = self.opt_string(ro, "JitterStrategy", &p);
            if let Some(j) = jitter
                .as_deref()
                .filter(|j| !super::schema::JITTER_STRATEGIES.contains(j))
            {
                self.error(
                    DiagnosticCode::InvalidValue,
                    format!("'JitterStrategy' must be FULL or NONE, not '{j}'"),
                    &format!("{p}/JitterStrategy"),
                );
            }
            let retrier = Retrier {
                error_equals: self.error_equals(ro, &p),
                interval_seconds: self.opt_f64(ro, "IntervalSeconds", &p).unwrap_or(1.0),
                max_attempts: self.opt_u64(ro, "MaxAttempts", &p).unwrap_or(3),
                backoff_rate: self.opt_f64(ro, "BackoffRate", &p).unwrap_or(2.0),
                max_delay_seconds: self.opt_f64(ro, "MaxDelaySeconds", &p),
                full_jitter: jitter.as_deref() == Some("FULL"),
            };
            // AWS's bounds on retriers.
            if ro.contains_key("IntervalSeconds")
                && (retrier.interval_seconds < 1.0 || retrier.interval_seconds.fract() != 0.0)
            {
                self.error(
                    DiagnosticCode::InvalidValue,
                    "'IntervalSeconds' must be a positive integer",
                    &format!("{p}/IntervalSeconds"),
                );
            }
            if retrier.backoff_rate < 1.0 {
                self.error(
                    DiagnosticCode::InvalidValue,
                    "'BackoffRate' must be at least 1.0",
                    &format!("{p}/BackoffRate"),
                );
            }
            if retrier.max_attempts > 99_999_999 {
                self.error(
                    DiagnosticCode::InvalidValue,
                    "'MaxAttempts' must be at most 99999999",
                    &format!("{p}/MaxAttempts"),
                );
            }
            if retrier
                .max_delay_seconds
                .is_some_and(|d| d < 1.0 || d.fract() != 0.0)
            {
                self.error(
                    DiagnosticCode::InvalidValue,
                    "'MaxDelaySeconds' must be a positive integer",
                    &format!("{p}/MaxDelaySeconds"),
                );
            }
            self.all_must_be_last(&retrier.error_equals, i == last, &p);
            out.push(retrier);
        }
        out
    }

    /// `States.ALL` may only be in the last retrier or catcher.
    fn all_must_be_last(&mut self, error_equals: &[String], is_last: bool, ptr: &str) {
        if !is_last && error_equals.iter().any(|e| e == crate::errors::ALL) {
            self.error(
                DiagnosticCode::InvalidValue,
                "'States.ALL' must be in the last retrier or catcher",
                &format!("{ptr}/ErrorEquals"),
            );
        }
    }

    pub(super) fn catchers(&mut self, o: &Object<String, Value>, ptr: &str) -> Vec<Catcher> {
        let mut out = Vec::new();
        let entries = self.entries(o, "Catch", "catcher", super::schema::CATCHER_FIELDS, ptr);
        let last = entries.len().saturating_sub(1);
        for (i, (p, co)) in entries.into_iter().enumerate() {
            let next = self.opt_string(co, "Next", &p);
            if next.is_none() {
                self.error(
                    DiagnosticCode::MissingField,
                    "These fields are required: [Next]",
                    &p,
                );
            }
            let error_equals = self.error_equals(co, &p);
            self.all_must_be_last(&error_equals, i == last, &p);
            let (this, other) = match self.ql {
                QueryLanguage::JsonAta => ("ResultPath", "Output"),
                QueryLanguage::JsonPath => ("Output", "ResultPath"),
            };
            if co.contains_key(this) {
                let language = match self.ql {
                    QueryLanguage::JsonAta => "JSONPath",
                    QueryLanguage::JsonPath => "JSONata",
                };
                self.key_error(
                    DiagnosticCode::QueryLanguageField,
                    format!(
                        "Field '{this}' is only supported by {language} catchers: use '{other}'"
                    ),
                    &format!("{p}/{this}"),
                );
            }
            out.push(Catcher {
                error_equals,
                next: next.unwrap_or_default(),
                result_path: match self.ql {
                    QueryLanguage::JsonPath => self
                        .path_field(co, "ResultPath", &p)
                        .unwrap_or_else(|| Some(Path::root())),
                    QueryLanguage::JsonAta => Some(Path::root()),
                },
                assign: self.assign(co, &p),
                output: match self.ql {
                    QueryLanguage::JsonAta => self.jsonata_template(co, "Output", &p),
                    QueryLanguage::JsonPath => None,
                },
            });
        }
        out
    }
}
