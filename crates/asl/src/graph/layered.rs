//! Placing one flow: cycle breaking, longest path layers, dummy points for long edges,
//! barycenter ordering, x relaxation, routes.

use super::boxes::{size, PNode};
use super::build::{Flow, GEdge};
use super::labels;
use super::{Edge, NodeKind, Point, Rect};

/// Space between boxes of one layer.
const NODE_GAP: f64 = 30.0;
/// Width reserved for a long edge passing through a layer.
const DUMMY_W: f64 = 10.0;
/// Space between layers; more when an edge leaving the layer has a label.
const LAYER_GAP: (f64, f64) = (40.0, 58.0);
/// Loop-back channels: distance from the boxes, and between channels.
const LOOP_GAP: f64 = 22.0;
const LOOP_STEP: f64 = 12.0;
/// Crossing reduction is skipped above this many edge segments (bounded work).
const MAX_SWEEP_SEGMENTS: usize = 3_000;
/// At most this many dummy points per flow; longer edges beyond it are drawn straight.
const MAX_DUMMIES: usize = 5_000;

/// A placed flow: its boxes and edges, and its size (from the origin). Its edges are in the
/// flow's own terms: `from`/`to` index `nodes`, points are relative to the flow's origin.
pub(super) struct Placed {
    pub nodes: Vec<PNode>,
    pub edges: Vec<Edge>,
    pub width: f64,
    pub height: f64,
}

/// Depth-first from `start`, then from every box not reached: which edges go back to a box
/// still on the path (they close a cycle), and the order boxes were first seen in.
fn back_edges(n: usize, edges: &[GEdge], start: usize) -> (Vec<bool>, Vec<usize>) {
    let mut out: Vec<Vec<usize>> = vec![vec![]; n];
    for (i, e) in edges.iter().enumerate() {
        out[e.from].push(i);
    }
    let mut color = vec![0u8; n];
    let mut back = vec![false; edges.len()];
    let mut seen = vec![usize::MAX; n];
    let mut counter = 0;
    for root in std::iter::once(start).chain(0..n) {
        if root >= n || color[root] != 0 {
            continue;
        }
        let mut stack = vec![(root, 0usize)];
        color[root] = 1;
        seen[root] = counter;
        counter += 1;
        while let Some(top) = stack.last_mut() {
            let (v, k) = *top;
            if let Some(&e) = out[v].get(k) {
                top.1 += 1;
                let w = edges[e].to;
                match color[w] {
                    0 => {
                        color[w] = 1;
                        seen[w] = counter;
                        counter += 1;
                        stack.push((w, 0));
                    }
                    1 => back[e] = true,
                    _ => {}
                }
            } else {
                color[v] = 2;
                stack.pop();
            }
        }
    }
    (back, seen)
}

/// Longest-path layers over the forward edges (the End box goes below everything).
fn layers(nodes: &[PNode], edges: &[GEdge], back: &[bool]) -> Vec<usize> {
    let n = nodes.len();
    let mut indeg = vec![0usize; n];
    let mut out: Vec<Vec<usize>> = vec![vec![]; n];
    for (i, e) in edges.iter().enumerate() {
        if !back[i] && e.from != e.to {
            indeg[e.to] += 1;
            out[e.from].push(e.to);
        }
    }
    let mut layer = vec![0usize; n];
    let mut queue: Vec<usize> = (0..n).filter(|&v| indeg[v] == 0).collect();
    let mut head = 0;
    while let Some(&v) = queue.get(head) {
        head += 1;
        for &w in &out[v] {
            layer[w] = layer[w].max(layer[v] + 1);
            indeg[w] -= 1;
            if indeg[w] == 0 {
                queue.push(w);
            }
        }
    }
    if let Some(end) = nodes.iter().position(|n| n.kind == NodeKind::End) {
        let below = (0..n)
            .filter(|&v| v != end)
            .map(|v| layer[v] + 1)
            .max()
            .unwrap_or(0);
        layer[end] = below;
    }
    layer
}

