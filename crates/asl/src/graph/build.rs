//! From the definition's model to the graph of one flow: boxes (with their sub-flows) and
//! labelled edges, before anything is placed.

use super::{EdgeKind, NodeKind, MAX_DEPTH};
use crate::definition::{
    Condition, JsonataTemplate, Operand, State, StateKind, StateMachine, Transition,
};

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

/// One flow: the top-level machine, a Map's processor or a Parallel branch. The node at index `start` is where it begins.
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
fn describe_rule(rule: &Condition, depth: usize) -> String {
    if depth > 3 {
        return "…".into();
    }
    match rule {
        Condition::Jsonata(c) => match c {
            JsonataTemplate::Expression(j) => j.text.clone(),
            JsonataTemplate::Literal(v) => v.to_string(),
            _ => "…".into(),
        },
        Condition::And(rules) | Condition::Or(rules) => {
            let join = if matches!(rule, Condition::And(_)) {
                " and "
            } else {
                " or "
            };
            let parts: Vec<String> = rules.iter().map(|r| describe_rule(r, depth + 1)).collect();
            format!("({})", parts.join(join))
        }
        Condition::Not(inner) => format!("not {}", describe_rule(inner, depth + 1)),
        Condition::Compare {
            variable,
            operator,
            operand,
        } => comparison(operator, operand).map_or_else(
            || variable.text.clone(),
            |c| format!("{} {c}", variable.text),
        ),
    }
}

/// The comparison of a Choice rule (`> 1000`, `== "a"`, `is present`).
fn comparison(operator: &str, operand: &Operand) -> Option<String> {
    const OPS: [(&str, &str); 6] = [
        ("GreaterThanEquals", ">="),
        ("LessThanEquals", "<="),
        ("GreaterThan", ">"),
        ("LessThan", "<"),
        ("Equals", "=="),
        ("Matches", "matches"),
    ];
    if let Some(test) = operator.strip_prefix("Is") {
        let yes = match operand {
            Operand::Literal(v) => v.as_bool().unwrap_or(true),
            Operand::Path(_) => true,
        };
        let what = test.to_ascii_lowercase();
        return Some(match (test, yes) {
            ("Present", true) => "is present".into(),
            ("Present", false) => "is absent".into(),
            (_, true) => format!("is {what}"),
            (_, false) => format!("is not {what}"),
        });
    }
    let key = operator.strip_suffix("Path").unwrap_or(operator);
    let (_, op) = OPS.iter().find(|(suffix, _)| key.ends_with(suffix))?;
    let operand = match operand {
        Operand::Path(p) => p.text.clone(),
        Operand::Literal(v) => v.to_string(),
    };
    Some(format!("{op} {operand}"))
}

/// A state's outgoing transitions, in order: `Next`, Choice rules, `Default`, Catchers.
fn transitions(state: &State) -> Vec<(&str, EdgeKind, Option<String>)> {
    let mut out = Vec::new();
    if let Transition::Next(next) = &state.transition {
        out.push((next.as_str(), EdgeKind::Next, None));
    }
    if let StateKind::Choice(choice) = &state.kind {
        for rule in &choice.choices {
            let label = shorten(&describe_rule(&rule.condition, 0), LABEL_CHARS);
            out.push((rule.next.as_str(), EdgeKind::Choice, Some(label)));
        }
        if let Some(default) = &choice.default {
            out.push((default.as_str(), EdgeKind::Default, Some("Default".into())));
        }
    }
    for catcher in state.catch() {
        let label = shorten(
            &format!("catch {}", catcher.error_equals.join(", ")),
            LABEL_CHARS,
        );
        out.push((catcher.next.as_str(), EdgeKind::Catch, Some(label)));
    }
    out
}

/// Whether a state ends its flow (`End: true`, `Succeed`, `Fail`).
fn ends(state: &State) -> bool {
    state.transition == Transition::End
        || matches!(state.kind, StateKind::Succeed | StateKind::Fail(_))
}

