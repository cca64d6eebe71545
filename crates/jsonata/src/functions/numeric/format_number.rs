//! `$formatNumber(number, picture, options?)`: a number as text by an XPath/XSLT decimal-format
//! picture (F&O 3.1 §4.7), with jsonata-js 2.0.6's reading of the picture.
//!
//! The picture is worked on as characters; each decimal-format property is a string (the
//! options object may set any of them), which matches a single picture character only when it
//! is that one character.

use super::text::to_fixed;
use super::{round_half_even, text};
use crate::functions::{argument, failure};
use crate::value::{Host, Object, Value};
use crate::Error;

/// The decimal-format properties (F&O's names), after the options object's overrides.
struct Properties {
    decimal_separator: Vec<char>,
    grouping_separator: Vec<char>,
    exponent_separator: Vec<char>,
    minus_sign: Vec<char>,
    percent: Vec<char>,
    per_mille: Vec<char>,
    zero_digit: Vec<char>,
    digit: Vec<char>,
    pattern_separator: Vec<char>,
    /// The ten digits from the zero digit on (none when it is not a BMP character: jsonata-js
    /// works in UTF-16 units).
    family: Vec<char>,
}

impl Properties {
    fn new(options: Option<&Object>) -> Properties {
        let get = |key: &str, default: &str| -> Vec<char> {
            match options.and_then(|o| o.get(key)) {
                Some(Value::String(s)) => s.chars().collect(),
                Some(Value::Number(n)) => text::number_to_string(*n).chars().collect(),
                _ => default.chars().collect(),
            }
        };
        let zero_digit = get("zero-digit", "0");
        let family = match zero_digit.first() {
            Some(&zero) if u32::from(zero) <= 0xFFFF => (0..10)
                .filter_map(|i| char::from_u32(u32::from(zero) + i))
                .collect(),
            _ => Vec::new(),
        };
        Properties {
            decimal_separator: get("decimal-separator", "."),
            grouping_separator: get("grouping-separator", ","),
            exponent_separator: get("exponent-separator", "e"),
            minus_sign: get("minus-sign", "-"),
            percent: get("percent", "%"),
            per_mille: get("per-mille", "\u{2030}"),
            zero_digit,
            digit: get("digit", "#"),
            pattern_separator: get("pattern-separator", ";"),
            family,
        }
    }

    fn is_family(&self, c: char) -> bool {
        self.family.contains(&c)
    }

    fn is_digit_or_family(&self, c: char) -> bool {
        self.is_family(c) || is(&self.digit, c)
    }

    /// An active character: a digit of the family, or the decimal, exponent or grouping
    /// separator, the optional digit or the pattern separator.
    fn is_active(&self, c: char) -> bool {
        self.is_family(c)
            || [
                &self.decimal_separator,
                &self.exponent_separator,
                &self.grouping_separator,
                &self.digit,
                &self.pattern_separator,
            ]
            .iter()
            .any(|p| is(p, c))
    }
}

/// Whether the property `p` is exactly the character `c`.
fn is(p: &[char], c: char) -> bool {
    p.len() == 1 && p[0] == c
}

/// JavaScript's `indexOf(needle, from)` over characters.
fn find(hay: &[char], needle: &[char], from: usize) -> Option<usize> {
    let from = from.min(hay.len());
    if needle.is_empty() {
        return Some(from);
    }
    (from..hay.len()).find(|&i| hay[i..].starts_with(needle))
}

/// JavaScript's `lastIndexOf(needle)` over characters.
fn rfind(hay: &[char], needle: &[char]) -> Option<usize> {
    if needle.is_empty() {
        return Some(hay.len());
    }
    (0..hay.len()).rev().find(|&i| hay[i..].starts_with(needle))
}

fn contains(hay: &[char], needle: &[char]) -> bool {
    find(hay, needle, 0).is_some()
}

/// JavaScript's `substring(start, end)`: clamped, and swapped when reversed.
fn substring(s: &[char], start: usize, end: usize) -> Vec<char> {
    let (a, b) = (start.min(s.len()), end.min(s.len()));
    s[a.min(b)..a.max(b)].to_vec()
}

