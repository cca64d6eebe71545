//! The diagram's zoom and pan, as a small reducer.

use std::rc::Rc;

use yew::prelude::*;

/// Zoom and pan: screen = layout × scale + offset.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) struct View {
    /// The scale.
    pub(super) scale: f64,
    /// The layout's left edge on the screen.
    pub(super) x: f64,
    /// The layout's top edge on the screen.
    pub(super) y: f64,
}

/// How the view changes.
pub(super) enum ViewAction {
    /// Zoom by a factor around a point of the viewport.
    Zoom(f64, f64, f64),
    /// Move to an offset.
    Pan(f64, f64),
    /// Show all of a `width × height` layout in a `w × h` viewport.
    Fit {
        width: f64,
        height: f64,
        w: f64,
        h: f64,
    },
}

const MIN_SCALE: f64 = 0.2;
const MAX_SCALE: f64 = 3.0;
/// The space kept around a fitted diagram.
pub(super) const MARGIN: f64 = 14.0;

impl Reducible for View {
    type Action = ViewAction;

    fn reduce(self: Rc<Self>, action: ViewAction) -> Rc<Self> {
        let v = *self;
        Rc::new(match action {
            ViewAction::Zoom(factor, px, py) => {
                let scale = (v.scale * factor).clamp(MIN_SCALE, MAX_SCALE);
                let k = scale / v.scale;
                View {
                    scale,
                    x: px - (px - v.x) * k,
                    y: py - (py - v.y) * k,
                }
            }
            ViewAction::Pan(x, y) => View { x, y, ..v },
            ViewAction::Fit {
                width,
                height,
                w,
                h,
            } => {
                let fit =
                    ((w - 2.0 * MARGIN) / width.max(1.0)).min((h - 2.0 * MARGIN) / height.max(1.0));
                let scale = if fit.is_finite() {
                    fit.clamp(MIN_SCALE, 1.2)
                } else {
                    1.0
                };
                View {
                    scale,
                    x: ((w - width * scale) / 2.0).max(MARGIN),
                    y: ((h - height * scale) / 2.0).max(MARGIN),
                }
            }
        })
    }
}
