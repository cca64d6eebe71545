//! The execution tree (the console's table view): states, Map iterations, Parallel branches
//! and Lambda invocations (one per attempt), each with status, start offset, duration and a
//! timeline bar, input, output, error and logs; expandable; filtered by status; drawn as a
//! windowed list of rows ([`crate::tree_rows`]) and driven by the keyboard.

use std::rc::Rc;

use asl::TreeNode;
use yew::prelude::*;

use crate::bindings::browser;

mod filter;
mod follow;
mod row;
mod view;

use crate::hooks::scroll_window::use_scroll_window;
use crate::state::{InvocationRecord, Log, Shared};
use crate::tree_rows::{
    self, flatten, inspect_target, navigate, total_px, Key, Move, NodeKey, RowKind, ROW_PX,
    WINDOWING,
};
use crate::tree_view::{filter_tree, StatusFilter};
use crate::views::format_duration;
use filter::{empty_tree, filter_select};
use follow::{use_bring_into_view, use_follow_inspector, Follow};
use row::{body_row, node_row, row_id, TreeCtx};
use view::{flip, View};

/// Props of [`ExecutionTree`].
#[derive(Properties, PartialEq)]
pub struct ExecutionTreeProps {
    /// The tree, if there is an execution.
    pub tree: Option<Shared<TreeNode>>,
    /// The execution's Lambda invocations, in call order.
    pub invocations: Log<InvocationRecord>,
    /// The execution's name (the root's label).
    pub execution_name: AttrValue,
    /// Inspect a state entry: the state's name and the node's `first_event_id`.
    #[prop_or_default]
    pub on_inspect: Callback<(String, u64)>,
    /// The state entry the inspector shows (its `first_event_id`).
    #[prop_or_default]
    pub selected: Option<u64>,
    /// What the inspector was asked to show: the state, and the entry (`None`: its latest).
    /// When it changes, the tree selects [`ExecutionTreeProps::selected`], opening its
    /// ancestors and scrolling to it (a running execution's newer entries do not move it).
    #[prop_or_default]
    pub selection: Option<(AttrValue, Option<u64>)>,
}

