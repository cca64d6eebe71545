//! Spreadsheet column letters (`a`, `A`): 1 is `a`, 26 `z`, 27 `aa`.

use super::Failure;

/// A non-negative whole number in letters (`""` for 0).
pub(super) fn from_number(mut value: f64, upper: bool) -> Result<String, Failure> {
    if value.is_infinite() {
        // jsonata-js loops without end (NaN is no letters)
        return Err(Failure::too_large());
    }
    let a = if upper { b'A' } else { b'a' };
    let mut letters = Vec::new();
    while value > 0.0 {
        // String.fromCharCode takes the code to a 16-bit integer
        let code = (((value - 1.0) % 26.0 + f64::from(a)).trunc() as i64).rem_euclid(65_536);
        letters.push(char::from_u32(code as u32).unwrap_or(char::REPLACEMENT_CHARACTER));
        value = ((value - 1.0) / 26.0).floor();
    }
    Ok(letters.iter().rev().collect())
}

/// Letters to a number, each UTF-16 unit counted from `a` (or `A`), as jsonata-js does
/// whatever the characters are.
pub(super) fn to_number(letters: &str, upper: bool) -> f64 {
    let a = if upper { 65.0 } else { 97.0 };
    letters
        .encode_utf16()
        .collect::<Vec<u16>>()
        .into_iter()
        .rev()
        .enumerate()
        .map(|(i, unit)| (f64::from(unit) - a + 1.0) * 26f64.powi(i as i32))
        .sum()
}
