//! Built-in functions: `$formatInteger` and `$parseInteger`, with the integer pictures of XPath's
//! `fn:format-integer` (decimal digit patterns, letters, roman numerals, words) that the
//! date/time pictures of `$fromMillis`/`$toMillis` reuse.
//!
//! The rules are jsonata-js 2.0.6's, quirks included: a regular grouping separator is always
//! removed as `,` when parsing, a decimal pattern's suffixes are English whatever its digits.

mod letters;
mod roman;
mod words;

use crate::functions::native;
use crate::value::{Host, Value};
use crate::Error;

pub(crate) use words::WORDS;

/// The longest text a picture may produce (jsonata-js fails with a `RangeError` somewhat later).
const MAX_OUTPUT: f64 = 1_000_000.0;

/// The built-in called `name`, if this module defines it.
pub(crate) fn lookup(name: &str) -> Option<Value> {
    Some(match name {
        "formatInteger" => native(name, "<n-s:s>", |host, args| {
            let (Some(value), Some(picture)) = (number_arg(args, 0), string_arg(args, 1)) else {
                return Ok(Value::Undefined);
            };
            format_integer(value, picture)
                .map(Value::string)
                .map_err(|f| f.into_error("formatInteger", host))
        }),
        "parseInteger" => native(name, "<s-s:n>", |host, args| {
            let (Some(text), Some(picture)) = (string_arg(args, 0), string_arg(args, 1)) else {
                return Ok(Value::Undefined);
            };
            parse_integer(text, picture)
                .map(Value::Number)
                .map_err(|f| f.into_error("parseInteger", host))
        }),
        _ => return None,
    })
}

/// The number argument at `index`, if it is one.
pub(crate) fn number_arg(args: &[Value], index: usize) -> Option<f64> {
    args.get(index).and_then(Value::as_number)
}

/// The string argument at `index`, if it is one.
pub(crate) fn string_arg(args: &[Value], index: usize) -> Option<&str> {
    args.get(index).and_then(Value::as_str)
}

/// `$formatInteger(value, picture)`: the value rounded down, written as the picture says.
pub(crate) fn format_integer(value: f64, picture: &str) -> Result<String, Failure> {
    let format = IntegerFormat::parse(picture)?;
    format.format(value.floor())
}

/// `$parseInteger(text, picture)`: the integer the text writes in the picture's format. Like
/// jsonata-js, the text is not checked against the picture: what does not read is `NaN`.
pub(crate) fn parse_integer(text: &str, picture: &str) -> Result<f64, Failure> {
    IntegerFormat::parse(picture)?.read(text)
}

/// An error of a picture function before it knows where it was called: the code and the
/// `{{value}}` of jsonata-js's message.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Failure {
    /// JSONata's code (D31xx), or U1002 for a result too large to make.
    pub code: &'static str,
    /// What the message names.
    pub value: String,
}

impl Failure {
    /// A failure with `code` about `value`.
    pub(crate) fn new(code: &'static str, value: impl Into<String>) -> Failure {
        Failure {
            code,
            value: value.into(),
        }
    }

    /// The result would be too large (jsonata-js runs out of stack or string length).
    pub(crate) fn too_large() -> Failure {
        Failure::new("U1002", "")
    }

    /// The error, at the position of the call to `$function`.
    pub(crate) fn into_error(self, function: &str, host: &dyn Host) -> Error {
        // jsonata-js writes the value as JSON
        let v = serde_json::Value::String(self.value.clone()).to_string();
        let message = match self.code {
            "D3110" => format!(
                "The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given {v}"
            ),
            "D3130" => format!(
                "Formatting or parsing an integer as a sequence starting with {v} is not supported by this implementation"
            ),
            "D3131" => {
                "In a decimal digit pattern, all digits must be from the same decimal group".into()
            }
            "D3132" => format!("Unknown component specifier {v} in date/time picture string"),
            "D3133" => format!(
                "The 'name' modifier can only be applied to months and days in the date/time picture string, not {v}"
            ),
            "D3134" => {
                "The timezone integer format specifier cannot have more than four digits".into()
            }
            "D3135" => "No matching closing bracket ']' in date/time picture string".into(),
            "D3136" => {
                "The date/time picture string is missing specifiers required to parse the timestamp"
                    .into()
            }
            "U1002" => "The result of the picture is too large".into(),
            _ => self.value.clone(),
        };
        Error::with_message(
            self.code,
            host.position(),
            Some(function.to_string()),
            message,
        )
    }
}