/// A sub-picture cut into its parts (F&O 4.7.3's terms).
#[derive(Clone)]
struct Parts {
    prefix: Vec<char>,
    suffix: Vec<char>,
    active: Vec<char>,
    mantissa: Vec<char>,
    exponent: Option<Vec<char>>,
    integer: Vec<char>,
    fraction: Vec<char>,
    picture: Vec<char>,
}

fn split_parts(p: &Properties, picture: Vec<char>) -> Option<Parts> {
    let anchor = |c: &char| p.is_active(*c) && !is(&p.exponent_separator, *c);
    let first = picture.iter().position(anchor)?;
    let last = picture.iter().rposition(anchor)?;
    let prefix = picture[..first].to_vec();
    let suffix = picture[last + 1..].to_vec();
    let active = picture[first..=last].to_vec();
    let (mantissa, exponent) = match find(&picture, &p.exponent_separator, prefix.len()) {
        Some(at) if at <= picture.len() - suffix.len() => (
            // jsonata-js cuts the active part at the exponent's index in the whole picture
            substring(&active, 0, at),
            Some(substring(&active, at + 1, active.len())),
        ),
        _ => (active.clone(), None),
    };
    let (integer, fraction) = match find(&mantissa, &p.decimal_separator, 0) {
        None => (mantissa.clone(), suffix.clone()),
        Some(at) => (
            mantissa[..at].to_vec(),
            substring(&mantissa, at + 1, mantissa.len()),
        ),
    };
    Some(Parts {
        prefix,
        suffix,
        active,
        mantissa,
        exponent,
        integer,
        fraction,
        picture,
    })
}

/// Checks a sub-picture (F&O 4.7.3); the last rule broken gives the code, as in jsonata-js.
fn validate(p: &Properties, parts: &Parts) -> Option<&'static str> {
    let pic = &parts.picture;
    let count_family = |s: &[char]| s.iter().filter(|c| p.is_family(**c)).count();
    let once = |needle: &[char]| find(pic, needle, 0) == rfind(pic, needle);
    let mut error = None;
    let decimal = find(pic, &p.decimal_separator, 0);
    if !once(&p.decimal_separator) {
        error = Some("D3081");
    }
    if !once(&p.percent) {
        error = Some("D3082");
    }
    if !once(&p.per_mille) {
        error = Some("D3083");
    }
    let has_percent = contains(pic, &p.percent);
    let has_per_mille = contains(pic, &p.per_mille);
    if has_percent && has_per_mille {
        error = Some("D3084");
    }
    if !parts.mantissa.iter().any(|c| p.is_digit_or_family(*c)) {
        error = Some("D3085");
    }
    if parts.active.iter().any(|c| !p.is_active(*c)) {
        error = Some("D3086");
    }
    let is_grouping = |c: Option<&char>| match c {
        Some(c) => is(&p.grouping_separator, *c),
        None => p.grouping_separator.is_empty(),
    };
    match decimal {
        Some(at) => {
            let before = at.checked_sub(1).and_then(|i| pic.get(i));
            if is_grouping(before) || is_grouping(pic.get(at + 1)) {
                error = Some("D3087");
            }
        }
        None => {
            if is_grouping(parts.integer.last()) {
                error = Some("D3088");
            }
        }
    }
    let double: Vec<char> = [p.grouping_separator.clone(), p.grouping_separator.clone()].concat();
    if contains(pic, &double) {
        error = Some("D3089");
    }
    if let Some(at) = find(&parts.integer, &p.digit, 0) {
        if count_family(&parts.integer[..at]) > 0 {
            error = Some("D3090");
        }
    }
    if let Some(at) = rfind(&parts.fraction, &p.digit) {
        if count_family(&parts.fraction[at.min(parts.fraction.len())..]) > 0 {
            error = Some("D3091");
        }
    }
    if let Some(exponent) = &parts.exponent {
        if !exponent.is_empty() && (has_percent || has_per_mille) {
            error = Some("D3092");
        }
        if exponent.is_empty() || exponent.iter().any(|c| !p.is_family(*c)) {
            error = Some("D3093");
        }
    }
    error
}

