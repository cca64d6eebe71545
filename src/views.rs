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
    // The page's records all name their event: link by it, without walking the tree (a
    // record whose event the tree lacks, past the debugger's cursor, is simply not asked for).
    if records.iter().all(|r| r.scheduled_event_id.is_some()) {
        return records
            .iter()
            .enumerate()
            .filter_map(|(k, r)| Some((r.scheduled_event_id?, k)))
            .collect();
    }
    fn walk<'a>(node: &'a TreeNode, out: &mut Vec<(u64, Option<&'a Value>)>) {
        if let TreeNodeKind::TaskInvocation { .. } = node.kind {
            out.push((node.first_event_id, node.input.as_deref()));
        }
        for child in &node.children {
            walk(child, out);
        }
    }
    let mut nodes = Vec::new();
    walk(tree, &mut nodes);
    nodes.sort_by_key(|(id, _)| *id);
    let ids: std::collections::HashSet<u64> = nodes.iter().map(|(id, _)| *id).collect();
    let mut used = vec![false; records.len()];
    let mut links = HashMap::new();
    for (k, r) in records.iter().enumerate() {
        if let Some(id) = r.scheduled_event_id.filter(|id| ids.contains(id)) {
            used[k] = true;
            links.insert(id, k);
        }
    }
    // The records left (usually none: the page's records name their event), in order.
    let mut unlinked: Vec<usize> = (0..records.len()).filter(|&k| !used[k]).collect();
    for (id, input) in &nodes {
        if links.contains_key(id) || unlinked.is_empty() {
            continue;
        }
        let Some(input) = input else { continue };
        let matches =
            |r: &InvocationRecord| **input == r.payload || input.get("Payload") == Some(&r.payload);
        if let Some(at) = unlinked.iter().position(|&k| matches(&records[k])) {
            let k = unlinked.remove(at);
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

/// The most bytes of a value's pretty JSON the page draws in one place (a Map over 10,000
/// items has megabytes of input and output; the rest is left out, with a note, and the Copy
/// buttons and the history download still give all of it). 16 KiB is some 700 lines of a
/// Map's output; the browser lays out every line of a block in view whenever the page
/// changes (64 KiB blocks took it ~70 ms at the end of a 10,000-item run).
pub const SHOWN_BYTES: usize = 16 * 1024;

/// Pretty JSON for display, at most [`SHOWN_BYTES`] of it (writing stops there, so a huge
/// value costs no more than a small one), followed by a note when some is left out.
pub fn pretty_shown<T: serde::Serialize + ?Sized>(value: &T) -> String {
    pretty_within(value, SHOWN_BYTES)
}

/// What changes on every frame of a run (a running Map's outputs so far) shows at most this
/// many bytes: the browser lays the text out again each time it changes.
pub const LIVE_SHOWN_BYTES: usize = 4 * 1024;

/// Pretty JSON for display, at most `cap` bytes of it, followed by a note when some is left
/// out.
pub fn pretty_within<T: serde::Serialize + ?Sized>(value: &T, cap: usize) -> String {
    /// Keeps the first `cap` bytes written, then refuses more.
    struct Capped {
        text: Vec<u8>,
        cap: usize,
        cut: bool,
    }
    impl std::io::Write for Capped {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let room = self.cap - self.text.len();
            if buf.len() > room {
                self.text.extend_from_slice(&buf[..room]);
                self.cut = true;
                return Err(std::io::Error::other("enough shown"));
            }
            self.text.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut out = Capped {
        text: Vec::new(),
        cap,
        cut: false,
    };
    let _ = serde_json::to_writer_pretty(&mut out, value);
    let mut text = String::from_utf8_lossy(&out.text).into_owned();
    if out.cut {
        // A character cut in two shows as U+FFFD: drop it.
        if text.ends_with('\u{FFFD}') {
            text.pop();
        }
        text.push_str(&format!(
            "\n… (longer than {} KiB: the rest is not shown)",
            cap / 1024
        ));
    }
    text
}

/// A cause for display: pretty-printed when it is JSON (a Lambda error), else as is.
pub fn pretty_cause(cause: &str) -> String {
    match serde_json::from_str::<Value>(cause) {
        Ok(v @ (Value::Object(_) | Value::Array(_))) => pretty(&v),
        _ => cause.to_string(),
    }
}

/// `"{what} is not JSON: LINE:COLUMN: message"`, for text a form refused.
pub fn not_json(what: &str, d: &asl::Diagnostic) -> String {
    format!("{what} is not JSON: {}:{}: {}", d.line, d.column, d.message)
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
                input: input.map(std::rc::Rc::new),
                ..TreeNode::started(kind, "F", id)
            }
        };
        let tree = TreeNode {
            children: vec![
                inv(5, Some(json!({"who": "bob"}))).into(),
                inv(
                    9,
                    Some(json!({"FunctionName": "F", "Payload": {"who": "meg"}})),
                )
                .into(),
                inv(12, None).into(),
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
    fn long_values_are_shown_in_part() {
        assert_eq!(pretty_shown(&json!({"a": [1]})), pretty(&json!({"a": [1]})));
        let long = Value::Array((0..20_000).map(|k| json!(format!("é{k}"))).collect());
        let shown = pretty_shown(&long);
        assert!(shown.len() < SHOWN_BYTES + 100, "{}", shown.len());
        assert!(shown.starts_with("[\n  \"é0\","));
        assert!(shown.ends_with("(longer than 16 KiB: the rest is not shown)"));
        assert!(!shown.contains('\u{FFFD}'));
        let live = pretty_within(&long, LIVE_SHOWN_BYTES);
        assert!(live.ends_with("(longer than 4 KiB: the rest is not shown)"));
        assert!(live.len() < LIVE_SHOWN_BYTES + 100);
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
