//! Roman numerals (`i`, `I`).

use super::Failure;

const NUMERALS: [(f64, &str); 13] = [
    (1000.0, "m"),
    (900.0, "cm"),
    (500.0, "d"),
    (400.0, "cd"),
    (100.0, "c"),
    (90.0, "xc"),
    (50.0, "l"),
    (40.0, "xl"),
    (10.0, "x"),
    (9.0, "ix"),
    (5.0, "v"),
    (4.0, "iv"),
    (1.0, "i"),
];

/// The largest value written: jsonata-js writes a numeral per level of recursion and runs
/// out of stack at about ten thousand `m`s.
const LARGEST: f64 = 1e7;

/// A non-negative whole number in lower-case roman numerals (`""` for 0).
pub(super) fn from_number(mut value: f64) -> Result<String, Failure> {
    if value >= LARGEST {
        return Err(Failure::too_large());
    }
    let mut out = String::new();
    while let Some((n, numeral)) = NUMERALS.iter().find(|(n, _)| value >= *n) {
        out.push_str(numeral);
        value -= n;
    }
    Ok(out)
}

/// Upper-case roman numerals to a number (`NaN` after any other character).
pub(super) fn to_number(roman: &str) -> f64 {
    let mut total = 0.0;
    let mut max = 1.0;
    for unit in roman.encode_utf16().collect::<Vec<u16>>().into_iter().rev() {
        let value = match unit {
            0x4D => 1000.0,
            0x44 => 500.0,
            0x43 => 100.0,
            0x4C => 50.0,
            0x58 => 10.0,
            0x56 => 5.0,
            0x49 => 1.0,
            _ => f64::NAN,
        };
        if value < max {
            total -= value;
        } else {
            max = value;
            total += value;
        }
    }
    total
}
