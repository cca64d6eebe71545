//! From the definition's JSON to the graph of one flow: boxes (with their sub-flows) and
//! labelled edges, before anything is placed.

use serde_json::{Map, Value};

use super::{EdgeKind, NodeKind, MAX_DEPTH};

/// How many more boxes may be made.
pub(super) struct Budget {
    left: usize,
}

impl Budget {
    pub(super) fn new(max: usize) -> Self {
        Self { left: max }
    }

    fn take(&mut self) -> bool {
        if self.left == 0 {
            return false;
        }
        self.left -= 1;
        true
    }
}

/// A box before placement.
pub(super) struct GNode {
    pub name: String,
    pub kind: NodeKind,
    pub state_type: String,
    pub pointer: String,
    pub inner: Inner,
}

/// What a box holds.
pub(super) enum Inner {
    /// Nothing.
    None,
    /// A Map's item processor.
    Map(Box<Flow>),
    /// A Parallel's branches.
    Parallel(Vec<Flow>),
}

/// An edge before routing (indices into [`Flow::nodes`]).
pub(super) struct GEdge {
    pub from: usize,
    pub to: usize,
    pub kind: EdgeKind,
    pub label: Option<String>,
}

/// One flow (`{"StartAt", "States"}`): the top-level machine, a Map's processor or a
/// Parallel branch. The node at index `start` is where it begins.
pub(super) struct Flow {
    pub nodes: Vec<GNode>,
    pub edges: Vec<GEdge>,
    pub start: usize,
}

/// Longest label, in characters.
const LABEL_CHARS: usize = 26;

fn shorten(s: &str, max: usize) -> String {
    if s.chars().count() <= max {
        return s.to_string();
    }
    let mut out: String = s.chars().take(max.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// A Choice rule in a few characters: `$.amount > 1000`, `not $.x is present`, ….
fn describe_rule(rule: &Value, depth: usize) -> String {
    if depth > 3 {
        return "…".into();
    }
    let Some(obj) = rule.as_object() else {
        return "rule".into();
    };
    if let Some(c) = obj.get("Condition") {
        let text = c.as_str().map_or_else(|| c.to_string(), str::to_string);
        return text
            .trim()
            .trim_start_matches("{%")
            .trim_end_matches("%}")
            .trim()
            .to_string();
    }
    for (key, join) in [("And", " and "), ("Or", " or ")] {
        if let Some(rules) = obj.get(key).and_then(Value::as_array) {
            let parts: Vec<String> = rules.iter().map(|r| describe_rule(r, depth + 1)).collect();
            return format!("({})", parts.join(join));
        }
    }
    if let Some(inner) = obj.get("Not") {
        return format!("not {}", describe_rule(inner, depth + 1));
    }
    let var = obj.get("Variable").and_then(Value::as_str).unwrap_or("?");
    comparison(obj).map_or_else(|| var.to_string(), |c| format!("{var} {c}"))
}

/// The comparison of a Choice rule (`> 1000`, `== "a"`, `is present`).
fn comparison(obj: &Map<String, Value>) -> Option<String> {
    const OPS: [(&str, &str); 6] = [
        ("GreaterThanEquals", ">="),
        ("LessThanEquals", "<="),
        ("GreaterThan", ">"),
        ("LessThan", "<"),
        ("Equals", "=="),
        ("Matches", "matches"),
    ];
    for (key, value) in obj {
        if key == "Variable" || key == "Next" || key == "Comment" || key == "Assign" {
            continue;
        }
        if let Some(test) = key.strip_prefix("Is") {
            let yes = value.as_bool().unwrap_or(true);
            let what = test.to_ascii_lowercase();
            return Some(match (test, yes) {
                ("Present", true) => "is present".into(),
                ("Present", false) => "is absent".into(),
                (_, true) => format!("is {what}"),
                (_, false) => format!("is not {what}"),
            });
        }
        let (key, is_path) = match key.strip_suffix("Path") {
            Some(k) => (k, true),
            None => (key.as_str(), false),
        };
        if let Some((_, op)) = OPS.iter().find(|(suffix, _)| key.ends_with(suffix)) {
            let operand = match value {
                Value::String(s) if is_path => s.clone(),
                other => other.to_string(),
            };
            return Some(format!("{op} {operand}"));
        }
    }
    None
}

/// A state's outgoing transitions, in order: `Next`, Choice rules, `Default`, Catchers.
fn transitions(state: &Map<String, Value>) -> Vec<(&str, EdgeKind, Option<String>)> {
    let mut out = Vec::new();
    if let Some(next) = state.get("Next").and_then(Value::as_str) {
        out.push((next, EdgeKind::Next, None));
    }
    for rule in state
        .get("Choices")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(next) = rule.get("Next").and_then(Value::as_str) {
            let label = shorten(&describe_rule(rule, 0), LABEL_CHARS);
            out.push((next, EdgeKind::Choice, Some(label)));
        }
    }
    if let Some(default) = state.get("Default").and_then(Value::as_str) {
        out.push((default, EdgeKind::Default, Some("Default".into())));
    }
    for catcher in state
        .get("Catch")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(next) = catcher.get("Next").and_then(Value::as_str) {
            let errors: Vec<&str> = catcher
                .get("ErrorEquals")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(Value::as_str)
                .collect();
            let label = shorten(&format!("catch {}", errors.join(", ")), LABEL_CHARS);
            out.push((next, EdgeKind::Catch, Some(label)));
        }
    }
    out
}

