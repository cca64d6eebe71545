//! The execution tree as rows, so it is drawn like a long list: the visible nodes (those
//! whose ancestors are open) flattened in order, each as a summary row and, while open, a
//! body row with its contents (input, output, error, cause, request id, logs). Every row has
//! a height fixed here (the style sheet and the view follow it), so the tree knows where
//! each row is without measuring, and draws only the rows in view (a 1,000-iteration Map
//! stays fast). Also the keyboard's moves over the rows. Pure, tested natively.

use std::collections::HashMap;
use std::rc::Rc;

use asl::host::LogLine;
use asl::{TreeNode, TreeNodeKind};
use serde_json::Value;

use crate::state::InvocationRecord;
use crate::tree_view::attempts;
use crate::views::pretty_cause;

/// The height of a node's summary row, in CSS pixels.
pub const ROW_PX: usize = 26;
/// The height of a one-line part of a body (a short value, an error name, a request id).
pub const LINE_PX: usize = 22;
/// The height of one line of a block (pretty JSON, a cause, logs).
pub const BLOCK_LINE_PX: usize = 17;
/// A block's margins, padding and border, in CSS pixels.
pub const BLOCK_EXTRA_PX: usize = 14;
/// A block shows at most this many lines; it scrolls for the rest.
pub const BLOCK_LINES: usize = 10;
/// A value whose compact JSON is at most this long stays on one line.
pub const INLINE_MAX: usize = 100;
/// A body's padding, top and bottom together.
pub const BODY_PAD_PX: usize = 6;
/// How far each level is indented, in CSS pixels.
pub const INDENT_PX: usize = 16;
/// Trees of at most this many rows are drawn whole.
pub const WINDOW_MIN: usize = 150;
/// Pixels drawn above and below the visible ones.
pub const OVERSCAN_PX: usize = 800;
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

/// One part of a node's contents.
#[derive(Debug, Clone, PartialEq)]
pub enum Part<'a> {
    /// A value (`Input`, `Output`): on one line when short, else a block of pretty JSON.
    Value(&'static str, &'a Value),
    /// The error name.
    Error(&'a str),
    /// The cause (pretty-printed when it is JSON).
    Cause(&'a str),
    /// A Lambda invocation's request id.
    Request(&'a str),
    /// A Lambda invocation's logs.
    Logs(&'a [LogLine]),
}

impl Part<'_> {
    /// Whether it is drawn as a block (several lines, scrolling past [`BLOCK_LINES`]).
    pub fn is_block(&self) -> bool {
        match self {
            Part::Value(_, v) => compact_len(v, INLINE_MAX + 1) > INLINE_MAX,
            Part::Cause(_) | Part::Logs(_) => true,
            Part::Error(_) | Part::Request(_) => false,
        }
    }

    /// Its height, in CSS pixels.
    pub fn height_px(&self) -> usize {
        let lines = match self {
            _ if !self.is_block() => return LINE_PX,
            Part::Value(_, v) => json_lines(v, BLOCK_LINES),
            Part::Cause(c) => pretty_cause(c).lines().count(),
            Part::Logs(logs) => logs.iter().map(|l| l.message.lines().count().max(1)).sum(),
            Part::Error(_) | Part::Request(_) => 1,
        };
        lines.clamp(1, BLOCK_LINES) * BLOCK_LINE_PX + BLOCK_EXTRA_PX
    }
}

/// A node's contents, in order: input, output, error, cause, and for a Lambda invocation
/// its request id and logs (`record`).
pub fn parts<'a>(n: &'a TreeNode, record: Option<&'a InvocationRecord>) -> Vec<Part<'a>> {
    let mut out = Vec::new();
    if let Some(v) = &n.input {
        out.push(Part::Value("Input", v));
    }
    if let Some(v) = &n.output {
        out.push(Part::Value("Output", v));
    }
    if let Some(e) = &n.error {
        out.push(Part::Error(e));
    }
    if let Some(c) = &n.cause {
        out.push(Part::Cause(c));
    }
    if let Some(r) = record {
        out.push(Part::Request(&r.request_id));
        if !r.logs.is_empty() {
            out.push(Part::Logs(&r.logs));
        }
    }
    out
}

/// The height of a body holding `parts`.
pub fn body_px(parts: &[Part]) -> usize {
    parts.iter().map(Part::height_px).sum::<usize>() + BODY_PAD_PX
}

/// How many lines `serde_json::to_string_pretty` gives for `v`, at most `cap` (it stops
/// counting there, so a huge value costs little).
pub fn json_lines(v: &Value, cap: usize) -> usize {
    let children: Box<dyn Iterator<Item = &Value>> = match v {
        Value::Array(a) if !a.is_empty() => Box::new(a.iter()),
        Value::Object(o) if !o.is_empty() => Box::new(o.values()),
        _ => return 1.min(cap),
    };
    let mut n = 2;
    for c in children {
        if n >= cap {
            return cap;
        }
        n += json_lines(c, cap - n);
    }
    n.min(cap)
}

/// The length of `v`'s compact JSON, at most `cap` (it stops counting there).
fn compact_len(v: &Value, cap: usize) -> usize {
    struct Counter(usize, usize);
    impl std::io::Write for Counter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            if self.0 > self.1 {
                return Err(std::io::Error::other("long enough"));
            }
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut counter = Counter(0, cap);
    let _ = serde_json::to_writer(&mut counter, v);
    counter.0.min(cap)
}

/// The node at `path` (child indexes from `root`).
pub fn node_at<'a>(root: &'a TreeNode, path: &[usize]) -> Option<&'a TreeNode> {
    path.iter().try_fold(root, |n, &k| n.children.get(k))
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

/// The rows of the tree at `root`: each node whose ancestors are open, and each open node's
/// body; `records` are the Lambda invocations by their node's `first_event_id`.
pub fn flatten(
    root: &TreeNode,
    expansion: &Expansion,
    open_all: bool,
    records: &HashMap<u64, InvocationRecord>,
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
        let record = matches!(n.kind, TreeNodeKind::TaskInvocation { .. })
            .then(|| records.get(&n.first_event_id))
            .flatten();
        let body = parts(n, record);
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
    if rows.len() <= WINDOW_MIN {
        return (0, rows.len());
    }
    let from = scroll_px.saturating_sub(OVERSCAN_PX);
    let to = scroll_px + view_px + OVERSCAN_PX;
    let first = rows.partition_point(|r| r.top_px + r.height_px <= from);
    let end = rows.partition_point(|r| r.top_px < to).max(first);
    (first, end)
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

/// A key the tree answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// The previous node.
    Up,
    /// The next node.
    Down,
    /// Close the node, or go to its parent.
    Left,
    /// Open the node, or go to its first child.
    Right,
    /// The first node.
    Home,
    /// The last node.
    End,
    /// A page of nodes up.
    PageUp,
    /// A page of nodes down.
    PageDown,
}

impl Key {
    /// From a `KeyboardEvent.key`.
    pub fn parse(key: &str) -> Option<Self> {
        Some(match key {
            "ArrowUp" => Key::Up,
            "ArrowDown" => Key::Down,
            "ArrowLeft" => Key::Left,
            "ArrowRight" => Key::Right,
            "Home" => Key::Home,
            "End" => Key::End,
            "PageUp" => Key::PageUp,
            "PageDown" => Key::PageDown,
            _ => return None,
        })
    }
}

/// What a key does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Move {
    /// Select the node of this row.
    Select(usize),
    /// Open (`true`) or close the node of this row.
    Open(usize, bool),
    /// Nothing.
    Stay,
}

