//! The `aslplay` binary end to end, handlers in real Node.js.

use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

const HELLO_ARN: &str = "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction";
const TUTORIAL: &str = r#"{"StartAt":"ExampleMapState","States":{"ExampleMapState":{"Type":"Map","Iterator":{"StartAt":"CallLambda","States":{"CallLambda":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:HelloFunction","End":true}}},"End":true}}}"#;
const TUTORIAL_INPUT: &str = r#"[{"who":"bob"},{"who":"meg"},{"who":"joe"}]"#;
const HELLO: &str = r#"exports.handler = (event, context, callback) => { callback(null, "Hello, " + event.who + "!"); };"#;

/// A scratch directory for one test's files.
struct Scratch(PathBuf);

impl Scratch {
    fn new(test: &str) -> Self {
        let dir = std::env::temp_dir().join(format!("aslplay-cli-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        Scratch(dir)
    }

    fn file(&self, name: &str, text: &str) -> String {
        let p = self.0.join(name);
        std::fs::write(&p, text).unwrap();
        p.to_string_lossy().into_owned()
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn aslplay(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_aslplay"))
        .args(args)
        .output()
        .expect("aslplay runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// Runs a definition on an input with handlers; returns the one JSON object printed.
fn run(test: &str, definition: &str, input: &str, handlers: Value, extra: &[&str]) -> Value {
    let s = Scratch::new(test);
    let d = s.file("definition.json", definition);
    let i = s.file("input.json", input);
    let h = s.file("handlers.json", &handlers.to_string());
    let mut args = vec!["run", "--definition", &d, "--input", &i, "--handlers", &h];
    args.extend_from_slice(extra);
    let o = aslplay(&args);
    let out = stdout(&o);
    assert_eq!(
        out.lines().count(),
        1,
        "exactly one line on stdout, got {out:?}; stderr {}",
        stderr(&o)
    );
    serde_json::from_str(&out).unwrap_or_else(|e| panic!("stdout is not JSON ({e}): {out:?}"))
}

/// A machine with one Task calling `function:F`.
fn one_task() -> String {
    json!({"StartAt":"T","States":{"T":{"Type":"Task",
        "Resource":"arn:aws:lambda:us-east-1:123456789012:function:F","End":true}}})
    .to_string()
}

#[test]
fn tutorial_with_the_function_arn_prints_exactly_the_output() {
    let s = Scratch::new("tutorial-arn");
    let d = s.file("definition.json", TUTORIAL);
    let i = s.file("input.json", TUTORIAL_INPUT);
    let h = s.file("handlers.json", &json!({ HELLO_ARN: HELLO }).to_string());
    let o = aslplay(&["run", "--definition", &d, "--input", &i, "--handlers", &h]);
    assert_eq!(
        stdout(&o),
        "{\"status\":\"SUCCEEDED\",\"output\":[\"Hello, bob!\",\"Hello, meg!\",\"Hello, joe!\"]}\n",
        "stderr: {}",
        stderr(&o)
    );
    assert_eq!(o.status.code(), Some(0));
}

#[test]
fn tutorial_with_the_function_name() {
    let v = run(
        "tutorial-name",
        TUTORIAL,
        TUTORIAL_INPUT,
        json!({ "HelloFunction": HELLO }),
        &[],
    );
    assert_eq!(
        v,
        json!({"status":"SUCCEEDED","output":["Hello, bob!","Hello, meg!","Hello, joe!"]})
    );
}

#[test]
fn tutorial_history_is_printed_on_request() {
    let v = run(
        "tutorial-history",
        TUTORIAL,
        "[ {\"who\": \"bob\"} ]\n",
        json!({ HELLO_ARN: HELLO }),
        &["--history", "--name", "run-1"],
    );
    assert_eq!(v["status"], "SUCCEEDED");
    let history = v["history"].as_array().expect("a history array");
    // AWS records the input text as given.
    assert_eq!(
        history[0]["executionStartedEventDetails"]["input"],
        "[ {\"who\": \"bob\"} ]"
    );
    assert_eq!(
        history.first().map(|e| e["type"].clone()),
        Some(json!("ExecutionStarted"))
    );
    assert_eq!(
        history.last().map(|e| e["type"].clone()),
        Some(json!("ExecutionSucceeded"))
    );
    assert!(history
        .iter()
        .all(|e| e["id"].is_u64() && !e["timestamp"].is_null()));
}

#[test]
fn every_handler_form_runs() {
    let forms = [
        "exports.handler = async (event, context) => ({ got: event.n, fn: context.functionName });",
        "module.exports.handler = async (event, context) => ({ got: event.n, fn: context.functionName });",
        "module.exports = { handler: (event, context) => Promise.resolve({ got: event.n, fn: context.functionName }) };",
        "export const handler = async (event, context) => ({ got: event.n, fn: context.functionName });",
        "export async function handler(event, context) { return { got: event.n, fn: context.functionName }; }",
        "exports.handler = (event, context, callback) => { setTimeout(() => callback(null, { got: event.n, fn: context.functionName }), 5); };",
        "exports.handler = (event, context) => { context.succeed({ got: event.n, fn: context.functionName }); };",
    ];
    for (k, code) in forms.iter().enumerate() {
        let v = run(
            &format!("form-{k}"),
            &one_task(),
            r#"{"n": 7}"#,
            json!({ "F": code }),
            &[],
        );
        assert_eq!(
            v,
            json!({"status":"SUCCEEDED","output":{"got":7,"fn":"F"}}),
            "form {code}"
        );
    }
}

#[test]
fn a_thrown_error_names_the_task_error_and_its_lambda_json_is_the_cause() {
    let code = "exports.handler = async () => { const e = new Error('it broke'); e.name = 'CustomError'; throw e; };";
    let v = run("throw", &one_task(), "{}", json!({ "F": code }), &[]);
    assert_eq!(v["status"], "FAILED", "{v}");
    assert_eq!(v["error"], "CustomError");
    let cause: Value =
        serde_json::from_str(v["cause"].as_str().expect("a cause string")).expect("cause is JSON");
    assert_eq!(cause["errorType"], "CustomError");
    assert_eq!(cause["errorMessage"], "it broke");
    assert!(
        cause["trace"].as_array().is_some_and(|t| !t.is_empty()),
        "{cause}"
    );
}

#[test]
fn an_endless_handler_times_out_as_sandbox_timedout() {
    let t0 = Instant::now();
    let v = run(
        "spin",
        &one_task(),
        "{}",
        json!({ "F": "exports.handler = async () => { while (true) {} };" }),
        &[],
    );
    assert!(
        t0.elapsed() < Duration::from_secs(10),
        "took {:?}",
        t0.elapsed()
    );
    assert_eq!(v["status"], "FAILED", "{v}");
    assert_eq!(v["error"], "Sandbox.Timedout");
}

#[test]
fn console_output_does_not_reach_stdout() {
    let code = "exports.handler = async (e) => { console.log('{\"status\":\"FAKE\"}'); console.error('err'); \
                process.stdout.write('raw\\n'); for (let i = 0; i < 1000; i++) console.info('line', i, { i }); return 'ok'; };";
    let v = run("console", &one_task(), "{}", json!({ "F": code }), &[]);
    assert_eq!(v, json!({"status":"SUCCEEDED","output":"ok"}));
}

#[test]
fn a_missing_function_fails_the_execution() {
    let v = run("missing-fn", &one_task(), "{}", json!({ "G": HELLO }), &[]);
    assert_eq!(v["status"], "FAILED", "{v}");
}

#[test]
fn an_invalid_definition_is_reported_as_such() {
    let v = run(
        "invalid",
        "{\"StartAt\": \"A\",\n \"States\": {",
        "{}",
        json!({}),
        &[],
    );
    assert_eq!(v["status"], "INVALID_DEFINITION");
    assert!(v["error"].as_str().is_some_and(|e| !e.contains('\n')));
    let d = &v["diagnostics"][0];
    assert!(d["code"].is_string() && d["message"].is_string() && d["pointer"].is_string());
    assert!(
        d["line"].as_u64().is_some_and(|l| l >= 1) && d["column"].is_u64(),
        "{d}"
    );
}

#[test]
fn validate_exit_codes_and_located_diagnostics() {
    let s = Scratch::new("validate");
    let good = s.file("good.json", TUTORIAL);
    let bad = s.file("bad.json", "{\n  \"StartAt\": \"A\",\n  \"States\": {\n");
    let o = aslplay(&["validate", &good]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));
    let o = aslplay(&["validate", &bad]);
    assert_eq!(o.status.code(), Some(1));
    let line = stdout(&o);
    assert!(line.starts_with(&format!("{bad}:")), "{line}");
    let rest = &line[bad.len() + 1..];
    let mut parts = rest.splitn(3, ':');
    assert!(
        parts.next().is_some_and(|l| l.parse::<u32>().is_ok()),
        "{line}"
    );
    assert!(
        parts.next().is_some_and(|c| c.parse::<u32>().is_ok()),
        "{line}"
    );
    let o = aslplay(&["validate", "--json", &bad]);
    assert_eq!(o.status.code(), Some(1));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["valid"], false);
    assert!(v["diagnostics"][0]["line"].is_u64());
    let o = aslplay(&["validate", "--json", &good]);
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["valid"], true);
}

#[test]
fn bad_input_json_is_located() {
    let s = Scratch::new("bad-input");
    let d = s.file("definition.json", TUTORIAL);
    let i = s.file(
        "input.json",
        "[\n  {\"who\": \"bob\"},\n  {\"who\" \"meg\"}\n]",
    );
    let o = aslplay(&["run", "--definition", &d, "--input", &i]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
    assert!(stderr(&o).contains(&format!("{i}:3:")), "{}", stderr(&o));
}

/// An input over StartExecution's 256 KiB is refused before anything runs, as AWS refuses it.
#[test]
fn an_input_over_256_kib_is_refused() {
    let s = Scratch::new("big-input");
    let d = s.file("definition.json", TUTORIAL);
    let items: Vec<Value> = (0..20_000)
        .map(|k| json!({"who": format!("user{k}")}))
        .collect();
    let text = Value::Array(items).to_string();
    assert!(text.len() > 262_144);
    let i = s.file("input.json", &text);
    let o = aslplay(&["run", "--definition", &d, "--input", &i]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stdout(&o).is_empty());
    let err = stderr(&o);
    assert!(err.contains("input too large"), "{err}");
    assert!(err.contains("at most 262144 bytes"), "{err}");
}

#[test]
fn missing_files_and_bad_usage_exit_2() {
    let s = Scratch::new("missing");
    let d = s.file("definition.json", TUTORIAL);
    let i = s.file("input.json", TUTORIAL_INPUT);
    let nowhere = s.0.join("nowhere.json").to_string_lossy().into_owned();
    for args in [
        vec!["run", "--definition", &nowhere, "--input", &i],
        vec!["run", "--definition", &d, "--input", &nowhere],
        vec![
            "run",
            "--definition",
            &d,
            "--input",
            &i,
            "--handlers",
            &nowhere,
        ],
        vec!["validate", &nowhere],
        vec!["run", "--definition", &d],
        vec!["run", "--definition", &d, "--input", &i, "--frobnicate"],
        vec![
            "run",
            "--definition",
            &d,
            "--input",
            &i,
            "--name",
            "has space",
        ],
        vec!["launch"],
        vec![],
    ] {
        let o = aslplay(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stdout(&o).is_empty(), "{args:?}");
        assert!(
            stderr(&o).starts_with("aslplay: "),
            "{args:?}: {}",
            stderr(&o)
        );
    }
    let o = aslplay(&["run", "--definition", &d, "--input", &i, "--handlers", &d]);
    assert_eq!(
        o.status.code(),
        Some(2),
        "a definition is not a handlers file"
    );
}

#[test]
fn waits_are_virtual_unless_real_time_is_asked_for() {
    let wait = r#"{"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":1,"End":true}}}"#;
    let t0 = Instant::now();
    let v = run("virtual-wait", wait, r#"{"a":1}"#, json!({}), &[]);
    assert_eq!(v, json!({"status":"SUCCEEDED","output":{"a":1}}));
    assert!(
        t0.elapsed() < Duration::from_millis(900),
        "{:?}",
        t0.elapsed()
    );
    let t0 = Instant::now();
    let v = run("real-wait", wait, r#"{"a":1}"#, json!({}), &["--real-time"]);
    assert_eq!(v, json!({"status":"SUCCEEDED","output":{"a":1}}));
    assert!(t0.elapsed() >= Duration::from_secs(1), "{:?}", t0.elapsed());
}

/// `--start-time` starts the virtual clock there: timestamps and `$$.Execution.StartTime`
/// follow it, a Wait's TimestampPath is judged against it, and two runs with the same
/// execution name print the same history.
#[test]
fn start_time_fixes_the_virtual_clock() {
    let machine = r#"{"StartAt":"W","States":{
        "W":{"Type":"Wait","TimestampPath":"$.at","Next":"P"},
        "P":{"Type":"Pass","Parameters":{"started.$":"$$.Execution.StartTime"},"End":true}}}"#;
    let input = r#"{"at":"2026-11-24T00:01:00Z"}"#;
    let extra = [
        "--start-time",
        "2026-11-24T00:00:00Z",
        "--history",
        "--name",
        "same",
    ];
    let a = run("start-time-a", machine, input, json!({}), &extra);
    assert_eq!(a["status"], "SUCCEEDED", "{a}");
    assert_eq!(a["output"], json!({"started": "2026-11-24T00:00:00.000Z"}));
    let history = a["history"].as_array().unwrap();
    assert_eq!(history[0]["timestamp"], "2026-11-24T00:00:00.000Z");
    let exited = history
        .iter()
        .find(|e| e["type"] == "WaitStateExited")
        .expect("the Wait exits");
    assert_eq!(exited["timestamp"], "2026-11-24T00:01:00.000Z", "{exited}");
    let b = run("start-time-b", machine, input, json!({}), &extra);
    assert_eq!(a, b, "the same run twice gives the same history");

    // A timestamp past AWS's longest Wait (2^31 - 1 s) is judged from the start time.
    let far = r#"{"at":"2094-12-13T18:02:58Z"}"#;
    let v = run("start-time-far", machine, far, json!({}), &extra[..2]);
    assert_eq!(v["status"], "FAILED", "{v}");
    let v = run(
        "start-time-near",
        machine,
        far,
        json!({}),
        &["--start-time", "2026-11-25T18:00:00Z"],
    );
    assert_eq!(v["status"], "SUCCEEDED", "{v}");
}

#[test]
fn the_handler_host_gets_lambdas_environment_not_the_callers() {
    let s = Scratch::new("environment");
    let d = s.file("definition.json", &one_task());
    let i = s.file("input.json", "{}");
    let h = s.file(
        "handlers.json",
        &json!({ "F": "exports.handler = async () => ({ mine: process.env.ASLPLAY_TEST_SECRET ?? null, fn: process.env.AWS_LAMBDA_FUNCTION_NAME, tz: process.env.TZ, hour: new Date(0).getHours() });" })
            .to_string(),
    );
    // Options Node.js would act on at start (this one would stop it: the file is missing),
    // and a variable of the caller's: neither reaches the handler host.
    let o = Command::new(env!("CARGO_BIN_EXE_aslplay"))
        .args(["run", "--definition", &d, "--input", &i, "--handlers", &h])
        .env("NODE_OPTIONS", "--require /nonexistent/aslplay-preload.js")
        .env("ASLPLAY_TEST_SECRET", "leaked")
        .env("TZ", "Asia/Tokyo")
        .output()
        .expect("aslplay runs");
    let v: Value = serde_json::from_str(&stdout(&o))
        .unwrap_or_else(|e| panic!("{e}: {} / {}", stdout(&o), stderr(&o)));
    assert_eq!(
        v,
        json!({"status": "SUCCEEDED", "output": {"mine": null, "fn": "F", "tz": ":UTC", "hour": 0}})
    );
}

#[test]
fn a_missing_node_is_a_clear_error() {
    let s = Scratch::new("no-node");
    let d = s.file("definition.json", TUTORIAL);
    let i = s.file("input.json", TUTORIAL_INPUT);
    let h = s.file(
        "handlers.json",
        &json!({ "HelloFunction": HELLO }).to_string(),
    );
    let run = |env: (&str, &str)| {
        Command::new(env!("CARGO_BIN_EXE_aslplay"))
            .args(["run", "--definition", &d, "--input", &i, "--handlers", &h])
            .env_remove("ASLPLAY_NODE")
            .env(env.0, env.1)
            .output()
            .expect("aslplay runs")
    };
    let o = run(("PATH", ""));
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("Node.js (`node`) was not found"),
        "{}",
        stderr(&o)
    );
    let o = run(("ASLPLAY_NODE", "/nonexistent/node"));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("ASLPLAY_NODE"), "{}", stderr(&o));
    // Without handlers, node is not needed at all.
    let o = Command::new(env!("CARGO_BIN_EXE_aslplay"))
        .args(["run", "--definition", &d, "--input", &i])
        .env("PATH", "")
        .output()
        .expect("aslplay runs");
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(
        stdout(&o).starts_with("{\"status\":\"FAILED\""),
        "{}",
        stdout(&o)
    );
}

#[test]
fn logs_go_to_stderr_on_request() {
    let s = Scratch::new("logs");
    let d = s.file("definition.json", &one_task());
    let i = s.file("input.json", "{}");
    let code = "exports.handler = async () => { console.warn('careful', { n: 1 }); return 1; };";
    let h = s.file("handlers.json", &json!({ "F": code }).to_string());
    let o = aslplay(&[
        "run",
        "--definition",
        &d,
        "--input",
        &i,
        "--handlers",
        &h,
        "--logs",
    ]);
    assert_eq!(stdout(&o), "{\"status\":\"SUCCEEDED\",\"output\":1}\n");
    // As CloudWatch shows a Node.js function's log: START, the lines, END, REPORT.
    let err = stderr(&o);
    let lines: Vec<&str> = err.lines().collect();
    assert_eq!(lines.len(), 4, "{err}");
    assert!(lines[0].starts_with("[F] START RequestId: "), "{err}");
    assert!(lines[0].ends_with(" Version: $LATEST"), "{err}");
    let fields: Vec<&str> = lines[1].split('\t').collect();
    assert_eq!(fields.len(), 4, "{err}");
    assert!(
        fields[0].starts_with("[F] 20") && fields[0].ends_with('Z'),
        "{err}"
    );
    assert_eq!(fields[2..], ["WARN", "careful { n: 1 }"], "{err}");
    assert!(lines[2].starts_with("[F] END RequestId: "), "{err}");
    let report = lines[3];
    assert!(report.starts_with("[F] REPORT RequestId: "), "{err}");
    for field in [
        "\tDuration: ",
        " ms\tBilled Duration: ",
        " ms\tMemory Size: 128 MB\tMax Memory Used: ",
        " MB\tInit Duration: ",
    ] {
        assert!(report.contains(field), "{field:?} in {report}");
    }
    let o = aslplay(&["run", "--definition", &d, "--input", &i, "--handlers", &h]);
    assert!(!stderr(&o).contains("careful"), "{}", stderr(&o));
}

#[test]
fn in_real_time_a_task_timeout_interrupts_the_handler() {
    let def = json!({"StartAt":"T","States":{"T":{"Type":"Task","TimeoutSeconds":1,
        "Resource":"arn:aws:lambda:us-east-1:123456789012:function:F","End":true}}})
    .to_string();
    let slow = "exports.handler = async (e) => { await new Promise((r) => setTimeout(r, 2500)); return e; };";
    let t0 = Instant::now();
    let v = run(
        "real-task-timeout",
        &def,
        "{}",
        json!({ "F": slow }),
        &["--real-time"],
    );
    assert_eq!(v["status"], "FAILED", "{v}");
    assert_eq!(v["error"], "States.Timeout");
    assert!(
        t0.elapsed() < Duration::from_millis(2400),
        "{:?}",
        t0.elapsed()
    );
    // With virtual time the handler's duration decides, after the fact.
    let v = run(
        "virtual-task-timeout",
        &def,
        "{}",
        json!({ "F": slow }),
        &[],
    );
    assert_eq!(v["error"], "States.Timeout", "{v}");
}

/// A Choice loop counting `$.i` to `n`: four history events per round.
fn counting_loop(n: u64) -> String {
    json!({"StartAt":"Check","States":{
        "Check":{"Type":"Choice","Choices":[{"Variable":"$.i","NumericLessThan":n,"Next":"Inc"}],"Default":"Done"},
        "Inc":{"Type":"Pass","Parameters":{"i.$":"States.MathAdd($.i, 1)"},"Next":"Check"},
        "Done":{"Type":"Succeed"}}})
    .to_string()
}

#[test]
fn only_standard_executions_have_the_history_limit() {
    // 7,000 rounds: 28,006 events, past STANDARD's 25,000; EXPRESS histories are unlimited.
    let def = counting_loop(7_000);
    let standard = run("loop-standard", &def, r#"{"i":0}"#, json!({}), &[]);
    assert_eq!(standard["status"], "FAILED", "{standard}");
    assert_eq!(standard["error"], "States.Runtime");
    assert!(
        standard["cause"]
            .as_str()
            .unwrap_or_default()
            .contains("25000"),
        "{standard}"
    );
    let explicit = run(
        "loop-standard-2",
        &def,
        r#"{"i":0}"#,
        json!({}),
        &["--type", "STANDARD"],
    );
    assert_eq!(explicit, standard);
    let express = run(
        "loop-express",
        &def,
        r#"{"i":0}"#,
        json!({}),
        &["--type", "EXPRESS"],
    );
    assert_eq!(express, json!({"status":"SUCCEEDED","output":{"i":7000}}));
    let with_history = run(
        "loop-express-history",
        &def,
        r#"{"i":0}"#,
        json!({}),
        &["--type=express", "--history"],
    );
    assert_eq!(
        with_history["history"].as_array().map(Vec::len),
        Some(28_006)
    );
}

#[test]
fn express_executions_have_express_arns_and_five_minutes() {
    let def = json!({"StartAt":"P","States":{"P":{"Type":"Pass",
        "Parameters":{"id.$":"$$.Execution.Id","e.$":"$$.Execution"},"End":true}}})
    .to_string();
    let v = run(
        "express-arn",
        &def,
        "{}",
        json!({}),
        &["--type", "EXPRESS", "--name", "run-1"],
    );
    assert!(
        v["output"]["id"]
            .as_str()
            .unwrap_or_default()
            .starts_with("arn:aws:states:us-east-1:123456789012:express:StateMachine:run-1:"),
        "{v}"
    );
    assert!(v["output"]["e"].get("RedriveCount").is_none(), "{v}");
    // Five minutes of virtual time, then States.Timeout; STANDARD waits on.
    let wait =
        json!({"StartAt":"W","States":{"W":{"Type":"Wait","Seconds":301,"End":true}}}).to_string();
    let express = run(
        "express-wait",
        &wait,
        "{}",
        json!({}),
        &["--type", "EXPRESS", "--history"],
    );
    assert_eq!(express["status"], "TIMED_OUT", "{express}");
    let last = express["history"]
        .as_array()
        .and_then(|h| h.last().cloned());
    let last = last.unwrap_or_default();
    assert_eq!(last["type"], "ExecutionTimedOut", "{last}");
    assert_eq!(
        last["executionTimedOutEventDetails"]["error"],
        "States.Timeout"
    );
    let standard = run("standard-wait", &wait, "{}", json!({}), &[]);
    assert_eq!(standard["status"], "SUCCEEDED", "{standard}");
}

#[test]
fn express_refuses_job_and_callback_tasks() {
    let def = json!({"StartAt":"T","States":{"T":{"Type":"Task",
        "Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
        "Parameters":{"FunctionName":"F"},"End":true}}})
    .to_string();
    let v = run(
        "express-sync",
        &def,
        "{}",
        json!({}),
        &["--type", "EXPRESS"],
    );
    assert_eq!(v["status"], "INVALID_DEFINITION", "{v}");
    assert!(
        v["error"]
            .as_str()
            .unwrap_or_default()
            .contains("waitForTaskToken"),
        "{v}"
    );
    let s = Scratch::new("bad-type");
    let d = s.file("d.json", &def);
    let i = s.file("i.json", "{}");
    let o = aslplay(&["run", "--definition", &d, "--input", &i, "--type", "QUICK"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("STANDARD or EXPRESS"), "{}", stderr(&o));
}

#[test]
fn jsonata_reports_a_syntax_error_with_its_code_and_position() {
    let o = aslplay(&["jsonata", "Account.(Order + )"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let error: Value = serde_json::from_str(stdout(&o).trim()).expect("one JSON object");
    // jsonata-js 2.0.6: {"code":"S0211","position":18,"token":")"} for this text.
    assert_eq!(error["code"], "S0211");
    assert_eq!(error["position"], 18);
    assert!(error["message"].as_str().is_some_and(|m| m.contains(')')));

    // AWS's JSONata is 2.0.6: no `??` (a later jsonata-js operator), refused as 2.0.6 does.
    let o = aslplay(&["jsonata", "a ?? b"]);
    assert_eq!(o.status.code(), Some(1));
    let error: Value = serde_json::from_str(stdout(&o).trim()).expect("one JSON object");
    assert_eq!(
        (error["code"].as_str(), error["position"].as_u64()),
        (Some("S0211"), Some(4))
    );

    let s = Scratch::new("jsonata-file");
    let f = s.file("expr.jsonata", "\"unterminated");
    let o = aslplay(&["jsonata", "--expression-file", &f]);
    assert_eq!(o.status.code(), Some(1));
    let error: Value = serde_json::from_str(stdout(&o).trim()).expect("one JSON object");
    assert_eq!(error["code"], "S0101");
}

#[test]
fn jsonata_refuses_bad_input_files_as_usage_errors() {
    let s = Scratch::new("jsonata-usage");
    let bad = s.file("bad.json", "{\"a\": ");
    let list = s.file("list.json", "[1]");
    for (args, needle) in [
        (vec!["jsonata", "a", "--input", bad.as_str()], "bad.json:1:"),
        (
            vec!["jsonata", "a", "--bindings", list.as_str()],
            "JSON object",
        ),
        (
            vec!["jsonata", "a", "--input", "/nonexistent/in.json"],
            "cannot read",
        ),
        (vec!["jsonata"], "missing EXPRESSION"),
    ] {
        let o = aslplay(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        assert!(stderr(&o).contains(needle), "{args:?}: {}", stderr(&o));
        assert!(stdout(&o).is_empty());
    }
}

#[test]
fn jsonata_prints_the_value_or_nothing_for_undefined() {
    let s = Scratch::new("jsonata-eval");
    let input = s.file(
        "in.json",
        r#"{"items":[{"price":2.5,"qty":2},{"price":1,"qty":3}]}"#,
    );
    let bindings = s.file("vars.json", r#"{"rate": 0.5, "$who": "Bob"}"#);
    let o = aslplay(&[
        "jsonata",
        "{'total': $sum(items.(price * qty)) * $rate, 'hi': 'Hello, ' & $who}",
        "--input",
        &input,
        "--bindings",
        &bindings,
    ]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let value: Value = serde_json::from_str(stdout(&o).trim()).expect("one JSON value");
    assert_eq!(value, json!({"total": 4, "hi": "Hello, Bob"}));

    // Undefined: nothing printed, success.
    let o = aslplay(&["jsonata", "nothing.here", "--input", &input]);
    assert_eq!((o.status.code(), stdout(&o).as_str()), (Some(0), ""));
    // No input at all: the input is undefined, as in jsonata-js.
    let o = aslplay(&["jsonata", "$exists($)"]);
    assert_eq!(stdout(&o).trim(), "false");

    // A runtime error: jsonata-js 2.0.6 gives T2001 at position 5 for this.
    let o = aslplay(&["jsonata", "'a' + 1"]);
    assert_eq!(o.status.code(), Some(1));
    let error: Value = serde_json::from_str(stdout(&o).trim()).expect("one JSON object");
    assert_eq!(
        (error["code"].as_str(), error["position"].as_u64()),
        (Some("T2001"), Some(5))
    );
}

/// `--faults`: two injected `Lambda.ServiceException`s, retried by the recommended retrier;
/// the third attempt runs the handler and the run succeeds, with both failures in the history.
#[test]
fn injected_faults_are_retried() {
    let s = Scratch::new("faults");
    let definition = json!({"StartAt":"T","States":{"T":{"Type":"Task",
        "Resource":"arn:aws:states:::lambda:invoke",
        "Parameters":{"FunctionName":"F","Payload.$":"$"},"OutputPath":"$.Payload",
        "Retry":[{"ErrorEquals":["Lambda.ServiceException","Lambda.AWSLambdaException",
            "Lambda.SdkClientException"],"IntervalSeconds":2,"MaxAttempts":6,"BackoffRate":2}],
        "End":true}}})
    .to_string();
    let d = s.file("definition.json", &definition);
    let i = s.file("input.json", r#"{"who":"bob"}"#);
    let h = s.file(
        "handlers.json",
        &json!({"F": "exports.handler = async (e) => 'Hello, ' + e.who + '!';"}).to_string(),
    );
    let f = s.file(
        "faults.json",
        r#"{"F": {"error": "Lambda.ServiceException", "next": 2}}"#,
    );
    let o = aslplay(&[
        "run",
        "--definition",
        &d,
        "--input",
        &i,
        "--handlers",
        &h,
        "--faults",
        &f,
        "--history",
    ]);
    let out: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(out["status"], "SUCCEEDED", "{out}");
    assert_eq!(out["output"], "Hello, bob!");
    let failed: Vec<&Value> = out["history"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["type"] == "TaskFailed")
        .collect();
    assert_eq!(failed.len(), 2);
    for e in failed {
        let d = &e["taskFailedEventDetails"];
        assert_eq!(d["error"], "Lambda.ServiceException");
        assert_eq!(d["resourceType"], "lambda");
        let cause = d["cause"].as_str().unwrap();
        assert!(
            cause.starts_with("ServiceException (Service: AWSLambda; Status Code: 500; Error Code: ServiceException; Request ID: "),
            "{cause}"
        );
    }

    // Without a retrier the first fault fails the execution.
    let d1 = s.file("one.json", &one_task());
    let f1 = s.file("f1.json", r#"{"F": {"error": "timeout", "next": 1}}"#);
    let o = aslplay(&[
        "run",
        "--definition",
        &d1,
        "--input",
        &i,
        "--handlers",
        &h,
        "--faults",
        &f1,
    ]);
    let out: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(out["status"], "FAILED");
    assert_eq!(out["error"], "Sandbox.Timedout");
    assert_eq!(o.status.code(), Some(1));
}

#[test]
fn a_bad_faults_file_is_located() {
    let s = Scratch::new("bad-faults");
    let d = s.file("definition.json", &one_task());
    let i = s.file("input.json", "{}");
    for (text, says) in [
        (
            "{\"F\": {\"error\": ",
            "faults.json: EOF while parsing a value at line 1 column 16 (faults file)",
        ),
        (
            r#"{"F": {"error": "Lambda.Oops", "next": 1}}"#,
            "faults.json: \"F\": unknown error \"Lambda.Oops\"",
        ),
        (
            r#"{"F": {"error": "timeout", "rate": 1.5}}"#,
            "faults.json: \"F\": \"rate\" must be from 0 to 1 (got 1.5) (faults file)",
        ),
    ] {
        let f = s.file("faults.json", text);
        let o = aslplay(&["run", "--definition", &d, "--input", &i, "--faults", &f]);
        assert_eq!(o.status.code(), Some(2), "{text}");
        assert!(stdout(&o).is_empty());
        assert!(stderr(&o).contains(says), "{text}: {}", stderr(&o));
    }
}

/// A Map over `$` calling `function:F` for each item, catching any error as `{"caught": …}`.
fn map_of_tasks() -> String {
    json!({"StartAt":"M","States":{"M":{"Type":"Map","End":true,
        "Iterator":{"StartAt":"T","States":{
            "T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:F",
                 "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.caught","Next":"Caught"}],
                 "End":true},
            "Caught":{"Type":"Pass","Parameters":{"caught.$":"$.caught.Error"},"End":true}}}}}})
    .to_string()
}

#[test]
fn a_map_of_handlers_answers_each_iteration_in_order() {
    // Handlers that finish in a scrambled order (timers of 0–2 ms) still answer their own
    // iteration: the invocations go to Node.js in batches and come back in batches.
    let items: Vec<Value> = (0..300).map(|n| json!({ "n": n })).collect();
    let code = "exports.handler = (e) => new Promise((ok) => setTimeout(() => ok(e.n * 2), Math.random() * 2));";
    let v = run(
        "map-order",
        &map_of_tasks(),
        &Value::Array(items).to_string(),
        json!({ "F": code }),
        &[],
    );
    assert_eq!(v["status"], "SUCCEEDED", "{v}");
    let expected: Vec<Value> = (0..300).map(|n| json!(n * 2)).collect();
    assert_eq!(v["output"], Value::Array(expected));
}

#[test]
fn a_blocked_handler_in_a_map_times_out_alone() {
    // Item 5's handler never returns: it times out (and is caught); the iterations sent to
    // the same Node.js process behind it run again on a fresh one.
    let items: Vec<Value> = (0..30).map(|n| json!({ "n": n })).collect();
    let code = "exports.handler = (e, c, cb) => { if (e.n === 5) { while (true) {} } cb(null, e.n * 2); };";
    let t0 = Instant::now();
    let v = run(
        "map-blocked",
        &map_of_tasks(),
        &Value::Array(items).to_string(),
        json!({ "F": code }),
        &["--function-timeout", "1"],
    );
    assert_eq!(v["status"], "SUCCEEDED", "{v}");
    let expected: Vec<Value> = (0..30)
        .map(|n| {
            if n == 5 {
                json!({ "caught": "Sandbox.Timedout" })
            } else {
                json!(n * 2)
            }
        })
        .collect();
    assert_eq!(v["output"], Value::Array(expected));
    assert!(t0.elapsed() < Duration::from_secs(8), "{:?}", t0.elapsed());
}

const APPROVAL: &str = r#"{"StartAt": "Ask", "States": {
 "Ask": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage.waitForTaskToken", "HeartbeatSeconds": 60,
   "Parameters": {"QueueUrl": "q", "MessageBody": {"token.$": "$$.Task.Token"}}, "Next": "Put"},
 "Put": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "Parameters": {"TableName": "T", "Item.$": "$"},
   "Catch": [{"ErrorEquals": ["DynamoDB.ConditionalCheckFailedException"], "ResultPath": "$.err", "Next": "Review"}], "Next": "Review"},
 "Review": {"Type": "Task", "Resource": "arn:aws:states:us-east-1:123456789012:activity:Review", "End": true}}}"#;

fn approval_mocks() -> Value {
    json!({
        "arn:aws:states:::sqs:sendMessage": "exports.handler = async (req, ctx) => ({MessageId: 'm-' + req.QueueUrl, token: req.MessageBody.token})",
        "arn:aws:states:::dynamodb:putItem": "exports.handler = async (req) => { if (req.Item.approved) { const e = new Error('The conditional request failed'); e.name = 'ConditionalCheckFailedException'; throw e; } return {}; }"
    })
}

fn history_event<'a>(result: &'a Value, kind: &str) -> &'a Value {
    result["history"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["type"] == kind)
        .unwrap_or_else(|| panic!("no {kind}: {result}"))
}

/// A detail of the first event of type `kind` that holds JSON text, parsed.
fn json_detail(result: &Value, kind: &str, field: &str) -> Value {
    let event = history_event(result, kind);
    let (_, details) = event
        .as_object()
        .unwrap()
        .iter()
        .find(|(k, _)| k.ends_with("EventDetails"))
        .unwrap();
    serde_json::from_str(details[field].as_str().unwrap()).unwrap()
}

#[test]
fn mocks_and_answers_run_callback_service_and_activity_tasks() {
    let s = Scratch::new("answers");
    let answers = s.file(
        "answers.json",
        r#"[{"action": "heartbeat", "afterSeconds": 30}, {"action": "success", "output": {"approved": true}, "afterSeconds": 45},
            {"action": "start", "worker": "w1", "state": "Review"}, {"action": "success", "output": "reviewed"}]"#,
    );
    let r = run(
        "answers-run",
        APPROVAL,
        "{}",
        approval_mocks(),
        &[
            "--answers",
            &answers,
            "--history",
            "--start-time",
            "2026-11-24T00:00:00Z",
        ],
    );
    assert_eq!(r["status"], "SUCCEEDED", "{r}");
    assert_eq!(r["output"], "reviewed");
    // The mock ran in Node.js with the request holding the token $$.Task.Token gave.
    let response = json_detail(&r, "TaskSubmitted", "output");
    assert_eq!(response["MessageId"], "m-q");
    let parameters = json_detail(&r, "TaskScheduled", "parameters");
    assert_eq!(response["token"], parameters["MessageBody"]["token"]);
    // 30 s then 45 s of virtual time (and the mock's few milliseconds): inside the 60 s
    // heartbeat each time.
    let answered = history_event(&r, "TaskSucceeded")["timestamp"]
        .as_str()
        .unwrap();
    assert!(answered.starts_with("2026-11-24T00:01:15."), "{answered}");
    let failed = &history_event(&r, "TaskFailed")["taskFailedEventDetails"];
    assert_eq!(failed["error"], "DynamoDB.ConditionalCheckFailedException");
    assert_eq!(
        history_event(&r, "ActivityStarted")["activityStartedEventDetails"],
        json!({"workerName": "w1"})
    );
}

#[test]
fn a_task_left_without_an_answer_is_named() {
    let s = Scratch::new("unanswered");
    let d = s.file("definition.json", APPROVAL);
    let i = s.file("input.json", "{}");
    let h = s.file("handlers.json", &approval_mocks().to_string());
    let a = s.file(
        "answers.json",
        r#"[{"action": "heartbeat", "afterSeconds": 10}]"#,
    );
    let o = aslplay(&[
        "run",
        "--definition",
        &d,
        "--input",
        &i,
        "--handlers",
        &h,
        "--answers",
        &a,
    ]);
    let r: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        (r["status"].as_str(), r["error"].as_str()),
        (Some("FAILED"), Some("States.HeartbeatTimeout")),
        "{r}"
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains(
            "the task of state 'Ask' waited for an answer and --answers had none left for it"
        ),
        "{}",
        stderr(&o)
    );

