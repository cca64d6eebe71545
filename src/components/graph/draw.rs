//! The diagram's SVG from an [`asl::graph::Layout`]: boxes coloured by status, containers,
//! edges (Catch dashed, loop-backs), labels, breakpoint toggles. The styles are inside the
//! SVG itself, so an exported file looks the same on its own.

use std::collections::{BTreeSet, HashMap};

use asl::graph::{Edge, EdgeKind, Layout, Node, NodeKind, Point};
use yew::prelude::*;

/// The diagram's own styles (literal colours: they travel with an exported file).
pub const STYLE: &str = r#"
.g-root { font-family: system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
.g-box { fill: #ffffff; stroke: #9aa5b4; stroke-width: 1.4; }
.g-head { fill: #f4f6f9; stroke: none; }
.g-name { font-size: 13px; font-weight: 600; fill: #16191f; }
.g-type { font-size: 9.5px; letter-spacing: 0.06em; fill: #6b7685; }
.g-term rect { fill: #1f2a37; }
.g-term text { font-size: 12px; font-weight: 600; fill: #ffffff; }
.g-branch rect { fill: #fbfcfd; stroke: #b9c2ce; stroke-width: 1; stroke-dasharray: 4 3; }
.g-branch text { font-size: 10.5px; fill: #8d99a8; }
.g-container .g-box { fill: #fcfdfe; stroke-dasharray: 6 3; }
.st-in-progress .g-box { fill: #e8f2fd; stroke: #0972d3; stroke-width: 2; }
.st-succeeded .g-box { fill: #e9f7ea; stroke: #2e8b47; }
.st-failed .g-box { fill: #fdeeee; stroke: #d91515; stroke-width: 2; }
.st-caught .g-box { fill: #fff1e3; stroke: #c76a08; stroke-width: 2; }
.st-retried .g-box { fill: #f3ecfd; stroke: #7c4dcc; stroke-width: 2; }
.g-container.st-in-progress .g-box, .g-container.st-succeeded .g-box,
.g-container.st-failed .g-box, .g-container.st-caught .g-box { fill-opacity: 0.35; }
.st-in-progress .g-head { fill: #d3e6fb; } .st-succeeded .g-head { fill: #d5efd8; }
.st-failed .g-head { fill: #fadada; } .st-caught .g-head { fill: #ffe3c4; }
.g-bar { fill: #c4ccd6; }
.st-in-progress .g-bar { fill: #0972d3; } .st-succeeded .g-bar { fill: #2e8b47; }
.st-failed .g-bar { fill: #d91515; } .st-caught .g-bar { fill: #c76a08; } .st-retried .g-bar { fill: #7c4dcc; }
.g-selected .g-box { stroke: #0972d3; stroke-width: 2.5; }
.g-ring { fill: none; stroke: #7c4dcc; stroke-width: 2.5; stroke-dasharray: 5 3; }
.g-badge rect { fill: #7c4dcc; } .g-badge text { font-size: 10px; font-weight: 700; fill: #ffffff; }
.g-edge { fill: none; stroke: #6b7685; stroke-width: 1.4; }
.g-edge.k-catch { stroke: #c76a08; stroke-dasharray: 5 4; }
.g-edge.back { stroke-dasharray: 2 3; }
.g-edge.k-catch.back { stroke-dasharray: 5 4; }
.g-arrow { fill: #6b7685; } .g-arrow-catch { fill: #c76a08; }
.g-label { font-size: 11px; fill: #3d4754; paint-order: stroke; stroke: #ffffff; stroke-width: 4px; stroke-linejoin: round; }
.g-label.k-catch { fill: #a65805; }
.g-label.k-default { fill: #6b7685; font-style: italic; }
.bp circle { fill: #ffffff; stroke: #c4ccd6; stroke-width: 1.5; }
.bp:hover circle { stroke: #d91515; fill: #fbe3e3; }
.bp.on circle { fill: #d91515; stroke: #ffffff; }
.graph-state { cursor: pointer; outline: none; }
.graph-state:focus-visible .g-box { stroke: #0972d3; stroke-width: 3; }
"#;

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
        NodeKind::State => state(n, ctx),
    }
}

fn state(n: &Node, ctx: &Ctx<'_>) -> Html {
    let r = n.rect;
    let status = ctx.statuses.get(&n.name).copied().unwrap_or("NOT_RUN");
    let selected = ctx.selected == Some(n.name.as_str());
    let paused = ctx.paused.contains(&n.name);
    let has_bp = ctx.breakpoints.contains(&n.name);
    let select = |name: String, on_select: Callback<String>| {
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            on_select.emit(name.clone());
        })
    };
    let onclick = select(n.name.clone(), ctx.on_select.clone());
    // Enter/Space inspects the focused state; B toggles its breakpoint.
    let onkeydown = {
        let (on_select, name) = (ctx.on_select.clone(), n.name.clone());
        let on_bp = ctx.on_breakpoint.cloned();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" | " " => {
                e.prevent_default();
                on_select.emit(name.clone());
            }
            "b" | "B" => {
                if let Some(on_bp) = &on_bp {
                    e.prevent_default();
                    on_bp.emit(name.clone());
                }
            }
            _ => {}
        })
    };
    // Text: in the header band for containers, centred-left for plain boxes.
    let (text_y, head_h) = if n.container {
        (r.y + 15.0, 36.0)
    } else {
        (r.y + 18.0, 0.0)
    };
    let text_x = r.x + 24.0;
    let bp = ctx.on_breakpoint.map(|on_bp| {
        let onclick = select(n.name.clone(), on_bp.clone());
        let (cx, cy) = (r.x + 12.0, if n.container { r.y + 18.0 } else { r.y + r.height / 2.0 });
        let title = if has_bp { "Remove the breakpoint" } else { "Pause before this state (breakpoint)" };
        html! {
            <g class={classes!("bp", has_bp.then_some("on"), (!has_bp).then_some("no-export"))}
                data-testid="breakpoint-toggle" data-on={has_bp.to_string()} role="button"
                aria-label={format!("Breakpoint on {}", n.name)} aria-pressed={has_bp.to_string()} {onclick}>
                <title>{ title }</title>
                <circle cx={fmt(cx)} cy={fmt(cy)} r="5.5" />
            </g>
        }
    });
    let kind = if n.container { "g-container" } else { "g-node" };
    html! {
        <g class={classes!("graph-state", kind, status_class(status), selected.then_some("g-selected"), paused.then_some("g-paused"))}
            data-testid={ctx.state_testid.to_string()} data-state={n.name.clone()} data-status={status}
            data-type={n.state_type.clone()} data-paused={paused.then_some("true")}
            tabindex="0" role="button" aria-pressed={selected.to_string()} {onclick} {onkeydown}>
            <title>{ format!("{} ({}) — {}{}", n.name, n.state_type, status.replace('_', " ").to_lowercase(),
                if ctx.on_breakpoint.is_some() { ". Enter: inspect, B: breakpoint" } else { "" }) }</title>
            <rect class="g-box" x={fmt(r.x)} y={fmt(r.y)} width={fmt(r.width)} height={fmt(r.height)} rx="7" />
            if n.container {
                <rect class="g-head" x={fmt(r.x + 1.0)} y={fmt(r.y + 1.0)} width={fmt(r.width - 2.0)} height={fmt(head_h - 2.0)} rx="6" />
            } else {
                <rect class="g-bar" x={fmt(r.x)} y={fmt(r.y)} width="4" height={fmt(r.height)} rx="2" />
            }
            <text class="g-name" x={fmt(text_x)} y={fmt(text_y)} dominant-baseline="central">
                { fit(&n.name, r.width - if n.container { 38.0 + n.state_type.len() as f64 * 7.5 } else { 36.0 }) }
            </text>
            if n.container {
                <text class="g-type" x={fmt(r.right() - 10.0)} y={fmt(text_y)} text-anchor="end"
                    dominant-baseline="central">{ n.state_type.to_ascii_uppercase() }</text>
            } else {
                <text class="g-type" x={fmt(text_x)} y={fmt(r.y + 33.0)} dominant-baseline="central">
                    { n.state_type.to_ascii_uppercase() }
                </text>
            }
            if paused {
                <rect class="g-ring" x={fmt(r.x - 4.0)} y={fmt(r.y - 4.0)} width={fmt(r.width + 8.0)}
                    height={fmt(r.height + 8.0)} rx="10" />
                <g class="g-badge">
                    <rect x={fmt(r.right() - 52.0)} y={fmt(r.y - 10.0)} width="50" height="16" rx="8" />
                    <text x={fmt(r.right() - 27.0)} y={fmt(r.y - 2.0)} text-anchor="middle"
                        dominant-baseline="central">{ "PAUSED" }</text>
                </g>
            }
            { bp.unwrap_or_default() }
        </g>
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
