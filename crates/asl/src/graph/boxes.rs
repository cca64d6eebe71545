//! The boxes of a flow: their sizes (a container's from its placed sub-flows) and writing a
//! placed flow into the [`Layout`].

use super::build::{GNode, Inner};
use super::layered::{place, Placed};
use super::{Edge, Layout, Node, NodeKind, Point, Rect};

/// Height of a state box.
const STATE_H: f64 = 44.0;
/// Size of the Start/End pills.
const TERMINAL: (f64, f64) = (64.0, 28.0);
/// State box widths.
const STATE_W: (f64, f64) = (120.0, 280.0);
/// Estimated width of one character of a box's name (13 px, semi-bold; generous, as
/// DejaVu Sans, the usual Linux fallback, is wide).
pub(super) const CHAR_W: f64 = 8.4;
/// Container header height and padding.
const HEADER_H: f64 = 36.0;
const PAD: f64 = 16.0;
/// A Parallel branch box: header, padding, space between branches.
const BRANCH_HEADER: f64 = 24.0;
const BRANCH_PAD: f64 = 12.0;
const BRANCH_GAP: f64 = 14.0;

/// A sub-flow drawn inside a box, at an offset from the box's corner.
pub(super) struct Sub {
    /// A Parallel branch's own box (name, pointer, rect relative to the container).
    pub branch: Option<(String, String, Rect)>,
    pub dx: f64,
    pub dy: f64,
    pub flow: Placed,
}

/// A box, placed in its flow's coordinates.
pub(super) struct PNode {
    pub name: String,
    pub kind: NodeKind,
    pub state_type: String,
    pub pointer: String,
    pub rect: Rect,
    pub subs: Vec<Sub>,
}

pub(super) fn text_w(s: &str, per_char: f64) -> f64 {
    s.chars().count() as f64 * per_char
}

/// Sizes a box, placing its sub-flows first.
pub(super) fn size(node: GNode) -> PNode {
    let header_w = text_w(&node.name, CHAR_W) + text_w(&node.state_type, 7.5) + 52.0;
    let (w, h, subs) = match node.inner {
        Inner::None if node.kind == NodeKind::State => {
            let w = (text_w(&node.name, CHAR_W) + 42.0).clamp(STATE_W.0, STATE_W.1);
            (w, STATE_H, vec![])
        }
        Inner::None => (TERMINAL.0, TERMINAL.1, vec![]),
        Inner::Map(flow) => {
            let p = place(*flow);
            let w = (p.width + 2.0 * PAD).max(header_w);
            let h = HEADER_H + p.height + PAD;
            let sub = Sub {
                branch: None,
                dx: (w - p.width) / 2.0,
                dy: HEADER_H,
                flow: p,
            };
            (w, h, vec![sub])
        }
        Inner::Parallel(flows) => {
            let placed: Vec<Placed> = flows.into_iter().map(place).collect();
            let inner_h = placed.iter().map(|p| p.height).fold(0.0, f64::max);
            let bh = BRANCH_HEADER + inner_h + BRANCH_PAD;
            let widths: Vec<f64> = placed
                .iter()
                .map(|p| (p.width + 2.0 * BRANCH_PAD).max(80.0))
                .collect();
            let inner_w =
                widths.iter().sum::<f64>() + BRANCH_GAP * (widths.len().max(1) - 1) as f64;
            let w = (inner_w + 2.0 * PAD).max(header_w);
            let mut x = (w - inner_w) / 2.0;
            let subs = placed
                .into_iter()
                .zip(widths)
                .enumerate()
                .map(|(i, (p, bw))| {
                    let rect = Rect {
                        x,
                        y: HEADER_H,
                        width: bw,
                        height: bh,
                    };
                    x += bw + BRANCH_GAP;
                    Sub {
                        branch: Some((
                            format!("Branch {}", i + 1),
                            format!("{}/Branches/{i}", node.pointer),
                            rect,
                        )),
                        dx: rect.x + (bw - p.width) / 2.0,
                        dy: HEADER_H + BRANCH_HEADER,
                        flow: p,
                    }
                })
                .collect();
            (w, HEADER_H + bh + PAD, subs)
        }
    };
    PNode {
        name: node.name,
        kind: node.kind,
        state_type: node.state_type,
        pointer: node.pointer,
        rect: Rect {
            x: 0.0,
            y: 0.0,
            width: w,
            height: h,
        },
        subs,
    }
}

/// Writes a placed flow into the layout, offset by `(dx, dy)`, inside `parent`.
pub(super) fn emit(placed: &Placed, dx: f64, dy: f64, parent: Option<usize>, out: &mut Layout) {
    let moved = |r: &Rect, dx: f64, dy: f64| Rect {
        x: r.x + dx,
        y: r.y + dy,
        ..*r
    };
    let mut global = Vec::with_capacity(placed.nodes.len());
    for node in &placed.nodes {
        let rect = moved(&node.rect, dx, dy);
        let me = out.nodes.len();
        global.push(me);
        out.nodes.push(Node {
            name: node.name.clone(),
            kind: node.kind,
            state_type: node.state_type.clone(),
            pointer: node.pointer.clone(),
            container: !node.subs.is_empty(),
            parent,
            rect,
        });
        for sub in &node.subs {
            let mut inside = me;
            if let Some((name, pointer, r)) = &sub.branch {
                inside = out.nodes.len();
                out.nodes.push(Node {
                    name: name.clone(),
                    kind: NodeKind::Branch,
                    state_type: String::new(),
                    pointer: pointer.clone(),
                    container: true,
                    parent: Some(me),
                    rect: moved(r, rect.x, rect.y),
                });
            }
            emit(
                &sub.flow,
                rect.x + sub.dx,
                rect.y + sub.dy,
                Some(inside),
                out,
            );
        }
    }
    let shift = |p: &Point| Point {
        x: p.x + dx,
        y: p.y + dy,
    };
    for e in &placed.edges {
        out.edges.push(Edge {
            from: global[e.from],
            to: global[e.to],
            kind: e.kind,
            label: e.label.clone(),
            label_at: e.label_at.as_ref().map(shift),
            points: e.points.iter().map(shift).collect(),
            back: e.back,
        });
    }
}
