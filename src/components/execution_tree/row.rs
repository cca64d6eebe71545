//! The execution tree's rows: a node's summary line, and an open node's contents.

use asl::{NodeStatus, TreeNode, TreeNodeKind};
use yew::prelude::*;

use crate::state::{InvocationRecord, Log};
use crate::tree_rows::{
    inspect_target, node_at, opens_all, parts, NodeKey, Part, Records, Row, RowKind, INDENT_PX,
};
use crate::tree_view::Timeline;
use crate::views::{format_duration, pretty_cause, pretty_within};

/// The most bytes of a value a tree row's block shows (it shows ten lines and scrolls; the
/// state inspector shows more): the visible rows are drawn on every frame of a run.
const BLOCK_SHOWN_BYTES: usize = 8 * 1024;
use asl::graph::status_name;

/// What every row of one rendering of the tree shares.
pub(super) struct TreeCtx {
    /// Invocation records by their tree node's first event id.
    pub(super) records: Records,
    /// Small trees open every node.
    pub(super) open_all: bool,
    /// The execution's name (the root's label).
    pub(super) execution_name: AttrValue,
    /// The execution's time span, for the offsets and bars.
    pub(super) timeline: Timeline,
}

impl TreeCtx {
    /// The context of `tree`, whose invocations' records are `invocations` (in call order),
    /// for the execution `execution_name`.
    pub(super) fn new(
        tree: &TreeNode,
        invocations: &Log<InvocationRecord>,
        execution_name: AttrValue,
    ) -> Self {
        Self {
            records: Records::new(tree, invocations),
            open_all: opens_all(tree),
            execution_name,
            timeline: Timeline::of(tree),
        }
    }
}

/// The element id of a node's row (for `aria-activedescendant`).
pub(super) fn row_id(key: NodeKey) -> AttrValue {
    format!(
        "tree-row-{}{}",
        key.event,
        if key.branch { "b" } else { "" }
    )
    .into()
}

/// A node's summary row: status, label, kind, attempt, start offset, duration, timeline bar.
pub(super) fn node_row(
    root: &TreeNode,
    ctx: &TreeCtx,
    row: &Row,
    selected: bool,
    onclick: Callback<MouseEvent>,
    on_inspect: Callback<MouseEvent>,
) -> Html {
    let Some(n) = node_at(root, &row.path) else {
        return html! {};
    };
    let RowKind::Node {
        attempt,
        open,
        expandable,
    } = row.kind
    else {
        return html! {};
    };
    let (label, kind) = kind_label(n, &ctx.execution_name);
    let status = status_name(n.status);
    let record = ctx.records.of(n);
    let duration = match (record.as_deref(), n.end_ms) {
        (Some(r), _) => Some(format_duration(r.duration_ms)),
        (None, Some(end)) => Some(format_duration((end - n.start_ms) as f64)),
        _ => None,
    };
    let offset = format!("+{}", format_duration(ctx.timeline.offset_ms(n) as f64));
    let (left, width) = ctx.timeline.bar(n);
    let status_class = format!("st-{}", status.to_ascii_lowercase().replace('_', "-"));
    let inspectable = inspect_target(root, &row.path).is_some()
        && !matches!(
            n.kind,
            TreeNodeKind::TaskInvocation { .. } | TreeNodeKind::Execution
        );
    let on_inspect = on_inspect.reform(|e: MouseEvent| {
        e.stop_propagation();
        e
    });
    let retried = attempt.is_some_and(|(k, of)| k < of && n.status == NodeStatus::Failed);
    html! {
        <div class={classes!("tree-row", status_class, selected.then_some("selected"))}
            id={row_id(row.key)} role="treeitem" aria-level={(row.depth + 1).to_string()}
            aria-expanded={expandable.then(|| open.to_string())} aria-selected={selected.to_string()}
            data-testid="tree-node" data-kind={kind} data-status={status}
            style={format!("padding-left:{}px", 6 + row.depth * INDENT_PX)} {onclick}>
            <span class="tn-caret" aria-hidden="true">{ if !expandable { "" } else if open { "▾" } else { "▸" } }</span>
            <span class="dot" title={status}></span>
            <span class="tn-label">{ label }</span>{ " " }
            <span class="tn-kind">{ kind }</span>{ " " }
            if inspectable {
                <button type="button" class="btn btn-link tn-inspect" data-testid="tree-inspect" tabindex="-1"
                    onclick={on_inspect}
                    title="Open this entry of the state (for an iteration or branch: its first state) in the state inspector">{ "Inspect" }</button>{ " " }
            }
            if let Some((k, of)) = attempt {
                <span class="tn-attempt" data-testid="tree-attempt" title="Attempt number among this state's invocations (Retry makes several)">
                    { format!("attempt {k} of {of}") }
                </span>{ " " }
            }
            if retried { <span class="tn-retried">{ "retried" }</span>{ " " } }
            <span class="tn-status">{ status }</span>{ " " }
            <span class="tn-offset" title="Start, from the execution's start">{ offset }</span>{ " " }
            <span class="tn-duration" title="Duration">{ duration.unwrap_or_default() }</span>{ " " }
            <span class="tn-bar" data-testid="tree-timeline" title="When it ran, on the execution's timeline">
                <span class="tn-bar-fill" style={format!("left:{left:.2}%;width:{width:.2}%")}></span>
            </span>
        </div>
    }
}

