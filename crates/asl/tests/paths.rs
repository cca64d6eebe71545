//! Table-driven fixtures for JSONPath, Reference Paths, `$$` and `$variables` (issue 3).
//!
//! Sources: the AWS Step Functions Developer Guide, "Using JSONPath paths" (Paths, Reference
//! Paths: "You can access object fields using only dot (.) and square bracket ([ ])
//! notation", no `@ .. , : ? *`), "Specifying state output using ResultPath", "Accessing
//! the Context object" and "Passing data between states with variables"; Step Functions
//! evaluates paths with Jayway JsonPath, where a *definite* path (names and single indexes
//! only) gives the value and any other path gives the array of its matches; and the
//! executions recorded on AWS (the conformance data set; row = case name).
//! Each row runs a Pass state named `pass` with `"Parameters": {"r.$": <path>}`.

mod common;

use common::{assert_rows_pass, run, Fake};
use serde_json::{json, Value};

type Row<'a> = (&'a str, &'a str, &'a str, Result<&'a str, &'a str>);

fn pass(extra: Value) -> Value {
    let mut s = json!({"Type": "Pass", "End": true});
    for (k, v) in extra.as_object().unwrap() {
        s[k] = v.clone();
    }
    s
}

fn exec(states: Value, start: &str, input: Value) -> Result<Value, (String, String)> {
    let def = json!({"StartAt": start, "States": states}).to_string();
    let e = run(&def, input, &Fake::default());
    match e.status {
        asl::Status::Succeeded => Ok(e.output.unwrap()),
        _ => Err((e.error.unwrap_or_default(), e.cause.unwrap_or_default())),
    }
}

/// Err(x): x is `Error` or `Error: cause` (the cause must then contain the text after
/// the first ": ").
fn matches(got: &Result<Value, (String, String)>, expected: &Result<&str, &str>) -> bool {
    match (got, expected) {
        (Ok(v), Ok(e)) => *v == serde_json::from_str::<Value>(e).unwrap(),
        (Err((error, cause)), Err(e)) => match e.split_once(": ") {
            Some((name, text)) => error == name && cause.contains(text),
            None => error == e,
        },
        _ => false,
    }
}

fn check(rows: &[Row]) {
    let mut bad = vec![];
    for (src, path, input, expected) in rows {
        let input: Value = serde_json::from_str(input).unwrap();
        let states = json!({"pass": pass(json!({"Parameters": {"r.$": path}}))});
        let got = exec(states, "pass", input.clone()).map(|o| o["r"].clone());
        if !matches(&got, expected) {
            bad.push(format!(
                "{src}: {path} on {input} = {got:?}, expected {expected:?}"
            ));
        }
    }
    assert_rows_pass(&bad);
}

const ITEMS: &str = r#"{"items":[{"item_key":0},{"item_key":1},{"item_key":2},{"item_key":3},{"item_key":4},{"item_key":5},{"item_key":6},{"item_key":7},{"item_key":8},{"item_key":9},{"item_key":10}]}"#;

