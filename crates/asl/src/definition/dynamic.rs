//! Fields given either as a literal or as a path read when the state runs: `TimeoutSeconds`
//! or `TimeoutSecondsPath`, `HeartbeatSeconds[Path]`, `MaxConcurrency[Path]`,
//! `ToleratedFailureCount[Path]`, `ToleratedFailurePercentage[Path]`, an `ItemBatcher`'s
//! `MaxItemsPerBatch[Path]` and `MaxInputBytesPerBatch[Path]`, a Wait's `Seconds[Path]` and
//! `Timestamp[Path]`.

use serde_json::Value;

use crate::errors::RuntimeError;
use crate::path::Path;

/// A field's value: a literal (`"TimeoutSeconds": 30`), or a path
/// (`"TimeoutSecondsPath": "$.timeout"`) selecting it from the state's input (or from `$$`, or
/// a variable) when the state runs.
#[derive(Debug, Clone, PartialEq)]
pub enum Dynamic<T> {
    /// The value, as written.
    Literal(T),
    /// The `…Path` field.
    Path(Path),
}

impl<T: Clone> Dynamic<T> {
    /// The field from its literal and its `…Path` variant as loaded (the path, if given, wins;
    /// a definition with both does not load); `None` when neither is given.
    pub fn either(literal: Option<T>, path: Option<Path>) -> Option<Self> {
        match path {
            Some(p) => Some(Dynamic::Path(p)),
            None => literal.map(Dynamic::Literal),
        }
    }

    /// The value: the literal, or what `read` makes of what the path selects from `input`
    /// (`context` holds `$$` and the variables). A path that selects nothing is a
    /// `States.Runtime` error (`Invalid path '$.x' : …`), as are the values `read` refuses.
    pub fn resolve(
        &self,
        input: &Value,
        context: &Value,
        read: impl FnOnce(&Path, Value) -> Result<T, RuntimeError>,
    ) -> Result<T, RuntimeError> {
        match self {
            Dynamic::Literal(v) => Ok(v.clone()),
            Dynamic::Path(p) => {
                let found = p.eval(input, context).map_err(|m| {
                    RuntimeError::runtime(format!("Invalid path '{}' : {}", p.text, m.0))
                })?;
                read(p, found)
            }
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
        assert_eq!(Dynamic::either(Some(3), None), Some(Dynamic::Literal(3)));
        assert_eq!(
            Dynamic::either(Some(3), Some(path("$.n"))),
            Some(Dynamic::Path(path("$.n")))
        );
        assert_eq!(Dynamic::<u64>::either(None, None), None);
    }

    #[test]
    fn resolves_literals_and_paths() {
        let input = json!({"n": 7, "s": "x"});
        let context = json!({});
        let number = |_: &Path, v: Value| {
            v.as_u64()
                .ok_or_else(|| RuntimeError::runtime("not a number"))
        };
        assert_eq!(Dynamic::Literal(3).resolve(&input, &context, number), Ok(3));
        assert_eq!(
            Dynamic::Path(path("$.n")).resolve(&input, &context, number),
            Ok(7)
        );
        assert_eq!(
            Dynamic::Path(path("$.s")).resolve(&input, &context, number),
            Err(RuntimeError::runtime("not a number"))
        );
        let missing = Dynamic::Path(path("$.m"))
            .resolve(&input, &context, number)
            .unwrap_err();
        assert_eq!(missing.error, crate::errors::RUNTIME);
        assert!(
            missing.cause.starts_with("Invalid path '$.m' : "),
            "{}",
            missing.cause
        );
    }
}
