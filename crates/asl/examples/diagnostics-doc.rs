//! Prints docs/diagnostics.md, the reference of every diagnostic code, from
//! [`asl::DiagnosticCode`]: `cargo run -p asl --example diagnostics-doc > docs/diagnostics.md`.

fn main() {
    print!("{}", asl::diagnostic::codes_markdown());
}
