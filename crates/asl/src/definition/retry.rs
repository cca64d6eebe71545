//! `Retry` and `Catch`: error handlers of Task, Parallel and Map states.

use serde_json::{Map as Object, Value};

use super::build::Builder;
use super::model::*;
use super::source::escape_segment;
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
                        "INVALID_TYPE",
                        "'ErrorEquals' must list error names (strings)",
                        &format!("{ptr}/ErrorEquals"),
                    );
                }
                if names.iter().any(|n| n == crate::errors::ALL) && names.len() > 1 {
                    self.error(
                        "INVALID_VALUE",
                        "'States.ALL' must appear alone in 'ErrorEquals'",
                        &format!("{ptr}/ErrorEquals"),
                    );
                }
                names
            }
            _ => {
                self.error(
                    "MISSING_FIELD",
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
            self.error("INVALID_TYPE", format!("'{key}' must be an array"), &aptr);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, entry) in a.iter().enumerate() {
            let p = format!("{aptr}/{i}");
            let Some(eo) = entry.as_object() else {
                self.error("INVALID_TYPE", format!("A {what} must be an object"), &p);
                continue;
            };
            for k in eo.keys().filter(|k| !allowed.contains(&k.as_str())) {
                let kp = format!("{p}/{}", escape_segment(k));
                self.key_error(
                    "UNKNOWN_FIELD",
                    format!("Field '{k}' is not supported in a {what}"),
                    &kp,
                );
            }
            out.push((p, eo));
        }
        out
    }

    pub(super) fn retriers(&mut self, o: &Object<String, Value>, ptr: &str) -> Vec<Retrier> {
        const FIELDS: &[&str] = &[
            "ErrorEquals",
            "IntervalSeconds",
            "MaxAttempts",
            "BackoffRate",
            "MaxDelaySeconds",
            "JitterStrategy",
            "Comment",
        ];
        let mut out = Vec::new();
        for (p, ro) in self.entries(o, "Retry", "retrier", FIELDS, ptr) {
            let jitter = self.opt_string(ro, "JitterStrategy", &p);
            out.push(Retrier {
                error_equals: self.error_equals(ro, &p),
                interval_seconds: self.opt_f64(ro, "IntervalSeconds", &p).unwrap_or(1.0),
                max_attempts: self.opt_u64(ro, "MaxAttempts", &p).unwrap_or(3),
                backoff_rate: self.opt_f64(ro, "BackoffRate", &p).unwrap_or(2.0),
                max_delay_seconds: self.opt_f64(ro, "MaxDelaySeconds", &p),
                full_jitter: jitter.as_deref() == Some("FULL"),
            });
        }
        out
    }

    pub(super) fn catchers(&mut self, o: &Object<String, Value>, ptr: &str) -> Vec<Catcher> {
        const FIELDS: &[&str] = &[
            "ErrorEquals",
            "Next",
            "ResultPath",
            "Comment",
            "Output",
            "Assign",
        ];
        let mut out = Vec::new();
        for (p, co) in self.entries(o, "Catch", "catcher", FIELDS, ptr) {
            let next = self.opt_string(co, "Next", &p);
            if next.is_none() {
                self.error("MISSING_FIELD", "These fields are required: [Next]", &p);
            }
            out.push(Catcher {
                error_equals: self.error_equals(co, &p),
                next: next.unwrap_or_default(),
                result_path: self
                    .path_field(co, "ResultPath", &p)
                    .unwrap_or_else(|| Some(Path::root())),
                assign: self.assign(co, &p),
            });
        }
        out
    }
}
