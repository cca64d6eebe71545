//! Parses every expression of the official JSONata 2.0.6 suite (`../shared/jsonata-suite`):
//! a case that expects a syntax error (`S0…`) must fail to parse with exactly that code, and
//! every other case must parse. `parse-known-failures.txt` lists the cases we do not get
//! right yet; the list may only shrink.

mod suite;

#[test]
fn the_suite_parses_as_jsonata_js_parses_it() {
    let known = suite::known_failures("parse-known-failures.txt");
    let all = suite::cases();
    let mut passed = 0;
    let mut new_failures = Vec::new();
    let mut fixed = Vec::new();
    for case in &all {
        let result = jsonata::Expression::parse(&case.expr);
        let syntax = match &case.expected {
            suite::Expected::Error(code) if code.starts_with("S0") => Some(code.as_str()),
            _ => None,
        };
        let problem = match (syntax, &result) {
            (Some(want), Err(e)) if e.code == want => None,
            (Some(want), Err(e)) => Some(format!("expected {want}, got {e}")),
            (Some(want), Ok(_)) => Some(format!("expected {want}, but it parsed")),
            (None, Ok(_)) => None,
            (None, Err(e)) => Some(format!("should parse, got {e}")),
        };
        match (problem, known.contains_key(&case.id)) {
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
