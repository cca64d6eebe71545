//! `aslplay check`: judges an attempt at an exercise ([`asl::exercise`]) — the exercise's
//! starter, its reference solution, or a definition and handlers given as files — by
//! running each check (handlers in Node.js) and printing each verdict.

use std::time::Duration;

use asl::exercise::{
    judge_parsed_definition, judge_run, Check, CheckKind, Exercise, Outcome, RunCheck, Verdict,
};
use asl::host::callback::ScriptedAnswers;
use asl::host::faults::FaultPlan;
use asl::host::machines::MachineList;
use asl::share::SharedWorkspace;
use asl::MachineType;
use serde_json::{json, Map, Value};

use crate::handlers::Handlers;
use crate::run::{execute, load_handlers, Executed, Prepared};
use crate::{output, read_file, Failure};

/// Which attempt `aslplay check` judges.
#[derive(Debug, Clone, PartialEq)]
pub enum Attempt {
    /// The exercise's starter workspace.
    Starter,
    /// The exercise's reference solution.
    Solution,
    /// A definition file and, optionally, a handlers file, in the starter's workspace.
    Files {
        /// The definition file.
        definition: String,
        /// The handlers file.
        handlers: Option<String>,
    },
}

/// `aslplay check`'s options.
#[derive(Debug)]
pub struct CheckOptions {
    /// The exercise file.
    pub exercise: String,
    /// The attempt.
    pub attempt: Attempt,
    /// Print the verdicts as JSON.
    pub json: bool,
}

/// The attempt's workspace and, for files, the handlers file's handlers (instead of the
/// workspace's functions).
struct Attempted {
    workspace: SharedWorkspace,
    handlers: Option<Handlers>,
}

/// Judges the attempt; exit 0 when every check passes, 1 otherwise.
pub fn check(opts: &CheckOptions) -> Result<i32, Failure> {
    let text = read_file(&opts.exercise)?;
    let exercise = Exercise::parse(&text)
        .map_err(|e| Failure::new(format!("{}:{e} (exercise file)", opts.exercise)))?;
    let attempted = match &opts.attempt {
        Attempt::Starter => Attempted {
            workspace: exercise.starter.clone(),
            handlers: None,
        },
        Attempt::Solution => Attempted {
            workspace: exercise.solution.clone().ok_or_else(|| {
                Failure::new(format!(
                    "{}: the exercise has no \"solution\" to check",
                    opts.exercise
                ))
            })?,
            handlers: None,
        },
        Attempt::Files {
            definition,
            handlers,
        } => Attempted {
            workspace: SharedWorkspace {
                definition: read_file(definition)?,
                ..exercise.starter.clone()
            },
            handlers: handlers
                .as_deref()
                .map(|h| load_handlers(Some(h)))
                .transpose()?,
        },
    };
    // Read once for every definition check.
    let document = asl::definition::document(&attempted.workspace.definition);
    let verdicts: Vec<Verdict> = exercise
        .checks
        .iter()
        .map(|c| judge(c, &attempted, &document))
        .collect::<Result<_, _>>()?;
    let passed = verdicts.iter().filter(|v| v.passed).count();
    if opts.json {
        let items: Vec<Value> = exercise
            .checks
            .iter()
            .zip(&verdicts)
            .map(|(c, v)| {
                json!({
                    "title": c.title,
                    "hidden": c.hidden,
                    "passed": v.passed,
                    "reason": v.reason,
                    "event": v.event,
                })
            })
            .collect();
        output::emit_json(&json!({
            "exercise": exercise.title,
            "passed": passed == verdicts.len(),
            "checks": items,
        }));
    } else {
        let mut lines = vec![format!("{}", exercise.title)];
        for (c, v) in exercise.checks.iter().zip(&verdicts) {
            let mark = if v.passed { "PASS" } else { "FAIL" };
            let hidden = if c.hidden { " [hidden]" } else { "" };
            let event = v.event.map_or(String::new(), |id| format!(" [event {id}]"));
            lines.push(format!("{mark} {}{hidden}: {}{event}", c.title, v.reason));
        }
        lines.push(format!("{passed} of {} checks pass", verdicts.len()));
        output::emit(lines.join("\n"));
    }
    Ok(if passed == verdicts.len() { 0 } else { 1 })
}

