//! The execution tree as rows, so it is drawn like a long list: the visible nodes (those
//! whose ancestors are open) flattened in order, each as a summary row and, while open, a
//! body row with its contents (input, output, error, cause, request id, logs). Every row has
//! a height fixed here (the style sheet and the view follow it), so the tree knows where
//! each row is without measuring, and draws only the rows in view (a 1,000-iteration Map
//! stays fast). Its parts: [`parts`] (a body's contents and their heights), `expansion`
//! (which nodes are open, finding nodes), `keys` (the keyboard's moves). Pure, tested
//! natively.

mod expansion;
mod keys;
mod parts;

use std::cell::Ref;
use std::collections::HashMap;
use std::rc::Rc;

use asl::{TreeNode, TreeNodeKind};

pub use expansion::{
    inspect_target, node_at, opens_all, path_to, reveal, Expansion, NodeKey, OPEN_ALL_MAX,
};
pub use keys::{navigate, Key, Move};
pub use parts::{
    body_px, json_lines, parts, Part, BLOCK_EXTRA_PX, BLOCK_LINES, BLOCK_LINE_PX, BODY_PAD_PX,
    INLINE_MAX, LINE_PX,
};

use crate::row_window::Windowing;
use crate::state::{InvocationRecord, Log};
use crate::tree_view::attempts;
use crate::views::link_invocations;

/// The Lambda invocation records of a tree's task-invocation nodes, by the node's
/// `first_event_id`: indexes into the run's invocation [`Log`], which is shared, not copied
/// (the tree is drawn on every frame of a run, and copying every record's payload and logs
/// made each frame cost as much as the whole run).
#[derive(Clone, Default)]
pub struct Records {
    links: HashMap<u64, usize>,
    log: Log<InvocationRecord>,
}

impl Records {
    /// The records of `tree`'s invocations among `log` (in call order), linked as
    /// [`link_invocations`] says.
    pub fn new(tree: &TreeNode, log: &Log<InvocationRecord>) -> Self {
        let links = link_invocations(tree, &log.items());
        Self {
            links,
            log: log.clone(),
        }
    }

    /// The record of the task-invocation node whose first event id is `id` (a borrow of the
    /// log: drop it before the log grows).
    pub fn get(&self, id: u64) -> Option<Ref<'_, InvocationRecord>> {
        let k = *self.links.get(&id)?;
        Ref::filter_map(self.log.items(), |items| items.get(k)).ok()
    }

    /// The record of `n` when it is a task invocation.
    pub fn of(&self, n: &TreeNode) -> Option<Ref<'_, InvocationRecord>> {
        matches!(n.kind, TreeNodeKind::TaskInvocation { .. })
            .then(|| self.get(n.first_event_id))
            .flatten()
    }
}

/// The height of a node's summary row, in CSS pixels.
pub const ROW_PX: usize = 26;
/// How far each level is indented, in CSS pixels.
pub const INDENT_PX: usize = 16;
/// Trees of at most this many rows are drawn whole.
pub const WINDOW_MIN: usize = 150;
/// Pixels drawn above and below the visible ones.
pub const OVERSCAN_PX: usize = 400;
/// How the tree's rows are windowed: scrolling re-renders only when the top moves past four
/// rows (the margin, [`OVERSCAN_PX`], is far larger); the scroll box is 520 pixels high
/// before it is measured (the style sheet's `max-height` of `.tree-scroll`).
pub const WINDOWING: Windowing = Windowing {
    min_rows: WINDOW_MIN,
    overscan_px: OVERSCAN_PX,
    step_px: 4 * ROW_PX,
    initial_view_px: 520,
    min_view_px: ROW_PX,
};

/// What a row shows.
#[derive(Debug, Clone, PartialEq)]
pub enum RowKind {
    /// A node's summary line.
    Node {
        /// For a task invocation: its attempt number and how many attempts there were.
        attempt: Option<(usize, usize)>,
        /// Whether it is open.
        open: bool,
        /// Whether it has anything to open (contents or children).
        expandable: bool,
    },
    /// An open node's contents.
    Body,
}

