//! Built-in functions: dates and times — `$now`, `$millis`, `$fromMillis`, `$toMillis` — with
//! XPath's date/time pictures (`fn:format-dateTime`) as jsonata-js 2.0.6 implements them.
//! Times are milliseconds since the epoch; a timezone is an offset like `-0500` (no database).

mod calendar;
mod components;
mod format;
mod iso;
mod markers;
mod matcher;
mod parse;

use crate::functions::native;
use crate::functions::picture::{number_arg, string_arg};
use crate::value::{Host, Value};

pub(crate) use format::format_date_time;
pub(crate) use iso::parse_iso;
pub(crate) use parse::parse_date_time;

/// The built-in called `name`, if this module defines it.
pub(crate) fn lookup(name: &str) -> Option<Value> {
    Some(match name {
        "now" => native(name, "<s?s?:s>", |host, args| {
            let now = host.now_millis();
            from_millis(host, "now", now, args.first(), args.get(1))
        }),
        "millis" => native(name, "<:n>", |host, _| Ok(Value::Number(host.now_millis()))),
        "fromMillis" => native(name, "<n-s?s?:s>", |host, args| {
            let Some(millis) = number_arg(args, 0) else {
                return Ok(Value::Undefined);
            };
            from_millis(host, "fromMillis", millis, args.get(1), args.get(2))
        }),
        "toMillis" => native(name, "<s-s?:n>", |host, args| {
            let Some(timestamp) = string_arg(args, 0) else {
                return Ok(Value::Undefined);
            };
            let parsed = match string_arg(args, 1) {
                None => parse_iso(timestamp).map(Some),
                Some(picture) => parse_date_time(timestamp, picture, host.now_millis()),
            };
            match parsed {
                Ok(Some(millis)) => Ok(Value::Number(millis)),
                Ok(None) => Ok(Value::Undefined),
                Err(f) => Err(f.into_error("toMillis", host)),
            }
        }),
        _ => return None,
    })
}

/// `$fromMillis`'s (and `$now`'s) result: the picture and timezone are optional.
fn from_millis(
    host: &mut dyn Host,
    name: &str,
    millis: f64,
    picture: Option<&Value>,
    timezone: Option<&Value>,
) -> Result<Value, crate::Error> {
    let picture = picture.and_then(Value::as_str);
    let timezone = timezone.and_then(Value::as_str);
    format_date_time(millis, picture, timezone)
        .map(Value::string)
        .map_err(|f| f.into_error(name, host))
}

#[cfg(test)]
mod tests;
