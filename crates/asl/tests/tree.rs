//! The execution tree derived from histories.

mod common;

use asl::{execution_tree, NodeStatus, TreeNodeKind};
use common::*;
use serde_json::json;

#[test]
fn execution_tree_from_history() {
    let e = tutorial();
    let tree = execution_tree(&e.history);
    assert_eq!(tree.kind, TreeNodeKind::Execution);
    assert_eq!(tree.status, NodeStatus::Succeeded);
    assert_eq!(
        tree.output.as_deref().cloned(),
        Some(json!(["Hello, bob!", "Hello, meg!", "Hello, joe!"]))
    );
    let [map] = tree.children.as_slice() else {
        panic!("one state: {:?}", tree.children)
    };
    assert_eq!(
        (map.label.as_str(), map.status),
        ("ExampleMapState", NodeStatus::Succeeded)
    );
    assert_eq!(map.children.len(), 3);
    let it1 = &map.children[1];
    assert_eq!(it1.kind, TreeNodeKind::MapIteration { index: 1 });
    assert_eq!(it1.output.as_deref().cloned(), Some(json!("Hello, meg!")));
    let task = &it1.children[0];
    assert_eq!(
        task.kind,
        TreeNodeKind::State {
            state_type: "Task".into()
        }
    );
    assert_eq!(task.input.as_deref().cloned(), Some(json!({"who": "meg"})));
    let inv = &task.children[0];
    assert_eq!(
        inv.kind,
        TreeNodeKind::TaskInvocation {
            resource: "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction".into()
        }
    );
    assert_eq!(inv.label, "HelloFunction");
    assert_eq!(
        (inv.status, inv.output.as_deref().cloned()),
        (NodeStatus::Succeeded, Some(json!("Hello, meg!")))
    );
    assert_eq!(inv.end_ms.map(|end| end - inv.start_ms), Some(5));

    // A partial history: inside the first invocation.
    let partial = execution_tree(&e.history[..7]);
    assert_eq!(partial.status, NodeStatus::InProgress);
    let map = &partial.children[0];
    assert_eq!(map.status, NodeStatus::InProgress);
    let inv = &map.children[0].children[0].children[0];
    assert_eq!((inv.status, inv.end_ms), (NodeStatus::InProgress, None));
}

#[test]
fn tree_marks_failures_and_catches() {
    let def = r#"{"StartAt":"T","States":{
        "T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:boom","Catch":[{"ErrorEquals":["States.ALL"],"Next":"F"}],"End":true},
        "F":{"Type":"Fail","Error":"Final","Cause":"end"}}}"#;
    let fake = Fake::with(&[(
        "boom",
        Behavior::Raise {
            error_type: "E".into(),
            message: "m".into(),
        },
    )]);
    let e = run(def, json!({}), &fake);
    let tree = execution_tree(&e.history);
    assert_eq!(tree.status, NodeStatus::Failed);
    assert_eq!(tree.error.as_deref(), Some("Final"));
    assert_eq!(
        child_statuses(&tree),
        [("T", NodeStatus::Caught), ("F", NodeStatus::Failed)]
    );
    assert_eq!(tree.children[0].children[0].status, NodeStatus::Failed);
    assert_eq!(tree.children[1].error.as_deref(), Some("Final"));
}

#[test]
fn a_caught_map_failure_is_caught() {
    let def = r#"{"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"F","States":{"F":{"Type":"Fail","Error":"E"}}},"Catch":[{"ErrorEquals":["States.ALL"],"Next":"Done"}],"End":true},"Done":{"Type":"Succeed"}}}"#;
    let e = run(def, json!([1]), &Fake::default());
    assert_eq!(e.status, asl::Status::Succeeded);
    let tree = execution_tree(&e.history);
    assert_eq!(
        child_statuses(&tree),
        [("M", NodeStatus::Caught), ("Done", NodeStatus::Succeeded)]
    );
    assert_eq!(tree.children[0].children[0].status, NodeStatus::Failed);
}

/// The label and status of each child of `node`.
fn child_statuses(node: &asl::TreeNode) -> Vec<(&str, NodeStatus)> {
    node.children
        .iter()
        .map(|c| (c.label.as_str(), c.status))
        .collect()
}

/// Every state entry of the tree, depth first in history order: `(label, status)`, with
/// Map iterations and Parallel branches as `#index`.
fn entries(node: &asl::TreeNode) -> Vec<(String, NodeStatus)> {
    fn walk(node: &asl::TreeNode, out: &mut Vec<(String, NodeStatus)>) {
        for c in &node.children {
            match &c.kind {
                TreeNodeKind::State { .. } => out.push((c.label.clone(), c.status)),
                TreeNodeKind::MapIteration { index } | TreeNodeKind::ParallelBranch { index } => {
                    out.push((format!("#{index}"), c.status))
                }
                TreeNodeKind::TaskInvocation { .. } | TreeNodeKind::Execution => continue,
            }
            walk(c, out);
        }
    }
    let mut out = Vec::new();
    walk(node, &mut out);
    out
}

