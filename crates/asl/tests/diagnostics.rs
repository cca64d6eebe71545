//! Definition validation: every problem at once, with stable codes, pointers and positions.
//! Each case asserts its codes and pointers; the rendered diagnostics of all cases are
//! snapshot-tested.

use asl::{diagnostics, load, Severity};

/// A case: name, definition, expected (code, pointer) of each diagnostic.
type Case = (
    &'static str,
    &'static str,
    &'static [(&'static str, &'static str)],
);

const CASES: &[Case] = &[
    (
        "json syntax error",
        "{\n  \"StartAt\": \"A\",\n  \"States\": {\n    \"A\": {\"Type\": \"Pass\" \"End\": true}\n  }\n}",
        &[("JSON_SYNTAX", "")],
    ),
    ("yaml syntax error", "StartAt: A\nStates:\n  A:\n    Type: Pass\n   End: true\n", &[("YAML_SYNTAX", "")]),
    ("not an object", "[1, 2]", &[("NOT_AN_OBJECT", "")]),
    ("missing StartAt and States", "{\"Comment\": \"nothing\"}", &[("MISSING_FIELD", "")]),
    (
        "StartAt and Next name unknown states",
        r#"{"StartAt": "Nope", "States": {
  "A": {"Type": "Pass", "Next": "Nowhere"}
}}"#,
        &[("MISSING_TRANSITION_TARGET", "/StartAt"), ("UNREACHABLE_STATE", "/States/A"), ("MISSING_TRANSITION_TARGET", "/States/A/Next")],
    ),
    (
        "missing and unknown Type",
        r#"{"StartAt": "A", "States": {
  "A": {"Next": "B"},
  "B": {"Type": "Lambda", "End": true}
}}"#,
        &[("MISSING_FIELD", "/States/A"), ("UNKNOWN_STATE_TYPE", "/States/B/Type")],
    ),
    (
        "End and Next both, and neither",
        r#"{"StartAt": "A", "States": {
  "A": {"Type": "Pass", "Next": "B", "End": true},
  "B": {"Type": "Pass"}
}}"#,
        &[("END_AND_NEXT", "/States/A/End"), ("NO_TRANSITION", "/States/B")],
    ),
    (
        "Map without a processor",
        r#"{"StartAt": "M", "States": {
  "M": {"Type": "Map", "End": true}
}}"#,
        &[("MISSING_FIELD", "/States/M")],
    ),
    (
        "transition out of a Map's processor",
        r#"{"StartAt": "M", "States": {
  "M": {"Type": "Map", "ItemProcessor": {"StartAt": "In", "States": {
    "In": {"Type": "Pass", "Next": "After"}}}, "Next": "After"},
  "After": {"Type": "Succeed"}
}}"#,
        &[("MISSING_TRANSITION_TARGET", "/States/M/ItemProcessor/States/In/Next")],
    ),
    (
        "transition out of a Parallel branch",
        r#"{"StartAt": "P", "States": {
  "P": {"Type": "Parallel", "Branches": [{"StartAt": "B", "States": {
    "B": {"Type": "Pass", "Next": "Out"}}}], "End": true},
  "Out": {"Type": "Succeed"}
}}"#,
        &[("MISSING_TRANSITION_TARGET", "/States/P/Branches/0/States/B/Next"), ("UNREACHABLE_STATE", "/States/Out")],
    ),
    (
        "unknown fields per state type",
        r#"{"StartAt": "A", "States": {
  "A": {"Type": "Pass", "Resource": "arn:x", "Next": "F"},
  "F": {"Type": "Fail", "Error": "E", "OutputPath": "$"}
}}"#,
        &[("UNKNOWN_FIELD", "/States/A/Resource"), ("UNKNOWN_FIELD", "/States/F/OutputPath")],
    ),
    (
        "bad paths and templates",
        r#"{"StartAt": "A", "States": {
  "A": {"Type": "Pass", "InputPath": "x.y", "ResultPath": "$$.x",
        "Parameters": {"a.$": 3, "b.$": "nope", "c": 1, "c.$": "$"}, "End": true}
}}"#,
        &[
            ("INVALID_PATH", "/States/A/InputPath"),
            ("INVALID_PATH", "/States/A/ResultPath"),
            ("INVALID_TEMPLATE", "/States/A/Parameters/a.$"),
            ("INVALID_TEMPLATE", "/States/A/Parameters/b.$"),
            ("INVALID_TEMPLATE", "/States/A/Parameters/c.$"),
        ],
    ),
    (
        "choice rules and retriers",
        r#"{"StartAt": "C", "States": {
  "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericEquals": "3", "Next": "T"},
                                       {"Variable": "$.x", "Next": "T"}]},
  "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
        "Retry": [{"ErrorEquals": ["States.ALL", "X"], "Bogus": 1}], "End": true}
}}"#,
        &[
            ("INVALID_TYPE", "/States/C/Choices/0/NumericEquals"),
            ("INVALID_VALUE", "/States/C/Choices/1"),
            ("UNKNOWN_FIELD", "/States/T/Retry/0/Bogus"),
            ("INVALID_VALUE", "/States/T/Retry/0/ErrorEquals"),
        ],
    ),
    (
        "retrier bounds and States.ALL last",
        r#"{"StartAt": "T", "States": {
  "T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f", "TimeoutSeconds": 0,
        "Retry": [{"ErrorEquals": ["States.ALL"], "IntervalSeconds": 0.5, "BackoffRate": 0.5},
                  {"ErrorEquals": ["X"], "JitterStrategy": "SOME"}],
        "Catch": [{"ErrorEquals": ["States.ALL"], "Next": "T"}, {"ErrorEquals": ["Y"], "Next": "T"}], "End": true}
}}"#,
        &[
            ("INVALID_VALUE", "/States/T/TimeoutSeconds"),
            ("INVALID_VALUE", "/States/T/Retry/0/IntervalSeconds"),
            ("INVALID_VALUE", "/States/T/Retry/0/BackoffRate"),
            ("INVALID_VALUE", "/States/T/Retry/0/ErrorEquals"),
            ("INVALID_VALUE", "/States/T/Retry/1/JitterStrategy"),
            ("INVALID_VALUE", "/States/T/Catch/0/ErrorEquals"),
        ],
    ),
    (
        "timestamps in choice rules",
        r#"{"StartAt": "C", "States": {
  "C": {"Type": "Choice", "Choices": [{"Variable": "$.t", "TimestampEquals": "2016-13-01T00:00:00Z", "Next": "D"}], "Default": "D"},
  "D": {"Type": "Succeed"}
}}"#,
        &[("INVALID_VALUE", "/States/C/Choices/0/TimestampEquals")],
    ),
    (
        "empty Parallel",
        r#"{"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [], "End": true}}}"#,
        &[("INVALID_TYPE", "/States/P/Branches")],
    ),
    (
        "duplicate field",
        "{\"StartAt\": \"A\", \"StartAt\": \"A\", \"States\": {\"A\": {\"Type\": \"Succeed\"}}}",
        &[("DUPLICATE_FIELD", "/StartAt")],
    ),
    (
        "yaml problems are located by line",
        "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: Missing\n  B:\n    Type: Succeed\n",
        &[("MISSING_TRANSITION_TARGET", "/States/A/Next"), ("UNREACHABLE_STATE", "/States/B")],
    ),
    (
        "unsupported features are warnings",
        r#"{"StartAt": "T", "States": {
  "T": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "Parameters": {"m.$": "$.x[(@.length-1)]", "n.$": "States.Format('{}', $.x)"}, "End": true}
}}"#,
        &[("UNSUPPORTED_FEATURE", "/States/T/Parameters/m.$")],
    ),
];

