//! Executions recorded on real AWS (../shared/conformance): each case's definition and input
//! are run with fake Lambdas built from its `meta.json`, and the status, output, error,
//! cause and full history are compared with the recording (timestamps ignored; the
//! recording's normalisation placeholders act as wildcards). The scoreboard of every case
//! is snapshot-tested; a core list of cases must pass.

mod common;
#[path = "conformance/compare.rs"]
mod compare;

use compare::{compare_event, json_equal, loose_cause, trunc, EXTRA, REPLACED};

use std::fs;
use std::path::{Path, PathBuf};

use asl::host::{
    Invocation, InvocationOutcome, InvocationResult, LocalBoxFuture, SplitMix64, TaskRunner,
    VirtualClock,
};
use asl::{ExecutionConfig, Host, Status};
use serde_json::{Map, Value};

fn cases_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/cases")
}

/// Lambdas as the case's meta.json describes them.
struct Lambdas(Map<String, Value>);

impl TaskRunner for Lambdas {
    fn invoke(&self, inv: Invocation) -> LocalBoxFuture<'_, InvocationResult> {
        let spec = self.0.get(&inv.function_name).cloned();
        Box::pin(async move {
            let kind = spec.as_ref().and_then(|s| s["kind"].as_str()).unwrap_or("");
            let outcome = match (kind, &spec) {
                (_, None) => InvocationOutcome::FunctionNotFound,
                ("identity" | "sleep_identity", _) => InvocationOutcome::Succeeded {
                    payload: inv.payload,
                },
                ("constant", Some(s)) => InvocationOutcome::Succeeded {
                    payload: s["value"].clone(),
                },
                // Raw bytes: JSON when they parse as JSON, else a string.
                ("raw_payload", Some(s)) => {
                    let raw = s["payload"].as_str().unwrap_or("").to_string();
                    InvocationOutcome::Succeeded {
                        payload: serde_json::from_str(&raw).unwrap_or(Value::String(raw)),
                    }
                }
                ("raw_payload_repeat", _) => InvocationOutcome::Succeeded {
                    payload: Value::from("a".repeat(257 * 1024)),
                },
                ("raise", Some(s)) => InvocationOutcome::Failed {
                    error_type: s["errorType"].as_str().unwrap_or("Error").into(),
                    error_message: s["errorMessage"].as_str().unwrap_or("").into(),
                    trace: vec![],
                },
                _ => InvocationOutcome::Failed {
                    error_type: "Unsupported".into(),
                    error_message: format!("lambda kind {kind} is not faked"),
                    trace: vec![],
                },
            };
            InvocationResult {
                metrics: Default::default(),
                outcome,
                logs: vec![],
                duration_ms: spec
                    .as_ref()
                    .filter(|_| kind == "sleep_identity")
                    .and_then(|s| s["seconds"].as_f64())
                    .map_or(10.0, |s| s * 1000.0),
            }
        })
    }
}

