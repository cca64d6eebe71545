//! The state inspector's model: how data flowed through one entry of a state, recomputed by
//! the interpreter (`asl::data_flow`) from the input and result the execution recorded.

use asl::definition::{State, StateKind, StateMachine};
use asl::history::time::iso8601;
use asl::{DataFlow, Definition, ExecutionConfig, NodeStatus, TreeNode, TreeNodeKind};
use serde_json::{json, Value};

/// One entry of a state, inspected.
#[derive(Debug, Clone, PartialEq)]
pub struct Inspection {
    /// The state's name.
    pub state_name: String,
    /// Its `Type`.
    pub state_type: &'static str,
    /// How many times the state was entered in the execution (Map iterations, retries, loops).
    pub entries: usize,
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

/// Every entry of the state named `name` in the tree, in history order.
fn entries<'a>(tree: &'a TreeNode, name: &str, out: &mut Vec<&'a TreeNode>) {
    if matches!(tree.kind, TreeNodeKind::State { .. }) && tree.label == name {
        out.push(tree);
    }
    for child in &tree.children {
        entries(child, name, out);
    }
}

/// The context object (`$$`) the entry saw, rebuilt from the tree: execution, state machine,
/// state (entered time; a Task's retry count). (`$$.Map.Item` belongs to the Map state's own
/// ItemSelector, not to the states inside; workflow variables are not tracked here.)
fn context(state: &State, entry: &TreeNode, root: &TreeNode, config: &ExecutionConfig) -> Value {
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
        (asl::path::VARIABLES): {},
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
/// no entries.
pub fn inspect(
    definition: &Definition,
    tree: Option<&TreeNode>,
    name: &str,
    config: &ExecutionConfig,
) -> Option<Inspection> {
    let state = find_state(&definition.machine, name)?;
    let mut found = Vec::new();
    if let Some(tree) = tree {
        entries(tree, name, &mut found);
    }
    let latest = found.last().copied();
    let flow = match (latest, tree) {
        (Some(entry), Some(root)) => match &entry.input {
            Some(input) => {
                let ctx = context(state, entry, root, config);
                asl::data_flow(state, input, work_result(entry).as_ref(), Some(&ctx))
            }
            None => DataFlow::default(),
        },
        _ => DataFlow::default(),
    };
    let error = latest
        .filter(|n| matches!(n.status, NodeStatus::Failed | NodeStatus::Caught))
        .and_then(|n| n.error.clone().map(|e| (e, n.cause.clone())));
    Some(Inspection {
        state_name: name.to_string(),
        state_type: state.kind.type_name(),
        entries: found.len(),
        flow,
        error,
    })
}
