//! `asl::load` on arbitrary text: JSON, YAML or neither. Loading must return a definition or
//! diagnostics, never panic, and every diagnostic must point inside the text.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match asl::load(text) {
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
