//! The execution tree drawn as rows: which rows a tree gives, their heights, the window of
//! rows drawn, the keyboard's moves and what a row opens in the inspector.

use std::collections::HashMap;

use asl::host::LogLine;
use asl::{NodeStatus, TreeNode, TreeNodeKind};
use asl_playground::state::{InvocationRecord, Log};
use asl_playground::tree_rows::*;
use asl_playground::views::link_invocations;
use serde_json::{json, Value};

fn node(kind: TreeNodeKind, label: &str, id: u64, children: Vec<TreeNode>) -> TreeNode {
    TreeNode {
        status: NodeStatus::Succeeded,
        input: Some(std::rc::Rc::new(json!({"id": id}))),
        end_ms: Some(1),
        children: children.into_iter().map(std::rc::Rc::new).collect(),
        ..TreeNode::started(kind, label, id)
    }
}

fn state(label: &str, id: u64, children: Vec<TreeNode>) -> TreeNode {
    let kind = TreeNodeKind::State {
        state_type: "Task".into(),
    };
    node(kind, label, id, children)
}

fn invocation(id: u64) -> TreeNode {
    let kind = TreeNodeKind::TaskInvocation {
        resource: "arn:aws:lambda:us-east-1:123456789012:function:F".into(),
    };
    node(kind, "F", id, vec![])
}

/// An execution whose Map ran `n` iterations, each a Task `Call` with one invocation.
fn map_of(n: u64) -> TreeNode {
    let iterations = (0..n)
        .map(|k| {
            let id = 10 + 10 * k;
            let kind = TreeNodeKind::MapIteration { index: k };
            let call = state("Call", id + 1, vec![invocation(id + 2)]);
            node(kind, &format!("Iteration {k}"), id, vec![call])
        })
        .collect();
    let map = TreeNode {
        kind: TreeNodeKind::State {
            state_type: "Map".into(),
        },
        ..state("M", 2, iterations)
    };
    node(TreeNodeKind::Execution, "Execution", 1, vec![map])
}

fn labels(root: &TreeNode, rows: &[Row]) -> Vec<String> {
    rows.iter()
        .filter(|r| r.is_node())
        .map(|r| node_at(root, &r.path).unwrap().label.clone())
        .collect()
}

#[test]
fn a_large_tree_opens_two_levels_and_lists_each_visible_node_once() {
    let tree = map_of(1000);
    assert!(!opens_all(&tree));
    let rows = flatten(&tree, &Expansion::default(), false, &Records::default());
    let names = labels(&tree, &rows);
    assert_eq!(
        names.len(),
        1002,
        "the execution, the Map, its 1,000 iterations"
    );
    assert_eq!(names[..3], ["Execution", "M", "Iteration 0"]);
    assert_eq!(names.last().unwrap(), "Iteration 999");
    // The execution and the Map are open (a body each), the iterations closed.
    assert_eq!(rows.len(), 1004);
    assert!(matches!(rows[1].kind, RowKind::Body));
    assert!(matches!(
        rows[4].kind,
        RowKind::Node {
            open: false,
            expandable: true,
            ..
        }
    ));
    // Rows are stacked without gaps; every iteration's parent is the Map's row.
    for pair in rows.windows(2) {
        assert_eq!(pair[1].top_px, pair[0].top_px + pair[0].height_px);
    }
    assert_eq!(total_px(&rows), rows[1003].top_px + ROW_PX);
    assert!(rows[4..]
        .iter()
        .all(|r| r.parent == Some(2) && r.depth == 2));
    assert_eq!(rows[2].parent, Some(0));

    // Opening iteration 999 shows its body and its state (closed: depth 3).
    let mut expansion = Expansion::default();
    expansion.set(rows[1003].key, true);
    let opened = flatten(&tree, &expansion, false, &Records::default());
    assert_eq!(opened.len(), 1006);
    assert_eq!(labels(&tree, &opened).last().unwrap(), "Call");
    // Closing the execution leaves one row.
    expansion.set(NodeKey::of(&tree), false);
    assert_eq!(
        flatten(&tree, &expansion, false, &Records::default()).len(),
        1
    );
}

