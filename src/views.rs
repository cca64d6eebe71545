//! View models derived from the state, kept pure so they are tested natively: which Lambda
//! invocation record belongs to which execution-tree node, durations and JSON for display.
//! (Each state's status in the graph is the interpreter's rule: [`asl::graph::state_statuses`].)

use std::collections::HashMap;

use asl::{TreeNode, TreeNodeKind};
use serde_json::Value;

use crate::state::InvocationRecord;

/// Which invocation record (index into `records`, in call order) belongs to which
/// task-invocation node (by its first event id): by the scheduling event the interpreter
/// reported for the record; failing that (the history itself has no request ids) by payload
/// (the node's input, or its `Payload` parameter for `lambda:invoke`) in history order;
/// nodes left over take the remaining records in order.
pub fn link_invocations(tree: &TreeNode, records: &[InvocationRecord]) -> HashMap<u64, usize> {
    fn walk<'a>(node: &'a TreeNode, out: &mut Vec<(u64, Option<&'a Value>)>) {
        if let TreeNodeKind::TaskInvocation { .. } = node.kind {
            out.push((node.first_event_id, node.input.as_ref()));
        }
        for child in &node.children {
            walk(child, out);
        }
    }
    let mut nodes = Vec::new();
    walk(tree, &mut nodes);
    nodes.sort_by_key(|(id, _)| *id);
    let mut used = vec![false; records.len()];
    let mut links = HashMap::new();
    for (k, r) in records.iter().enumerate() {
        if let Some(id) = r
            .scheduled_event_id
            .filter(|id| nodes.iter().any(|(n, _)| n == id))
        {
            used[k] = true;
            links.insert(id, k);
        }
    }
    for (id, input) in &nodes {
        if links.contains_key(id) {
            continue;
        }
        let Some(input) = input else { continue };
        let matches =
            |r: &InvocationRecord| **input == r.payload || input.get("Payload") == Some(&r.payload);
        if let Some(k) = (0..records.len()).find(|&k| !used[k] && matches(&records[k])) {
            used[k] = true;
            links.insert(*id, k);
        }
    }
    let mut free = (0..records.len()).filter(|&k| !used[k]);
    for (id, _) in &nodes {
        if !links.contains_key(id) {
            match free.next() {
                Some(k) => {
                    links.insert(*id, k);
                }
                None => break,
            }
        }
    }
    links
}

/// A duration for people: `12 ms`, `1.25 s`, `3 min 2 s`.
pub fn format_duration(ms: f64) -> String {
    if !ms.is_finite() || ms < 0.0 {
        return "–".into();
    }
    if ms < 10.0 {
        format!("{ms:.1} ms")
    } else if ms < 1000.0 {
        format!("{ms:.0} ms")
    } else if ms < 60_000.0 {
        format!("{:.2} s", ms / 1000.0)
    } else {
        let s = (ms / 1000.0).round() as u64;
        format!("{} min {} s", s / 60, s % 60)
    }
}

/// JSON for display: pretty-printed.
pub fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string())
}

/// A cause for display: pretty-printed when it is JSON (a Lambda error), else as is.
pub fn pretty_cause(cause: &str) -> String {
    match serde_json::from_str::<Value>(cause) {
        Ok(v @ (Value::Object(_) | Value::Array(_))) => pretty(&v),
        _ => cause.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn invocations_link_by_payload_then_order() {
        let inv = |id, input: Option<Value>| {
            let kind = TreeNodeKind::TaskInvocation {
                resource: "r".into(),
            };
            TreeNode {
                input,
                ..TreeNode::started(kind, "F", id)
            }
        };
        let tree = TreeNode {
            children: vec![
                inv(5, Some(json!({"who": "bob"}))),
                inv(
                    9,
                    Some(json!({"FunctionName": "F", "Payload": {"who": "meg"}})),
                ),
                inv(12, None),
            ],
            ..TreeNode::started(TreeNodeKind::Execution, "run", 1)
        };
        let record = |who: &str| InvocationRecord {
            request_id: who.into(),
            function_name: "F".into(),
            payload: json!({"who": who}),
            scheduled_event_id: None,
            logs: vec![],
            duration_ms: 1.0,
        };
        // Called in another order than the history shows them.
        let records = [record("meg"), record("x"), record("bob")];
        let links = link_invocations(&tree, &records);
        assert_eq!(links[&5], 2);
        assert_eq!(links[&9], 0);
        assert_eq!(links[&12], 1);

        // The interpreter's report wins over payloads.
        let mut exact = [record("bob"), record("meg")];
        exact[0].scheduled_event_id = Some(9);
        exact[1].scheduled_event_id = Some(5);
        let links = link_invocations(&tree, &exact);
        assert_eq!((links[&9], links[&5]), (0, 1));
    }

    #[test]
    fn durations_and_causes() {
        assert_eq!(format_duration(3.25), "3.2 ms");
        assert_eq!(format_duration(42.0), "42 ms");
        assert_eq!(format_duration(3000.0), "3.00 s");
        assert_eq!(pretty_cause("plain"), "plain");
        assert_eq!(pretty_cause(r#"{"a":1}"#), "{\n  \"a\": 1\n}");
    }
}