    // Without a heartbeat or timeout nothing ends the wait: the execution is stopped.
    let d = s.file(
        "definition.json",
        &APPROVAL.replace(r#""HeartbeatSeconds": 60,"#, ""),
    );
    let o = aslplay(&["run", "--definition", &d, "--input", &i, "--handlers", &h]);
    let r: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(r["status"], "ABORTED", "{r}");
}

#[test]
fn a_missing_mock_and_bad_answers_are_reported() {
    let r = run("no-mock", APPROVAL, "{}", json!({}), &[]);
    assert_eq!(r["error"], "States.Runtime", "{r}");
    assert!(r["cause"]
        .as_str()
        .unwrap()
        .contains("There is no mock for the resource 'arn:aws:states:::sqs:sendMessage'"));

    let s = Scratch::new("bad-answers");
    let d = s.file("definition.json", APPROVAL);
    let i = s.file("input.json", "{}");
    for (text, message) in [
        (
            "[{\"action\": \"succes\"}]",
            "answers.json: /0/action: \"succes\" is not an answer",
        ),
        ("[\n  {\"action\": ", "answers.json:2:"),
    ] {
        let a = s.file("answers.json", text);
        let o = aslplay(&["run", "--definition", &d, "--input", &i, "--answers", &a]);
        assert_eq!(o.status.code(), Some(2));
        assert!(stderr(&o).contains(message), "{}", stderr(&o));
    }
    let bad_key = run_refused(&s, &d, &i, r#"{"arn:aws:s3:::bucket": "x"}"#);
    assert!(
        bad_key.contains("is neither a Lambda function ARN"),
        "{bad_key}"
    );
}

fn run_refused(s: &Scratch, d: &str, i: &str, handlers: &str) -> String {
    let h = s.file("handlers.json", handlers);
    usage_error(d, i, &["--handlers", &h])
}

/// Runs `definition` on `input` (files) with `extra` options, which must be refused (exit 2);
/// the message on stderr.
fn usage_error(definition: &str, input: &str, extra: &[&str]) -> String {
    let mut args = vec!["run", "--definition", definition, "--input", input];
    args.extend_from_slice(extra);
    let o = aslplay(&args);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    stderr(&o)
}

fn test_state_cli(
    s: &Scratch,
    state: &str,
    input: &str,
    extra: &[&str],
) -> (Option<i32>, Value, String) {
    let d = s.file("state.json", state);
    let i = s.file("input.json", input);
    let mut args = vec!["test-state", "--definition", &d, "--input", &i];
    args.extend_from_slice(extra);
    let o = aslplay(&args);
    let printed = serde_json::from_str(&stdout(&o)).unwrap_or(Value::Null);
    (o.status.code(), printed, stderr(&o))
}

#[test]
fn test_state_runs_a_choice_and_a_task_with_a_mocked_error() {
    let s = Scratch::new("test-state");
    let choice = r#"{"Type": "Choice", "Choices": [{"Variable": "$.x", "NumericGreaterThan": 3, "Next": "Big"}], "Default": "Small"}"#;
    let (code, r, _) = test_state_cli(&s, choice, r#"{"x": 9}"#, &[]);
    assert_eq!(code, Some(0));
    assert_eq!(
        r,
        json!({"status": "SUCCEEDED", "output": "{\"x\":9}", "nextState": "Big"})
    );

    let task = r#"{"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem",
        "Parameters": {"TableName": "T", "Item": {"id": {"S.$": "$.id"}}},
        "Retry": [{"ErrorEquals": ["DynamoDB.ProvisionedThroughputExceededException"], "MaxAttempts": 2}],
        "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.error", "Next": "Handle"}], "Next": "Done"}"#;
    let mock = s.file(
        "mock.json",
        r#"{"errorOutput": {"error": "DynamoDB.ConditionalCheckFailedException", "cause": "exists"}}"#,
    );
    let (code, r, _) = test_state_cli(
        &s,
        task,
        r#"{"id": "o-1"}"#,
        &["--mock", &mock, "--inspection-level", "DEBUG"],
    );
    assert_eq!(code, Some(1));
    assert_eq!(r["status"], "CAUGHT_ERROR", "{r}");
    assert_eq!(r["nextState"], "Handle");
    assert_eq!(r["error"], "DynamoDB.ConditionalCheckFailedException");
    assert_eq!(
        r["inspectionData"]["afterParameters"],
        "{\"TableName\":\"T\",\"Item\":{\"id\":{\"S\":\"o-1\"}}}"
    );
    assert_eq!(
        r["inspectionData"]["errorDetails"],
        json!({"catchIndex": 0})
    );

