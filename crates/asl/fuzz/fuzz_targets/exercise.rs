//! Exercise and course files (`asl::exercise`) on arbitrary text: reading must give the model
//! or a located error, never panic, with its line and column inside the text; every check
//! of an exercise that reads must then judge the starter's definition and a made-up
//! execution without panicking.
#![no_main]
#![forbid(unsafe_code)]

use asl::exercise::{judge_definition, judge_run, CheckKind, Course, Exercise, Outcome};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Err(e) = Course::parse(text) {
        check_location(text, e.line, e.column);
    }
    let exercise = match Exercise::parse(text) {
        Ok(e) => e,
        Err(e) => {
            check_location(text, e.line, e.column);
            return;
        }
    };
    let document = asl::definition::document(&exercise.starter.definition).ok();
    let output = serde_json::json!({"a": [1, 2.5, "x"], "b": null});
    for check in &exercise.checks {
        match &check.kind {
            CheckKind::Definition(d) => {
                if let Some(doc) = &document {
                    let _ = judge_definition(d, doc);
                }
            }
            CheckKind::Run(run) => {
                for status in [asl::Status::Succeeded, asl::Status::Failed] {
                    let _ = judge_run(
                        &run.expect,
                        &Outcome {
                            status,
                            output: Some(&output),
                            error: Some("States.TaskFailed"),
                            cause: Some("{\"errorMessage\": \"boom\"}"),
                            history: &[],
                        },
                    );
                }
            }
        }
    }
});

/// A located error's line exists in the text (0 means no location).
fn check_location(text: &str, line: usize, column: usize) {
    if line == 0 {
        return;
    }
    let lines = text.split('\n').count();
    assert!(line <= lines, "line {line} past the text's {lines} lines");
    assert!(column >= 1, "column {column} of line {line} is not 1-based");
}