/// One check's verdict on the attempt (`document`: what its definition text read as).
fn judge(
    check: &Check,
    attempted: &Attempted,
    document: &Result<Value, asl::Diagnostic>,
) -> Result<Verdict, Failure> {
    match &check.kind {
        CheckKind::Definition(d) => Ok(judge_parsed_definition(d, document)),
        CheckKind::Run(run) => judge_one_run(run, attempted),
    }
}

fn judge_one_run(run: &RunCheck, attempted: &Attempted) -> Result<Verdict, Failure> {
    let w = &attempted.workspace;
    let (definition_text, machine_type) = match &run.machine {
        None => (w.definition.clone(), w.machine_type.as_str()),
        Some(name) if *name == w.machine_name => (w.definition.clone(), w.machine_type.as_str()),
        Some(name) => match w.machines.iter().find(|m| m.name == *name) {
            Some(m) => (m.definition.clone(), m.machine_type.as_str()),
            None => {
                return Ok(Verdict::fail(format!(
                    "the workspace has no state machine named {name}"
                )))
            }
        },
    };
    let machine_type = MachineType::parse(machine_type);
    let handlers = match &attempted.handlers {
        Some(h) => h.clone(),
        None => workspace_handlers(w)?,
    };
    let mut machines = MachineList::default();
    let others = std::iter::once((&w.machine_name, &w.definition, &w.machine_type)).chain(
        w.machines
            .iter()
            .map(|m| (&m.name, &m.definition, &m.machine_type)),
    );
    for (name, text, kind) in others {
        if let Ok(d) = asl::load(text) {
            machines.add(name, d, MachineType::parse(kind));
        }
    }
    let mut faults = FaultPlan::default();
    for f in &w.functions {
        if let Some(ff) = &f.faults {
            faults.functions.insert(f.name.clone(), ff.clone());
        }
    }
    faults.functions.extend(run.faults.functions.clone());
    let timeout_s = w
        .functions
        .iter()
        .map(|f| f.timeout_seconds)
        .max()
        .unwrap_or(3)
        .max(1);
    let home = (!w.account.is_empty() && !w.region.is_empty())
        .then(|| (w.account.clone(), w.region.clone()));
    let input_text = serde_json::to_string(&run.input).unwrap_or_default();
    let executed = execute(Prepared {
        definition_text,
        input: run.input.clone(),
        input_text,
        handlers,
        answers: ScriptedAnswers::default(),
        machines,
        objects: None,
        faults,
        name: None,
        machine_type,
        keep_history: true,
        real_time: false,
        start_ms: None,
        function_timeout: Duration::from_secs(u64::from(timeout_s)),
        logs: false,
        home,
    })?;
    Ok(match executed {
        Executed::Invalid(diagnostics) => {
            let first = diagnostics
                .iter()
                .find(|d| d.is_error())
                .or(diagnostics.first());
            Verdict::fail(match first {
                Some(d) => format!(
                    "the definition does not load: {}:{}: {} {}",
                    d.line, d.column, d.code, d.message
                ),
                None => "the definition does not load".into(),
            })
        }
        Executed::Ran { execution, .. } => judge_run(&run.expect, &Outcome::of(&execution)),
    })
}

/// The workspace's functions as the CLI's handlers: each function's code (or its fixed
/// answer) by name; mocks by their resource ARN.
fn workspace_handlers(w: &SharedWorkspace) -> Result<Handlers, Failure> {
    let mut m = Map::new();
    for f in &w.functions {
        let code = match &f.fixed {
            Some(fixed) => fixed.handler_source(),
            None => f.code.clone(),
        };
        m.insert(f.name.clone(), Value::String(code));
    }
    Handlers::parse(&Value::Object(m).to_string())
        .map_err(|e| Failure::new(format!("the workspace's functions: {e}")))
}
