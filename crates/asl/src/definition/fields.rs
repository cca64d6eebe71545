//! Reading single fields: strings, numbers, paths (`null`-aware) and payload templates.

use serde_json::{Map as Object, Value};

use super::build::Builder;
use super::model::{Dynamic, Jsonata, JsonataTemplate, QueryLanguage, Template};

use crate::diagnostic::{Diagnostic, DiagnosticCode};
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

    /// `Assign`: an object of variable names to values (in a JSONPath state, with `name.$`
    /// for paths and intrinsic functions; in a JSONata state, with `{% … %}` expressions).
    pub(super) fn assign(&mut self, o: &Object<String, Value>, ptr: &str) -> Option<Template> {
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
        for name in m.keys() {
            let var = match self.ql {
                QueryLanguage::JsonPath => name.strip_suffix(".$").unwrap_or(name),
                QueryLanguage::JsonAta => name,
            };
            let valid = var
                .chars()
                .next()
                .is_some_and(|c| c.is_alphabetic() || c == '_')
                && var.chars().all(|c| c.is_alphanumeric() || c == '_');
            if !valid && !var.ends_with(".$") {
                let kp = format!("{p}/{}", super::source::escape_segment(name));
                self.key_error(
                    DiagnosticCode::InvalidName,
                    format!("'{var}' is not a valid variable name"),
                    &kp,
                );
            }
        }
        match self.ql {
            QueryLanguage::JsonPath => self.template(o, "Assign", ptr).map(Template::JsonPath),
            QueryLanguage::JsonAta => self
                .jsonata_template(o, "Assign", ptr)
                .map(Template::Jsonata),
        }
    }

    /// A JSONata state's template field (`Arguments`, `Output`, `Assign`, `Items`,
    /// `ItemSelector`…): every expression parsed, each that does not parse reported where it
    /// is. A `name.$` member is a plain member here (AWS's recordings).
    pub(super) fn jsonata_template(
        &mut self,
        o: &Object<String, Value>,
        key: &str,
        ptr: &str,
    ) -> Option<JsonataTemplate> {
        let v = o.get(key)?;
        let at = format!("{ptr}/{}", super::source::escape_segment(key));
        let mut errors = Vec::new();
        let template = JsonataTemplate::build(v, &mut errors);
        for (suffix, inner, e) in errors {
            self.jsonata_error(&format!("{at}{suffix}"), &inner, &e);
        }
        Some(template)
    }

    /// A JSONata expression that does not parse: reported at the place in the definition's
    /// text where JSONata's parser gave up.
    fn jsonata_error(&mut self, pointer: &str, inner: &str, e: &jsonata::Error) {
        let d = Diagnostic::error(
            DiagnosticCode::InvalidJsonata,
            format!(
                "The JSONata expression '{}' is not valid: {} ({})",
                inner.trim(),
                e.message,
                e.code
            ),
            pointer,
        );
        let d = match self.map.value_span(self.text, pointer) {
            Some(span) => {
                // JSONata's position is just past the token it gave up at.
                let at =
                    expression_offset(&self.text[span.0..span.1], e.position.saturating_sub(1))
                        .map_or(span.0, |o| span.0 + o);
                let end = self.text[at..span.1]
                    .chars()
                    .next()
                    .map_or(at, |c| at + c.len_utf8());
                d.at(self.text, (at, end.max(at)))
            }
            None => d,
        };
        self.diags.push(d);
    }

    /// In a JSONata state, the expression a field holds when it is a `{% … %}` string (each
    /// that does not parse reported); `None` otherwise.
    pub(super) fn jsonata_field(
        &mut self,
        o: &Object<String, Value>,
        key: &str,
        ptr: &str,
    ) -> Option<Jsonata> {
        if self.ql != QueryLanguage::JsonAta {
            return None;
        }
        let inner = crate::query::expression_text(o.get(key)?.as_str()?)?;
        match Jsonata::parse(inner) {
            Ok(j) => Some(j),
            Err(e) => {
                self.jsonata_error(&format!("{ptr}/{key}"), inner, &e);
                // Reported: any stand-in will do.
                Jsonata::parse("0").ok()
            }
        }
    }

    /// A number field (`TimeoutSeconds`, `MaxConcurrency`…): a non-negative integer or, in a
    /// JSONata state, an expression.
    pub(super) fn dynamic_u64(
        &mut self,
        o: &Object<String, Value>,
        key: &str,
        ptr: &str,
    ) -> Option<Dynamic<u64>> {
        match self.jsonata_field(o, key, ptr) {
            Some(j) => Some(Dynamic::Jsonata(j)),
            None => self.opt_u64(o, key, ptr).map(Dynamic::Literal),
        }
    }

    /// A number field (`ToleratedFailurePercentage`): a non-negative number or, in a JSONata
    /// state, an expression.
    pub(super) fn dynamic_f64(
        &mut self,
        o: &Object<String, Value>,
        key: &str,
        ptr: &str,
    ) -> Option<Dynamic<f64>> {
        match self.jsonata_field(o, key, ptr) {
            Some(j) => Some(Dynamic::Jsonata(j)),
            None => self.opt_f64(o, key, ptr).map(Dynamic::Literal),
        }
    }

    /// A string field (a Fail state's `Error`, `Cause`): a string or, in a JSONata state, an
    /// expression.
    pub(super) fn dynamic_string(
        &mut self,
        o: &Object<String, Value>,
        key: &str,
        ptr: &str,
    ) -> Option<Dynamic<String>> {
        match self.jsonata_field(o, key, ptr) {
            Some(j) => Some(Dynamic::Jsonata(j)),
            None => self.opt_string(o, key, ptr).map(Dynamic::Literal),
        }
    }
}

/// The byte offset in `raw` (a string value as written in the definition: JSON with its
/// quotes and escapes, or YAML) of the character at `position` UTF-16 units into the
/// expression after its `{%`.
pub(super) fn expression_offset(raw: &str, position: usize) -> Option<usize> {
    let start = raw.find("{%")? + 2;
    let quoted = raw.starts_with('"');
    let mut units = 0;
    let mut chars = raw[start..].char_indices();
    while let Some((i, c)) = chars.next() {
        if units >= position {
            return Some(start + i);
        }
        if quoted && c == '\\' {
            // One escape is one character of the expression (`\u` takes four hex digits).
            if chars.next().is_some_and(|(_, e)| e == 'u') {
                for _ in 0..4 {
                    chars.next();
                }
            }
            units += 1;
        } else {
            units += c.len_utf16();
        }
    }
    Some(raw.len())
}

#[cfg(test)]
mod tests {
    use super::expression_offset;

    #[test]
    fn expression_positions_map_to_the_text_as_written() {
        // `"{% $x ]%}"`: the `]` is 4 UTF-16 units into the expression.
        assert_eq!(expression_offset(r#""{% $x ]%}""#, 4), Some(7));
        // An escape is one character of the expression.
        let raw = r#""{%'\u00e9' & ]%}""#;
        assert_eq!(&raw[expression_offset(raw, 4).unwrap_or(0)..][..1], "&");
        assert_eq!(&raw[expression_offset(raw, 6).unwrap_or(0)..][..1], "]");
        // YAML: no quotes, no escapes.
        assert_eq!(expression_offset("{% a\\b ]%}", 5), Some(7));
        assert_eq!(expression_offset("no expression", 0), None);
    }
}
