//! The string built-ins called directly, each expectation what jsonata-js 2.0.6 gives for the
//! expression in the comment (checked with the reference implementation).

use std::rc::Rc;

use serde_json::json;

use crate::functions::builtin;
use crate::regex;
use crate::value::{Function, Host, Native, Value};
use crate::Error;

/// A host that applies natives (validating their signatures) and regexes.
struct TestHost;

impl Host for TestHost {
    fn apply(&mut self, function: &Value, arguments: &[Value]) -> Result<Value, Error> {
        let Value::Function(f) = function else {
            return Err(Error::with_message(
                "T1006",
                0,
                None,
                "not a function".into(),
            ));
        };
        match &**f {
            Function::Native(native) => {
                let arguments = match &native.signature {
                    Some(signature) => {
                        signature.validate(arguments, &Value::Undefined, &native.name, 0)?
                    }
                    None => arguments.to_vec(),
                };
                (native.body)(self, &arguments)
            }
            Function::Regex(r) => Ok(match arguments.first() {
                Some(Value::String(s)) => regex::call(r, s),
                _ => Value::Undefined,
            }),
            _ => Err(Error::with_message("T1006", 0, None, "not here".into())),
        }
    }
    fn arity(&self, _function: &Value) -> usize {
        1
    }
    fn now_millis(&self) -> f64 {
        0.0
    }
    fn random(&mut self) -> f64 {
        0.0
    }
    fn eval(&mut self, _expression: &str, _input: &Value) -> Result<Value, Error> {
        Ok(Value::Undefined)
    }
    fn position(&self) -> usize {
        0
    }
}

fn re(pattern: &str) -> Value {
    Value::Function(Rc::new(Function::Regex(
        regex::compile(pattern, "", 0).expect("a test regex compiles"),
    )))
}

fn function(body: impl Fn(&Value) -> Value + 'static) -> Value {
    Value::Function(Rc::new(Function::Native(Native {
        name: "f".into(),
        signature: None,
        body: Rc::new(move |_, args| Ok(body(&args[0]))),
    })))
}

fn call(name: &str, arguments: Vec<Value>) -> Result<Option<serde_json::Value>, &'static str> {
    let f = builtin(name).expect("a built-in");
    TestHost
        .apply(&f, &arguments)
        .map(|v| v.to_json())
        .map_err(|e| e.code)
}

fn s(text: &str) -> Value {
    Value::string(text)
}

fn n(x: f64) -> Value {
    Value::Number(x)
}

fn ok(v: serde_json::Value) -> Result<Option<serde_json::Value>, &'static str> {
    Ok(Some(v))
}

#[test]
fn string_casts() {
    // $string(1/3), $string(1e21), $string([1.0000000000000002, 1/3], true)
    assert_eq!(
        call("string", vec![n(1.0 / 3.0)]),
        ok(json!("0.333333333333333"))
    );
    assert_eq!(call("string", vec![n(1e21)]), ok(json!("1e+21")));
    assert_eq!(
        call(
            "string",
            vec![
                Value::from(json!([1.0000000000000002, 1.5])),
                Value::Bool(true)
            ]
        ),
        ok(json!("[\n  1,\n  1.5\n]"))
    );
    // $string(/(x)?b/("b")) writes the next function as ""
    let matched = regex::call(&regex::compile("(x)?b", "", 0).unwrap(), "b");
    assert_eq!(
        call("string", vec![matched]),
        ok(json!(
            "{\"match\":\"b\",\"start\":0,\"end\":1,\"groups\":[null],\"next\":\"\"}"
        ))
    );
    assert_eq!(call("string", vec![]), Ok(None));
    assert_eq!(call("string", vec![n(f64::INFINITY)]), Err("D3001"));
}

#[test]
fn lengths_and_substrings_count_code_points() {
    assert_eq!(call("length", vec![s("😀")]), ok(json!(1)));
    assert_eq!(call("length", vec![n(1.0)]), Err("T0410"));
    // $substring("😀abc", 1, 2), $substring("abcdef", 1.5, 2.7), $substring("abcdef", -2.5)
    assert_eq!(
        call("substring", vec![s("😀abc"), n(1.0), n(2.0)]),
        ok(json!("ab"))
    );
    assert_eq!(
        call("substring", vec![s("abcdef"), n(1.5), n(2.7)]),
        ok(json!("bcd"))
    );
    assert_eq!(
        call("substring", vec![s("abcdef"), n(-2.5)]),
        ok(json!("ef"))
    );
    assert_eq!(
        call("substring", vec![s("abcdef"), n(-10.0), n(2.0)]),
        ok(json!("ab"))
    );
    assert_eq!(
        call("substring", vec![s("abcdef"), n(2.0), n(0.0)]),
        ok(json!(""))
    );
    // $substring("abc", nothing), $substring("abc", nothing, 2), $pad("abc", nothing)
    let nothing = Value::Undefined;
    assert_eq!(
        call("substring", vec![s("abc"), nothing.clone()]),
        ok(json!("abc"))
    );
    assert_eq!(
        call("substring", vec![s("abc"), nothing.clone(), n(2.0)]),
        ok(json!(""))
    );
    assert_eq!(call("pad", vec![s("abc"), nothing]), ok(json!("abc")));
    assert_eq!(
        call("substringBefore", vec![s("abc"), s("c")]),
        ok(json!("ab"))
    );
    assert_eq!(
        call("substringAfter", vec![s("abc"), s("")]),
        ok(json!("abc"))
    );
    assert_eq!(
        call("substringAfter", vec![s("abc"), s("x")]),
        ok(json!("abc"))
    );
}

