//! How the tree follows the state inspector and the keyboard: the selected node's way is
//! opened, and the node is brought into view once it has a row.

use std::cell::RefCell;
use std::rc::Rc;

use asl::TreeNode;
use yew::prelude::*;

use super::view::View;
use crate::hooks::scroll_window::ScrollWindow;
use crate::state::Shared;
use crate::tree_rows::{path_to, reveal, scroll_to_show, NodeKey, Row};

/// A node to bring into view once it has a row, and how many renders it has waited.
pub(super) type Pending = Rc<RefCell<Option<(NodeKey, u8)>>>;

/// What the tree needs to follow the inspector.
pub(super) struct Follow {
    /// The tree's view, to change.
    pub(super) view: UseStateHandle<View>,
    /// The view as this rendering shows it.
    pub(super) current: View,
    /// The (filtered) tree.
    pub(super) root: Option<Shared<TreeNode>>,
    /// The state entry the inspector shows (its `first_event_id`).
    pub(super) selected: Option<u64>,
    /// Changes when the inspector is asked to show something else (see
    /// `ExecutionTreeProps::selection`), and the execution's name.
    pub(super) trigger: (Option<(AttrValue, Option<u64>)>, AttrValue),
}

/// Follows the inspector: when it is asked to show another entry, selects it, opens the way
/// to it and brings it into view.
#[hook]
pub(super) fn use_follow_inspector(follow: Follow, pending: Pending) {
    let Follow {
        view,
        current,
        root,
        selected,
        trigger,
    } = follow;
    use_effect_with(trigger, move |_| {
        let key = selected.map(NodeKey::state);
        if let (Some(key), Some(root)) = (key, root) {
            if let Some(path) = path_to(&root, key) {
                let mut next = current;
                reveal(&root, &path, &mut next.expansion);
                next.selected = Some(key);
                view.set(next);
                *pending.borrow_mut() = Some((key, 0));
            }
        }
    });
}

/// After each render: scrolls the pending node's row into view, once it is drawn (its
/// ancestors open on the next render; a node filtered out is given up after two renders).
#[hook]
pub(super) fn use_bring_into_view(pending: Pending, rows: Rc<Vec<Row>>, scroll: ScrollWindow) {
    use_effect(move || {
        let waiting = *pending.borrow();
        if let Some((key, tries)) = waiting {
            match rows.iter().find(|r| r.key == key && r.is_node()) {
                Some(row) => {
                    *pending.borrow_mut() = None;
                    let (top, height) = scroll.measured();
                    if let Some(to) = scroll_to_show(row, top, height) {
                        scroll.scroll_to(to, height);
                    }
                }
                None => *pending.borrow_mut() = (tries < 2).then_some((key, tries + 1)),
            }
        }
    });
}
