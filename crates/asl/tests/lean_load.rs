//! `asl::load_lean` (the CLI's loader, which drops the JSON while modelling it) gives the
//! same model and diagnostics as `asl::load`, on every definition recorded on AWS
//! (../shared/conformance) and on broken ones.

use std::fs;
use std::path::Path;

/// Both loaders on `text`: the same result, as `Debug` text (the lean one without the JSON).
fn same(text: &str, what: &str) {
    let full = asl::load(text).map(|d| (d.machine, d.format, d.warnings));
    let lean = asl::load_lean(text, |json| json.clone()).map(|(d, json)| {
        assert!(
            d.json.is_null(),
            "{what}: the lean definition keeps no JSON"
        );
        assert_eq!(
            Ok(&json),
            asl::parse_json(text).as_ref(),
            "{what}: `look` saw it all"
        );
        (d.machine, d.format, d.warnings)
    });
    assert_eq!(format!("{full:?}"), format!("{lean:?}"), "{what}");
}

#[test]
fn lean_loading_matches_loading_on_broken_definitions() {
    for text in [
        r#"{"StartAt":"A","States":{"A":{"Type":"Pass","Next":"B"},"C":{"Type":"Pass","End":true}}}"#,
        r#"{"StartAt":"X","States":{"A":{"Type":"Pass","End":true}}}"#,
        r#"{"StartAt":"A","States":{"A":{"Type":"Nope"},"B":3,"":{"Type":"Succeed"}}}"#,
        r#"{"StartAt":"A","States":[]}"#,
        r#"{"StartAt":"A"}"#,
        r#"{"States":{"A":{"Type":"Pass","End":true}}}"#,
        r#"{"StartAt":1,"States":{"A":{"Type":"Pass","End":true}},"Extra":1}"#,
        r#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true},"A":{"Type":"Pass"}}}"#,
        r#"{"StartAt":"M","States":{"M":{"Type":"Map","End":true,"ItemProcessor":{"StartAt":"I","States":{"I":{"Type":"Pass","Next":"Out"}}},"Catch":[{"ErrorEquals":["States.ALL"],"Next":"Gone"}]}}}"#,
        "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: B\n",
        "[]",
        "{",
    ] {
        same(text, text);
    }
}

#[test]
fn lean_loading_matches_loading_on_recorded_definitions() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/cases");
    let Ok(categories) = fs::read_dir(&root) else {
        eprintln!("conformance cases not found at {}: skipped", root.display());
        return;
    };
    let mut count = 0;
    for cat in categories.flatten() {
        for case in fs::read_dir(cat.path()).into_iter().flatten().flatten() {
            let path = case.path().join("definition.json");
            if let Ok(text) = fs::read_to_string(&path) {
                same(&text, &path.display().to_string());
                count += 1;
            }
        }
    }
    assert!(count > 900, "{count} definitions");
}