#[test]
fn a_small_tree_opens_every_node() {
    let tree = map_of(3);
    assert!(opens_all(&tree));
    let rows = flatten(&tree, &Expansion::default(), true, &Records::default());
    assert_eq!(
        labels(&tree, &rows),
        [
            "Execution",
            "M",
            "Iteration 0",
            "Call",
            "F",
            "Iteration 1",
            "Call",
            "F",
            "Iteration 2",
            "Call",
            "F"
        ]
    );
    assert_eq!(rows.len(), 22, "each node with its body");
    // The second and later invocations of a state are numbered attempts.
    let mut retried = map_of(1);
    let state = std::rc::Rc::make_mut(&mut retried.children[0]);
    let state = std::rc::Rc::make_mut(&mut state.children[0]);
    let state = std::rc::Rc::make_mut(&mut state.children[0]);
    state.children.push(invocation(99).into());
    let rows = flatten(&retried, &Expansion::default(), true, &Records::default());
    let attempts: Vec<_> = rows
        .iter()
        .filter_map(|r| match r.kind {
            RowKind::Node { attempt, .. } => attempt,
            RowKind::Body => None,
        })
        .collect();
    assert_eq!(attempts, [(1, 2), (2, 2)]);
}

#[test]
fn only_the_rows_in_view_and_a_margin_are_drawn() {
    let tree = map_of(1000);
    let rows = flatten(&tree, &Expansion::default(), false, &Records::default());
    let (first, end) = window(&rows, 0, 520);
    assert_eq!(first, 0);
    let below = rows[end - 1].top_px;
    assert!(below >= 520 + OVERSCAN_PX - ROW_PX, "{below}");
    assert!(end < 100, "{end} rows drawn at the top");
    // At the end: the last iteration is drawn, the first ones not.
    let bottom = total_px(&rows) - 520;
    let (first, end) = window(&rows, bottom, 520);
    assert_eq!(end, rows.len());
    assert!(first > 900 && end - first < 100, "{first}..{end}");
    // Scrolled past the end (the tree got shorter): nothing breaks.
    let (first, end) = window(&rows, 10 * total_px(&rows), 520);
    assert!(first <= end && end <= rows.len());
    // A short tree is drawn whole.
    let small = map_of(3);
    let rows = flatten(&small, &Expansion::default(), true, &Records::default());
    assert_eq!(window(&rows, 400, 100), (0, rows.len()));
}

#[test]
fn a_body_is_as_high_as_its_parts_and_long_values_are_blocks() {
    // json_lines counts what serde_json's pretty printer writes, up to the cap.
    for v in [
        json!(1),
        json!("a\nb"),
        json!([]),
        json!({}),
        json!([1, [2, 3], {"a": {"b": [true, null]}}, []]),
        json!({"x": [{"y": 1}, {"z": [1, 2, 3]}]}),
    ] {
        let lines = serde_json::to_string_pretty(&v).unwrap().lines().count();
        assert_eq!(json_lines(&v, 1000), lines, "{v}");
        assert_eq!(json_lines(&v, 3), lines.min(3), "{v}");
    }
    let short = json!({"who": "bob"});
    let long = Value::Array((0..1000).map(|k| json!({ "who": k })).collect());
    assert!(!Part::Value("Input", &short).is_block());
    assert_eq!(Part::Value("Input", &short).height_px(), LINE_PX);
    assert!(Part::Value("Input", &long).is_block());
    assert_eq!(
        Part::Value("Input", &long).height_px(),
        BLOCK_LINES * BLOCK_LINE_PX + BLOCK_EXTRA_PX,
        "a long value scrolls inside ten lines"
    );
    let cause = r#"{"errorType":"Error","errorMessage":"boom"}"#;
    assert_eq!(
        Part::Cause(cause).height_px(),
        4 * BLOCK_LINE_PX + BLOCK_EXTRA_PX
    );

    // A failed invocation with a record: input, error, cause, request id, logs.
    let mut failed = invocation(5);
    failed.error = Some("Error".into());
    failed.cause = Some(cause.into());
    let record = InvocationRecord {
        request_id: "req-1".into(),
        function_name: "F".into(),
        payload: json!({}),
        scheduled_event_id: Some(5),
        logs: vec![
            LogLine {
                level: "info".into(),
                message: "one".into(),
            },
            LogLine {
                level: "warn".into(),
                message: "two\nthree".into(),
            },
        ],
        duration_ms: 1.0,
    };
    let body = parts(&failed, Some(&record));
    assert_eq!(body.len(), 5);
    assert!(matches!(body[4], Part::Logs(_)));
    assert_eq!(body[4].height_px(), 3 * BLOCK_LINE_PX + BLOCK_EXTRA_PX);
    assert_eq!(
        body_px(&body),
        LINE_PX * 3 + (4 + 3) * BLOCK_LINE_PX + 2 * BLOCK_EXTRA_PX + BODY_PAD_PX
    );
    let expected = body_px(&body);
    let tree = node(
        TreeNodeKind::Execution,
        "Execution",
        1,
        vec![failed.clone()],
    );
    let records = Records::new(&tree, &Log::new(vec![record.clone()]));
    let rows = flatten(&tree, &Expansion::default(), true, &records);
    assert_eq!(rows[3].height_px, expected);
}

