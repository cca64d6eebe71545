//! Reading exercise and course files (JSON or YAML) into the model, with located errors.

use std::fmt;

use serde_json::{Map, Value};

use super::{
    Check, CheckKind, Course, DefinitionCheck, EventCount, Exercise, Expectation, PathMatch,
    Predicate, RunCheck,
};
use crate::definition::escape_segment;
use crate::definition::source::{self, SourceMap};
use crate::host::faults::FaultPlan;
use crate::share::SharedWorkspace;
use crate::Status;

/// Why an exercise or course file cannot be read: a message, where (JSON pointer), and the
/// line and column in the file (1-based; 0 when unknown).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExerciseError {
    /// What is wrong.
    pub message: String,
    /// The JSON pointer of the offending value (`/checks/2/expect/status`).
    pub pointer: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

impl fmt::Display for ExerciseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line > 0 {
            write!(f, "{}:{}: ", self.line, self.column)?;
        }
        f.write_str(&self.message)?;
        if !self.pointer.is_empty() {
            write!(f, " (at {})", self.pointer)?;
        }
        Ok(())
    }
}

impl std::error::Error for ExerciseError {}

/// A problem at a pointer, located later against the text.
struct Problem {
    pointer: String,
    message: String,
}

type Parsed<T> = Result<T, Problem>;

fn problem<T>(pointer: &str, message: impl Into<String>) -> Parsed<T> {
    Err(Problem {
        pointer: pointer.to_string(),
        message: message.into(),
    })
}

/// The document of a file, and how to locate its problems.
fn document(text: &str) -> Result<(Value, SourceMap), ExerciseError> {
    source::parse(text)
        .map(|(value, map, _)| (value, map))
        .map_err(|d| ExerciseError {
            message: d.message,
            pointer: d.pointer,
            line: d.line,
            column: d.column,
        })
}

fn locate(text: &str, map: &SourceMap, p: Problem) -> ExerciseError {
    // The value itself, else its nearest ancestor that can be found (YAML flow collections
    // are located as a whole).
    let mut at = p.pointer.as_str();
    let span = loop {
        if let Some(span) = map.value_span(text, at) {
            break Some(span);
        }
        match at.rfind('/') {
            Some(i) => at = &at[..i],
            None => break None,
        }
    };
    let (line, column) = span
        .map(|(start, _)| crate::diagnostic::line_column(text, start))
        .unwrap_or((0, 0));
    ExerciseError {
        message: p.message,
        pointer: p.pointer,
        line,
        column,
    }
}

/// Reads an exercise file.
pub fn exercise(text: &str) -> Result<Exercise, ExerciseError> {
    let (doc, map) = document(text)?;
    read_exercise(&doc).map_err(|p| locate(text, &map, p))
}

/// Reads a course file.
pub fn course(text: &str) -> Result<Course, ExerciseError> {
    let (doc, map) = document(text)?;
    read_course(&doc).map_err(|p| locate(text, &map, p))
}

fn object<'a>(value: &'a Value, at: &str, what: &str) -> Parsed<&'a Map<String, Value>> {
    match value {
        Value::Object(m) => Ok(m),
        _ => problem(at, format!("{what} must be an object")),
    }
}

/// Refuses members other than `known` (a misspelt check would otherwise check nothing).
fn only(m: &Map<String, Value>, at: &str, known: &[&str]) -> Parsed<()> {
    match m.keys().find(|k| !known.contains(&k.as_str())) {
        Some(k) => problem(
            &format!("{at}/{}", escape_segment(k)),
            format!(
                "unknown field \"{k}\"; expected one of: {}",
                known.join(", ")
            ),
        ),
        None => Ok(()),
    }
}

fn string(m: &Map<String, Value>, at: &str, key: &str) -> Parsed<Option<String>> {
    match m.get(key) {
        None => Ok(None),
        Some(Value::String(s)) => Ok(Some(s.clone())),
        Some(_) => problem(
            &format!("{at}/{key}"),
            format!("\"{key}\" must be a string"),
        ),
    }
}

fn required(m: &Map<String, Value>, at: &str, key: &str) -> Parsed<String> {
    match string(m, at, key)? {
        Some(s) if !s.trim().is_empty() => Ok(s),
        _ => problem(at, format!("\"{key}\" is missing or empty")),
    }
}

fn count(m: &Map<String, Value>, at: &str, key: &str) -> Parsed<Option<u64>> {
    match m.get(key) {
        None => Ok(None),
        Some(v) => match v.as_u64() {
            Some(n) => Ok(Some(n)),
            None => problem(
                &format!("{at}/{key}"),
                format!("\"{key}\" must be a whole number ≥ 0"),
            ),
        },
    }
}