/// How a number is written.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Primary {
    /// Digits of one decimal digit family.
    Decimal,
    /// `a`/`A`: spreadsheet column letters.
    Letters,
    /// `i`/`I`: roman numerals.
    Roman,
    /// `w`/`W`/`Ww`: English words.
    Words,
    /// Anything else: a numbering sequence, which jsonata-js does not support (D3130).
    Sequence(String),
}

/// The letter case of letters, numerals, words and names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Case {
    /// All capitals.
    Upper,
    /// All small letters.
    Lower,
    /// Capitalised words.
    Title,
}

/// Where a decimal pattern's grouping separators go.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Grouping {
    /// One character every `every` digits from the right.
    Regular {
        /// The digits between two separators.
        every: usize,
        /// The separator.
        separator: char,
    },
    /// Each separator at its own count of digits from the right (perhaps none).
    Irregular(Vec<(usize, char)>),
}

/// An analysed integer picture (`primary-format[;modifier]`).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct IntegerFormat {
    /// How the number is written.
    pub primary: Primary,
    /// The case of letters, numerals and words.
    pub case: Case,
    /// `;o`: an ordinal (`1st`, `first`).
    pub ordinal: bool,
    /// The code point of the digit family's zero.
    pub zero: u32,
    /// The digits always written (a decimal pattern's; a date picture's width may raise it,
    /// to any number, `NaN` included, as jsonata-js keeps it). `None` when not decimal.
    pub mandatory_digits: Option<f64>,
    /// The `#` of a decimal pattern.
    pub optional_digits: usize,
    /// The grouping separators of a decimal pattern.
    pub grouping: Grouping,
}

/// The zeros of the decimal digit families jsonata-js recognises.
const DIGIT_FAMILIES: [u32; 37] = [
    0x30, 0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6,
    0x0D66, 0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80,
    0x1A90, 0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0,
    0xFF10,
];

/// The zero of the digit family `c` belongs to, if it is a decimal digit.
fn digit_family(c: char) -> Option<u32> {
    let code = c as u32;
    DIGIT_FAMILIES
        .iter()
        .copied()
        .find(|zero| (*zero..=zero + 9).contains(&code))
}

impl IntegerFormat {
    /// Analyses an integer picture; D3131 when a pattern mixes digit families.
    pub(crate) fn parse(picture: &str) -> Result<IntegerFormat, Failure> {
        let (primary, modifier) = match picture.rfind(';') {
            Some(at) => (&picture[..at], Some(&picture[at + 1..])),
            None => (picture, None),
        };
        let mut format = IntegerFormat {
            primary: Primary::Decimal,
            case: Case::Lower,
            ordinal: modifier.is_some_and(|m| m.starts_with('o')),
            zero: 0x30,
            mandatory_digits: None,
            optional_digits: 0,
            grouping: Grouping::Irregular(Vec::new()),
        };
        let (kind, case) = match primary {
            "A" => (Primary::Letters, Case::Upper),
            "a" => (Primary::Letters, Case::Lower),
            "I" => (Primary::Roman, Case::Upper),
            "i" => (Primary::Roman, Case::Lower),
            "W" => (Primary::Words, Case::Upper),
            "Ww" => (Primary::Words, Case::Title),
            "w" => (Primary::Words, Case::Lower),
            pattern => {
                format.analyse_digits(pattern)?;
                return Ok(format);
            }
        };
        format.primary = kind;
        format.case = case;
        Ok(format)
    }

