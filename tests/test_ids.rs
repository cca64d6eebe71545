//! docs/test-ids.md lists exactly the `data-testid`s the app renders: a test id added to
//! `src/` (or the editor bundle's `web/src/`) without the list, or a listed one the source
//! no longer has, fails here.

use std::collections::BTreeSet;
use std::path::Path;

/// The Rust files under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|x| x == "rs") {
            out.push(path);
        }
    }
}

/// The quoted names after each `marker` in `line` (`marker` ends with `"`).
fn quoted_after<'a>(line: &'a str, marker: &str) -> Vec<&'a str> {
    line.match_indices(marker)
        .filter_map(|(at, _)| {
            let rest = &line[at + marker.len()..];
            rest.split('"').next()
        })
        .filter(|id| !id.is_empty())
        .collect()
}

/// Whether `s` is shaped like a test id: lowercase words joined by `-` (at least two).
fn kebab(s: &str) -> bool {
    s.contains('-')
        && s.split('-').all(|w| {
            !w.is_empty()
                && w.bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// The test ids the source renders: `data-testid="…"` attributes, the `testid="…"` and
/// `state_testid="…"` props handed to components that render them, those props' defaults
/// (`#[prop_or(AttrValue::Static("…"))]` on a `…testid` field), and, in a file that sets
/// `data-testid={name}` from a variable (a button builder), the test-id-shaped string
/// literals it passes as arguments, and `set_attribute("data-testid", "…")` on elements made
/// outside Yew. Comments are skipped.
fn source_ids() -> BTreeSet<String> {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    let mut ids = BTreeSet::new();
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let code_lines = || {
            lines
                .iter()
                .map(|l| l.trim_start())
                .filter(|l| !l.starts_with("//"))
        };
        let from_variable = code_lines().any(|l| {
            l.match_indices("data-testid={").any(|(at, m)| {
                let name = l[at + m.len()..].split('}').next().unwrap_or_default();
                !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
            })
        });
        if from_variable {
            // String literals passed as arguments (not other attributes' values: `class="…"`).
            for l in code_lines() {
                let mut pieces = l.split('"');
                let mut before = pieces.next().unwrap_or_default();
                while let (Some(literal), Some(after)) = (pieces.next(), pieces.next()) {
                    if kebab(literal) && !before.ends_with('=') {
                        ids.insert(literal.to_string());
                    }
                    before = after;
                }
            }
        }
        for (k, line) in lines.iter().enumerate() {
            let code = line.trim_start();
            if code.starts_with("//") {
                continue;
            }
            // `data-testid="x"`, `testid="x"` and `state_testid="x"` all end in `testid="`;
            // an element made outside Yew (the handler sandbox's iframe) sets the attribute.
            ids.extend(
                quoted_after(code, "testid=\"")
                    .into_iter()
                    .chain(quoted_after(code, "set_attribute(\"data-testid\", \""))
                    .map(String::from),
            );
            if code.starts_with("#[prop_or(AttrValue::Static(\"") {
                let field = lines[k + 1..].iter().find(|l| !l.trim().is_empty());
                if field.is_some_and(|f| f.trim_start().starts_with("pub") && f.contains("testid:"))
                {
                    let id = quoted_after(code, "Static(\"");
                    ids.extend(id.into_iter().map(String::from));
                }
            }
        }
    }
    // The editor bundle's own elements (web/src, made with `setAttribute`).
    let web = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("web")
        .join("src");
    for entry in std::fs::read_dir(web).into_iter().flatten().flatten() {
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "js") {
            let text = std::fs::read_to_string(&path).unwrap_or_default();
            for line in text.lines().filter(|l| !l.trim_start().starts_with("//")) {
                ids.extend(
                    quoted_after(line, "setAttribute(\"data-testid\", \"")
                        .into_iter()
                        .map(String::from),
                );
            }
        }
    }
    ids
}

/// The test ids docs/test-ids.md lists: the backquoted names in the first cell of each
/// table row.
fn documented_ids() -> Vec<String> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/test-ids.md");
    let text = std::fs::read_to_string(&path).unwrap();
    text.lines()
        .filter(|l| l.starts_with("| `"))
        .flat_map(|l| {
            let cell = l.split('|').nth(1).unwrap_or_default();
            cell.split('`')
                .skip(1)
                .step_by(2)
                .map(String::from)
                .collect::<Vec<_>>()
        })
        .collect()
}

#[test]
fn every_rendered_test_id_is_documented_and_every_documented_one_rendered() {
    let source = source_ids();
    // The scan finds each kind of place a test id comes from.
    for id in [
        "run-button",
        "graph-state",
        "definition-editor",
        "map-iteration-state",
    ] {
        assert!(source.contains(id), "the scan missed {id}: {source:?}");
    }
    let listed = documented_ids();
    let documented: BTreeSet<String> = listed.iter().cloned().collect();
    assert_eq!(listed.len(), documented.len(), "a test id is listed twice");
    let missing: Vec<_> = source.difference(&documented).collect();
    let stale: Vec<_> = documented.difference(&source).collect();
    assert!(
        missing.is_empty() && stale.is_empty(),
        "docs/test-ids.md is out of date.\n  rendered but not listed: {missing:?}\n  listed but not rendered: {stale:?}"
    );
}

#[test]
fn the_contract_test_ids_are_among_them() {
    // DESIGN.md §4's stable ids (tests and workshop tooling rely on them).
    let documented: BTreeSet<String> = documented_ids().into_iter().collect();
    for id in [
        "definition-editor",
        "input-editor",
        "function-editor",
        "run-button",
        "execution-status",
        "execution-output",
        "execution-error",
        "diagnostics",
        "graph",
        "graph-state",
        "execution-tree",
        "event-history",
        "history-event",
        "share-button",
        "examples-menu",
        "state-inspector",
        "inspector-step",
        "map-iteration-select",
        "map-output",
        "breakpoint-toggle",
        "step-button",
        "continue-button",
        "stop-button",
        "format-toggle",
        "function-list",
        "function-item",
        "function-test-button",
        "function-test-result",
        "function-logs",
        "role-editor",
        "create-role-button",
        "execution-name",
        "execution-list",
        "execution-item",
        "history-download",
        "graph-export",
        "problems",
        "problem",
    ] {
        assert!(documented.contains(id), "{id}");
    }
}
