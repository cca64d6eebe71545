//! The execution tree (the console's table view): states, Map iterations, Parallel branches
//! and Lambda invocations, each with input, output, error, logs and duration; expandable.

use std::collections::HashMap;

use asl::{TreeNode, TreeNodeKind};
use serde_json::Value;
use yew::prelude::*;

use crate::state::{InvocationRecord, Shared};
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
}

/// The execution tree (`data-testid="execution-tree"`).
#[component]
pub fn ExecutionTree(props: &ExecutionTreeProps) -> Html {
    let Some(tree) = &props.tree else {
        return html! {
            <div class="tree" data-testid="execution-tree">
                <p class="empty">{ "Start an execution to see its states, iterations and invocations." }</p>
            </div>
        };
    };
    let records: HashMap<u64, &InvocationRecord> = link_invocations(tree, &props.invocations)
        .into_iter()
        .filter_map(|(id, k)| props.invocations.get(k).map(|r| (id, r)))
        .collect();
    let open_all = count(tree) <= 60;
    html! {
        <div class="tree" data-testid="execution-tree">
            { node(tree, &Ctx { records: &records, open_all, execution_name: &props.execution_name }, 0) }
        </div>
    }
}

fn count(n: &TreeNode) -> usize {
    1 + n.children.iter().map(count).sum::<usize>()
}

struct Ctx<'a> {
    records: &'a HashMap<u64, &'a InvocationRecord>,
    open_all: bool,
    execution_name: &'a str,
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

fn node(n: &TreeNode, ctx: &Ctx<'_>, depth: usize) -> Html {
    let (label, kind) = kind_label(n, ctx.execution_name);
    let status = status_name(n.status);
    let record = matches!(n.kind, TreeNodeKind::TaskInvocation { .. })
        .then(|| ctx.records.get(&n.first_event_id).copied())
        .flatten();
    let duration = match (record, n.end_ms) {
        (Some(r), _) => Some(format_duration(r.duration_ms)),
        (None, Some(end)) => Some(format_duration((end - n.start_ms) as f64)),
        _ => None,
    };
    let open = ctx.open_all || depth < 2;
    let status_class = format!("st-{}", status.to_ascii_lowercase().replace('_', "-"));
    html! {
        <details class={classes!("tree-node", status_class)} {open} data-kind={kind}>
            <summary>
                <span class="dot" title={status}></span>
                <span class="tn-label">{ label }</span>{ " " }
                <span class="tn-kind">{ kind }</span>{ " " }
                if let Some(d) = duration { <span class="tn-duration">{ d }</span>{ " " } }
            </summary>
            <div class="tn-body">
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
                { for n.children.iter().map(|c| node(c, ctx, depth + 1)) }
            </div>
        </details>
    }
}