/// The boxes of one layer get their x (centres) as near the wished ones as their order and
/// widths allow: the mean of a packing from the left and one from the right.
fn place_layer(order: &[usize], wish: &[f64], widths: &[f64], x: &mut [f64]) {
    let sep = |a: usize, b: usize| {
        let gap = if widths[a] <= DUMMY_W && widths[b] <= DUMMY_W {
            DUMMY_W
        } else {
            NODE_GAP
        };
        widths[a] / 2.0 + widths[b] / 2.0 + gap
    };
    let k = order.len();
    let mut left = vec![0.0; k];
    let mut right = vec![0.0; k];
    for i in 0..k {
        left[i] = if i == 0 {
            wish[0]
        } else {
            wish[i].max(left[i - 1] + sep(order[i - 1], order[i]))
        };
    }
    for i in (0..k).rev() {
        right[i] = if i + 1 == k {
            wish[i]
        } else {
            wish[i].min(right[i + 1] - sep(order[i], order[i + 1]))
        };
    }
    for i in 0..k {
        x[order[i]] = (left[i] + right[i]) / 2.0;
    }
}

/// Crossings between consecutive layers, for the segments given.
fn crossings(segments: &[(usize, usize)], pos: &[usize], layer: &[usize]) -> usize {
    let mut count = 0;
    for (i, &(a1, b1)) in segments.iter().enumerate() {
        for &(a2, b2) in &segments[i + 1..] {
            if layer[a1] == layer[a2]
                && (pos[a1] as i64 - pos[a2] as i64) * (pos[b1] as i64 - pos[b2] as i64) < 0
            {
                count += 1;
            }
        }
    }
    count
}

