//! The state inspector's model: how data flowed through one entry of a state, recomputed by
//! the interpreter (`asl::data_flow`) from the input and result the execution recorded.

use std::collections::HashMap;

use asl::definition::{State, StateKind, StateMachine};
use asl::history::time::iso8601;
use asl::history::HistoryEvent;
use asl::{DataFlow, Definition, ExecutionConfig, NodeStatus, TreeNode, TreeNodeKind};
use serde_json::{json, Map, Value};

/// One entry of a state, for the inspector's entry selector.
#[derive(Debug, Clone, PartialEq)]
pub struct EntryRef {
    /// The entry's tree node's `first_event_id` (its `…StateEntered` event).
    pub first_event_id: u64,
    /// The index of the Map iteration it ran in (the innermost), if any.
    pub iteration: Option<u64>,
}

/// One entry of a state, inspected.
#[derive(Debug, Clone, PartialEq)]
pub struct Inspection {
    /// The state's name.
    pub state_name: String,
    /// Its `Type`.
    pub state_type: &'static str,
    /// How many times the state was entered in the execution (Map iterations, retries, loops).
    pub entries: usize,
    /// Every entry, in history order.
    pub entry_list: Vec<EntryRef>,
    /// The index in `entry_list` of the inspected entry (the latest unless one was chosen).
    pub selected: usize,
    /// The variables the entry assigned, as its `…StateExited` event recorded them
    /// (`assignedVariables`, values parsed from their JSON text); `None` when it assigned none.
    pub assigned: Option<Map<String, Value>>,
    /// The `first_event_id`s of the entry's Lambda/Task invocation nodes (attempts), in order.
    pub invocations: Vec<u64>,
    /// The steps the interpreter recomputed.
    pub flow: DataFlow,
    /// The entry's error and cause, when it failed.
    pub error: Option<(String, Option<String>)>,
}

/// The state named `name`, anywhere in the machine (Map processors, Parallel branches).
pub fn find_state<'a>(machine: &'a StateMachine, name: &str) -> Option<&'a State> {
    machine.states.iter().find_map(|s| {
        if s.name == name {
            return Some(s);
        }
        match &s.kind {
            StateKind::Map(m) => find_state(&m.processor, name),
            StateKind::Parallel(p) => p.branches.iter().find_map(|b| find_state(b, name)),
            _ => None,
        }
    })
}

/// Every entry of the state named `name` in the tree, in history order, with the innermost
/// Map iteration index it ran in.
fn entries<'a>(
    tree: &'a TreeNode,
    name: &str,
    iteration: Option<u64>,
    out: &mut Vec<(&'a TreeNode, Option<u64>)>,
) {
    if matches!(tree.kind, TreeNodeKind::State { .. }) && tree.label == name {
        out.push((tree, iteration));
    }
    let iteration = match tree.kind {
        TreeNodeKind::MapIteration { index } => Some(index),
        _ => iteration,
    };
    for child in &tree.children {
        entries(child, name, iteration, out);
    }
}

/// The `assignedVariables` of a `…StateExited` event, values parsed from their JSON text
/// (kept as a string when a value is not JSON).
fn assigned_of(e: &HistoryEvent) -> Option<Map<String, Value>> {
    let vars = e.detail("assignedVariables")?.as_object()?;
    Some(
        vars.iter()
            .map(|(k, v)| {
                let value = v
                    .as_str()
                    .and_then(|t| serde_json::from_str(t).ok())
                    .unwrap_or_else(|| v.clone());
                (k.clone(), value)
            })
            .collect(),
    )
}

/// The entry's own assignments and the variables in scope when it was entered, from the
/// history.
///
/// The entry's `…StateExited` event is the one whose `previousEventId` chain leads back to the
/// entry's `…StateEntered` event. The variables in scope are rebuilt by walking the entry's
/// `previousEventId` chain back to the start and applying, oldest first, the
/// `assignedVariables` of every `…StateExited` event on it (loops included: a state's earlier
/// passes are on the chain). This is what the entry saw for the top-level scope. Approximated:
/// inside a Map iteration or Parallel branch, the outer scope's variables are seen only as far
/// as the chain leads from the branch back into the outer states' events, and nothing
/// else the scope may hold is rebuilt; a broken chain (an imported or redriven history) loses
/// the assignments before the break; values AWS truncated in a history are taken as recorded.
fn variables(
    history: &[HistoryEvent],
    name: &str,
    entered: u64,
) -> (Map<String, Value>, Option<Map<String, Value>>) {
    let by_id: HashMap<u64, &HistoryEvent> = history.iter().map(|e| (e.id, e)).collect();
    // The ids on the chain back from event `id` (itself included), while ids decrease.
    let chain_from = |mut id: u64| {
        let mut ids = Vec::new();
        while let Some(e) = by_id.get(&id) {
            ids.push(e.id);
            if e.previous_event_id >= e.id {
                break;
            }
            id = e.previous_event_id;
        }
        ids
    };
    let mut scope = Map::new();
    let before = by_id.get(&entered).map_or(0, |e| e.previous_event_id);
    for id in chain_from(before).into_iter().rev() {
        let e = by_id[&id];
        if e.kind.ends_with("StateExited") && id < entered {
            scope.extend(assigned_of(e).unwrap_or_default());
        }
    }
    let leads_back = |e: &HistoryEvent| {
        let mut id = e.id;
        while id > entered {
            match by_id.get(&id) {
                Some(e) if e.previous_event_id < e.id => id = e.previous_event_id,
                _ => return false,
            }
        }
        id == entered
    };
    let own = history
        .iter()
        .filter(|e| e.id > entered && e.kind.ends_with("StateExited"))
        .filter(|e| e.detail("name").and_then(Value::as_str) == Some(name))
        .find(|e| leads_back(e))
        .and_then(assigned_of);
    (scope, own)
}

