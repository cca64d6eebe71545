//! `asl::load` on arbitrary text: JSON, YAML or neither. Loading must return a definition or
//! diagnostics, never panic, and every diagnostic must point inside the text. The CLI's
//! `asl::load_lean` must agree with it: the same model and warnings, or the same diagnostics.
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let full = asl::load(text);
    match (&full, asl::load_lean(text, |_| ())) {
        (Ok(a), Ok((b, ()))) => {
            assert_eq!(a.machine, b.machine, "load and load_lean build other models");
            assert_eq!(a.warnings, b.warnings, "load and load_lean warn otherwise");
        }
        (Err(a), Err(b)) => assert_eq!(a, &b, "load and load_lean report otherwise"),
        (a, b) => panic!(
            "load and load_lean disagree: {:?} vs {:?}",
            a.as_ref().map(|_| ()),
            b.map(|_| ())
        ),
    }
    match full {
        Ok(definition) => {
            check_spans(text, &definition.warnings);
            let _ = asl::render_diagnostics(text, &definition.warnings);
        }
        Err(diagnostics) => {
            check_spans(text, &diagnostics);
            let _ = asl::render_diagnostics(text, &diagnostics);
            let _ = asl::invalid_definition_message(&diagnostics);
        }
    }
});

/// Spans are byte ranges of the text (DESIGN §3 rule 5).
fn check_spans(text: &str, diagnostics: &[asl::Diagnostic]) {
    for d in diagnostics {
        if let Some((start, end)) = d.span {
            assert!(
                start <= end && end <= text.len(),
                "span {start}..{end} outside the text: {d:?}"
            );
            assert!(
                text.is_char_boundary(start) && text.is_char_boundary(end),
                "span {start}..{end} splits a character: {d:?}"
            );
        }
    }
}
