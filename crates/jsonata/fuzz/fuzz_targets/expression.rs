//! `jsonata::Expression` on arbitrary text: the bytes before the first NUL are the expression,
//! the rest the input (JSON; anything else is an undefined input). Parsing and evaluating must
//! end with a value or an error — never a panic, a stack overflow, a hang or an
//! out-of-memory — and an error's position must lie within the expression (UTF-16 units).
#![no_main]
#![forbid(unsafe_code)]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (expr, input) = match data.iter().position(|&b| b == 0) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &[][..]),
    };
    let Ok(text) = std::str::from_utf8(expr) else {
        return;
    };
    let input: Option<serde_json::Value> = serde_json::from_slice(input).ok();
    let units = text.encode_utf16().count();
    let expression = match jsonata::Expression::parse(text) {
        Ok(e) => e,
        Err(e) => {
            assert!(
                e.position <= units + 1,
                "{} at {} is outside the {units}-unit expression",
                e.code,
                e.position
            );
            return;
        }
    };
    let mut bindings = jsonata::Bindings::new();
    bindings.limits.max_steps = 200_000;
    bindings.now_millis = Some(1_764_547_200_000.0);
    if let Err(e) = expression.evaluate(input.as_ref(), &bindings) {
        assert!(
            e.position <= units + 1,
            "{} at {} is outside the {units}-unit expression",
            e.code,
            e.position
        );
    }
});
