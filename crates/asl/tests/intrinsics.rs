//! Table-driven fixtures for the 18 `States.*` intrinsic functions (issue 3).
//!
//! Each row is (source, expression, input, expected). Expected values come from the AWS Step
//! Functions Developer Guide, "Intrinsic functions for JSONPath states in Step Functions"
//! (https://docs.aws.amazon.com/step-functions/latest/dg/intrinsic-functions.html), and from
//! executions recorded on AWS (the conformance data set's `intrinsic_functions` cases; row =
//! case name).
//! Every row runs through a one-state Pass machine: `{"Parameters": {"r.$": <expression>}}`.

mod common;

use common::{assert_rows_pass, run, Fake};
use serde_json::{json, Value};

fn machine(expr: &str) -> String {
    json!({"StartAt": "S", "States": {"S": {"Type": "Pass",
        "Parameters": {"r.$": expr}, "End": true}}})
    .to_string()
}

fn eval(expr: &str, input: Value) -> Result<Value, (String, String)> {
    let e = run(&machine(expr), input, &Fake::default());
    match e.status {
        asl::Status::Succeeded => Ok(e.output.unwrap()["r"].clone()),
        _ => Err((
            e.error.clone().unwrap_or_default(),
            e.cause.clone().unwrap_or_default(),
        )),
    }
}

fn check(rows: &[(&str, &str, &str, &str)]) {
    let mut bad = vec![];
    for (src, expr, input, expected) in rows {
        let input: Value = serde_json::from_str(input).unwrap();
        let expected: Value = serde_json::from_str(expected).unwrap();
        match eval(expr, input.clone()) {
            Ok(v) if v == expected => {}
            got => bad.push(format!(
                "{src}: {expr} on {input} = {got:?}, expected {expected}"
            )),
        }
    }
    assert_rows_pass(&bad);
}

