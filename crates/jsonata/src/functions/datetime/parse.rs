//! `$toMillis` with a picture: the picture becomes a regular expression (as jsonata-js builds
//! it; matched by `matcher` without backtracking, or run with ECMAScript semantics when out of
//! its vocabulary), each marker's text is read, and the time is made from
//! the components found, the ones missing defaulted from the current time (the more
//! significant) or to their least value (the less significant).

use std::collections::HashMap;

use super::calendar::{utc, Fields, DAY};
use super::components::{component, Component};
use super::format::{day_names, MONTHS};
use super::markers::{analyse, Marker, Part};
use super::matcher::{compile, words_regex};
use crate::functions::picture::{
    js_number, js_parse_int, Case, Failure, Grouping, IntegerFormat, Primary,
};

/// How a captured piece of text becomes a component's value.
enum Reader {
    /// A literal: nothing to read.
    Literal,
    /// A timezone: minutes east of UTC.
    Timezone {
        /// `z`: after `GMT`.
        gmt: bool,
        /// The separator between hours and minutes, if the picture has one.
        separator: Option<char>,
    },
    /// A number in an integer format.
    Integer(IntegerFormat),
    /// A name (month, day, am/pm) and its value.
    Names(Vec<(String, f64)>),
}

/// The regular expression of one part and how its match reads.
struct Matcher {
    regex: String,
    reader: Reader,
    component: char,
}

