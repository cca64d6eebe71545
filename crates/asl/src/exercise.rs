//! Exercises: instructions, a starter workspace and the checks that judge an attempt
//! (`docs/exercises.md` is the file format and the check language).
//!
//! An exercise file is JSON or YAML. Its checks are of two kinds: a **run check** starts the
//! attempt's state machine on an input and judges how the execution ended and its history
//! ([`judge::judge_run`]); a **definition check** looks at the definition itself
//! ([`judge::judge_definition`]). Running is the host's business (Node.js in the CLI, the
//! Worker in the page): this module only says what to run and judges what came of it.
//! A **course** ([`Course`]) is an ordered list of exercise files.

pub mod judge;
mod parse;

use serde_json::Value;

use crate::host::faults::FaultPlan;
use crate::share::SharedWorkspace;
use crate::Status;

pub use judge::{judge_definition, judge_parsed_definition, judge_run, Outcome, Verdict};
pub use parse::ExerciseError;

/// One exercise.
#[derive(Debug, Clone, PartialEq)]
pub struct Exercise {
    /// Its title.
    pub title: String,
    /// What to do (Markdown).
    pub instructions: String,
    /// The workspace the attendee starts from (the share-link workspace format).
    pub starter: SharedWorkspace,
    /// A reference solution, if the author gave one.
    pub solution: Option<SharedWorkspace>,
    /// The checks, in order.
    pub checks: Vec<Check>,
}

impl Exercise {
    /// Reads an exercise from its JSON or YAML text; every problem is located (line, column
    /// and JSON pointer).
    pub fn parse(text: &str) -> Result<Exercise, ExerciseError> {
        parse::exercise(text)
    }
}

/// One check of an exercise.
#[derive(Debug, Clone, PartialEq)]
pub struct Check {
    /// What it checks, in words ("Succeeds on the tutorial's input").
    pub title: String,
    /// Shown only once it passes (its title and reason stay hidden until then).
    pub hidden: bool,
    /// What it checks.
    pub kind: CheckKind,
}

/// The two kinds of check.
#[derive(Debug, Clone, PartialEq)]
pub enum CheckKind {
    /// Run the machine and judge the execution.
    Run(RunCheck),
    /// Judge the definition itself.
    Definition(DefinitionCheck),
}

/// A run check: one execution of the attempt, and what it must show.
#[derive(Debug, Clone, PartialEq)]
pub struct RunCheck {
    /// The execution's input.
    pub input: Value,
    /// Which state machine of the workspace runs (`None`: the edited one).
    pub machine: Option<String>,
    /// Faults injected into the functions for this run, over the workspace's own.
    pub faults: FaultPlan,
    /// What the execution must show.
    pub expect: Expectation,
}

/// What a run check expects; every given part must hold.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Expectation {
    /// How the execution ends.
    pub status: Option<Status>,
    /// Its output, exactly (as JSON values: key order and number spelling do not matter).
    pub output: Option<Value>,
    /// Its error name.
    pub error: Option<String>,
    /// Its cause, exactly.
    pub cause: Option<String>,
    /// A JSONata predicate over `{status, output, error, cause, events}` that must be true.
    pub that: Option<Predicate>,
    /// JSONPaths over the same document and the values they must select.
    pub json_path: Vec<PathMatch>,
    /// Counts of history events.
    pub events: Vec<EventCount>,
}

/// A JSONPath and the value it must select (a path with wildcards, slices or filters selects
/// the array of its matches).
#[derive(Debug, Clone, PartialEq)]
pub struct PathMatch {
    /// The path, parsed.
    pub path: crate::path::Path,
    /// What it must select.
    pub expected: Value,
}

/// A bound on how many history events of one type (of one state) the execution has.
#[derive(Debug, Clone, PartialEq)]
pub struct EventCount {
    /// The event type (`LambdaFunctionScheduled`, `TaskSucceeded`, …).
    pub kind: String,
    /// Only the events of this state (found through `previousEventId` up to the state's
    /// `…StateEntered` event).
    pub state: Option<String>,
    /// At least this many.
    pub at_least: Option<u64>,
    /// At most this many.
    pub at_most: Option<u64>,
}

/// A definition check; every given part must hold.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DefinitionCheck {
    /// Some state (at any depth) has this `Type`.
    pub uses: Option<String>,
    /// This state exists (at any depth).
    pub state: Option<String>,
    /// … and has this `Type`.
    pub state_type: Option<String>,
    /// No state (at any depth) has this field.
    pub not_used: Option<String>,
    /// A JSONata predicate that must be true, over the state named by `state`, or else over
    /// the whole definition.
    pub that: Option<Predicate>,
    /// JSONPaths over the same and the values they must select.
    pub json_path: Vec<PathMatch>,
}

/// A JSONata 2.0.6 predicate, checked to parse when the exercise is read.
#[derive(Debug, Clone)]
pub struct Predicate {
    /// Its text.
    pub text: String,
    expression: jsonata::Expression,
}

impl PartialEq for Predicate {
    fn eq(&self, other: &Self) -> bool {
        self.text == other.text
    }
}

impl Predicate {
    /// Parses a predicate; the error is JSONata's message with its position.
    pub fn parse(text: &str) -> Result<Predicate, String> {
        jsonata::Expression::parse_2_0_6(text)
            .map(|expression| Predicate {
                text: text.to_string(),
                expression,
            })
            .map_err(|e| format!("{} (JSONata {} at {})", e.message, e.code, e.position))
    }

    /// Whether it is true of `value` (anything but a boolean `true` is false; an
    /// evaluation error is its message).
    pub fn holds(&self, value: &Value) -> Result<bool, String> {
        let bindings = jsonata::Bindings::new();
        match self.expression.evaluate(Some(value), &bindings) {
            Ok(Some(Value::Bool(b))) => Ok(b),
            Ok(Some(other)) => Err(format!(
                "the predicate gave {} instead of true or false",
                serde_json::to_string(&other).unwrap_or_default()
            )),
            Ok(None) => Ok(false),
            Err(e) => Err(format!("{} (JSONata {})", e.message, e.code)),
        }
    }
}

/// A course: an ordered list of exercise files.
#[derive(Debug, Clone, PartialEq)]
pub struct Course {
    /// Its title.
    pub title: String,
    /// What it is about (Markdown), if given.
    pub description: String,
    /// The exercise files, relative to the course file.
    pub exercises: Vec<String>,
}

impl Course {
    /// Reads a course file (JSON or YAML): `{"title", "description"?, "exercises": [paths]}`.
    pub fn parse(text: &str) -> Result<Course, ExerciseError> {
        parse::course(text)
    }
}

/// Every state of a definition document at any depth (inside Parallel branches and Map
/// processors too), with its name, in document order.
pub fn each_state<'a>(definition: &'a Value, f: &mut dyn FnMut(&'a str, &'a Value)) {
    let Some(Value::Object(states)) = definition.get("States") else {
        return;
    };
    for (name, state) in states {
        f(name, state);
        if let Some(Value::Array(branches)) = state.get("Branches") {
            for branch in branches {
                each_state(branch, f);
            }
        }
        for processor in ["ItemProcessor", "Iterator"] {
            if let Some(p) = state.get(processor) {
                each_state(p, f);
            }
        }
    }
}