/// What `key` does with the node of row `selected` selected (none: the keys start at the
/// first node); `page` is how many nodes PageUp/PageDown move.
pub fn navigate(rows: &[Row], selected: Option<usize>, key: Key, page: usize) -> Move {
    let nodes: Vec<usize> = (0..rows.len()).filter(|&k| rows[k].is_node()).collect();
    let Some(&first) = nodes.first() else {
        return Move::Stay;
    };
    let Some(at) = selected.and_then(|s| nodes.iter().position(|&k| k == s)) else {
        return Move::Select(first);
    };
    let to = |k: usize| Move::Select(nodes[k.min(nodes.len() - 1)]);
    let row = &rows[nodes[at]];
    let (open, expandable) = match row.kind {
        RowKind::Node {
            open, expandable, ..
        } => (open, expandable),
        RowKind::Body => (false, false),
    };
    match key {
        Key::Up => to(at.saturating_sub(1)),
        Key::Down => to(at + 1),
        Key::Home => to(0),
        Key::End => to(nodes.len() - 1),
        Key::PageUp => to(at.saturating_sub(page.max(1))),
        Key::PageDown => to(at + page.max(1)),
        Key::Right if expandable && !open => Move::Open(nodes[at], true),
        Key::Right => match nodes.get(at + 1) {
            Some(&next) if rows[next].parent == Some(nodes[at]) => Move::Select(next),
            _ => Move::Stay,
        },
        Key::Left if open => Move::Open(nodes[at], false),
        Key::Left => row.parent.map_or(Move::Stay, Move::Select),
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
            n.children.iter().find_map(state)
        }
        TreeNodeKind::TaskInvocation { .. } => {
            node_at(root, path.split_last().map_or(&[][..], |(_, p)| p)).and_then(state)
        }
        TreeNodeKind::Execution => None,
    }
}