#[test]
fn every_problem_is_reported_with_its_place() {
    let mut rendered = String::new();
    for (name, text, expected) in CASES {
        let found = diagnostics(text);
        let got: Vec<(&str, &str)> = found
            .iter()
            .map(|d| (d.code.as_str(), d.pointer.as_str()))
            .collect();
        let mut want = expected.to_vec();
        let mut have = got.clone();
        want.sort();
        have.sort();
        assert_eq!(have, want, "{name}: {found:#?}");
        for d in &found {
            let (start, end) = d.span.unwrap_or_else(|| panic!("{name}: {d} has no span"));
            assert!(start <= end && end <= text.len(), "{name}: {d}");
            assert!(d.line >= 1 && d.column >= 1);
        }
        rendered.push_str(&format!(
            "=== {name}\n{}\n",
            asl::render_diagnostics(text, &found)
        ));
    }
    insta::assert_snapshot!("diagnostics", rendered);
}

#[test]
fn positions_point_at_the_offending_text() {
    let text = "{\"StartAt\": \"A\",\n \"States\": {\n  \"A\": {\"Type\": \"Pass\", \"Next\": \"Nowhere\"}}}";
    let d = &diagnostics(text)[0];
    assert_eq!(
        (d.code.as_str(), d.line, d.column),
        ("MISSING_TRANSITION_TARGET", 3, 33)
    );
    let (a, b) = d.span.unwrap_or_default();
    assert_eq!(&text[a..b], "\"Nowhere\"");
    assert_eq!(d.message, "Missing 'Next' target: Nowhere");
    assert_eq!(
        asl::invalid_definition_message(&diagnostics(text)),
        "Invalid State Machine Definition: 'MISSING_TRANSITION_TARGET: Missing 'Next' target: Nowhere at /States/A/Next'"
    );
}

