//! Checks across states: transitions name existing states of the same machine (never one
//! outside a Map or Parallel), and every state is reachable from `StartAt`.

use serde_json::Value;

use super::build::Builder;
use super::model::*;
use super::source::escape_segment;

/// The states a state can go to next, with the pointer of the field naming each.
fn targets(state: &State) -> Vec<(String, String)> {
    let p = &state.pointer;
    let mut out = Vec::new();
    if let Transition::Next(n) = &state.transition {
        out.push((n.clone(), format!("{p}/Next")));
    }
    if let StateKind::Choice(c) = &state.kind {
        for (i, (_, next)) in c.choices.iter().enumerate() {
            out.push((next.clone(), format!("{p}/Choices/{i}/Next")));
        }
        if let Some(d) = &c.default {
            out.push((d.clone(), format!("{p}/Default")));
        }
    }
    for (i, c) in state.catch.iter().enumerate() {
        if !c.next.is_empty() {
            out.push((c.next.clone(), format!("{p}/Catch/{i}/Next")));
        }
    }
    out
}

/// Reports missing targets and unreachable states of one machine.
pub(super) fn graph(b: &mut Builder<'_>, machine: &StateMachine, states_json: Option<&Value>) {
    let names: Vec<&str> = states_json
        .and_then(Value::as_object)
        .map(|m| m.keys().map(String::as_str).collect())
        .unwrap_or_default();
    let ptr = &machine.pointer;
    if !names.contains(&machine.start_at.as_str()) {
        b.error(
            "MISSING_TRANSITION_TARGET",
            format!("Missing 'StartAt' target: {}", machine.start_at),
            &format!("{ptr}/StartAt"),
        );
    }
    for state in &machine.states {
        for (target, at) in targets(state) {
            if !names.contains(&target.as_str()) {
                b.error(
                    "MISSING_TRANSITION_TARGET",
                    format!("Missing 'Next' target: {target}"),
                    &at,
                );
            }
        }
    }
    // Reachability: only over states that were modelled (broken ones already have errors).
    let mut reached = vec![machine.start_at.clone()];
    let mut i = 0;
    while i < reached.len() {
        if let Some(s) = machine.state(&reached[i]) {
            for (t, _) in targets(s) {
                if !reached.contains(&t) {
                    reached.push(t);
                }
            }
        }
        i += 1;
    }
    for state in &machine.states {
        if !reached.contains(&state.name) {
            b.key_error(
                "UNREACHABLE_STATE",
                format!("State '{}' is not reachable", state.name),
                &format!("{ptr}/States/{}", escape_segment(&state.name)),
            );
        }
    }
}