fn predicate(m: &Map<String, Value>, at: &str) -> Parsed<Option<Predicate>> {
    match string(m, at, "that")? {
        None => Ok(None),
        Some(text) => Predicate::parse(&text).map(Some).or_else(|e| {
            problem(
                &format!("{at}/that"),
                format!("not a JSONata expression: {e}"),
            )
        }),
    }
}

/// `jsonPath`: an object of JSONPaths and the values they must select.
fn path_matches(m: &Map<String, Value>, at: &str) -> Parsed<Vec<PathMatch>> {
    let Some(value) = m.get("jsonPath") else {
        return Ok(vec![]);
    };
    let here = format!("{at}/jsonPath");
    let paths = object(
        value,
        &here,
        "\"jsonPath\" (JSONPaths and the values they select)",
    )?;
    paths
        .iter()
        .map(|(path, expected)| {
            let at = format!("{here}/{}", escape_segment(path));
            let parsed = crate::path::Path::parse(path)
                .or_else(|e| problem(&at, format!("not a JSONPath: {e}")))?;
            Ok(PathMatch {
                path: parsed,
                expected: expected.clone(),
            })
        })
        .collect()
}

fn workspace(value: &Value, at: &str) -> Parsed<SharedWorkspace> {
    object(value, at, "a workspace")?;
    let w: SharedWorkspace = serde_json::from_value(value.clone())
        .or_else(|e| problem(at, format!("not a workspace (the share-link format): {e}")))?;
    if w.definition.trim().is_empty() {
        return problem(at, "the workspace has no \"definition\"");
    }
    Ok(w)
}

fn read_exercise(doc: &Value) -> Parsed<Exercise> {
    let m = object(doc, "", "an exercise")?;
    only(
        m,
        "",
        &["title", "instructions", "starter", "solution", "checks"],
    )?;
    let title = required(m, "", "title")?;
    let instructions = string(m, "", "instructions")?.unwrap_or_default();
    let Some(starter) = m.get("starter") else {
        return problem(
            "",
            "\"starter\" (the workspace the attendee starts from) is missing",
        );
    };
    let starter = workspace(starter, "/starter")?;
    let solution = m
        .get("solution")
        .map(|s| workspace(s, "/solution"))
        .transpose()?;
    let Some(Value::Array(checks)) = m.get("checks") else {
        return problem("", "\"checks\" must be a non-empty array of checks");
    };
    if checks.is_empty() {
        return problem("/checks", "an exercise needs at least one check");
    }
    let checks = checks
        .iter()
        .enumerate()
        .map(|(i, c)| read_check(c, &format!("/checks/{i}")))
        .collect::<Parsed<Vec<_>>>()?;
    Ok(Exercise {
        title,
        instructions,
        starter,
        solution,
        checks,
    })
}

fn read_check(value: &Value, at: &str) -> Parsed<Check> {
    let m = object(value, at, "a check")?;
    only(m, at, &["title", "hidden", "run", "expect", "definition"])?;
    let title = required(m, at, "title")?;
    let hidden = match m.get("hidden") {
        None => false,
        Some(Value::Bool(b)) => *b,
        Some(_) => return problem(&format!("{at}/hidden"), "\"hidden\" must be true or false"),
    };
    let kind = match (m.get("run"), m.get("definition")) {
        (Some(run), None) => {
            let Some(expect) = m.get("expect") else {
                return problem(at, "a run check needs \"expect\"");
            };
            CheckKind::Run(read_run(run, expect, at)?)
        }
        (None, Some(def)) => {
            if m.contains_key("expect") {
                return problem(
                    &format!("{at}/expect"),
                    "\"expect\" belongs to run checks; a definition check says what it expects inside \"definition\"",
                );
            }
            CheckKind::Definition(read_definition_check(def, &format!("{at}/definition"))?)
        }
        (Some(_), Some(_)) => {
            return problem(at, "a check has either \"run\" or \"definition\", not both")
        }
        (None, None) => {
            return problem(
                at,
                "a check needs \"run\" (with \"expect\") or \"definition\"",
            )
        }
    };
    Ok(Check {
        title,
        hidden,
        kind,
    })
}

fn read_run(run: &Value, expect: &Value, at: &str) -> Parsed<RunCheck> {
    let run_at = format!("{at}/run");
    let m = object(run, &run_at, "\"run\"")?;
    only(m, &run_at, &["input", "machine", "faults"])?;
    let input = m.get("input").cloned().unwrap_or(Value::Object(Map::new()));
    let machine = string(m, &run_at, "machine")?;
    let faults = match m.get("faults") {
        None => FaultPlan::default(),
        Some(f) => FaultPlan::from_json(f).or_else(|e| problem(&format!("{run_at}/faults"), e))?,
    };
    let expect = read_expectation(expect, &format!("{at}/expect"))?;
    Ok(RunCheck {
        input,
        machine,
        faults,
        expect,
    })
}

