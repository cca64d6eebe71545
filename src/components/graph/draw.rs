//! The diagram's SVG from an [`asl::graph::Layout`]: boxes coloured by status, containers,
//! edges (Catch dashed, loop-backs), labels; a state's box and its breakpoint toggle are in
//! [`state_box`]. The styles ([`super::style`]) are inside the SVG itself.

mod state_box;

use std::collections::{BTreeSet, HashMap};

use asl::graph::{Edge, EdgeKind, Layout, Node, NodeKind, Point};
use yew::prelude::*;

/// What drawing needs besides the layout.
pub struct Ctx<'a> {
    /// Status per state name.
    pub statuses: &'a HashMap<String, &'static str>,
    /// The inspected state.
    pub selected: Option<&'a str>,
    /// States with a breakpoint.
    pub breakpoints: &'a BTreeSet<String>,
    /// States the execution is paused before.
    pub paused: &'a [String],
    /// A state was clicked.
    pub on_select: &'a Callback<String>,
    /// A breakpoint was toggled (`None`: no toggles drawn).
    pub on_breakpoint: Option<&'a Callback<String>>,
    /// The test id of a state's group.
    pub state_testid: &'a str,
    /// Prefix for ids inside the SVG (arrow markers), unique per diagram.
    pub id: &'a str,
}

/// The `st-…` class of a status.
pub fn status_class(status: &str) -> String {
    format!("st-{}", status.to_ascii_lowercase().replace('_', "-"))
}

fn fmt(v: f64) -> String {
    format!("{:.1}", v)
}

/// `name` cut to what fits in `width` pixels of the box's name font.
fn fit(name: &str, width: f64) -> String {
    let max = ((width / 8.4).floor() as usize).max(3);
    if name.chars().count() <= max {
        return name.to_string();
    }
    let mut s: String = name.chars().take(max - 1).collect();
    s.push('…');
    s
}

/// The path of an edge: smooth vertical curves forward, corners for loop-backs.
pub fn edge_path(e: &Edge) -> String {
    let mut d = String::new();
    let Some(first) = e.points.first() else {
        return d;
    };
    d.push_str(&format!("M{},{}", fmt(first.x), fmt(first.y)));
    let mut prev: Point = *first;
    for p in &e.points[1..] {
        if e.back || (p.x - prev.x).abs() < 0.5 {
            d.push_str(&format!(" L{},{}", fmt(p.x), fmt(p.y)));
        } else {
            let my = (prev.y + p.y) / 2.0;
            d.push_str(&format!(
                " C{},{} {},{} {},{}",
                fmt(prev.x),
                fmt(my),
                fmt(p.x),
                fmt(my),
                fmt(p.x),
                fmt(p.y)
            ));
        }
        prev = *p;
    }
    d
}

fn kind_class(kind: EdgeKind) -> &'static str {
    match kind {
        EdgeKind::Next => "k-next",
        EdgeKind::Choice => "k-choice",
        EdgeKind::Default => "k-default",
        EdgeKind::Catch => "k-catch",
    }
}

/// The arrow markers (one per edge colour).
pub fn defs(id: &str) -> Html {
    let marker = |mid: String, class: &'static str| {
        html! {
            <marker id={mid} viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8"
                markerUnits="userSpaceOnUse" orient="auto-start-reverse">
                <path class={class} d="M0,0 L10,5 L0,10 z" />
            </marker>
        }
    };
    html! {
        <defs>
            { marker(format!("{id}-arrow"), "g-arrow") }
            { marker(format!("{id}-arrow-catch"), "g-arrow-catch") }
        </defs>
    }
}

/// One edge and its label.
pub fn edge(layout: &Layout, e: &Edge, ctx: &Ctx<'_>) -> Html {
    let name = |i: usize| {
        layout
            .nodes
            .get(i)
            .map(|n| n.name.clone())
            .unwrap_or_default()
    };
    let marker = if e.kind == EdgeKind::Catch {
        format!("url(#{}-arrow-catch)", ctx.id)
    } else {
        format!("url(#{}-arrow)", ctx.id)
    };
    html! {
        <path class={classes!("g-edge", kind_class(e.kind), e.back.then_some("back"))}
            data-testid="graph-edge" data-kind={kind_class(e.kind).trim_start_matches("k-").to_string()}
            data-from={name(e.from)} data-to={name(e.to)}
            d={edge_path(e)} marker-end={marker} />
    }
}

/// An edge's label, if any.
pub fn label(e: &Edge) -> Html {
    match (&e.label, e.label_at) {
        (Some(text), Some(at)) => html! {
            <text class={classes!("g-label", kind_class(e.kind))} x={fmt(at.x)} y={fmt(at.y)}
                text-anchor="middle" dominant-baseline="central">{ text.clone() }</text>
        },
        _ => html! {},
    }
}

/// One box: Start/End, a Parallel branch, a state (a container for Map/Parallel).
pub fn node(n: &Node, ctx: &Ctx<'_>) -> Html {
    let r = n.rect;
    match n.kind {
        NodeKind::Start | NodeKind::End => html! {
            <g class="g-term" data-testid="graph-terminal" data-kind={n.name.to_ascii_lowercase()}>
                <rect x={fmt(r.x)} y={fmt(r.y)} width={fmt(r.width)} height={fmt(r.height)} rx="14" />
                <text x={fmt(r.x + r.width / 2.0)} y={fmt(r.y + r.height / 2.0)} text-anchor="middle"
                    dominant-baseline="central">{ n.name.clone() }</text>
            </g>
        },
        NodeKind::Branch => html! {
            <g class="g-branch">
                <rect x={fmt(r.x)} y={fmt(r.y)} width={fmt(r.width)} height={fmt(r.height)} rx="6" />
                <text x={fmt(r.x + 8.0)} y={fmt(r.y + 14.0)}>{ n.name.clone() }</text>
            </g>
        },
        NodeKind::State => state_box::state(n, ctx),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_and_names() {
        let e = Edge {
            from: 0,
            to: 1,
            kind: EdgeKind::Next,
            label: None,
            label_at: None,
            points: vec![Point { x: 0.0, y: 0.0 }, Point { x: 10.0, y: 20.0 }],
            back: false,
        };
        assert_eq!(edge_path(&e), "M0.0,0.0 C0.0,10.0 10.0,10.0 10.0,20.0");
        assert_eq!(fit("ExampleMapState", 200.0), "ExampleMapState");
        assert_eq!(fit("AVeryLongStateNameIndeed", 84.0), "AVeryLong…");
        assert_eq!(status_class("IN_PROGRESS"), "st-in-progress");
    }
}
