//! No input makes the interpreter panic: mangled definitions (from the conformance cases),
//! odd inputs, hostile paths and intrinsic calls. Every run must still produce a history
//! whose ids count up from 1 and whose previousEventIds point backwards.

mod common;

use std::fs;
use std::path::Path;

use asl::host::{Rng, SplitMix64};
use common::{Behavior, Fake};
use serde_json::{json, Value};

fn definitions() -> Vec<String> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/cases");
    let mut out = vec![
        r#"{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:f","End":true}}},"End":true}}}"#.to_string(),
    ];
    for cat in fs::read_dir(&root).into_iter().flatten().flatten() {
        for case in fs::read_dir(cat.path()).into_iter().flatten().flatten() {
            if let Ok(t) = fs::read_to_string(case.path().join("definition.json")) {
                out.push(t);
            }
        }
    }
    out
}

fn mutate(text: &str, rng: &SplitMix64) -> String {
    let mut chars: Vec<char> = text.chars().collect();
    if chars.is_empty() {
        return String::new();
    }
    let at = (rng.next_u64() as usize) % chars.len();
    match rng.next_u64() % 6 {
        0 => chars.truncate(at),
        1 => {
            chars.remove(at);
        }
        2 => chars.insert(
            at,
            [
                '{', '}', '[', ']', '"', ',', ':', '$', '.', '\\', '\u{e9}', '\n',
            ][(rng.next_u64() % 12) as usize],
        ),
        3 => chars[at] = ['0', 'x', ' ', '"', '$'][(rng.next_u64() % 5) as usize],
        4 => {
            let s: String = chars.iter().collect();
            return s
                .replacen("\"End\": true", "\"Next\": \"Nowhere\"", 1)
                .replacen("\"Pass\"", "\"Map\"", 1);
        }
        _ => {
            let s: String = chars.iter().collect();
            return s
                .replacen("$.", "$..", 1)
                .replacen("\"Type\"", "\"type\"", 1);
        }
    }
    chars.into_iter().collect()
}

fn check_history(e: &asl::Execution, what: &str) {
    for (i, h) in e.history.iter().enumerate() {
        assert_eq!(h.id, i as u64 + 1, "{what}");
        assert!(
            h.previous_event_id < h.id,
            "{what}: event {} follows {}",
            h.id,
            h.previous_event_id
        );
    }
    let last = e.history.last().map(|h| h.kind.as_str()).unwrap_or("");
    assert!(
        last.starts_with("Execution") && last != "ExecutionStarted",
        "{what}: ends with {last}"
    );
    let _ = asl::execution_tree(&e.history);
}

#[test]
fn mangled_definitions_never_panic() {
    let rng = SplitMix64::new(99);
    let fake = Fake::with(&[
        ("f", Behavior::Identity),
        ("lambda_1", Behavior::Identity),
        ("lambda_2", Behavior::Identity),
    ]);
    let inputs = [
        json!({}),
        json!([1, {"a": 2}]),
        json!(null),
        json!("x"),
        json!({"items": [1, 2], "FunctionName": "lambda_1"}),
    ];
    let mut loaded = 0;
    for (n, original) in definitions().iter().enumerate() {
        for k in 0..6 {
            let text = if k == 0 {
                original.clone()
            } else {
                mutate(original, &rng)
            };
            let diags = asl::diagnostics(&text);
            let _ = asl::render_diagnostics(&text, &diags);
            if let Ok(def) = asl::load(&text) {
                loaded += 1;
                if k > 0 || n % 7 == 0 {
                    let input = inputs[(rng.next_u64() % inputs.len() as u64) as usize].clone();
                    let e = common::run_with(
                        &text,
                        input,
                        &fake,
                        &asl::ExecutionConfig::new("M", "x"),
                        None,
                    );
                    check_history(&e, &format!("definition #{n}, mutation {k}"));
                    let _ = def;
                }
            }
        }
    }
    assert!(loaded > 500, "most originals load: {loaded}");
}

#[test]
fn hostile_expressions_are_errors_not_crashes() {
    let deep_not = format!("$.a[?({}@.x)]", "!".repeat(10_000));
    let deep_paren = format!("$.a[?({}@.x{})]", "(".repeat(5_000), ")".repeat(5_000));
    let deep_call = format!(
        "States.Array({}1{})",
        "States.Array(".repeat(2_000),
        ")".repeat(2_000)
    );
    let deep_group = format!("$.a[?(@ =~ /{}a{}/)]", "(".repeat(5_000), ")".repeat(5_000));
    let catastrophic = format!("$.a[?(@ =~ /(a*)*(b+)+{}/)]", "c".repeat(30));
    for bad in [
        deep_not.as_str(),
        deep_paren.as_str(),
        deep_group.as_str(),
        catastrophic.as_str(),
        "$.a[?(@ =~ /[/)]",
        "$.a[?(@ =~ /a{99999999999999999999}/)]",
        "$.a[?(@ =~ /a{3,1}/)]",
        "$.a[?(@ =~ /\\/)]",
        "$.a[?(@ =~ /é[é-a]/i)]",
        "$.a[?(@ in [)]",
        "$.a[?(@ =~\u{9f}@mye)]",
        "$.a[?(@.x i\u{e9}n)]",
        "$.a[?(@.x n\u{9f})]",
        "$.a[?(@ in ['x)]",
        "$.a.length(",
        "$.a.f(x)(y)",
        "$[",
        "$['",
        "$[?(",
        "$..",
        "$.a[1:2:3:4]",
        "$.a[-9223372036854775808]",
        "$.a[::-9223372036854775808]",
        "$.a[::9223372036854775807]",
    ] {
        if let Ok(p) = asl::path::Path::parse(bad) {
            let _ = p.eval(
                &json!({"a": [1, 2, 3, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"]}),
                &json!({}),
            );
        }
    }
    for bad in [
        deep_call.as_str(),
        "States.Format(",
        "States.Format('{}', ",
        "States.ArrayRange(0, 9223372036854775807, 1)",
        "States.MathAdd(1e308, 1e308)",
        "States.MathRandom(-9223372036854775808, 9223372036854775807)",
        "States.Base64Decode('====')",
        "States.ArrayPartition(States.Array(1), -1)",
    ] {
        if let Ok(call) = asl::intrinsics::parse(bad) {
            let _ = asl::intrinsics::evaluate(&call, &json!({}), &json!({}), &SplitMix64::new(1));
        }
    }
    let template: Value = json!({"a.$": deep_call});
    let _ = asl::payload::evaluate(&template, &json!({}), &json!({}));
}

#[test]
fn deeply_nested_documents_are_rejected_cleanly() {
    for text in [
        format!("{}{}", "[".repeat(100_000), "]".repeat(100_000)),
        format!(
            "{{\"StartAt\": {}1{}}}",
            "[".repeat(5_000),
            "]".repeat(5_000)
        ),
        format!(
            "StartAt: A\nStates: {}1{}\n",
            "[".repeat(100_000),
            "]".repeat(100_000)
        ),
        format!(
            "a:\n{}",
            (1..2000)
                .map(|i| format!("{}- x\n", " ".repeat(i)))
                .collect::<String>()
        ),
    ] {
        let d = asl::diagnostics(&text);
        assert!(!d.is_empty());
    }
}
