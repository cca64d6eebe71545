//! Evaluation checked against jsonata-js 2.0.6: each expected value is what
//! `node /tmp/jsref/eval.js EXPR INPUT` printed (an error as its code).

use crate::{Bindings, Expression};

fn run(expr: &str, input: &str) -> String {
    run_with(expr, input, &Bindings::new())
}

/// [`run`] with `bindings` (and their limits).
fn run_with(expr: &str, input: &str, bindings: &Bindings) -> String {
    let input: Option<serde_json::Value> = if input.is_empty() {
        None
    } else {
        Some(serde_json::from_str(input).expect("input JSON"))
    };
    match Expression::parse(expr).and_then(|e| e.evaluate(input.as_ref(), bindings)) {
        Ok(Some(v)) => v.to_string(),
        Ok(None) => "(undefined)".to_string(),
        Err(e) => format!("error {}", e.code),
    }
}

/// (expression, input JSON or empty for undefined, jsonata-js's result).
const CASES: &[(&str, &str, &str)] = &[
    (r#"1 + 2 * 3"#, r#""#, r#"7"#),
    (r#""a" & 1 & true"#, r#""#, r#""a1true""#),
    (r#"-(1)"#, r#""#, r#"-1"#),
    (r#"1 + "a""#, r#""#, r#"error T2002"#),
    (r#""a" - 1"#, r#""#, r#"error T2001"#),
    (r#"1 < "a""#, r#""#, r#"error T2009"#),
    (r#"(1/0) + 1"#, r#""#, r#"error D1001"#),
    (r#"1 + x"#, r#"{}"#, r#"(undefined)"#),
    (
        r#"a.b"#,
        r#"{"a":[{"b":1},{"b":[2,3]},{"c":4}],"d":{"e":5}}"#,
        r#"[1,2,3]"#,
    ),
    (
        r#"a[0].b"#,
        r#"{"a":[{"b":1},{"b":[2,3]},{"c":4}],"d":{"e":5}}"#,
        r#"1"#,
    ),
    (
        r#"a[-1].c"#,
        r#"{"a":[{"b":1},{"b":[2,3]},{"c":4}],"d":{"e":5}}"#,
        r#"4"#,
    ),
    (
        r#"a.b[0]"#,
        r#"{"a":[{"b":1},{"b":[2,3]},{"c":4}],"d":{"e":5}}"#,
        r#"[1,2]"#,
    ),
    (
        r#"(a.b)[0]"#,
        r#"{"a":[{"b":1},{"b":[2,3]},{"c":4}],"d":{"e":5}}"#,
        r#"1"#,
    ),
    (r#"a[b>1].b"#, r#"{"a":[{"b":1},{"b":2},{"c":4}]}"#, r#"2"#),
    (
        r#"d.e[]"#,
        r#"{"a":[{"b":1},{"b":[2,3]},{"c":4}],"d":{"e":5}}"#,
        r#"[5]"#,
    ),
    (
        r#"d.*"#,
        r#"{"a":[{"b":1},{"b":[2,3]},{"c":4}],"d":{"e":5}}"#,
        r#"5"#,
    ),
    (
        r#"$count(**)"#,
        r#"{"a":[{"b":1},{"b":[2,3]},{"c":4}],"d":{"e":5}}"#,
        r#"10"#,
    ),
    (r#"[1,2,3][1]"#, r#""#, r#"2"#),
    (r#"$[1]"#, r#"[1,2,3]"#, r#"2"#),
    (r#"$"#, r#"[1,2,3]"#, r#"[1,2,3]"#),
    (r#"[1..3]"#, r#""#, r#"[1,2,3]"#),
    (r#"[1,2][0].$string()"#, r#""#, r#"(undefined)"#),
    (r#"["ab","c"][0].$"#, r#""#, r#"["a","b"]"#),
    (
        r#"($x := 2; $y := function($a){$a * $x}; $y(3))"#,
        r#""#,
        r#"6"#,
    ),
    (
        r#"($f := function($n){$n = 0 ? 1 : $n * $f($n - 1)}; $f(5))"#,
        r#""#,
        r#"120"#,
    ),
    (
        r#"($even := function($n){$n = 0 ? true : $odd($n-1)}; $odd := function($n){$n = 0 ? false : $even($n-1)}; $odd(6555))"#,
        r#""#,
        r#"true"#,
    ),
    (
        r#"($add := function($a, $b){$a + $b}; $inc := $add(?, 1); $inc(4))"#,
        r#""#,
        r#"5"#,
    ),
    (
        r#"(function($x){$x * 2} ~> function($y){$y + 1})(3)"#,
        r#""#,
        r#"7"#,
    ),
    (r#"3 ~> function($y){$y + 1}"#, r#""#, r#"4"#),
    (
        r#"$.{k: v}"#,
        r#"[{"k":"a","v":1},{"k":"b","v":2},{"k":"a","v":3}]"#,
        r#"[{"a":1},{"b":2},{"a":3}]"#,
    ),
    (
        r#"$^(>v).v"#,
        r#"[{"k":"a","v":1},{"k":"b","v":2},{"k":"a","v":3}]"#,
        r#"[3,2,1]"#,
    ),
    (
        r#"$^(k, >v).v"#,
        r#"[{"k":"a","v":1},{"k":"b","v":2},{"k":"a","v":3}]"#,
        r#"[3,1,2]"#,
    ),
    (r#"{"x": 1, "x": 2}"#, r#""#, r#"error D1009"#),
    (
        r#"$^(v = 1)"#,
        r#"[{"k":"a","v":1},{"k":"b","v":2},{"k":"a","v":3}]"#,
        r#"error T2008"#,
    ),
    (
        r#"$sum($.v)"#,
        r#"[{"k":"a","v":1},{"k":"b","v":2},{"k":"a","v":3}]"#,
        r#"6"#,
    ),
    (
        r#"$map([1,2,3], function($x, $i){$x * $i})"#,
        r#""#,
        r#"[0,2,6]"#,
    ),
    (
        r#"$filter([1,2,3,4], function($x){$x % 2 = 0})"#,
        r#""#,
        r#"[2,4]"#,
    ),
    (
        r#"$reduce([1,2,3,4], function($a, $b){$a + $b})"#,
        r#""#,
        r#"10"#,
    ),
    (
        r#"$sort([3,1,2], function($a, $b){$a > $b})"#,
        r#""#,
        r#"[1,2,3]"#,
    ),
    (
        r#"a.b.{'n': %.n, 'v': $}"#,
        r#"{"a":[{"n":"x","b":[1,2]},{"n":"y","b":[3]}]}"#,
        r#"[{"n":"x","v":1},{"n":"x","v":2},{"n":"y","v":3}]"#,
    ),
    (
        r#"a#$i.(n & $string($i))"#,
        r#"{"a":[{"n":"x","b":[1,2]},{"n":"y","b":[3]}]}"#,
        r#"["x0","y1"]"#,
    ),
    (
        r#"a@$o.b@$b.($o.n & $b)"#,
        r#"{"a":[{"n":"x","b":[1,2]},{"n":"y","b":[3]}]}"#,
        r#"(undefined)"#,
    ),
    (
        r#"a.b#$i[$i>0]"#,
        r#"{"a":[{"n":"x","b":[1,2]},{"n":"y","b":[3]}]}"#,
        r#"2"#,
    ),
    (
        r#"$ ~> |a|{'b': 10}, ['c']|"#,
        r#"{"a":{"b":1,"c":2},"d":[{"b":3}]}"#,
        r#"{"a":{"b":10},"d":[{"b":3}]}"#,
    ),
    (
        r#"$ ~> |d|{'x': true}|"#,
        r#"{"a":{"b":1,"c":2},"d":[{"b":3}]}"#,
        r#"{"a":{"b":1,"c":2},"d":[{"b":3,"x":true}]}"#,
    ),
    (
        r#"$ ~> |a|5|"#,
        r#"{"a":{"b":1,"c":2},"d":[{"b":3}]}"#,
        r#"error T2011"#,
    ),
    (
        r#""abc" ~> /b/"#,
        r#""#,
        r#"{"match":"b","start":1,"end":2,"groups":[]}"#,
    ),
    (
        r#"$match("abcb", /b/)"#,
        r#""#,
        r#"[{"match":"b","index":1,"groups":[]},{"match":"b","index":3,"groups":[]}]"#,
    ),
    (r#"$eval("1 + $x", {"x": 2})"#, r#""#, r#"(undefined)"#),
    (r#"$eval("a + 1", {"a": 2})"#, r#""#, r#"3"#),
    (r#"$string(5) in ["5", "6"]"#, r#""#, r#"true"#),
    (r#"$exists(nothing) ? 1 : 2"#, r#""#, r#"2"#),
    (r#"$substring(?, 1)("hello")"#, r#""#, r#""ello""#),
    (
        r#"Account.Order.Product[%.OrderID = "order104"].SKU"#,
        r#"{"Account":{"Order":[{"OrderID":"order103","Product":[{"SKU":1},{"SKU":2}]},{"OrderID":"order104","Product":[{"SKU":3}]}]}}"#,
        r#"3"#,
    ),
    (
        r#"Account.Order@$o.Product@$p.{"o": $o.OrderID, "s": $p.SKU}"#,
        r#"{"Account":{"Order":[{"OrderID":"order103","Product":[{"SKU":1},{"SKU":2}]},{"OrderID":"order104","Product":[{"SKU":3}]}]}}"#,
        r#"(undefined)"#,
    ),
    (
        r#"Account.Order#$i.Product.{"i": $i, "s": SKU}"#,
        r#"{"Account":{"Order":[{"OrderID":"order103","Product":[{"SKU":1},{"SKU":2}]},{"OrderID":"order104","Product":[{"SKU":3}]}]}}"#,
        r#"[{"i":0,"s":1},{"i":0,"s":2},{"i":1,"s":3}]"#,
    ),
    (
        r#"Account.Order.Product^(>SKU).SKU"#,
        r#"{"Account":{"Order":[{"OrderID":"order103","Product":[{"SKU":1},{"SKU":2}]},{"OrderID":"order104","Product":[{"SKU":3}]}]}}"#,
        r#"[3,2,1]"#,
    ),
    (
        r#"Account.Order{OrderID: $count(Product)}"#,
        r#"{"Account":{"Order":[{"OrderID":"order103","Product":[{"SKU":1},{"SKU":2}]},{"OrderID":"order104","Product":[{"SKU":3}]}]}}"#,
        r#"{"order103":2,"order104":1}"#,
    ),
    (
        r#"Account.Order.Product.SKU[]"#,
        r#"{"Account":{"Order":[{"OrderID":"order103","Product":[{"SKU":1},{"SKU":2}]},{"OrderID":"order104","Product":[{"SKU":3}]}]}}"#,
        r#"[1,2,3]"#,
    ),
    (
        r#"Account.Order[1].Product.SKU[]"#,
        r#"{"Account":{"Order":[{"OrderID":"order103","Product":[{"SKU":1},{"SKU":2}]},{"OrderID":"order104","Product":[{"SKU":3}]}]}}"#,
        r#"[3]"#,
    ),
    (r#"$map([[1],[2]], $zip)"#, r#""#, r#"[[[1]],[[2]]]"#),
    (r#"$map([1,2], $string)"#, r#""#, r#"["1","2"]"#),
    (
        r#"*.Product.SKU"#,
        r#"{"Account":{"Order":[{"OrderID":"order103","Product":[{"SKU":1},{"SKU":2}]},{"OrderID":"order104","Product":[{"SKU":3}]}]}}"#,
        r#"(undefined)"#,
    ),
    (
        r#"**.SKU"#,
        r#"{"Account":{"Order":[{"OrderID":"order103","Product":[{"SKU":1},{"SKU":2}]},{"OrderID":"order104","Product":[{"SKU":3}]}]}}"#,
        r#"[1,2,3]"#,
    ),
    (r#"$.(a + b)"#, r#"{"a":1,"b":2}"#, r#"3"#),
    (r#"(a.b)[0]"#, r#"{"a":[{"b":[1,2]},{"b":[3]}]}"#, r#"1"#),
    (r#"a.b[0]"#, r#"{"a":[{"b":[1,2]},{"b":[3]}]}"#, r#"[1,3]"#),
    (r#"[1,2,3][[0,2]]"#, r#""#, r#"[1,3]"#),
    (r#"[1,2,3][$ > 1]"#, r#""#, r#"[2,3]"#),
    (r#""x" in ["x", "y"]"#, r#""#, r#"true"#),
    (r#"{"a": 1} in [{"a": 1}]"#, r#""#, r#"false"#),
    (r#"$uppercase("a") & $lowercase("B")"#, r#""#, r#""Ab""#),
    (
        r#"($f := function($x)<n:n>{$x * 2}; $f("a"))"#,
        r#""#,
        r#"error T0410"#,
    ),
    (r#"($f := function($x)<n:n>{$x * 2}; $f(4))"#, r#""#, r#"8"#),
    (r#"$undefinedFunction(1)"#, r#""#, r#"error T1006"#),
    (r#"x(1)"#, r#"{"x": 1}"#, r#"error T1006"#),
    (r#"(function(){1})()"#, r#""#, r#"1"#),
    (r#"[1..3].($ * 2)"#, r#""#, r#"[2,4,6]"#),
    (r#"[3..1]"#, r#""#, r#"[]"#),
    (r#"[1.5..3]"#, r#""#, r#"error T2003"#),
    (r#"{"a": [1,2]}.a[]"#, r#""#, r#"[1,2]"#),
    (r#"$ ~> |$|{"b": 2}, "a"|"#, r#"{"a":1}"#, r#"{"b":2}"#),
    (r#"$string(1) ~> $substring(0, 1)"#, r#""#, r#""1""#),
    (
        r#"($inc := function($x){$x + 1}; $twice := function($f){function($x){$f($f($x))}}; $twice($inc)(1))"#,
        r#""#,
        r#"3"#,
    ),
    (r#"(($x := 1); $x)"#, r#""#, r#"(undefined)"#),
    (r#"($x := 1; ($x := 2); $x)"#, r#""#, r#"1"#),
    (r#"true ? "y""#, r#""#, r#""y""#),
    (r#"false ? "y""#, r#""#, r#"(undefined)"#),
    (r#"$boolean([0, false])"#, r#""#, r#"false"#),
    (r#"$exists($$.a)"#, r#"{"a":null}"#, r#"true"#),
    (r#"$$"#, r#"[1,2]"#, r#"[1,2]"#),
    (r#"function(){1} ? "y" : "n""#, r#""#, r#""y""#),
    (r#"$sum ? "y" : "n""#, r#""#, r#""y""#),
    (r#"/a/ ? "y" : "n""#, r#""#, r#""n""#),
    (r#"[1,2][function(){1}]"#, r#""#, r#"[1,2]"#),
    (r#"*"#, r#"{"b":1,"1":2}"#, r#"[2,1]"#),
    (r#"**.x"#, r#"{"b":{"x":1},"1":{"x":2}}"#, r#"[2,1]"#),
];

#[test]
fn cases_match_jsonata_js() {
    let mut failures = Vec::new();
    for (expr, input, expected) in CASES {
        let got = run(expr, input);
        let same = match (
            serde_json::from_str::<serde_json::Value>(&got),
            serde_json::from_str::<serde_json::Value>(expected),
        ) {
            (Ok(a), Ok(b)) => a == b,
            _ => got == *expected,
        };
        if !same {
            failures.push(format!("{expr}\n  expected {expected}\n  got      {got}"));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn expression_is_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Expression>();
}

#[test]
fn runaway_recursion_ends_with_u1001() {
    assert_eq!(
        run("($inf := function(){$inf()}; $inf())", ""),
        "error U1001"
    );
    assert_eq!(
        run("($f := function($n){$n + $f($n)}; $f(1))", ""),
        "error U1001"
    );
}

#[test]
fn deep_recursion_stays_within_a_small_stack() {
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            run(
                "($f := function($n){$n = 0 ? 0 : 1 + $f($n - 1)}; $f(1000))",
                "",
            )
        })
        .expect("spawn");
    assert_eq!(handle.join().expect("no stack overflow"), "error U1001");
}

#[test]
fn recursion_through_built_ins_ends_with_u1001_not_a_crash() {
    let handle = std::thread::Builder::new()
        .stack_size(2 << 20)
        .spawn(|| {
            run(
                "($f := function($n){$n = 0 ? 0 : $sum($map([$n], function($x){$f($x - 1)}))}; $f(100000))",
                "",
            )
        })
        .expect("spawn");
    assert_eq!(handle.join().expect("no stack overflow"), "error U1001");
}

#[test]
fn values_nested_too_deeply_end_with_u1002() {
    assert_eq!(
        run(
            "($f := function($n, $a){$n = 0 ? $a : $f($n - 1, {'a': $a})}; $f(100000, 1))",
            ""
        ),
        "error U1002"
    );
}

#[test]
fn random_numbers_differ_between_evaluations_even_with_a_fixed_clock() {
    let e = Expression::parse("$random()").expect("parses");
    let mut bindings = Bindings::new();
    bindings.now_millis = Some(0.0);
    let a = e.evaluate(None, &bindings).expect("evaluates");
    let b = e.evaluate(None, &bindings).expect("evaluates");
    let n = a.as_ref().and_then(|v| v.as_f64()).expect("a number");
    assert!((0.0..1.0).contains(&n));
    assert_ne!(a, b);
}

#[test]
fn now_is_the_clock_given() {
    let e = Expression::parse("$millis()").expect("parses");
    let mut bindings = Bindings::new();
    bindings.now_millis = Some(1_700_000_000_000.0);
    let got = e.evaluate(None, &bindings).expect("evaluates");
    assert_eq!(got, Some(serde_json::json!(1_700_000_000_000u64)));
}

#[test]
fn recursive_functions_and_closures_are_freed_after_evaluation() {
    let live = || super::scope::LIVE.with(|n| n.get());
    let before = live();
    for expr in [
        "($f := function($n){$n = 0 ? 0 : $f($n - 1)}; $f(10))",
        "($o := {'f': function(){$o}}; 1)",
        "($add := function($a, $b){$a + $b}; $inc := $add(?, 1); $inc(1))",
        "a@$x.b#$i.{'v': %.c}",
        // the result is the recursive function itself (found by the fuzz target): JSON has
        // no functions, so its scope is freed too
        "($f := function($n){$f($n)};)",
        "($f := function($n){$f($n)}; {'f': $f, 'g': [$f]})",
    ] {
        run(expr, r#"{"a":[{"b":[1],"c":2}]}"#);
    }
    assert_eq!(live(), before);
}

/// Objects come out in JavaScript's property order, as jsonata-js writes them (jsonata-js
/// 2.0.6: `{"b":1,"1":2,"a":3,"0":4}` evaluates to `{"0":4,"1":2,"b":1,"a":3}`).
#[test]
fn objects_come_out_in_javascript_property_order() {
    let e = crate::Expression::parse(r#"{"b":1,"1":2,"a":3,"0":4}"#).unwrap();
    let got = e.evaluate(None, &crate::Bindings::new()).unwrap().unwrap();
    assert_eq!(got.to_string(), r#"{"0":4,"1":2,"b":1,"a":3}"#);
    let e = crate::Expression::parse(r#"$string({"b":1,"10":2,"2":3})"#).unwrap();
    let got = e.evaluate(None, &crate::Bindings::new()).unwrap().unwrap();
    assert_eq!(got, serde_json::json!(r#"{"2":3,"10":2,"b":1}"#));
}

/// `Limits::max_range` bounds a range's items (D2014, naming the limit); by default it is
/// jsonata-js's 10,000,000.
#[test]
fn ranges_stay_within_the_limit() {
    let e = crate::Expression::parse("$count([1..1001])").unwrap();
    let mut b = crate::Bindings::new();
    assert_eq!(e.evaluate(None, &b).unwrap(), Some(serde_json::json!(1001)));
    b.limits.max_range = 1000;
    let err = e.evaluate(None, &b).unwrap_err();
    assert_eq!(err.code, "D2014");
    assert!(
        err.message.contains("1000 (this evaluation's limit)"),
        "{}",
        err.message
    );
    assert_eq!(crate::Limits::default().max_range, 10_000_000);
}

/// `evaluate_then` hands the value over, then frees the evaluation's scopes even when the
/// value is a recursive function (`evaluate_value` must keep them for the caller).
#[test]
fn evaluate_then_frees_a_function_result() {
    let live = || super::scope::LIVE.with(|n| n.get());
    let before = live();
    let e = crate::Expression::parse("$fn := function($x){$fn($x)}").unwrap();
    let b = crate::Bindings::new();
    let was_function = e
        .evaluate_then(crate::Value::Null, &b, |v| {
            matches!(v, crate::Value::Function(_))
        })
        .unwrap();
    assert!(was_function);
    assert_eq!(live(), before);
}

/// `expr` evaluated (no input) with a budget of 200,000 steps, as the fuzz target runs it.
fn run_within_200k_steps(expr: &str) -> String {
    let mut bindings = Bindings::new();
    bindings.limits.max_steps = 200_000;
    run_with(expr, "", &bindings)
}

#[test]
fn values_that_double_in_a_loop_end_with_u1001_not_out_of_memory() {
    // a tail call loops without nesting: before the copied items were charged, these ran
    // until memory ran out (the fuzz target's regressions/expression-doubling-array)
    for expr in [
        "($f := function($s, $x)<an:s> { $x > 1 ? $f([$s, $s], $x@$) : $s}; $f('a', 2))",
        "($f := function($s){ $f($append($s, $s)) }; $f('a'))",
        // shared items: little memory, but 2^60 values written out
        "($f := function($s, $x){ $x > 1 ? $f([[$s], [$s]], $x - 1) : $s }; $f('a', 60))",
        "($f := function($s, $x){ $x > 1 ? $f({'a': $s, 'b': $s}, $x - 1) : $s }; $f('a', 60))",
    ] {
        assert_eq!(run_within_200k_steps(expr), "error U1001", "{expr}");
    }
    // within the budget the same loops give their values; comparing a shared value with
    // itself does not walk it (jsonata-js's `lhs === rhs`)
    let doubled = run_within_200k_steps(
        "($f := function($s, $x){ $x > 1 ? $f([$s, $s], $x - 1) : $s }; $f('a', 11))",
    );
    assert_eq!(doubled, format!("[{}]", vec![r#""a""#; 1024].join(",")));
    assert_eq!(
        run_within_200k_steps(
            "($f := function($s, $x){ $x > 1 ? $f([[$s], [$s]], $x - 1) : $s = $s }; $f('a', 60))"
        ),
        "true"
    );
}
