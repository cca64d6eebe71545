//! Checks across states: transitions name existing states of the same machine (never one
//! outside a Map or Parallel), and every state is reachable from `StartAt`. Works on the
//! JSON itself, so that a state too broken to model still counts for reachability.

use std::collections::HashSet;

use serde_json::{Map as Object, Value};

use super::build::Builder;
use super::source::escape_segment;
use crate::diagnostic::DiagnosticCode;

/// The states a state can go to next, with where it names each.
fn targets<'v>(state: &'v Value) -> Vec<(&'v str, Target)> {
    let name = |v: Option<&'v Value>| v.and_then(Value::as_str);
    let mut out = Vec::new();
    out.extend(name(state.get("Next")).map(|n| (n, Target::Next)));
    out.extend(name(state.get("Default")).map(|n| (n, Target::Default)));
    for list in ["Choices", "Catch"] {
        if let Some(Value::Array(a)) = state.get(list) {
            for (i, rule) in a.iter().enumerate() {
                out.extend(name(rule.get("Next")).map(|n| (n, Target::Rule(list, i))));
            }
        }
    }
    out
}

/// Where a state names a transition target.
enum Target {
    /// `Next`.
    Next,
    /// A Choice state's `Default`.
    Default,
    /// The `Next` of a Choice rule or a catcher (`Choices`/`Catch`, index).
    Rule(&'static str, usize),
}

impl Target {
    /// The JSON pointer of the target's name inside the state at `state_ptr`.
    fn pointer(&self, state_ptr: &str) -> String {
        match self {
            Target::Next => format!("{state_ptr}/Next"),
            Target::Default => format!("{state_ptr}/Default"),
            Target::Rule(list, i) => format!("{state_ptr}/{list}/{i}/Next"),
        }
    }
}

/// Reports missing targets and unreachable states of one machine (at `ptr`, starting at
/// `start_at`, of these `States`).
pub(super) fn graph(
    b: &mut Builder<'_>,
    ptr: &str,
    start_at: &str,
    states: &Object<String, Value>,
) {
    let state_ptr = |name: &str| format!("{ptr}/States/{}", escape_segment(name));
    if !states.contains_key(start_at) {
        b.error(
            DiagnosticCode::MissingTransitionTarget,
            format!("Missing 'StartAt' target: {start_at}"),
            &format!("{ptr}/StartAt"),
        );
    }
    for (name, state) in states {
        for (target, at) in targets(state) {
            if !states.contains_key(target) {
                b.error(
                    DiagnosticCode::MissingTransitionTarget,
                    format!("Missing 'Next' target: {target}"),
                    &at.pointer(&state_ptr(name)),
                );
            }
        }
    }
    // Breadth-first from StartAt; a set keeps this linear in the number of transitions.
    let mut reached: HashSet<&str> = HashSet::from([start_at]);
    let mut queue = vec![start_at];
    while let Some(name) = queue.pop() {
        if let Some(s) = states.get(name) {
            for (t, _) in targets(s) {
                if reached.insert(t) {
                    queue.push(t);
                }
            }
        }
    }
    for name in states.keys() {
        if !reached.contains(name.as_str()) {
            b.key_error(
                DiagnosticCode::UnreachableState,
                format!("State '{name}' is not reachable"),
                &state_ptr(name),
            );
        }
    }
}
