//! The registry of diagnostic codes: every [`DiagnosticCode`] with its stable spelling, its
//! severity and its documentation, declared together (docs/diagnostics.md is generated from
//! it by `cargo run -p asl --example diagnostics-doc`).

use std::fmt;

use super::Severity;

/// Declares [`DiagnosticCode`]: per variant its doc comment (first line: the summary; after
/// a blank line: the explanation), its stable spelling, its severity and, for codes a
/// definition can have, an example definition that has it (tested).
macro_rules! diagnostic_codes {
    ($(
        $(#[doc = $doc:literal])+
        $variant:ident = $code:literal, $severity:ident $(, example $example:literal)?;
    )+) => {
        /// A diagnostic's stable code. Its spelling ([`DiagnosticCode::as_str`], also how it
        /// serialises and displays) is what `aslplay validate --json` prints and the page
        /// shows; the variants' documentation is docs/diagnostics.md.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum DiagnosticCode {
            $(
                $(#[doc = $doc])+
                $variant,
            )+
        }

        impl DiagnosticCode {
            /// Every code, in documentation order.
            pub const ALL: &'static [DiagnosticCode] = &[$(DiagnosticCode::$variant),+];

            /// The stable spelling, e.g. `INVALID_TYPE`.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $(DiagnosticCode::$variant => $code,)+
                }
            }

            /// Whether diagnostics with this code are errors or warnings.
            pub const fn severity(self) -> Severity {
                match self {
                    $(DiagnosticCode::$variant => Severity::$severity,)+
                }
            }

            /// The lines of the variant's doc comment, as written (each after `///`).
            fn doc_lines(self) -> &'static [&'static str] {
                match self {
                    $(DiagnosticCode::$variant => &[$($doc),+],)+
                }
            }

            /// A definition that has this code, for the codes a definition can have.
            pub const fn example(self) -> Option<&'static str> {
                match self {
                    $(DiagnosticCode::$variant => diagnostic_codes!(@example $($example)?),)+
                }
            }
        }
    };
    (@example $example:literal) => { Some($example) };
    (@example) => { None };
}