/// What AWS returned for each recorded call (case `intrinsic_functions/<case>`: its result's
/// `output.FunctionResult` for the case's input).
#[rustfmt::skip]
const RECORDED: &[(&str, &str, &str, &str)] = &[
    ("test_array__test_array_0", "States.Array()", r#"{"FunctionInput": "HelloWorld"}"#, r#"[]"#),
    ("test_array__test_array_2__exec_hist_resp_0", "States.Array($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": "", "snd": ""}}"#, r#"["", ""]"#),
    ("test_array__test_array_2__exec_hist_resp_1", "States.Array($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": " ", "snd": " "}}"#, r#"[" ", " "]"#),
    ("test_array__test_array_2__exec_hist_resp_2", "States.Array($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": "HelloWorld", "snd": "HelloWorld"}}"#, r#"["HelloWorld", "HelloWorld"]"#),
    ("test_array__test_array_2__exec_hist_resp_3", "States.Array($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": null, "snd": null}}"#, r#"[null, null]"#),
    ("test_array__test_array_2__exec_hist_resp_4", "States.Array($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": 1, "snd": 1}}"#, r#"[1, 1]"#),
    ("test_array__test_array_2__exec_hist_resp_5", "States.Array($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": 1.1, "snd": 1.1}}"#, r#"[1.1, 1.1]"#),
    ("test_array__test_array_2__exec_hist_resp_6", "States.Array($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": "{\"Arg1\": 1, \"Arg2\": []}", "snd": "{\"Arg1\": 1, \"Arg2\": []}"}}"#, r#"["{\"Arg1\": 1, \"Arg2\": []}", "{\"Arg1\": 1, \"Arg2\": []}"]"#),
    ("test_array__test_array_2__exec_hist_resp_7", "States.Array($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": {"Arg1": 1, "Arg2": []}, "snd": {"Arg1": 1, "Arg2": []}}}"#, r#"[{"Arg1": 1, "Arg2": []}, {"Arg1": 1, "Arg2": []}]"#),
    ("test_array__test_array_contains__exec_hist_resp_0", "States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [], "snd": null}}"#, r#"false"#),
    ("test_array__test_array_contains__exec_hist_resp_1", "States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [], "snd": []}}"#, r#"false"#),
    ("test_array__test_array_contains__exec_hist_resp_2", "States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [], "snd": 1}}"#, r#"false"#),
    ("test_array__test_array_contains__exec_hist_resp_3", "States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [[1, 2, 3], 2], "snd": null}}"#, r#"false"#),
    ("test_array__test_array_contains__exec_hist_resp_4", "States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [[1, 2, 3], 2], "snd": [1, 2, 3]}}"#, r#"true"#),
    ("test_array__test_array_contains__exec_hist_resp_5", "States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [{"1": 2, "2": []}], "snd": []}}"#, r#"false"#),
    ("test_array__test_array_contains__exec_hist_resp_6", "States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [{"1": 2, "2": []}], "snd": {"1": 2, "2": []}}}"#, r#"true"#),
    ("test_array__test_array_contains__exec_hist_resp_7", "States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [true, false], "snd": true}}"#, r#"true"#),
    ("test_array__test_array_contains__exec_hist_resp_8", "States.ArrayContains($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [true, false], "snd": false}}"#, r#"true"#),
    ("test_array__test_array_get_item", "States.ArrayGetItem($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [1, 2, 3, 4, 5, 6, 7, 8, 9], "snd": 5}}"#, r#"6"#),
    ("test_array__test_array_length", "States.ArrayLength($.FunctionInput)", r#"{"FunctionInput": [1, 2, 3, 4, 5, 6, 7, 8, 9]}"#, r#"9"#),
    ("test_array__test_array_partition__exec_hist_resp_0", "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [], "snd": 1}}"#, r#"[]"#),
    ("test_array__test_array_partition__exec_hist_resp_1", "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [], "snd": 2}}"#, r#"[]"#),
    ("test_array__test_array_partition__exec_hist_resp_10", "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [0, 1], "snd": 1}}"#, r#"[[0], [1]]"#),
    ("test_array__test_array_partition__exec_hist_resp_11", "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [0, 1], "snd": 2}}"#, r#"[[0, 1]]"#),
    ("test_array__test_array_partition__exec_hist_resp_12", "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [0, 1], "snd": 3}}"#, r#"[[0, 1]]"#),
    ("test_array__test_array_partition__exec_hist_resp_13", "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [0, 1], "snd": 4}}"#, r#"[[0, 1]]"#),
    ("test_array__test_array_partition__exec_hist_resp_14", "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [0, 1], "snd": 5}}"#, r#"[[0, 1]]"#),
    ("test_array__test_array_partition__exec_hist_resp_15", "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [0, 1, 2], "snd": 1}}"#, r#"[[0], [1], [2]]"#),
    ("test_array__test_array_partition__exec_hist_resp_16", "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [0, 1, 2], "snd": 2}}"#, r#"[[0, 1], [2]]"#),
    ("test_array__test_array_partition__exec_hist_resp_17", "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [0, 1, 2], "snd": 3}}"#, r#"[[0, 1, 2]]"#),
    ("test_array__test_array_partition__exec_hist_resp_18", "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [0, 1, 2], "snd": 4}}"#, r#"[[0, 1, 2]]"#),
    ("test_array__test_array_partition__exec_hist_resp_19", "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [0, 1, 2], "snd": 5}}"#, r#"[[0, 1, 2]]"#),
    ("test_array__test_array_partition__exec_hist_resp_2", "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [], "snd": 3}}"#, r#"[]"#),
    ("test_array__test_array_partition__exec_hist_resp_20", "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [0, 1, 2, 3], "snd": 1}}"#, r#"[[0], [1], [2], [3]]"#),
    ("test_array__test_array_partition__exec_hist_resp_21", "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [0, 1, 2, 3], "snd": 2}}"#, r#"[[0, 1], [2, 3]]"#),
    ("test_array__test_array_partition__exec_hist_resp_22", "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [0, 1, 2, 3], "snd": 3}}"#, r#"[[0, 1, 2], [3]]"#),
    ("test_array__test_array_partition__exec_hist_resp_23", "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [0, 1, 2, 3], "snd": 4}}"#, r#"[[0, 1, 2, 3]]"#),
    ("test_array__test_array_partition__exec_hist_resp_24", "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [0, 1, 2, 3], "snd": 5}}"#, r#"[[0, 1, 2, 3]]"#),
    ("test_array__test_array_partition__exec_hist_resp_3", "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [], "snd": 4}}"#, r#"[]"#),
    ("test_array__test_array_partition__exec_hist_resp_4", "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [], "snd": 5}}"#, r#"[]"#),
    ("test_array__test_array_partition__exec_hist_resp_5", "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [0], "snd": 1}}"#, r#"[[0]]"#),
    ("test_array__test_array_partition__exec_hist_resp_6", "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [0], "snd": 2}}"#, r#"[[0]]"#),
    ("test_array__test_array_partition__exec_hist_resp_7", "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [0], "snd": 3}}"#, r#"[[0]]"#),
    ("test_array__test_array_partition__exec_hist_resp_8", "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [0], "snd": 4}}"#, r#"[[0]]"#),
    ("test_array__test_array_partition__exec_hist_resp_9", "States.ArrayPartition($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": [0], "snd": 5}}"#, r#"[[0]]"#),
    ("test_array__test_array_range__exec_hist_resp_0", "States.ArrayRange($.FunctionInput.fst, $.FunctionInput.snd, $.FunctionInput.trd)", r#"{"FunctionInput": {"fst": 0, "snd": 9, "trd": 3}}"#, r#"[0, 3, 6, 9]"#),
    ("test_array__test_array_range__exec_hist_resp_1", "States.ArrayRange($.FunctionInput.fst, $.FunctionInput.snd, $.FunctionInput.trd)", r#"{"FunctionInput": {"fst": 0, "snd": 10, "trd": 3}}"#, r#"[0, 3, 6, 9]"#),
    ("test_array__test_array_range__exec_hist_resp_2", "States.ArrayRange($.FunctionInput.fst, $.FunctionInput.snd, $.FunctionInput.trd)", r#"{"FunctionInput": {"fst": 1, "snd": 9, "trd": 9}}"#, r#"[1]"#),
    ("test_array__test_array_range__exec_hist_resp_3", "States.ArrayRange($.FunctionInput.fst, $.FunctionInput.snd, $.FunctionInput.trd)", r#"{"FunctionInput": {"fst": 1, "snd": 9, "trd": 2}}"#, r#"[1, 3, 5, 7, 9]"#),
    ("test_array__test_array_unique", "States.ArrayLength($.FunctionInput)", r#"{"FunctionInput": [null, null, true, true, false, false, 1, 1, 1.1, 0, 0, "HelloWorld", "HelloWorld", [], [], [null], [null], {"a": 1, "b": 2}, {"a": 1, "b": 2}, {"a": 1, "b": 1}]}"#, r#"20"#),
    ("test_encode_decode__test_base_64_decode__exec_hist_resp_0", "States.Base64Decode($.FunctionInput)", r#"{"FunctionInput": ""}"#, r#""""#),
    ("test_encode_decode__test_base_64_decode__exec_hist_resp_1", "States.Base64Decode($.FunctionInput)", r#"{"FunctionInput": "RGF0YSB0byBlbmNvZGU="}"#, r#""Data to encode""#),
    ("test_encode_decode__test_base_64_encode__exec_hist_resp_0", "States.Base64Encode($.FunctionInput)", r#"{"FunctionInput": ""}"#, r#""""#),
    ("test_encode_decode__test_base_64_encode__exec_hist_resp_1", "States.Base64Encode($.FunctionInput)", r#"{"FunctionInput": "Data to encode"}"#, r#""RGF0YSB0byBlbmNvZGU=""#),
    ("test_generic__test_escape_sequence", "States.StringSplit('Hello\nWorld', '\n')", r#"{"FunctionInput": null}"#, r#"["Hello", "World"]"#),
    ("test_generic__test_format_1__exec_hist_resp_0", "States.Format('Formatting argument {}.', $.FunctionInput)", r#"{"FunctionInput": ""}"#, r#""Formatting argument .""#),
    ("test_generic__test_format_1__exec_hist_resp_1", "States.Format('Formatting argument {}.', $.FunctionInput)", r#"{"FunctionInput": " "}"#, r#""Formatting argument  .""#),
    ("test_generic__test_format_1__exec_hist_resp_2", "States.Format('Formatting argument {}.', $.FunctionInput)", r#"{"FunctionInput": "HelloWorld"}"#, r#""Formatting argument HelloWorld.""#),
    ("test_generic__test_format_1__exec_hist_resp_3", "States.Format('Formatting argument {}.', $.FunctionInput)", r#"{"FunctionInput": null}"#, r#""Formatting argument null.""#),
    ("test_generic__test_format_1__exec_hist_resp_4", "States.Format('Formatting argument {}.', $.FunctionInput)", r#"{"FunctionInput": 1}"#, r#""Formatting argument 1.""#),
    ("test_generic__test_format_1__exec_hist_resp_5", "States.Format('Formatting argument {}.', $.FunctionInput)", r#"{"FunctionInput": 1.1}"#, r#""Formatting argument 1.1.""#),
    ("test_generic__test_format_1__exec_hist_resp_6", "States.Format('Formatting argument {}.', $.FunctionInput)", r#"{"FunctionInput": "{\"Arg1\": 1, \"Arg2\": []}"}"#, r#""Formatting argument {\"Arg1\": 1, \"Arg2\": []}.""#),
    ("test_generic__test_format_2__exec_hist_resp_0", "States.Format('Formatting arguments fst={} and snd={}.', $.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": "", "snd": ""}}"#, r#""Formatting arguments fst= and snd=.""#),
    ("test_generic__test_format_2__exec_hist_resp_1", "States.Format('Formatting arguments fst={} and snd={}.', $.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": " ", "snd": " "}}"#, r#""Formatting arguments fst=  and snd= .""#),
    ("test_generic__test_format_2__exec_hist_resp_2", "States.Format('Formatting arguments fst={} and snd={}.', $.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": "HelloWorld", "snd": "HelloWorld"}}"#, r#""Formatting arguments fst=HelloWorld and snd=HelloWorld.""#),
    ("test_generic__test_format_2__exec_hist_resp_3", "States.Format('Formatting arguments fst={} and snd={}.', $.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": null, "snd": null}}"#, r#""Formatting arguments fst=null and snd=null.""#),
    ("test_generic__test_format_2__exec_hist_resp_4", "States.Format('Formatting arguments fst={} and snd={}.', $.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": 1, "snd": 1}}"#, r#""Formatting arguments fst=1 and snd=1.""#),
    ("test_generic__test_format_2__exec_hist_resp_5", "States.Format('Formatting arguments fst={} and snd={}.', $.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": 1.1, "snd": 1.1}}"#, r#""Formatting arguments fst=1.1 and snd=1.1.""#),
    ("test_generic__test_format_2__exec_hist_resp_6", "States.Format('Formatting arguments fst={} and snd={}.', $.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": "{\"Arg1\": 1, \"Arg2\": []}", "snd": "{\"Arg1\": 1, \"Arg2\": []}"}}"#, r#""Formatting arguments fst={\"Arg1\": 1, \"Arg2\": []} and snd={\"Arg1\": 1, \"Arg2\": []}.""#),
    ("test_generic__test_format_2__exec_hist_resp_7", "States.Format('Formatting arguments fst={} and snd={}.', $.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": {"Arg1": 1, "Arg2": []}, "snd": {"Arg1": 1, "Arg2": []}}}"#, r#""Formatting arguments fst={Arg1=1, Arg2=[]} and snd={Arg1=1, Arg2=[]}.""#),
    ("test_hash_calculations__test_hash__exec_hist_resp_0", "States.Hash($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": "input data", "snd": "MD5"}}"#, r#""812f45842bc6d66ee14572ce20db8e86""#),
    ("test_hash_calculations__test_hash__exec_hist_resp_1", "States.Hash($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": "input data", "snd": "SHA-1"}}"#, r#""aaff4a450a104cd177d28d18d74485e8cae074b7""#),
    ("test_hash_calculations__test_hash__exec_hist_resp_2", "States.Hash($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": "input data", "snd": "SHA-256"}}"#, r#""b4a697a057313163aee33cd8d40c66e9f0f177e00cac2de32475ffff6169c3e3""#),
    ("test_hash_calculations__test_hash__exec_hist_resp_3", "States.Hash($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": "input data", "snd": "SHA-384"}}"#, r#""d28a7d5cf25a74f11a50a18452b75e04bb3d70c9dd0510d6123aa008c756511b87525bdc835ebb27e1fb9e9374a15562""#),
    ("test_hash_calculations__test_hash__exec_hist_resp_4", "States.Hash($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": "input data", "snd": "SHA-512"}}"#, r#""6ce4adb348546d4f449c4d25aad9a7c9cb711d9e91982d3f0b29ca2f3f47d4ce2deba23bf2954f0f1d593fc50283731a533d30d425402d4f91316d871303aac4""#),
    ("test_json_manipulation__test_json_merge", "States.JsonMerge($.FunctionInput.fst, $.FunctionInput.snd, false)", r#"{"FunctionInput": {"fst": {"a": {"a1": 1, "a2": 2}, "b": 2, "d": 3}, "snd": {"a": {"a3": 1, "a4": 2}, "c": 3, "d": 4}}}"#, r#"{"a": {"a3": 1, "a4": 2}, "b": 2, "c": 3, "d": 4}"#),
    ("test_json_manipulation__test_json_to_string__exec_hist_resp_0", "States.JsonToString($.FunctionInput)", r#"{"FunctionInput": null}"#, r#""null""#),
    ("test_json_manipulation__test_json_to_string__exec_hist_resp_1", "States.JsonToString($.FunctionInput)", r#"{"FunctionInput": 0}"#, r#""0""#),
    ("test_json_manipulation__test_json_to_string__exec_hist_resp_2", "States.JsonToString($.FunctionInput)", r#"{"FunctionInput": 1}"#, r#""1""#),
    ("test_json_manipulation__test_json_to_string__exec_hist_resp_3", "States.JsonToString($.FunctionInput)", r#"{"FunctionInput": 1.1}"#, r#""1.1""#),
    ("test_json_manipulation__test_json_to_string__exec_hist_resp_4", "States.JsonToString($.FunctionInput)", r#"{"FunctionInput": true}"#, r#""true""#),
    ("test_json_manipulation__test_json_to_string__exec_hist_resp_5", "States.JsonToString($.FunctionInput)", r#"{"FunctionInput": "HelloWorld"}"#, r#""\"HelloWorld\"""#),
    ("test_json_manipulation__test_json_to_string__exec_hist_resp_6", "States.JsonToString($.FunctionInput)", r#"{"FunctionInput": [1, 2, "HelloWorld"]}"#, r#""[1,2,\"HelloWorld\"]""#),
    ("test_json_manipulation__test_json_to_string__exec_hist_resp_7", "States.JsonToString($.FunctionInput)", r#"{"FunctionInput": {"Arg1": 1, "Arg2": []}}"#, r#""{\"Arg1\":1,\"Arg2\":[]}""#),
    ("test_json_manipulation__test_string_to_json__exec_hist_resp_0", "States.StringToJson($.FunctionInput)", r#"{"FunctionInput": ""}"#, r#"null"#),
    ("test_json_manipulation__test_string_to_json__exec_hist_resp_1", "States.StringToJson($.FunctionInput)", r#"{"FunctionInput": " "}"#, r#"null"#),
    ("test_json_manipulation__test_string_to_json__exec_hist_resp_2", "States.StringToJson($.FunctionInput)", r#"{"FunctionInput": "null"}"#, r#"null"#),
    ("test_json_manipulation__test_string_to_json__exec_hist_resp_4", "States.StringToJson($.FunctionInput)", r#"{"FunctionInput": "1"}"#, r#"1"#),
    ("test_json_manipulation__test_string_to_json__exec_hist_resp_5", "States.StringToJson($.FunctionInput)", r#"{"FunctionInput": "1.1"}"#, r#"1.1"#),
    ("test_json_manipulation__test_string_to_json__exec_hist_resp_6", "States.StringToJson($.FunctionInput)", r#"{"FunctionInput": "true"}"#, r#"true"#),
    ("test_json_manipulation__test_string_to_json__exec_hist_resp_7", "States.StringToJson($.FunctionInput)", r#"{"FunctionInput": "\"HelloWorld\""}"#, r#""HelloWorld""#),
    ("test_json_manipulation__test_string_to_json__exec_hist_resp_8", "States.StringToJson($.FunctionInput)", r#"{"FunctionInput": "[1, 2, \"HelloWorld\"]"}"#, r#"[1, 2, "HelloWorld"]"#),
    ("test_json_manipulation__test_string_to_json__exec_hist_resp_9", "States.StringToJson($.FunctionInput)", r#"{"FunctionInput": "{\"Arg1\": 1, \"Arg2\": []}"}"#, r#"{"Arg1": 1, "Arg2": []}"#),
    ("test_math_operations__test_math_add__exec_hist_resp_0", "States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": -9, "snd": 3}}"#, r#"-6"#),
    ("test_math_operations__test_math_add__exec_hist_resp_1", "States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": 1.49, "snd": 1.5}}"#, r#"3"#),
    ("test_math_operations__test_math_add__exec_hist_resp_10", "States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": -1.5, "snd": 0}}"#, r#"-1"#),
    ("test_math_operations__test_math_add__exec_hist_resp_11", "States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": -1.51, "snd": 0}}"#, r#"-2"#),
    ("test_math_operations__test_math_add__exec_hist_resp_12", "States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": 0.5, "snd": 0}}"#, r#"1"#),
    ("test_math_operations__test_math_add__exec_hist_resp_13", "States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": 1.5, "snd": 0}}"#, r#"2"#),
    ("test_math_operations__test_math_add__exec_hist_resp_14", "States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": 2.5, "snd": 0}}"#, r#"3"#),
    ("test_math_operations__test_math_add__exec_hist_resp_15", "States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": 3.5, "snd": 0}}"#, r#"4"#),
    ("test_math_operations__test_math_add__exec_hist_resp_16", "States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": -0.5, "snd": 0.5}}"#, r#"1"#),
    ("test_math_operations__test_math_add__exec_hist_resp_17", "States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": -0.5, "snd": 0}}"#, r#"0"#),
    ("test_math_operations__test_math_add__exec_hist_resp_18", "States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": -1.5, "snd": 0}}"#, r#"-1"#),
    ("test_math_operations__test_math_add__exec_hist_resp_19", "States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": -2.5, "snd": 0}}"#, r#"-2"#),
    ("test_math_operations__test_math_add__exec_hist_resp_2", "States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": 1.5, "snd": 1.51}}"#, r#"4"#),
    ("test_math_operations__test_math_add__exec_hist_resp_20", "States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": -3.5, "snd": 0}}"#, r#"-3"#),
    ("test_math_operations__test_math_add__exec_hist_resp_3", "States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": -1.49, "snd": -1.5}}"#, r#"-2"#),
    ("test_math_operations__test_math_add__exec_hist_resp_4", "States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": -1.5, "snd": -1.51}}"#, r#"-3"#),
    ("test_math_operations__test_math_add__exec_hist_resp_5", "States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": 1.49, "snd": 0}}"#, r#"1"#),
    ("test_math_operations__test_math_add__exec_hist_resp_6", "States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": 1.49, "snd": -1.49}}"#, r#"0"#),
    ("test_math_operations__test_math_add__exec_hist_resp_7", "States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": 1.5, "snd": 0}}"#, r#"2"#),
    ("test_math_operations__test_math_add__exec_hist_resp_8", "States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": 1.51, "snd": 0}}"#, r#"2"#),
    ("test_math_operations__test_math_add__exec_hist_resp_9", "States.MathAdd($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": -1.49, "snd": 0}}"#, r#"-1"#),
    ("test_string_operations__test_string_split__exec_hist_resp_0", "States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": " ", "snd": ","}}"#, r#"[" "]"#),
    ("test_string_operations__test_string_split__exec_hist_resp_1", "States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": " , ", "snd": ","}}"#, r#"[" ", " "]"#),
    ("test_string_operations__test_string_split__exec_hist_resp_2", "States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": ", , ,", "snd": ","}}"#, r#"[" ", " "]"#),
    ("test_string_operations__test_string_split__exec_hist_resp_3", "States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": ",,,,", "snd": ","}}"#, r#"[]"#),
    ("test_string_operations__test_string_split__exec_hist_resp_4", "States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": "1,2,3,4,5", "snd": ","}}"#, r#"["1", "2", "3", "4", "5"]"#),
    ("test_string_operations__test_string_split__exec_hist_resp_5", "States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": "This.is+a,test=string", "snd": ".+,="}}"#, r#"["This", "is", "a", "test", "string"]"#),
    ("test_string_operations__test_string_split__exec_hist_resp_6", "States.StringSplit($.FunctionInput.fst, $.FunctionInput.snd)", r#"{"FunctionInput": {"fst": "split on T and \nnew line", "snd": "T\n"}}"#, r#"["split on ", " and ", "new line"]"#),
    ("test_string_operations__test_string_split_context_object", "States.StringSplit($$.Execution.Input.FunctionInput, ',')", r#"{"FunctionInput": "Value1,Value2,Value3\nValue4,Value5,Value6\n,,,\ntrue,1,'HelloWorld'\nNull,None,\n   \n"}"#, r#"["Value1", "Value2", "Value3\nValue4", "Value5", "Value6\n", "\ntrue", "1", "'HelloWorld'\nNull", "None", "\n   \n"]"#),
];

#[test]
fn recorded_cases() {
    check(RECORDED);
}

/// AWS docs, "Intrinsic functions for JSONPath states", the example of each function
/// (sections "Intrinsics for arrays", "… data encoding and decoding", "Intrinsic for hash
/// calculation", "Intrinsics for JSON data manipulation", "… Math operations", "Intrinsic
/// for String operation", "Intrinsic for unique ID generation", "Intrinsics for generic
/// operation").
#[rustfmt::skip]
const DOCUMENTED: &[(&str, &str, &str, &str)] = &[
    ("States.Array", "States.Array($.Id)", r#"{"Id":123456}"#, "[123456]"),
    ("States.ArrayPartition", "States.ArrayPartition($.inputArray, 4)", r#"{"inputArray":[1,2,3,4,5,6,7,8,9]}"#, "[[1,2,3,4],[5,6,7,8],[9]]"),
    ("States.ArrayContains", "States.ArrayContains($.inputArray, $.lookingFor)", r#"{"inputArray":[1,2,3,4,5,6,7,8,9],"lookingFor":5}"#, "true"),
    ("States.ArrayRange", "States.ArrayRange(1, 9, 2)", "{}", "[1,3,5,7,9]"),
    ("States.ArrayGetItem", "States.ArrayGetItem($.inputArray, $.index)", r#"{"inputArray":[1,2,3,4,5,6,7,8,9],"index":5}"#, "6"),
    ("States.ArrayLength", "States.ArrayLength($.inputArray)", r#"{"inputArray":[1,2,3,4,5,6,7,8,9]}"#, "9"),
    ("States.ArrayUnique", "States.ArrayUnique($.inputArray)", r#"{"inputArray":[1,2,3,3,3,3,3,3,4]}"#, "[1,2,3,4]"),
    ("States.Base64Encode", "States.Base64Encode($.input)", r#"{"input":"Data to encode"}"#, r#""RGF0YSB0byBlbmNvZGU=""#),
    ("States.Base64Decode", "States.Base64Decode($.base64)", r#"{"base64":"RGF0YSB0byBlbmNvZGU="}"#, r#""Data to encode""#),
    ("States.Hash", "States.Hash($.Data, $.Algorithm)", r#"{"Data":"input data","Algorithm":"SHA-1"}"#, r#""aaff4a450a104cd177d28d18d74485e8cae074b7""#),
    ("States.JsonMerge", "States.JsonMerge($.json1, $.json2, false)", r#"{"json1":{"a":{"a1":1,"a2":2},"b":2},"json2":{"a":{"a3":1,"a4":2},"c":3}}"#, r#"{"a":{"a3":1,"a4":2},"b":2,"c":3}"#),
    ("States.StringToJson", "States.StringToJson($.escapedJsonString)", r#"{"escapedJsonString":"{\"foo\": \"bar\"}"}"#, r#"{"foo":"bar"}"#),
    ("States.JsonToString", "States.JsonToString($.foo)", r#"{"foo":{"bar":"baz"}}"#, r#""{\"bar\":\"baz\"}""#),
    ("States.MathAdd", "States.MathAdd($.value1, $.step)", r#"{"value1":111,"step":-1}"#, "110"),
    ("States.StringSplit", "States.StringSplit($.inputString, $.splitter)", r#"{"inputString":"1,2,3,4,5","splitter":","}"#, r#"["1","2","3","4","5"]"#),
    ("States.StringSplit (several delimiters)", "States.StringSplit($.inputString, $.splitter)", r#"{"inputString":"This.is+a,test=string","splitter":".+,="}"#, r#"["This","is","a","test","string"]"#),
    ("States.Format", "States.Format('Hello, my name is {}.', $.name)", r#"{"name":"Arnav"}"#, r#""Hello, my name is Arnav.""#),
    ("States.Format (escaped braces, generic operation: Reserved characters)", r"States.Format('\\{\\}{}', $.x)", r#"{"x":"y"}"#, r#""{}y""#),
    ("nesting (intro: up to 10 nested)", "States.Format('{}.{}', States.ArrayGetItem(States.StringSplit($.Arn, '.'), 0), States.ArrayGetItem(States.StringSplit($.Arn, '.'), 1))", r#"{"Arn":"a.b.c"}"#, r#""a.b""#),
];

#[test]
fn documented_examples() {
    check(DOCUMENTED);
}

#[test]
fn random_and_uuid_shapes() {
    // Docs: "States.MathRandom … returns a random number between the start and end
    // number" (start inclusive, end exclusive); "States.UUID … returns a version 4 UUID".
    // Recording test_math_operations__test_math_random__exec_hist_resp_0..2 (ranges below).
    for (start, end) in [(1, 999), (12, 44), (9999, 99999), (-99999, -9999)] {
        let v = eval(&format!("States.MathRandom({start}, {end})"), json!({})).unwrap();
        let n = v.as_i64().unwrap_or_else(|| panic!("not an integer: {v}"));
        assert!((start..end).contains(&n), "{n} not in [{start},{end})");
    }
    let seeded = eval("States.MathRandom(0, 999, 3)", json!({})).unwrap();
    assert!((0..999).contains(&seeded.as_i64().unwrap()));
    let u = eval("States.UUID()", json!({})).unwrap();
    let u = u.as_str().unwrap();
    assert_eq!(u.len(), 36);
    assert_eq!(u.as_bytes()[14], b'4', "version 4: {u}");
}

/// Argument errors. AWS docs, "Error names" (States.IntrinsicFailure: "an attempt to invoke
/// an intrinsic function within a payload template failed"; States.Runtime: "an exception
/// that could not be processed") and the argument rules stated per function in
/// "Intrinsic functions for JSONPath states" (e.g. ArrayRange "limited to 1000 elements",
/// MathAdd/ArrayRange/ArrayPartition take integers, Hash algorithms are MD5, SHA-1, SHA-256,
/// SHA-384, SHA-512, Base64 input "maximum of 10,000 characters"). No conformance recording
/// shows these causes, so rows assert the failure and its error name only.
#[rustfmt::skip]
const ARGUMENT_ERRORS: &[(&str, &str, &str)] = &[
    ("ArrayRange > 1000 elements", "States.ArrayRange(1, 2000, 1)", "{}"),
    ("ArrayRange step 0", "States.ArrayRange(1, 9, 0)", "{}"),
    ("ArrayPartition chunk 0", "States.ArrayPartition($.a, 0)", r#"{"a":[1,2]}"#),
    ("ArrayPartition not an array", "States.ArrayPartition($.a, 2)", r#"{"a":"x"}"#),
    ("ArrayGetItem index out of range", "States.ArrayGetItem($.a, 5)", r#"{"a":[1,2]}"#),
    ("ArrayLength not an array", "States.ArrayLength($.a)", r#"{"a":{"b":1}}"#),
    ("Hash unknown algorithm", "States.Hash($.d, 'SHA-999')", r#"{"d":"x"}"#),
    ("Base64Decode not base64", "States.Base64Decode($.d)", r#"{"d":"%%%"}"#),
    ("StringToJson not JSON", "States.StringToJson($.d)", r#"{"d":"{not json"}"#),
    ("JsonMerge deep merge (true is not supported)", "States.JsonMerge($.a, $.b, true)", r#"{"a":{},"b":{}}"#),
    ("JsonMerge not objects", "States.JsonMerge($.a, $.b, false)", r#"{"a":[1],"b":{}}"#),
    ("MathAdd not a number", "States.MathAdd($.a, 1)", r#"{"a":"one"}"#),
    ("Format too few arguments", "States.Format('{} {}', $.a)", r#"{"a":1}"#),
    ("Format too many arguments", "States.Format('{}', $.a, $.a)", r#"{"a":1}"#),
    ("StringSplit not a string", "States.StringSplit($.a, ',')", r#"{"a":1}"#),
    ("path not in input", "States.Array($.missing)", r#"{"a":1}"#),
];

#[test]
fn argument_errors() {
    let mut bad = vec![];
    for (what, expr, input) in ARGUMENT_ERRORS {
        let input: Value = serde_json::from_str(input).unwrap();
        match eval(expr, input) {
            Err((error, _)) if error == "States.Runtime" || error == "States.IntrinsicFailure" => {}
            got => bad.push(format!("{what}: {expr} = {got:?}")),
        }
    }
    assert!(bad.is_empty(), "{}", bad.join("\n"));
}

/// Recording scenarios_misc …INVALID_JSONPATH_IN_STRING_EXPR_JSONPATH: a path that is not in
/// the input fails the state with States.Runtime.
#[test]
fn missing_path_argument_is_states_runtime() {
    let (error, cause) = eval("States.Format('{}', $.nope)", json!({"a": 1})).unwrap_err();
    assert_eq!(error, "States.Runtime");
    assert!(cause.contains("$.nope"), "{cause}");
}

/// Recording test_json_manipulation__test_string_to_json__exec_hist_resp_3: AWS parses "-0"
/// to the number 0.
#[test]
fn string_to_json_minus_zero() {
    check(&[(
        "test_json_manipulation__test_string_to_json__exec_hist_resp_3",
        "States.StringToJson($.FunctionInput)",
        r#"{"FunctionInput": "-0"}"#,
        r#"0"#,
    )]);
}

/// Recording test_json_manipulation__test_json_merge_escaped_argument: an escaped JSON
/// string literal inside a nested call, merged with a `$$.Execution.Input` path.
#[test]
fn json_merge_escaped_argument() {
    check(&[(
        "test_json_manipulation__test_json_merge_escaped_argument",
        r#"States.JsonMerge(States.StringToJson('{"constant_in_literal": "false"}'), $$.Execution.Input.input_field, false)"#,
        r#"{"input_field":{"constant_input_field":"constant_value"}}"#,
        r#"{"constant_input_field":"constant_value","constant_in_literal":"false"}"#,
    )]);
}