    let throttled = s.file(
        "throttled.json",
        r#"{"errorOutput": {"error": "DynamoDB.ProvisionedThroughputExceededException"}}"#,
    );
    let (_, r, _) = test_state_cli(
        &s,
        task,
        "{}",
        &["--mock", &throttled, "--retrier-retry-count", "1"],
    );
    assert_eq!(r["status"], "RETRIABLE", "{r}");

    // Without a mock the Task calls the mock of the handlers file, in Node.js.
    let handlers = s.file(
        "handlers.json",
        r#"{"arn:aws:states:::dynamodb:putItem": "exports.handler = async (req) => ({Attributes: req.Item})"}"#,
    );
    let (code, r, err) = test_state_cli(&s, task, r#"{"id": "o-2"}"#, &["--handlers", &handlers]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(r["output"], "{\"Attributes\":{\"id\":{\"S\":\"o-2\"}}}");
}

#[test]
fn test_state_reports_bad_definitions_and_options() {
    let s = Scratch::new("test-state-bad");
    let (code, r, _) = test_state_cli(
        &s,
        "{\n  \"Type\": \"Pass\",\n  \"ResultPath\": 7,\n  \"End\": true\n}",
        "{}",
        &[],
    );
    assert_eq!(code, Some(1));
    assert_eq!(r["status"], "INVALID_DEFINITION", "{r}");
    let d = &r["diagnostics"][0];
    assert_eq!(
        (d["pointer"].as_str(), d["line"].as_u64()),
        (Some("/ResultPath"), Some(3)),
        "{r}"
    );

    let (code, _, err) = test_state_cli(&s, "{}", "{}", &["--inspection-level", "LOUD"]);
    assert_eq!(code, Some(2));
    assert!(err.contains("use INFO, DEBUG or TRACE"), "{err}");
    // An input over StartExecution's 256 KiB is named as such, as `run` names it.
    let big = format!("{{\"x\": \"{}\"}}", "a".repeat(300 * 1024));
    let (code, _, err) = test_state_cli(&s, "{}", &big, &[]);
    assert_eq!(code, Some(2));
    assert!(err.contains("input too large"), "{err}");
    let mock = s.file("mock.json", r#"{"result": "{"}"#);
    let (code, _, err) = test_state_cli(&s, "{}", "{}", &["--mock", &mock]);
    assert_eq!(code, Some(2));
    assert!(err.contains("/result: not JSON text"), "{err}");
}

#[test]
fn a_distributed_map_reads_a_csv_from_the_s3_directory() {
    let s = Scratch::new("s3");
    let bucket = s.0.join("s3/orders/in");
    std::fs::create_dir_all(&bucket).unwrap();
    std::fs::write(bucket.join("rows.csv"), "id,qty\na-1,2\na-2,5\n").unwrap();
    let s3 = s.0.join("s3").to_string_lossy().into_owned();
    let definition = json!({"StartAt": "Each", "States": {"Each": {
        "Type": "Map",
        "ItemReader": {"Resource": "arn:aws:states:::s3:getObject",
            "ReaderConfig": {"InputType": "CSV", "CSVHeaderLocation": "FIRST_ROW"},
            "Parameters": {"Bucket": "orders", "Key.$": "$.key"}},
        "ItemProcessor": {"ProcessorConfig": {"Mode": "DISTRIBUTED", "ExecutionType": "EXPRESS"},
            "StartAt": "Count", "States": {"Count": {"Type": "Task",
                "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Count", "End": true}}},
        "End": true}}})
    .to_string();
    let handlers =
        json!({"Count": "exports.handler = async (row) => row.id + ':' + (Number(row.qty) * 10)"});
    let r = run(
        "s3-run",
        &definition,
        r#"{"key": "in/rows.csv"}"#,
        handlers.clone(),
        &["--s3", &s3],
    );
    assert_eq!(r["status"], "SUCCEEDED", "{r}");
    assert_eq!(r["output"], json!(["a-1:20", "a-2:50"]));

    let r = run(
        "s3-missing",
        &definition,
        r#"{"key": "in/none.csv"}"#,
        handlers,
        &["--s3", &s3],
    );
    assert_eq!(r["error"], "States.ItemReaderFailed", "{r}");
    assert!(
        r["cause"]
            .as_str()
            .unwrap()
            .contains("s3://orders/in/none.csv"),
        "{r}"
    );

    let d = s.file("definition.json", &definition);
    let i = s.file("input.json", "{}");
    let e = usage_error(&d, &i, &["--s3", "/nonexistent-dir"]);
    assert!(e.contains("--s3 /nonexistent-dir: not a directory"), "{e}");
}

#[test]
fn a_handler_answers_its_own_task_token() {
    let definition = r#"{"StartAt": "Approve", "States": {"Approve": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
      "Parameters": {"FunctionName": "Approver", "Payload": {"token.$": "$$.Task.Token", "amount.$": "$.amount"}}, "HeartbeatSeconds": 60, "End": true}}}"#;
    let approver = r#"const { SFNClient, SendTaskSuccessCommand, SendTaskFailureCommand, SendTaskHeartbeatCommand } = require("@aws-sdk/client-sfn");
