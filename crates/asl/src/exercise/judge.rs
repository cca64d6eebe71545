//! Judging an attempt: a run check against how its execution ended, a definition check
//! against the definition document. Every verdict says why, in words a learner can act on.

use serde_json::{json, Value};

use super::{each_state, DefinitionCheck, EventCount, Expectation, PathMatch};
use crate::history::HistoryEvent;
use crate::Status;

/// A check's verdict.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// Whether the check passed.
    pub passed: bool,
    /// Why (what was expected and what was found, or what held).
    pub reason: String,
    /// The history event the failure is about (its id), if any.
    pub event: Option<u64>,
}

impl Verdict {
    /// A pass.
    pub fn pass(reason: impl Into<String>) -> Self {
        Self {
            passed: true,
            reason: reason.into(),
            event: None,
        }
    }

    /// A failure.
    pub fn fail(reason: impl Into<String>) -> Self {
        Self {
            passed: false,
            reason: reason.into(),
            event: None,
        }
    }

    fn at(mut self, event: Option<u64>) -> Self {
        self.event = event;
        self
    }
}

/// How an execution ended, as a run check sees it.
#[derive(Debug, Clone, Copy)]
pub struct Outcome<'a> {
    /// Its status.
    pub status: Status,
    /// Its output, when it succeeded.
    pub output: Option<&'a Value>,
    /// Its error name, when it failed.
    pub error: Option<&'a str>,
    /// Its cause, when it failed.
    pub cause: Option<&'a str>,
    /// Its history (GetExecutionHistory's events, in order).
    pub history: &'a [HistoryEvent],
}

impl<'a> Outcome<'a> {
    /// How this execution ended.
    pub fn of(execution: &'a crate::Execution) -> Self {
        Self {
            status: execution.status,
            output: execution.output.as_ref(),
            error: execution.error.as_deref(),
            cause: execution.cause.as_deref(),
            history: &execution.history,
        }
    }
}

/// The longest JSON text quoted in a reason.
const QUOTE_CHARS: usize = 160;

/// JSON text, cut to [`QUOTE_CHARS`].
fn quote(value: &Value) -> String {
    let text = serde_json::to_string(value).unwrap_or_default();
    cut(&text)
}

fn cut(text: &str) -> String {
    if text.chars().count() <= QUOTE_CHARS {
        text.to_string()
    } else {
        let head: String = text.chars().take(QUOTE_CHARS).collect();
        format!("{head}…")
    }
}

/// Judges an execution against what a run check expects.
pub fn judge_run(expect: &Expectation, outcome: &Outcome<'_>) -> Verdict {
    let last = outcome.history.last().map(|e| e.id);
    let ended = describe_end(outcome);
    if let Some(status) = expect.status {
        if status != outcome.status {
            return Verdict::fail(format!(
                "expected the execution to end {}, but it {ended}",
                status.as_str()
            ))
            .at(last);
        }
    }
    if let Some(expected) = &expect.output {
        let Some(got) = outcome
            .output
            .filter(|_| outcome.status == Status::Succeeded)
        else {
            return Verdict::fail(format!(
                "expected the output {}, but the execution {ended}",
                quote(expected)
            ))
            .at(last);
        };
        if let Some((pointer, want, have)) = first_difference(expected, got, String::new()) {
            let place = if pointer.is_empty() {
                String::new()
            } else {
                format!(" at {pointer}")
            };
            return Verdict::fail(format!(
                "the output differs{place}: expected {want}, got {have} (the whole output: {})",
                quote(got)
            ))
            .at(last);
        }
    }
    for (what, expected, got) in [
        ("error", &expect.error, outcome.error),
        ("cause", &expect.cause, outcome.cause),
    ] {
        if let Some(expected) = expected {
            if got != Some(expected.as_str()) {
                let got = got.map_or("none (it ".to_string() + &ended + ")", |g| {
                    format!("\"{}\"", cut(g))
                });
                return Verdict::fail(format!(
                    "expected the {what} \"{}\", got {got}",
                    cut(expected)
                ))
                .at(last);
            }
        }
    }
    let mut counted = vec![];
    for count in &expect.events {
        match judge_count(count, outcome.history) {
            Ok(summary) => counted.push(summary),
            Err(verdict) => return verdict,
        }
    }
    let doc = (expect.that.is_some() || !expect.json_path.is_empty()).then(|| {
        json!({
            "status": outcome.status.as_str(),
            "output": outcome.output,
            "error": outcome.error,
            "cause": outcome.cause,
            "events": outcome.history.iter().map(HistoryEvent::to_json).collect::<Vec<_>>(),
        })
    });
    if let Some(doc) = &doc {
        match judge_paths(&expect.json_path, doc, "the execution") {
            Ok(held) => counted.extend(held),
            Err(verdict) => return verdict.at(last),
        }
    }
    if let (Some(that), Some(doc)) = (&expect.that, &doc) {
        match that.holds(doc) {
            Ok(true) => counted.push(format!("{} holds", that.text)),
            Ok(false) => {
                return Verdict::fail(format!(
                    "this is not true of the execution (it {ended}): {}",
                    that.text
                ))
            }
            Err(e) => return Verdict::fail(format!("the check's predicate failed: {e}")),
        }
    }
    let mut reason = format!("it {ended}");
    if expect.output.is_some() {
        reason.push_str(" with the expected output");
    }
    for c in counted {
        reason.push_str("; ");
        reason.push_str(&c);
    }
    Verdict::pass(reason)
}

