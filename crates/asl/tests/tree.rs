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
        tree.output,
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
    assert_eq!(it1.output, Some(json!("Hello, meg!")));
    let task = &it1.children[0];
    assert_eq!(
        task.kind,
        TreeNodeKind::State {
            state_type: "Task".into()
        }
    );
    assert_eq!(task.input, Some(json!({"who": "meg"})));
    let inv = &task.children[0];
    assert_eq!(
        inv.kind,
        TreeNodeKind::TaskInvocation {
            resource: "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction".into()
        }
    );
    assert_eq!(inv.label, "HelloFunction");
    assert_eq!(
        (inv.status, inv.output.clone()),
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
