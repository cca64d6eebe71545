//! Which nodes of the tree are open, and finding nodes: by path, by key, and the state entry
//! a node opens in the inspector.

use std::collections::HashMap;

use asl::{TreeNode, TreeNodeKind};

/// Trees of at most this many nodes start with every node open (larger ones: two levels).
pub const OPEN_ALL_MAX: usize = 60;

/// A node's stable key: its first event's id, and whether it is a Parallel branch (a
/// branch's first event is its first state's).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct NodeKey {
    /// The node's `first_event_id`.
    pub event: u64,
    /// Whether the node is a Parallel branch.
    pub branch: bool,
}

impl NodeKey {
    /// The key of `node`.
    pub fn of(node: &TreeNode) -> Self {
        Self {
            event: node.first_event_id,
            branch: matches!(node.kind, TreeNodeKind::ParallelBranch { .. }),
        }
    }

    /// The key of the state entry whose `…StateEntered` event is `event`.
    pub fn state(event: u64) -> Self {
        Self {
            event,
            branch: false,
        }
    }
}

/// Which nodes are open: the ones the user opened or closed, else the default (every node
/// in a small tree, the first two levels in a large one).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Expansion {
    /// Nodes opened (`true`) or closed (`false`) by the user.
    pub toggled: HashMap<NodeKey, bool>,
}

impl Expansion {
    /// Whether the node `key` at `depth` is open, in a tree that opens every node by
    /// default when `open_all`.
    pub fn is_open(&self, key: NodeKey, depth: usize, open_all: bool) -> bool {
        self.toggled
            .get(&key)
            .copied()
            .unwrap_or(open_all || depth < 2)
    }

    /// Opens or closes `key`.
    pub fn set(&mut self, key: NodeKey, open: bool) {
        self.toggled.insert(key, open);
    }
}

/// Whether a tree is small enough to open every node by default.
pub fn opens_all(root: &TreeNode) -> bool {
    fn count(n: &TreeNode, budget: &mut usize) -> bool {
        if *budget == 0 {
            return false;
        }
        *budget -= 1;
        n.children.iter().all(|c| count(c, budget))
    }
    let mut budget = OPEN_ALL_MAX;
    count(root, &mut budget)
}

/// The node at `path` (child indexes from `root`).
pub fn node_at<'a>(root: &'a TreeNode, path: &[usize]) -> Option<&'a TreeNode> {
    path.iter()
        .try_fold(root, |n, &k| n.children.get(k).map(|c| &**c))
}

/// The path (child indexes from `root`) of the node with key `key`, if the tree has it.
pub fn path_to(root: &TreeNode, key: NodeKey) -> Option<Vec<usize>> {
    if NodeKey::of(root) == key {
        return Some(Vec::new());
    }
    root.children.iter().enumerate().find_map(|(k, c)| {
        path_to(c, key).map(|mut p| {
            p.insert(0, k);
            p
        })
    })
}

/// Opens every ancestor of the node at `path`, so it has a row.
pub fn reveal(root: &TreeNode, path: &[usize], expansion: &mut Expansion) {
    let mut n = root;
    for &k in path {
        expansion.set(NodeKey::of(n), true);
        match n.children.get(k) {
            Some(c) => n = c,
            None => return,
        }
    }
}

/// The state entry the node at `path` opens in the state inspector: `(state name,
/// first_event_id)` of the node itself for a state, of its first state for a Map iteration
/// or Parallel branch, of its Task state for a Lambda invocation; `None` for the execution.
pub fn inspect_target(root: &TreeNode, path: &[usize]) -> Option<(String, u64)> {
    let n = node_at(root, path)?;
    let state = |n: &TreeNode| {
        matches!(n.kind, TreeNodeKind::State { .. }).then(|| (n.label.clone(), n.first_event_id))
    };
    match n.kind {
        TreeNodeKind::State { .. } => state(n),
        TreeNodeKind::MapIteration { .. } | TreeNodeKind::ParallelBranch { .. } => {
            n.children.iter().find_map(|c| state(c))
        }
        TreeNodeKind::TaskInvocation { .. } => {
            node_at(root, path.split_last().map_or(&[][..], |(_, p)| p)).and_then(state)
        }
        TreeNodeKind::Execution => None,
    }
}