/// "succeeded", "failed with States.TaskFailed: …" — how the execution ended, in words.
fn describe_end(outcome: &Outcome<'_>) -> String {
    match outcome.status {
        Status::Succeeded => "SUCCEEDED".into(),
        other => {
            let mut s = other.as_str().to_string();
            if let Some(error) = outcome.error {
                s.push_str(&format!(" with {error}"));
            }
            if let Some(cause) = outcome.cause.filter(|c| !c.is_empty()) {
                s.push_str(&format!(" ({})", cut(&readable_cause(cause))));
            }
            s
        }
    }
}

/// A cause as a learner wants to read it: a Lambda function's error cause is JSON
/// (`{"errorType", "errorMessage", "trace"}`): its message alone.
fn readable_cause(cause: &str) -> String {
    serde_json::from_str::<Value>(cause)
        .ok()
        .and_then(|v| {
            v.get("errorMessage")
                .and_then(Value::as_str)
                .map(str::to_string)
        })
        .unwrap_or_else(|| cause.to_string())
}

/// The first place where `got` differs from `expected`: its JSON pointer and both values
/// there. Numbers compare by value (`1` equals `1.0`), objects regardless of key order.
fn first_difference(expected: &Value, got: &Value, at: String) -> Option<(String, String, String)> {
    let differ = || Some((at.clone(), quote(expected), quote(got)));
    match (expected, got) {
        (Value::Number(a), Value::Number(b)) => (a.as_f64() != b.as_f64()).then(differ).flatten(),
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Some((
                    at.clone(),
                    format!("{} items", a.len()),
                    format!("{} items: {}", b.len(), quote(got)),
                ));
            }
            a.iter()
                .zip(b)
                .enumerate()
                .find_map(|(i, (x, y))| first_difference(x, y, format!("{at}/{i}")))
        }
        (Value::Object(a), Value::Object(b)) => {
            for (k, x) in a {
                let here = format!("{at}/{}", crate::definition::escape_segment(k));
                match b.get(k) {
                    Some(y) => {
                        if let Some(d) = first_difference(x, y, here) {
                            return Some(d);
                        }
                    }
                    None => return Some((here, quote(x), "nothing (the field is missing)".into())),
                }
            }
            b.keys().find(|k| !a.contains_key(*k)).map(|k| {
                let here = format!("{at}/{}", crate::definition::escape_segment(k));
                (here, "no such field".into(), quote(&b[k]))
            })
        }
        (a, b) if a == b => None,
        _ => differ(),
    }
}

/// The state an event belongs to: the name in the `…StateEntered` event its
/// `previousEventId` chain leads to.
fn state_of<'a>(history: &'a [HistoryEvent], event: &'a HistoryEvent) -> Option<&'a str> {
    let mut e = event;
    // Each step goes to an earlier event, so this ends; the bound guards a malformed chain.
    for _ in 0..history.len() + 1 {
        if e.kind.ends_with("StateEntered") {
            return e
                .details
                .as_ref()
                .and_then(|(_, d)| d.get("name"))
                .and_then(Value::as_str);
        }
        let previous = e.previous_event_id;
        if previous == 0 || previous >= e.id {
            return None;
        }
        e = history
            .get(usize::try_from(previous - 1).ok()?)
            .filter(|p| p.id == previous)
            .or_else(|| history.iter().find(|p| p.id == previous))?;
    }
    None
}

fn judge_count(count: &EventCount, history: &[HistoryEvent]) -> Result<String, Verdict> {
    let matching: Vec<&HistoryEvent> = history
        .iter()
        .filter(|e| e.kind == count.kind)
        .filter(|e| match &count.state {
            Some(s) => state_of(history, e) == Some(s.as_str()),
            None => true,
        })
        .collect();
    let n = matching.len() as u64;
    let what = match &count.state {
        Some(s) => format!("{} events of state {s}", count.kind),
        None => format!("{} events", count.kind),
    };
    let bound = match (count.at_least, count.at_most) {
        (Some(a), Some(b)) if a == b => format!("exactly {a}"),
        (Some(a), Some(b)) => format!("from {a} to {b}"),
        (Some(a), None) => format!("at least {a}"),
        (None, Some(b)) => format!("at most {b}"),
        (None, None) => "any number of".into(),
    };
    if let Some(most) = count.at_most {
        if n > most {
            let extra = usize::try_from(most)
                .ok()
                .and_then(|i| matching.get(i))
                .map(|e| e.id);
            let at = extra.map_or(String::new(), |id| format!("; event {id} is one too many"));
            return Err(Verdict::fail(format!("expected {bound} {what}, got {n}{at}")).at(extra));
        }
    }
    if let Some(least) = count.at_least {
        if n < least {
            return Err(Verdict::fail(format!("expected {bound} {what}, got {n}")));
        }
    }
    Ok(format!("{n} {what}"))
}

