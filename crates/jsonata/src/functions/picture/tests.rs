//! Unit tests of the integer pictures, against values jsonata-js 2.0.6 gives (the expected
//! values were printed by `node /tmp/jsref/eval.js`; errors by their code).

use crate::functions::builtin;
use crate::value::{Function, Host, Value};
use crate::Error;

/// A host for calling built-ins directly: a fixed clock, nothing else.
pub(crate) struct TestHost {
    /// What `now_millis` gives.
    pub now: f64,
}

impl Host for TestHost {
    fn apply(&mut self, _: &Value, _: &[Value]) -> Result<Value, Error> {
        Ok(Value::Undefined)
    }
    fn arity(&self, _: &Value) -> usize {
        0
    }
    fn now_millis(&self) -> f64 {
        self.now
    }
    fn random(&mut self) -> f64 {
        0.5
    }
    fn eval(&mut self, _: &str, _: &Value) -> Result<Value, Error> {
        Ok(Value::Undefined)
    }
    fn position(&self) -> usize {
        0
    }
}

/// Calls the built-in `$name` with JSON arguments: its result as JSON text (`undefined`), or
/// `error:CODE`.
pub(crate) fn call(name: &str, args: &str, now: f64) -> String {
    let Some(Value::Function(f)) = builtin(name) else {
        panic!("no built-in {name}");
    };
    let Function::Native(native) = &*f else {
        panic!("{name} is not native");
    };
    let args: serde_json::Value = serde_json::from_str(args).expect("test arguments are JSON");
    let args: Vec<Value> = args
        .as_array()
        .expect("an array of arguments")
        .iter()
        .map(Value::from_json)
        .collect();
    match (native.body)(&mut TestHost { now }, &args) {
        Ok(v) => v.to_json().map_or("undefined".into(), |j| j.to_string()),
        Err(e) => format!("error:{}", e.code),
    }
}

