//! The workflow variables in scope at one entry of a state, rebuilt from the history's
//! `assignedVariables` (AWS records what each state assigned when it exits, not the scope).

use std::collections::HashMap;

use serde_json::{Map, Value};

use crate::history::HistoryEvent;
use crate::tree::{TreeNode, TreeNodeKind};

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
pub(super) fn variables(
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
