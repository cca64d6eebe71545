//! The proleptic Gregorian calendar as JavaScript's `Date` counts it, in UTC: milliseconds
//! since the epoch to fields and back, `NaN` for an invalid time.

/// Milliseconds in a day.
pub(crate) const DAY: f64 = 86_400_000.0;

/// The fields of a time (all `NaN` for an invalid time), as `Date`'s `getUTC…` give them.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fields {
    /// Milliseconds since the epoch (`getTime`).
    pub time: f64,
    /// The year (`getUTCFullYear`).
    pub year: f64,
    /// The month, 0 for January (`getUTCMonth`).
    pub month: f64,
    /// The day of the month from 1 (`getUTCDate`).
    pub day: f64,
    /// The day of the week, 0 for Sunday (`getUTCDay`).
    pub weekday: f64,
    /// The hour.
    pub hours: f64,
    /// The minute.
    pub minutes: f64,
    /// The second.
    pub seconds: f64,
    /// The millisecond.
    pub millis: f64,
}

impl Fields {
    /// The fields of `new Date(time)`.
    pub(crate) fn of(time: f64) -> Fields {
        let time = time_clip(time);
        if time.is_nan() {
            return Fields {
                time,
                year: f64::NAN,
                month: f64::NAN,
                day: f64::NAN,
                weekday: f64::NAN,
                hours: f64::NAN,
                minutes: f64::NAN,
                seconds: f64::NAN,
                millis: f64::NAN,
            };
        }
        let days = (time / DAY).floor();
        let in_day = time - days * DAY;
        let (year, month, day) = civil_from_days(days as i64);
        Fields {
            time,
            year: year as f64,
            month: f64::from(month - 1),
            day: f64::from(day),
            weekday: (days as i64 + 4).rem_euclid(7) as f64,
            hours: (in_day / 3_600_000.0).floor(),
            minutes: (in_day / 60_000.0).floor() % 60.0,
            seconds: (in_day / 1000.0).floor() % 60.0,
            millis: in_day % 1000.0,
        }
    }
}

/// `TimeClip`: `NaN` beyond ±8.64e15 ms, else the time truncated to a whole millisecond.
pub(crate) fn time_clip(time: f64) -> f64 {
    if !time.is_finite() || time.abs() > 8.64e15 {
        f64::NAN
    } else {
        time.trunc() + 0.0
    }
}

/// `Date.UTC(year, month, day, hours, minutes, seconds, millis)`: a year from 0 to 99 means
/// 1900 to 1999; months and days outside their range carry into the next field.
pub(crate) fn utc(year: f64, month: f64, day: f64, time: [f64; 4]) -> f64 {
    if year.is_nan() {
        return f64::NAN;
    }
    let year = year.trunc();
    let year = if (0.0..=99.0).contains(&year) {
        1900.0 + year
    } else {
        year
    };
    time_value(year, month, day, time)
}

/// The time of a date and time of day (`Date.UTC` without its two-digit years).
pub(crate) fn time_value(year: f64, month: f64, day: f64, time: [f64; 4]) -> f64 {
    let [hours, minutes, seconds, millis] = time.map(f64::trunc);
    let in_day = hours * 3_600_000.0 + minutes * 60_000.0 + seconds * 1000.0 + millis;
    time_clip(make_day(year.trunc(), month.trunc(), day.trunc()) * DAY + in_day)
}

/// `MakeDay`: the day number of a date whose month may be out of range.
fn make_day(year: f64, month: f64, day: f64) -> f64 {
    if !(year.is_finite() && month.is_finite() && day.is_finite()) {
        return f64::NAN;
    }
    let year = year + (month / 12.0).floor();
    let month = month.rem_euclid(12.0);
    if year.abs() > 400_000.0 {
        // beyond any valid time (the caller clips it to NaN)
        return f64::NAN;
    }
    days_from_civil(year as i64, month as u32 + 1) as f64 + day - 1.0
}

/// Days from 1970-01-01 to the first of `month` (1–12) of `year`.
fn days_from_civil(year: i64, month: u32) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let m = i64::from(month);
    let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date (year, month 1–12, day 1–31) of a day number.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_and_utc_agree_with_javascript() {
        // new Date(1521801216617): 2018-03-23T10:33:36.617Z, a Friday
        let f = Fields::of(1521801216617.0);
        assert_eq!(
            (f.year, f.month, f.day, f.weekday, f.hours, f.minutes, f.seconds, f.millis),
            (2018.0, 2.0, 23.0, 5.0, 10.0, 33.0, 36.0, 617.0)
        );
        // new Date(-62167219200001): -000001-12-31T23:59:59.999Z
        let f = Fields::of(-62167219200001.0);
        assert_eq!((f.year, f.month, f.day), (-1.0, 11.0, 31.0));
        assert_eq!(utc(2018.0, 1.0, 30.0, [0.0; 4]), 1519948800000.0);
        assert_eq!(utc(18.0, 0.0, 1.0, [0.0; 4]), -1640995200000.0);
        assert_eq!(
            utc(2018.0, 12.0, 1.0, [0.0; 4]),
            1543622400000.0 + 31.0 * DAY
        );
        assert_eq!(utc(2018.0, -1.0, 1.0, [0.0; 4]), 1512086400000.0);
        assert!(utc(275761.0, 0.0, 1.0, [0.0; 4]).is_nan());
        assert!(Fields::of(8.64e15 + 1.0).year.is_nan());
        assert_eq!(Fields::of(1.9).millis, 1.0);
        assert_eq!(Fields::of(-1.9).millis, 999.0);
    }
}
