//! Reading single fields: strings, numbers, paths (`null`-aware) and payload templates.

use serde_json::{Map as Object, Value};

use super::build::Builder;

use crate::diagnostic::DiagnosticCode;
use crate::path::{Path, PathError};

impl Builder<'_> {
    pub(super) fn opt_string(
        &mut self,
        o: &Object<String, Value>,
        key: &str,
        ptr: &str,
    ) -> Option<String> {
        match o.get(key) {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                self.error(
                    DiagnosticCode::InvalidType,
                    format!("'{key}' must be a string"),
                    &format!("{ptr}/{key}"),
                );
                None
            }
        }
    }

    pub(super) fn opt_u64(
        &mut self,
        o: &Object<String, Value>,
        key: &str,
        ptr: &str,
    ) -> Option<u64> {
        match o.get(key) {
            None => None,
            Some(v) => match v.as_u64() {
                Some(n) => Some(n),
                None => {
                    self.error(
                        DiagnosticCode::InvalidType,
                        format!("'{key}' must be a non-negative integer"),
                        &format!("{ptr}/{key}"),
                    );
                    None
                }
            },
        }
    }

    pub(super) fn opt_f64(
        &mut self,
        o: &Object<String, Value>,
        key: &str,
        ptr: &str,
    ) -> Option<f64> {
        match o.get(key) {
            None => None,
            Some(v) => match v.as_f64() {
                Some(n) if n >= 0.0 => Some(n),
                _ => {
                    self.error(
                        DiagnosticCode::InvalidType,
                        format!("'{key}' must be a non-negative number"),
                        &format!("{ptr}/{key}"),
                    );
                    None
                }
            },
        }
    }

    /// `None`: absent; `Some(None)`: `null`; `Some(Some(p))`: a path.
    pub(super) fn path_field(
        &mut self,
        o: &Object<String, Value>,
        key: &str,
        ptr: &str,
    ) -> Option<Option<Path>> {
        // The field's pointer, made only for a problem.
        let kp = || format!("{ptr}/{key}");
        match o.get(key)? {
            Value::Null => Some(None),
            Value::String(s) => match Path::parse(s) {
                Ok(p) if key == "ResultPath" && !p.is_reference() => {
                    self.error(
                        DiagnosticCode::InvalidPath,
                        format!("'{s}' is not a valid Reference Path: only '$' followed by names and indices"),
                        &kp(),
                    );
                    Some(Some(Path::root()))
                }
                Ok(p) => Some(Some(p)),
                Err(PathError::Unsupported(m)) => {
                    self.unsupported(
                        format!("{m} is not supported by the playground yet ('{s}')"),
                        &kp(),
                    );
                    Some(Some(Path {
                        text: s.clone(),
                        ..Path::root()
                    }))
                }
                Err(PathError::Invalid(m)) => {
                    self.error(
                        DiagnosticCode::InvalidPath,
                        format!("The value for the field '{key}' must be a valid JSONPath: {m}"),
                        &kp(),
                    );
                    Some(Some(Path::root()))
                }
            },
            _ => {
                self.error(
                    DiagnosticCode::InvalidType,
                    format!("'{key}' must be a string or null"),
                    &kp(),
                );
                Some(Some(Path::root()))
            }
        }
    }

    pub(super) fn template(
        &mut self,
        o: &Object<String, Value>,
        key: &str,
        ptr: &str,
    ) -> Option<Value> {
        let v = o.get(key)?;
        let kp = format!("{ptr}/{key}");
        if key == "ResultSelector" && !v.is_object() {
            self.error(
                DiagnosticCode::InvalidType,
                "'ResultSelector' must be an object",
                &kp,
            );
        }
        for (at, msg, unsupported) in crate::payload::check(v) {
            let p = format!("{kp}{at}");
            if unsupported {
                self.unsupported(msg, &p);
            } else {
                self.key_error(DiagnosticCode::InvalidTemplate, msg, &p);
            }
        }
        Some(v.clone())
    }

    /// A field holding a path or an intrinsic function call (`ErrorPath`, `CausePath`).
    pub(super) fn expression_field(
        &mut self,
        o: &Object<String, Value>,
        key: &str,
        ptr: &str,
    ) -> Option<String> {
        let expr = self.opt_string(o, key, ptr)?;
        if let Some((msg, unsupported)) = crate::payload::check_expression(key, &expr) {
            let p = format!("{ptr}/{key}");
            if unsupported {
                self.unsupported(msg, &p);
            } else {
                self.error(DiagnosticCode::InvalidPath, msg, &p);
            }
        }
        Some(expr)
    }

    /// `Assign`: an object of variable names to values (with `name.$` for paths and
    /// intrinsic functions). JSONata values (`{% … %}`) are reported as unsupported.
    pub(super) fn assign(&mut self, o: &Object<String, Value>, ptr: &str) -> Option<Value> {
        let v = o.get("Assign")?;
        let p = format!("{ptr}/Assign");
        let Some(m) = v.as_object() else {
            self.error(
                DiagnosticCode::InvalidType,
                "'Assign' must be an object",
                &p,
            );
            return None;
        };
        if crate::history::json_text(v).contains("{%") {
            self.unsupported(
                "JSONata expressions in 'Assign' are not supported by the playground yet",
                &p,
            );
        }
        for name in m.keys() {
            let var = name.strip_suffix(".$").unwrap_or(name);
            let valid = var
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && var.chars().all(|c| c.is_alphanumeric() || c == '_');
            if !valid {
                let kp = format!("{p}/{}", super::source::escape_segment(name));
                self.key_error(
                    DiagnosticCode::InvalidName,
                    format!("'{var}' is not a valid variable name"),
                    &kp,
                );
            }
        }
        self.template(o, "Assign", ptr)
    }
}
