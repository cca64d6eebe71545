//! The intrinsic-function parser (`asl::intrinsics::parse`) on arbitrary text, prefixed with
//! `States.` half of the time so the fuzzer spends its effort inside calls, then evaluation
//! of what parses (all 18 functions, nested calls, paths as arguments).
#![no_main]
#![forbid(unsafe_code)]

#[path = "common.rs"]
mod common;

use asl::host::SplitMix64;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&flag, rest)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let text = if flag & 1 == 1 {
        format!("States.{text}")
    } else {
        text.to_string()
    };
    let (input, context) = (common::input(), common::context());
    let rng = SplitMix64::new(u64::from(flag));
    if let Ok(call) = asl::intrinsics::parse(&text) {
        let _ = asl::intrinsics::evaluate(&call, &input, &context, &rng);
    }
    let _ = asl::payload::check_expression("x.$", &text);
    let _ = asl::payload::expression("x.$", &text, &input, &context, &rng);
});