/// What formatting needs to know of a sub-picture (F&O 4.7.4).
#[derive(Clone)]
struct Analysis {
    integer_grouping: Vec<usize>,
    regular_grouping: usize,
    min_integer: usize,
    scaling: usize,
    prefix: Vec<char>,
    fraction_grouping: Vec<usize>,
    min_fraction: usize,
    max_fraction: usize,
    min_exponent: usize,
    suffix: Vec<char>,
    picture: Vec<char>,
}

/// The positions of the grouping separators in `part`, counted in digits from the decimal
/// point (`to_left`: from the part's start). jsonata-js looks for each next separator in the
/// integer part, whichever part it is counting.
fn grouping_positions(p: &Properties, parts: &Parts, part: &[char], to_left: bool) -> Vec<usize> {
    let mut positions = Vec::new();
    let mut at = find(part, &p.grouping_separator, 0);
    while let Some(i) = at {
        let side = if to_left {
            substring(part, 0, i)
        } else {
            substring(part, i, part.len())
        };
        positions.push(side.iter().filter(|c| p.is_digit_or_family(**c)).count());
        at = find(&parts.integer, &p.grouping_separator, i + 1).filter(|next| *next > i);
        if positions.len() > part.len() {
            break;
        }
    }
    positions
}

/// The interval of regular grouping, or 0 when the positions are not all its multiples.
fn regular(positions: &[usize]) -> usize {
    fn gcd(a: usize, b: usize) -> usize {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }
    let Some(factor) = positions.iter().copied().reduce(gcd) else {
        return 0;
    };
    let all = (1..=positions.len()).all(|i| positions.contains(&(i * factor)));
    if all {
        factor
    } else {
        0
    }
}

fn analyse(p: &Properties, parts: &Parts) -> Analysis {
    let count = |s: &[char], f: &dyn Fn(char) -> bool| s.iter().filter(|c| f(**c)).count();
    let integer_grouping = grouping_positions(p, parts, &parts.integer, false);
    let mut min_integer = count(&parts.integer, &|c| p.is_family(c));
    let scaling = min_integer;
    let mut min_fraction = count(&parts.fraction, &|c| p.is_family(c));
    let mut max_fraction = count(&parts.fraction, &|c| p.is_digit_or_family(c));
    let exponent = parts.exponent.as_ref();
    if min_integer == 0 && max_fraction == 0 {
        if exponent.is_some() {
            min_fraction = 1;
            max_fraction = 1;
        } else {
            min_integer = 1;
        }
    }
    if exponent.is_some() && min_integer == 0 && contains(&parts.integer, &p.digit) {
        min_integer = 1;
    }
    if min_integer == 0 && min_fraction == 0 {
        min_fraction = 1;
    }
    Analysis {
        regular_grouping: regular(&integer_grouping),
        integer_grouping,
        min_integer,
        scaling,
        prefix: parts.prefix.clone(),
        fraction_grouping: grouping_positions(p, parts, &parts.fraction, true),
        min_fraction,
        max_fraction,
        min_exponent: exponent.map_or(0, |e| count(e, &|c| p.is_family(c))),
        suffix: parts.suffix.clone(),
        picture: parts.picture.clone(),
    }
}

/// Splits `picture` at the pattern separator as JavaScript's `split` does.
fn sub_pictures(picture: &[char], separator: &[char]) -> Vec<Vec<char>> {
    if separator.is_empty() {
        return picture.iter().map(|c| vec![*c]).collect();
    }
    let mut out = Vec::new();
    let mut start = 0;
    while let Some(at) = find(picture, separator, start) {
        out.push(picture[start..at].to_vec());
        start = at + separator.len();
    }
    out.push(picture[start..].to_vec());
    out
}

/// JavaScript's `slice(start, end)` bound: a negative index counts from the end.
fn slice_bound(len: usize, index: isize) -> usize {
    if index < 0 {
        len.saturating_sub(index.unsigned_abs())
    } else {
        (index as usize).min(len)
    }
}

/// Inserts `what` at JavaScript slice index `at` of `s`.
fn insert_at(s: &mut Vec<char>, at: isize, what: &[char]) {
    let i = slice_bound(s.len(), at);
    s.splice(i..i, what.iter().copied());
}

