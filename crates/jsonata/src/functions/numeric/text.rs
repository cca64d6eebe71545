//! Numbers as text the way JavaScript writes and reads them: `Number.prototype.toString`
//! (with or without a radix), `toFixed`, and `Number(string)`.

/// The shortest decimal digits that read back as `value` (finite, not zero), and the decimal
/// exponent `n` with `value = 0.d₁d₂… × 10ⁿ` (ECMAScript's `k` digits and `n`).
///
/// Of the candidates with that few digits, ECMAScript takes the one nearest the exact value,
/// an exact tie going to the even digit: that is the exact value rounded half-to-even to that
/// many digits, which Rust's precision formatting gives.
pub(crate) fn shortest_digits(value: f64) -> (String, i32) {
    let shortest = format!("{:e}", value.abs());
    let count = shortest
        .split('e')
        .next()
        .map_or(1, |m| m.chars().filter(char::is_ascii_digit).count());
    let text = format!("{:.*e}", count.saturating_sub(1), value.abs());
    let (mantissa, exponent) = text.split_once('e').unwrap_or((&text, "0"));
    let digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    (digits, exponent.parse::<i32>().unwrap_or(0) + 1)
}

/// A number as JavaScript's `String(value)` writes it: `1e+21`, `1.5e-7`, `0.000001`, `-0` as
/// `0`, `NaN`, `Infinity`.
pub(crate) fn number_to_string(value: f64) -> String {
    if value.is_nan() {
        return "NaN".into();
    }
    if value.is_infinite() {
        return if value > 0.0 { "Infinity" } else { "-Infinity" }.into();
    }
    if value == 0.0 {
        return "0".into();
    }
    let sign = if value < 0.0 { "-" } else { "" };
    let (digits, n) = shortest_digits(value);
    let k = digits.len() as i32;
    let body = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        let (int, frac) = digits.split_at(n as usize);
        format!("{int}.{frac}")
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let (first, rest) = digits.split_at(1);
        let dot = if rest.is_empty() { "" } else { "." };
        let exp_sign = if n - 1 < 0 { "-" } else { "+" };
        format!("{first}{dot}{rest}e{exp_sign}{}", (n - 1).abs())
    };
    format!("{sign}{body}")
}

/// An integral number in base `radix` (2–36) as V8's `toString(radix)` writes it: digits past
/// a double's precision come out as zeros.
pub(crate) fn integer_to_radix(value: f64, radix: u32) -> String {
    if radix == 10 || !value.is_finite() {
        return number_to_string(value);
    }
    let base = f64::from(radix);
    let mut integer = value.abs().floor();
    let mut reversed = Vec::new();
    // V8 fills with zeros while the quotient is past 2^53 (the double's exponent above 0).
    while integer / base >= 9_007_199_254_740_992.0 {
        integer /= base;
        reversed.push('0');
    }
    loop {
        let remainder = integer % base;
        reversed.push(char::from_digit(remainder as u32, radix).unwrap_or('0'));
        integer = (integer - remainder) / base;
        if integer <= 0.0 {
            break;
        }
    }
    if value < 0.0 {
        reversed.push('-');
    }
    reversed.iter().rev().collect()
}

/// `Math.abs(value).toFixed(places)`: the exact decimal value rounded to `places` fraction
/// digits, a tie rounding up; from 1e21 on, JavaScript's `String(value)`.
pub(crate) fn to_fixed(value: f64, places: usize) -> String {
    let value = value.abs();
    if value >= 1e21 || !value.is_finite() {
        return number_to_string(value);
    }
    // 1,100 fraction digits hold any double's decimal expansion exactly.
    let exact = format!("{value:.1100}");
    let (int, frac) = exact.split_once('.').unwrap_or((&exact, ""));
    let places = places.min(frac.len());
    let mut digits: Vec<u8> = int.bytes().chain(frac.bytes().take(places)).collect();
    if frac.as_bytes().get(places).is_some_and(|d| *d >= b'5') {
        let mut i = digits.len();
        loop {
            if i == 0 {
                digits.insert(0, b'1');
                break;
            }
            i -= 1;
            if digits[i] == b'9' {
                digits[i] = b'0';
            } else {
                digits[i] += 1;
                break;
            }
        }
    }
    let split = digits.len() - places;
    let (int, frac) = digits.split_at(split);
    let int = String::from_utf8_lossy(int);
    if places == 0 {
        int.into_owned()
    } else {
        format!("{int}.{}", String::from_utf8_lossy(frac))
    }
}

/// Whether JavaScript's `String.prototype.trim` removes `c` (the same set as a regular
/// expression's `\s`).
pub(crate) fn is_js_space(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{b}' | '\u{c}' | '\r' | ' ' | '\u{a0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200a}'
                | '\u{2028}'
                | '\u{2029}'
                | '\u{202f}'
                | '\u{205f}'
                | '\u{3000}'
                | '\u{feff}'
    )
}

