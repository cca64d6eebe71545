//! The JSONata function library as the editor explains it: every function a JSONata
//! expression in a state can call (JSONata 2.0.6's built-ins and AWS's additions, without
//! `$eval`), its parameters and what it does. The names and signatures come from the
//! evaluator itself ([`jsonata::BUILTIN_NAMES`], [`super::functions::AWS_FUNCTIONS`]).

/// A JSONata function as the editor describes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LibraryFunction {
    /// `$substring`.
    pub name: String,
    /// The parameters as written after the name: `(str, start, length?)`.
    pub params: &'static str,
    /// The evaluator's signature (`<s-nn?:s>`).
    pub signature: String,
    /// What it does, in a sentence.
    pub summary: &'static str,
}

/// Parameters and explanations, by name (without `$`).
const DOCS: &[(&str, &str, &str)] = &[
    (
        "string",
        "(value, prettify?)",
        "The value as a string; objects and arrays as JSON.",
    ),
    ("length", "(str)", "How many characters the string has."),
    (
        "substring",
        "(str, start, length?)",
        "Part of the string from a zero-based position (negative counts from the end).",
    ),
    (
        "substringBefore",
        "(str, chars)",
        "The text before the first occurrence of `chars`.",
    ),
    (
        "substringAfter",
        "(str, chars)",
        "The text after the first occurrence of `chars`.",
    ),
    ("lowercase", "(str)", "The string in lower case."),
    ("uppercase", "(str)", "The string in upper case."),
    (
        "trim",
        "(str)",
        "The string with runs of whitespace collapsed and the ends trimmed.",
    ),
    (
        "pad",
        "(str, width, char?)",
        "The string padded to `width` characters (negative pads on the left).",
    ),
    (
        "contains",
        "(str, pattern)",
        "Whether the string holds the text or matches the regex.",
    ),
    (
        "split",
        "(str, separator, limit?)",
        "The string cut at each separator (text or regex).",
    ),
    (
        "join",
        "(array, separator?)",
        "The strings of the array joined into one.",
    ),
    (
        "match",
        "(str, pattern, limit?)",
        "The regex's matches in the string, with groups and positions.",
    ),
    (
        "replace",
        "(str, pattern, replacement, limit?)",
        "The string with matches of the text or regex replaced.",
    ),
    ("base64encode", "(str)", "The string encoded in Base64."),
    ("base64decode", "(str)", "The Base64 string decoded."),
    (
        "encodeUrlComponent",
        "(str)",
        "The string escaped for use inside a URL component.",
    ),
    (
        "encodeUrl",
        "(str)",
        "The string escaped for use as a whole URL.",
    ),
    (
        "decodeUrlComponent",
        "(str)",
        "An escaped URL component decoded.",
    ),
    ("decodeUrl", "(str)", "An escaped URL decoded."),
    (
        "number",
        "(value)",
        "The value as a number (from a numeric string or a boolean).",
    ),
    ("abs", "(number)", "The absolute value."),
    ("floor", "(number)", "The number rounded down."),
    ("ceil", "(number)", "The number rounded up."),
    (
        "round",
        "(number, precision?)",
        "The number rounded to `precision` decimals, halves to even.",
    ),
    ("sqrt", "(number)", "The square root."),
    (
        "power",
        "(base, exponent)",
        "The base raised to the exponent.",
    ),
    (
        "random",
        "(seed?)",
        "A random number from 0 (included) to 1 (excluded); Step Functions accepts a seed.",
    ),
    ("sum", "(array)", "The sum of the numbers."),
    ("max", "(array)", "The largest number."),
    ("min", "(array)", "The smallest number."),
    ("average", "(array)", "The mean of the numbers."),
    (
        "formatBase",
        "(number, radix?)",
        "The integer written in another base (2 to 36).",
    ),
    (
        "formatNumber",
        "(number, picture, options?)",
        "The number formatted by an XPath picture such as `#,##0.00`.",
    ),
    (
        "formatInteger",
        "(number, picture)",
        "The integer written by a picture (`w` gives words, `I` roman numerals).",
    ),
    (
        "parseInteger",
        "(str, picture)",
        "The integer that a picture-formatted string stands for.",
    ),
    (
        "boolean",
        "(value)",
        "The value's truth: empty strings, zero, empty arrays and objects are false.",
    ),
    ("not", "(value)", "The opposite of the value's truth."),
    (
        "exists",
        "(value)",
        "Whether the expression gives any value.",
    ),
    ("count", "(array)", "How many items the array has."),
    (
        "append",
        "(array1, array2)",
        "The two arrays (or values) joined.",
    ),
    (
        "sort",
        "(array, before?)",
        "The array sorted, by a comparison function if given.",
    ),
    ("reverse", "(array)", "The array in reverse order."),
    ("shuffle", "(array)", "The array in random order."),
    ("distinct", "(array)", "The array without duplicates."),
    (
        "zip",
        "(array…)",
        "Arrays combined item by item into arrays of pairs (or more).",
    ),
    ("keys", "(object)", "The object's keys."),
    ("lookup", "(object, key)", "The value under a key."),
    (
        "spread",
        "(object)",
        "The object split into one-key objects.",
    ),
    (
        "merge",
        "(objects)",
        "The objects of the array merged into one; later keys win.",
    ),
    (
        "sift",
        "(object, test?)",
        "The object's entries for which the function is true.",
    ),
    (
        "each",
        "(object, function)",
        "The function's results for each value and key of the object.",
    ),
    (
        "error",
        "(message?)",
        "Fails the evaluation with the message.",
    ),
    (
        "assert",
        "(condition, message?)",
        "Fails with the message when the condition is false.",
    ),
    (
        "type",
        "(value)",
        "The value's type: string, number, boolean, null, array, object or function.",
    ),
    (
        "map",
        "(array, function)",
        "The function's result for each item.",
    ),
    (
        "filter",
        "(array, function)",
        "The items for which the function is true.",
    ),
    (
        "single",
        "(array, function?)",
        "The one item that matches; an error for none or several.",
    ),
    (
        "reduce",
        "(array, function, init?)",
        "The items folded into one value by the function.",
    ),
    (
        "now",
        "(picture?, timezone?)",
        "The time of the evaluation as an ISO 8601 string.",
    ),
    (
        "millis",
        "()",
        "The time of the evaluation in milliseconds since the epoch.",
    ),
    (
        "fromMillis",
        "(millis, picture?, timezone?)",
        "Milliseconds since the epoch as a timestamp string.",
    ),
    (
        "toMillis",
        "(timestamp, picture?)",
        "A timestamp string as milliseconds since the epoch.",
    ),
    (
        "partition",
        "(array, size)",
        "Step Functions: the array cut into chunks of `size` items.",
    ),
    (
        "range",
        "(start, end, step)",
        "Step Functions: the numbers from `start` to `end` by `step`.",
    ),
    (
        "hash",
        "(value, algorithm)",
        "Step Functions: the hex digest of the string (MD5, SHA-1, SHA-256, SHA-384, SHA-512).",
    ),
    (
        "parse",
        "(json)",
        "Step Functions: the JSON value that the string holds.",
    ),
    ("uuid", "()", "Step Functions: a new version 4 UUID."),
];