/// `toFixed` of |value| in the picture's digits.
fn digits_of(p: &Properties, value: f64, places: usize) -> Vec<char> {
    to_fixed(value, places)
        .chars()
        .map(|c| match c.to_digit(10) {
            Some(d) if !p.family.is_empty() => p.family.get(d as usize).copied().unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// The most fraction digits jsonata-js can write: `toFixed` throws a RangeError past 100 (a
/// host limit, U1002 here).
const MAX_FRACTION_DIGITS: usize = 100;

/// Formats `value` by the analysed sub-picture `pic` (F&O 4.7.5's bullets).
fn format(p: &Properties, pic: &Analysis, value: f64) -> Result<Vec<char>, &'static str> {
    let zero = &p.zero_digit;
    let adjusted = if contains(&pic.picture, &p.percent) {
        value * 100.0
    } else if contains(&pic.picture, &p.per_mille) {
        value * 1000.0
    } else {
        value
    };
    let mut mantissa = adjusted;
    let mut exponent = None;
    if pic.min_exponent > 0 {
        // jsonata-js loops forever for 0 and for a negative number here; this scales the
        // magnitude instead (and leaves 0 alone).
        let max = 10f64.powi(pic.scaling as i32);
        let min = 10f64.powi(pic.scaling as i32 - 1);
        let mut e = 0i32;
        if mantissa != 0.0 && mantissa.is_finite() {
            while mantissa.abs() < min {
                mantissa *= 10.0;
                e -= 1;
            }
            while mantissa.abs() > max {
                mantissa /= 10.0;
                e += 1;
            }
        }
        exponent = Some(e);
    }
    if pic.max_fraction > MAX_FRACTION_DIGITS {
        return Err("U1002");
    }
    let rounded = round_half_even(mantissa, pic.max_fraction as f64);
    let mut s = digits_of(p, rounded, pic.max_fraction);
    match s.iter().position(|c| *c == '.') {
        None => s.extend(&p.decimal_separator),
        Some(at) => {
            s.splice(at..=at, p.decimal_separator.iter().copied());
        }
    }
    if zero.len() == 1 {
        let leading = s.iter().take_while(|c| **c == zero[0]).count();
        s.drain(..leading);
        let trailing = s.iter().rev().take_while(|c| **c == zero[0]).count();
        s.truncate(s.len() - trailing);
    }
    let decimal = find(&s, &p.decimal_separator, 0).map_or(-1, |i| i as isize);
    let pad_left = pic.min_integer as isize - decimal;
    let pad_right = pic.min_fraction as isize - (s.len() as isize - decimal - 1);
    if pad_left > 0 {
        let pad = zero.repeat(pad_left as usize);
        s.splice(0..0, pad);
    }
    if pad_right > 0 {
        s.extend(zero.repeat(pad_right as usize));
    }
    let mut decimal = find(&s, &p.decimal_separator, 0).map_or(-1, |i| i as isize);
    let grouping = &p.grouping_separator;
    if pic.regular_grouping > 0 {
        let every = pic.regular_grouping as isize;
        let groups = (decimal - 1).div_euclid(every);
        for group in 1..=groups {
            insert_at(&mut s, decimal - group * every, grouping);
        }
    } else {
        for &position in &pic.integer_grouping {
            insert_at(&mut s, decimal - position as isize, grouping);
            decimal += 1;
        }
    }
    let decimal = find(&s, &p.decimal_separator, 0).map_or(-1, |i| i as isize);
    for &position in &pic.fraction_grouping {
        insert_at(&mut s, position as isize + decimal + 1, grouping);
    }
    let decimal = find(&s, &p.decimal_separator, 0).map_or(-1, |i| i as isize);
    if !contains(&pic.picture, &p.decimal_separator) || decimal == s.len() as isize - 1 {
        s.pop();
    }
    if let Some(e) = exponent {
        let mut digits = digits_of(p, f64::from(e), 0);
        let pad = pic.min_exponent.saturating_sub(digits.len());
        digits.splice(0..0, zero.repeat(pad));
        s.extend(&p.exponent_separator);
        if e < 0 {
            s.extend(&p.minus_sign);
        }
        s.extend(digits);
    }
    Ok([pic.prefix.clone(), s, pic.suffix.clone()].concat())
}

/// `$formatNumber(number, picture, options?)`.
pub(super) fn format_number(host: &mut dyn Host, args: &[Value]) -> Result<Value, Error> {
    let (Value::Number(value), Value::String(picture)) = (argument(args, 0), argument(args, 1))
    else {
        return Ok(Value::Undefined);
    };
    let options = argument(args, 2);
    let p = Properties::new(options.as_object());
    let fail = |code: &'static str| failure(host, code, message(code));
    let picture: Vec<char> = picture.chars().collect();
    let subs = sub_pictures(&picture, &p.pattern_separator);
    if subs.len() > 2 {
        return Err(fail("D3080"));
    }
    let mut analyses = Vec::new();
    let mut all_parts = Vec::new();
    for sub in subs {
        // a sub-picture without a digit or separator breaks jsonata-js (a TypeError); D3085
        // says what is wrong with it
        all_parts.push(split_parts(&p, sub).ok_or_else(|| fail("D3085"))?);
    }
    for parts in &all_parts {
        if let Some(code) = validate(&p, parts) {
            return Err(fail(code));
        }
    }
    for parts in &all_parts {
        analyses.push(analyse(&p, parts));
    }
    if analyses.len() == 1 {
        let mut negative = analyses[0].clone();
        negative.prefix = [p.minus_sign.clone(), negative.prefix].concat();
        analyses.push(negative);
    }
    let pic = if value >= 0.0 {
        &analyses[0]
    } else {
        &analyses[1]
    };
    let text = format(&p, pic, value).map_err(fail)?;
    Ok(Value::string(text.into_iter().collect::<String>()))
}

/// jsonata-js's message for a picture error.
fn message(code: &str) -> &'static str {
    match code {
        "D3080" => "The picture string must only contain a maximum of two sub-pictures",
        "D3081" => "The sub-picture must not contain more than one instance of the 'decimal-separator' character",
        "D3082" => "The sub-picture must not contain more than one instance of the 'percent' character",
        "D3083" => "The sub-picture must not contain more than one instance of the 'per-mille' character",
        "D3084" => "The sub-picture must not contain both a 'percent' and a 'per-mille' character",
        "D3085" => "The mantissa part of a sub-picture must contain at least one character that is either an 'optional digit character' or a member of the 'decimal digit family'",
        "D3086" => "The sub-picture must not contain a passive character that is preceded by an active character and that is followed by another active character",
        "D3087" => "The sub-picture must not contain a 'grouping-separator' character that appears adjacent to a 'decimal-separator' character",
        "D3088" => "The sub-picture must not contain a 'grouping-separator' at the end of the integer part",
        "D3089" => "The sub-picture must not contain two adjacent instances of the 'grouping-separator' character",
        "D3090" => "The integer part of the sub-picture must not contain a member of the 'decimal digit family' that is followed by an instance of the 'optional digit character'",
        "D3091" => "The fractional part of the sub-picture must not contain an instance of the 'optional digit character' that is followed by a member of the 'decimal digit family'",
        "U1002" => "The picture asks for more than 100 fraction digits, more than JavaScript's toFixed writes",
        "D3092" => "A sub-picture that contains a 'percent' or 'per-mille' character must not contain a character treated as an 'exponent-separator'",
        _ => "The exponent part of the sub-picture must comprise only of one or more characters that are members of the 'decimal digit family'",
    }
}

#[cfg(test)]
mod tests {
    use crate::functions::test_host::{call, json};

    /// The suite's function-formatNumber cases and more, each checked with
    /// `node /tmp/jsref/eval.js '$formatNumber(…)'`.
    #[test]
    fn pictures_format_as_jsonata_js() {
        let product = 2392.14 * -36.58;
        let cases = [
            (r####"[12345.6, "#,###.00"]"####, r#""12,345.60""#),
            (r####"[12345678.9, "9,999.99"]"####, r#""12,345,678.90""#),
            (
                r####"[123412345678.9, "9,9,99.99"]"####,
                r#""123412345,6,78.90""#,
            ),
            (
                r####"[1234.56789, "9,999.999,999"]"####,
                r#""1,234.567,890""#,
            ),
            (r####"[123.9, "9999"]"####, r#""0124""#),
            (r####"[0.14, "01%"]"####, r#""14%""#),
            (r####"[0.4857, "###.###‰"]"####, r#""485.7‰""#),
            (
                r####"[0.14, "###pm", {"per-mille": "pm"}]"####,
                r#""140pm""#,
            ),
            (r####"[-6, "000"]"####, r#""-006""#),
            (r####"[1234.5678, "00.000e0"]"####, r#""12.346e2""#),
            (r####"[1234.5678, "00.000e000"]"####, r#""12.346e002""#),
            (
                r####"[1234.5678, "①①.①①①e①", {"zero-digit": "⑟"}]"####,
                r#""①②.③④⑥e②""#,
            ),
            (r####"[0.234, "0.0e0"]"####, r#""2.3e-1""#),
            (r####"[0.234, "#.00e0"]"####, r#""0.23e0""#),
            (r####"[0.123, "#.e9"]"####, r#""0.1e0""#),
            (r####"[0.234, ".00e0"]"####, r#"".23e0""#),
            (
                &format!(r####"[{product}, "000,000.000###;###,###.000###"]"####),
                r#""87,504.4812""#,
            ),
            (
                r####"[185.2812, "PREFIX##00.000###SUFFIX"]"####,
                r#""PREFIX185.2812SUFFIX""#,
            ),
            (
                r####"[1e20, "#,######"]"####,
                r#""100,000000,000000,000000""#,
            ),
            (r####"[2, "000.000"]"####, r#""002.000""#),
            (
                r####"[2, "AAA.AAA", {"zero-digit": "A"}]"####,
                r#""AAC.AAA""#,
            ),
            (
                r####"[0.1, "AeAAA", {"zero-digit": "A"}]"####,
                r#""Be-AAB""#,
            ),
            (r####"[1e22, "#"]"####, r#""1e+22""#),
            (r####"[0.5, "0"]"####, r#""0""#),
            (r####"[2.5, "0"]"####, r#""2""#),
            (r####"[-0.5, "0;(0)"]"####, r#""(0)""#),
        ];
        for (args, expected) in cases {
            assert_eq!(call("formatNumber", args), Ok(json(expected)), "{args}");
        }
    }

    #[test]
    fn picture_errors_as_jsonata_js() {
        let cases = [
            ("#;#;#", "D3080"),
            ("#.0.0", "D3081"),
            ("#0%%", "D3082"),
            ("#0‰‰", "D3083"),
            ("#0%‰", "D3084"),
            (".e0", "D3085"),
            ("0+.e0", "D3086"),
            ("0,.e0", "D3087"),
            ("0,", "D3088"),
            ("0,,0", "D3089"),
            ("0#.e0", "D3090"),
            ("#0.#0e0", "D3091"),
            ("#0.0e0%", "D3092"),
            ("#0.0e0,0", "D3093"),
        ];
        for (picture, code) in cases {
            assert_eq!(
                call("formatNumber", &format!("[20, {picture:?}]")),
                Err(code),
                "{picture}"
            );
        }
        assert_eq!(
            call("formatNumber", r####"[1, "#", {"percent": ""}]"####),
            Err("D3082")
        );
        assert_eq!(
            call(
                "formatNumber",
                r####"[1, "0.0", {"decimal-separator": "ab"}]"####
            ),
            Err("D3086")
        );
        // jsonata-js: RangeError (toFixed() digits argument must be between 0 and 100)
        let long = format!("[1, \"0.{}\"]", "0".repeat(101));
        assert_eq!(call("formatNumber", &long), Err("U1002"));
        let longest = format!("[1, \"0.{}\"]", "0".repeat(100));
        assert_eq!(
            call("formatNumber", &longest),
            Ok(json(&format!("\"1.{}\"", "0".repeat(100))))
        );
        let swapped = r####"[1234567.891, "#,##0.00", {"grouping-separator": ".", "decimal-separator": ","}]"####;
        assert_eq!(call("formatNumber", swapped), Err("D3091"));
        assert_eq!(call("formatNumber", r####"[]"####), Ok(None));
    }
}