/// JavaScript's `Number(text)`: decimal literals (sign, `.5`, `5.`, exponent), `0x`/`0o`/`0b`
/// integers, `Infinity`, surrounding whitespace; `NaN` for anything else, 0 for blank.
pub(crate) fn parse_js_number(text: &str) -> f64 {
    let text = text.trim_matches(is_js_space);
    if text.is_empty() {
        return 0.0;
    }
    let radix = match text.get(..2) {
        Some("0x" | "0X") => 16,
        Some("0o" | "0O") => 8,
        Some("0b" | "0B") => 2,
        _ => 10,
    };
    if radix != 10 {
        let digits = &text[2..];
        if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
            return f64::NAN;
        }
        return match u128::from_str_radix(digits, radix) {
            Ok(n) => n as f64,
            Err(_) => digits.chars().fold(0.0, |acc, c| {
                acc * f64::from(radix) + f64::from(c.to_digit(radix).unwrap_or(0))
            }),
        };
    }
    let unsigned = text.trim_start_matches(['+', '-']);
    if text.len() - unsigned.len() > 1 {
        return f64::NAN;
    }
    let negative = text.starts_with('-');
    let magnitude = if unsigned == "Infinity" {
        f64::INFINITY
    } else if is_decimal_literal(unsigned) {
        unsigned.parse::<f64>().unwrap_or(f64::NAN)
    } else {
        f64::NAN
    };
    if negative {
        -magnitude
    } else {
        magnitude
    }
}

/// Whether `text` is an unsigned StrDecimalLiteral without `Infinity`: digits with an optional
/// fraction (either side of the point may be empty, not both) and exponent.
fn is_decimal_literal(text: &str) -> bool {
    let (mantissa, exponent) = match text.find(['e', 'E']) {
        Some(i) => (&text[..i], Some(&text[i + 1..])),
        None => (text, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let all_digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = all_digits(int) && all_digits(frac) && !(int.is_empty() && frac.is_empty());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && all_digits(e)
    });
    mantissa_ok && exponent_ok
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_written_as_javascript_writes_them() {
        // node: String(x) for each
        let cases = [
            (0.0, "0"),
            (-0.0, "0"),
            (1.0, "1"),
            (-1.5, "-1.5"),
            (123456789012345680000.0, "123456789012345680000"),
            (1e21, "1e+21"),
            (1.5e22, "1.5e+22"),
            (0.000001, "0.000001"),
            (1.5e-7, "1.5e-7"),
            (0.1 + 0.2, "0.30000000000000004"),
            (1e-7, "1e-7"),
            (f64::MAX, "1.7976931348623157e+308"),
            (5e-324, "5e-324"),
            // an exact tie at 17 digits goes to the even one
            (-258_655.0 - 2245.0 / 4096.0, "-258655.54809570312"),
        ];
        for (value, text) in cases {
            assert_eq!(number_to_string(value), text, "{value:e}");
        }
    }

    #[test]
    fn radix_digits_as_v8() {
        // node: (x).toString(r)
        assert_eq!(integer_to_radix(255.0, 16), "ff");
        assert_eq!(integer_to_radix(-255.0, 2), "-11111111");
        assert_eq!(integer_to_radix(0.0, 36), "0");
        assert_eq!(
            integer_to_radix(1e22, 2),
            "10000111100001100111100000110010011011101010110010010000000000000000000000"
        );
        assert_eq!(integer_to_radix(1e22, 10), "1e+22");
        assert_eq!(integer_to_radix(1e20, 36), "l3r41ifs0p800");
    }

    #[test]
    fn to_fixed_rounds_the_exact_value_half_up() {
        // node: x.toFixed(d)
        assert_eq!(to_fixed(0.5, 0), "1");
        assert_eq!(to_fixed(2.5, 0), "3");
        assert_eq!(to_fixed(1.005, 2), "1.00");
        assert_eq!(to_fixed(1.45, 1), "1.4");
        assert_eq!(to_fixed(9.995, 2), "9.99");
        assert_eq!(to_fixed(99.5, 0), "100");
        assert_eq!(to_fixed(0.0, 3), "0.000");
        assert_eq!(to_fixed(1234.5678, 2), "1234.57");
        assert_eq!(to_fixed(1e21, 2), "1e+21");
    }

    #[test]
    fn number_parses_as_javascript_number() {
        // node: Number(s)
        assert_eq!(parse_js_number(" 0o7 "), 7.0);
        assert_eq!(parse_js_number("0x1F"), 31.0);
        assert_eq!(parse_js_number("0b101"), 5.0);
        assert!(parse_js_number("0x1G").is_nan());
        assert!(parse_js_number("abc0o7").is_nan());
        assert!(parse_js_number("-0x1").is_nan());
        assert_eq!(parse_js_number("-.5e1"), -5.0);
        assert_eq!(parse_js_number("5."), 5.0);
        assert_eq!(parse_js_number(""), 0.0);
        assert_eq!(parse_js_number("-Infinity"), f64::NEG_INFINITY);
        assert!(parse_js_number("--1").is_nan());
        assert!(parse_js_number("1e").is_nan());
    }
}