const sfn = new SFNClient({});
exports.handler = async (event) => {
  await sfn.send(new SendTaskHeartbeatCommand({ taskToken: event.token }));
  if (event.amount > 100) {
    await sfn.send(new SendTaskFailureCommand({ taskToken: event.token, error: "TooMuch", cause: "over 100" }));
  } else {
    await sfn.send(new SendTaskSuccessCommand({ taskToken: event.token, output: JSON.stringify({ approved: event.amount }) }));
  }
  return "asked";
};"#;
    let handlers = json!({ "Approver": approver });
    let r = run(
        "self-answer",
        definition,
        r#"{"amount": 42}"#,
        handlers.clone(),
        &[],
    );
    assert_eq!(
        r,
        json!({"status": "SUCCEEDED", "output": {"approved": 42}})
    );
    let r = run("self-fail", definition, r#"{"amount": 420}"#, handlers, &[]);
    assert_eq!(
        (r["error"].as_str(), r["cause"].as_str()),
        (Some("TooMuch"), Some("over 100")),
        "{r}"
    );
}

#[test]
fn a_nested_execution_runs_another_machine_given_with_machine() {
    let s = Scratch::new("nested");
    let child = s.file(
        "child.json",
        r#"{"StartAt": "Hello", "States": {"Hello": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction", "End": true}}}"#,
    );
    let parent = json!({"StartAt": "Call", "States": {"Call": {"Type": "Task",
        "Resource": "arn:aws:states:::states:startExecution.sync:2",
        "Parameters": {"StateMachineArn": "arn:aws:states:us-east-1:123456789012:stateMachine:Greeter", "Input": {"who.$": "$.who"}, "Name": "greet-1"},
        "OutputPath": "$.Output", "End": true}}})
    .to_string();
    let machine = format!("Greeter={child}");
    let r = run(
        "nested-run",
        &parent,
        r#"{"who": "bob"}"#,
        json!({"HelloFunction": HELLO}),
        &["--machine", &machine],
    );
    assert_eq!(r["status"], "SUCCEEDED", "{r}");
    assert_eq!(r["output"], "Hello, bob!");
    assert_eq!(
        r["nestedExecutions"],
        json!([{"stateMachine": "Greeter", "name": "greet-1", "status": "SUCCEEDED", "output": "Hello, bob!"}])
    );

    let d = s.file("parent.json", &parent);
    let i = s.file("input.json", "{}");
    let e = usage_error(&d, &i, &["--machine", "Greeter"]);
    assert!(e.contains("give NAME=FILE"), "{e}");
}

