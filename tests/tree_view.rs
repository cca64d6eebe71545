//! The execution tree's view models: the status filter, each node's bar on the execution's
//! timeline, and which attempt a Lambda invocation was.

use asl::{NodeStatus, TreeNode, TreeNodeKind};
use asl_playground::tree_view::*;

fn node(
    kind: TreeNodeKind,
    status: NodeStatus,
    start: i64,
    end: Option<i64>,
    children: Vec<TreeNode>,
) -> TreeNode {
    TreeNode {
        status,
        start_ms: start,
        end_ms: end,
        children: children.into_iter().map(std::rc::Rc::new).collect(),
        ..TreeNode::started(kind, "n", start as u64)
    }
}

fn state(status: NodeStatus, start: i64, end: i64, children: Vec<TreeNode>) -> TreeNode {
    let kind = TreeNodeKind::State {
        state_type: "Task".into(),
    };
    node(kind, status, start, Some(end), children)
}

fn invocation(status: NodeStatus, start: i64, end: i64) -> TreeNode {
    let kind = TreeNodeKind::TaskInvocation {
        resource: "r".into(),
    };
    node(kind, status, start, Some(end), vec![])
}

fn sample() -> TreeNode {
    node(
        TreeNodeKind::Execution,
        NodeStatus::Failed,
        1000,
        Some(1100),
        vec![
            state(NodeStatus::Succeeded, 1000, 1010, vec![]),
            state(
                NodeStatus::Failed,
                1050,
                1100,
                vec![
                    invocation(NodeStatus::Failed, 1050, 1060),
                    invocation(NodeStatus::Failed, 1070, 1100),
                ],
            ),
            state(
                NodeStatus::Caught,
                1010,
                1020,
                vec![invocation(NodeStatus::Failed, 1010, 1020)],
            ),
        ],
    )
}

#[test]
fn filters_keep_matches_and_their_ancestors() {
    let tree = sample();
    assert_eq!(filter_tree(&tree, StatusFilter::All).as_ref(), Some(&tree));
    let failed = filter_tree(&tree, StatusFilter::Failed).unwrap();
    // The failed state, and the caught state's failed invocation (with its state).
    assert_eq!(failed.children.len(), 2);
    assert_eq!(failed.children[0].children.len(), 2);
    assert_eq!(failed.children[1].status, NodeStatus::Caught);
    let succeeded = filter_tree(&tree, StatusFilter::Succeeded).unwrap();
    assert_eq!(succeeded.children.len(), 1);
    assert!(filter_tree(&tree, StatusFilter::InProgress).is_none());
    for f in StatusFilter::ALL {
        assert_eq!(StatusFilter::parse(f.as_str()), f);
    }
    assert_eq!(StatusFilter::parse("nonsense"), StatusFilter::All);
}

#[test]
fn bars_are_placed_on_the_execution_timeline() {
    let tree = sample();
    let t = Timeline::of(&tree);
    assert_eq!(
        t,
        Timeline {
            start_ms: 1000,
            span_ms: 100
        }
    );
    assert_eq!(t.offset_ms(&tree.children[1]), 50);
    assert_eq!(t.bar(&tree.children[1]), (50.0, 50.0));
    assert_eq!(t.bar(&tree), (0.0, 100.0));
    // An instant step is still visible.
    let instant = state(NodeStatus::Succeeded, 1100, 1100, vec![]);
    assert_eq!(t.bar(&instant), (99.5, 0.5));
    // A running node reaches the end.
    let mut running = state(NodeStatus::InProgress, 1020, 0, vec![]);
    running.end_ms = None;
    assert_eq!(t.bar(&running), (20.0, 80.0));
}

#[test]
fn invocations_are_numbered_attempts() {
    let tree = sample();
    assert_eq!(attempts(&tree.children[1]), [Some((1, 2)), Some((2, 2))]);
    assert_eq!(attempts(&tree), [None, None, None]);
}
