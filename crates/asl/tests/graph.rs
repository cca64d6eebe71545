//! The diagram's layout: invariants on the playground's examples and on every conformance
//! definition that loads (read at test time from `../shared/conformance/`, when present), on
//! odd models no definition with errors would give, and snapshots of a few rounded layouts.

use std::fmt::Write;
use std::path::Path;

use asl::definition::{Map, Parallel, State, StateKind, StateMachine, Transition};
use asl::graph::{layout, EdgeKind, Layout, NodeKind};
use serde_json::{json, Value};

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// Every transition of every flow (`Next`, `Default`, `Choices[].Next`, `Catch[].Next`), as
/// (source pointer, target pointer, is catch).
fn transitions(flow: &Value, pointer: &str, out: &mut Vec<(String, String, bool)>) {
    let Some(states) = flow.get("States").and_then(Value::as_object) else {
        return;
    };
    let at = |name: &str| format!("{pointer}/States/{}", escape(name));
    for (name, s) in states {
        let mut push = |target: Option<&str>, catch: bool| {
            if let Some(t) = target.filter(|t| states.contains_key(*t)) {
                out.push((at(name), at(t), catch));
            }
        };
        push(s.get("Next").and_then(Value::as_str), false);
        push(s.get("Default").and_then(Value::as_str), false);
        for c in s
            .get("Choices")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            push(c.get("Next").and_then(Value::as_str), false);
        }
        for c in s
            .get("Catch")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            push(c.get("Next").and_then(Value::as_str), true);
        }
        for key in ["ItemProcessor", "Iterator"] {
            if let Some(sub) = s.get(key) {
                transitions(sub, &format!("{}/{key}", at(name)), out);
            }
        }
        for (i, b) in s
            .get("Branches")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            transitions(b, &format!("{}/Branches/{i}", at(name)), out);
        }
    }
}

/// Loads the definition (it must load), lays it out and checks the layout's invariants;
/// `what` names the definition in failures.
fn check(definition: &Value, what: &str) -> Layout {
    let loaded = asl::load(&definition.to_string())
        .unwrap_or_else(|d| panic!("{what}: does not load: {d:?}"));
    check_layout(loaded.graph(), definition, what)
}

/// Checks the invariants of `l`, the layout of `definition` (as JSON: the transitions wanted
/// are read from it); `what` names the definition in failures.
fn check_layout(l: Layout, definition: &Value, what: &str) -> Layout {
    let finite = |v: f64| v.is_finite() && v >= -1e-6;
    assert!(finite(l.width) && finite(l.height), "{what}: size");
    for n in &l.nodes {
        let r = n.rect;
        assert!(
            finite(r.x) && finite(r.y) && r.width > 0.0 && r.height > 0.0,
            "{what}: {n:?}"
        );
        assert!(
            r.right() <= l.width + 1e-6 && r.bottom() <= l.height + 1e-6,
            "{what}: {} outside",
            n.name
        );
        if let Some(p) = n.parent {
            assert!(
                p < l.nodes.len() && l.nodes[p].container,
                "{what}: parent of {}",
                n.name
            );
            assert!(
                l.nodes[p].rect.contains(&r),
                "{what}: {} not inside {}",
                n.name,
                l.nodes[p].name
            );
        }
    }
    // Boxes sharing a container never overlap.
    for (i, a) in l.nodes.iter().enumerate() {
        for b in &l.nodes[i + 1..] {
            if a.parent == b.parent {
                assert!(
                    !a.rect.overlaps(&b.rect),
                    "{what}: {} overlaps {}",
                    a.name,
                    b.name
                );
            }
        }
    }
    for e in &l.edges {
        assert!(
            e.from < l.nodes.len() && e.to < l.nodes.len(),
            "{what}: edge ends"
        );
        assert!(e.points.len() >= 2, "{what}: edge route");
        for p in &e.points {
            assert!(p.x.is_finite() && p.y.is_finite(), "{what}: edge point");
        }
    }
    // Every transition has an edge.
    let mut wanted = Vec::new();
    transitions(definition, "", &mut wanted);
    let has = |from: &str, to: &str, catch: bool| {
        l.edges.iter().any(|e| {
            l.nodes[e.from].pointer == from
                && l.nodes[e.to].pointer == to
                && (e.kind == EdgeKind::Catch) == catch
        })
    };
    if l.nodes.len() < asl::graph::MAX_NODES {
        for (from, to, catch) in &wanted {
            assert!(has(from, to, *catch), "{what}: no edge {from} -> {to}");
        }
        // Start goes to StartAt; each state that ends goes to End.
        if let Some(start_at) = definition.get("StartAt").and_then(Value::as_str) {
            if definition["States"].get(start_at).is_some() {
                let to = format!("/States/{}", escape(start_at));
                assert!(
                    l.edges
                        .iter()
                        .any(|e| l.nodes[e.from].kind == NodeKind::Start
                            && l.nodes[e.to].pointer == to),
                    "{what}: no Start edge"
                );
            }
        }
    }
    l
}