#[test]
fn case_trim_and_pad() {
    // $uppercase("ßﬃ"), $lowercase("ΑΣ ΣΑ"), $trim("  a \t\n b  ")
    assert_eq!(call("uppercase", vec![s("ßﬃ")]), ok(json!("SSFFI")));
    assert_eq!(call("lowercase", vec![s("ΑΣ ΣΑ")]), ok(json!("ας σα")));
    assert_eq!(call("trim", vec![s("  a \t\n b  ")]), ok(json!("a b")));
    assert_eq!(call("trim", vec![s("   ")]), ok(json!("")));
    // $pad("foo", -5, "#"), $pad("foo", 8, "-+"), $pad("😀", 3, "é")
    assert_eq!(
        call("pad", vec![s("foo"), n(-5.0), s("#")]),
        ok(json!("##foo"))
    );
    assert_eq!(
        call("pad", vec![s("foo"), n(8.0), s("-+")]),
        ok(json!("foo-+-+-"))
    );
    assert_eq!(
        call("pad", vec![s("😀"), n(3.0), s("é")]),
        ok(json!("😀éé"))
    );
    assert_eq!(call("pad", vec![s(""), n(1e9)]), Err("U1002"));
}

#[test]
fn contains_split_and_join() {
    assert_eq!(call("contains", vec![s("abc"), s("bc")]), ok(json!(true)));
    // $contains("abc", /x*/) is true: an empty match is a match
    assert_eq!(call("contains", vec![s("abc"), re("x*")]), ok(json!(true)));
    assert_eq!(call("contains", vec![s("abc"), re("d")]), ok(json!(false)));
    // $split("a1b2c3", /\d/), $split("a1b2c", /\d/, 2), $split("a,b,c", ",", 1.5)
    assert_eq!(
        call("split", vec![s("a1b2c3"), re("\\d")]),
        ok(json!(["a", "b", "c", ""]))
    );
    assert_eq!(
        call("split", vec![s("a1b2c"), re("\\d"), n(2.0)]),
        ok(json!(["a", "b"]))
    );
    assert_eq!(
        call("split", vec![s("a,b,c"), s(","), n(1.5)]),
        ok(json!(["a"]))
    );
    assert_eq!(
        call("split", vec![s("abc"), s(""), n(2.0)]),
        ok(json!(["a", "b"]))
    );
    assert_eq!(call("split", vec![s("a b"), s(" "), n(-1.0)]), Err("D3020"));
    assert_eq!(call("split", vec![s("abc"), re("x*")]), Err("D1004"));
    // $join(["a","b"]), $join("a", "-"), $join(["a",1])
    assert_eq!(
        call("join", vec![Value::from(json!(["a", "b"]))]),
        ok(json!("ab"))
    );
    assert_eq!(call("join", vec![s("a"), s("-")]), ok(json!("a")));
    assert_eq!(
        call("join", vec![Value::from(json!(["a", 1]))]),
        Err("T0412")
    );
}

#[test]
fn match_gives_match_index_groups() {
    // $match("😀a😀b", /a|b/)
    assert_eq!(
        call("match", vec![s("😀a😀b"), re("a|b")]),
        ok(json!([
            {"match": "a", "index": 2, "groups": []},
            {"match": "b", "index": 5, "groups": []}
        ]))
    );
    // $match("aaa", /a/, 1.5) gives two
    assert_eq!(
        call("match", vec![s("aaa"), re("a"), n(1.5)]).map(|v| v.map(|v| v.to_string().len())),
        Ok(Some(
            json!([{"match": "a", "index": 0, "groups": []}, {"match": "a", "index": 1, "groups": []}])
                .to_string()
                .len()
        ))
    );
    assert_eq!(call("match", vec![s("abc"), re("x*")]), Err("D1004"));
    // an empty sequence, which evaluation makes undefined
    assert_eq!(call("match", vec![s("abc"), re("x")]), ok(json!([])));
    assert_eq!(
        call("match", vec![s("abc"), re("x"), n(-1.0)]),
        Err("D3040")
    );
}