/// The caught and failed paths of every state type, each with and without a Retry before
/// the Catch: the state a Catch handled is `Caught` (the graph's "caught"), one that failed
/// the execution is `Failed`, one a Retry rescued is `Succeeded`; every entry, iteration and
/// branch sits where it ran. (A caught Parallel with a Retry was drawn as succeeded: its
/// retry's `ParallelStateStarted` was taken for a nested Parallel.)
#[test]
fn every_state_type_shows_how_it_ended() {
    use NodeStatus::{Caught as C, Failed as F, Succeeded as S};
    const RETRY: &str =
        r#""Retry":[{"ErrorEquals":["States.ALL"],"IntervalSeconds":1,"MaxAttempts":1}]"#;
    const CATCH: &str = r#""Catch":[{"ErrorEquals":["States.ALL"],"Next":"Done"}]"#;
    let lambda = |name: &str| {
        format!(
            r#"{{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:{name}","End":true}}"#
        )
    };
    let fail = r#"{"Type":"Fail","Error":"Boom","Cause":"c"}"#.to_string();
    let flow = |state: &str| format!(r#"{{"StartAt":"X","States":{{"X":{state}}}}}"#);
    // The state under test, `S`, with its fields, then `Done` when a Catch leads there.
    let machine = |state: String, fields: &[&str]| {
        let extra: String = fields.iter().map(|f| format!(",{f}")).collect();
        let state = state.strip_suffix('}').unwrap_or(&state);
        let state = state.strip_suffix(r#","End":true"#).unwrap_or(state);
        let end = if state.starts_with(r#"{"Type":"Fail""#) {
            ""
        } else {
            r#","End":true"#
        };
        let done = if fields.contains(&CATCH) {
            r#","Done":{"Type":"Pass","End":true}"#
        } else {
            ""
        };
        format!(r#"{{"StartAt":"S","States":{{"S":{state}{extra}{end}}}{done}}}}}"#)
    };
    let parallel = |inner: &str| {
        format!(
            r#"{{"Type":"Parallel","Branches":[{},{}],"End":true}}"#,
            flow(r#"{"Type":"Pass","End":true}"#),
            flow(inner)
        )
    };
    let map = |inner: &str, mode: &str| {
        format!(
            r#"{{"Type":"Map","ItemProcessor":{{"ProcessorConfig":{{"Mode":"{mode}","ExecutionType":"STANDARD"}},"StartAt":"X","States":{{"X":{inner}}}}},"End":true}}"#
        )
    };
    type Row = (&'static str, String, Vec<(&'static str, NodeStatus)>);
    let s = |v: &[(&'static str, NodeStatus)]| v.to_vec();
    let rows: Vec<Row> = vec![
        // Task
        ("task caught", machine(lambda("boom"), &[CATCH]), s(&[("S", C), ("Done", S)])),
        ("task retried, caught", machine(lambda("boom"), &[RETRY, CATCH]), s(&[("S", C), ("Done", S)])),
        ("task retried, rescued", machine(lambda("flaky"), &[RETRY]), s(&[("S", S)])),
        ("task failed", machine(lambda("boom"), &[]), s(&[("S", F)])),
        // Parallel: a Fail branch, a failing Task branch, a rescued branch
        ("parallel caught", machine(parallel(&fail), &[CATCH]),
            s(&[("S", C), ("#0", S), ("X", S), ("#1", F), ("X", F), ("Done", S)])),
        ("parallel retried, caught", machine(parallel(&fail), &[RETRY, CATCH]),
            s(&[("S", C), ("#0", S), ("X", S), ("#1", F), ("X", F), ("#0", S), ("X", S), ("#1", F), ("X", F), ("Done", S)])),
        ("parallel task retried, caught", machine(parallel(&lambda("boom")), &[RETRY, CATCH]),
            s(&[("S", C), ("#0", S), ("X", S), ("#1", F), ("X", F), ("#0", S), ("X", S), ("#1", F), ("X", F), ("Done", S)])),
        ("parallel retried, rescued", machine(parallel(&lambda("flaky")), &[RETRY]),
            s(&[("S", S), ("#0", S), ("X", S), ("#1", F), ("X", F), ("#0", S), ("X", S), ("#1", S), ("X", S)])),
        ("parallel failed", machine(parallel(&fail), &[]), s(&[("S", F), ("#0", S), ("X", S), ("#1", F), ("X", F)])),
        // Map (inline)
        ("map caught", machine(map(&fail, "INLINE"), &[CATCH]), s(&[("S", C), ("#0", F), ("X", F), ("Done", S)])),
        ("map retried, caught", machine(map(&fail, "INLINE"), &[RETRY, CATCH]),
            s(&[("S", C), ("#0", F), ("X", F), ("#0", F), ("X", F), ("Done", S)])),
        ("map retried, rescued", machine(map(&lambda("flaky"), "INLINE"), &[RETRY]),
            s(&[("S", S), ("#0", F), ("X", F), ("#0", S), ("X", S)])),
        ("map failed", machine(map(&fail, "INLINE"), &[]), s(&[("S", F), ("#0", F), ("X", F)])),
        // Map (distributed: the child executions are not in the parent's history)
        ("distributed map caught", machine(map(&fail, "DISTRIBUTED"), &[CATCH]), s(&[("S", C), ("Done", S)])),
        ("distributed map retried, caught", machine(map(&fail, "DISTRIBUTED"), &[RETRY, CATCH]), s(&[("S", C), ("Done", S)])),
        ("distributed map failed", machine(map(&fail, "DISTRIBUTED"), &[]), s(&[("S", F)])),
        // States without Catch: a runtime error fails them
        ("pass failed", machine(r#"{"Type":"Pass","InputPath":"$.missing","End":true}"#.into(), &[]), s(&[("S", F)])),
        ("choice failed", r#"{"StartAt":"S","States":{"S":{"Type":"Choice","Choices":[{"Variable":"$[0]","NumericEquals":2,"Next":"Done"}]},"Done":{"Type":"Pass","End":true}}}"#.into(), s(&[("S", F)])),
        ("wait failed", machine(r#"{"Type":"Wait","SecondsPath":"$.missing","End":true}"#.into(), &[]), s(&[("S", F)])),
        ("fail", machine(fail.clone(), &[]), s(&[("S", F)])),
        ("succeed", r#"{"StartAt":"S","States":{"S":{"Type":"Succeed"}}}"#.into(), s(&[("S", S)])),
        // Nested: a caught Map around a failing Parallel
        ("parallel failed in a caught map", machine(map(&parallel(&fail), "INLINE"), &[CATCH]),
            s(&[("S", C), ("#0", F), ("X", F), ("#0", S), ("X", S), ("#1", F), ("X", F), ("Done", S)])),
    ];
    let fake = || {
        Fake::with(&[
            (
                "boom",
                Behavior::Raise {
                    error_type: "Boom".into(),
                    message: "no".into(),
                },
            ),
            ("flaky", Behavior::FlakyThen(1)),
        ])
    };
    let mut bad = Vec::new();
    for (name, def, want) in rows {
        let e = run(&def, json!([1]), &fake());
        let got = entries(&execution_tree(&e.history));
        let got: Vec<(&str, NodeStatus)> = got.iter().map(|(l, s)| (l.as_str(), *s)).collect();
        if got != want {
            bad.push(format!(
                "{name}: want {want:?}\n   got {got:?}\n   history {:?}",
                types(&e)
            ));
        }
    }
    assert_rows_pass(&bad);
}

#[test]
fn a_growing_tree_keeps_the_trees_it_gave() {
    // Parallel branches, a Map, a retried invocation that fails then is caught.
    let def = r#"{"StartAt":"P","States":{"P":{"Type":"Parallel","Branches":[
        {"StartAt":"M","States":{"M":{"Type":"Map","ItemProcessor":{"StartAt":"T","States":{"T":{"Type":"Pass","End":true}}},"End":true}}},
        {"StartAt":"B","States":{"B":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:boom",
          "Retry":[{"ErrorEquals":["States.ALL"],"MaxAttempts":1}],"Catch":[{"ErrorEquals":["States.ALL"],"Next":"D"}],"Next":"D"},
          "D":{"Type":"Pass","End":true}}}],"End":true}}}"#;
    let fake = Fake::with(&[(
        "boom",
        Behavior::Raise {
            error_type: "E".into(),
            message: "m".into(),
        },
    )]);
    let e = run(def, json!([1, 2, 3]), &fake);
    let mut builder = asl::TreeBuilder::default();
    let mut given = Vec::new();
    for (k, event) in e.history.iter().enumerate() {
        builder.push(event);
        assert_eq!(builder.events(), k + 1);
        given.push(builder.tree());
    }
    // Each tree given along the way is still the tree of the history up to then, and the last
    // is the whole history's.
    for (k, tree) in given.iter().enumerate() {
        assert_eq!(
            *tree,
            execution_tree(&e.history[..=k]),
            "after event {}",
            k + 1
        );
    }
    assert_eq!(given.last(), Some(&execution_tree(&e.history)));
    assert_eq!(
        asl::TreeBuilder::default().tree(),
        execution_tree(&[]),
        "nothing recorded"
    );
}
