//! The execution tree (the console's "table view"), derived from the history alone: the
//! execution → states entered → Map iterations → nested states, with one task invocation
//! per Lambda call under each Task state. Works on a partial history (open nodes are
//! in progress), and grows with it: [`TreeBuilder`] takes the events as they come, and its
//! [`TreeBuilder::tree`] shares every finished node with the trees it gave before, so a page
//! showing a long execution's tree live pays for each event once.

use std::rc::Rc;

use serde_json::Value;

use crate::history::HistoryEvent;

/// What a node of the execution tree stands for.
#[derive(Debug, Clone, PartialEq)]
pub enum TreeNodeKind {
    /// The whole execution (the root).
    Execution,
    /// One entry into a state; `state_type` is `Task`, `Map`, `Pass`, ….
    State {
        /// The state's `Type`.
        state_type: String,
    },
    /// One iteration of a Map state.
    MapIteration {
        /// The item's index.
        index: u64,
    },
    /// One branch of a Parallel state.
    ParallelBranch {
        /// The branch's index.
        index: u64,
    },
    /// One call of a task's resource (a Lambda invocation); retries make several.
    TaskInvocation {
        /// The resource ARN invoked.
        resource: String,
    },
}

/// Status of a node in the execution tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NodeStatus {
    /// Started, not ended yet.
    InProgress,
    /// Ended well.
    Succeeded,
    /// Ended with an error.
    Failed,
    /// Ended with an error a Catch handled.
    Caught,
    /// Stopped (execution aborted or timed out).
    Aborted,
}

/// A node of the execution tree: the console's "table view", derived from the history.
#[derive(Debug, Clone, PartialEq)]
pub struct TreeNode {
    /// What it stands for.
    pub kind: TreeNodeKind,
    /// State name, `Iteration 2`, `Branch 0`, the function name, or `Execution`.
    pub label: String,
    /// How it ended (so far).
    pub status: NodeStatus,
    /// Input (parsed from the history's JSON string), if recorded; shared, so that copying
    /// an open node (a Map's input may hold thousands of items) copies no JSON.
    pub input: Option<Rc<Value>>,
    /// Output, if recorded (shared as the input is).
    pub output: Option<Rc<Value>>,
    /// Error name, if it failed.
    pub error: Option<String>,
    /// Cause, if it failed.
    pub cause: Option<String>,
    /// Timestamp of its first event, ms since the epoch.
    pub start_ms: i64,
    /// Timestamp of its last event, if it ended.
    pub end_ms: Option<i64>,
    /// Id of its first history event (stable key for the UI).
    pub first_event_id: u64,
    /// Nested nodes, in history order (shared: a finished node is the same in every tree
    /// built from a longer history).
    pub children: Vec<Rc<TreeNode>>,
}

impl TreeNode {
    /// A node whose first event is `first_event_id`, in progress, with nothing recorded yet
    /// (no input, output, error, end or children; started at 0).
    pub fn started(kind: TreeNodeKind, label: impl Into<String>, first_event_id: u64) -> Self {
        Self {
            kind,
            label: label.into(),
            status: NodeStatus::InProgress,
            input: None,
            output: None,
            error: None,
            cause: None,
            start_ms: 0,
            end_ms: None,
            first_event_id,
            children: Vec::new(),
        }
    }

    fn new(kind: TreeNodeKind, label: String, e: &HistoryEvent) -> Self {
        Self {
            start_ms: e.timestamp_ms,
            ..Self::started(kind, label, e.id)
        }
    }

    fn end(&mut self, e: &HistoryEvent, status: NodeStatus) {
        self.status = status;
        self.end_ms = Some(e.timestamp_ms);
    }

    fn fail(&mut self, e: &HistoryEvent) {
        self.end(e, NodeStatus::Failed);
        self.error = e.detail("error").and_then(Value::as_str).map(String::from);
        self.cause = e.detail("cause").and_then(Value::as_str).map(String::from);
    }
}

fn is_state(n: &TreeNode) -> bool {
    matches!(n.kind, TreeNodeKind::State { .. })
}

