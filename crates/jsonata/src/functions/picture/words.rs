//! Numbers in English words (`w`, `W`, `Ww`): cardinals and ordinals, both ways.

use super::Failure;

const FEW: [&str; 20] = [
    "Zero",
    "One",
    "Two",
    "Three",
    "Four",
    "Five",
    "Six",
    "Seven",
    "Eight",
    "Nine",
    "Ten",
    "Eleven",
    "Twelve",
    "Thirteen",
    "Fourteen",
    "Fifteen",
    "Sixteen",
    "Seventeen",
    "Eighteen",
    "Nineteen",
];
const ORDINALS: [&str; 20] = [
    "Zeroth",
    "First",
    "Second",
    "Third",
    "Fourth",
    "Fifth",
    "Sixth",
    "Seventh",
    "Eighth",
    "Ninth",
    "Tenth",
    "Eleventh",
    "Twelfth",
    "Thirteenth",
    "Fourteenth",
    "Fifteenth",
    "Sixteenth",
    "Seventeenth",
    "Eighteenth",
    "Nineteenth",
];
const DECADES: [&str; 9] = [
    "Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety", "Hundred",
];
const MAGNITUDES: [&str; 4] = ["Thousand", "Million", "Billion", "Trillion"];

/// Every word `to_number` knows with its value, in jsonata-js's order (its parsing regex
/// tries them in this order). As jsonata-js derives them, `hundreieth` is one.
pub(crate) const WORDS: [(&str, f64); 67] = [
    ("zero", 0.0),
    ("one", 1.0),
    ("two", 2.0),
    ("three", 3.0),
    ("four", 4.0),
    ("five", 5.0),
    ("six", 6.0),
    ("seven", 7.0),
    ("eight", 8.0),
    ("nine", 9.0),
    ("ten", 10.0),
    ("eleven", 11.0),
    ("twelve", 12.0),
    ("thirteen", 13.0),
    ("fourteen", 14.0),
    ("fifteen", 15.0),
    ("sixteen", 16.0),
    ("seventeen", 17.0),
    ("eighteen", 18.0),
    ("nineteen", 19.0),
    ("zeroth", 0.0),
    ("first", 1.0),
    ("second", 2.0),
    ("third", 3.0),
    ("fourth", 4.0),
    ("fifth", 5.0),
    ("sixth", 6.0),
    ("seventh", 7.0),
    ("eighth", 8.0),
    ("ninth", 9.0),
    ("tenth", 10.0),
    ("eleventh", 11.0),
    ("twelfth", 12.0),
    ("thirteenth", 13.0),
    ("fourteenth", 14.0),
    ("fifteenth", 15.0),
    ("sixteenth", 16.0),
    ("seventeenth", 17.0),
    ("eighteenth", 18.0),
    ("nineteenth", 19.0),
    ("twenty", 20.0),
    ("twentieth", 20.0),
    ("thirty", 30.0),
    ("thirtieth", 30.0),
    ("forty", 40.0),
    ("fortieth", 40.0),
    ("fifty", 50.0),
    ("fiftieth", 50.0),
    ("sixty", 60.0),
    ("sixtieth", 60.0),
    ("seventy", 70.0),
    ("seventieth", 70.0),
    ("eighty", 80.0),
    ("eightieth", 80.0),
    ("ninety", 90.0),
    ("ninetieth", 90.0),
    ("hundred", 100.0),
    ("hundreieth", 100.0),
    ("hundredth", 100.0),
    ("thousand", 1e3),
    ("thousandth", 1e3),
    ("million", 1e6),
    ("millionth", 1e6),
    ("billion", 1e9),
    ("billionth", 1e9),
    ("trillion", 1e12),
    ("trillionth", 1e12),
];

/// A whole non-negative number in words, title case (`Five Hundred and Fifty-Five`).
/// Beyond trillions the magnitude words repeat (`ten billion trillion trillion trillion`).
pub(super) fn from_number(value: f64, ordinal: bool) -> Result<String, Failure> {
    if !value.is_finite() {
        // jsonata-js recurses without end
        return Err(Failure::too_large());
    }
    let mut out = String::new();
    write(value, false, ordinal, &mut out);
    Ok(out)
}