diagnostic_codes! {
    /// The text is not valid JSON.
    ///
    /// A definition that starts with `{` or `[` is read as JSON, as are execution inputs and
    /// test events. The diagnostic points at the place where the JSON parser gave up.
    JsonSyntax = "JSON_SYNTAX", Error,
        example r#"{"StartAt": "A", "States": {"A": {"Type": "Pass" "End": true}}}"#;

    /// The definition is neither JSON nor valid YAML.
    ///
    /// A definition that does not start with `{` or `[` and is not JSON is read as YAML
    /// (block or flow style). The diagnostic points at the place where the YAML parser gave
    /// up; flow collections nested more than 128 deep are refused before parsing.
    YamlSyntax = "YAML_SYNTAX", Error,
        example "StartAt: A\nStates:\n  A:\n    Type: Pass\n   End: true\n";

    /// The definition is larger than AWS's limit of 1 MiB.
    ///
    /// CreateStateMachine refuses definitions over 1,048,576 bytes; so does the playground,
    /// before parsing.
    TooLarge = "TOO_LARGE", Error;

    /// The execution input is larger than StartExecution's limit of 256 KiB.
    ///
    /// An input over 262,144 bytes of UTF-8 (whitespace around it not counted) is refused
    /// before anything runs, as AWS refuses it.
    InputTooLarge = "INPUT_TOO_LARGE", Error;

    /// The definition is not a JSON object.
    ///
    /// A definition must be an object with `StartAt` and `States`; an array, a string or a
    /// number is not a state machine.
    NotAnObject = "NOT_AN_OBJECT", Error, example r#"[1, 2]"#;

    /// An object has the same field twice.
    ///
    /// JSON parsers keep the last of duplicate members silently; AWS refuses them. The
    /// diagnostic points at the later one.
    DuplicateField = "DUPLICATE_FIELD", Error,
        example r#"{"StartAt": "A", "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}"#;

    /// A required field is missing.
    ///
    /// For example `StartAt` and `States` of a machine, `Type` of a state, `Resource` of a
    /// Task, `Branches` of a Parallel, `ItemProcessor` (or `Iterator`) of a Map, `Next` of a
    /// choice rule or catcher, or a non-empty `Choices`.
    MissingField = "MISSING_FIELD", Error,
        example r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "End": true}}}"#;

    /// A field has the wrong JSON type.
    ///
    /// For example a string where a number is expected (`"NumericEquals": "3"`), `States`
    /// that is not an object, or `Branches` that is not a non-empty array.
    InvalidType = "INVALID_TYPE", Error,
        example r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [], "End": true}}}"#;

    /// A field has the right type but a value AWS does not accept.
    ///
    /// For example `TimeoutSeconds: 0`, a `BackoffRate` below 1, `States.ALL` not alone or
    /// not last in `ErrorEquals`, a timestamp that is not RFC 3339, a choice rule without
    /// exactly one comparison, or two fields that exclude each other (`ItemSelector` and
    /// `Parameters`, `TimeoutSeconds` and `TimeoutSecondsPath`).
    InvalidValue = "INVALID_VALUE", Error,
        example r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "TimeoutSeconds": 0, "End": true}}}"#;

    /// A field that this place does not have.
    ///
    /// Each state type, retrier, catcher and choice rule has a fixed set of fields; AWS
    /// refuses others (often a field of another state type, or a misspelling).
    UnknownField = "UNKNOWN_FIELD", Error,
        example r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Resource": "arn:x", "End": true}}}"#;

    /// A field of the other query language.
    ///
    /// JSONata states (`QueryLanguage: JSONata`, on the state or the whole machine) have
    /// `Arguments`, `Output`, `Items` and expressions `"{% … %}"` in the fields themselves;
    /// JSONPath states have `InputPath`, `Parameters`, `ResultSelector`, `ResultPath`,
    /// `OutputPath` and the `…Path` fields (a `name.$` member of a JSONata template is a plain
    /// member). AWS refuses a field of the other language.
    QueryLanguageField = "QUERY_LANGUAGE_FIELD", Error,
        example r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "OutputPath": "$.x", "End": true}}}"#;

    /// A JSONata expression does not parse.
    ///
    /// A string that is wholly `"{% … %}"` in a JSONata state is a JSONata expression; the
    /// diagnostic points at the place in it where the parser gave up, with JSONata's own
    /// error code (`S0202`…).
    InvalidJsonata = "INVALID_JSONATA", Error,
        example r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {"A": {"Type": "Pass", "Output": "{% 1 + %}", "End": true}}}"#;

    /// `Type` names no state type.
    ///
    /// The state types are Pass, Task, Choice, Wait, Succeed, Fail, Parallel and Map.
    UnknownStateType = "UNKNOWN_STATE_TYPE", Error,
        example r#"{"StartAt": "A", "States": {"A": {"Type": "Lambda", "End": true}}}"#;

    /// A name is empty, too long or has characters AWS does not allow.
    ///
    /// State names are 1 to 80 characters; execution names 1 to 80 characters without
    /// whitespace, control characters or any of ``?*<>{}[]:;,\|^~$#%&"` ``; variable names
    /// (`Assign`) are letters, digits and `_`, not starting with a digit.
    InvalidName = "INVALID_NAME", Error,
        example r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Assign": {"1x": 1}, "End": true}}}"#;

    /// A name has non-ASCII characters.
    ///
    /// AWS accepts them, but CloudWatch metrics do not work with such names.
    NonAsciiName = "NON_ASCII_NAME", Warning;

    /// `StartAt`, `Next` or `Default` names a state that does not exist.
    ///
    /// Transitions stay inside their machine: a state in a Parallel branch or a Map's
    /// processor cannot go to a state outside it. In the page's definition editor, quick
    /// fixes rename the target to the closest state of that machine, or create it as a Pass
    /// state.
    MissingTransitionTarget = "MISSING_TRANSITION_TARGET", Error,
        example r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "Nowhere"}}}"#;

    /// A state has both `Next` and `End: true`.
    ///
    /// A state either goes on to one state or ends its machine.
    EndAndNext = "END_AND_NEXT", Error,
        example r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Next": "A", "End": true}}}"#;

    /// A state has neither `Next` nor `End: true`.
    ///
    /// Every state but Choice, Succeed and Fail needs one of them. In the page's definition
    /// editor, a quick fix adds `End: true`.
    NoTransition = "NO_TRANSITION", Error,
        example r#"{"StartAt": "A", "States": {"A": {"Type": "Pass"}}}"#;

    /// No transition leads to this state.
    ///
    /// Every state must be reachable from `StartAt` of its machine; AWS refuses definitions
    /// with states that are not.
    UnreachableState = "UNREACHABLE_STATE", Error,
        example r#"{"StartAt": "A", "States": {"A": {"Type": "Succeed"}, "B": {"Type": "Succeed"}}}"#;

    /// A path field is not a valid path.
    ///
    /// `InputPath`, `OutputPath` and `ItemsPath` take a JSONPath; `ResultPath` a Reference
    /// Path (`$` followed by names and indices only); choice rules' `Variable` and `…Path`
    /// operators a JSONPath.
    InvalidPath = "INVALID_PATH", Error,
        example r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "InputPath": "x.y", "End": true}}}"#;

    /// A payload template field (`….$`) is not a path or intrinsic function call.
    ///
    /// In `Parameters`, `ItemSelector`, `ResultSelector` and `Assign`, a field ending in
    /// `.$` takes a string holding a JSONPath, a context path (`$$.…`), a variable
    /// (`$name`) or an intrinsic function call (`States.Format(…)`); a field may not be
    /// given both with and without `.$`.
    InvalidTemplate = "INVALID_TEMPLATE", Error,
        example r#"{"StartAt": "A", "States": {"A": {"Type": "Pass", "Parameters": {"b.$": "nope"}, "End": true}}}"#;

    /// A Task's `Resource` is an AWS integration ARN AWS does not know.
    ///
    /// `arn:aws:states:::SERVICE:ACTION` must name a service integration and one of its
    /// actions (optionally with `.sync`, `.sync:2` or `.waitForTaskToken`).
    InvalidResource = "INVALID_RESOURCE", Error,
        example r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:query", "End": true}}}"#;

    /// An EXPRESS state machine uses what only STANDARD ones may.
    ///
    /// Express workflows do not support the `.sync` (run a job) and `.waitForTaskToken`
    /// (callback) integration patterns; AWS refuses such a definition for an EXPRESS
    /// machine.
    ExpressUnsupported = "EXPRESS_UNSUPPORTED", Error;

    /// Something the playground does not run yet.
    ///
    /// The definition is valid for AWS, and loads, but running it fails with
    /// `States.Runtime` naming the feature when the execution reaches it: a Distributed
    /// Map reading Parquet, JSONPath script expressions.
    UnsupportedFeature = "UNSUPPORTED_FEATURE", Warning,
        example r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "ItemReader": {"Resource": "arn:aws:states:::s3:getObject", "ReaderConfig": {"InputType": "PARQUET"}, "Parameters": {"Bucket": "b", "Key": "k"}}, "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "STANDARD"}, "StartAt": "A", "States": {"A": {"Type": "Succeed"}}}, "End": true}}}"#;

    /// A field that has no effect where it is.
    ///
    /// For example a Distributed Map's field (`ItemReader`, `ItemBatcher`, `ResultWriter`,
    /// `ToleratedFailure…`, `Label`) on a Map whose processor runs INLINE.
    IgnoredField = "IGNORED_FIELD", Warning,
        example r#"{"StartAt": "M", "States": {"M": {"Type": "Map", "Label": "L", "ItemProcessor": {"StartAt": "A", "States": {"A": {"Type": "Succeed"}}}, "End": true}}}"#;

    /// This state machine already ran an execution with this name.
    ///
    /// Execution names are unique per state machine (StartExecution answers
    /// `ExecutionAlreadyExists`); leave the name empty for a fresh UUID.
    ExecutionAlreadyExists = "EXECUTION_ALREADY_EXISTS", Error;

    /// The execution role's name is not a valid IAM role name.
    ///
    /// Role names are 1 to 64 characters of letters, digits and `+=,.@_-`.
    RoleName = "ROLE_NAME", Error;

    /// The execution role's policy is not an IAM policy document the playground can read.
    ///
    /// The policy must be JSON with a `Statement` (an object or a list of them), each with
    /// an `Effect` of `Allow` or `Deny`, an `Action` (or `NotAction`) and a `Resource` (or
    /// `NotResource`).
    RolePolicy = "ROLE_POLICY", Error;

    /// The execution role may not invoke a function the definition calls.
    ///
    /// Its Task fails with `Lambda.AWSLambdaException` (Lambda's AccessDeniedException)
    /// when it runs; allow `lambda:InvokeFunction` on the function's ARN.
    RoleDeniesInvoke = "ROLE_DENIES_INVOKE", Warning;
}