/// The graph of the flow `machine` (the top-level machine, a Map's item processor or a
/// Parallel branch). `top` adds Start and End boxes.
pub(super) fn flow(machine: &StateMachine, top: bool, depth: usize, budget: &mut Budget) -> Flow {
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
    let mut index: Vec<(&State, usize)> = Vec::new();
    for state in &machine.states {
        if !budget.take() {
            break;
        }
        let deeper = depth < MAX_DEPTH;
        let inner = match &state.kind {
            StateKind::Map(map) if deeper => {
                Inner::Map(Box::new(flow(&map.processor, false, depth + 1, budget)))
            }
            StateKind::Parallel(parallel) if deeper && !parallel.branches.is_empty() => {
                Inner::Parallel(
                    parallel
                        .branches
                        .iter()
                        .map(|b| flow(b, false, depth + 1, budget))
                        .collect(),
                )
            }
            _ => Inner::None,
        };
        index.push((state, nodes.len()));
        nodes.push(GNode {
            name: state.name.clone(),
            kind: NodeKind::State,
            state_type: state.kind.type_name().to_string(),
            pointer: state.pointer.clone(),
            inner,
        });
    }
    let end = top.then(|| {
        nodes.push(synthetic("End", NodeKind::End));
        nodes.len() - 1
    });
    let find = |name: &str| index.iter().find(|(s, _)| s.name == name).map(|(_, i)| *i);
    let start_at = find(&machine.start_at);
    let mut edges: Vec<GEdge> = Vec::new();
    if let (true, Some(to)) = (top, start_at) {
        edges.push(GEdge {
            from: 0,
            to,
            kind: EdgeKind::Next,
            label: None,
        });
    }
    for &(state, from) in &index {
        for (target, kind, label) in transitions(state) {
            let Some(to) = find(target) else { continue };
            add_edge(&mut edges, from, to, kind, label);
        }
        if let (Some(to), true) = (end, ends(state)) {
            add_edge(&mut edges, from, to, EdgeKind::Next, None);
        }
    }
    Flow {
        nodes,
        edges,
        start: if top { 0 } else { start_at.unwrap_or(first) },
    }
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

    /// The condition of the first rule of the Choice state `C` in `rule`'s definition.
    fn d(rule: &str) -> String {
        let text = format!(
            r#"{{"StartAt": "C", "States": {{"C": {{"Type": "Choice", "Choices": [{rule}], "Default": "E"}}, "A": {{"Type": "Succeed"}}, "E": {{"Type": "Succeed"}}}}}}"#
        );
        let def = crate::load(&text).expect("loads");
        let StateKind::Choice(choice) = &def.machine.states[0].kind else {
            panic!("a Choice state");
        };
        describe_rule(&choice.choices[0].condition, 0)
    }

    #[test]
    fn rules_in_words() {
        assert_eq!(
            d(r#"{"Variable": "$.amount", "NumericGreaterThan": 1000, "Next": "A"}"#),
            "$.amount > 1000"
        );
        assert_eq!(
            d(r#"{"Variable": "$.a", "StringEqualsPath": "$.b", "Next": "A"}"#),
            "$.a == $.b"
        );
        assert_eq!(
            d(r#"{"Not": {"Variable": "$.x", "IsPresent": true}, "Next": "A"}"#),
            "not $.x is present"
        );
        assert_eq!(
            d(
                r#"{"And": [{"Variable": "$.a", "BooleanEquals": true}, {"Variable": "$.b", "IsNull": false}], "Next": "A"}"#
            ),
            "($.a == true and $.b is not null)"
        );
        assert_eq!(
            describe_rule(
                &Condition::Jsonata(JsonataTemplate::Expression(
                    crate::query::Jsonata::parse(" $x > 1 ").expect("parses")
                )),
                0
            ),
            "$x > 1"
        );
        assert_eq!(shorten("abcdef", 4), "abc…");
    }
}