#[test]
fn a_mock_in_the_handlers_file_may_be_a_fixed_answer() {
    let definition = r#"{"StartAt": "Send", "States": {
 "Send": {"Type": "Task", "Resource": "arn:aws:states:::sqs:sendMessage", "Parameters": {"QueueUrl": "q", "MessageBody": "hi"},
   "ResultPath": "$.sent", "Next": "Put"},
 "Put": {"Type": "Task", "Resource": "arn:aws:states:::dynamodb:putItem", "Parameters": {"TableName": "T", "Item": {}},
   "Catch": [{"ErrorEquals": ["DynamoDB.ConditionalCheckFailedException"], "ResultPath": "$.err", "Next": "Done"}], "Next": "Done"},
 "Done": {"Type": "Pass", "End": true}}}"#;
    let v = run(
        "fixed-answers",
        definition,
        "{}",
        json!({
            "arn:aws:states:::sqs:sendMessage": {"response": {"MessageId": "m-1"}},
            "arn:aws:states:::dynamodb:putItem": {"error": "ConditionalCheckFailedException", "cause": "The conditional request failed"}
        }),
        &[],
    );
    assert_eq!(v["status"], "SUCCEEDED", "{v}");
    assert_eq!(v["output"]["sent"], json!({"MessageId": "m-1"}));
    assert_eq!(
        v["output"]["err"]["Error"],
        "DynamoDB.ConditionalCheckFailedException"
    );
    assert!(v["output"]["err"]["Cause"]
        .as_str()
        .unwrap()
        .starts_with("The conditional request failed (Service: "));
}

