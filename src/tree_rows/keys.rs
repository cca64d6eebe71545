//! The keyboard's moves over the tree's rows.

use super::{Row, RowKind};

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
