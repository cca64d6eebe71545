//! Loading JSONata definitions: the model of each field (a literal, a path or an expression
//! is one type), AWS's rules on which fields each query language has, and diagnostics for
//! expressions that do not parse, located inside the definition's text.

use asl::definition::{Condition, Dynamic, JsonataTemplate, QueryLanguage, StateKind, Template};
use asl::{load, DiagnosticCode};

fn codes(text: &str) -> Vec<(DiagnosticCode, String, usize, usize)> {
    match load(text) {
        Ok(d) => d
            .warnings
            .iter()
            .map(|d| (d.code, d.pointer.clone(), d.line, d.column))
            .collect(),
        Err(ds) => ds
            .iter()
            .map(|d| (d.code, d.pointer.clone(), d.line, d.column))
            .collect(),
    }
}

#[test]
fn a_jsonata_machine_has_jsonata_states_and_parsed_fields() {
    let d = load(
        r#"{"QueryLanguage": "JSONata", "StartAt": "T", "States": {
        "T": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
              "Arguments": {"FunctionName": "f", "Payload": "{% $states.input %}"},
              "TimeoutSeconds": "{% $states.input.t %}", "HeartbeatSeconds": 2,
              "Assign": {"x": "{% $states.result.Payload %}", "y": 1},
              "Output": "{% $states.result %}", "Next": "P"},
        "P": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": {"a": " {% not one %} "}, "End": true}}}"#,
    )
    .expect("loads");
    let t = &d.machine.states[0];
    assert_eq!(d.machine.query_language, QueryLanguage::JsonAta);
    assert_eq!(t.query_language(), QueryLanguage::JsonAta);
    let Some(JsonataTemplate::Object(args)) = t.arguments() else {
        panic!("{:?}", t.arguments())
    };
    assert_eq!(args[0].1, JsonataTemplate::Literal("f".into()));
    assert_eq!(
        args[1].1.as_expression().map(|j| j.text.as_str()),
        Some("$states.input")
    );
    let StateKind::Task(task) = &t.kind else {
        panic!()
    };
    assert!(
        matches!(&task.timeout_seconds, Some(Dynamic::Jsonata(j)) if j.text == "$states.input.t")
    );
    assert_eq!(task.heartbeat_seconds, Some(Dynamic::Literal(2)));
    assert!(matches!(
        t.assign.as_deref(),
        Some(Template::Jsonata(JsonataTemplate::Object(_)))
    ));
    assert_eq!(t.called_function().as_deref(), Some("f"));
    // Text around `{% %}` makes a plain string.
    let p = &d.machine.states[1];
    assert_eq!(
        p.output(),
        Some(&JsonataTemplate::Literal(
            serde_json::json!({"a": " {% not one %} "})
        ))
    );
}

#[test]
fn a_jsonpath_machine_may_have_jsonata_states_and_not_the_reverse() {
    let mixed = r#"{"StartAt": "A", "States": {
        "A": {"Type": "Pass", "QueryLanguage": "JSONata", "Output": "{% 1 %}", "Next": "B"},
        "B": {"Type": "Pass", "InputPath": "$", "End": true}}}"#;
    let d = load(mixed).expect("loads");
    assert_eq!(d.machine.states[0].query_language(), QueryLanguage::JsonAta);
    assert_eq!(
        d.machine.states[1].query_language(),
        QueryLanguage::JsonPath
    );
    let reverse = r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Pass", "QueryLanguage": "JSONPath", "End": true}}}"#;
    assert_eq!(
        codes(reverse),
        vec![(
            DiagnosticCode::InvalidValue,
            "/States/A/QueryLanguage".into(),
            2,
            48
        )]
    );
}