#[test]
fn keys_move_the_selection_open_and_close() {
    let tree = map_of(3);
    let mut expansion = Expansion::default();
    let rows = flatten(&tree, &expansion, false, &Records::default());
    let node_rows: Vec<usize> = (0..rows.len()).filter(|&k| rows[k].is_node()).collect();
    // [Execution, body, M, body, Iteration 0, Iteration 1, Iteration 2]
    assert_eq!(node_rows, [0, 2, 4, 5, 6]);
    assert_eq!(navigate(&rows, None, Key::Down, 5), Move::Select(0));
    assert_eq!(navigate(&rows, Some(0), Key::Down, 5), Move::Select(2));
    assert_eq!(navigate(&rows, Some(2), Key::Up, 5), Move::Select(0));
    assert_eq!(navigate(&rows, Some(0), Key::Up, 5), Move::Select(0));
    assert_eq!(navigate(&rows, Some(6), Key::Down, 5), Move::Select(6));
    assert_eq!(navigate(&rows, Some(0), Key::End, 5), Move::Select(6));
    assert_eq!(navigate(&rows, Some(6), Key::Home, 5), Move::Select(0));
    assert_eq!(navigate(&rows, Some(0), Key::PageDown, 3), Move::Select(5));
    assert_eq!(navigate(&rows, Some(5), Key::PageUp, 3), Move::Select(0));
    // Right opens a closed node, then goes to its first child; Left goes back up and closes.
    assert_eq!(navigate(&rows, Some(4), Key::Right, 5), Move::Open(4, true));
    expansion.set(rows[4].key, true);
    let rows = flatten(&tree, &expansion, false, &Records::default());
    assert_eq!(labels(&tree, &rows)[2..4], ["Iteration 0", "Call"]);
    let call = rows
        .iter()
        .position(|r| r.key == NodeKey::state(11))
        .unwrap();
    assert_eq!(navigate(&rows, Some(4), Key::Right, 5), Move::Select(call));
    assert_eq!(
        navigate(&rows, Some(call), Key::Right, 5),
        Move::Open(call, true)
    );
    assert_eq!(navigate(&rows, Some(call), Key::Left, 5), Move::Select(4));
    assert_eq!(navigate(&rows, Some(4), Key::Left, 5), Move::Open(4, false));
    assert_eq!(navigate(&rows, Some(0), Key::Left, 5), Move::Open(0, false));
    // A node with nothing to open: Right stays.
    let bare = TreeNode {
        input: None,
        ..node(TreeNodeKind::Execution, "Execution", 1, vec![])
    };
    let rows = flatten(&bare, &Expansion::default(), true, &Records::default());
    assert_eq!(navigate(&rows, Some(0), Key::Right, 5), Move::Stay);
    assert_eq!(navigate(&[], None, Key::Down, 5), Move::Stay);
    assert_eq!(Key::parse("ArrowDown"), Some(Key::Down));
    assert_eq!(Key::parse("a"), None);
}