/// Escapes text for a regular expression as jsonata-js does.
fn escape(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if ".*+?^${}()|[]\\".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// The matcher of one part of the picture.
fn matcher(part: &Part) -> Result<Matcher, Failure> {
    let marker = match part {
        Part::Literal(text) => {
            return Ok(Matcher {
                regex: escape(text),
                reader: Reader::Literal,
                component: ' ',
            })
        }
        Part::Marker(marker) => marker,
    };
    let c = marker.component;
    let (regex, reader) = if c == 'Z' || c == 'z' {
        let separator = match marker.integer.as_ref().map(|f| (&f.primary, &f.grouping)) {
            Some((Primary::Decimal, Grouping::Regular { separator, .. })) => Some(*separator),
            _ => None,
        };
        let mut regex = if c == 'z' {
            "GMT".to_string()
        } else {
            String::new()
        };
        regex.push_str("[-+][0-9]+");
        if let Some(s) = separator {
            regex.push(s);
            regex.push_str("[0-9]+");
        }
        let reader = Reader::Timezone {
            gmt: c == 'z',
            separator,
        };
        (regex, reader)
    } else if let Some(format) = &marker.integer {
        (
            integer_regex(format, marker.digits)?,
            Reader::Integer(format.clone()),
        )
    } else {
        ("[a-zA-Z]+".to_string(), Reader::Names(names(marker)?))
    };
    Ok(Matcher {
        regex,
        reader,
        component: c,
    })
}

/// The names a marker reads (exactly as written: jsonata-js looks them up case-sensitively).
fn names(marker: &Marker) -> Result<Vec<(String, f64)>, Failure> {
    let cut = |name: &str| match marker.width.and_then(|w| w.max) {
        Some(max) if max > 0.0 => name.chars().take(max as usize).collect(),
        _ => name.to_string(),
    };
    Ok(match marker.component {
        'M' | 'x' => MONTHS
            .iter()
            .enumerate()
            .map(|(i, m)| (cut(m), i as f64 + 1.0))
            .collect(),
        'F' => day_names()
            .iter()
            .enumerate()
            .map(|(i, d)| (cut(d), i as f64 + 1.0))
            .collect(),
        'P' => [("am", 0.0), ("AM", 0.0), ("pm", 1.0), ("PM", 1.0)]
            .iter()
            .map(|(n, v)| (n.to_string(), *v))
            .collect(),
        c => return Err(Failure::new("D3133", c)),
    })
}

/// The regular expression of a number in an integer format (`digits` fixes how many digits a
/// year, month or day has).
fn integer_regex(format: &IntegerFormat, digits: Option<f64>) -> Result<String, Failure> {
    let upper = format.case == Case::Upper;
    Ok(match &format.primary {
        Primary::Letters => if upper { "[A-Z]+" } else { "[a-z]+" }.to_string(),
        Primary::Roman => if upper { "[MDCLXVI]+" } else { "[mdclxvi]+" }.to_string(),
        Primary::Words => words_regex(),
        Primary::Decimal => {
            let occurrences = match digits {
                Some(n) if n > 0.0 => {
                    let optional = format.optional_digits as f64;
                    if optional == 0.0 {
                        format!("{{{}}}", js_number(n))
                    } else {
                        format!("{{{},{}}}", js_number(n - optional), js_number(n))
                    }
                }
                _ => "+".to_string(),
            };
            let mut regex = format!("[0-9]{occurrences}");
            if format.ordinal {
                regex.push_str("(?:th|st|nd|rd)");
            }
            regex
        }
        Primary::Sequence(token) => return Err(Failure::new("D3130", token.clone())),
    })
}

impl Reader {
    /// The value of the text matched (`None` for a name not known).
    fn read(&self, text: &str) -> Result<Option<f64>, Failure> {
        Ok(Some(match self {
            Reader::Literal => return Ok(None),
            Reader::Timezone { gmt, separator } => {
                let text = if *gmt {
                    text.get(3..).unwrap_or("")
                } else {
                    text
                };
                let (hours, minutes) = match separator.and_then(|s| text.split_once(s)) {
                    Some((h, m)) => (js_parse_int(h), js_parse_int(m)),
                    None if text.chars().count() <= 3 => (js_parse_int(text), 0.0),
                    None => {
                        let split = text.char_indices().nth(3).map_or(text.len(), |(i, _)| i);
                        (js_parse_int(&text[..split]), js_parse_int(&text[split..]))
                    }
                };
                hours * 60.0 + minutes
            }
            Reader::Integer(format) => format.read(text)?,
            Reader::Names(names) => match names.iter().find(|(n, _)| n == text) {
                Some((_, v)) => *v,
                None => return Ok(None),
            },
        }))
    }
}

/// The components read: each marker's letter with its value (`None`: matched but not read).
type Components = HashMap<char, Option<f64>>;

/// Reads `text` with `picture`: `Ok(None)` when it does not match or has no markers.
pub(crate) fn parse_date_time(text: &str, picture: &str, now: f64) -> Result<Option<f64>, Failure> {
    let parts = analyse(picture)?;
    let matchers: Vec<Matcher> = parts.iter().map(matcher).collect::<Result<_, _>>()?;
    let Some(captures) = find(text, &matchers)? else {
        return Ok(None);
    };
    let mut components = Components::new();
    for (i, m) in matchers.iter().enumerate() {
        if matches!(m.reader, Reader::Literal) {
            continue;
        }
        let value = match &captures[i] {
            Some(capture) => m.reader.read(capture)?,
            None => None,
        };
        components.insert(m.component, value);
    }
    if components.is_empty() {
        return Ok(None);
    }
    assemble(components, now).map(Some)
}

/// Each part's text when the whole timestamp matches the parts' expressions (`None` for a
/// part that took no part in the match). The expressions are matched without backtracking
/// when they are of the usual kinds, else as the regular expression jsonata-js builds.
fn find(text: &str, matchers: &[Matcher]) -> Result<Option<Vec<Option<String>>>, Failure> {
    let regexes: Vec<String> = matchers.iter().map(|m| m.regex.clone()).collect();
    if let Some(compiled) = compile(&regexes) {
        let chars: Vec<char> = text.chars().collect();
        let Some(spans) = compiled.find(&chars)? else {
            return Ok(None);
        };
        let texts = spans
            .iter()
            .map(|(a, b)| Some(chars[*a..*b].iter().collect()))
            .collect();
        return Ok(Some(texts));
    }
    let mut pattern = "^".to_string();
    for regex in &regexes {
        pattern.push('(');
        pattern.push_str(regex);
        pattern.push(')');
    }
    pattern.push('$');
    let regex = regress::Regex::with_flags(&pattern, "i").map_err(|e| {
        Failure::new(
            "U1003",
            format!("Invalid regular expression: /{pattern}/i: {e}"),
        )
    })?;
    Ok(regex.find(text).map(|found| {
        (1..=regexes.len())
            .map(|i| found.group(i).map(|range| text[range].to_string()))
            .collect()
    }))
}

/// Which sets of components make a date and a time (jsonata-js's bit masks over `YXMxWwdD`
/// and `PHhmsf`).
const DATE_YMD: u32 = 0b1010_0001;
const DATE_YD: u32 = 0b1000_0010;
const DATE_XXWF: u32 = 0b0101_0100;
const DATE_XWF: u32 = 0b0100_1000;
const TIME_HMSF: u32 = 0b01_0111;
const TIME_PHMSF: u32 = 0b10_1111;

/// The time from the components read; D3136 when they leave a gap or make an ISO week date.
fn assemble(mut components: Components, now: f64) -> Result<f64, Failure> {
    let mask = |letters: &str, components: &Components| {
        letters.chars().fold(0u32, |mask, c| {
            let set = components
                .get(&c)
                .copied()
                .flatten()
                .is_some_and(|v| v != 0.0 && !v.is_nan());
            (mask << 1) | u32::from(set)
        })
    };
    let is = |kind: u32, mask: u32| (!kind & mask) == 0 && (kind & mask) != 0;
    let date_mask = mask("YXMxWwdD", &components);
    let date_a = is(DATE_YMD, date_mask);
    let date_b = !date_a && is(DATE_YD, date_mask);
    let date_c = is(DATE_XXWF, date_mask);
    let date_d = !date_c && is(DATE_XWF, date_mask);
    let time_mask = mask("PHhmsf", &components);
    let time_b = !is(TIME_HMSF, time_mask) && is(TIME_PHMSF, time_mask);

    let date_letters = if date_b {
        "YD"
    } else if date_c {
        "XxwF"
    } else if date_d {
        "XWF"
    } else {
        "YMD"
    };
    let time_letters = if time_b { "Phmsf" } else { "Hmsf" };
    let now = Fields::of(now);
    let mut started = false;
    let mut ended = false;
    for c in date_letters.chars().chain(time_letters.chars()) {
        if components.get(&c).copied().flatten().is_some() {
            started = true;
            if ended {
                return Err(Failure::new("D3136", ""));
            }
        } else if started {
            components.insert(c, Some(if "MDd".contains(c) { 1.0 } else { 0.0 }));
            ended = true;
        } else {
            let value = match component(&now, c) {
                Component::Number(n) => n,
                // am/pm as text is never 1 (pm) to jsonata-js
                _ => f64::NAN,
            };
            components.insert(c, Some(value));
        }
    }
    let get = |c: char| components.get(&c).copied().flatten().unwrap_or(f64::NAN);
    let mut month = get('M');
    month = if month > 0.0 { month - 1.0 } else { 0.0 };
    let mut day = get('D');
    if date_b {
        let first = utc(get('Y'), 0.0, 1.0, [0.0; 4]);
        let derived = Fields::of(first + (get('d') - 1.0) * DAY);
        month = derived.month;
        day = derived.day;
    }
    if date_c || date_d {
        // jsonata-js does not read ISO week dates
        return Err(Failure::new("D3136", ""));
    }
    let mut hours = get('H');
    if time_b {
        let h = get('h');
        hours = if h == 12.0 { 0.0 } else { h };
        if get('P') == 1.0 {
            hours += 12.0;
        }
    }
    let mut millis = utc(get('Y'), month, day, [hours, get('m'), get('s'), get('f')]);
    let zone = [get('Z'), get('z')]
        .into_iter()
        .find(|v| *v != 0.0 && !v.is_nan());
    if let Some(minutes) = zone {
        millis -= minutes * 60_000.0;
    }
    Ok(millis)
}