#[test]
fn a_later_invocation_may_answer_a_task_already_waiting() {
    // Two Map iterations call the same function: the first asks (its task waits for the token
    // the function keeps), the second answers that token a little later, while the first
    // already waits.
    let definition = r#"{"StartAt": "Each", "States": {"Each": {"Type": "Map", "MaxConcurrency": 2,
  "ItemProcessor": {"StartAt": "Kind", "States": {
    "Kind": {"Type": "Choice", "Choices": [{"Variable": "$.kind", "StringEquals": "ask", "Next": "Ask"}], "Default": "Approve"},
    "Ask": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke.waitForTaskToken",
      "Parameters": {"FunctionName": "Desk", "Payload": {"kind": "ask", "token.$": "$$.Task.Token"}}, "End": true},
    "Approve": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:Desk", "End": true}}},
  "End": true}}}"#;
    let desk = r#"const { SFNClient, SendTaskSuccessCommand } = require("@aws-sdk/client-sfn");
let kept;
exports.handler = async (event) => {
  if (event.kind === "ask") { kept = event.token; return "asked"; }
  await new Promise((r) => setTimeout(r, 300));
  await new SFNClient({}).send(new SendTaskSuccessCommand({ taskToken: kept, output: JSON.stringify({ approved: true }) }));
  return "approved";
};"#;
    let v = run(
        "late-answer",
        definition,
        r#"[{"kind": "ask"}, {"kind": "approve"}]"#,
        json!({ "Desk": desk }),
        &[],
    );
    assert_eq!(v["status"], "SUCCEEDED", "{v}");
    assert_eq!(v["output"], json!([{"approved": true}, "approved"]));
}

