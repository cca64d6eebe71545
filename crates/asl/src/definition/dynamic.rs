//! Fields given either as a literal or as a path read when the state runs: `TimeoutSeconds`
//! or `TimeoutSecondsPath`, `HeartbeatSeconds[Path]`, `MaxConcurrency[Path]`,
//! `ToleratedFailureCount[Path]`, `ToleratedFailurePercentage[Path]`, an `ItemBatcher`'s
//! `MaxItemsPerBatch[Path]` and `MaxInputBytesPerBatch[Path]`, a Wait's `Seconds[Path]` and
//! `Timestamp[Path]`. In a JSONata state the field itself may hold an expression
//! (`"TimeoutSeconds": "{% $states.input.t %}"`) instead.

use serde_json::Value;

use crate::errors::RuntimeError;
use crate::path::Path;
use crate::query::{Jsonata, Scope};

/// What a field's JSONata expression may give: the value's type the field takes.
pub trait FromJsonata: Sized {
    /// The value, or AWS's `States.QueryEvaluationError` for `field`.
    fn from_jsonata(j: &Jsonata, field: &str, v: Value) -> Result<Self, RuntimeError>;
}

impl FromJsonata for u64 {
    fn from_jsonata(j: &Jsonata, field: &str, v: Value) -> Result<u64, RuntimeError> {
        v.as_u64()
            .or_else(|| {
                v.as_f64()
                    .filter(|f| *f >= 0.0 && f.fract() == 0.0)
                    .map(|f| f as u64)
            })
            .ok_or_else(|| j.type_error(field, "integer", &v))
    }
}

impl FromJsonata for f64 {
    fn from_jsonata(j: &Jsonata, field: &str, v: Value) -> Result<f64, RuntimeError> {
        v.as_f64().ok_or_else(|| j.type_error(field, "number", &v))
    }
}

impl FromJsonata for String {
    fn from_jsonata(j: &Jsonata, field: &str, v: Value) -> Result<String, RuntimeError> {
        match v {
            Value::String(s) => Ok(s),
            other => Err(j.type_error(field, "string", &other)),
        }
    }
}

/// A field's value: a literal (`"TimeoutSeconds": 30`), a path
/// (`"TimeoutSecondsPath": "$.timeout"`) selecting it from the state's input (or from `$$`, or
/// a variable) when the state runs, or a JSONata expression
/// (`"TimeoutSeconds": "{% $t %}"`) evaluated when the state runs.
#[derive(Debug, Clone, PartialEq)]
pub enum Dynamic<T> {
    /// The value, as written.
    Literal(T),
    /// The `…Path` field.
    Path(Path),
    /// A Fail state's `ErrorPath`/`CausePath`: a path or an intrinsic function call
    /// (`States.Format(…)`), evaluated as a template's `name.$` value is.
    Expression(String),
    /// A JSONata expression (JSONata states).
    Jsonata(crate::query::Jsonata),
}

impl<T: Clone + FromJsonata> Dynamic<T> {
    /// The field from its own value as loaded (a literal, or in JSONata an expression) and
    /// its `…Path` variant (the path, if given, wins; a definition with both does not load);
    /// `None` when neither is given.
    pub fn either(own: Option<Dynamic<T>>, path: Option<Path>) -> Option<Self> {
        path.map(Dynamic::Path).or(own)
    }

    /// The value: the literal, what `read` makes of what the path selects from the
    /// scope's input (its context holds `$$` and the variables), or the expression's value
    /// in the scope (`field` names it in causes). A path that selects nothing is a
    /// `States.Runtime` error (`Invalid path '$.x' : …`), as are the values `read` refuses;
    /// an expression's failures are `States.QueryEvaluationError`s.
    pub fn resolve(
        &self,
        scope: &Scope<'_>,
        field: &str,
        read: impl FnOnce(&Path, Value) -> Result<T, RuntimeError>,
    ) -> Result<T, RuntimeError> {
        match self {
            Dynamic::Literal(v) => Ok(v.clone()),
            Dynamic::Path(p) => {
                let found = p.eval(scope.input, scope.context).map_err(|m| {
                    RuntimeError::runtime(format!("Invalid path '{}' : {}", p.text, m.0))
                })?;
                read(p, found)
            }
            Dynamic::Expression(text) => {
                let found =
                    crate::payload::expression(field, text, scope.input, scope.context, scope.rng)?;
                let shown = Path {
                    text: text.clone(),
                    ..Path::root()
                };
                read(&shown, found)
            }
            Dynamic::Jsonata(j) => {
                let v = j.evaluate(field, scope)?;
                T::from_jsonata(j, field, v)
            }
        }
    }

    /// The expression, for a JSONata field.
    pub fn jsonata(&self) -> Option<&crate::query::Jsonata> {
        match self {
            Dynamic::Jsonata(j) => Some(j),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn path(text: &str) -> Path {
        Path::parse(text).expect("a path")
    }

    #[test]
    fn the_path_wins_over_the_literal() {
        let three = || Some(Dynamic::Literal(3));
        assert_eq!(Dynamic::either(three(), None), three());
        assert_eq!(
            Dynamic::either(three(), Some(path("$.n"))),
            Some(Dynamic::Path(path("$.n")))
        );
        assert_eq!(Dynamic::<u64>::either(None, None), None);
    }

    #[test]
    fn resolves_literals_and_paths() {
        let input = json!({"n": 7, "s": "x"});
        let context = json!({});
        let rng = crate::host::SplitMix64::new(0);
        let scope = Scope::of(&input, &context, 0, &rng);
        let number = |_: &Path, v: Value| {
            v.as_u64()
                .ok_or_else(|| RuntimeError::runtime("not a number"))
        };
        assert_eq!(Dynamic::Literal(3).resolve(&scope, "N", number), Ok(3));
        assert_eq!(
            Dynamic::Path(path("$.n")).resolve(&scope, "N", number),
            Ok(7)
        );
        assert_eq!(
            Dynamic::Path(path("$.s")).resolve(&scope, "N", number),
            Err(RuntimeError::runtime("not a number"))
        );
        let missing = Dynamic::Path(path("$.m"))
            .resolve(&scope, "N", number)
            .unwrap_err();
        assert_eq!(missing.error, crate::errors::RUNTIME);
        assert!(
            missing.cause.starts_with("Invalid path '$.m' : "),
            "{}",
            missing.cause
        );
    }
}
