//! Edge labels, placed where they cover no box and no other label: a few positions along
//! the edge's first segment (nearer its end when the source fans out into several labelled
//! edges, as a Choice does; nearer its start otherwise), then along its last one.

use super::boxes::text_w;
use super::{Edge, Point, Rect};

/// Estimated width of one character of an edge label (11 px).
pub(super) const LABEL_CHAR_W: f64 = 6.6;
/// Height of a label's box.
const LABEL_H: f64 = 14.0;

/// The point at `t` on the cubic from `p` to `q` with vertical tangents (how the diagram
/// draws a segment).
fn on_cubic(p: Point, q: Point, t: f64) -> Point {
    let (dx, dy) = (q.x - p.x, q.y - p.y);
    Point {
        x: p.x + dx * (3.0 * t * t - 2.0 * t * t * t),
        y: p.y + dy * (1.5 * t * (1.0 - t) + t * t * t),
    }
}

/// A label's width.
pub(super) fn label_width(label: &str) -> f64 {
    text_w(label, LABEL_CHAR_W) + 8.0
}

/// Places the labels of forward edges (loop-backs keep theirs, beside their channel),
/// avoiding `boxes` and each other.
pub(super) fn place(edges: &mut [Edge], boxes: &[Rect]) {
    let mut taken: Vec<Rect> = boxes.to_vec();
    let mut fan_out = vec![0usize; boxes.len()];
    for e in edges.iter() {
        if e.label.is_some() && !e.back {
            if let Some(n) = fan_out.get_mut(e.from) {
                *n += 1;
            }
        }
    }
    for e in edges.iter_mut() {
        let Some(label) = &e.label else { continue };
        let w = label_width(label);
        let rect_at = |p: Point| Rect {
            x: p.x - w / 2.0,
            y: p.y - LABEL_H / 2.0,
            width: w,
            height: LABEL_H,
        };
        let n = e.points.len();
        let candidates: Vec<Point> = if e.back || n < 2 {
            e.label_at.into_iter().collect()
        } else {
            let (p, q) = (e.points[0], e.points[1]);
            let (lp, lq) = (e.points[n - 2], e.points[n - 1]);
            let ts: &[f64] = if fan_out.get(e.from).copied().unwrap_or(0) > 1 {
                &[0.7, 0.55, 0.85, 0.4]
            } else {
                &[0.35, 0.55, 0.2, 0.75]
            };
            ts.iter()
                .map(|&t| on_cubic(p, q, t))
                .chain([0.5, 0.3, 0.7].iter().map(|&t| on_cubic(lp, lq, t)))
                .collect()
        };
        let free = |p: &Point| {
            let r = rect_at(*p);
            r.x >= 0.0 && !taken.iter().any(|t| t.overlaps(&r))
        };
        let chosen = candidates
            .iter()
            .find(|p| free(p))
            .or(candidates.first())
            .copied();
        if let Some(p) = chosen {
            taken.push(rect_at(p));
        }
        e.label_at = chosen;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cubic_ends_and_middle() {
        let (p, q) = (Point { x: 0.0, y: 0.0 }, Point { x: 10.0, y: 20.0 });
        assert_eq!(on_cubic(p, q, 0.0), p);
        assert_eq!(on_cubic(p, q, 1.0), q);
        assert_eq!(on_cubic(p, q, 0.5), Point { x: 5.0, y: 10.0 });
    }
}