/// Checks a table of (function, arguments, expected) rows, reporting every mismatch.
pub(crate) fn check(table: &[(&str, &str, &str)], now: f64) {
    let failures: Vec<String> = table
        .iter()
        .filter_map(|(name, args, expected)| {
            let got = call(name, args, now);
            (!same(&got, expected))
                .then(|| format!("${name}{args}: expected {expected}, got {got}"))
        })
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// Whether a result is jsonata-js's: the same text, the same number however written
/// (`1e+20`), or an error jsonata-js throws without a code (`RangeError`, printed `U1003`)
/// where this crate stops with U1002 or U1003.
fn same(got: &str, expected: &str) -> bool {
    got == expected
        || (got.starts_with("error:U100") && expected.starts_with("error:U100"))
        || matches!(
            (got.parse::<f64>(), expected.parse::<f64>()),
            (Ok(a), Ok(b)) if a == b
        )
}

#[test]
fn format_and_parse_integer_as_jsonata_js() {
    check(TABLE, 0.0);
}

#[test]
fn huge_values_end_with_an_error_not_a_hang() {
    assert_eq!(call("formatInteger", "[1e300, \"I\"]", 0.0), "error:U1002");
    assert_eq!(call("formatInteger", "[1e7, \"I\"]", 0.0), "error:U1002");
    assert!(super::format_integer(f64::INFINITY, "w").is_err());
    assert!(super::format_integer(f64::INFINITY, "a").is_err());
    assert!(super::format_integer(f64::NAN, "w").is_err());
    assert_eq!(super::format_integer(f64::NAN, "0").unwrap(), "NaN");
    assert_eq!(super::format_integer(f64::NAN, "i").unwrap(), "");
}

/// Rows printed by jsonata-js 2.0.6 (the suite's calls, then edge cases).
const TABLE: &[(&str, &str, &str)] = &[
        ("formatInteger", "[123,\"000\"]", "\"123\""),
        ("formatInteger", "[123,\"0000\"]", "\"0123\""),
        ("formatInteger", "[-3,\"0000\"]", "\"-0003\""),
        ("formatInteger", "[1234,\"0;c\"]", "\"1234\""),
        ("formatInteger", "[1234,\"###0\"]", "\"1234\""),
        ("formatInteger", "[12,\"###0\"]", "\"12\""),
        ("formatInteger", "[12.6,\"###0\"]", "\"12\""),
        ("formatInteger", "[123,\"000;o\"]", "\"123rd\""),
        ("formatInteger", "[1,\"0;o\"]", "\"1st\""),
        ("formatInteger", "[28,\"#0;o\"]", "\"28th\""),
        ("formatInteger", "[1234,\"###0;o\"]", "\"1234th\""),
        ("formatInteger", "[12,\"###0;o\"]", "\"12th\""),
        ("formatInteger", "[12340,\"###١\"]", "\"١٢٣٤٠\""),
        ("formatInteger", "[12340,\"###０\"]", "\"１２３４０\""),
        ("formatInteger", "[12340,\"##0０\"]", "error:D3131"),
        ("formatInteger", "[12,\"#,##0\"]", "\"12\""),
        ("formatInteger", "[1200,\"#,##0\"]", "\"1,200\""),
        ("formatInteger", "[120000,\"#,##0\"]", "\"120,000\""),
        ("formatInteger", "[12345678,\"#,##0\"]", "\"12,345,678\""),
        ("formatInteger", "[1234567890,\"#,##0\"]", "\"1,234,567,890\""),
        ("formatInteger", "[1234567890,\"#,###,##0\"]", "\"1,234,567,890\""),
        ("formatInteger", "[1234567890,\"#:###,##0\"]", "\"1234:567,890\""),
        ("formatInteger", "[1234567890,\"##,##,##0\"]", "\"12345,67,890\""),
        ("formatInteger", "[0,\"I\"]", "\"\""),
        ("formatInteger", "[1984,\"I\"]", "\"MCMLXXXIV\""),
        ("formatInteger", "[99,\"i\"]", "\"xcix\""),
        ("formatInteger", "[12,\"w\"]", "\"twelve\""),
        ("formatInteger", "[20,\"w\"]", "\"twenty\""),
        ("formatInteger", "[34,\"w\"]", "\"thirty-four\""),
        ("formatInteger", "[99,\"W\"]", "\"NINETY-NINE\""),
        ("formatInteger", "[100,\"w\"]", "\"one hundred\""),
        ("formatInteger", "[555,\"W\"]", "\"FIVE HUNDRED AND FIFTY-FIVE\""),
        ("formatInteger", "[555,\"Ww\"]", "\"Five Hundred and Fifty-Five\""),
        ("formatInteger", "[919,\"w\"]", "\"nine hundred and nineteen\""),
        ("formatInteger", "[730,\"w\"]", "\"seven hundred and thirty\""),
        ("formatInteger", "[1000,\"w\"]", "\"one thousand\""),
        ("formatInteger", "[3730,\"w\"]", "\"three thousand, seven hundred and thirty\""),
        ("formatInteger", "[327730,\"w\"]", "\"three hundred and twenty-seven thousand, seven hundred and thirty\""),
        ("formatInteger", "[4327730,\"w\"]", "\"four million, three hundred and twenty-seven thousand, seven hundred and thirty\""),
        ("formatInteger", "[1000000000001,\"w\"]", "\"one trillion and one\""),
        ("formatInteger", "[1234567890123,\"w\"]", "\"one trillion, two hundred and thirty-four billion, five hundred and sixty-seven million, eight hundred and ninety thousand, one hundred and twenty-three\""),
        ("formatInteger", "[1000000000000000,\"w\"]", "\"one thousand trillion\""),
        ("formatInteger", "[1e+46,\"w\"]", "\"ten billion trillion trillion trillion\""),
        ("formatInteger", "[1234567890123456,\"w\"]", "\"one thousand, two hundred and thirty-four trillion, five hundred and sixty-seven billion, eight hundred and ninety million, one hundred and twenty-three thousand, four hundred and fifty-six\""),
        ("formatInteger", "[12,\"w;o\"]", "\"twelfth\""),
        ("formatInteger", "[20,\"w;o\"]", "\"twentieth\""),
        ("formatInteger", "[34,\"w;o\"]", "\"thirty-fourth\""),
        ("formatInteger", "[99,\"W;o\"]", "\"NINETY-NINTH\""),
        ("formatInteger", "[100,\"w;o\"]", "\"one hundredth\""),
        ("formatInteger", "[555,\"W;o\"]", "\"FIVE HUNDRED AND FIFTY-FIFTH\""),
        ("formatInteger", "[919,\"w;o\"]", "\"nine hundred and nineteenth\""),
        ("formatInteger", "[730,\"w;o\"]", "\"seven hundred and thirtieth\""),
        ("formatInteger", "[1000,\"w;o\"]", "\"one thousandth\""),
        ("formatInteger", "[3731,\"w;o\"]", "\"three thousand, seven hundred and thirty-first\""),
        ("formatInteger", "[327713,\"w;o\"]", "\"three hundred and twenty-seven thousand, seven hundred and thirteenth\""),
        ("formatInteger", "[4327732,\"w;o\"]", "\"four million, three hundred and twenty-seven thousand, seven hundred and thirty-second\""),
        ("formatInteger", "[1000000000001,\"w;o\"]", "\"one trillion and first\""),
        ("formatInteger", "[1,\"A\"]", "\"A\""),
        ("formatInteger", "[12,\"a\"]", "\"l\""),
        ("formatInteger", "[26,\"a\"]", "\"z\""),
        ("formatInteger", "[27,\"a\"]", "\"aa\""),
        ("formatInteger", "[300,\"A\"]", "\"KN\""),
        ("formatInteger", "[123456,\"A\"]", "\"FZPH\""),
        ("formatInteger", "[123456,\"α\"]", "error:D3130"),
        ("parseInteger", "[\"123\",\"000\"]", "123"),
        ("parseInteger", "[\"0123\",\"0000\"]", "123"),
        ("parseInteger", "[\"1234\",\"0\"]", "1234"),
        ("parseInteger", "[\"1234\",\"###0\"]", "1234"),
        ("parseInteger", "[\"12\",\"###0\"]", "12"),
        ("parseInteger", "[\"123rd\",\"000;o\"]", "123"),
        ("parseInteger", "[\"1st\",\"0;o\"]", "1"),
        ("parseInteger", "[\"28th\",\"#0;o\"]", "28"),
        ("parseInteger", "[\"1234th\",\"###0;o\"]", "1234"),
        ("parseInteger", "[\"12th\",\"###0;o\"]", "12"),
        ("parseInteger", "[\"١٢٣٤٠\",\"###١\"]", "12340"),
        ("parseInteger", "[\"１２３４０\",\"###０\"]", "12340"),
        ("parseInteger", "[\"12\",\"#,##0\"]", "12"),
        ("parseInteger", "[\"1,200\",\"#,##0\"]", "1200"),
        ("parseInteger", "[\"12,345,678\",\"#,##0\"]", "12345678"),
        ("parseInteger", "[\"1,234,567,890\",\"#,##0\"]", "1234567890"),
        ("parseInteger", "[\"1,234,567,890\",\"#,###,##0\"]", "1234567890"),
        ("parseInteger", "[\"1234:567,890\",\"#:###,##0\"]", "1234567890"),
        ("parseInteger", "[\"12345,67,890\",\"##,##,##0\"]", "1234567890"),
        ("parseInteger", "[\"\",\"I\"]", "0"),
        ("parseInteger", "[\"MCMLXXXIV\",\"I\"]", "1984"),
        ("parseInteger", "[\"xcix\",\"i\"]", "99"),
        ("parseInteger", "[\"twelve\",\"w\"]", "12"),
        ("parseInteger", "[\"twenty\",\"w\"]", "20"),
        ("parseInteger", "[\"thirty-four\",\"w\"]", "34"),
        ("parseInteger", "[\"NINETY-NINE\",\"W\"]", "99"),
        ("parseInteger", "[\"one hundred\",\"w\"]", "100"),
        ("parseInteger", "[\"FIVE HUNDRED AND FIFTY-FIVE\",\"W\"]", "555"),
        ("parseInteger", "[\"Five Hundred and Fifty-Five\",\"Ww\"]", "555"),
        ("parseInteger", "[\"nine hundred and nineteen\",\"w\"]", "919"),
        ("parseInteger", "[\"seven hundred and thirty\",\"w\"]", "730"),
        ("parseInteger", "[\"one thousand\",\"w\"]", "1000"),
        ("parseInteger", "[\"three thousand, seven hundred and thirty\",\"w\"]", "3730"),
        ("parseInteger", "[\"three hundred and twenty-seven thousand, seven hundred and thirty\",\"w\"]", "327730"),
        ("parseInteger", "[\"four million, three hundred and twenty-seven thousand, seven hundred and thirty\",\"w\"]", "4327730"),
        ("parseInteger", "[\"one trillion and one\",\"w\"]", "1000000000001"),
        ("parseInteger", "[\"one trillion, two hundred and thirty-four billion, five hundred and sixty-seven million, eight hundred and ninety thousand, one hundred and twenty-three\",\"w\"]", "1234567890123"),
        ("parseInteger", "[\"one thousand trillion\",\"w\"]", "1000000000000000"),
        ("parseInteger", "[\"ten billion trillion trillion trillion\",\"w\"]", "1e+46"),
        ("parseInteger", "[\"twelfth\",\"w;o\"]", "12"),
        ("parseInteger", "[\"twentieth\",\"w;o\"]", "20"),
        ("parseInteger", "[\"thirty-fourth\",\"w;o\"]", "34"),
        ("parseInteger", "[\"NINETY-NINTH\",\"W;o\"]", "99"),
        ("parseInteger", "[\"one hundredth\",\"w;o\"]", "100"),
        ("parseInteger", "[\"FIVE HUNDRED AND FIFTY-FIFTH\",\"W;o\"]", "555"),
        ("parseInteger", "[\"nine hundred and nineteenth\",\"w;o\"]", "919"),
        ("parseInteger", "[\"seven hundred and thirtieth\",\"w;o\"]", "730"),
        ("parseInteger", "[\"Seven Hundred and Thirty-Third\",\"Ww;o\"]", "733"),
        ("parseInteger", "[\"one thousandth\",\"w;o\"]", "1000"),
        ("parseInteger", "[\"three thousand, seven hundred and thirty-first\",\"w;o\"]", "3731"),
        ("parseInteger", "[\"three hundred and twenty-seven thousand, seven hundred and thirteenth\",\"w;o\"]", "327713"),
        ("parseInteger", "[\"four million, three hundred and twenty-seven thousand, seven hundred and thirty-second\",\"w;o\"]", "4327732"),
        ("parseInteger", "[\"one trillion and first\",\"w;o\"]", "1000000000001"),
        ("parseInteger", "[\"A\",\"A\"]", "1"),
        ("parseInteger", "[\"l\",\"a\"]", "12"),
        ("parseInteger", "[\"z\",\"a\"]", "26"),
        ("parseInteger", "[\"aa\",\"a\"]", "27"),
        ("parseInteger", "[\"KN\",\"A\"]", "300"),
        ("parseInteger", "[\"FZPH\",\"A\"]", "123456"),
        ("parseInteger", "[\"50\",\"#\"]", "error:D3130"),
        ("formatInteger", "[12,\"#:###,##0\"]", "\",:12\""),
        ("formatInteger", "[5,\"0,\"]", "\"5,\""),
        ("formatInteger", "[-1e+21,\"#,##0\"]", "\"-1e,+21\""),
        ("formatInteger", "[1e+21,\"١\"]", "\"١ڕٛ٢١\""),
        ("formatInteger", "[-12.5,\"w\"]", "\"-thirteen\""),
        ("formatInteger", "[0,\"w;o\"]", "\"zeroth\""),
        ("formatInteger", "[0,\"a\"]", "\"\""),
        ("formatInteger", "[-3,\"A\"]", "\"-C\""),
        ("formatInteger", "[11,\"0;o\"]", "\"11th\""),
        ("formatInteger", "[111,\"0;o\"]", "\"111th\""),
        ("formatInteger", "[12,\"١;o\"]", "\"١٢th\""),
        ("formatInteger", "[1234,\"#,##0;o\"]", "\"1,234th\""),
        ("formatInteger", "[1234567,\"0 000\"]", "\"1 234 567\""),
        ("formatInteger", "[1234567,\"0,00,0\"]", "\"1234,56,7\""),
        ("formatInteger", "[123,\"#\"]", "error:D3130"),
        ("formatInteger", "[123,\"\"]", "error:D3130"),
        ("formatInteger", "[1.5e+300,\"w\"]", "\"one trillion, five hundred billion trillion, two hundred and sixty-eight million, four hundred and thirty-five thousand, four hundred and fifty-six trillion trillion trillion trillion trillion trillion trillion trillion trillion trillion trillion trillion trillion trillion trillion trillion trillion trillion trillion trillion trillion trillion trillion\""),
        ("formatInteger", "[1000000000000000,\"W;o\"]", "\"ONE THOUSAND TRILLIONTH\""),
        ("formatInteger", "[999999999999999,\"w\"]", "\"nine hundred and ninety-nine trillion, nine hundred and ninety-nine billion, nine hundred and ninety-nine million, nine hundred and ninety-nine thousand, nine hundred and ninety-nine\""),
        ("formatInteger", "[1000000000000,\"Ww;o\"]", "\"One Trillionth\""),
        ("formatInteger", "[4000,\"I\"]", "\"MMMM\""),
        ("formatInteger", "[3999,\"i\"]", "\"mmmcmxcix\""),
        ("formatInteger", "[702,\"A\"]", "\"ZZ\""),
        ("formatInteger", "[703,\"a\"]", "\"aaa\""),
        ("formatInteger", "[1e+300,\"A\"]", "\"AAOCHTVVTRODMMKOKCKQGMSOGYOQAYEUKKOKMICAWOYIOYMIYSMEKCYIEQQAQSKMIOWKCCKIQOYQQKCOSOSMGGQKCMSOSQYSYAAGKOMECIEOSOIGWUEAQUSYQGYKKEOMUWWIKAWAOCQEEOOYYYCSAMIWIAGUWSSUIQEIMIUGGUKKCUWKYCWIWCQEEMQMAUMWAMCCMEWAMYSGIQKIGQSOG\""),
        ("formatInteger", "[12345,\"0;c\"]", "\"12345\""),
        ("formatInteger", "[5,\"000;o\"]", "\"005th\""),
        ("formatInteger", "[112,\"0;o\"]", "\"112th\""),
        ("formatInteger", "[12,\"0;x\"]", "\"12\""),
        ("formatInteger", "[12,\"0;\"]", "\"12\""),
        ("formatInteger", "[7,\";o\"]", "error:D3130"),
        ("formatInteger", "[1234567,\"#,###.##0\"]", "\"1,234.567\""),
        ("formatInteger", "[1234567,\"𝟎\"]", "error:D3130"),
        ("formatInteger", "[1234,\"0😀000\"]", "\"1😀234\""),
        ("formatInteger", "[42,\"x0\"]", "\"4x2\""),
        ("formatInteger", "[-0.5,\"0\"]", "\"-1\""),
        ("formatInteger", "[100000000000000000000,\"#,##0\"]", "\"100,000,000,000,000,000,000\""),
        ("formatInteger", "[12,\"00,00,00\"]", "\"00,00,12\""),
        ("formatInteger", "[90,\"w;o\"]", "\"ninetieth\""),
        ("formatInteger", "[101,\"w;o\"]", "\"one hundred and first\""),
        ("formatInteger", "[1000001,\"w\"]", "\"one million and one\""),
        ("formatInteger", "[2000000,\"w;o\"]", "\"two millionth\""),
        ("formatInteger", "[110,\"W\"]", "\"ONE HUNDRED AND TEN\""),
        ("parseInteger", "[\"12,345\",\"#,##0\"]", "12345"),
        ("parseInteger", "[\"12:345\",\"#:##0\"]", "12"),
        ("parseInteger", "[\"1:234:567\",\"#:##0\"]", "1"),
        ("parseInteger", "[\"abc\",\"0\"]", "null"),
        ("parseInteger", "[\"0x1A\",\"0\"]", "26"),
        ("parseInteger", "[\"  42\",\"0\"]", "42"),
        ("parseInteger", "[\"-42\",\"0\"]", "-42"),
        ("parseInteger", "[\"42nd\",\"0;o\"]", "42"),
        ("parseInteger", "[\"42\",\"0;o\"]", "null"),
        ("parseInteger", "[\"Q\",\"I\"]", "null"),
        ("parseInteger", "[\"mcm\",\"I\"]", "null"),
        ("parseInteger", "[\"MCM\",\"i\"]", "1900"),
        ("parseInteger", "[\"ı\",\"i\"]", "1"),
        ("parseInteger", "[\"5\",\"a\"]", "-43"),
        ("parseInteger", "[\"\",\"w\"]", "null"),
        ("parseInteger", "[\"one  two\",\"w\"]", "null"),
        ("parseInteger", "[\"one hundred and\",\"w\"]", "null"),
        ("parseInteger", "[\"twenty one\",\"w\"]", "21"),
        ("parseInteger", "[\"one\\\\two\",\"w\"]", "3"),
        ("parseInteger", "[\"constructor\",\"w\"]", "null"),
        ("parseInteger", "[\"one million, two\",\"w\"]", "1000002"),
        ("parseInteger", "[\"one million,two\",\"w\"]", "null"),
        ("parseInteger", "[\"hundreieth\",\"w\"]", "0"),
        ("parseInteger", "[\"one thousand thousand\",\"w\"]", "1000000"),
        ("parseInteger", "[\"12\",\"##١\"]", "error:U1003"),
        ("parseInteger", "[\"١٢\",\"#,##١\"]", "12"),
        ("parseInteger", "[\"12\",\"α\"]", "error:D3130"),
        ("parseInteger", "[\"12\",\"##0０\"]", "error:D3131"),
        ("parseInteger", "[\"99999999999999999999999\",\"0\"]", "1e+23"),
        ("parseInteger", "[\"1e5\",\"0\"]", "1"),
        ("parseInteger", "[\"12;34\",\"0\"]", "12"),
        ("parseInteger", "[\"１２\",\"0\"]", "null"),
        ("parseInteger", "[\"12.7\",\"0\"]", "12"),
        ("parseInteger", "[\"aA\",\"A\"]", "859"),
        ("parseInteger", "[\"€\",\"a\"]", "8268"),
        ("formatInteger", "[123456789012345680000,\"0\"]", "\"123456789012345680000\""),
];

#[test]
fn messages_name_the_value_as_jsonata_js() {
    let message = |f: super::Failure| f.into_error("toMillis", &TestHost { now: 0.0 }).message;
    assert_eq!(
        message(super::Failure::new("D3132", "q")),
        "Unknown component specifier \"q\" in date/time picture string"
    );
    assert_eq!(
        message(super::Failure::new("D3130", "α")),
        "Formatting or parsing an integer as a sequence starting with \"α\" is not supported by this implementation"
    );
    assert_eq!(
        message(super::Failure::new("D3110", "foo")),
        "The argument of the toMillis function must be an ISO 8601 formatted timestamp. Given \"foo\""
    );
}