fn is_state_of_type(n: &TreeNode, wanted: &str) -> bool {
    matches!(&n.kind, TreeNodeKind::State { state_type } if state_type == wanted)
}

/// Whether an open node, closed by what comes after it, ended in failure: a Fail state, a
/// node holding an error, or a branch whose last state failed.
fn ended_failed(n: &TreeNode) -> bool {
    is_state_of_type(n, "Fail")
        || n.error.is_some()
        || (matches!(n.kind, TreeNodeKind::ParallelBranch { .. })
            && n.children
                .last()
                .is_some_and(|c| c.status == NodeStatus::Failed))
}

/// Builds the execution tree from a history (complete or still growing).
pub fn execution_tree(history: &[HistoryEvent]) -> TreeNode {
    let mut builder = TreeBuilder::default();
    for e in history {
        builder.push(e);
    }
    builder.tree()
}

/// The execution tree of a growing history, event by event: [`TreeBuilder::push`] each event
/// in order, and [`TreeBuilder::tree`] is the tree of the events so far (as
/// [`execution_tree`] of them). Only the open nodes (the execution, the states, iterations and
/// branches still running) are its own; finished ones are shared with the trees it gave.
#[derive(Debug, Clone, Default)]
pub struct TreeBuilder {
    /// The open nodes, outermost (the execution) first; empty before the first event.
    stack: Vec<TreeNode>,
    /// Open Parallel states: (stack depth of the state node, ParallelStateStarted id,
    /// branches).
    parallels: Vec<(usize, u64, u64)>,
    /// How many events it took.
    events: usize,
}

/// Pops the top node into its parent.
fn pop(stack: &mut Vec<TreeNode>) -> Option<TreeNodeKind> {
    if stack.len() < 2 {
        return None;
    }
    let node = stack.pop()?;
    let kind = node.kind.clone();
    if let Some(parent) = stack.last_mut() {
        parent.children.push(Rc::new(node));
    }
    Some(kind)
}

/// Closes the nodes above `depth`: as failed when `failed` (an attempt that failed), else by
/// what they recorded (a Fail state, or a node with an error, failed; a branch ends with its
/// last state).
fn close_to(stack: &mut Vec<TreeNode>, depth: usize, e: &HistoryEvent, failed: bool) {
    while stack.len() > depth + 1 {
        if let Some(top) = stack.last_mut() {
            if top.end_ms.is_none() {
                let failed = failed || ended_failed(top);
                top.end(
                    e,
                    if failed {
                        NodeStatus::Failed
                    } else {
                        NodeStatus::Succeeded
                    },
                );
                if matches!(top.kind, TreeNodeKind::ParallelBranch { .. }) && !failed {
                    top.input = top.children.first().and_then(|c| c.input.clone());
                    top.output = top.children.last().and_then(|c| c.output.clone());
                }
            }
        }
        pop(stack);
    }
}

impl TreeBuilder {
    /// How many events it took.
    pub fn events(&self) -> usize {
        self.events
    }

    /// The tree of the events so far (an execution with nothing recorded before the first).
    pub fn tree(&self) -> TreeNode {
        let mut open = self.stack.iter().rev();
        let Some(top) = open.next() else {
            let none = HistoryEvent {
                id: 1,
                previous_event_id: 0,
                timestamp_ms: 0,
                kind: String::new(),
                details: None,
            };
            return TreeNode::new(TreeNodeKind::Execution, "Execution".into(), &none);
        };
        // Each open node, a shallow copy (its finished children shared), into its parent's.
        open.fold(top.clone(), |child, parent| {
            let mut parent = parent.clone();
            parent.children.push(Rc::new(child));
            parent
        })
    }