impl DiagnosticCode {
    /// The one-line summary (the first line of the variant's documentation).
    pub fn summary(self) -> &'static str {
        self.doc_lines()[0].trim()
    }

    /// The longer explanation (the variant's documentation after the summary), Markdown.
    pub fn explanation(self) -> String {
        let lines = self.doc_lines().iter().skip(2);
        let lines: Vec<&str> = lines.map(|l| l.strip_prefix(' ').unwrap_or(l)).collect();
        lines.join("\n")
    }

    /// The code spelt `code`, if there is one.
    pub fn parse(code: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|c| c.as_str() == code)
    }
}

impl fmt::Display for DiagnosticCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl serde::Serialize for DiagnosticCode {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl PartialEq<str> for DiagnosticCode {
    fn eq(&self, other: &str) -> bool {
        self.as_str() == other
    }
}

impl PartialEq<&str> for DiagnosticCode {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

/// docs/diagnostics.md: every code with its severity, summary, explanation and example.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Diagnostic codes\n\n\
         <!-- Generated from crates/asl/src/diagnostic/code.rs by\n     \
         `cargo run -p asl --example diagnostics-doc > docs/diagnostics.md`; do not edit. -->\n\n\
         Every problem the playground reports (in the problems list, `aslplay validate`, and\n\
         `aslplay run`'s `diagnostics`) carries one of these stable codes.\n\n\
         | Code | Severity | Summary |\n|---|---|---|\n",
    );
    for code in DiagnosticCode::ALL {
        out.push_str(&format!(
            "| [`{0}`](#{1}) | {2} | {3} |\n",
            code.as_str(),
            code.as_str().to_ascii_lowercase(),
            code.severity().as_str(),
            code.summary()
        ));
    }
    for code in DiagnosticCode::ALL {
        out.push_str(&format!(
            "\n## {}\n\n{} ({}).\n\n{}\n",
            code.as_str(),
            code.summary().trim_end_matches('.'),
            code.severity().as_str(),
            code.explanation()
        ));
        if let Some(example) = code.example() {
            let lang = if example.starts_with(['{', '[']) {
                "json"
            } else {
                "yaml"
            };
            out.push_str(&format!("\nFor example:\n\n```{lang}\n{example}\n```\n"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spellings_are_unique_screaming_snake_case() {
        for (i, code) in DiagnosticCode::ALL.iter().enumerate() {
            let s = code.as_str();
            assert!(
                s.bytes().all(|b| b.is_ascii_uppercase() || b == b'_'),
                "{s}"
            );
            assert_eq!(DiagnosticCode::parse(s), Some(*code));
            assert!(DiagnosticCode::ALL[..i].iter().all(|c| c.as_str() != s));
        }
        assert_eq!(DiagnosticCode::parse("INVALID"), None);
    }

    #[test]
    fn every_code_has_a_one_line_summary_and_an_explanation() {
        for code in DiagnosticCode::ALL {
            let lines = code.doc_lines();
            assert!(lines.len() > 2 && lines[1].is_empty(), "{code}: {lines:?}");
            assert!(code.summary().ends_with('.'), "{code}");
            assert!(!code.explanation().trim().is_empty(), "{code}");
        }
        assert_eq!(
            DiagnosticCode::NotAnObject.summary(),
            "The definition is not a JSON object."
        );
        assert!(DiagnosticCode::NotAnObject
            .explanation()
            .starts_with("A definition must be an object"));
    }

    #[test]
    fn examples_have_their_code_at_its_severity() {
        for code in DiagnosticCode::ALL {
            let Some(example) = code.example() else {
                continue;
            };
            let found = crate::diagnostics(example);
            assert!(
                found
                    .iter()
                    .any(|d| d.code == *code && d.severity == code.severity()),
                "{code}: {found:#?}"
            );
        }
    }

    #[test]
    fn serialises_and_compares_as_its_spelling() {
        let code = DiagnosticCode::InvalidType;
        assert_eq!(serde_json::json!(code), serde_json::json!("INVALID_TYPE"));
        assert_eq!(code.to_string(), "INVALID_TYPE");
        assert_eq!(code, "INVALID_TYPE");
        assert!(code != "INVALID_VALUE");
    }
}
