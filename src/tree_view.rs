//! View models of the execution tree, kept pure so they are tested natively: the status
//! filter, each node's place on the execution's timeline, and which attempt a task
//! invocation was.

use asl::{NodeStatus, TreeNode, TreeNodeKind};

/// Which nodes the execution tree shows (`data-testid="tree-filter"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum StatusFilter {
    /// Every node.
    #[default]
    All,
    /// Nodes that failed (or were aborted), and the nodes that lead to them.
    Failed,
    /// Nodes whose error a Catch handled, and the nodes that lead to them.
    Caught,
    /// Nodes that succeeded, and the nodes that lead to them.
    Succeeded,
    /// Nodes still running, and the nodes that lead to them.
    InProgress,
}

impl StatusFilter {
    /// Every filter, in menu order.
    pub const ALL: [StatusFilter; 5] = [
        StatusFilter::All,
        StatusFilter::Failed,
        StatusFilter::Caught,
        StatusFilter::Succeeded,
        StatusFilter::InProgress,
    ];

    /// The option value: `all`, `FAILED`, `CAUGHT`, `SUCCEEDED`, `IN_PROGRESS` (the
    /// statuses as `data-status` spells them).
    pub fn as_str(self) -> &'static str {
        match self {
            StatusFilter::All => "all",
            StatusFilter::Failed => "FAILED",
            StatusFilter::Caught => "CAUGHT",
            StatusFilter::Succeeded => "SUCCEEDED",
            StatusFilter::InProgress => "IN_PROGRESS",
        }
    }

    /// The menu's label.
    pub fn label(self) -> &'static str {
        match self {
            StatusFilter::All => "All statuses",
            StatusFilter::Failed => "Failed",
            StatusFilter::Caught => "Caught",
            StatusFilter::Succeeded => "Succeeded",
            StatusFilter::InProgress => "In progress",
        }
    }

    /// From an option value; anything else is [`StatusFilter::All`].
    pub fn parse(s: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .unwrap_or_default()
    }

    /// Whether a node with this status is one the filter looks for.
    pub fn matches(self, status: NodeStatus) -> bool {
        match self {
            StatusFilter::All => true,
            StatusFilter::Failed => matches!(status, NodeStatus::Failed | NodeStatus::Aborted),
            StatusFilter::Caught => status == NodeStatus::Caught,
            StatusFilter::Succeeded => status == NodeStatus::Succeeded,
            StatusFilter::InProgress => status == NodeStatus::InProgress,
        }
    }
}

/// The tree with only the nodes the filter looks for, and their ancestors (so each stays
/// in its place); `None` when no node matches.
pub fn filter_tree(node: &TreeNode, filter: StatusFilter) -> Option<TreeNode> {
    if filter == StatusFilter::All {
        return Some(node.clone());
    }
    let children: Vec<std::rc::Rc<TreeNode>> = node
        .children
        .iter()
        .filter_map(|c| filter_tree(c, filter).map(std::rc::Rc::new))
        .collect();
    (filter.matches(node.status) || !children.is_empty()).then(|| TreeNode {
        children,
        ..shallow(node)
    })
}

fn shallow(node: &TreeNode) -> TreeNode {
    TreeNode {
        kind: node.kind.clone(),
        label: node.label.clone(),
        status: node.status,
        input: node.input.clone(),
        output: node.output.clone(),
        error: node.error.clone(),
        cause: node.cause.clone(),
        start_ms: node.start_ms,
        end_ms: node.end_ms,
        first_event_id: node.first_event_id,
        children: vec![],
    }
}

/// The execution's time span, to place each node on it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeline {
    /// When the execution started (ms since the epoch).
    pub start_ms: i64,
    /// How long it took so far (at least 1 ms, so bars stay drawable).
    pub span_ms: i64,
}

impl Timeline {
    /// The timeline of an execution tree: from the root's start to the latest timestamp in
    /// the tree (its end, or the last node's start while it runs).
    pub fn of(root: &TreeNode) -> Self {
        fn latest(n: &TreeNode) -> i64 {
            n.children
                .iter()
                .map(|c| latest(c))
                .fold(n.end_ms.unwrap_or(n.start_ms), i64::max)
        }
        Self {
            start_ms: root.start_ms,
            span_ms: (latest(root) - root.start_ms).max(1),
        }
    }

    /// A node's start offset from the execution's start, in ms.
    pub fn offset_ms(&self, node: &TreeNode) -> i64 {
        node.start_ms - self.start_ms
    }

    /// A node's bar as percentages of the timeline: (left, width). A node still running
    /// reaches the end; a bar is at least 0.5 % wide, so an instant step still shows.
    pub fn bar(&self, node: &TreeNode) -> (f64, f64) {
        let span = self.span_ms as f64;
        let left = (self.offset_ms(node) as f64 / span * 100.0).clamp(0.0, 100.0);
        let end = node.end_ms.unwrap_or(self.start_ms + self.span_ms);
        let width = ((end - node.start_ms) as f64 / span * 100.0).clamp(0.5, 100.0);
        (left.min(99.5), width.min(100.0 - left.min(99.5)))
    }
}

/// For each child of `node`: `Some((attempt, attempts))` when it is a task invocation (its
/// 1-based attempt number among the state's invocations, and how many there were), else
/// `None`.
pub fn attempts(node: &TreeNode) -> Vec<Option<(usize, usize)>> {
    let is_invocation = |c: &TreeNode| matches!(c.kind, TreeNodeKind::TaskInvocation { .. });
    let total = node.children.iter().filter(|c| is_invocation(c)).count();
    let mut k = 0;
    node.children
        .iter()
        .map(|c| {
            is_invocation(c).then(|| {
                k += 1;
                (k, total)
            })
        })
        .collect()
}
