//! Checks across states: transitions name existing states of the same machine (never one
//! outside a Map or Parallel), and every state is reachable from `StartAt`. Works on the
//! JSON itself, so that a state too broken to model still counts for reachability.

use std::collections::HashSet;

use serde_json::Value;

use super::build::Builder;
use super::model::StateMachine;
use super::source::escape_segment;

/// The states a state can go to next, with the pointer of the field naming each.
fn targets(state_ptr: &str, state: &Value) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut add = |v: Option<&Value>, at: String| {
        if let Some(Value::String(n)) = v {
            out.push((n.clone(), at));
        }
    };
    add(state.get("Next"), format!("{state_ptr}/Next"));
    add(state.get("Default"), format!("{state_ptr}/Default"));
    for list in ["Choices", "Catch"] {
        if let Some(Value::Array(a)) = state.get(list) {
            for (i, rule) in a.iter().enumerate() {
                add(rule.get("Next"), format!("{state_ptr}/{list}/{i}/Next"));
            }
        }
    }
    out
}

/// Reports missing targets and unreachable states of one machine.
pub(super) fn graph(b: &mut Builder<'_>, machine: &StateMachine, states_json: Option<&Value>) {
    let Some(states) = states_json.and_then(Value::as_object) else {
        return;
    };
    let ptr = &machine.pointer;
    let state_ptr = |name: &str| format!("{ptr}/States/{}", escape_segment(name));
    if !states.contains_key(&machine.start_at) {
        b.error(
            "MISSING_TRANSITION_TARGET",
            format!("Missing 'StartAt' target: {}", machine.start_at),
            &format!("{ptr}/StartAt"),
        );
    }
    for (name, state) in states {
        for (target, at) in targets(&state_ptr(name), state) {
            if !states.contains_key(&target) {
                b.error(
                    "MISSING_TRANSITION_TARGET",
                    format!("Missing 'Next' target: {target}"),
                    &at,
                );
            }
        }
    }
    // Breadth-first from StartAt; a set keeps this linear in the number of transitions.
    let mut reached = HashSet::from([machine.start_at.clone()]);
    let mut queue = vec![machine.start_at.clone()];
    while let Some(name) = queue.pop() {
        if let Some(s) = states.get(&name) {
            for (t, _) in targets("", s) {
                if reached.insert(t.clone()) {
                    queue.push(t);
                }
            }
        }
    }
    for name in states.keys() {
        if !reached.contains(name) {
            b.key_error(
                "UNREACHABLE_STATE",
                format!("State '{name}' is not reachable"),
                &state_ptr(name),
            );
        }
    }
}