/// The context object (`$$`) the entry saw, rebuilt from the tree: execution, state machine,
/// state (entered time; a Task's retry count), and the workflow variables `vars` (see
/// [`variables`] for how they are rebuilt). (`$$.Map.Item` belongs to the Map state's own
/// ItemSelector, not to the states inside.)
fn context(
    state: &State,
    entry: &TreeNode,
    root: &TreeNode,
    config: &ExecutionConfig,
    vars: Map<String, Value>,
) -> Value {
    let mut st = json!({"EnteredTime": iso8601(entry.start_ms), "Name": state.name});
    if matches!(state.kind, StateKind::Task(_)) {
        let calls = entry
            .children
            .iter()
            .filter(|c| matches!(c.kind, TreeNodeKind::TaskInvocation { .. }))
            .count();
        st["RetryCount"] = calls.saturating_sub(1).into();
    }
    json!({
        "Execution": {
            "Id": config.execution_arn(),
            "Input": root.input.clone().unwrap_or(Value::Null),
            "Name": config.execution_name,
            "RoleArn": config.role_arn,
            "StartTime": iso8601(root.start_ms),
            "RedriveCount": 0,
        },
        "State": st,
        "StateMachine": {"Id": config.state_machine_arn(), "Name": config.state_machine_name},
        (asl::path::VARIABLES): vars,
    })
}

/// What the state's work gave: a Task's last invocation output, a Map's or Parallel's array
/// of iteration/branch outputs.
fn work_result(node: &TreeNode) -> Option<Value> {
    match &node.kind {
        TreeNodeKind::State { state_type } if state_type == "Task" => node
            .children
            .iter()
            .rev()
            .find(|c| matches!(c.kind, TreeNodeKind::TaskInvocation { .. }))
            .and_then(|c| c.output.clone()),
        TreeNodeKind::State { state_type } if state_type == "Map" || state_type == "Parallel" => {
            let outputs: Option<Vec<Value>> = node
                .children
                .iter()
                .filter(|c| {
                    matches!(
                        c.kind,
                        TreeNodeKind::MapIteration { .. } | TreeNodeKind::ParallelBranch { .. }
                    )
                })
                .map(|c| c.output.clone())
                .collect();
            outputs.map(Value::Array)
        }
        _ => None,
    }
}

/// Inspects the latest entry of state `name` in the execution `config` names; `None` when the
/// definition has no such state. A state that never ran gives an inspection with no steps and
/// no entries. (No history: no variables; see [`inspect_entry`].)
pub fn inspect(
    definition: &Definition,
    tree: Option<&TreeNode>,
    name: &str,
    config: &ExecutionConfig,
) -> Option<Inspection> {
    inspect_entry(definition, tree, &[], name, None, config)
}

/// Inspects the entry of state `name` whose tree node's `first_event_id` is `entry` (the
/// latest when `entry` is `None` or names no entry of the state), with the workflow variables
/// rebuilt from `history` (see [`variables`]).
pub fn inspect_entry(
    definition: &Definition,
    tree: Option<&TreeNode>,
    history: &[HistoryEvent],
    name: &str,
    entry: Option<u64>,
    config: &ExecutionConfig,
) -> Option<Inspection> {
    let state = find_state(&definition.machine, name)?;
    let mut found = Vec::new();
    if let Some(tree) = tree {
        entries(tree, name, None, &mut found);
    }
    let selected = entry
        .and_then(|id| found.iter().position(|(n, _)| n.first_event_id == id))
        .unwrap_or(found.len().saturating_sub(1));
    let chosen = found.get(selected).map(|(n, _)| *n);
    let (scope, assigned) = match chosen {
        Some(n) => variables(history, name, n.first_event_id),
        None => (Map::new(), None),
    };
    let flow = match (chosen, tree) {
        (Some(entry), Some(root)) => match &entry.input {
            Some(input) => {
                let ctx = context(state, entry, root, config, scope);
                asl::data_flow(state, input, work_result(entry).as_ref(), Some(&ctx))
            }
            None => DataFlow::default(),
        },
        _ => DataFlow::default(),
    };
    let error = chosen
        .filter(|n| matches!(n.status, NodeStatus::Failed | NodeStatus::Caught))
        .and_then(|n| n.error.clone().map(|e| (e, n.cause.clone())));
    let invocations = chosen
        .map(|n| {
            n.children
                .iter()
                .filter(|c| matches!(c.kind, TreeNodeKind::TaskInvocation { .. }))
                .map(|c| c.first_event_id)
                .collect()
        })
        .unwrap_or_default();
    Some(Inspection {
        state_name: name.to_string(),
        state_type: state.kind.type_name(),
        entries: found.len(),
        entry_list: found
            .iter()
            .map(|(n, iteration)| EntryRef {
                first_event_id: n.first_event_id,
                iteration: *iteration,
            })
            .collect(),
        selected,
        assigned,
        invocations,
        flow,
        error,
    })
}
