//! The execution tree (the console's table view): states, Map iterations, Parallel branches
//! and Lambda invocations (one per attempt), each with status, start offset, duration and a
//! timeline bar, input, output, error and logs; expandable; filtered by status.

use std::collections::HashMap;
use std::rc::Rc;

use asl::{NodeStatus, TreeNode, TreeNodeKind};
use serde_json::Value;
use yew::prelude::*;

use crate::state::{InvocationRecord, Shared};
use crate::tree_view::{attempts, filter_tree, StatusFilter, Timeline, CHILDREN_PAGE};
use crate::views::{format_duration, link_invocations, pretty, pretty_cause, status_name};

/// Props of [`ExecutionTree`].
#[derive(Properties, PartialEq)]
pub struct ExecutionTreeProps {
    /// The tree, if there is an execution.
    pub tree: Option<Shared<TreeNode>>,
    /// The execution's Lambda invocations, in call order.
    pub invocations: Shared<Vec<InvocationRecord>>,
    /// The execution's name (the root's label).
    pub execution_name: AttrValue,
    /// Inspect a state entry: the state's name and the node's `first_event_id`.
    #[prop_or_default]
    pub on_inspect: Callback<(String, u64)>,
}

/// What every node of one rendering of the tree shares.
struct TreeCtx {
    /// Invocation records by their tree node's first event id.
    records: HashMap<u64, InvocationRecord>,
    /// Small trees open every node.
    open_all: bool,
    execution_name: AttrValue,
    timeline: Timeline,
    on_inspect: Callback<(String, u64)>,
}

/// The execution tree (`data-testid="execution-tree"`), with a status filter
/// (`data-testid="tree-filter"`). Nodes render their contents only when open, and a node
/// shows its children [`CHILDREN_PAGE`] at a time, so a 1,000-iteration Map stays fast.
#[component]
pub fn ExecutionTree(props: &ExecutionTreeProps) -> Html {
    let filter = use_state(StatusFilter::default);
    let filtered = use_memo((props.tree.clone(), *filter), |(tree, filter)| {
        tree.as_ref()
            .map(|t| filter_tree(t, *filter).map(Shared::new))
    });
    let ctx = use_memo(
        (
            props.tree.clone(),
            props.invocations.clone(),
            props.execution_name.clone(),
            props.on_inspect.clone(),
        ),
        |(tree, invocations, execution_name, on_inspect)| {
            let tree = tree.as_ref()?;
            let records = link_invocations(tree, invocations)
                .into_iter()
                .filter_map(|(id, k)| invocations.get(k).map(|r| (id, r.clone())))
                .collect();
            Some(Shared::new(TreeCtx {
                records,
                open_all: count(tree) <= 60,
                execution_name: execution_name.clone(),
                timeline: Timeline::of(tree),
                on_inspect: on_inspect.clone(),
            }))
        },
    );
    let (Some(filtered), Some(ctx)) = ((*filtered).clone(), (*ctx).clone()) else {
        return html! {
            <div class="tree" data-testid="execution-tree">
                <p class="empty">{ "Start an execution to see its states, iterations and invocations." }</p>
            </div>
        };
    };
    let on_filter = {
        let filter = filter.clone();
        Callback::from(move |e: Event| {
            let value = e
                .target_unchecked_into::<web_sys::HtmlSelectElement>()
                .value();
            filter.set(StatusFilter::parse(&value));
        })
    };
    html! {
        <div class="tree" data-testid="execution-tree">
            <div class="tree-tools">
                <label class="tree-filter">
                    { "Show " }
                    <select data-testid="tree-filter" onchange={on_filter} title="Show only nodes with this status (and the nodes that lead to them)">
                        { for StatusFilter::ALL.iter().map(|f| html! {
                            <option value={f.as_str()} selected={*f == *filter}>{ f.label() }</option>
                        }) }
                    </select>
                </label>
                <span class="tree-legend muted">{ format!("timeline: 0 – {}", format_duration(ctx.timeline.span_ms as f64)) }</span>
            </div>
            if let Some(root) = filtered {
                <TreeNodeView tree={root} path={Rc::new(vec![])} ctx={ctx} />
            } else {
                <p class="empty" data-testid="tree-filter-empty">{ format!("No {} nodes.", filter.label().to_lowercase()) }</p>
            }
        </div>
    }
}

fn count(n: &TreeNode) -> usize {
    1 + n.children.iter().map(count).sum::<usize>()
}

/// Props of [`TreeNodeView`].
#[derive(Properties, PartialEq)]
struct TreeNodeProps {
    /// The (filtered) tree.
    tree: Shared<TreeNode>,
    /// Where the node is: child indexes from the root.
    path: Rc<Vec<usize>>,
    ctx: Shared<TreeCtx>,
    /// For a task invocation: its attempt number and how many attempts there were.
    #[prop_or_default]
    attempt: Option<(usize, usize)>,
}

fn at<'a>(root: &'a TreeNode, path: &[usize]) -> Option<&'a TreeNode> {
    path.iter().try_fold(root, |n, &k| n.children.get(k))
}

