//! `$toMillis` without a picture: an ISO 8601 timestamp, checked with jsonata-js's regular
//! expression (D3110 otherwise), then read as V8's `Date.parse` reads it — its ES5 ISO
//! reader, and where that stops its legacy reader from there on (so `2018.5` is May 2018) —
//! with local time taken as UTC, as the playground and AWS run.

use super::calendar::time_value;
use crate::functions::picture::Failure;

/// jsonata-js's pattern of an ISO 8601 timestamp.
const PATTERN: &str =
    r"^\d{4}(-[01]\d)*(-[0-3]\d)*(T[0-2]\d:[0-5]\d:[0-5]\d)*(\.\d+)?([+-][0-2]\d:?[0-5]\d|Z)?$";

/// The time of an ISO 8601 timestamp (`NaN` for one V8 does not read); D3110 when it does not
/// match the pattern.
pub(crate) fn parse_iso(timestamp: &str) -> Result<f64, Failure> {
    thread_local! {
        static REGEX: Option<regress::Regex> = regress::Regex::new(PATTERN).ok();
    }
    let matches = REGEX.with(|r| r.as_ref().is_some_and(|r| r.find(timestamp).is_some()));
    if !matches {
        return Err(Failure::new("D3110", timestamp));
    }
    Ok(parse(timestamp).unwrap_or(f64::NAN))
}

/// A token of V8's date scanner, over the characters the pattern lets through.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Token {
    /// Digits: the value of the first nine after any leading zeros, and how many digits
    /// there are.
    Number(i64, usize),
    /// `:`, `-`, `+` or `.`.
    Symbol(u8),
    /// `T`.
    TimeSeparator,
    /// `Z`.
    Utc,
    /// Anything else (not reached through the pattern).
    Other,
    /// The end.
    End,
}

/// The scanner: tokens with one of look-ahead.
struct Scanner<'a> {
    rest: &'a [u8],
    next: Token,
}

impl<'a> Scanner<'a> {
    fn new(text: &'a str) -> Scanner<'a> {
        let mut s = Scanner {
            rest: text.as_bytes(),
            next: Token::End,
        };
        s.next = s.scan();
        s
    }

    fn scan(&mut self) -> Token {
        let Some(&c) = self.rest.first() else {
            return Token::End;
        };
        if c.is_ascii_digit() {
            let len = self.rest.iter().take_while(|b| b.is_ascii_digit()).count();
            let value = self.rest[..len]
                .iter()
                .skip_while(|d| **d == b'0')
                .take(9)
                .fold(0i64, |n, d| n * 10 + i64::from(d - b'0'));
            self.rest = &self.rest[len..];
            return Token::Number(value, len);
        }
        self.rest = &self.rest[1..];
        match c {
            b':' | b'-' | b'+' | b'.' => Token::Symbol(c),
            b'T' => Token::TimeSeparator,
            b'Z' => Token::Utc,
            _ => Token::Other,
        }
    }

    fn peek(&self) -> Token {
        self.next
    }

    fn next(&mut self) -> Token {
        let token = self.next;
        self.next = self.scan();
        token
    }

    fn skip(&mut self, symbol: u8) -> bool {
        if self.next == Token::Symbol(symbol) {
            self.next();
            true
        } else {
            false
        }
    }

    /// The number of exactly `len` digits from `low` to `high` next, if it is one (and past
    /// it).
    fn take(&mut self, len: usize, low: i64, high: i64) -> Option<i64> {
        let n = self.fixed(len).filter(|n| between(*n, low, high))?;
        self.next();
        Some(n)
    }

    /// The value of a number of exactly `len` digits next, if it is one.
    fn fixed(&self, len: usize) -> Option<i64> {
        match self.next {
            Token::Number(n, l) if l == len => Some(n),
            _ => None,
        }
    }
}

/// `None` for V8's "no value yet".
type Slot = Option<i64>;

/// The date, time and offset read so far (V8's composers).
#[derive(Default)]
struct Composer {
    day: Vec<i64>,
    iso_date: bool,
    time: Vec<i64>,
    tz_sign: Slot,
    tz_hour: Slot,
    tz_minute: Slot,
}

fn between(n: i64, low: i64, high: i64) -> bool {
    (low..=high).contains(&n)
}

impl Composer {
    fn add_day(&mut self, n: i64) -> bool {
        self.day.len() < 3 && {
            self.day.push(n);
            true
        }
    }