    /// Reads a decimal digit pattern from the right: digits, `#`, and separators between.
    fn analyse_digits(&mut self, pattern: &str) -> Result<(), Failure> {
        let mut zero = None;
        let mut mandatory = 0usize;
        let mut optional = 0usize;
        let mut position = 0usize;
        let mut separators = Vec::new();
        for c in pattern.chars().rev() {
            if let Some(family) = digit_family(c) {
                mandatory += 1;
                position += 1;
                match zero {
                    None => zero = Some(family),
                    Some(z) if z != family => return Err(Failure::new("D3131", "")),
                    Some(_) => {}
                }
            } else if c == '#' {
                position += 1;
                optional += 1;
            } else {
                separators.push((position, c));
            }
        }
        let Some(zero) = zero else {
            self.primary = Primary::Sequence(pattern.to_string());
            return Ok(());
        };
        self.zero = zero;
        self.mandatory_digits = Some(mandatory as f64);
        self.optional_digits = optional;
        self.grouping = match regular_interval(&separators) {
            Some(every) => Grouping::Regular {
                every,
                separator: separators[0].1,
            },
            None => Grouping::Irregular(separators),
        };
        Ok(())
    }

    /// Writes a whole number (already rounded down) in this format.
    pub(crate) fn format(&self, value: f64) -> Result<String, Failure> {
        let negative = value < 0.0;
        let value = value.abs();
        let mut text = match &self.primary {
            Primary::Letters => letters::from_number(value, self.case == Case::Upper)?,
            Primary::Roman => {
                let numerals = roman::from_number(value)?;
                if self.case == Case::Upper {
                    numerals.to_uppercase()
                } else {
                    numerals
                }
            }
            Primary::Words => {
                let words = words::from_number(value, self.ordinal)?;
                match self.case {
                    Case::Upper => words.to_uppercase(),
                    Case::Lower => words.to_lowercase(),
                    Case::Title => words,
                }
            }
            Primary::Decimal => self.format_decimal(value)?,
            Primary::Sequence(token) => return Err(Failure::new("D3130", token.clone())),
        };
        if negative {
            text.insert(0, '-');
        }
        Ok(text)
    }

    /// Digits: padded with zeros, in the pattern's digit family, grouped, with an English
    /// ordinal suffix.
    fn format_decimal(&self, value: f64) -> Result<String, Failure> {
        let mut digits: Vec<char> = js_number(value).chars().collect();
        let mandatory = self.mandatory_digits.unwrap_or(f64::NAN);
        let padding = mandatory - digits.len() as f64;
        if padding > MAX_OUTPUT {
            return Err(Failure::too_large());
        }
        if padding > 0.0 {
            let mut padded = vec!['0'; padding as usize];
            padded.extend(digits);
            digits = padded;
        }
        if self.zero != 0x30 {
            for c in &mut digits {
                let code = (*c as u32 + self.zero).saturating_sub(0x30);
                *c = char::from_u32(code).unwrap_or(char::REPLACEMENT_CHARACTER);
            }
        }
        match &self.grouping {
            Grouping::Regular { every, separator } => {
                let groups = (digits.len().saturating_sub(1)) / every;
                for i in (1..=groups).rev() {
                    let at = digits.len() - i * every;
                    digits.insert(at, *separator);
                }
            }
            Grouping::Irregular(separators) => {
                for (position, separator) in separators.iter().rev() {
                    insert_from_right(&mut digits, *position, *separator);
                }
            }
        }
        let mut text: String = digits.iter().collect();
        if self.ordinal {
            text.push_str(ordinal_suffix(&digits));
        }
        Ok(text)
    }

    /// Reads text written in this format, as jsonata-js does (no validation: `NaN` when the
    /// text does not read).
    pub(crate) fn read(&self, text: &str) -> Result<f64, Failure> {
        Ok(match &self.primary {
            Primary::Letters => letters::to_number(text, self.case == Case::Upper),
            Primary::Roman => {
                if self.case == Case::Upper {
                    roman::to_number(text)
                } else {
                    roman::to_number(&text.to_uppercase())
                }
            }
            Primary::Words => words::to_number(&text.to_lowercase()),
            Primary::Decimal => return self.read_decimal(text),
            Primary::Sequence(token) => return Err(Failure::new("D3130", token.clone())),
        })
    }

