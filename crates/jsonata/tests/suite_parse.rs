//! Parses every expression of the official JSONata 2.0.6 suite (`../shared/jsonata-suite`):
//! a case that expects a syntax error (`S0…`) must fail to parse with exactly that code, and
//! every other case must parse. `parse-known-failures.txt` lists the cases we do not get
//! right yet; the list may only shrink.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

fn suite_dir() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    // crates/jsonata -> repository root -> its sibling `shared`
    let dir = manifest.join("../../../shared/jsonata-suite");
    assert!(
        dir.join("groups").is_dir(),
        "the JSONata suite is missing: expected {} (the shared directory beside the repository)",
        dir.display()
    );
    dir
}

struct Case {
    id: String,
    expr: String,
    code: Option<String>,
}

fn cases() -> Vec<Case> {
    let groups = suite_dir().join("groups");
    let mut out = Vec::new();
    let mut dirs: Vec<_> = std::fs::read_dir(&groups)
        .expect("read groups")
        .map(|e| e.expect("entry").path())
        .collect();
    dirs.sort();
    for dir in dirs {
        let group = dir.file_name().unwrap().to_string_lossy().to_string();
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .expect("read group")
            .map(|e| e.expect("entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "json"))
            .collect();
        files.sort();
        for file in files {
            let stem = file.file_stem().unwrap().to_string_lossy().to_string();
            let text = std::fs::read_to_string(&file).expect("read case");
            let value = parse_json(&text);
            let list = match value {
                serde_json::Value::Array(items) => items,
                one => vec![one],
            };
            let many = list.len() > 1;
            for (i, case) in list.iter().enumerate() {
                let id = if many {
                    format!("{group}/{stem}[{i}]")
                } else {
                    format!("{group}/{stem}")
                };
                let expr = match (case.get("expr"), case.get("expr-file")) {
                    (Some(e), _) => e.as_str().expect("expr is a string").to_string(),
                    (None, Some(f)) => {
                        std::fs::read_to_string(dir.join(f.as_str().expect("expr-file")))
                            .expect("read expr-file")
                    }
                    _ => panic!("{id}: no expr"),
                };
                let code = case
                    .get("code")
                    .or_else(|| case.get("error").and_then(|e| e.get("code")))
                    .and_then(|c| c.as_str())
                    .map(str::to_string);
                out.push(Case { id, expr, code });
            }
        }
    }
    out
}

/// Parses a case file; a few hold lone UTF-16 surrogates in their data (`"\\ud800"`), which
/// serde_json refuses: those escapes become U+FFFD (no case has one in its expression).
fn parse_json(text: &str) -> serde_json::Value {
    serde_json::from_str(text).unwrap_or_else(|_| {
        let mut clean = String::with_capacity(text.len());
        let mut rest = text;
        while let Some(i) = rest.find("\\u") {
            clean.push_str(&rest[..i]);
            let hex = rest.get(i + 2..i + 6).unwrap_or("");
            let surrogate =
                u16::from_str_radix(hex, 16).is_ok_and(|u| (0xd800..0xe000).contains(&u));
            if surrogate {
                clean.push_str("\\ufffd");
                rest = &rest[i + 6..];
            } else {
                clean.push_str("\\u");
                rest = &rest[i + 2..];
            }
        }
        clean.push_str(rest);
        serde_json::from_str(&clean).expect("case is JSON")
    })
}

fn known_failures() -> BTreeSet<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/parse-known-failures.txt");
    std::fs::read_to_string(path)
        .expect("read parse-known-failures.txt")
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
        .collect()
}

#[test]
fn the_suite_parses_as_jsonata_js_parses_it() {
    let known = known_failures();
    let all = cases();
    let mut passed = 0;
    let mut new_failures = Vec::new();
    let mut fixed = Vec::new();
    for case in &all {
        let result = jsonata::Expression::parse(&case.expr);
        let syntax = case.code.as_deref().filter(|c| c.starts_with("S0"));
        let problem = match (syntax, &result) {
            (Some(want), Err(e)) if e.code == want => None,
            (Some(want), Err(e)) => Some(format!("expected {want}, got {e}")),
            (Some(want), Ok(_)) => Some(format!("expected {want}, but it parsed")),
            (None, Ok(_)) => None,
            (None, Err(e)) => Some(format!("should parse, got {e}")),
        };
        match (problem, known.contains(&case.id)) {
            (None, false) => passed += 1,
            (None, true) => fixed.push(case.id.clone()),
            (Some(p), false) => new_failures.push(format!("{}: {p}\n    {}", case.id, case.expr)),
            (Some(_), true) => {}
        }
    }
    println!(
        "JSONata suite, parsing: {passed} of {} cases pass ({} listed as known failures)",
        all.len(),
        known.len()
    );
    assert!(all.len() > 1500, "only {} cases found", all.len());
    assert!(
        new_failures.is_empty(),
        "{} cases fail that are not in parse-known-failures.txt:\n{}",
        new_failures.len(),
        new_failures.join("\n")
    );
    assert!(
        fixed.is_empty(),
        "these cases pass now; remove them from parse-known-failures.txt: {fixed:?}"
    );
}