#[test]
fn fields_of_the_other_language_are_refused() {
    let jsonata = r#"{"QueryLanguage": "JSONata", "StartAt": "A", "States": {
        "A": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:f",
              "Parameters": {"a.$": "$.b"}, "ResultPath": "$.r",
              "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.e", "Next": "C"}],
              "End": true},
        "C": {"Type": "Choice", "Choices": [{"Variable": "$.x", "IsPresent": true, "Next": "A"}]}}}"#;
    let got: Vec<(DiagnosticCode, String)> = codes(jsonata)
        .into_iter()
        .map(|(c, p, ..)| (c, p))
        .collect();
    let q = DiagnosticCode::QueryLanguageField;
    for want in [
        (q, "/States/A/Parameters".to_string()),
        (q, "/States/A/ResultPath".into()),
        (q, "/States/A/Catch/0/ResultPath".into()),
        (q, "/States/C/Choices/0/Variable".into()),
    ] {
        assert!(got.contains(&want), "{want:?} in {got:?}");
    }
    let jsonpath = r#"{"StartAt": "A", "States": {
        "A": {"Type": "Pass", "Output": "{% 1 %}", "Next": "C"},
        "C": {"Type": "Choice", "Choices": [{"Condition": "{% true %}", "Next": "A"}]}}}"#;
    let got: Vec<(DiagnosticCode, String)> = codes(jsonpath)
        .into_iter()
        .map(|(c, p, ..)| (c, p))
        .collect();
    assert!(got.contains(&(q, "/States/A/Output".into())), "{got:?}");
    assert!(
        got.contains(&(q, "/States/C/Choices/0/Condition".into())),
        "{got:?}"
    );
}

#[test]
fn bad_expressions_are_located_inside_the_definition() {
    let text = "{\"QueryLanguage\": \"JSONata\", \"StartAt\": \"A\", \"States\": {\n  \"A\": {\"Type\": \"Pass\", \"Output\": {\"r\": \"{% $x ] %}\"}, \"End\": true}}}";
    let ds = load(text).expect_err("does not load");
    assert_eq!(ds.len(), 1, "{ds:?}");
    let d = &ds[0];
    assert_eq!(d.code, DiagnosticCode::InvalidJsonata);
    assert_eq!(d.pointer, "/States/A/Output/r");
    // The `]`, 48th character of the line.
    assert_eq!((d.line, d.column), (2, 48));
    assert!(d.message.contains("S0201"), "{}", d.message);
}

/// AWS runs JSONata 2.0.6, which has no `?:` or `??` (added to jsonata-js later): a state
/// that uses one does not load, located at the operator as 2.0.6 reports it (S0211).
#[test]
fn operators_after_jsonata_2_0_6_are_refused() {
    let text = "{\"QueryLanguage\": \"JSONata\", \"StartAt\": \"A\", \"States\": {\n  \"A\": {\"Type\": \"Pass\", \"Output\": \"{% $states.input.a ?? 0 %}\", \"End\": true}}}";
    let ds = load(text).expect_err("does not load");
    assert_eq!(ds.len(), 1, "{ds:?}");
    assert_eq!(ds[0].code, DiagnosticCode::InvalidJsonata);
    assert_eq!(ds[0].pointer, "/States/A/Output");
    assert!(ds[0].message.contains("S0211"), "{}", ds[0].message);
    // The second `?` of `??`.
    let line = text.lines().nth(1).unwrap();
    assert_eq!(ds[0].column, line.find("??").unwrap() + 2);
}

#[test]
fn choice_rules_and_wait_fields_take_expressions() {
    let d = load(
        r#"{"QueryLanguage": "JSONata", "StartAt": "C", "States": {
        "C": {"Type": "Choice", "Choices": [
            {"Condition": "{% $states.input.ok %}", "Next": "W", "Output": {"o": 1}, "Assign": {"v": 2}},
            {"Condition": true, "Next": "F"}], "Default": "F"},
        "W": {"Type": "Wait", "Timestamp": "{% $states.input.at %}", "Next": "F"},
        "F": {"Type": "Fail", "Error": "{% 'E' %}", "Cause": "literal"}}}"#,
    )
    .expect("loads");
    let StateKind::Choice(c) = &d.machine.states[0].kind else {
        panic!()
    };
    assert!(matches!(
        &c.choices[0].condition,
        Condition::Jsonata(JsonataTemplate::Expression(_))
    ));
    assert!(c.choices[0].output.is_some());
    assert!(matches!(
        &c.choices[1].condition,
        Condition::Jsonata(JsonataTemplate::Literal(serde_json::Value::Bool(true)))
    ));
    let StateKind::Fail(f) = &d.machine.states[2].kind else {
        panic!()
    };
    assert!(matches!(&f.error, Some(Dynamic::Jsonata(_))));
    assert_eq!(f.cause, Some(Dynamic::Literal("literal".into())));
}