#[test]
fn warnings_do_not_stop_loading() {
    let text = r#"{"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:s3:::a-bucket", "End": true}}}"#;
    let def = load(text).expect("loads with warnings");
    assert_eq!(def.warnings.len(), 1);
    assert_eq!(def.warnings[0].severity, Severity::Warning);
}

#[test]
fn yaml_and_json_give_the_same_machine() {
    let json =
        r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"x":[1,"two"]},"End":true}}}"#;
    let yaml = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result:\n      x: [1, two]\n    End: true\n";
    let (j, y) = (load(json).expect("json"), load(yaml).expect("yaml"));
    assert_eq!(j.machine, y.machine);
    assert_eq!((j.format, y.format), (asl::Format::Json, asl::Format::Yaml));
}

#[test]
fn parse_json_locates_errors() {
    let e = asl::parse_json("{\"a\": 1,\n \"b\": }").unwrap_err();
    assert_eq!((e.code.as_str(), e.line, e.column), ("JSON_SYNTAX", 2, 7));
    assert_eq!(
        asl::parse_json(" [1, 2] ").ok(),
        Some(serde_json::json!([1, 2]))
    );
}

#[test]
fn invalid_definitions_are_worded_as_aws_words_them() {
    // The texts recorded on AWS (the conformance data set's services_other, credentials,
    // sfn_api_misc, scenarios_misc test_illegal_escapes cases, without boto's prefix).
    let cases = [
        (
            r#"{"StartAt":"Query","States":{"Query":{"Type":"Task","Resource":"arn:aws:states:::dynamodb:query","End":true}}}"#,
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The resource provided arn:aws:states:::dynamodb:query is not recognized. The value is not a valid resource ARN, or the resource is not available in this region. at /States/Query/Resource'",
        ),
        (
            r#"{"StartAt":"State0","States":{"State0":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Credentials":{},"Parameters":{"FunctionName":"f"},"End":true}}}"#,
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The field 'RoleArn' is required but was missing at /States/State0/Credentials'",
        ),
        (
            r#"{"StartAt":"A"}"#,
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: These fields are required: [States] at /'",
        ),
        (
            r#"{"StartAt":"IntrinsicEscape","States":{"IntrinsicEscape":{"Type":"Pass","Parameters":{"parsed.$":"States.StringToJson('{\"text\":\"An \\\"escaped double quote\\\" here\"}')"},"End":true}}}"#,
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: The value for the field 'parsed.$' must be a valid JSONPath or a valid intrinsic function call at /States/IntrinsicEscape/Parameters'",
        ),
    ];
    for (text, expected) in cases {
        assert_eq!(
            asl::invalid_definition_message(&diagnostics(text)),
            expected,
            "{text}"
        );
    }
}

#[test]
fn a_field_and_its_path_variant_exclude_each_other() {
    for (field, path, value) in [
        ("TimeoutSeconds", "TimeoutSecondsPath", "5"),
        ("HeartbeatSeconds", "HeartbeatSecondsPath", "1"),
    ] {
        let text = format!(
            r#"{{"StartAt":"T","States":{{"T":{{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{{"FunctionName":"f"}},"{field}":{value},"{path}":"$.x","End":true}}}}}}"#
        );
        let found = diagnostics(&text);
        assert!(
            found
                .iter()
                .any(|d| d.is_error() && d.pointer == format!("/States/T/{path}")),
            "{found:?}"
        );
    }
}

#[test]
fn express_machines_reject_sync_and_callback_tasks_as_aws_words_it() {
    // sfn_api_misc/test_sfn_api_express__test_illegal_callbacks_*: valid for STANDARD.
    for (resource, expected) in [
        (
            "arn:aws:states:::states:startExecution.sync",
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine does not support '.sync' service integration at /States/T/Resource'",
        ),
        (
            "arn:aws:states:::sns:publish.waitForTaskToken",
            "Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration  at /States/T/Resource'",
        ),
    ] {
        let text = format!(
            r#"{{"StartAt":"T","States":{{"T":{{"Type":"Task","Resource":"{resource}","End":true}}}}}}"#
        );
        let def = load(&text).expect("valid for STANDARD");
        let problems = asl::express_diagnostics(&def);
        assert_eq!(asl::invalid_definition_message(&problems), expected);
    }
    let lambda = r#"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke","Parameters":{"FunctionName":"f"},"End":true}}}"#;
    assert!(asl::express_diagnostics(&load(lambda).expect("loads")).is_empty());
}