/// Places a flow.
pub(super) fn place(flow: Flow) -> Placed {
    let start = flow.start;
    let edges_in = flow.edges;
    let nodes: Vec<PNode> = flow.nodes.into_iter().map(size).collect();
    let n = nodes.len();
    let (back, seen) = back_edges(n, &edges_in, start);
    let layer_of = layers(&nodes, &edges_in, &back);

    // The layered graph: boxes, then one dummy per layer a long edge passes.
    let mut vlayer = layer_of.clone();
    let mut vwidth: Vec<f64> = nodes.iter().map(|n| n.rect.width).collect();
    let mut key: Vec<f64> = seen.iter().map(|&s| s as f64).collect();
    let mut chains: Vec<Vec<usize>> = Vec::with_capacity(edges_in.len());
    for (i, e) in edges_in.iter().enumerate() {
        let mut chain = vec![e.from];
        let span = layer_of[e.to].saturating_sub(layer_of[e.from]);
        if !back[i] && e.from != e.to && vlayer.len() + span <= n + MAX_DUMMIES {
            for l in layer_of[e.from] + 1..layer_of[e.to] {
                chain.push(vlayer.len());
                vlayer.push(l);
                vwidth.push(DUMMY_W);
                key.push(seen[e.from] as f64 + 0.5 + i as f64 * 1e-4);
            }
        }
        chain.push(e.to);
        chains.push(chain);
    }
    let vn = vlayer.len();
    let depth = vlayer.iter().copied().max().map_or(0, |m| m + 1);
    let mut segments: Vec<(usize, usize)> = Vec::new();
    for (i, chain) in chains.iter().enumerate() {
        if !back[i] && edges_in[i].from != edges_in[i].to {
            segments.extend(chain.windows(2).map(|w| (w[0], w[1])));
        }
    }
    let mut preds: Vec<Vec<usize>> = vec![vec![]; vn];
    let mut succs: Vec<Vec<usize>> = vec![vec![]; vn];
    for &(a, b) in &segments {
        succs[a].push(b);
        preds[b].push(a);
    }

    // Order within layers: first-seen order, then barycenter sweeps (the best kept).
    let mut order: Vec<Vec<usize>> = vec![vec![]; depth];
    for v in 0..vn {
        order[vlayer[v]].push(v);
    }
    for layer in &mut order {
        layer.sort_by(|a, b| key[*a].total_cmp(&key[*b]));
    }
    let mut pos = vec![0usize; vn];
    let index = |order: &[Vec<usize>], pos: &mut [usize]| {
        for layer in order {
            for (i, &v) in layer.iter().enumerate() {
                pos[v] = i;
            }
        }
    };
    index(&order, &mut pos);
    if segments.len() <= MAX_SWEEP_SEGMENTS {
        let mut best = (crossings(&segments, &pos, &vlayer), order.clone());
        for sweep in 0..8 {
            let down = sweep % 2 == 0;
            let range: Vec<usize> = if down {
                (1..depth).collect()
            } else {
                (0..depth.saturating_sub(1)).rev().collect()
            };
            for l in range {
                let near = if down { &preds } else { &succs };
                let bary: Vec<(usize, f64)> = order[l]
                    .iter()
                    .map(|&v| {
                        let ns = &near[v];
                        let b = if ns.is_empty() {
                            pos[v] as f64
                        } else {
                            ns.iter().map(|&u| pos[u] as f64).sum::<f64>() / ns.len() as f64
                        };
                        (v, b)
                    })
                    .collect();
                let mut sorted = bary;
                sorted.sort_by(|a, b| a.1.total_cmp(&b.1));
                order[l] = sorted.into_iter().map(|(v, _)| v).collect();
                for (i, &v) in order[l].iter().enumerate() {
                    pos[v] = i;
                }
            }
            let c = crossings(&segments, &pos, &vlayer);
            if c < best.0 {
                best = (c, order.clone());
            }
        }
        order = best.1;
        index(&order, &mut pos);
    }

    // x: packed and centred, then relaxed toward neighbours, down and up.
    let mut x = vec![0.0; vn];
    for layer in &order {
        let wish = vec![0.0; layer.len()];
        place_layer(layer, &wish, &vwidth, &mut x);
    }
    for pass in 0..10 {
        let down = pass % 2 == 0;
        let near = if down { &preds } else { &succs };
        let range: Vec<usize> = if down {
            (1..depth).collect()
        } else {
            (0..depth.saturating_sub(1)).rev().collect()
        };
        for l in range {
            let wish: Vec<f64> = order[l]
                .iter()
                .map(|&v| {
                    let ns = &near[v];
                    if ns.is_empty() {
                        x[v]
                    } else {
                        ns.iter().map(|&u| x[u]).sum::<f64>() / ns.len() as f64
                    }
                })
                .collect();
            place_layer(&order[l], &wish, &vwidth, &mut x);
        }
    }
    let min_left = (0..vn)
        .map(|v| x[v] - vwidth[v] / 2.0)
        .fold(f64::INFINITY, f64::min);
    let shift = if min_left.is_finite() { -min_left } else { 0.0 };
    for xv in &mut x {
        *xv += shift;
    }

    // y: layer by layer, boxes aligned at the layer's top.
    let mut layer_h = vec![0.0f64; depth];
    for v in 0..n {
        layer_h[vlayer[v]] = layer_h[vlayer[v]].max(nodes[v].rect.height);
    }
    let mut labelled = vec![false; depth];
    for (i, e) in edges_in.iter().enumerate() {
        if !back[i] && e.label.is_some() {
            labelled[layer_of[e.from]] = true;
        }
    }
    let mut top = vec![0.0f64; depth];
    let mut y = 0.0;
    for l in 0..depth {
        top[l] = y;
        y += layer_h[l]
            + if labelled[l] {
                LAYER_GAP.1
            } else {
                LAYER_GAP.0
            };
    }
    let mut height = if depth == 0 {
        0.0
    } else {
        y - if labelled[depth - 1] {
            LAYER_GAP.1
        } else {
            LAYER_GAP.0
        }
    };
    let mut nodes = nodes;
    for (v, node) in nodes.iter_mut().enumerate() {
        node.rect.x = x[v] - node.rect.width / 2.0;
        node.rect.y = top[vlayer[v]];
    }
    let mut width = nodes.iter().map(|n| n.rect.right()).fold(0.0, f64::max);

    // Routes. Forward edges: from the source's bottom through their dummies to the target's
    // top, with ports spread along the sides.
    let next_x = |chain: &[usize], from_end: bool| {
        let v = if from_end {
            chain[chain.len() - 2]
        } else {
            chain[1]
        };
        x[v]
    };
    let mut out_ports = vec![vec![]; n];
    let mut in_ports = vec![vec![]; n];
    for (i, e) in edges_in.iter().enumerate() {
        if !back[i] && e.from != e.to {
            out_ports[e.from].push((next_x(&chains[i], false), i));
            in_ports[e.to].push((next_x(&chains[i], true), i));
        }
    }
    let spread = |ports: &mut Vec<(f64, usize)>, node: &PNode| -> Vec<(usize, f64)> {
        ports.sort_by(|a, b| a.0.total_cmp(&b.0));
        let k = ports.len() as f64;
        let step = ((node.rect.width - 24.0) / k.max(1.0)).clamp(0.0, 18.0);
        let cx = node.rect.x + node.rect.width / 2.0;
        ports
            .iter()
            .enumerate()
            .map(|(j, &(_, e))| (e, cx + (j as f64 - (k - 1.0) / 2.0) * step))
            .collect()
    };
    let mut out_x = vec![0.0; edges_in.len()];
    let mut in_x = vec![0.0; edges_in.len()];
    for v in 0..n {
        for (e, px) in spread(&mut out_ports[v], &nodes[v]) {
            out_x[e] = px;
        }
        for (e, px) in spread(&mut in_ports[v], &nodes[v]) {
            in_x[e] = px;
        }
    }
    let mut edges = Vec::with_capacity(edges_in.len());
    let mut channel = 0usize;
    for (i, e) in edges_in.into_iter().enumerate() {
        let (src, dst) = (&nodes[e.from].rect, &nodes[e.to].rect);
        let label_w = e.label.as_deref().map_or(0.0, labels::label_width);
        let (points, label_at) = if !back[i] && e.from != e.to {
            let mut pts = vec![Point {
                x: out_x[i],
                y: src.bottom(),
            }];
            for &d in &chains[i][1..chains[i].len() - 1] {
                let l = vlayer[d];
                pts.push(Point { x: x[d], y: top[l] });
                if layer_h[l] > 0.0 {
                    pts.push(Point {
                        x: x[d],
                        y: top[l] + layer_h[l],
                    });
                }
            }
            pts.push(Point {
                x: in_x[i],
                y: dst.y,
            });
            // Placed once all routes are known.
            (pts, None)
        } else {
            // A loop back: out of the source's right side, up a channel, into the target's.
            let (lo, hi) = (
                layer_of[e.from].min(layer_of[e.to]),
                layer_of[e.from].max(layer_of[e.to]),
            );
            let right = (0..vn)
                .filter(|&v| (lo..=hi).contains(&vlayer[v]))
                .map(|v| x[v] + vwidth[v] / 2.0)
                .fold(0.0, f64::max);
            let cx = right + LOOP_GAP + channel as f64 * LOOP_STEP;
            channel += 1;
            let sy = src.y + src.height / 2.0 + 6.0;
            let ty = dst.y + dst.height / 2.0 - 6.0;
            let pts = vec![
                Point {
                    x: src.right(),
                    y: sy,
                },
                Point { x: cx, y: sy },
                Point { x: cx, y: ty },
                Point {
                    x: dst.right(),
                    y: ty,
                },
            ];
            width = width.max(cx + label_w + 6.0);
            let at = Point {
                x: cx + 4.0 + label_w / 2.0,
                y: (sy + ty) / 2.0,
            };
            (pts, Some(at))
        };
        let label_at = e.label.as_ref().and(label_at);
        edges.push(Edge {
            from: e.from,
            to: e.to,
            kind: e.kind,
            label: e.label,
            label_at,
            points,
            back: back[i] || e.from == e.to,
        });
    }
    let boxes: Vec<Rect> = nodes.iter().map(|n| n.rect).collect();
    labels::place(&mut edges, &boxes);
    for e in &edges {
        if let (Some(label), Some(at)) = (&e.label, e.label_at) {
            width = width.max(at.x + labels::label_width(label) / 2.0);
            height = height.max(at.y + 8.0);
        }
    }
    Placed {
        nodes,
        edges,
        width,
        height,
    }
}
