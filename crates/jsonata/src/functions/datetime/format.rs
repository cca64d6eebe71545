//! `$fromMillis`: a time written with a date/time picture, in a timezone given as `±hhmm`.

use super::calendar::Fields;
use super::components::{component, Component};
use super::markers::{analyse, Marker, Part};
use crate::functions::picture::{format_integer, js_parse_int, Case, Failure, Grouping};

/// The picture of ISO 8601, the default.
pub(crate) const ISO_8601: &str = "[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01t]";

const DAYS: [&str; 8] = [
    "",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];

/// The English names of the months.
pub(crate) const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The names of the days of the week, Monday first.
pub(crate) fn day_names() -> &'static [&'static str] {
    &DAYS[1..]
}

/// A timezone offset as jsonata-js reads `±hhmm` (`parseInt`, then hundreds are hours: so
/// `-0530` is -6 hours and -30 minutes, as there).
#[derive(Debug, Clone, Copy)]
struct Offset {
    hours: f64,
    minutes: f64,
}

impl Offset {
    fn parse(timezone: Option<&str>) -> Offset {
        match timezone {
            None => Offset {
                hours: 0.0,
                minutes: 0.0,
            },
            Some(tz) => {
                let offset = js_parse_int(tz);
                Offset {
                    hours: (offset / 100.0).floor(),
                    minutes: offset % 100.0,
                }
            }
        }
    }
}

/// Writes the time `millis` with `picture` (ISO 8601 when `None`) in `timezone`.
pub(crate) fn format_date_time(
    millis: f64,
    picture: Option<&str>,
    timezone: Option<&str>,
) -> Result<String, Failure> {
    let offset = Offset::parse(timezone);
    let parts = analyse(picture.unwrap_or(ISO_8601))?;
    let shift = (60.0 * offset.hours + offset.minutes) * 60_000.0;
    let date = Fields::of(millis + shift);
    let mut out = String::new();
    for part in &parts {
        match part {
            Part::Literal(text) => out.push_str(text),
            Part::Marker(marker) => out.push_str(&format_marker(&date, marker, offset)?),
        }
        if out.len() > 4_000_000 {
            return Err(Failure::too_large());
        }
    }
    Ok(out)
}

/// One marker's text.
fn format_marker(date: &Fields, marker: &Marker, offset: Offset) -> Result<String, Failure> {
    let value = component(date, marker.component);
    let c = marker.component;
    if "YMDdFWwXxHhms".contains(c) {
        let Component::Number(mut n) = value else {
            return Ok("undefined".into());
        };
        if c == 'Y' {
            // -1 (from a width of -1 too) is jsonata-js's "all the digits"
            if let Some(digits) = marker.digits.filter(|d| *d != -1.0) {
                n %= 10f64.powf(digits);
            }
        }
        if let Some(case) = marker.names {
            return name(c, n, case, marker);
        }
        return integer(n, marker);
    }
    match (c, value) {
        ('f', Component::Number(n)) => integer(n, marker),
        ('Z' | 'z', _) => timezone(marker, offset),
        ('P', Component::Text(t)) if marker.names == Some(Case::Upper) => Ok(t.to_uppercase()),
        (_, Component::Text(t)) => Ok(t.to_string()),
        (_, Component::Number(n)) => Ok(crate::functions::picture::js_number(n)),
        (_, Component::None) => Ok("undefined".into()),
    }
}

/// A number in the marker's integer format.
fn integer(n: f64, marker: &Marker) -> Result<String, Failure> {
    match &marker.integer {
        Some(format) => format.format(n),
        // jsonata-js fails reading the format of `undefined`
        None => Err(Failure::new("U1003", "no integer format")),
    }
}

/// A month's or day's name, in the marker's case, cut to its maximum width; D3133 for other
/// components.
fn name(c: char, n: f64, case: Case, marker: &Marker) -> Result<String, Failure> {
    let index = |offset: f64| {
        let i = n - offset;
        (i >= 0.0 && i.fract() == 0.0).then_some(i as usize)
    };
    let name = match c {
        'M' | 'x' => index(1.0).and_then(|i| MONTHS.get(i)),
        'F' => index(0.0).and_then(|i| DAYS.get(i)),
        _ => return Err(Failure::new("D3133", c)),
    };
    let Some(name) = name else {
        // an invalid date: jsonata-js writes `undefined`, or fails changing its case or
        // measuring it
        return match (case, marker.width) {
            (Case::Title, None) => Ok("undefined".into()),
            _ => Err(Failure::new("U1003", "no name")),
        };
    };
    let mut name = match case {
        Case::Upper => name.to_uppercase(),
        Case::Lower => name.to_lowercase(),
        Case::Title => name.to_string(),
    };
    if let Some(max) = marker.width.and_then(|w| w.max) {
        if (name.len() as f64) > max {
            name.truncate(max.max(0.0) as usize);
        }
    }
    Ok(name)
}

/// The timezone (`Z`: `+01:00`; `z`: `GMT+01:00`; `t`: `Z` for UTC).
fn timezone(marker: &Marker, offset: Offset) -> Result<String, Failure> {
    let Some(format) = &marker.integer else {
        return Err(Failure::new("U1003", "no integer format"));
    };
    let total = offset.hours * 100.0 + offset.minutes;
    let mut text = if matches!(format.grouping, Grouping::Regular { .. }) {
        format.format(total)?
    } else {
        match format.mandatory_digits {
            Some(d) if d == 1.0 || d == 2.0 => {
                let mut text = format.format(offset.hours)?;
                if offset.minutes != 0.0 {
                    text.push(':');
                    text.push_str(&format_integer(offset.minutes, "00")?);
                }
                text
            }
            Some(d) if d == 3.0 || d == 4.0 => format.format(total)?,
            d => {
                let digits = d.map_or("undefined".into(), crate::functions::picture::js_number);
                return Err(Failure::new("D3134", digits));
            }
        }
    };
    if total >= 0.0 {
        text.insert(0, '+');
    }
    if marker.component == 'z' {
        text.insert_str(0, "GMT");
    }
    if total == 0.0 && marker.presentation2 == Some('t') {
        text = "Z".into();
    }
    Ok(text)
}