#[test]
fn export_prints_a_sam_or_cloudformation_template() {
    let s = Scratch::new("export");
    let yaml = s.file(
        "machine.yaml",
        "StartAt: T\nStates:\n  T:\n    Type: Task\n    Resource: arn:aws:lambda:eu-west-1:210987654321:function:F\n    End: true\n",
    );
    let h = s.file(
        "handlers.json",
        &json!({"F": "exports.handler = async (e) => e;", "arn:aws:states:::sqs:sendMessage": "exports.handler = async () => ({})"}).to_string(),
    );
    let o = aslplay(&[
        "export",
        "--format",
        "sam",
        "--definition",
        &yaml,
        "--handlers",
        &h,
        "--name",
        "Orders",
        "--type",
        "EXPRESS",
        "--function-timeout",
        "9",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let t: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(t["Transform"], "AWS::Serverless-2016-10-31");
    let r = &t["Resources"];
    // Only the Lambda function is deployed, not the mock.
    assert_eq!(r.as_object().unwrap().len(), 2, "{r}");
    assert_eq!(r["FFunction"]["Properties"]["Timeout"], 9);
    assert_eq!(
        r["FFunction"]["Properties"]["InlineCode"],
        "exports.handler = async (e) => e;"
    );
    let m = &r["OrdersStateMachine"]["Properties"];
    assert_eq!(m["Type"], "EXPRESS");
    assert_eq!(
        m["Definition"]["States"]["T"]["Resource"],
        "${FFunctionArn}"
    );
    assert_eq!(
        m["Policies"][0]["Statement"][0]["Resource"][0],
        json!({"Fn::Sub": "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:F"})
    );

    let o = aslplay(&[
        "export",
        "--format",
        "cloudformation",
        "--definition",
        &yaml,
        "--handlers",
        &h,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let t: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(
        t["Resources"]["StateMachineStateMachine"]["Type"],
        "AWS::StepFunctions::StateMachine"
    );
    assert_eq!(t["Resources"]["FFunction"]["Type"], "AWS::Lambda::Function");

    // --yaml: what the page downloads, the README block on top; it imports back.
    let input = s.file("input.json", "{\"who\": \"bob\"}");
    let o = aslplay(&[
        "export",
        "--format",
        "sam",
        "--definition",
        &yaml,
        "--handlers",
        &h,
        "--yaml",
        "--input",
        &input,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.starts_with("# An AWS SAM template"), "{text}");
    assert!(text.contains("#   {\"who\": \"bob\"}"), "{text}");
    let place = asl::import::Place {
        account: "210987654321".into(),
        region: "eu-west-1".into(),
    };
    let Ok(asl::import::Imported::Workspace { workspace, .. }) = asl::import::import(&text, &place)
    else {
        panic!("{text}");
    };
    assert_eq!(
        workspace.functions[0].code,
        "exports.handler = async (e) => e;"
    );

    // A definition that does not load: exit 1, located diagnostics, no template.
    let bad = s.file("bad.json", r#"{"StartAt": "Nowhere", "States": {}}"#);
    let o = aslplay(&["export", "--format", "sam", "--definition", &bad]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stdout(&o).is_empty());
    assert!(stderr(&o).contains("bad.json:1:"), "{}", stderr(&o));
    // Bad usage: exit 2.
    for args in [
        vec!["export", "--definition", &yaml],
        vec!["export", "--format", "terraform", "--definition", &yaml],
        vec![
            "export",
            "--format",
            "sam",
            "--definition",
            &yaml,
            "--name",
            "has space",
        ],
    ] {
        let o = aslplay(&args);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {}", stderr(&o));
    }
}

/// `aslplay check` on the built-in course's first exercise: the starter fails, the
/// reference solution passes, an attempt from files is judged with its own handlers.
#[test]
fn check_judges_the_starter_the_solution_and_an_attempt() {
    let exercise = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../static/courses/intro/01-map-lambda.yaml"
    );
    let o = aslplay(&["check", exercise, "--json"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let v: Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["passed"], json!(false));
    let passed: Vec<bool> = v["checks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["passed"].as_bool().unwrap())
        .collect();
    assert_eq!(passed, [false, true, false, false]);
    assert_eq!(v["checks"][3]["hidden"], json!(true));
    assert_eq!(v["checks"][0]["event"], json!(18));

    let o = aslplay(&["check", exercise, "--solution"]);
    assert_eq!(o.status.code(), Some(0), "{}{}", stdout(&o), stderr(&o));
    assert!(
        stdout(&o).ends_with("4 of 4 checks pass\n"),
        "{}",
        stdout(&o)
    );
    assert!(stdout(&o).contains("PASS The function is invoked once per item [hidden]"));

    // The solution's definition with a handler that greets wrongly.
    let s = Scratch::new("check");
    let d = s.file("definition.json", TUTORIAL);
    let h = s.file(
        "handlers.json",
        &json!({"HelloFunction": "exports.handler = async (e) => 'Hi, ' + e.who + '!';"})
            .to_string(),
    );
    let o = aslplay(&["check", exercise, "--definition", &d, "--handlers", &h]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("FAIL Greets everyone in the tutorial's input: the output differs at /0: expected \"Hello, bob!\", got \"Hi, bob!\""),
        "{}",
        stdout(&o)
    );
    assert!(
        stdout(&o).ends_with("3 of 4 checks pass\n"),
        "{}",
        stdout(&o)
    );
    // Without --handlers the starter's functions answer.
    let o = aslplay(&["check", exercise, "--definition", &d]);
    assert_eq!(o.status.code(), Some(0), "{}", stdout(&o));

    // Usage errors and bad exercise files: exit 2 with a located message.
    let o = aslplay(&["check", exercise, "--solution", "--definition", &d]);
    assert_eq!(o.status.code(), Some(2));
    let o = aslplay(&["check", exercise, "--handlers", &h]);
    assert_eq!(o.status.code(), Some(2));
    let bad = s.file(
        "bad.yaml",
        "title: T\nstarter: {definition: x}\nchecks:\n  - title: c\n    definition: {usess: Map}\n",
    );
    let o = aslplay(&["check", &bad]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("bad.yaml:5:") && stderr(&o).contains("unknown field \"usess\""),
        "{}",
        stderr(&o)
    );
    let no_solution = s.file("plain.json", r#"{"title":"T","starter":{"definition":"{}"},"checks":[{"title":"c","definition":{"uses":"Map"}}]}"#);
    let o = aslplay(&["check", &no_solution, "--solution"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("has no \"solution\""), "{}", stderr(&o));
    // A definition check on a starter that is not JSON fails with the reason; exit 1.
    let o = aslplay(&["check", &no_solution]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stdout(&o).contains("FAIL c: no state is a Map state"),
        "{}",
        stdout(&o)
    );
}