    /// Takes the next event of the history.
    pub fn push(&mut self, e: &HistoryEvent) {
        self.events += 1;
        if self.stack.is_empty() {
            self.stack.push(TreeNode::new(
                TreeNodeKind::Execution,
                "Execution".into(),
                e,
            ));
        }
        let stack = &mut self.stack;
        let parallels = &mut self.parallels;
        let kind = e.kind.as_str();
        if kind == "ExecutionStarted" {
            if let Some(root) = stack.first_mut() {
                root.input = e.detail_json("input").map(Rc::new);
            }
        } else if kind == "ParallelStateStarted" {
            let depth = stack.len() - 1;
            let fresh = stack
                .last()
                .is_some_and(|n| is_state_of_type(n, "Parallel"))
                && parallels.last().is_none_or(|(d, _, _)| *d != depth);
            if fresh {
                parallels.push((depth, e.id, 0));
            } else if let Some((depth, started, branches)) = parallels.last_mut() {
                // A retry: the same Parallel state starts its branches again; the attempt
                // before failed.
                close_to(stack, *depth, e, true);
                *started = e.id;
                *branches = 0;
            }
        } else if kind == "ParallelStateSucceeded" || kind == "ParallelStateFailed" {
            if let Some((depth, _, _)) = parallels.pop() {
                let failed = kind == "ParallelStateFailed";
                close_to(stack, depth, e, failed);
                if failed {
                    if let Some(top) = stack.last_mut() {
                        top.end(e, NodeStatus::Failed);
                    }
                }
            }
        } else if let Some(t) = kind.strip_suffix("StateEntered") {
            if let Some((depth, started, branches)) = parallels.last_mut() {
                if e.previous_event_id == *started {
                    let depth = *depth;
                    let index = *branches;
                    *branches += 1;
                    close_to(stack, depth, e, false);
                    stack.push(TreeNode::new(
                        TreeNodeKind::ParallelBranch { index },
                        format!("Branch {index}"),
                        e,
                    ));
                }
            }
            let name = e
                .detail("name")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string();
            let mut node = TreeNode::new(
                TreeNodeKind::State {
                    state_type: t.into(),
                },
                name,
                e,
            );
            node.input = e.detail_json("input").map(Rc::new);
            stack.push(node);
        } else if let Some(t) = kind.strip_suffix("StateExited") {
            // The state that exits: the innermost open entry of that type and name (anything
            // still open above it ended with it).
            let name = e.detail("name").and_then(Value::as_str);
            let exiting = stack
                .iter()
                .rposition(|n| is_state_of_type(n, t) && name.is_none_or(|name| n.label == name));
            if let Some(depth) = exiting.filter(|d| *d > 0) {
                close_to(stack, depth, e, false);
                parallels.retain(|(d, _, _)| *d < depth);
            } else {
                while stack.last().is_some_and(|n| !is_state(n)) && stack.len() > 1 {
                    pop(stack);
                }
            }
            if let Some(top) = stack.last_mut().filter(|n| is_state(n)) {
                // An error (a failed invocation, MapStateFailed, a failed branch of its last
                // attempt…) followed by an exit: caught.
                let status = if top.error.is_some()
                    || top.status == NodeStatus::Failed
                    || top.children.last().is_some_and(|c| {
                        matches!(c.kind, TreeNodeKind::ParallelBranch { .. })
                            && c.status == NodeStatus::Failed
                    }) {
                    NodeStatus::Caught
                } else {
                    NodeStatus::Succeeded
                };
                top.end(e, status);
                top.output = e.detail_json("output").map(Rc::new);
                pop(stack);
            }
        } else if kind == "MapIterationStarted" {
            let index = e.detail("index").and_then(Value::as_u64).unwrap_or(0);
            stack.push(TreeNode::new(
                TreeNodeKind::MapIteration { index },
                format!("Iteration {index}"),
                e,
            ));
        } else if kind == "MapIterationSucceeded" || kind == "MapIterationFailed" {
            let ok = kind == "MapIterationSucceeded";
            while let Some(top) = stack.last_mut() {
                if let TreeNodeKind::MapIteration { .. } = top.kind {
                    top.end(
                        e,
                        if ok {
                            NodeStatus::Succeeded
                        } else {
                            NodeStatus::Failed
                        },
                    );
                    if let Some(last) = top.children.last() {
                        top.input = top.children.first().and_then(|c| c.input.clone());
                        top.output = last.output.clone();
                        top.error = last.error.clone();
                        top.cause = last.cause.clone();
                    }
                    pop(stack);
                    break;
                }
                if stack.len() <= 1 {
                    break;
                }
                if let Some(open) = stack.last_mut() {
                    open.end(e, NodeStatus::Failed);
                }
                pop(stack);
            }
        } else if kind == "LambdaFunctionScheduled" || kind == "TaskScheduled" {
            let (resource, input, label) = if kind == "TaskScheduled" {
                let params = e.detail_json("parameters");
                let label = params
                    .as_ref()
                    .and_then(|p| p.get("FunctionName"))
                    .and_then(Value::as_str)
                    .unwrap_or("invoke");
                let label = label
                    .rsplit(':')
                    .find(|s| !s.is_empty() && !s.starts_with('$'))
                    .unwrap_or(label)
                    .to_string();
                let resource = e
                    .detail("resource")
                    .and_then(Value::as_str)
                    .unwrap_or("invoke");
                (format!("arn:aws:states:::lambda:{resource}"), params, label)
            } else {
                let resource = e
                    .detail("resource")
                    .and_then(Value::as_str)
                    .unwrap_or_default()
                    .to_string();
                let label = resource.split(':').nth(6).unwrap_or(&resource).to_string();
                (resource, e.detail_json("input"), label)
            };
            let mut node = TreeNode::new(TreeNodeKind::TaskInvocation { resource }, label, e);
            node.input = input.map(Rc::new);
            if let Some(top) = stack.last_mut() {
                top.children.push(Rc::new(node));
            }
        } else if matches!(
            kind,
            "LambdaFunctionSucceeded"
                | "TaskSucceeded"
                | "LambdaFunctionFailed"
                | "TaskFailed"
                | "LambdaFunctionTimedOut"
                | "TaskTimedOut"
        ) {
            if let Some(inv) = stack
                .last_mut()
                .and_then(|t| t.children.last_mut())
                .map(Rc::make_mut)
            {
                if kind.ends_with("Succeeded") {
                    inv.end(e, NodeStatus::Succeeded);
                    inv.output = e.detail_json("output").map(Rc::new);
                } else {
                    inv.fail(e);
                }
            }
            if let Some(top) = stack.last_mut() {
                if kind.ends_with("Succeeded") {
                    top.error = None;
                    top.cause = None;
                } else {
                    top.error = e.detail("error").and_then(Value::as_str).map(String::from);
                    top.cause = e.detail("cause").and_then(Value::as_str).map(String::from);
                }
            }
        } else if kind == "MapIterationAborted" {
            let index = e.detail("index").and_then(Value::as_u64).unwrap_or(0);
            let mut node = TreeNode::new(
                TreeNodeKind::MapIteration { index },
                format!("Iteration {index}"),
                e,
            );
            node.end(e, NodeStatus::Aborted);
            if let Some(top) = stack.last_mut() {
                top.children.push(Rc::new(node));
            }
        } else if kind == "MapStateFailed" {
            if let Some(top) = stack.last_mut().filter(|n| is_state(n)) {
                top.end(e, NodeStatus::Failed);
            }
        } else if kind == "ExecutionSucceeded"
            || kind == "ExecutionFailed"
            || kind == "ExecutionAborted"
            || kind == "ExecutionTimedOut"
        {
            let status = match kind {
                "ExecutionSucceeded" => NodeStatus::Succeeded,
                "ExecutionFailed" => NodeStatus::Failed,
                _ => NodeStatus::Aborted,
            };
            let mut innermost = true;
            while stack.len() > 1 {
                if let Some(open) = stack.last_mut() {
                    if open.status == NodeStatus::InProgress || open.end_ms.is_none() {
                        if innermost && status == NodeStatus::Failed {
                            open.fail(e);
                        } else {
                            open.end(
                                e,
                                if status == NodeStatus::Succeeded {
                                    NodeStatus::Succeeded
                                } else {
                                    status
                                },
                            );
                        }
                    }
                }
                innermost = false;
                pop(stack);
            }
            if let Some(root) = stack.first_mut() {
                if status == NodeStatus::Failed {
                    root.fail(e);
                } else {
                    root.end(e, status);
                }
                root.output = e.detail_json("output").map(Rc::new);
            }
        }
    }
}
