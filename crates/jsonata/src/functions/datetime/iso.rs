//! `$toMillis` without a picture: an ISO 8601 timestamp, checked with jsonata-js's regular
//! expression (D3110 otherwise), then read as V8's `Date.parse` reads it (UTC when no offset
//! is given, as the playground and AWS run; `NaN` for a date that does not exist).

use super::calendar::{time_value, utc};
use crate::functions::picture::Failure;

/// jsonata-js's pattern of an ISO 8601 timestamp.
const PATTERN: &str =
    r"^\d{4}(-[01]\d)*(-[0-3]\d)*(T[0-2]\d:[0-5]\d:[0-5]\d)*(\.\d+)?([+-][0-2]\d:?[0-5]\d|Z)?$";

/// The time of an ISO 8601 timestamp; D3110 when it is not one.
pub(crate) fn parse_iso(timestamp: &str) -> Result<f64, Failure> {
    let matches = regress::Regex::new(PATTERN)
        .ok()
        .is_some_and(|r| r.find(timestamp).is_some());
    if !matches {
        return Err(Failure::new("D3110", timestamp));
    }
    Ok(read(timestamp).unwrap_or(f64::NAN))
}

/// A cursor over the ASCII timestamp (the pattern let nothing else through).
struct Reader<'a> {
    rest: &'a str,
}

impl<'a> Reader<'a> {
    /// The number of `n` digits next.
    fn digits(&mut self, n: usize) -> Option<f64> {
        let d = self.rest.get(..n)?;
        if !d.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        self.rest = &self.rest[n..];
        d.parse().ok()
    }

    /// Whether `prefix` is next (and past it).
    fn eat(&mut self, prefix: &str) -> bool {
        match self.rest.strip_prefix(prefix) {
            Some(rest) => {
                self.rest = rest;
                true
            }
            None => false,
        }
    }

    /// The digits of a fraction after `.`.
    fn fraction(&mut self) -> Option<&'a str> {
        if !self.eat(".") {
            return None;
        }
        let end = self
            .rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(self.rest.len());
        let digits = &self.rest[..end];
        self.rest = &self.rest[end..];
        Some(digits)
    }
}

/// The time, or `None` where `Date.parse` gives `NaN`.
fn read(timestamp: &str) -> Option<f64> {
    let mut r = Reader { rest: timestamp };
    let year = r.digits(4)?;
    let mut date = Vec::new();
    while r.eat("-") {
        date.push(r.digits(2)?);
    }
    let time = if r.eat("T") {
        Some([r.digits(2)?, eat_then(&mut r, ":")?, eat_then(&mut r, ":")?])
    } else {
        None
    };
    let fraction = r.fraction();
    if time.is_none() {
        if let Some(fraction) = fraction {
            return legacy(year, &date, fraction, r.rest);
        }
    }
    let (month, day) = match date.as_slice() {
        [] => (1.0, 1.0),
        [m] => (*m, 1.0),
        [m, d] => (*m, *d),
        _ => return None,
    };
    if !(1.0..=12.0).contains(&month) || !(1.0..=31.0).contains(&day) {
        return None;
    }
    let [hours, minutes, seconds] = time.unwrap_or([0.0; 3]);
    let fraction = fraction.unwrap_or("");
    let millis: f64 = format!("{fraction:0<3}")[..3].parse().ok()?;
    let midnight = hours == 24.0 && minutes == 0.0 && seconds == 0.0;
    if hours > 24.0 || (hours == 24.0 && !(midnight && fraction.bytes().all(|b| b == b'0'))) {
        return None;
    }
    let offset = match r.rest {
        "" | "Z" => 0.0,
        zone if time.is_some() => offset_minutes(zone)?,
        _ => return None,
    };
    let time = time_value(year, month - 1.0, day, [hours, minutes, seconds, millis]);
    Some(time - offset * 60_000.0)
}

/// `:` then two digits.
fn eat_then(r: &mut Reader<'_>, separator: &str) -> Option<f64> {
    r.eat(separator).then_some(())?;
    r.digits(2)
}

/// `±hh:mm` or `±hhmm` in minutes east of UTC (hours up to 23).
fn offset_minutes(zone: &str) -> Option<f64> {
    let sign = match zone.as_bytes().first()? {
        b'+' => 1.0,
        b'-' => -1.0,
        _ => return None,
    };
    let digits = zone[1..].replace(':', "");
    let hours: f64 = digits.get(..2)?.parse().ok()?;
    let minutes: f64 = digits.get(2..)?.parse().ok()?;
    (hours <= 23.0).then_some(sign * (hours * 60.0 + minutes))
}

/// V8's fallback for a fraction without a time (`2018.5` is May 2018, `2018-03.5` the 5th of
/// March): the numbers are year, month, day — or month, day and year when the first could be a
/// day — and two-digit years are 1950 to 2049 (2001 when there is no year).
fn legacy(year: f64, date: &[f64], fraction: &str, rest: &str) -> Option<f64> {
    if !(rest.is_empty() || rest == "Z") || fraction.is_empty() {
        return None;
    }
    let last: f64 = fraction.parse().ok()?;
    let is_day = |n: f64| (1.0..=31.0).contains(&n);
    let (y, m, d) = match date {
        [] if is_day(year) => (2001.0, year, last),
        [] => (year, last, 1.0),
        [b] if is_day(year) => (last, year, *b),
        [b] => (year, *b, last),
        _ => return None,
    };
    if !(1.0..=12.0).contains(&m) || !is_day(d) {
        return None;
    }
    let y = match y {
        y if y <= 49.0 => y + 2000.0,
        y if y <= 99.0 => y + 1900.0,
        y => y,
    };
    Some(utc(y, m - 1.0, d, [0.0; 4]))
}
