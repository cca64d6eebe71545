//! The state machine as a diagram: a layered ("Sugiyama") layout computed in plain Rust, for
//! the playground's graph and its SVG export.
//!
//! [`layout`] reads a state machine (the loaded model; see [`crate::Definition::graph`]) and
//! places one box per state, top to bottom, with a synthetic `Start` and `End`. Map item
//! processors and Parallel branches are laid out recursively as sub-graphs inside their
//! state's container box. Edges come from `Next`,
//! `Default`, `Choices[].Next` (labelled with the rule) and `Catch[].Next` (labelled with the
//! errors, drawn dashed). Per flow: cycles are broken by DFS back edges (drawn as loop-backs
//! on the right), layers by longest path, long edges get dummy points, a few barycenter
//! sweeps reduce crossings, then x positions are relaxed toward neighbours.
//!
//! The work is bounded ([`MAX_NODES`], [`MAX_DEPTH`]); any model gives a layout, never a panic.

mod boxes;
mod build;
mod labels;
mod layered;
mod status;

pub use status::{state_statuses, status_name};

use serde::Serialize;

use crate::definition::StateMachine;

/// At most this many boxes are laid out; containers beyond it are drawn closed.
pub const MAX_NODES: usize = 2_000;
/// Containers nested deeper than this are drawn closed.
pub const MAX_DEPTH: usize = 12;

/// A point, in pixels (y grows downward).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Point {
    /// Horizontal position.
    pub x: f64,
    /// Vertical position.
    pub y: f64,
}

/// An axis-aligned rectangle, in pixels.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Rect {
    /// Left edge.
    pub x: f64,
    /// Top edge.
    pub y: f64,
    /// Width.
    pub width: f64,
    /// Height.
    pub height: f64,
}

impl Rect {
    /// The right edge.
    pub fn right(&self) -> f64 {
        self.x + self.width
    }

    /// The bottom edge.
    pub fn bottom(&self) -> f64 {
        self.y + self.height
    }

    /// Whether `other` lies within this rectangle.
    pub fn contains(&self, other: &Rect) -> bool {
        const E: f64 = 1e-6;
        other.x >= self.x - E
            && other.y >= self.y - E
            && other.right() <= self.right() + E
            && other.bottom() <= self.bottom() + E
    }

    /// Whether the two rectangles share any area.
    pub fn overlaps(&self, other: &Rect) -> bool {
        const E: f64 = 1e-6;
        self.x < other.right() - E
            && other.x < self.right() - E
            && self.y < other.bottom() - E
            && other.y < self.bottom() - E
    }
}

/// What a box stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum NodeKind {
    /// A state of the machine.
    State,
    /// The synthetic start of the top-level flow.
    Start,
    /// The synthetic end of the top-level flow.
    End,
    /// One branch of a Parallel state (a box around the branch's states).
    Branch,
}

/// One box of the diagram.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Node {
    /// The state's name; `Start`, `End`, or `Branch N` (1-based) for synthetic boxes.
    pub name: String,
    /// What it stands for.
    pub kind: NodeKind,
    /// The state's `Type` (`Task`, `Map`, …); empty for synthetic boxes.
    pub state_type: String,
    /// JSON pointer of the state (or branch) in the definition; empty for Start/End.
    pub pointer: String,
    /// Whether other boxes are drawn inside it (Map, Parallel, a Parallel branch).
    pub container: bool,
    /// The container it is drawn in (index into [`Layout::nodes`]); containers come before
    /// their contents.
    pub parent: Option<usize>,
    /// Where it is drawn.
    pub rect: Rect,
}

/// Why an edge exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum EdgeKind {
    /// `Next` (or Start → `StartAt`, or a state that ends → End).
    Next,
    /// A Choice rule's `Next` (labelled with the rule).
    Choice,
    /// A Choice state's `Default`.
    Default,
    /// A Catcher's `Next` (labelled with the errors; drawn dashed).
    Catch,
}

/// One arrow of the diagram.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Edge {
    /// Source box (index into [`Layout::nodes`]).
    pub from: usize,
    /// Target box.
    pub to: usize,
    /// Why it exists (when two reasons join the same boxes, the first kept).
    pub kind: EdgeKind,
    /// A label: the Choice rule, `Default`, or the caught errors.
    pub label: Option<String>,
    /// Where to draw the label (its centre).
    pub label_at: Option<Point>,
    /// The route, from the source's border to the target's border. Forward edges go down
    /// (draw them smoothed); back edges go round on the right (draw them as corners).
    pub points: Vec<Point>,
    /// Whether it goes back up (it closes a loop).
    pub back: bool,
}

/// The diagram: boxes and arrows, in pixels, with the whole size.
#[derive(Debug, Clone, PartialEq, Default, Serialize)]
pub struct Layout {
    /// Width of everything.
    pub width: f64,
    /// Height of everything.
    pub height: f64,
    /// The boxes; a container comes before the boxes inside it.
    pub nodes: Vec<Node>,
    /// The arrows.
    pub edges: Vec<Edge>,
}

impl Layout {
    /// The boxes of states (not Start/End/branches).
    pub fn states(&self) -> impl Iterator<Item = &Node> {
        self.nodes.iter().filter(|n| n.kind == NodeKind::State)
    }
}

/// Lays out a state machine (a whole definition's, or a Map's item processor), with Start
/// and End boxes around its states.
pub fn layout(machine: &StateMachine) -> Layout {
    let mut budget = build::Budget::new(MAX_NODES);
    let flow = build::flow(machine, true, 0, &mut budget);
    let placed = layered::place(flow);
    let mut out = Layout {
        width: placed.width,
        height: placed.height,
        ..Layout::default()
    };
    boxes::emit(&placed, 0.0, 0.0, None, &mut out);
    out
}
