//! The tree's own state for one execution (which nodes are open, which is selected), and how
//! a row's click changes it.

use yew::prelude::*;

use crate::tree_rows::{Expansion, NodeKey, Row, RowKind};

/// The tree's own state for one execution: which nodes the user opened or closed, and
/// which node is selected.
#[derive(Clone, PartialEq, Default)]
pub(super) struct View {
    /// The execution it belongs to.
    pub(super) execution: AttrValue,
    /// Which nodes the user opened or closed.
    pub(super) expansion: Expansion,
    /// The selected node.
    pub(super) selected: Option<NodeKey>,
}

/// For a node's row that can open: its key and its state after a toggle.
pub(super) fn flip(row: &Row) -> Option<(NodeKey, bool)> {
    match row.kind {
        RowKind::Node {
            open,
            expandable: true,
            ..
        } => Some((row.key, !open)),
        _ => None,
    }
}