/// What AWS selected with each path, as recorded (the conformance data set's `base_states`
/// and `scenarios_misc` cases).
#[rustfmt::skip]
const RECORDED: &[Row] = &[
    ("test_base__test_json_path_array_access_.items_0_3de2861d", "$.items[0]", ITEMS, Ok(r#"{"item_key":0}"#)),
    ("test_base__test_json_path_array_access_.items_10_d437ce37", "$.items[10]", ITEMS, Ok(r#"{"item_key":10}"#)),
    ("…wildcard_or_slice_with_no_input_1848016f", "$[*]", "{}", Ok("[]")),
    ("…wildcard_or_slice_with_no_input_.items_b6896624", "$.items[*]", "{}", Ok("[]")),
    ("…wildcard_or_slice_with_no_input_.items_1_a1629698", "$.items[1:]", "{}", Ok("[]")),
    ("…wildcard_or_slice_with_no_input_.items_1_6de157ec", "$.items[:1]", "{}", Ok("[]")),
    ("…wildcard_or_slice_with_no_input_.items_1_.itemValue_eb9cce13", "$.items[1:].itemValue", "{}", Ok("[]")),
    ("…wildcard_or_slice_with_no_input_.items_1_.itemValue_b85e2d99", "$.items[:1].itemValue", "{}", Ok("[]")),
    ("…wildcard_or_slice_with_no_input_.items_.itemValue_87396a12", "$.items[*].itemValue", "{}", Ok("[]")),
    ("…wildcard_or_slice_with_no_input_.item.items_cad8fe97", "$.item.items[*]", "{}", Ok("[]")),
    ("…wildcard_or_slice_with_no_input_.item.items_1_bfe4f491", "$.item.items[1:]", "{}", Ok("[]")),
    ("…wildcard_or_slice_with_no_input_.item.items_1_5_04f92cf0", "$.item.items[1:5]", "{}", Ok("[]")),
    ("…wildcard_or_slice_with_no_input_.item.items_1_5_.itemValue_3e73154b", "$.item.items[1:5].itemValue", "{}", Ok("[]")),
    ("…wildcard_or_slice_with_no_input_.item.items_1_13317c10", "$.item.items[:1]", "{}", Ok("[]")),
    ("test_base__test_state_pass_regex_json_path_base", "$.users[?(@.status == 0)]", r#"{"users":[{"year":1997,"status":0},{"year":1998,"status":1}]}"#, Ok(r#"[{"year":1997,"status":0}]"#)),
    ("scenarios_misc …INVALID_JSONPATH_IN_STRING_EXPR_JSONPATH_8a59a2b4", "$.no_such_jsonpath", r#"{"int-literal":0}"#, Err("States.Runtime: The JSONPath '$.no_such_jsonpath' specified for the field 'r.$' could not be found in the input")),
    ("scenarios_misc …INVALID_JSONPATH_IN_STRING_EXPR_CONTEXTPATH_7c22a8d4", "$$.Execution.Input.no_such_jsonpath", r#"{"int-literal":0}"#, Err("States.Runtime: The JSONPath '$$.Execution.Input.no_such_jsonpath' specified for the field 'r.$' could not be found in the input")),
];

#[test]
fn recorded_cases() {
    check(RECORDED);
}

const STORE: &str = r#"{"store":{"book":[
  {"category":"reference","author":"Nigel Rees","title":"Sayings of the Century","price":8.95},
  {"category":"fiction","author":"Evelyn Waugh","title":"Sword of Honour","price":12.99},
  {"category":"fiction","author":"Herman Melville","title":"Moby Dick","isbn":"0-553-21311-3","price":8.99},
  {"category":"fiction","author":"J. R. R. Tolkien","title":"The Lord of the Rings","isbn":"0-395-19395-8","price":22.99}],
  "bicycle":{"color":"red","price":19.95}}}"#;

/// AWS docs, "Using JSONPath paths" › "Paths" (the example input
/// `{"foo": 123, "bar": ["a", "b", "c"], "car": {"cdr": true}}`) and the JsonPath syntax
/// Step Functions accepts outside Reference Paths (Jayway: definite vs indefinite results,
/// negative indexes, `[*]`, slices, unions, `..`, filters with `&&`, `||`, `!`).
#[rustfmt::skip]
const SYNTAX: &[Row] = &[
    ("docs $.foo", "$.foo", r#"{"foo":123,"bar":["a","b","c"],"car":{"cdr":true}}"#, Ok("123")),
    ("docs $.bar", "$.bar", r#"{"foo":123,"bar":["a","b","c"],"car":{"cdr":true}}"#, Ok(r#"["a","b","c"]"#)),
    ("docs $.car.cdr", "$.car.cdr", r#"{"foo":123,"bar":["a","b","c"],"car":{"cdr":true}}"#, Ok("true")),
    ("$ is the whole input", "$", r#"{"a":1}"#, Ok(r#"{"a":1}"#)),
    ("bracket notation", "$['car']['cdr']", r#"{"car":{"cdr":true}}"#, Ok("true")),
    ("definite: $.a[0] is the element", "$.a[0]", r#"{"a":[10,20,30]}"#, Ok("10")),
    ("definite: [-1] is the last element", "$.a[-1]", r#"{"a":[10,20,30]}"#, Ok("30")),
    ("definite, missing index fails", "$.a[5]", r#"{"a":[10,20,30]}"#, Err("States.Runtime")),
    ("definite, missing field fails", "$.b", r#"{"a":1}"#, Err("States.Runtime")),
    ("[*] gives all elements", "$.a[*]", r#"{"a":[10,20,30]}"#, Ok("[10,20,30]")),
    (".* gives all values", "$.o.*", r#"{"o":{"x":1,"y":2}}"#, Ok("[1,2]")),
    ("slice [1:]", "$.a[1:]", r#"{"a":[10,20,30]}"#, Ok("[20,30]")),
    ("slice [:2]", "$.a[:2]", r#"{"a":[10,20,30]}"#, Ok("[10,20]")),
    ("slice [-2:]", "$.a[-2:]", r#"{"a":[10,20,30]}"#, Ok("[20,30]")),
    ("slice [0:1] is an array of one", "$.a[0:1]", r#"{"a":[10,20,30]}"#, Ok("[10]")),
    ("union of indexes", "$.a[0,2]", r#"{"a":[10,20,30]}"#, Ok("[10,30]")),
    ("indefinite, nothing found is []", "$.a[*].nope", r#"{"a":[{"b":1}]}"#, Ok("[]")),
    ("Jayway store: authors", "$.store.book[*].author", STORE, Ok(r#"["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]"#)),
    ("Jayway store: ..author", "$..author", STORE, Ok(r#"["Nigel Rees","Evelyn Waugh","Herman Melville","J. R. R. Tolkien"]"#)),
    ("Jayway store: ..book[2].title", "$..book[2].title", STORE, Ok(r#"["Moby Dick"]"#)),
    ("Jayway store: ..price", "$.store..price", STORE, Ok("[8.95,12.99,8.99,22.99,19.95]")),
    ("filter <", "$.store.book[?(@.price < 10)].title", STORE, Ok(r#"["Sayings of the Century","Moby Dick"]"#)),
    ("filter existence", "$..book[?(@.isbn)].title", STORE, Ok(r#"["Moby Dick","The Lord of the Rings"]"#)),
    ("filter &&", "$..book[?(@.category == 'fiction' && @.price < 10)].title", STORE, Ok(r#"["Moby Dick"]"#)),
    ("filter ||", "$..book[?(@.price < 9 || @.price > 20)].title", STORE, Ok(r#"["Sayings of the Century","Moby Dick","The Lord of the Rings"]"#)),
    ("filter !", "$..book[?(!@.isbn)].title", STORE, Ok(r#"["Sayings of the Century","Sword of Honour"]"#)),
    ("filter on missing array is []", "$.none[?(@.a == 1)]", "{}", Ok("[]")),
];

#[test]
fn syntax() {
    check(SYNTAX);
}

/// AWS docs, "Accessing the Context object": `$$.Execution.Name`, `$$.Execution.Input`,
/// `$$.State.Name`, `$$.StateMachine.Name` (the helper runs machine `Machine`, execution
/// `exec-1`); recording base_states test_base__test_query_context_object_values.
#[rustfmt::skip]
const CONTEXT: &[Row] = &[
    ("Execution.Name", "$$.Execution.Name", "{}", Ok(r#""exec-1""#)),
    ("Execution.Input", "$$.Execution.Input.x", r#"{"x":[1]}"#, Ok("[1]")),
    ("State.Name", "$$.State.Name", "{}", Ok(r#""pass""#)),
    ("StateMachine.Name", "$$.StateMachine.Name", "{}", Ok(r#""Machine""#)),
    ("missing context field", "$$.Execution.Nope", "{}", Err("States.Runtime")),
];

#[test]
fn context_object() {
    check(CONTEXT);
}

/// AWS docs, "Passing data between states with variables": `Assign` sets `$name`; later
/// states read it with `$name` and paths below it (`$name.field`, `$name[0]`).
#[test]
fn variables() {
    #[rustfmt::skip]
    let rows: &[(&str, &str)] = &[
        ("$v", r#"{"x":[1,2],"s":"t"}"#),
        ("$v.x", "[1,2]"),
        ("$v.x[1]", "2"),
        ("$v.x[*]", "[1,2]"),
        ("$v.s", r#""t""#),
    ];
    for (path, expected) in rows {
        let states = json!({
            "A": {"Type": "Pass", "Assign": {"v": {"x": [1, 2], "s": "t"}}, "Next": "pass"},
            "pass": pass(json!({"Parameters": {"r.$": path}}))});
        let got = exec(states, "A", json!({})).map(|o| o["r"].clone());
        assert_eq!(got, Ok(serde_json::from_str(expected).unwrap()), "{path}");
    }
}

/// AWS docs, "Specifying state output using ResultPath": the result goes at the Reference
/// Path inside the input, creating the objects on the way ("if the path doesn't exist it
/// is created"); `$` replaces the input; a path that runs into a non-object fails with
/// States.ResultPathMatchFailure ("Error handling" › "Error names": "Step Functions failed
/// to apply a state's ResultPath field to the input the state received").
/// Rows: (what, ResultPath, input, expected output or error).
#[rustfmt::skip]
const RESULT_PATH: &[Row] = &[
    ("docs: add $.taskresult", "$.taskresult", r#"{"comment":"x"}"#, Ok(r#"{"comment":"x","taskresult":"R"}"#)),
    ("$ replaces the input", "$", r#"{"comment":"x"}"#, Ok(r#""R""#)),
    ("creates intermediate objects", "$.a.b.c", r#"{"z":1}"#, Ok(r#"{"z":1,"a":{"b":{"c":"R"}}}"#)),
    ("replaces an existing field", "$.a", r#"{"a":[1,2]}"#, Ok(r#"{"a":"R"}"#)),
    ("inside an existing object", "$.a.y", r#"{"a":{"x":1}}"#, Ok(r#"{"a":{"x":1,"y":"R"}}"#)),
    ("type conflict: string on the way", "$.a.b", r#"{"a":"text"}"#, Err("States.ResultPathMatchFailure")),
    ("type conflict: number on the way", "$.a.b.c", r#"{"a":{"b":5}}"#, Err("States.ResultPathMatchFailure")),
    ("type conflict: input not an object", "$.a", "[1,2]", Err("States.ResultPathMatchFailure")),
];

#[test]
fn result_path() {
    let mut bad = vec![];
    for (what, rp, input, expected) in RESULT_PATH {
        let input: Value = serde_json::from_str(input).unwrap();
        let states = json!({"pass": pass(json!({"Result": "R", "ResultPath": rp}))});
        let got = exec(states, "pass", input.clone());
        if !matches(&got, expected) {
            bad.push(format!(
                "{what}: {rp} on {input} = {got:?}, expected {expected:?}"
            ));
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// AWS docs, "Using JSONPath paths" › "Reference Paths": no `@ .. , : ? *` in a Reference
/// Path (ResultPath, OutputPath's reference forms…), so such a ResultPath does not load.
#[test]
fn result_path_must_be_a_reference_path() {
    for rp in ["$.a[*]", "$..a", "$.a[0:1]", "$.a[?(@.b)]", "$['a','b']"] {
        let def = json!({"StartAt": "pass", "States": {
            "pass": pass(json!({"Result": 1, "ResultPath": rp}))}})
        .to_string();
        assert!(asl::load(&def).is_err(), "ResultPath {rp} loaded");
    }
}

/// Recordings scenarios_misc …ST.INVALID_JSONPATH_IN_INPUTPATH_cb7f7656 and
/// …IN_OUTPUTPATH_d9168fe2: a missing InputPath/OutputPath is States.Runtime with
/// "Invalid path '$.X' : No results for path: $['X']".
#[test]
fn missing_input_and_output_path() {
    for field in ["InputPath", "OutputPath"] {
        let states = json!({"pass": pass(json!({field: "$.NoSuchPath"}))});
        let (error, cause) = exec(states, "pass", json!({"int-literal": 0})).unwrap_err();
        assert_eq!(error, "States.Runtime", "{field}");
        assert!(
            cause.contains("Invalid path '$.NoSuchPath' : No results for path: $['NoSuchPath']"),
            "{field}: {cause}"
        );
    }
}