fn read(path: &Path) -> Option<Value> {
    serde_json::from_str(&std::fs::read_to_string(path).ok()?).ok()
}

#[test]
fn examples_lay_out_cleanly() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../static/examples");
    let mut count = 0;
    for entry in std::fs::read_dir(&dir).expect("static/examples") {
        let path = entry.expect("entry").path();
        if path.to_string_lossy().ends_with(".asl.json") {
            let def = read(&path).expect("example JSON");
            let l = check(&def, &path.display().to_string());
            assert!(l.states().count() >= 1);
            count += 1;
        }
    }
    assert!(count >= 3);
}

#[test]
fn conformance_definitions_lay_out_cleanly() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/conformance/cases");
    let Ok(groups) = std::fs::read_dir(&root) else {
        eprintln!("no conformance cases at {}: skipped", root.display());
        return;
    };
    let mut count = 0;
    for group in groups.flatten() {
        for case in std::fs::read_dir(group.path())
            .into_iter()
            .flatten()
            .flatten()
        {
            let Some(def) = read(&case.path().join("definition.json")) else {
                continue;
            };
            // Definitions with errors do not load: the page draws the last one that did.
            if let Ok(loaded) = asl::load(&def.to_string()) {
                check_layout(loaded.graph(), &def, &case.path().display().to_string());
                count += 1;
            }
        }
    }
    assert!(count > 100, "{count} definitions");
}

/// A state of a hand-made model (the odd shapes only a definition with errors has).
fn state(name: &str, pointer: &str, kind: StateKind, transition: Transition) -> State {
    State {
        name: name.into(),
        pointer: pointer.into(),
        paths: None,
        parameters: None,
        result_selector: None,
        transition,
        extras: None,
        kind,
        assign: None,
        uses_context: false,
    }
}

/// A machine of these states at `pointer`.
fn machine(start_at: &str, pointer: &str, states: Vec<State>) -> StateMachine {
    let mut m = StateMachine::new(start_at.into(), states);
    m.pointer = pointer.into();
    m
}

/// A Map state's fields around this item processor.
fn map_of(processor: StateMachine) -> StateKind {
    let json = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": {"StartAt": "S", "States": {"S": {"Type": "Succeed"}}}, "End": true}}});
    let loaded = asl::load(&json.to_string()).expect("loads");
    let StateKind::Map(map) = &loaded.machine.states[0].kind else {
        unreachable!("a Map state")
    };
    StateKind::Map(Box::new(Map {
        processor,
        ..(**map).clone()
    }))
}

#[test]
fn anything_gives_a_layout() {
    // What the definitions with errors of this list would model: JSON that is not a state
    // machine (`null`, `[1, 2]`, `{"States": 3}`) has no states; the others are drawn as
    // far as their states go.
    let nowhere = json!({"StartAt": "Nowhere", "States": {}});
    let self_map = json!({"StartAt": "A", "States": {"A": {"Type": "Map", "ItemProcessor": {"States": {}}, "Next": "A"}}});
    let odd_branches = json!({"StartAt": "A", "States": {"A": {"Type": "Parallel", "Branches": [{}, 4, {"StartAt": "X", "States": {"X": {"Type": "Pass", "Next": "X"}}}], "End": true}}});
    // The one state `A` of a machine.
    let only_a =
        |kind, transition| machine("A", "", vec![state("A", "/States/A", kind, transition)]);
    let looping_x = machine(
        "X",
        "/States/A/Branches/2",
        vec![state(
            "X",
            "/States/A/Branches/2/States/X",
            StateKind::Pass { result: None },
            Transition::Next("X".into()),
        )],
    );
    let cases = [
        (json!(null), machine("", "", vec![])),
        (json!([1, 2]), machine("", "", vec![])),
        (json!({"States": 3}), machine("", "", vec![])),
        (nowhere, machine("Nowhere", "", vec![])),
        (
            self_map,
            only_a(
                map_of(machine("", "/States/A/ItemProcessor", vec![])),
                Transition::Next("A".into()),
            ),
        ),
        (
            odd_branches,
            only_a(
                StateKind::Parallel(Parallel {
                    branches: vec![machine("", "/States/A/Branches/0", vec![]), looping_x],
                }),
                Transition::End,
            ),
        ),
    ];
    for (json, model) in cases {
        check_layout(layout(&model), &json, &json.to_string());
    }
}

