//! The Map iteration viewer's model, derived from the execution tree: a Map state's latest
//! entry, its iterations and their combined output. (Which Map states there are, with their
//! item processors, the loaded definition answers: `asl::Definition::map_states`.)

use asl::{NodeStatus, TreeNode, TreeNodeKind};
use serde_json::Value;

/// The latest entry of the Map state `name` in the tree.
pub fn latest_map_entry<'a>(tree: &'a TreeNode, name: &str) -> Option<&'a TreeNode> {
    let mut found = None;
    let mut stack = vec![tree];
    // Depth-first in history order; the last match is the latest entry.
    while let Some(node) = stack.pop() {
        if matches!(&node.kind, TreeNodeKind::State { state_type } if state_type == "Map")
            && node.label == name
            && found.is_none_or(|f: &TreeNode| f.first_event_id < node.first_event_id)
        {
            found = Some(node);
        }
        stack.extend(node.children.iter().rev().map(|c| &**c));
    }
    found
}

/// The iterations of a Map entry, as (index, node), in index order.
pub fn iterations(map: &TreeNode) -> Vec<(u64, &TreeNode)> {
    let mut out: Vec<(u64, &TreeNode)> = map
        .children
        .iter()
        .filter_map(|c| match c.kind {
            TreeNodeKind::MapIteration { index } => Some((index, &**c)),
            _ => None,
        })
        .collect();
    out.sort_by_key(|(i, _)| *i);
    out
}

/// The iteration menu lists at most this many iterations (around the chosen one); the index
/// field reaches the others.
pub const MENU_ITERATIONS: usize = 200;

/// Which of `count` iterations (positions in the list) the menu offers when the one at
/// `chosen` is chosen: all of them when they are at most [`MENU_ITERATIONS`], else
/// [`MENU_ITERATIONS`] around it.
pub fn menu_window(count: usize, chosen: usize) -> std::ops::Range<usize> {
    if count <= MENU_ITERATIONS {
        return 0..count;
    }
    let first = chosen
        .saturating_sub(MENU_ITERATIONS / 2)
        .min(count - MENU_ITERATIONS);
    first..first + MENU_ITERATIONS
}

/// Whether an iteration failed (or was aborted).
pub fn failed(iteration: &TreeNode) -> bool {
    matches!(iteration.status, NodeStatus::Failed | NodeStatus::Aborted)
}

/// The Map's combined output: its recorded output once it ended, else the array of the
/// iterations' outputs so far (`null` for those without one).
pub fn combined_output(map: &TreeNode) -> Value {
    match combined_output_ref(map) {
        CombinedOutput::Recorded(out) => out.clone(),
        CombinedOutput::SoFar(outputs) => Value::Array(outputs.into_iter().cloned().collect()),
    }
}

/// [`combined_output`] without copying the values (to write them).
#[derive(Debug, serde::Serialize)]
#[serde(untagged)]
pub enum CombinedOutput<'a> {
    /// The Map's recorded output.
    Recorded(&'a Value),
    /// The outputs of the iterations so far, in index order.
    SoFar(Vec<&'a Value>),
}

/// The Map's combined output, borrowed: see [`combined_output`].
pub fn combined_output_ref(map: &TreeNode) -> CombinedOutput<'_> {
    const NULL: &Value = &Value::Null;
    match &map.output {
        Some(out) => CombinedOutput::Recorded(out.as_ref()),
        None => CombinedOutput::SoFar(
            iterations(map)
                .into_iter()
                .map(|(_, it)| it.output.as_deref().unwrap_or(NULL))
                .collect(),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn maps_and_iterations_of_the_tutorial() {
        let def = json!({"StartAt": "P", "States": {"P": {"Type": "Parallel", "Branches": [
            {"StartAt": "M", "States": {"M": {"Type": "Map", "Iterator": {"StartAt": "C", "States": {"C": {"Type": "Pass", "End": true}}}, "End": true}}}
        ], "End": true}}});
        let def = asl::load(&def.to_string()).expect("loads");
        let maps = def.map_states();
        assert_eq!(maps.len(), 1);
        assert_eq!(maps[0].0.name, "M");
        assert_eq!(maps[0].1.processor.start_at, "C");
    }

    #[test]
    fn the_menu_lists_iterations_around_the_chosen_one() {
        assert_eq!(menu_window(3, 1), 0..3);
        assert_eq!(menu_window(10_000, 0), 0..MENU_ITERATIONS);
        assert_eq!(menu_window(10_000, 5_000), 4_900..5_100);
        assert_eq!(menu_window(10_000, 9_999), 9_800..10_000);
    }

    #[test]
    fn combined_output_from_iterations() {
        let it = |index, out: Value, status| TreeNode {
            status,
            output: Some(std::rc::Rc::new(out)),
            ..TreeNode::started(
                TreeNodeKind::MapIteration { index },
                format!("Iteration {index}"),
                10 + index,
            )
        };
        let map_kind = TreeNodeKind::State {
            state_type: "Map".into(),
        };
        let map = TreeNode {
            children: vec![
                it(1, json!("b"), NodeStatus::Failed).into(),
                it(0, json!("a"), NodeStatus::Succeeded).into(),
            ],
            ..TreeNode::started(map_kind, "M", 2)
        };
        assert_eq!(combined_output(&map), json!(["a", "b"]));
        assert!(failed(iterations(&map)[1].1));
        let root = TreeNode {
            kind: TreeNodeKind::Execution,
            children: vec![map.clone().into()],
            ..map.clone()
        };
        assert_eq!(
            latest_map_entry(&root, "M").map(|m| m.first_event_id),
            Some(2)
        );
    }
}
