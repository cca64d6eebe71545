//! The editor's model against the validator: every field it offers in a place is accepted
//! there, and every field it does not offer is rejected.

use serde_json::{json, Value};

use super::editor_model;
use crate::definition::schema;
use crate::diagnostic::DiagnosticCode;

/// Every name the model knows, plus a few it must not offer.
fn candidates() -> Vec<String> {
    let mut all: Vec<String> = schema::FIELDS.iter().map(|f| f.name.to_string()).collect();
    for op in
        crate::definition::schema::choice_rule_fields(crate::definition::QueryLanguage::JsonPath)
    {
        all.push(op.to_string());
    }
    all.extend(["IsNullPath", "Foo", "Parameter", "Mode"].map(String::from));
    all.sort();
    all.dedup();
    all
}

/// Whether the validator rejects the member at `pointer` as a field that does not belong.
fn rejected(definition: &Value, pointer: &str) -> bool {
    crate::definition::diagnostics(&definition.to_string())
        .iter()
        .any(|d| {
            matches!(
                d.code,
                DiagnosticCode::UnknownField | DiagnosticCode::QueryLanguageField
            ) && d.pointer == pointer
        })
}

fn names(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|s| s.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Checks one place: `make(field)` builds a definition with `field` at `pointer(field)`.
fn agree(
    offered: &[String],
    place: &str,
    make: impl Fn(&str) -> Value,
    pointer: impl Fn(&str) -> String,
) {
    for field in candidates() {
        let definition = make(&field);
        let is_rejected = rejected(&definition, &pointer(&field));
        let is_offered = offered.contains(&field);
        assert_eq!(
            is_offered, !is_rejected,
            "{place}: '{field}' offered {is_offered}, rejected {is_rejected}"
        );
    }
}

#[test]
fn state_fields_offered_are_exactly_those_accepted() {
    let model = editor_model();
    for t in schema::STATE_TYPES {
        for ql in ["JSONPath", "JSONata"] {
            let offered = names(&model["stateFields"][t.name][ql]);
            agree(
                &offered,
                &format!("{} {ql}", t.name),
                |field| {
                    let mut state = json!({"Type": t.name, "QueryLanguage": ql});
                    if field != "Type" && field != "QueryLanguage" {
                        state[field] = json!(1);
                    }
                    json!({"StartAt": "S", "States": {"S": state}})
                },
                |field| format!("/States/S/{field}"),
            );
        }
    }
}

#[test]
fn machine_fields_offered_are_exactly_those_accepted() {
    let model = editor_model();
    let body = |field: &str| {
        let mut m = json!({"StartAt": "A", "States": {"A": {"Type": "Succeed"}}});
        if !matches!(field, "StartAt" | "States") {
            m[field] = json!(1);
        }
        m
    };
    agree(&names(&model["machineFields"]["top"]), "top", body, |f| {
        format!("/{f}")
    });
    agree(
        &names(&model["machineFields"]["branch"]),
        "branch",
        |f| json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [body(f)], "End": true}}}),
        |f| format!("/States/P/Branches/0/{f}"),
    );
    agree(
        &names(&model["machineFields"]["processor"]),
        "processor",
        |f| json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": body(f), "End": true}}}),
        |f| format!("/States/M/ItemProcessor/{f}"),
    );
}