    fn add_time(&mut self, n: i64) -> bool {
        self.time.len() < 4 && {
            self.time.push(n);
            true
        }
    }

    fn add_final_time(&mut self, n: i64) -> bool {
        if !self.add_time(n) {
            return false;
        }
        self.time.resize(4, 0);
        true
    }

    fn time_expects(&self, n: i64) -> bool {
        match self.time.len() {
            1 | 2 => between(n, 0, 59),
            3 => between(n, 0, 999),
            _ => false,
        }
    }

    fn tz_expects(&self, n: i64) -> bool {
        self.tz_hour.is_some() && self.tz_minute.is_none() && between(n, 0, 59)
    }

    fn set_utc(&mut self) {
        self.tz_sign = Some(1);
        self.tz_hour = Some(0);
        self.tz_minute = Some(0);
    }

    /// The time, or `None` where V8 fails.
    fn write(mut self) -> Option<f64> {
        if self.day.is_empty() {
            return None;
        }
        self.day.resize(3, 1);
        let (year, month, day) = if self.iso_date || !between(self.day[0], 1, 31) {
            (self.day[0], self.day[1], self.day[2])
        } else {
            (self.day[2], self.day[0], self.day[1])
        };
        let year = match year {
            y if !self.iso_date && between(y, 0, 49) => y + 2000,
            y if !self.iso_date && between(y, 50, 99) => y + 1900,
            y => y,
        };
        if !between(month, 1, 12) || !between(day, 1, 31) {
            return None;
        }
        self.time.resize(4, 0);
        let [h, m, s, ms] = [self.time[0], self.time[1], self.time[2], self.time[3]];
        let valid = between(h, 0, 23) && between(m, 0, 59) && between(s, 0, 59);
        let midnight = h == 24 && m == 0 && s == 0 && ms == 0;
        if !(valid && between(ms, 0, 999) || midnight) {
            return None;
        }
        let offset = match self.tz_sign {
            Some(sign) => {
                sign * (self.tz_hour.unwrap_or(0) * 3600 + self.tz_minute.unwrap_or(0) * 60)
            }
            None => 0,
        };
        let time = [h, m, s, ms].map(|n| n as f64);
        let local = time_value(year as f64, (month - 1) as f64, day as f64, time);
        Some(local - offset as f64 * 1000.0)
    }
}

/// Three significant digits of a fraction, as V8 reads milliseconds.
fn milliseconds(n: i64, len: usize) -> i64 {
    match len {
        1 => n * 100,
        2 => n * 10,
        3 => n,
        _ => n / 10i64.pow(len.min(9) as u32 - 3),
    }
}

/// `Date.parse`: the ES5 reader, then the legacy reader over what it left.
fn parse(text: &str) -> Option<f64> {
    let mut s = Scanner::new(text);
    let mut c = Composer::default();
    let next = es5(&mut s, &mut c)?;
    legacy(&mut s, &mut c, next)?;
    c.write()
}

/// V8's `ParseES5DateTime`: `Some(End)` when the whole text is an ES5 date-time, `Some(token)`
/// to go on from with the legacy reader, `None` for an invalid date.
fn es5(s: &mut Scanner<'_>, c: &mut Composer) -> Option<Token> {
    let Some(year) = s.fixed(4) else {
        return Some(s.next());
    };
    s.next();
    c.add_day(year);
    if s.skip(b'-') {
        let Some(month) = s.take(2, 1, 12) else {
            return Some(s.next());
        };
        c.add_day(month);
        if s.skip(b'-') {
            let Some(day) = s.take(2, 1, 31) else {
                return Some(s.next());
            };
            c.add_day(day);
        }
    }
    if s.peek() != Token::TimeSeparator {
        if s.peek() != Token::End {
            return Some(s.next());
        }
    } else {
        s.next();
        es5_time(s, c)?;
    }
    if c.tz_hour.is_none() && c.time.is_empty() {
        c.set_utc();
    }
    c.iso_date = true;
    Some(Token::End)
}

/// The time and offset of an ES5 date-time (after `T`): `None` for an invalid one.
fn es5_time(s: &mut Scanner<'_>, c: &mut Composer) -> Option<()> {
    let hour = s.take(2, 0, 24)?;
    // 24:00:00.000 is the end of the day; no other time starts with 24
    let is_24 = hour == 24;
    let most = if is_24 { 0 } else { 59 };
    c.add_time(hour);
    s.skip(b':').then_some(())?;
    c.add_time(s.take(2, 0, most)?);
    if s.skip(b':') {
        c.add_time(s.take(2, 0, most)?);
        if s.skip(b'.') {
            let Token::Number(n, len) = s.peek() else {
                return None;
            };
            if is_24 && n > 0 {
                return None;
            }
            s.next();
            c.add_time(milliseconds(n, len));
        }
    }
    match s.peek() {
        Token::Utc => {
            s.next();
            c.set_utc();
        }
        Token::Symbol(sign @ (b'+' | b'-')) => {
            s.next();
            c.tz_sign = Some(if sign == b'-' { -1 } else { 1 });
            if let Some(hhmm) = s.fixed(4) {
                s.next();
                let (h, m) = (hhmm / 100, hhmm % 100);
                if !between(h, 0, 23) || !between(m, 0, 59) {
                    return None;
                }
                c.tz_hour = Some(h);
                c.tz_minute = Some(m);
            } else {
                c.tz_hour = Some(s.take(2, 0, 23)?);
                s.skip(b':').then_some(())?;
                c.tz_minute = Some(s.take(2, 0, 59)?);
            }
        }
        _ => {}
    }
    (s.peek() == Token::End).then_some(())
}

/// V8's legacy reader from `token` on: `None` where it fails.
fn legacy(s: &mut Scanner<'_>, c: &mut Composer, mut token: Token) -> Option<()> {
    let mut has_number = !c.day.is_empty();
    while token != Token::End {
        match token {
            Token::Number(n, _) => {
                has_number = true;
                if s.skip(b':') {
                    if s.skip(b':') {
                        if !c.time.is_empty() {
                            return None;
                        }
                        c.add_time(n);
                        c.add_time(0);
                    } else {
                        c.add_time(n).then_some(())?;
                        if s.peek() == Token::Symbol(b'.') {
                            s.next();
                        }
                    }
                } else if s.skip(b'.') && c.time_expects(n) {
                    c.add_time(n);
                    let Token::Number(f, len) = s.peek() else {
                        return None;
                    };
                    s.next();
                    c.add_final_time(milliseconds(f, len));
                } else if c.tz_expects(n) {
                    c.tz_minute = Some(n);
                } else if c.time_expects(n) {
                    c.add_final_time(n);
                    match s.peek() {
                        Token::End | Token::Utc | Token::Symbol(b'+' | b'-') => {}
                        _ => return None,
                    }
                } else {
                    c.add_day(n).then_some(())?;
                    s.skip(b'-');
                }
            }
            Token::Utc if has_number => c.set_utc_zone(),
            // a word after a number, or just before one
            Token::Utc | Token::TimeSeparator | Token::Other
                if has_number || matches!(s.peek(), Token::Number(..)) =>
            {
                return None;
            }
            Token::Symbol(sign @ (b'+' | b'-')) if c.tz_is_utc() || !c.time.is_empty() => {
                c.tz_sign = Some(if sign == b'-' { -1 } else { 1 });
                let (n, len) = match s.peek() {
                    Token::Number(n, len) => {
                        s.next();
                        (n, len)
                    }
                    _ => (0, 0),
                };
                has_number = true;
                if s.peek() == Token::Symbol(b':') {
                    c.tz_hour = Some(n);
                    c.tz_minute = None;
                } else if len == 1 || len == 2 {
                    c.tz_hour = Some(n);
                    c.tz_minute = Some(0);
                } else if len == 3 || len == 4 {
                    c.tz_hour = Some(n / 100);
                    c.tz_minute = Some(n % 100);
                } else {
                    return None;
                }
            }
            Token::Symbol(b'+' | b'-') if has_number => return None,
            _ => {}
        }
        token = s.next();
    }
    Some(())
}

impl Composer {
    fn tz_is_utc(&self) -> bool {
        self.tz_hour == Some(0) && self.tz_minute == Some(0)
    }

    /// `Z` read by the legacy reader: UTC.
    fn set_utc_zone(&mut self) {
        self.set_utc();
    }
}