/// Runs one case; `Ok` when status, result and history match the recording.
fn run_case(dir: &Path) -> Result<(), String> {
    let read = |f: &str| fs::read_to_string(dir.join(f)).ok();
    let expected: Value = serde_json::from_str(&read("expected.json").ok_or("no expected.json")?)
        .map_err(|e| e.to_string())?;
    let meta: Value = read("meta.json")
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(Value::Null);
    if !matches!(
        meta["kind"].as_str(),
        Some("standard" | "create_state_machine" | "express_sync")
    ) {
        return Err(format!("kind {} not run", meta["kind"]));
    }
    let express = meta["kind"] == "express_sync" || meta["state_machine_type"] == "EXPRESS";
    let extra: Vec<String> = meta["test_specific_placeholders"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default();
    EXTRA.with(|e| *e.borrow_mut() = extra);
    let replaced: Vec<String> = meta["jsonpath_value_replacements"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|pair| pair.get(1).and_then(Value::as_str).map(String::from))
        .collect();
    REPLACED.with(|r| *r.borrow_mut() = replaced);
    let status = expected["status"].as_str().unwrap_or("");
    let text = read("definition.json").ok_or("no definition.json")?;
    let loaded = asl::load(&text).and_then(|d| {
        let problems = if express {
            asl::express_diagnostics(&d)
        } else {
            vec![]
        };
        if problems.is_empty() {
            Ok(d)
        } else {
            Err(problems)
        }
    });
    let definition = match loaded {
        Ok(d) => d,
        Err(diags) => {
            return if status == "INVALID_DEFINITION" {
                // AWS's own text, where the recording kept it without the SDK's prefix.
                match expected["error"].as_str() {
                    Some(e) if e.starts_with("Invalid State Machine Definition") => json_equal(
                        &expected["error"],
                        &Value::from(asl::invalid_definition_message(&diags)),
                        "",
                        "error",
                    ),
                    _ => Ok(()),
                }
            } else {
                Err(format!(
                    "does not load: {}",
                    diags.first().map(|d| d.to_string()).unwrap_or_default()
                ))
            };
        }
    };
    if status == "INVALID_DEFINITION" {
        return Err("loads, but AWS rejected it".into());
    }
    let input_text = read("input.json").unwrap_or_else(|| "{}".into());
    let lambdas = Lambdas(meta["lambdas"].as_object().cloned().unwrap_or_default());
    let clock = VirtualClock::new(common::START_MS);
    let rng = SplitMix64::new(1);
    let mut config = ExecutionConfig::new("Machine", "exec");
    config.account = "111111111111".into();
    if express {
        config.machine_type = asl::MachineType::Express;
    }
    // The live views (the playground's page keeps no other copy of the history) must be told
    // exactly the history the execution keeps.
    let observed = common::Recorder::default();
    let host = Host {
        observer: Some(&observed),
        ..Host::new(&lambdas, &clock, &rng)
    };
    let e = asl::block_on(asl::execute_text(&definition, &input_text, &config, host))
        .map_err(|d| format!("input: {d}"))?;
    assert!(
        *observed.0.borrow() == e.history,
        "{}: the observer was told another history than the one kept",
        dir.display()
    );
    let got = match e.status {
        Status::Succeeded => "SUCCEEDED",
        Status::Failed => "FAILED",
        Status::TimedOut => "TIMED_OUT",
        _ => "OTHER",
    };
    if got != status {
        return Err(format!(
            "status {got} (error {:?}, cause {:?}), expected {status}",
            e.error,
            e.cause.as_deref().map(|c| trunc(&c.into()))
        ));
    }
    if status == "SUCCEEDED" {
        json_equal(
            &expected["output"],
            e.output.as_ref().unwrap_or(&Value::Null),
            "",
            "output",
        )?;
    } else {
        json_equal(
            &expected["error"],
            &Value::from(e.error.clone().unwrap_or_default()),
            "",
            "error",
        )?;
        let cause = e.cause.clone().unwrap_or_default();
        match &expected["cause"] {
            Value::Null => {}
            Value::String(c) => {
                json_equal(&Value::from(c.clone()), &Value::from(cause), "", "cause")?
            }
            other => {
                let actual: Value = serde_json::from_str(&cause)
                    .map_err(|_| format!("cause is not JSON: {cause}"))?;
                json_equal(&loose_cause(other), &loose_cause(&actual), "", "cause")?;
            }
        }
    }
    if meta["history_parallel_branch_events_sorted"] == true {
        return Ok(());
    }
    if let Some(h) = read("history.json") {
        let expected: Vec<Value> = serde_json::from_str(&h).map_err(|e| e.to_string())?;
        let actual: Vec<Value> = e.history.iter().map(|h| h.to_json()).collect();
        let et: Vec<&str> = expected
            .iter()
            .map(|e| e["type"].as_str().unwrap_or(""))
            .collect();
        let at: Vec<&str> = actual
            .iter()
            .map(|e| e["type"].as_str().unwrap_or(""))
            .collect();
        if et != at {
            let i = et
                .iter()
                .zip(&at)
                .position(|(a, b)| a != b)
                .unwrap_or(et.len().min(at.len()));
            return Err(format!(
                "history[{i}]: expected {:?} got {:?} ({} vs {} events)",
                et.get(i),
                at.get(i),
                et.len(),
                at.len()
            ));
        }
        for (i, (x, y)) in expected.iter().zip(&actual).enumerate() {
            compare_event(i, x, y)?;
        }
    }
    Ok(())
}

/// Cases this interpreter must pass (one or more per feature it runs).
const MUST_PASS: &[&str] = &[
    "map/test_base_scenarios__test_map_state_legacy",
    "map/test_base_scenarios__test_map_state",
    "map/test_base_scenarios__test_map_state_nested",
    "map/test_base_scenarios__test_map_state_item_selector_parameters",
    "map/test_base_scenarios__test_map_state_break_condition_legacy",
    "lambda_tasks/test_lambda_task__test_invoke_pipe",
    "lambda_tasks/test_lambda_task_service__test_invoke",
    "lambda_tasks/test_task_lambda__test_raise_exception",
    "lambda_tasks/test_task_service_lambda__test_raise_exception",
    "lambda_tasks/test_task_service_lambda__test_no_such_function",
    "base_states/test_base__test_state_fail",
    "base_states/test_base__test_state_pass_result_null_input_output_paths",
    "errors_retry_catch/test_states_errors__test_task_lambda_data_limit_exceeded_on_large_utf8_response",
    "errors_retry_catch/test_states_errors__test_start_large_input",
    "errors_retry_catch/test_base_scenarios__test_catch_states_runtime",
    "map/test_base_scenarios__test_map_state_retry",
    "parallel/test_base_scenarios__test_parallel_state_catch",
    "parallel/test_base_scenarios__test_parallel_state_fail",
    "parallel/test_base_scenarios__test_parallel_state_retry",
    "timeouts/test_timeouts__test_fixed_timeout_lambda",
    "timeouts/test_timeouts__test_fixed_timeout_service_lambda",
    "timeouts/test_timeouts__test_global_timeout",
    "lambda_tasks/test_task_service_lambda__test_invoke_timeout",
    "lambda_tasks/test_lambda_task_service__test_invoke_json_values_0_0_7012546c",
    "base_states/test_base__test_json_path_array_wildcard_or_slice_with_no_input_.items_1_.itemValue_b85e2d99",
    "base_states/test_base__test_state_pass_regex_json_path_base",
    "base_states/test_base__test_state_fail_intrinsic",
    "intrinsic_functions/test_hash_calculations__test_hash__exec_hist_resp_4",
    "intrinsic_functions/test_generic__test_nested_calls_2",
    "intrinsic_functions/test_generic__test_format_2__exec_hist_resp_7",
    "variables_assign/test_assign_reference_variables__test_state_assign_evaluation_order_BASE_EVALUATION_ORDER_PASS_STATE_cb64cb8f",
    "variables_assign/test_assign_reference_variables__test_assign_in_choice_state_CORRECT_bdfaafbf",
    "variables_assign/test_assign_reference_variables__test_reference_assign_BASE_REFERENCE_IN_ITERATOR_OUTER_SCOPE_68d68ab4",
    "variables_assign/test_assign_base__test_base_cases_BASE_SCOPE_MAP_cb693749",
];

#[test]
fn conformance_cases_recorded_on_aws() {
    let root = cases_root();
    let Ok(categories) = fs::read_dir(&root) else {
        eprintln!("conformance cases not found at {}: skipped", root.display());
        return;
    };
    let mut names: Vec<String> = Vec::new();
    for cat in categories.flatten() {
        for case in fs::read_dir(cat.path()).into_iter().flatten().flatten() {
            names.push(format!(
                "{}/{}",
                cat.file_name().to_string_lossy(),
                case.file_name().to_string_lossy()
            ));
        }
    }
    names.sort();
    let mut board = String::new();
    let mut passed = 0;
    let mut failures = Vec::new();
    for name in &names {
        match run_case(&root.join(name)) {
            Ok(()) => {
                passed += 1;
                board.push_str(&format!("PASS {name}\n"));
            }
            Err(why) => {
                board.push_str(&format!("FAIL {name}: {why}\n"));
                failures.push(name.clone());
            }
        }
    }
    let summary = format!("{passed} passed, {} failed\n", names.len() - passed);
    eprintln!("{summary}");
    let must_fail: Vec<&&str> = MUST_PASS
        .iter()
        .filter(|m| failures.iter().any(|f| f == *m))
        .collect();
    assert!(
        must_fail.is_empty(),
        "core cases fail: {must_fail:?}\n{board}"
    );
    insta::assert_snapshot!("conformance_scoreboard", format!("{summary}{board}"));
}