#[test]
fn replace_substitutes_as_jsonata_js() {
    // $replace("abcabc", /(b)(c)?/, "[$2|$1|$0|$$|$3|$]")
    assert_eq!(
        call(
            "replace",
            vec![s("abcabc"), re("(b)(c)?"), s("[$2|$1|$0|$$|$3|$]")]
        ),
        ok(json!("a[c|b|bc|$||$]a[c|b|bc|$||$]"))
    );
    // $replace("abcdefghijkl", /(a)…(k)/, "$11-$12-$1x-$01")
    assert_eq!(
        call(
            "replace",
            vec![
                s("abcdefghijkl"),
                re("(a)(b)(c)(d)(e)(f)(g)(h)(i)(j)(k)"),
                s("$11-$12-$1x-$01")
            ]
        ),
        ok(json!("k-a2-ax-abcdefghijk1l"))
    );
    // $replace("b", /(x)?b/, "[$1]")
    assert_eq!(
        call("replace", vec![s("b"), re("(x)?b"), s("[$1]")]),
        ok(json!("[]"))
    );
    // $replace("aaa", "a", "b", 1.5), $replace("aaa", /a/, "b", 0)
    assert_eq!(
        call("replace", vec![s("aaa"), s("a"), s("b"), n(1.5)]),
        ok(json!("bba"))
    );
    assert_eq!(
        call("replace", vec![s("aaa"), re("a"), s("b"), n(0.0)]),
        ok(json!("aaa"))
    );
    // a function replacer: $replace("a1b2", /\d/, function($m){$m.match & "!"})
    let bang = function(|m| {
        let text = m
            .as_object()
            .and_then(|o| o.get("match"))
            .and_then(Value::as_str);
        Value::string(format!("{}!", text.unwrap_or_default()))
    });
    assert_eq!(
        call("replace", vec![s("a1b2"), re("\\d"), bang]),
        ok(json!("a1!b2!"))
    );
    let number = function(|_| Value::Number(1.0));
    assert_eq!(
        call("replace", vec![s("abc"), re("b"), number]),
        Err("D3012")
    );
    assert_eq!(call("replace", vec![s("abc"), s(""), s("x")]), Err("D3010"));
    assert_eq!(
        call("replace", vec![s("abc"), s("b"), s("x"), n(-1.0)]),
        Err("D3011")
    );
    assert_eq!(
        call("replace", vec![s("abc"), re("x*"), s("-")]),
        Err("D1004")
    );
    // a matcher answering with something else than a match object
    let wrong = function(|_| Value::string("no"));
    assert_eq!(call("replace", vec![s("abc"), wrong, s("-")]), Err("T1010"));
}

#[test]
fn encodings() {
    assert_eq!(call("base64encode", vec![s("é😀")]), ok(json!("6T0A")));
    assert_eq!(call("base64decode", vec![s("w6k=")]), ok(json!("Ã©")));
    assert_eq!(
        call("encodeUrlComponent", vec![s("a b&é")]),
        ok(json!("a%20b%26%C3%A9"))
    );
    assert_eq!(
        call("encodeUrl", vec![s("a b&é")]),
        ok(json!("a%20b&%C3%A9"))
    );
    assert_eq!(
        call("decodeUrlComponent", vec![s("%3B%C3%A9")]),
        ok(json!(";é"))
    );
    assert_eq!(call("decodeUrl", vec![s("%3B%C3%A9")]), ok(json!("%3Bé")));
    assert_eq!(call("decodeUrlComponent", vec![s("%")]), Err("D3140"));
    assert_eq!(call("decodeUrl", vec![s("%E2%82%AC%zz")]), Err("D3140"));
}

/// A field of a match object.
fn field(object: &Value, key: &str) -> Value {
    object
        .as_object()
        .and_then(|o| o.get(key))
        .cloned()
        .unwrap_or_default()
}

#[test]
fn next_shares_the_last_index_of_its_call() {
    let aaa = regex::call(&regex::compile("a", "", 0).unwrap(), "aaa");
    let next = |host: &mut TestHost, m: &Value| host.apply(&field(m, "next"), &[]);
    let mut host = TestHost;
    // /a/("aaa").next().next() → {"match":"a","start":2,"end":3,"groups":[]}
    let second = next(&mut host, &aaa).unwrap();
    let third = next(&mut host, &second).unwrap();
    assert_eq!(field(&third, "start").as_number(), Some(2.0));
    assert!(next(&mut host, &third).unwrap().is_undefined());
    // ($m := /a/("aaa"); [$m.next().start, $m.next().start]) → [1, 2]
    let m = regex::call(&regex::compile("a", "", 0).unwrap(), "aaa");
    let starts: Vec<Option<f64>> = (0..2)
        .map(|_| field(&next(&mut host, &m).unwrap(), "start").as_number())
        .collect();
    assert_eq!(starts, vec![Some(1.0), Some(2.0)]);
    // /a*/("aaa").next() → undefined: the first match reached the end
    let all = regex::call(&regex::compile("a*", "", 0).unwrap(), "aaa");
    assert!(next(&mut host, &all).unwrap().is_undefined());
    // /x*/("abc").next() → D1004
    let empty = regex::call(&regex::compile("x*", "", 0).unwrap(), "abc");
    assert_eq!(next(&mut host, &empty).err().map(|e| e.code), Some("D1004"));
}
