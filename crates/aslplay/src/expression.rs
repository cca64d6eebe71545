//! `aslplay jsonata`: evaluates one JSONata expression, as the playground's engine would.

use crate::{read_file, Failure};

/// What `aslplay jsonata` is asked to evaluate.
#[derive(Debug)]
pub struct JsonataOptions {
    /// The expression's text, or the file holding it.
    pub expression: ExpressionSource,
    /// A JSON file with the input (`None`: the input is undefined).
    pub input: Option<String>,
    /// A JSON file with an object of variable names to values.
    pub bindings: Option<String>,
}

/// Where the expression comes from.
#[derive(Debug)]
pub enum ExpressionSource {
    /// Given on the command line.
    Text(String),
    /// Read from this file.
    File(String),
}

/// Evaluates the expression: prints its value as JSON (nothing when it is undefined) and
/// returns 0, or prints `{"code","position","message"}` and returns 1. Unreadable files and
/// input or bindings that are not JSON are usage failures (exit 2).
pub fn jsonata(options: &JsonataOptions) -> Result<i32, Failure> {
    let text = match &options.expression {
        ExpressionSource::Text(t) => t.clone(),
        ExpressionSource::File(f) => read_file(f)?,
    };
    let input = options.input.as_deref().map(read_json).transpose()?;
    let mut bindings = jsonata::Bindings::new();
    if let Some(file) = &options.bindings {
        match read_json(file)? {
            serde_json::Value::Object(map) => {
                for (name, value) in &map {
                    bindings.bind_json(name.strip_prefix('$').unwrap_or(name), value);
                }
            }
            _ => {
                return Err(Failure::new(format!(
                    "{file}: the bindings must be a JSON object of variable names to values"
                )))
            }
        }
    }
    bindings.now_millis = Some(now_millis());
    let result = jsonata::Expression::parse_2_0_6(&text)
        .and_then(|expression| expression.evaluate(input.as_ref(), &bindings));
    match result {
        Ok(Some(value)) => {
            crate::output::emit_json(&value);
            Ok(0)
        }
        Ok(None) => Ok(0),
        Err(e) => {
            let error = serde_json::json!({
                "code": e.code,
                "position": e.position,
                "message": e.message,
            });
            crate::output::emit_json(&error);
            Ok(1)
        }
    }
}

fn read_json(path: &str) -> Result<serde_json::Value, Failure> {
    let text = read_file(path)?;
    serde_json::from_str(&text)
        .map_err(|e| Failure::new(format!("{path}:{}:{}: not JSON: {e}", e.line(), e.column())))
}

fn now_millis() -> f64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as f64)
        .unwrap_or(0.0)
}
