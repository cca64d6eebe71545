//! What a user edits: the workspace (machine name, definition, functions, input), the
//! canonical example it starts as, and the definition's JSON ⇄ YAML conversion.

use serde_json::Value;

/// The canonical example's state machine name.
pub const EXAMPLE_MACHINE_NAME: &str = "MapLambda";
/// The canonical example's function name.
pub const EXAMPLE_FUNCTION_NAME: &str = "HelloFunction";
/// The canonical example's definition (the AWS tutorial "Using a Map State to Call Lambda
/// Multiple Times").
pub const EXAMPLE_DEFINITION: &str = r#"{
  "StartAt": "ExampleMapState",
  "States": {
    "ExampleMapState": {
      "Type": "Map",
      "Iterator": {
        "StartAt": "CallLambda",
        "States": {
          "CallLambda": {
            "Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction",
            "End": true
          }
        }
      },
      "End": true
    }
  }
}
"#;
/// The canonical example's handler, verbatim from the tutorial.
pub const EXAMPLE_FUNCTION: &str = r#"exports.handler = (event, context, callback) => { callback(null, "Hello, " + event.who + "!"); };
"#;
/// The canonical example's execution input.
pub const EXAMPLE_INPUT: &str = r#"[{"who":"bob"},{"who":"meg"},{"who":"joe"}]
"#;

/// The tutorial's test event for the function.
pub const EXAMPLE_TEST_EVENT: &str = r#"{ "who": "AWS Step Functions" }"#;

/// A Lambda function: its name and its handler's source.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Function {
    /// The function's name (`HelloFunction`); Task states name it in their ARN.
    pub name: String,
    /// The Node.js handler source.
    pub code: String,
    /// The function's timeout in seconds (Lambda: 1–900, 3 by default).
    #[serde(default = "default_timeout")]
    pub timeout_s: u32,
}

/// Lambda's default function timeout, in seconds.
pub const DEFAULT_TIMEOUT_S: u32 = 3;
/// Lambda's longest function timeout, in seconds.
pub const MAX_TIMEOUT_S: u32 = 900;

fn default_timeout() -> u32 {
    DEFAULT_TIMEOUT_S
}

impl Function {
    /// A function with Lambda's default timeout.
    pub fn new(name: impl Into<String>, code: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            code: code.into(),
            timeout_s: DEFAULT_TIMEOUT_S,
        }
    }

    /// A new function with a starter handler.
    pub fn starter(name: &str) -> Self {
        Self::new(
            name,
            format!(
                "exports.handler = async (event, context) => {{\n  console.log(\"{name} received\", event);\n  return event;\n}};\n"
            ),
        )
    }
}

/// What a user edits (what autosave keeps).
#[derive(Debug, Clone, PartialEq)]
pub struct Workspace {
    /// The state machine's name.
    pub machine_name: String,
    /// The state machine definition (JSON or YAML).
    pub definition: String,
    /// The Lambda functions (at least one).
    pub functions: Vec<Function>,
    /// The execution input (JSON).
    pub input: String,
}

impl Workspace {
    /// The canonical example, shown on first load.
    pub fn example() -> Self {
        Self {
            machine_name: EXAMPLE_MACHINE_NAME.into(),
            definition: EXAMPLE_DEFINITION.into(),
            functions: vec![Function::new(EXAMPLE_FUNCTION_NAME, EXAMPLE_FUNCTION)],
            input: EXAMPLE_INPUT.into(),
        }
    }
}

/// Why a new function name is not acceptable (Lambda: 1–64 letters, digits, `-` or `_`;
/// unique), or `None`.
pub fn function_name_problem(name: &str, existing: &[Function]) -> Option<String> {
    if name.is_empty() || name.len() > 64 {
        return Some("A function name has 1 to 64 characters".into());
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Some("A function name has only letters, digits, '-' and '_'".into());
    }
    if existing.iter().any(|f| f.name == name) {
        return Some(format!("There is already a function named {name}"));
    }
    None
}

/// Whether a definition text is JSON (else YAML): JSON starts with `{` or `[`.
pub fn is_json(text: &str) -> bool {
    matches!(text.trim_start().chars().next(), None | Some('{' | '['))
}

/// The definition in the other syntax (JSON → YAML, YAML → JSON), if it parses. Key order is
/// kept; YAML comments are not.
pub fn convert_definition(text: &str) -> Option<String> {
    if is_json(text) {
        let value: Value = serde_json::from_str(text).ok()?;
        Some(crate::yaml::to_yaml(&value))
    } else {
        let value: Value = yaml_serde::from_str(text).ok()?;
        serde_json::to_string_pretty(&value).ok().map(|s| s + "\n")
    }
}
