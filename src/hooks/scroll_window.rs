//! [`use_scroll_window`]: follows a windowed list's scroll box (see [`crate::row_window`]).

use yew::prelude::*;

use crate::bindings::browser;
use crate::row_window::Windowing;

/// A windowed list's scroll box: where it is scrolled to and how high it is, as
/// [`Windowing::view`] keeps them.
#[derive(Clone, PartialEq)]
pub struct ScrollWindow {
    windowing: Windowing,
    view: UseStateHandle<(usize, usize)>,
    scroller: NodeRef,
}

impl ScrollWindow {
    /// The view: `(top, height)` in CSS pixels.
    pub fn view(&self) -> (usize, usize) {
        *self.view
    }

    /// The scroll box, for its element's `ref`.
    pub fn scroller(&self) -> NodeRef {
        self.scroller.clone()
    }

    /// The box as it is now: its element's scroll top and height (the kept view before it is
    /// drawn).
    pub fn measured(&self) -> (usize, usize) {
        browser::scroll_box(&self.scroller).unwrap_or(*self.view)
    }

    /// The `onscroll` handler of the scroll box: keeps the new view (a re-render only when
    /// it moved past a step).
    pub fn onscroll(&self) -> Callback<Event> {
        let this = self.clone();
        Callback::from(move |_: Event| {
            if let Some(measured) = browser::scroll_box(&this.scroller) {
                this.view.set(this.windowing.view(measured));
            }
        })
    }

    /// Scrolls the box to `top`, its height being `height`.
    pub fn scroll_to(&self, top: usize, height: usize) {
        browser::set_scroll_top(&self.scroller, top);
        self.view.set(self.windowing.view((top, height)));
    }
}

/// The scroll box of a list windowed as `windowing` says.
#[hook]
pub fn use_scroll_window(windowing: Windowing) -> ScrollWindow {
    let view = use_state_eq(|| (0usize, windowing.initial_view_px));
    let scroller = use_node_ref();
    ScrollWindow {
        windowing,
        view,
        scroller,
    }
}