#[test]
fn the_selection_scrolls_into_view() {
    let tree = map_of(1000);
    let rows = flatten(&tree, &Expansion::default(), false, &Records::default());
    let last = rows.last().unwrap();
    assert_eq!(
        scroll_to_show(last, 0, 520),
        Some(last.top_px + ROW_PX - 520)
    );
    assert_eq!(scroll_to_show(&rows[0], last.top_px, 520), Some(0));
    assert_eq!(scroll_to_show(&rows[5], 0, 520), None, "already in view");
}

#[test]
fn a_row_opens_its_state_entry_in_the_inspector() {
    let tree = map_of(3);
    // A state: itself; an iteration: its first state; an invocation: its Task state.
    assert_eq!(inspect_target(&tree, &[0]), Some(("M".into(), 2)));
    assert_eq!(inspect_target(&tree, &[0, 1]), Some(("Call".into(), 21)));
    assert_eq!(
        inspect_target(&tree, &[0, 1, 0, 0]),
        Some(("Call".into(), 21))
    );
    assert_eq!(inspect_target(&tree, &[]), None, "the execution");
    assert_eq!(inspect_target(&tree, &[7]), None);

    // Following the inspector: the entry's path, its ancestors opened.
    let path = path_to(&tree, NodeKey::state(21)).unwrap();
    assert_eq!(path, [0, 1, 0]);
    let mut expansion = Expansion::default();
    reveal(&tree, &path, &mut expansion);
    let rows = flatten(&tree, &expansion, false, &Records::default());
    assert!(rows.iter().any(|r| r.key == NodeKey::state(21)));
    assert!(path_to(&tree, NodeKey::state(12345)).is_none());

    // A Parallel branch and its first state share their first event; their keys differ.
    let branch = node(
        TreeNodeKind::ParallelBranch { index: 0 },
        "Branch 0",
        7,
        vec![state("B", 7, vec![])],
    );
    let parallel = node(TreeNodeKind::Execution, "Execution", 1, vec![branch]);
    let rows = flatten(&parallel, &Expansion::default(), true, &Records::default());
    assert_ne!(rows[2].key, rows[4].key);
    assert_eq!(path_to(&parallel, NodeKey::state(7)).unwrap(), [0, 0]);
    assert_eq!(inspect_target(&parallel, &[0]), Some(("B".into(), 7)));
}

#[test]
fn records_are_the_linked_invocations_without_copies() {
    // Six invocations, two of them retried; the records are made as the run goes (call
    // order), one naming no event (linked by payload), the log grown after the first link.
    let calls: Vec<TreeNode> = (0..6).map(|k| invocation(10 + k)).collect();
    let tree = node(TreeNodeKind::Execution, "Execution", 1, calls);
    let record = |k: u64, scheduled: Option<u64>| InvocationRecord {
        request_id: format!("req-{k}"),
        function_name: "f".into(),
        payload: json!({ "id": 10 + k }),
        scheduled_event_id: scheduled,
        logs: Vec::new(),
        duration_ms: k as f64,
    };
    let mut log = Log::new(vec![record(0, Some(10)), record(1, None)]);
    let early = log.clone();
    log.extend((2..6).map(|k| record(k, Some(10 + k))));
    for (log, len) in [(&early, 2), (&log, 6)] {
        let records = Records::new(&tree, log);
        let items = log.items().to_vec();
        let expected: HashMap<u64, InvocationRecord> = link_invocations(&tree, &items)
            .into_iter()
            .map(|(id, k)| (id, items[k].clone()))
            .collect();
        assert_eq!(expected.len(), len);
        for id in 0..20 {
            assert_eq!(
                records.get(id).as_deref(),
                expected.get(&id),
                "node {id} of {len} records"
            );
        }
        // A node that is not a task invocation has no record, whatever its id.
        assert!(records.of(&tree).is_none());
    }
    assert!(Records::default().get(10).is_none());
}