/// Whether a state ends its flow (`End: true`, `Succeed`, `Fail`).
fn ends(state: &Map<String, Value>) -> bool {
    state.get("End").and_then(Value::as_bool) == Some(true)
        || matches!(
            state.get("Type").and_then(Value::as_str),
            Some("Succeed" | "Fail")
        )
}

/// JSON pointer escaping of one key.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// The graph of the flow `value` at `pointer`; `None` when it is not a flow (no `States`
/// object). `top` adds Start and End boxes.
pub(super) fn flow(
    value: &Value,
    pointer: &str,
    top: bool,
    depth: usize,
    budget: &mut Budget,
) -> Option<Flow> {
    let states = value.get("States")?.as_object()?;
    let start_at = value.get("StartAt").and_then(Value::as_str);
    let mut nodes = Vec::new();
    let synthetic = |name: &str, kind| GNode {
        name: name.into(),
        kind,
        state_type: String::new(),
        pointer: String::new(),
        inner: Inner::None,
    };
    if top {
        nodes.push(synthetic("Start", NodeKind::Start));
    }
    let first = nodes.len();
    // Which states got a box (those beyond the budget do not).
    let mut index: Vec<(&str, usize)> = Vec::new();
    for (name, state) in states {
        if !budget.take() {
            break;
        }
        let state_pointer = format!("{pointer}/States/{}", escape(name));
        let state_type = state
            .get("Type")
            .and_then(Value::as_str)
            .unwrap_or("?")
            .to_string();
        let deeper = depth < MAX_DEPTH;
        let inner = match state_type.as_str() {
            "Map" if deeper => ["ItemProcessor", "Iterator"]
                .iter()
                .find_map(|key| {
                    let p = format!("{state_pointer}/{key}");
                    flow(state.get(*key)?, &p, false, depth + 1, budget)
                })
                .map_or(Inner::None, |f| Inner::Map(Box::new(f))),
            "Parallel" if deeper => {
                let branches: Vec<Flow> = state
                    .get("Branches")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                    .enumerate()
                    .filter_map(|(i, b)| {
                        let p = format!("{state_pointer}/Branches/{i}");
                        flow(b, &p, false, depth + 1, budget)
                    })
                    .collect();
                if branches.is_empty() {
                    Inner::None
                } else {
                    Inner::Parallel(branches)
                }
            }
            _ => Inner::None,
        };
        index.push((name.as_str(), nodes.len()));
        nodes.push(GNode {
            name: name.clone(),
            kind: NodeKind::State,
            state_type,
            pointer: state_pointer,
            inner,
        });
    }
    let end = top.then(|| {
        nodes.push(synthetic("End", NodeKind::End));
        nodes.len() - 1
    });
    let find = |name: &str| index.iter().find(|(n, _)| *n == name).map(|(_, i)| *i);
    let start = start_at.and_then(find).unwrap_or(first);
    let mut edges: Vec<GEdge> = Vec::new();
    if top {
        if let Some(to) = start_at.and_then(find) {
            edges.push(GEdge {
                from: 0,
                to,
                kind: EdgeKind::Next,
                label: None,
            });
        }
    }
    for &(name, from) in &index {
        let Some(state) = states.get(name).and_then(Value::as_object) else {
            continue;
        };
        for (target, kind, label) in transitions(state) {
            let Some(to) = find(target) else { continue };
            add_edge(&mut edges, from, to, kind, label);
        }
        if let (Some(to), true) = (end, ends(state)) {
            add_edge(&mut edges, from, to, EdgeKind::Next, None);
        }
    }
    Some(Flow {
        nodes,
        edges,
        start: if top { 0 } else { start },
    })
}

/// Adds an edge; a second one between the same boxes (two rules to one target) joins the
/// first's label instead. A Catch edge stays apart from the others (it is drawn dashed).
fn add_edge(edges: &mut Vec<GEdge>, from: usize, to: usize, kind: EdgeKind, label: Option<String>) {
    let catch = kind == EdgeKind::Catch;
    if let Some(e) = edges
        .iter_mut()
        .find(|e| e.from == from && e.to == to && (e.kind == EdgeKind::Catch) == catch)
    {
        e.label = match (e.label.take(), label) {
            (Some(a), Some(b)) => Some(shorten(&format!("{a}; {b}"), LABEL_CHARS * 2)),
            (a, b) => a.or(b),
        };
        return;
    }
    edges.push(GEdge {
        from,
        to,
        kind,
        label,
    });
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn rules_in_words() {
        let d = |v: Value| describe_rule(&v, 0);
        assert_eq!(
            d(json!({"Variable": "$.amount", "NumericGreaterThan": 1000, "Next": "A"})),
            "$.amount > 1000"
        );
        assert_eq!(
            d(json!({"Variable": "$.a", "StringEqualsPath": "$.b"})),
            "$.a == $.b"
        );
        assert_eq!(
            d(json!({"Not": {"Variable": "$.x", "IsPresent": true}})),
            "not $.x is present"
        );
        assert_eq!(
            d(
                json!({"And": [{"Variable": "$.a", "BooleanEquals": true}, {"Variable": "$.b", "IsNull": false}]})
            ),
            "($.a == true and $.b is not null)"
        );
        assert_eq!(d(json!({"Condition": "{% $x > 1 %}"})), "$x > 1");
        assert_eq!(shorten("abcdef", 4), "abc…");
    }
}