/// Appends `num` in words; `prev` when words came before (`and`, `,` join them).
fn write(num: f64, prev: bool, ordinal: bool, out: &mut String) {
    if num <= 19.0 {
        if prev {
            out.push_str(" and ");
        }
        let i = num.max(0.0) as usize;
        let words = if ordinal { &ORDINALS } else { &FEW };
        // a fraction (a year cut to a negative width) has no word in jsonata-js
        let word = if num.fract() == 0.0 {
            words.get(i).copied()
        } else {
            None
        };
        out.push_str(word.unwrap_or("undefined"));
    } else if num < 100.0 {
        let tens = (num / 10.0).floor() as usize;
        let rest = num % 10.0;
        if prev {
            out.push_str(" and ");
        }
        let decade = DECADES.get(tens.wrapping_sub(2)).copied().unwrap_or("");
        if rest > 0.0 {
            out.push_str(decade);
            out.push('-');
            write(rest, false, ordinal, out);
        } else if ordinal {
            out.push_str(decade.get(..decade.len().saturating_sub(1)).unwrap_or(""));
            out.push_str("ieth");
        } else {
            out.push_str(decade);
        }
    } else if num < 1000.0 {
        let hundreds = (num / 100.0).floor() as usize;
        let rest = num % 100.0;
        if prev {
            out.push_str(", ");
        }
        out.push_str(FEW.get(hundreds).copied().unwrap_or(""));
        out.push_str(" Hundred");
        if rest > 0.0 {
            write(rest, true, ordinal, out);
        } else if ordinal {
            out.push_str("th");
        }
    } else {
        let magnitude = ((num.log10() / 3.0).floor() as usize).min(MAGNITUDES.len());
        let factor = 10f64.powi(magnitude as i32 * 3);
        let mantissa = (num / factor).floor();
        let rest = num - mantissa * factor;
        if prev {
            out.push_str(", ");
        }
        write(mantissa, false, false, out);
        out.push(' ');
        out.push_str(
            MAGNITUDES
                .get(magnitude.wrapping_sub(1))
                .copied()
                .unwrap_or(""),
        );
        if rest > 0.0 {
            write(rest, true, ordinal, out);
        } else if ordinal {
            out.push_str("th");
        }
    }
}

/// The value of a word (`NaN` for one not known).
fn word_value(word: &str) -> f64 {
    WORDS
        .iter()
        .find(|(w, _)| *w == word)
        .map_or(f64::NAN, |(_, v)| *v)
}

/// Lower-case words to a number; `NaN` when a word is not a number word.
pub(super) fn to_number(text: &str) -> f64 {
    let mut segments = vec![0.0];
    for word in split_words(text) {
        let value = word_value(word);
        let top = segments.pop().unwrap_or(0.0);
        if value < 100.0 {
            if top >= 1000.0 {
                segments.push(top);
                segments.push(value);
            } else {
                segments.push(top + value);
            }
        } else {
            segments.push(top * value);
        }
    }
    segments.iter().sum()
}

/// Splits as jsonata-js's `/,\s|\sand\s|[\s\\-]/` does.
fn split_words(text: &str) -> Vec<&str> {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let space = |i: usize| chars.get(i).is_some_and(|(_, c)| super::is_js_space(*c));
    let is = |i: usize, want: char| chars.get(i).is_some_and(|(_, c)| *c == want);
    let byte = |i: usize| chars.get(i).map_or(text.len(), |(b, _)| *b);
    let mut parts = Vec::new();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let width = if is(i, ',') && space(i + 1) {
            2
        } else if space(i) && is(i + 1, 'a') && is(i + 2, 'n') && is(i + 3, 'd') && space(i + 4) {
            5
        } else if space(i) || is(i, '\\') || is(i, '-') {
            1
        } else {
            i += 1;
            continue;
        };
        parts.push(&text[byte(start)..byte(i)]);
        i += width;
        start = i;
    }
    parts.push(&text[byte(start)..]);
    parts
}