/// An open node's contents: input, output, error, cause, request id and logs, each part as
/// high as [`Part::height_px`] says.
pub(super) fn body_row(root: &TreeNode, ctx: &TreeCtx, row: &Row) -> Html {
    let Some(n) = node_at(root, &row.path) else {
        return html! {};
    };
    let record = ctx.records.of(n);
    let part = |p: &Part| {
        let height = p.height_px();
        // A block's margins (2 px above and below) are inside the part's height.
        let block = |text: String| {
            html! { <pre class="v tb-block json" style={format!("height:{}px", height.saturating_sub(4))}>{ text }</pre> }
        };
        let (label, content, error) = match p {
            Part::Value(label, v) if p.is_block() => {
                (*label, block(pretty_within(*v, BLOCK_SHOWN_BYTES)), false)
            }
            Part::Value(label, v) => (*label, line(v.to_string()), false),
            Part::Error(e) => ("Error", line(e.to_string()), true),
            Part::Cause(c) => ("Cause", block(pretty_cause(c)), true),
            Part::Request(id) => ("Request", line(id.to_string()), false),
            Part::Logs(logs) => (
                "Logs",
                html! {
                    <pre class="v tb-block logs" style={format!("height:{}px", height.saturating_sub(4))}>{ for logs.iter().map(|l| html! {
                        <div class={classes!("log", format!("log-{}", l.level))}>
                            { l.message.clone() }
                        </div>
                    }) }</pre>
                },
                false,
            ),
        };
        html! {
            <div class={classes!("kv", error.then_some("kv-error"))} style={format!("height:{height}px")}>
                <span class="k">{ label }</span>{ " " }{ content }{ " " }
            </div>
        }
    };
    html! {
        <div class="tree-body" style={format!("height:{}px;padding-left:{}px", row.height_px, 6 + row.depth * INDENT_PX + 18)}>
            <div class="tn-body">
                { for parts(n, record.as_deref()).iter().map(part) }
            </div>
        </div>
    }
}

fn line(text: String) -> Html {
    html! { <code class="v tb-line" title={text.clone()}>{ text }</code> }
}

fn kind_label(n: &TreeNode, execution_name: &str) -> (String, &'static str) {
    match &n.kind {
        TreeNodeKind::Execution => (execution_name.to_string(), "Execution"),
        TreeNodeKind::State { state_type } => (n.label.clone(), static_type(state_type)),
        TreeNodeKind::MapIteration { index } => (format!("Iteration {index}"), "Map iteration"),
        TreeNodeKind::ParallelBranch { index } => (format!("Branch {index}"), "Parallel branch"),
        TreeNodeKind::TaskInvocation { .. } => (n.label.clone(), "Lambda invocation"),
    }
}

fn static_type(t: &str) -> &'static str {
    match t {
        "Task" => "Task",
        "Map" => "Map",
        "Parallel" => "Parallel",
        "Pass" => "Pass",
        "Wait" => "Wait",
        "Choice" => "Choice",
        "Succeed" => "Succeed",
        "Fail" => "Fail",
        _ => "State",
    }
}