fn read_expectation(value: &Value, at: &str) -> Parsed<Expectation> {
    let m = object(value, at, "\"expect\"")?;
    only(
        m,
        at,
        &[
            "status", "output", "error", "cause", "that", "jsonPath", "events",
        ],
    )?;
    let status = match string(m, at, "status")? {
        None => None,
        Some(s) => match Status::ended(&s) {
            Some(st) => Some(st),
            None => {
                return problem(
                    &format!("{at}/status"),
                    format!(
                        "unknown status \"{s}\"; expected SUCCEEDED, FAILED, TIMED_OUT or ABORTED"
                    ),
                )
            }
        },
    };
    let events = match m.get("events") {
        None => vec![],
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .map(|(i, e)| read_event_count(e, &format!("{at}/events/{i}")))
            .collect::<Parsed<Vec<_>>>()?,
        Some(_) => {
            return problem(
                &format!("{at}/events"),
                "\"events\" must be an array of {\"type\", \"atLeast\"/\"atMost\"/\"exactly\"}",
            )
        }
    };
    let e = Expectation {
        status,
        output: m.get("output").cloned(),
        error: string(m, at, "error")?,
        cause: string(m, at, "cause")?,
        that: predicate(m, at)?,
        json_path: path_matches(m, at)?,
        events,
    };
    if e == Expectation::default() {
        return problem(
            at,
            "\"expect\" expects nothing: give status, output, error, cause, that, jsonPath or events",
        );
    }
    Ok(e)
}

fn read_event_count(value: &Value, at: &str) -> Parsed<EventCount> {
    let m = object(value, at, "an event count")?;
    only(m, at, &["type", "state", "atLeast", "atMost", "exactly"])?;
    let kind = required(m, at, "type")?;
    let state = string(m, at, "state")?;
    let exactly = count(m, at, "exactly")?;
    let (at_least, at_most) = match exactly {
        Some(n) => {
            if m.contains_key("atLeast") || m.contains_key("atMost") {
                return problem(at, "give \"exactly\" alone, or \"atLeast\"/\"atMost\"");
            }
            (Some(n), Some(n))
        }
        None => (count(m, at, "atLeast")?, count(m, at, "atMost")?),
    };
    if at_least.is_none() && at_most.is_none() {
        return problem(
            at,
            "an event count needs \"atLeast\", \"atMost\" or \"exactly\"",
        );
    }
    Ok(EventCount {
        kind,
        state,
        at_least,
        at_most,
    })
}

fn read_definition_check(value: &Value, at: &str) -> Parsed<DefinitionCheck> {
    let m = object(value, at, "\"definition\"")?;
    only(
        m,
        at,
        &["uses", "state", "type", "notUsed", "that", "jsonPath"],
    )?;
    let d = DefinitionCheck {
        uses: string(m, at, "uses")?,
        state: string(m, at, "state")?,
        state_type: string(m, at, "type")?,
        not_used: string(m, at, "notUsed")?,
        that: predicate(m, at)?,
        json_path: path_matches(m, at)?,
    };
    if d.state_type.is_some() && d.state.is_none() {
        return problem(
            &format!("{at}/type"),
            "\"type\" says the Type of the state named by \"state\"; for any state of a type use \"uses\"",
        );
    }
    if d == DefinitionCheck::default() {
        return problem(
            at,
            "the definition check checks nothing: give uses, state, type, notUsed, that or jsonPath",
        );
    }
    Ok(d)
}

fn read_course(doc: &Value) -> Parsed<Course> {
    let m = object(doc, "", "a course")?;
    only(m, "", &["title", "description", "exercises"])?;
    let title = required(m, "", "title")?;
    let description = string(m, "", "description")?.unwrap_or_default();
    let Some(Value::Array(items)) = m.get("exercises") else {
        return problem("", "\"exercises\" must be an array of exercise file paths");
    };
    if items.is_empty() {
        return problem("/exercises", "a course needs at least one exercise");
    }
    let exercises = items
        .iter()
        .enumerate()
        .map(|(i, e)| match e {
            Value::String(s) if !s.trim().is_empty() => Ok(s.clone()),
            _ => problem(
                &format!("/exercises/{i}"),
                "each exercise is a file path relative to the course file",
            ),
        })
        .collect::<Parsed<Vec<_>>>()?;
    Ok(Course {
        title,
        description,
        exercises,
    })
}
