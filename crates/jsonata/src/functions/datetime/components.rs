//! The value of each component of a date/time (`Y`, `M`, `D`, `d`, `F`, `W`, `w`, `X`, `x`,
//! `H`, `h`, `P`, `m`, `s`, `f`, `C`, `E`), as jsonata-js computes it: ISO weeks start on a
//! Monday and the first week of a year (or month) holds its first Thursday.

use super::calendar::{utc, Fields, DAY};

/// A component's value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Component {
    /// A number (perhaps `NaN` for an invalid time).
    Number(f64),
    /// A word: `am`/`pm`, or `ISO` for the calendar and era.
    Text(&'static str),
    /// No value (the timezone, or an unknown component).
    None,
}

/// The value of `component` at the time `date`.
pub(crate) fn component(date: &Fields, component: char) -> Component {
    Component::Number(match component {
        'Y' => date.year,
        'M' => date.month + 1.0,
        'D' => date.day,
        'd' => {
            let today = utc(date.year, date.month, date.day, [0.0; 4]);
            let first = utc(date.year, 0.0, 1.0, [0.0; 4]);
            (today - first) / DAY + 1.0
        }
        'F' => iso_weekday(date.weekday),
        'W' => week_of(date, false),
        'w' => week_of(date, true),
        'X' => {
            let start = first_week(date.year, 0.0);
            let end = first_week(date.year + 1.0, 0.0);
            if date.time < start {
                date.year - 1.0
            } else if date.time >= end {
                date.year + 1.0
            } else {
                date.year
            }
        }
        'x' => {
            let (next_year, next_month) = next_month(date.year, date.month);
            let start = first_week(date.year, date.month);
            let end = first_week(next_year, next_month);
            if date.time < start {
                previous_month(date.year, date.month).1 + 1.0
            } else if date.time >= end {
                next_month + 1.0
            } else {
                date.month + 1.0
            }
        }
        'H' => date.hours,
        'h' => {
            let h = date.hours % 12.0;
            if h == 0.0 {
                12.0
            } else {
                h
            }
        }
        'P' => {
            return Component::Text(if date.hours >= 12.0 { "pm" } else { "am" });
        }
        'm' => date.minutes,
        's' => date.seconds,
        'f' => date.millis,
        'C' | 'E' => return Component::Text("ISO"),
        _ => return Component::None,
    })
}

/// ISO's day of the week: 1 for Monday to 7 for Sunday.
fn iso_weekday(weekday: f64) -> f64 {
    if weekday == 0.0 {
        7.0
    } else {
        weekday
    }
}

/// The time the first week of a month (`month` 0–11) starts: the Monday of the week holding
/// its first Thursday.
fn first_week(year: f64, month: f64) -> f64 {
    let first = utc(year, month, 1.0, [0.0; 4]);
    let weekday = iso_weekday(Fields::of(first).weekday);
    if weekday > 4.0 {
        first + (8.0 - weekday) * DAY
    } else {
        first - (weekday - 1.0) * DAY
    }
}

/// The month after (year, month 0–11).
fn next_month(year: f64, month: f64) -> (f64, f64) {
    if month == 11.0 {
        (year + 1.0, 0.0)
    } else {
        (year, month + 1.0)
    }
}

/// The month before (year, month 0–11).
fn previous_month(year: f64, month: f64) -> (f64, f64) {
    if month == 0.0 {
        (year - 1.0, 11.0)
    } else {
        (year, month - 1.0)
    }
}

/// The week of the year (`W`) or of the month (`w`), counting from the first week; a day
/// before it belongs to the last week of the year (month) before.
fn week_of(date: &Fields, in_month: bool) -> f64 {
    let weeks = |start: f64, end: f64| (end - start) / (DAY * 7.0) + 1.0;
    let (year, month) = (date.year, if in_month { date.month } else { 0.0 });
    let today = utc(year, date.month, date.day, [0.0; 4]);
    let start = first_week(year, month);
    let mut week = weeks(start, today);
    let last = if in_month { 4.0 } else { 52.0 };
    if week > last {
        let (next_year, next_month) = if in_month {
            next_month(year, month)
        } else {
            (year + 1.0, month)
        };
        if today >= first_week(next_year, next_month) {
            week = 1.0;
        }
    } else if week < 1.0 {
        let (previous_year, previous_month) = if in_month {
            previous_month(year, month)
        } else {
            (year - 1.0, month)
        };
        week = weeks(first_week(previous_year, previous_month), today);
    }
    week.floor()
}
