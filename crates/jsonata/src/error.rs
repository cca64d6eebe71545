//! Errors with JSONata's own codes.

use std::fmt;

/// An error with the code, position and token jsonata-js reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    /// JSONata's error code, e.g. `"S0201"`.
    pub code: &'static str,
    /// The position in the expression, in UTF-16 code units (as jsonata-js reports it).
    pub position: usize,
    /// The token the error is about, if any.
    pub token: Option<String>,
    /// A human-readable description.
    pub message: String,
}

impl Error {
    pub(crate) fn new(code: &'static str, position: usize, token: Option<String>) -> Error {
        let message = describe(code, token.as_deref());
        Error {
            code,
            position,
            token,
            message,
        }
    }
}

impl Error {
    /// An error with a message of the caller's own (runtime errors, whose text names values).
    pub fn with_message(
        code: &'static str,
        position: usize,
        token: Option<String>,
        message: String,
    ) -> Error {
        Error {
            code,
            position,
            token,
            message,
        }
    }
}

/// jsonata-js's message template for a runtime error: `{{token}}`, `{{value}}` and
/// `{{value2}}` stand for the JSON text of what the error is about, `{{{token}}}` for the token
/// as it is.
fn runtime_template(code: &str) -> Option<&'static str> {
    Some(match code {
        "D1001" => "Number out of range: {{value}}",
        "D1002" => "Cannot negate a non-numeric value: {{value}}",
        "T1003" => "Key in object structure must evaluate to a string; got: {{value}}",
        "T1005" => "Attempted to invoke a non-function. Did you mean ${{{token}}}?",
        "T1006" => "Attempted to invoke a non-function",
        "T1007" => "Attempted to partially apply a non-function. Did you mean ${{{token}}}?",
        "T1008" => "Attempted to partially apply a non-function",
        "D1009" => "Multiple key definitions evaluate to same key: {{value}}",
        "T2001" => "The left side of the {{token}} operator must evaluate to a number",
        "T2002" => "The right side of the {{token}} operator must evaluate to a number",
        "T2003" => "The left side of the range operator (..) must evaluate to an integer",
        "T2004" => "The right side of the range operator (..) must evaluate to an integer",
        "T2006" => "The right side of the function application operator ~> must be a function",
        "T2007" => "Type mismatch when comparing values {{value}} and {{value2}} in order-by clause",
        "T2008" => "The expressions within an order-by clause must evaluate to numeric or string values",
        "T2009" => "The values {{value}} and {{value2}} either side of operator {{token}} must be of the same data type",
        "T2010" => "The expressions either side of operator {{token}} must evaluate to numeric or string values",
        "T2011" => "The insert/update clause of the transform expression must evaluate to an object: {{value}}",
        "T2012" => "The delete clause of the transform expression must evaluate to a string or array of strings: {{value}}",
        "T2013" => "The transform expression clones the input object using the $clone() function.  This has been overridden in the current scope by a non-function.",
        "D2014" => "The size of the sequence allocated by the range operator (..) must not exceed 1e7.  Attempted to allocate {{value}}.",
        _ => return None,
    })
}

/// A runtime error's message from its template: `value` and `value2` are JSON texts.
pub(crate) fn runtime_message(
    code: &str,
    token: Option<&str>,
    value: Option<&str>,
    value2: Option<&str>,
) -> Option<String> {
    let template = runtime_template(code)?;
    let quoted = token.map(|t| serde_json::Value::String(t.to_string()).to_string());
    Some(
        template
            .replace("{{{token}}}", token.unwrap_or("undefined"))
            .replace("{{token}}", quoted.as_deref().unwrap_or("undefined"))
            .replace("{{value2}}", value2.unwrap_or("undefined"))
            .replace("{{value}}", value.unwrap_or("undefined")),
    )
}

fn describe(code: &str, token: Option<&str>) -> String {
    if let Some(m) = runtime_message(code, token, None, None) {
        return m;
    }
    let t = token.unwrap_or("");
    match code {
        "S0101" => "String literal must be terminated by a matching quote".into(),
        "S0102" => format!("Number out of range: {t}"),
        "S0103" => format!("Unsupported escape sequence: \\{t}"),
        "S0104" => "The escape sequence \\u must be followed by 4 hex digits".into(),
        "S0105" => "Quoted property name must be terminated with a backquote (`)".into(),
        "S0106" => "Comment has no closing tag".into(),
        "S0201" => format!("Syntax error: {t}"),
        "S0202" => format!("Expected a different token, got {t}"),
        "S0203" => "Expected a token before end of expression".into(),
        "S0204" => format!("Unknown operator: {t}"),
        "S0207" => "Unexpected end of expression".into(),
        "S0208" => {
            format!("Parameter {t} of function definition must be a variable name (start with $)")
        }
        "S0209" => "A predicate cannot follow a grouping expression in a step".into(),
        "S0210" => "Each step can only have one grouping expression".into(),
        "S0211" => format!("The symbol {t} cannot be used as a unary operator"),
        "S0212" => "The left side of := must be a variable name (start with $)".into(),
        "S0213" => {
            format!("The literal value {t} cannot be used as a step within a path expression")
        }
        "S0214" => format!("The right side of {t} must be a variable name (start with $)"),
        "S0215" => "A context variable binding must precede any predicates on a step".into(),
        "S0216" => "A context variable binding must precede the 'order-by' clause on a step".into(),
        "S0217" => format!(
            "The object representing the 'parent' cannot be derived from this expression ({t})"
        ),
        "S0301" => "Empty regular expressions are not allowed".into(),
        "S0302" => "No terminating / in regular expression".into(),
        "S0401" => format!("Type parameters can only be applied to functions and arrays ({t})"),
        "S0402" => format!("Choice groups containing parameterized types are not supported ({t})"),
        "U1001" => "The expression is nested too deeply".into(),
        _ => format!("Error {code}"),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at position {}: {}",
            self.code, self.position, self.message
        )
    }
}

impl std::error::Error for Error {}
