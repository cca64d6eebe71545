//! The state inspector: how data flowed through one entry of a state in a recorded
//! execution, recomputed by the interpreter ([`data_flow`]) from the input and result the
//! execution recorded, with the context object (`$$`, built as the interpreter builds it)
//! and the workflow variables in scope when it was entered (rebuilt from the history's
//! `assignedVariables`: the `scope` module says how).

mod data_flow;
mod scope;

pub use data_flow::{data_flow, DataFlow, DataFlowStep};

use serde_json::{Map, Value};

use crate::config::ExecutionConfig;
use crate::definition::{Definition, State};
use crate::exec::context::ExecutionContext;
use crate::history::HistoryEvent;
use crate::tree::{NodeStatus, TreeNode, TreeNodeKind};

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
    /// The steps the interpreter recomputed, with the workflow variables rebuilt from the
    /// history (see [`inspect_entry`]): `variablesOnEntry` (in scope when the entry was
    /// entered) and `variables` (after it, its own assignments applied).
    pub flow: DataFlow,
    /// The entry's error and cause, when it failed.
    pub error: Option<(String, Option<String>)>,
}

/// One entry of a state found in the tree: its node, the innermost Map iteration index it ran
/// in, and its path (child indexes from the root).
type Found<'a> = (&'a TreeNode, Option<u64>, Vec<usize>);

/// Every entry of the state named `name` in the tree, in history order.
fn entries<'a>(
    tree: &'a TreeNode,
    name: &str,
    iteration: Option<u64>,
    path: &mut Vec<usize>,
    out: &mut Vec<Found<'a>>,
) {
    if matches!(tree.kind, TreeNodeKind::State { .. }) && tree.label == name {
        out.push((tree, iteration, path.clone()));
    }
    let iteration = match tree.kind {
        TreeNodeKind::MapIteration { index } => Some(index),
        _ => iteration,
    };
    for (k, child) in tree.children.iter().enumerate() {
        path.push(k);
        entries(child, name, iteration, path, out);
        path.pop();
    }
}

/// The context object (`$$`) the entry saw, rebuilt from the tree as the interpreter builds
/// it: the execution (as `config` names it), the state (entered time; a Task's retry count:
/// its invocations before the last), and the workflow variables `vars` (see
/// [`scope::variables`]). (`$$.Map.Item` belongs to the Map state's own ItemSelector, not to
/// the states inside.)
fn context(
    state: &State,
    entry: &TreeNode,
    root: &TreeNode,
    config: &ExecutionConfig,
    vars: &Map<String, Value>,
) -> Value {
    let calls = entry
        .children
        .iter()
        .filter(|c| matches!(c.kind, TreeNodeKind::TaskInvocation { .. }))
        .count();
    let input = root.input.as_deref().unwrap_or(&Value::Null);
    let execution = ExecutionContext {
        config,
        input,
        start_ms: root.start_ms,
        patch: None,
    };
    let retry_count = u64::try_from(calls.saturating_sub(1)).unwrap_or(u64::MAX);
    execution.object(state, entry.start_ms, retry_count, vars)
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
            .and_then(|c| c.output.as_deref().cloned()),
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
                .map(|c| c.output.as_deref().cloned())
                .collect();
            outputs.map(Value::Array)
        }
        _ => None,
    }
}

/// Whether the execution assigned any variable (its history records some).
fn uses_variables(history: &[HistoryEvent]) -> bool {
    history
        .iter()
        .any(|e| e.detail("assignedVariables").is_some())
}

/// The flow with the workflow variables as two steps (in place of the interpreter's
/// recomputed `Assign`): `variablesOnEntry`, right after the input, holds `scope`, what the
/// entry could read; `variables`, after the output, holds the variables after the state —
/// `scope` with what the entry assigned (`assigned`, as recorded) applied, like TestState's
/// `inspectionData.variables`. Both are left out when the execution uses no variables and
/// none are in scope.
fn with_scope(
    mut flow: DataFlow,
    scope: Map<String, Value>,
    assigned: Option<&Map<String, Value>>,
    uses_variables: bool,
) -> DataFlow {
    flow.steps.retain(|s| s.step != "variables");
    if uses_variables || !scope.is_empty() {
        let mut after = scope.clone();
        after.extend(
            assigned
                .into_iter()
                .flatten()
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        let at = flow.steps.len().min(1);
        flow.steps.insert(
            at,
            DataFlowStep {
                step: "variablesOnEntry",
                value: Value::Object(scope),
            },
        );
        if flow.error.is_none() {
            flow.steps.push(DataFlowStep {
                step: "variables",
                value: Value::Object(after),
            });
        }
    }
    flow
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
/// in scope rebuilt from `history` (as the module says): the `variablesOnEntry` step shows
/// them, the `variables` step shows them after the entry's own `Assign`.
pub fn inspect_entry(
    definition: &Definition,
    tree: Option<&TreeNode>,
    history: &[HistoryEvent],
    name: &str,
    entry: Option<u64>,
    config: &ExecutionConfig,
) -> Option<Inspection> {
    let state = definition.machine.find_state(name)?;
    let mut found = Vec::new();
    if let Some(tree) = tree {
        entries(tree, name, None, &mut Vec::new(), &mut found);
    }
    let selected = entry
        .and_then(|id| found.iter().position(|(n, _, _)| n.first_event_id == id))
        .unwrap_or(found.len().saturating_sub(1));
    let chosen = found.get(selected).map(|(n, _, _)| *n);
    let (scope, assigned) = match (found.get(selected), tree) {
        (Some((_, _, path)), Some(root)) => scope::variables(history, root, path),
        _ => (Map::new(), None),
    };
    let flow = match (chosen, tree) {
        (Some(entry), Some(root)) => match &entry.input {
            Some(input) => {
                let ctx = context(state, entry, root, config, &scope);
                let flow = data_flow(state, input, work_result(entry).as_ref(), Some(&ctx));
                with_scope(flow, scope, assigned.as_ref(), uses_variables(history))
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
            .map(|(n, iteration, _)| EntryRef {
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
