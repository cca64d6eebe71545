//! PLACEHOLDER for the `aslplay` CLI.
fn main() {
    eprintln!("aslplay: not implemented yet");
    std::process::exit(2);
}