/// One node: a summary line (status, label, kind, attempt, start offset, duration, timeline
/// bar); its contents and children only while open.
#[component]
fn TreeNodeView(props: &TreeNodeProps) -> Html {
    let ctx = &props.ctx;
    let depth = props.path.len();
    let open = use_state(|| ctx.open_all || depth < 2);
    let shown = use_state(|| CHILDREN_PAGE);
    let Some(n) = at(&props.tree, &props.path) else {
        return html! {};
    };
    let (label, kind) = kind_label(n, &ctx.execution_name);
    let status = status_name(n.status);
    let record = matches!(n.kind, TreeNodeKind::TaskInvocation { .. })
        .then(|| ctx.records.get(&n.first_event_id))
        .flatten();
    let duration = match (record, n.end_ms) {
        (Some(r), _) => Some(format_duration(r.duration_ms)),
        (None, Some(end)) => Some(format_duration((end - n.start_ms) as f64)),
        _ => None,
    };
    let offset = format!("+{}", format_duration(ctx.timeline.offset_ms(n) as f64));
    let (left, width) = ctx.timeline.bar(n);
    let status_class = format!("st-{}", status.to_ascii_lowercase().replace('_', "-"));
    let on_toggle = {
        let open = open.clone();
        Callback::from(move |e: MouseEvent| {
            e.prevent_default();
            open.set(!*open);
        })
    };
    let on_inspect = matches!(n.kind, TreeNodeKind::State { .. }).then(|| {
        let (name, id) = (n.label.clone(), n.first_event_id);
        ctx.on_inspect.reform(move |e: MouseEvent| {
            e.prevent_default();
            e.stop_propagation();
            (name.clone(), id)
        })
    });
    let retried = props
        .attempt
        .is_some_and(|(k, of)| k < of && n.status == NodeStatus::Failed);
    html! {
        <details class={classes!("tree-node", status_class)} open={*open} data-kind={kind}
            data-testid="tree-node" data-status={status}>
            <summary onclick={on_toggle}>
                <span class="dot" title={status}></span>
                <span class="tn-label">{ label }</span>{ " " }
                <span class="tn-kind">{ kind }</span>{ " " }
                if let Some(onclick) = on_inspect {
                    <button type="button" class="btn btn-link tn-inspect" data-testid="tree-inspect" {onclick}
                        title="Open this entry of the state in the state inspector">{ "Inspect" }</button>{ " " }
                }
                if let Some((k, of)) = props.attempt {
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
            </summary>
            if *open {
                <div class="tn-body">
                    { body(n, record) }
                    { children(props, n, &shown) }
                </div>
            }
        </details>
    }
}

/// The node's own contents: input, output, error, cause, request id and logs.
fn body(n: &TreeNode, record: Option<&InvocationRecord>) -> Html {
    html! {
        <>
            if let Some(input) = &n.input { { value_block("Input", input) } }
            if let Some(output) = &n.output { { value_block("Output", output) } }
            if let Some(error) = &n.error {
                <div class="kv kv-error"><span class="k">{ "Error" }</span>{ " " }<code class="v">{ error.clone() }</code></div>
            }
            if let Some(cause) = &n.cause {
                <div class="kv kv-error"><span class="k">{ "Cause" }</span>{ " " }<pre class="v json">{ pretty_cause(cause) }</pre></div>
            }
            if let Some(r) = record {
                <div class="kv"><span class="k">{ "Request" }</span>{ " " }<code class="v">{ r.request_id.clone() }</code>{ " " }</div>
                if !r.logs.is_empty() {
                    <div class="kv"><span class="k">{ "Logs" }</span>{ " " }
                        <pre class="v logs">{ for r.logs.iter().map(|l| html! {
                            <div class={classes!("log", format!("log-{}", l.level))}>
                                <span class="log-level">{ l.level.to_uppercase() }</span>{ " " }{ l.message.clone() }
                            </div>
                        }) }</pre>
                    </div>
                }
            }
        </>
    }
}

/// The first `shown` children, and a button for more.
fn children(props: &TreeNodeProps, n: &TreeNode, shown: &UseStateHandle<usize>) -> Html {
    let attempts = attempts(n);
    let limit = (**shown).min(n.children.len());
    let hidden = n.children.len() - limit;
    let more = {
        let shown = shown.clone();
        Callback::from(move |_: MouseEvent| shown.set(*shown + CHILDREN_PAGE))
    };
    html! {
        <>
            { for (0..limit).map(|k| {
                let mut path = (*props.path).clone();
                path.push(k);
                html! {
                    <TreeNodeView key={n.children[k].first_event_id} tree={props.tree.clone()}
                        path={Rc::new(path)} ctx={props.ctx.clone()} attempt={attempts[k]} />
                }
            }) }
            if hidden > 0 {
                <button type="button" class="btn btn-link tn-more" data-testid="tree-show-more" onclick={more}>
                    { format!("Show {} more ({hidden} not shown)", hidden.min(CHILDREN_PAGE)) }
                </button>
            }
        </>
    }
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

fn value_block(label: &str, value: &Value) -> Html {
    let compact = value.to_string();
    html! {
        <div class="kv">
            <span class="k">{ label.to_string() }</span>{ " " }
            if compact.len() <= 240 {
                <code class="v">{ compact }</code>
            } else {
                <pre class="v json">{ pretty(value) }</pre>
            }
            { " " }
        </div>
    }
}