#[test]
fn deep_and_wide_definitions_stay_bounded() {
    // 40 nested Maps, and a chain of 3,000 states.
    let mut def = json!({"StartAt": "S", "States": {"S": {"Type": "Pass", "End": true}}});
    let mut model = machine(
        "S",
        "",
        vec![state(
            "S",
            "/States/S",
            StateKind::Pass { result: None },
            Transition::End,
        )],
    );
    for _ in 0..40 {
        def = json!({"StartAt": "M", "States": {"M": {"Type": "Map", "ItemProcessor": def, "End": true}}});
        model = machine(
            "M",
            "",
            vec![state("M", "/States/M", map_of(model), Transition::End)],
        );
    }
    // Deeper than JSON parsers nest (serde_json stops at 128 levels): a hand-made model.
    check_layout(layout(&model), &def, "nested");
    let mut states = serde_json::Map::new();
    for i in 0..3000 {
        states.insert(
            format!("S{i}"),
            json!({"Type": "Pass", "Next": format!("S{}", (i + 1) % 3000)}),
        );
    }
    let chain = asl::load(&json!({"StartAt": "S0", "States": states}).to_string()).expect("loads");
    let l = chain.graph();
    assert!(l.nodes.len() <= asl::graph::MAX_NODES + 2);
}

/// The layout with numbers rounded, one line per box and edge.
fn render(l: &Layout) -> String {
    let mut s = format!("size {:.0}x{:.0}\n", l.width, l.height);
    for (i, n) in l.nodes.iter().enumerate() {
        let r = n.rect;
        let _ = writeln!(
            s,
            "#{i} {:?} {} {} [{:.0},{:.0} {:.0}x{:.0}]{}{}",
            n.kind,
            n.name,
            n.state_type,
            r.x,
            r.y,
            r.width,
            r.height,
            if n.container { " container" } else { "" },
            n.parent.map(|p| format!(" in #{p}")).unwrap_or_default()
        );
    }
    for e in &l.edges {
        let pts: Vec<String> = e
            .points
            .iter()
            .map(|p| format!("{:.0},{:.0}", p.x, p.y))
            .collect();
        let _ = writeln!(
            s,
            "#{} -> #{} {:?}{}{} {}",
            e.from,
            e.to,
            e.kind,
            if e.back { " back" } else { "" },
            e.label
                .as_ref()
                .zip(e.label_at)
                .map(|(l, at)| format!(" \"{l}\"@{:.0},{:.0}", at.x, at.y))
                .unwrap_or_default(),
            pts.join(" ")
        );
    }
    s
}

fn example(name: &str) -> Value {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(format!("../../static/examples/{name}.asl.json"));
    read(&path).expect("example")
}

#[test]
fn snapshots() {
    let tutorial = json!({"StartAt":"ExampleMapState","States":{"ExampleMapState":{"Type":"Map","Iterator":{"StartAt":"CallLambda","States":{"CallLambda":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:123456789012:function:HelloFunction","End":true}}},"End":true}}});
    insta::assert_snapshot!("graph_tutorial", render(&check(&tutorial, "tutorial")));
    insta::assert_snapshot!(
        "graph_choice_wait",
        render(&check(&example("choice-wait"), "choice"))
    );
    insta::assert_snapshot!(
        "graph_parallel",
        render(&check(&example("parallel"), "parallel"))
    );
    insta::assert_snapshot!(
        "graph_retry_catch",
        render(&check(&example("retry-catch"), "retry"))
    );
    let looping = json!({"StartAt": "Poll", "States": {
        "Poll": {"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:F", "Next": "Done?"},
        "Done?": {"Type": "Choice", "Choices": [{"Variable": "$.done", "BooleanEquals": true, "Next": "Finish"}], "Default": "Wait"},
        "Wait": {"Type": "Wait", "Seconds": 5, "Next": "Poll"},
        "Finish": {"Type": "Succeed"}
    }});
    let l = check(&looping, "loop");
    assert!(l
        .edges
        .iter()
        .any(|e| e.back && l.nodes[e.to].name == "Poll"));
    insta::assert_snapshot!("graph_loop", render(&l));
}

#[test]
fn long_edges_everywhere_stay_bounded() {
    // Every state of a long chain catches into the last one: quadratic dummies, capped.
    let n = 1500;
    let mut states = serde_json::Map::new();
    for i in 0..n {
        let next = if i + 1 < n {
            json!({"Next": format!("S{}", i + 1)})
        } else {
            json!({"End": true})
        };
        let mut s = json!({"Type": "Task", "Resource": "arn:aws:lambda:us-east-1:123456789012:function:F",
            "Catch": [{"ErrorEquals": ["States.ALL"], "Next": format!("S{}", n - 1)}]});
        s.as_object_mut()
            .unwrap()
            .extend(next.as_object().unwrap().clone());
        states.insert(format!("S{i}"), s);
    }
    let started = std::time::Instant::now();
    let l = check(&json!({"StartAt": "S0", "States": states}), "long edges");
    let points: usize = l.edges.iter().map(|e| e.points.len()).sum();
    assert!(points < 200_000, "{points} points");
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
}