/// The execution tree (`data-testid="execution-tree"`, one `tree-node` row per visible node),
/// with a status filter (`data-testid="tree-filter"`). Only the rows in view (and a margin)
/// are in the page, so a 1,000-iteration Map stays fast. Keys: ↑/↓ (and Home, End, PageUp,
/// PageDown) move the selection, → opens or goes to the first child, ← closes or goes to the
/// parent, Space opens or closes, Enter inspects.
#[component]
pub fn ExecutionTree(props: &ExecutionTreeProps) -> Html {
    let filter = use_state(StatusFilter::default);
    let view = use_state(View::default);
    let scroll = use_scroll_window(WINDOWING);
    // A node to bring into view once it has a row, and how many renders it has waited.
    let pending = use_mut_ref(|| None::<(NodeKey, u8)>);
    let filtered = use_memo((props.tree.clone(), *filter), |(tree, filter)| {
        tree.as_ref().map(|t| match filter {
            // The whole tree: shared, not copied (it is rebuilt on every event of a run).
            StatusFilter::All => Some(t.clone()),
            _ => filter_tree(t, *filter).map(Shared::new),
        })
    });
    let ctx = use_memo(
        (
            props.tree.clone(),
            props.invocations.clone(),
            props.execution_name.clone(),
        ),
        |(tree, invocations, execution_name)| {
            let tree = tree.as_ref()?;
            Some(Shared::new(TreeCtx::new(
                tree,
                invocations,
                execution_name.clone(),
            )))
        },
    );
    // The view belongs to one execution: another starts afresh.
    let current = if view.execution == props.execution_name {
        (*view).clone()
    } else {
        View {
            execution: props.execution_name.clone(),
            ..View::default()
        }
    };
    let root: Option<Shared<TreeNode>> = (*filtered).clone().flatten();
    let rows = use_memo(
        (root.clone(), current.expansion.clone(), (*ctx).clone()),
        |(root, expansion, ctx)| match (root, ctx) {
            (Some(root), Some(ctx)) => {
                Rc::new(flatten(root, expansion, ctx.open_all, &ctx.records))
            }
            _ => Rc::new(Vec::new()),
        },
    );

    use_follow_inspector(
        Follow {
            view: view.clone(),
            current: current.clone(),
            root: root.clone(),
            selected: props.selected,
            trigger: (props.selection.clone(), props.execution_name.clone()),
        },
        pending.clone(),
    );
    use_bring_into_view(pending.clone(), (*rows).clone(), scroll.clone());

    let (Some(root), Some(ctx)) = (root, (*ctx).clone()) else {
        return empty_tree(&filter, filtered.is_some());
    };

    let selected_row = current
        .selected
        .and_then(|key| rows.iter().position(|r| r.key == key && r.is_node()));
    // Changes to the view, from clicks and keys.
    let update = {
        let (view, current) = (view.clone(), current.clone());
        move |f: &dyn Fn(&mut View)| {
            let mut next = current.clone();
            f(&mut next);
            view.set(next);
        }
    };
    let toggle = {
        let (update, rows) = (update.clone(), rows.clone());
        move |k: usize, open: Option<bool>| {
            if let Some((key, flipped)) = rows.get(k).and_then(flip) {
                let open = open.unwrap_or(flipped);
                update(&|v: &mut View| v.expansion.set(key, open));
            }
        }
    };
    let inspect = {
        let (rows, root, on_inspect) = (rows.clone(), root.clone(), props.on_inspect.clone());
        move |k: usize| {
            if let Some(target) = rows.get(k).and_then(|r| inspect_target(&root, &r.path)) {
                on_inspect.emit(target);
            }
        }
    };
    let on_row_click = {
        let (update, rows) = (update.clone(), rows.clone());
        Callback::from(move |k: usize| {
            let Some(row) = rows.get(k) else { return };
            let (key, flipped) = (row.key, flip(row));
            update(&|v: &mut View| {
                v.selected = Some(key);
                if let Some((key, open)) = flipped {
                    v.expansion.set(key, open);
                }
            });
        })
    };
    let on_row_inspect = {
        let (update, inspect, rows) = (update.clone(), inspect.clone(), rows.clone());
        Callback::from(move |k: usize| {
            if let Some(key) = rows.get(k).map(|r| r.key) {
                update(&|v: &mut View| v.selected = Some(key));
            }
            inspect(k);
        })
    };
    let onkeydown = {
        let (rows, update, pending, scroller) = (
            rows.clone(),
            update.clone(),
            pending.clone(),
            scroll.scroller(),
        );
        let view_px = scroll.view().1;
        Callback::from(move |e: KeyboardEvent| {
            // Keys on a button inside a row are the button's.
            if !browser::is_event_on(&e, &scroller) || e.alt_key() || e.ctrl_key() || e.meta_key() {
                return;
            }
            match e.key().as_str() {
                "Enter" => {
                    e.prevent_default();
                    if let Some(k) = selected_row {
                        inspect(k);
                    }
                }
                " " => {
                    e.prevent_default();
                    if let Some(k) = selected_row {
                        toggle(k, None);
                    }
                }
                key => {
                    let Some(key) = Key::parse(key) else { return };
                    e.prevent_default();
                    let page = (view_px / ROW_PX).max(2) - 1;
                    match navigate(&rows, selected_row, key, page) {
                        Move::Select(k) => {
                            if let Some(key) = rows.get(k).map(|r| r.key) {
                                update(&|v: &mut View| v.selected = Some(key));
                                *pending.borrow_mut() = Some((key, 0));
                            }
                        }
                        Move::Open(k, open) => toggle(k, Some(open)),
                        Move::Stay => {}
                    }
                }
            }
        })
    };
    let (scroll_top, view_px) = scroll.view();
    let (first, end) = tree_rows::window(&rows, scroll_top, view_px);
    let nodes = rows.iter().filter(|r| r.is_node()).count();
    let total = total_px(&rows);
    let pad_top = rows.get(first).map_or(0, |r| r.top_px);
    let active = current.selected.map(row_id);
    html! {
        <div class="tree" data-testid="execution-tree" data-rows={nodes.to_string()}>
            <div class="tree-tools">
                { filter_select(&filter) }
                <span class="tree-legend muted">{ format!("timeline: 0 – {}", format_duration(ctx.timeline.span_ms as f64)) }</span>
                if rows.len() > tree_rows::WINDOW_MIN {
                    <span class="muted" data-testid="tree-window" title="Only the rows in view are drawn">
                        { format!("{nodes} nodes shown · scroll for more") }
                    </span>
                }
            </div>
            <div class="tree-scroll" ref={scroll.scroller()} role="tree" tabindex="0" aria-label="Execution tree"
                aria-activedescendant={active} onscroll={scroll.onscroll()} {onkeydown}>
                <div class="tree-rows" style={format!("height:{total}px;padding-top:{pad_top}px")}>
                    { for rows[first..end].iter().enumerate().map(|(k, row)| {
                        let k = first + k;
                        match row.kind {
                            RowKind::Node { .. } => node_row(&root, &ctx, row, Some(row.key) == current.selected,
                                on_row_click.reform(move |_| k), on_row_inspect.reform(move |_| k)),
                            RowKind::Body => body_row(&root, &ctx, row),
                        }
                    }) }
                </div>
            </div>
        </div>
    }
}