/// One row of the flattened tree.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// What it shows.
    pub kind: RowKind,
    /// Its node's key.
    pub key: NodeKey,
    /// Where its node is: child indexes from the root.
    pub path: Rc<[usize]>,
    /// Its node's depth (the root is 0).
    pub depth: usize,
    /// Its top, from the tree's top, in CSS pixels.
    pub top_px: usize,
    /// Its height, in CSS pixels.
    pub height_px: usize,
    /// The index of its node's parent's summary row (`None` for the root).
    pub parent: Option<usize>,
}

impl Row {
    /// Whether it is a node's summary row.
    pub fn is_node(&self) -> bool {
        matches!(self.kind, RowKind::Node { .. })
    }
}

/// The rows of the tree at `root`: each node whose ancestors are open, and each open node's
/// body; `records` are the Lambda invocations by their node's `first_event_id`.
pub fn flatten(
    root: &TreeNode,
    expansion: &Expansion,
    open_all: bool,
    records: &Records,
) -> Vec<Row> {
    let mut rows = Vec::new();
    let mut top = 0;
    /// A node still to list: the node, its path, its parent's row, its attempt.
    type Todo<'a> = (
        &'a TreeNode,
        Vec<usize>,
        Option<usize>,
        Option<(usize, usize)>,
    );
    // Depth first, without recursion.
    let mut stack: Vec<Todo> = vec![(root, Vec::new(), None, None)];
    while let Some((n, path, parent, attempt)) = stack.pop() {
        let key = NodeKey::of(n);
        let depth = path.len();
        let record = records.of(n);
        let body = parts(n, record.as_deref());
        let expandable = !body.is_empty() || !n.children.is_empty();
        let open = expandable && expansion.is_open(key, depth, open_all);
        let path: Rc<[usize]> = path.into();
        let me = rows.len();
        rows.push(Row {
            kind: RowKind::Node {
                attempt,
                open,
                expandable,
            },
            key,
            path: path.clone(),
            depth,
            top_px: top,
            height_px: ROW_PX,
            parent,
        });
        top += ROW_PX;
        if !open {
            continue;
        }
        if !body.is_empty() {
            let height = body_px(&body);
            rows.push(Row {
                kind: RowKind::Body,
                key,
                path: path.clone(),
                depth,
                top_px: top,
                height_px: height,
                parent,
            });
            top += height;
        }
        let attempts = attempts(n);
        for (k, child) in n.children.iter().enumerate().rev() {
            let mut p = path.to_vec();
            p.push(k);
            stack.push((child, p, Some(me), attempts.get(k).copied().flatten()));
        }
    }
    rows
}

/// The height of all the rows.
pub fn total_px(rows: &[Row]) -> usize {
    rows.last().map_or(0, |r| r.top_px + r.height_px)
}

/// The rows to draw when the scroll box shows `view_px` pixels from `scroll_px` down:
/// `(first, end)`; every row when there are few.
pub fn window(rows: &[Row], scroll_px: usize, view_px: usize) -> (usize, usize) {
    WINDOWING.window(
        rows.len(),
        |k| (rows[k].top_px, rows[k].height_px),
        scroll_px,
        view_px,
    )
}

/// Where to scroll so that `row`'s first line is in a box showing `view_px` pixels from
/// `scroll_px` down; `None` when it already is.
pub fn scroll_to_show(row: &Row, scroll_px: usize, view_px: usize) -> Option<usize> {
    let bottom = row.top_px + ROW_PX.min(row.height_px);
    if row.top_px < scroll_px {
        Some(row.top_px)
    } else if bottom > scroll_px + view_px {
        Some(bottom.saturating_sub(view_px))
    } else {
        None
    }
}
