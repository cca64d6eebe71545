//! The official JSONata 2.0.6 suite (`../shared/jsonata-suite`, beside the repository) as
//! data: every case with its expression, input, bindings and expectation.

#![allow(dead_code)] // each test file uses its own part of the suite's data

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What a case expects.
#[derive(Debug, Clone)]
pub enum Expected {
    /// This JSON result.
    Result(serde_json::Value),
    /// No result (`undefined`).
    Undefined,
    /// An error with this code.
    Error(String),
}

/// One case of the suite.
#[derive(Debug, Clone)]
pub struct Case {
    /// `group/caseNNN` (or `group/file[i]` for the files that hold several cases).
    pub id: String,
    /// The group (directory) name.
    pub group: String,
    /// The expression.
    pub expr: String,
    /// The input; `None` is undefined.
    pub input: Option<serde_json::Value>,
    /// Variables bound for the case.
    pub bindings: serde_json::Map<String, serde_json::Value>,
    /// The case's depth limit, if it sets one.
    pub depth: Option<u64>,
    /// The case's time limit in ms, if it sets one.
    pub timelimit: Option<u64>,
    /// The expectation.
    pub expected: Expected,
}

/// The suite's directory.
pub fn dir() -> PathBuf {
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

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").path())
        .collect();
    entries.sort();
    entries
}

/// Every case, in group and file order.
pub fn cases() -> Vec<Case> {
    let root = dir();
    let mut datasets = BTreeMap::new();
    for file in sorted_entries(&root.join("datasets")) {
        let name = file.file_stem().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&file).expect("read dataset");
        datasets.insert(name, parse_json(&text));
    }
    let mut out = Vec::new();
    for dir in sorted_entries(&root.join("groups")) {
        let group = dir.file_name().unwrap().to_string_lossy().to_string();
        let files = sorted_entries(&dir)
            .into_iter()
            .filter(|p| p.extension().is_some_and(|e| e == "json"));
        for file in files {
            let stem = file.file_stem().unwrap().to_string_lossy().to_string();
            let text = std::fs::read_to_string(&file).expect("read case");
            let list = match parse_json(&text) {
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
                out.push(case_from_json(&id, &group, &dir, case, &datasets));
            }
        }
    }
    out
}

fn case_from_json(
    id: &str,
    group: &str,
    dir: &Path,
    case: &serde_json::Value,
    datasets: &BTreeMap<String, serde_json::Value>,
) -> Case {
    let expr = match (case.get("expr"), case.get("expr-file")) {
        (Some(e), _) => e.as_str().expect("expr is a string").to_string(),
        (None, Some(f)) => std::fs::read_to_string(dir.join(f.as_str().expect("expr-file")))
            .expect("read expr-file"),
        _ => panic!("{id}: no expr"),
    };
    let input = match (case.get("data"), case.get("dataset")) {
        (Some(data), _) => Some(data.clone()),
        (None, Some(serde_json::Value::String(name))) => Some(
            datasets
                .get(name)
                .unwrap_or_else(|| panic!("{id}: no dataset {name}"))
                .clone(),
        ),
        _ => None,
    };
    let code = case
        .get("code")
        .or_else(|| case.get("error").and_then(|e| e.get("code")))
        .and_then(|c| c.as_str());
    let expected = if let Some(code) = code {
        Expected::Error(code.to_string())
    } else if let Some(result) = case.get("result") {
        Expected::Result(result.clone())
    } else if case.get("undefinedResult").is_some_and(|u| u == true) {
        Expected::Undefined
    } else {
        panic!("{id}: no expectation")
    };
    Case {
        id: id.to_string(),
        group: group.to_string(),
        expr,
        input,
        bindings: case
            .get("bindings")
            .and_then(|b| b.as_object())
            .cloned()
            .unwrap_or_default(),
        depth: case.get("depth").and_then(|d| d.as_u64()),
        timelimit: case.get("timelimit").and_then(|d| d.as_u64()),
        expected,
    }
}

/// Parses a case file; a few hold lone UTF-16 surrogates in their data (`"\\ud800"`), which
/// serde_json refuses: those escapes become U+FFFD (no case has one in its expression).
pub fn parse_json(text: &str) -> serde_json::Value {
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

/// Reads a known-failures list: one case id per line, optionally followed by `# reason`;
/// blank lines and lines starting with `#` are comments.
pub fn known_failures(file: &str) -> BTreeMap<String, String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join(file);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| match l.split_once('#') {
            Some((id, reason)) => (id.trim().to_string(), reason.trim().to_string()),
            None => (l.to_string(), String::new()),
        })
        .collect()
}
