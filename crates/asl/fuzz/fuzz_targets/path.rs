//! The JSONPath parser (`asl::path::Path::parse`) on arbitrary text, then evaluation of what
//! parses against an input and a context object, and the template/field entry points that
//! reach it (`asl::payload::check_expression`, `asl::payload::expression`).
#![no_main]
#![forbid(unsafe_code)]

#[path = "common.rs"]
mod common;

use asl::host::SplitMix64;
use asl::path::{Path, Root};
use libfuzzer_sys::fuzz_target;
use serde_json::json;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let (input, context) = (common::input(), common::context());
    if let Ok(path) = Path::parse(text) {
        let _ = path.is_definite();
        let value = path.eval(&input, &context);
        let got = path.get(&input, &context);
        if path.is_definite() && !(path.root == Root::Context && path.segments.is_empty()) {
            // For a definite path, `eval` is `get` cloned (except bare `$$`, where `eval`
            // hides the workflow variables the executor passes inside the context).
            assert_eq!(
                value.ok(),
                got.ok().cloned(),
                "eval and get disagree on {text:?}"
            );
        }
        if path.is_reference() {
            let _ = path.set(input.clone(), json!({"r": 1}));
            let _ = path.set(json!([1, 2]), json!(0));
            let _ = path.set(json!(null), json!(0));
        }
    }
    let _ = asl::payload::check_expression("x.$", text);
    let _ = asl::payload::expression("x.$", text, &input, &context, &SplitMix64::new(1));
});
