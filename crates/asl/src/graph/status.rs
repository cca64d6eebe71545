//! Each state's status in the diagram, from the execution tree: how a state ended (or that
//! it is still running, or running again after a failed attempt), as the graph's
//! `data-status` attribute spells it.

use std::collections::HashMap;

use crate::tree::{NodeStatus, TreeNode, TreeNodeKind};

/// Status of a state in the graph, as the `data-status` attribute spells it.
pub fn status_name(status: NodeStatus) -> &'static str {
    match status {
        NodeStatus::InProgress => "IN_PROGRESS",
        NodeStatus::Succeeded => "SUCCEEDED",
        NodeStatus::Failed | NodeStatus::Aborted => "FAILED",
        NodeStatus::Caught => "CAUGHT",
    }
}

fn rank(status: &str) -> u8 {
    match status {
        "IN_PROGRESS" | "RETRIED" => 4,
        "FAILED" => 3,
        "CAUGHT" => 2,
        "SUCCEEDED" => 1,
        _ => 0,
    }
}

/// Each state's status, from the execution tree: a state entered several times (Map
/// iterations) shows the most telling one (in progress > failed > caught > succeeded).
/// A state still running after a failed attempt is `RETRIED`. States never entered are absent
/// (`NOT_RUN`).
pub fn state_statuses(tree: &TreeNode) -> HashMap<String, &'static str> {
    fn walk(node: &TreeNode, out: &mut HashMap<String, &'static str>) {
        if let TreeNodeKind::State { .. } = node.kind {
            let retried = node.status == NodeStatus::InProgress
                && node.children.iter().any(|c| {
                    matches!(c.kind, TreeNodeKind::TaskInvocation { .. })
                        && c.status == NodeStatus::Failed
                });
            let status = if retried {
                "RETRIED"
            } else {
                status_name(node.status)
            };
            // the label is copied once per state, not once per node (a Map's iterations
            // enter the same states thousands of times)
            match out.get_mut(node.label.as_str()) {
                Some(slot) if rank(status) > rank(slot) => *slot = status,
                Some(_) => {}
                None => {
                    out.insert(node.label.clone(), status);
                }
            }
        }
        for child in &node.children {
            walk(child, out);
        }
    }
    let mut out = HashMap::new();
    walk(tree, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn node(
        kind: TreeNodeKind,
        label: &str,
        status: NodeStatus,
        id: u64,
        children: Vec<TreeNode>,
    ) -> TreeNode {
        TreeNode {
            status,
            children: children.into_iter().map(std::rc::Rc::new).collect(),
            ..TreeNode::started(kind, label, id)
        }
    }

    #[test]
    fn statuses_from_the_tree() {
        let task = |id, status| {
            node(
                TreeNodeKind::State {
                    state_type: "Task".into(),
                },
                "CallLambda",
                status,
                id,
                vec![],
            )
        };
        let tree = node(
            TreeNodeKind::Execution,
            "run",
            NodeStatus::Succeeded,
            1,
            vec![node(
                TreeNodeKind::State {
                    state_type: "Map".into(),
                },
                "ExampleMapState",
                NodeStatus::InProgress,
                2,
                vec![
                    task(3, NodeStatus::Succeeded),
                    task(4, NodeStatus::InProgress),
                ],
            )],
        );
        let s = state_statuses(&tree);
        assert_eq!(s["ExampleMapState"], "IN_PROGRESS");
        assert_eq!(s["CallLambda"], "IN_PROGRESS");
        assert!(!s.contains_key("run"));
    }

    #[test]
    fn retried_caught_and_the_most_telling_of_several_entries() {
        let state = |label: &str, status, id, children| {
            let kind = TreeNodeKind::State {
                state_type: "Task".into(),
            };
            node(kind, label, status, id, children)
        };
        let attempt = |status, id| {
            let kind = TreeNodeKind::TaskInvocation {
                resource: "r".into(),
            };
            node(kind, "F", status, id, vec![])
        };
        let tree = node(
            TreeNodeKind::Execution,
            "run",
            NodeStatus::InProgress,
            1,
            vec![
                state("Caught", NodeStatus::Caught, 2, vec![]),
                state("Twice", NodeStatus::Succeeded, 3, vec![]),
                state("Twice", NodeStatus::Failed, 4, vec![]),
                state("Twice", NodeStatus::Caught, 5, vec![]),
                state("Stopped", NodeStatus::Aborted, 6, vec![]),
                state(
                    "Retrying",
                    NodeStatus::InProgress,
                    7,
                    vec![attempt(NodeStatus::Failed, 8)],
                ),
            ],
        );
        let s = state_statuses(&tree);
        assert_eq!(s["Caught"], "CAUGHT");
        assert_eq!(s["Twice"], "FAILED");
        assert_eq!(s["Stopped"], "FAILED");
        assert_eq!(s["Retrying"], "RETRIED");
        assert_eq!(s.len(), 4);
        assert_eq!(status_name(NodeStatus::Succeeded), "SUCCEEDED");
    }
}
