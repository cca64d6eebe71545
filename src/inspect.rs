//! The state inspector's model: how data flowed through one entry of a state, recomputed by
//! the interpreter (`asl::data_flow`) from the input and result the execution recorded, and
//! the workflow variables in scope when it was entered, rebuilt from the history.

use std::collections::HashMap;

use asl::definition::{State, StateKind, StateMachine};
use asl::history::time::iso8601;
use asl::history::HistoryEvent;
use asl::{
    DataFlow, DataFlowStep, Definition, ExecutionConfig, NodeStatus, TreeNode, TreeNodeKind,
};
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
    /// The steps the interpreter recomputed, with the workflow variables rebuilt from the
    /// history (see [`inspect_entry`]): `variablesOnEntry` (in scope when the entry was
    /// entered) and `variables` (after it, its own assignments applied).
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

/// The `…StateExited` events of a history, to find the one ending a state entry.
struct Exits<'a> {
    by_id: HashMap<u64, &'a HistoryEvent>,
    by_name: HashMap<&'a str, Vec<&'a HistoryEvent>>,
}

impl<'a> Exits<'a> {
    fn of(history: &'a [HistoryEvent]) -> Self {
        let mut by_name: HashMap<&str, Vec<&HistoryEvent>> = HashMap::new();
        for e in history.iter().filter(|e| e.kind.ends_with("StateExited")) {
            if let Some(name) = e.detail("name").and_then(Value::as_str) {
                by_name.entry(name).or_default().push(e);
            }
        }
        Self {
            by_id: history.iter().map(|e| (e.id, e)).collect(),
            by_name,
        }
    }

    /// The `…StateExited` event of the state entry `node`: the first one of its name whose
    /// `previousEventId` chain leads back to the entry's `…StateEntered` event (other
    /// iterations' entries of the same state interleave with it).
    fn exit(&self, node: &TreeNode) -> Option<&'a HistoryEvent> {
        let entered = node.first_event_id;
        let leads_back = |e: &HistoryEvent| {
            let mut id = e.id;
            while id > entered {
                match self.by_id.get(&id) {
                    Some(e) if e.previous_event_id < e.id => id = e.previous_event_id,
                    _ => return false,
                }
            }
            id == entered
        };
        self.by_name
            .get(node.label.as_str())?
            .iter()
            .filter(|e| e.id > entered)
            .find(|e| leads_back(e))
            .copied()
    }

    /// The variables the state entry `node` assigned, as its exit recorded them.
    fn assigned(&self, node: &TreeNode) -> Option<Map<String, Value>> {
        self.exit(node).and_then(assigned_of)
    }
}

/// The variables in scope when the entry at `path` (child indexes from `root`) was entered,
/// and the ones it assigned, from the history's `assignedVariables`.
///
/// As in AWS: the top-level states share one scope, and a state sees what the states before
/// it in that scope assigned (loops included: each earlier pass is an earlier entry). Each
/// Map iteration and Parallel branch has a scope of its own: its states see the outer scope
/// as it was when the Map or Parallel state was entered (its own `Assign` applies when it
/// exits), plus what the states before them in the iteration or branch assigned; what an
/// iteration or branch assigns never reaches the outer scope or the other iterations. (A
/// history whose `previousEventId` chains are broken, e.g. imported, loses the assignments
/// of the entries whose exit cannot be found; values AWS truncated are taken as recorded.)
fn variables(
    history: &[HistoryEvent],
    root: &TreeNode,
    path: &[usize],
) -> (Map<String, Value>, Option<Map<String, Value>>) {
    let exits = Exits::of(history);
    let mut scope = Map::new();
    let mut container = root;
    for &k in path {
        let Some(child) = container.children.get(k) else {
            break;
        };
        // Entering a state of this scope: the states before it in the scope have exited.
        // (Iterations and branches are scopes of their own: nothing from their siblings.)
        if matches!(child.kind, TreeNodeKind::State { .. }) {
            for earlier in container.children[..k]
                .iter()
                .filter(|c| matches!(c.kind, TreeNodeKind::State { .. }))
            {
                scope.extend(exits.assigned(earlier).unwrap_or_default());
            }
        }
        container = child;
    }
    let own = (!path.is_empty())
        .then(|| exits.assigned(container))
        .flatten();
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
/// in scope rebuilt from `history` (see [`variables`]): the `variablesOnEntry` step shows
/// them, the `variables` step shows them after the entry's own `Assign`.
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
        entries(tree, name, None, &mut Vec::new(), &mut found);
    }
    let selected = entry
        .and_then(|id| found.iter().position(|(n, _, _)| n.first_event_id == id))
        .unwrap_or(found.len().saturating_sub(1));
    let chosen = found.get(selected).map(|(n, _, _)| *n);
    let (scope, assigned) = match (found.get(selected), tree) {
        (Some((_, _, path)), Some(root)) => variables(history, root, path),
        _ => (Map::new(), None),
    };
    let flow = match (chosen, tree) {
        (Some(entry), Some(root)) => match &entry.input {
            Some(input) => {
                let ctx = context(state, entry, root, config, scope.clone());
                let flow = asl::data_flow(state, input, work_result(entry).as_ref(), Some(&ctx));
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
