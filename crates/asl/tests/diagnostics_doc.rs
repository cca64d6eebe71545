//! docs/diagnostics.md is what [`asl::DiagnosticCode`] documents: the file is generated, and
//! this test fails when a code's documentation changed without regenerating it.

use std::path::Path;

#[test]
fn docs_diagnostics_md_is_generated_from_the_codes() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/diagnostics.md");
    let want = asl::diagnostic::codes_markdown();
    if std::env::var_os("UPDATE_DIAGNOSTICS_DOC").is_some() {
        std::fs::write(&path, &want).expect("write docs/diagnostics.md");
    }
    let have = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        have == want,
        "docs/diagnostics.md is not what the DiagnosticCode documentation generates; \
         regenerate it with `cargo run -p asl --example diagnostics-doc > docs/diagnostics.md` \
         (or UPDATE_DIAGNOSTICS_DOC=1 cargo test -p asl --test diagnostics_doc)"
    );
}

#[test]
fn every_code_is_listed() {
    let doc = asl::diagnostic::codes_markdown();
    for code in asl::DiagnosticCode::ALL {
        assert!(doc.contains(&format!("\n## {code}\n")), "{code}");
    }
}