/// Every function a JSONata expression in a state can call, family by family.
pub fn functions() -> Vec<LibraryFunction> {
    DOCS.iter()
        .filter_map(|(name, params, summary)| {
            let signature = match super::functions::AWS_FUNCTIONS
                .iter()
                .find(|(n, _)| n == name)
            {
                Some((_, s)) => s.to_string(),
                None => jsonata::builtin_signature(name)?,
            };
            Some(LibraryFunction {
                name: format!("${name}"),
                params,
                signature,
                summary,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_function_the_evaluator_has_is_explained_and_nothing_else() {
        let listed: Vec<String> = functions()
            .iter()
            .map(|f| f.name[1..].to_string())
            .collect();
        assert_eq!(listed.len(), DOCS.len(), "a documented function is unknown");
        for name in jsonata::BUILTIN_NAMES.iter().chain(
            super::super::functions::AWS_FUNCTIONS
                .iter()
                .map(|(n, _)| n),
        ) {
            assert!(listed.iter().any(|l| l == name), "${name} is not explained");
        }
    }

    #[test]
    fn parameters_as_written_match_the_signature() {
        for f in functions() {
            let signature = jsonata::signature::Signature::parse(&f.signature).expect("parses");
            let written = f.params.trim_matches(['(', ')']);
            let count = if written.is_empty() {
                0
            } else {
                written.split(',').count()
            };
            assert_eq!(count, signature.parameter_count(), "{}", f.name);
        }
    }
}