    /// Digits without the ordinal suffix and separators, mapped back to ASCII, read by
    /// JavaScript's `parseInt`.
    fn read_decimal(&self, text: &str) -> Result<f64, Failure> {
        let mut units: Vec<u16> = text.encode_utf16().collect();
        if self.ordinal {
            units.truncate(units.len().saturating_sub(2));
        }
        let mut digits = String::from_utf16_lossy(&units);
        match &self.grouping {
            Grouping::Regular { .. } => digits = digits.replace(',', ""),
            Grouping::Irregular(separators) => {
                for (_, separator) in separators {
                    digits = digits.replace(*separator, "");
                }
            }
        }
        if self.zero != 0x30 {
            let mut mapped = String::new();
            for unit in digits.encode_utf16() {
                let code = i64::from(unit) - i64::from(self.zero) + 0x30;
                if code < 0 {
                    return Err(Failure::new("U1003", format!("Invalid code point {code}")));
                }
                mapped.push(char::from_u32(code as u32).unwrap_or(char::REPLACEMENT_CHARACTER));
            }
            digits = mapped;
        }
        Ok(js_parse_int(&digits))
    }
}

/// The interval of regularly spaced separators (all the same character at every multiple of
/// one interval), as jsonata-js decides it; `None` when irregular or absent.
fn regular_interval(separators: &[(usize, char)]) -> Option<usize> {
    let (_, first) = separators.first()?;
    if separators.iter().any(|(_, c)| c != first) {
        return None;
    }
    fn gcd(a: usize, b: usize) -> usize {
        if b == 0 {
            a
        } else {
            gcd(b, a % b)
        }
    }
    let positions: Vec<usize> = separators.iter().map(|(p, _)| *p).collect();
    let factor = positions[1..].iter().fold(positions[0], |a, b| gcd(a, *b));
    let regular = (1..=positions.len()).all(|i| positions.contains(&(i * factor)));
    (regular && factor > 0).then_some(factor)
}

/// Inserts `separator` `position` characters from the right, as JavaScript's
/// `s.substr(0, p) + sep + s.substr(p)` does with `p = length - position` (a negative `p`
/// counts from the end in `substr`'s start, and makes an empty prefix).
fn insert_from_right(digits: &mut Vec<char>, position: usize, separator: char) {
    let len = digits.len() as i64;
    let p = len - position as i64;
    if p >= 0 {
        digits.insert(p as usize, separator);
    } else {
        let start = (len + p).max(0) as usize;
        let mut rest: Vec<char> = digits[start..].to_vec();
        rest.insert(0, separator);
        *digits = rest;
    }
}

/// `st`, `nd`, `rd` or `th` after the last digit (ASCII digits only, as jsonata-js).
fn ordinal_suffix(digits: &[char]) -> &'static str {
    let last = digits.last().copied();
    let tens = digits.len().checked_sub(2).map(|i| digits[i]);
    let suffix = match last {
        Some('1') => "st",
        Some('2') => "nd",
        Some('3') => "rd",
        _ => "th",
    };
    if tens == Some('1') {
        "th"
    } else {
        suffix
    }
}

pub(crate) use crate::functions::numeric::text::{is_js_space, number_to_string as js_number};

/// JavaScript's `parseInt(text)` (radix 10, or 16 after `0x`): `NaN` without digits.
pub(crate) fn js_parse_int(text: &str) -> f64 {
    let text = text.trim_start_matches(is_js_space);
    let (negative, text) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let hex = text.get(..2).is_some_and(|p| p.eq_ignore_ascii_case("0x"));
    let value = if hex {
        let digits: Vec<u32> = text[2..].chars().map_while(|c| c.to_digit(16)).collect();
        if digits.is_empty() {
            return f64::NAN;
        }
        digits.iter().fold(0.0, |n, d| n * 16.0 + f64::from(*d))
    } else {
        let end = text
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(text.len());
        match text[..end].parse::<f64>() {
            Ok(n) => n,
            Err(_) => return f64::NAN,
        }
    };
    if negative {
        -value
    } else {
        value
    }
}

#[cfg(test)]
pub(crate) mod tests;