#[test]
fn retrier_catcher_and_rule_fields_offered_are_exactly_those_accepted() {
    let model = editor_model();
    let task = |key: &str, entry: Value| json!({"StartAt": "T", "States": {"T": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:F", key: [entry], "End": true}, "N": {"Type": "Succeed"}}});
    let with = |mut entry: Value, field: &str| {
        if entry.get(field).is_none() {
            entry[field] = json!(1);
        }
        entry
    };
    agree(
        &names(&model["retrierFields"]),
        "retrier",
        |f| task("Retry", with(json!({"ErrorEquals": ["States.ALL"]}), f)),
        |f| format!("/States/T/Retry/0/{f}"),
    );
    for ql in ["JSONPath", "JSONata"] {
        agree(
            &names(&model["catcherFields"][ql]),
            &format!("catcher {ql}"),
            |f| {
                let mut d = task(
                    "Catch",
                    with(json!({"ErrorEquals": ["States.ALL"], "Next": "N"}), f),
                );
                d["QueryLanguage"] = json!(ql);
                d
            },
            |f| format!("/States/T/Catch/0/{f}"),
        );
    }
    for (ql, rule) in [
        (
            "JSONPath",
            json!({"Variable": "$.x", "IsPresent": true, "Next": "N"}),
        ),
        ("JSONata", json!({"Condition": "{% true %}", "Next": "N"})),
    ] {
        agree(
            &names(&model["choiceRuleFields"][ql]),
            &format!("choice rule {ql}"),
            |f| json!({"StartAt": "C", "QueryLanguage": ql, "States": {"C": {"Type": "Choice", "Choices": [with(rule.clone(), f)], "Default": "N"}, "N": {"Type": "Succeed"}}}),
            |f| format!("/States/C/Choices/0/{f}"),
        );
    }
}

#[test]
fn every_offered_field_is_explained() {
    let model = editor_model();
    let mut offered = Vec::new();
    for t in schema::STATE_TYPES {
        for ql in ["JSONPath", "JSONata"] {
            offered.extend(names(&model["stateFields"][t.name][ql]));
        }
    }
    for scope in ["top", "branch", "processor"] {
        offered.extend(names(&model["machineFields"][scope]));
    }
    offered.extend(names(&model["retrierFields"]));
    offered.extend(names(&model["catcherFields"]["JSONPath"]));
    offered.extend(names(&model["catcherFields"]["JSONata"]));
    offered.extend(names(&model["choiceRuleFields"]["JSONPath"]));
    offered.extend(names(&model["choiceRuleFields"]["JSONata"]));
    assert!(offered.iter().all(|f| !f.is_empty()));
    for field in offered {
        let doc = &model["docs"][&field];
        assert!(
            doc["summary"].as_str().is_some_and(|s| !s.is_empty()),
            "{field}"
        );
        assert!(
            doc["url"]
                .as_str()
                .is_some_and(|u| u.starts_with(schema::GUIDE)),
            "{field}"
        );
    }
}

#[test]
fn functions_and_errors_come_from_the_interpreter() {
    let model = editor_model();
    let intrinsics = model["intrinsics"].as_array().cloned().unwrap_or_default();
    assert_eq!(intrinsics.len(), crate::intrinsics::FUNCTIONS.len());
    for f in &intrinsics {
        let name = f["name"].as_str().unwrap_or_default();
        assert!(
            crate::intrinsics::parse(&format!("{name}()")).is_ok(),
            "{name}"
        );
    }
    let jsonata = model["jsonata"].as_array().cloned().unwrap_or_default();
    assert!(jsonata.iter().any(|f| f["name"] == "$partition"));
    assert!(!jsonata.iter().any(|f| f["name"] == "$eval"));
    let errors = model["errors"].as_array().cloned().unwrap_or_default();
    for name in [
        "States.ALL",
        "States.TaskFailed",
        "States.Timeout",
        "Lambda.ServiceException",
    ] {
        assert!(errors.iter().any(|e| e["name"] == name), "{name}");
    }
}

#[test]
fn every_comparison_has_its_path_variant_but_the_type_tests() {
    let fields = schema::choice_rule_fields(crate::definition::QueryLanguage::JsonPath);
    for op in crate::definition::schema::choice_operators() {
        let path = format!("{op}Path");
        assert_eq!(
            fields.contains(&path.as_str()),
            !op.starts_with("Is"),
            "{path}"
        );
    }
    assert!(!fields.contains(&""));
}