/// Judges a definition against a definition check, given what reading its text (JSON or
/// YAML, [`crate::definition::document`]) gave: a text that does not read fails the check
/// with where.
pub fn judge_parsed_definition(
    check: &DefinitionCheck,
    parsed: &Result<Value, crate::Diagnostic>,
) -> Verdict {
    match parsed {
        Ok(doc) => judge_definition(check, doc),
        Err(e) => Verdict::fail(format!(
            "the definition is not JSON or YAML: {}:{}: {}",
            e.line, e.column, e.message
        )),
    }
}

/// Judges a definition document against a definition check.
pub fn judge_definition(check: &DefinitionCheck, definition: &Value) -> Verdict {
    let mut states: Vec<(&str, &Value)> = vec![];
    each_state(definition, &mut |name, state| states.push((name, state)));
    let type_of = |state: &Value| {
        state
            .get("Type")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string()
    };
    let listing = || {
        let names: Vec<String> = states
            .iter()
            .map(|(n, s)| format!("{n} ({})", type_of(s)))
            .collect();
        if names.is_empty() {
            "it has no states".to_string()
        } else {
            format!("its states: {}", cut(&names.join(", ")))
        }
    };
    let mut held = vec![];
    if let Some(kind) = &check.uses {
        if !states.iter().any(|(_, s)| type_of(s) == *kind) {
            return Verdict::fail(format!("no state is a {kind} state; {}", listing()));
        }
        held.push(format!("uses a {kind} state"));
    }
    let mut subject = definition;
    if let Some(name) = &check.state {
        let Some((_, state)) = states.iter().find(|(n, _)| n == name) else {
            let hint = closest(name, states.iter().map(|(n, _)| *n))
                .map_or(String::new(), |c| format!(" (did you mean {c}?)"));
            return Verdict::fail(format!(
                "there is no state named {name}{hint}; {}",
                listing()
            ));
        };
        if let Some(kind) = &check.state_type {
            let found = type_of(state);
            if found != *kind {
                return Verdict::fail(format!(
                    "{name} is a {found} state; expected a {kind} state"
                ));
            }
        }
        held.push(format!("{name} exists"));
        subject = state;
    }
    if let Some(field) = &check.not_used {
        if let Some((name, _)) = states.iter().find(|(_, s)| s.get(field).is_some()) {
            return Verdict::fail(format!("state {name} uses {field}"));
        }
        held.push(format!("no state uses {field}"));
    }
    let of = check
        .state
        .as_ref()
        .map_or("the definition".to_string(), |s| format!("state {s}"));
    match judge_paths(&check.json_path, subject, &of) {
        Ok(more) => held.extend(more),
        Err(verdict) => return verdict,
    }
    if let Some(that) = &check.that {
        match that.holds(subject) {
            Ok(true) => held.push(format!("{} holds", that.text)),
            Ok(false) => {
                return Verdict::fail(format!("this is not true of {of}: {}", that.text));
            }
            Err(e) => return Verdict::fail(format!("the check's predicate failed: {e}")),
        }
    }
    Verdict::pass(held.join("; "))
}

/// Each JSONPath must select its value in `doc` (`of` names it in reasons): what held, or
/// the first failure.
fn judge_paths(paths: &[PathMatch], doc: &Value, of: &str) -> Result<Vec<String>, Verdict> {
    let mut held = vec![];
    for m in paths {
        let text = &m.path.text;
        let got = match m.path.eval(doc, &Value::Null) {
            Ok(v) => v,
            Err(_) => {
                return Err(Verdict::fail(format!(
                    "{text} selects nothing in {of}; expected {}",
                    quote(&m.expected)
                )))
            }
        };
        if let Some((pointer, want, have)) = first_difference(&m.expected, &got, String::new()) {
            let place = if pointer.is_empty() {
                String::new()
            } else {
                format!(" (at {pointer})")
            };
            return Err(Verdict::fail(format!(
                "{text} in {of}: expected {want}, got {have}{place}"
            )));
        }
        held.push(format!("{text} is {}", quote(&m.expected)));
    }
    Ok(held)
}

/// The name among `names` closest to `name` (edit distance at most a third of its length).
fn closest<'a>(name: &str, names: impl Iterator<Item = &'a str>) -> Option<&'a str> {
    let limit = name.chars().count() / 3 + 1;
    names
        .map(|n| (distance(name, n), n))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, n)| n)
}

/// Levenshtein distance, case-insensitive.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.to_lowercase().chars().collect();
    let b: Vec<char> = b.to_lowercase().chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut previous = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = (previous + usize::from(ca != cb))
                .min(row[j] + 1)
                .min(row[j + 1] + 1);
            previous = here;
        }
    }
    row[b.len()]
}
