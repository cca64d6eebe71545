//! Drawing a long list as a window: only the rows in view, and a margin above and below,
//! are in the page; the rest is empty space of the right height, drawn on scrolling. The
//! event history (rows of one height) and the execution tree (rows of many heights) share
//! this arithmetic; [`crate::hooks::scroll_window`] follows the scroll box. Pure, tested
//! natively.

/// How a list is windowed: the same numbers for every rendering of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Windowing {
    /// Lists of at most this many rows are drawn whole.
    pub min_rows: usize,
    /// Pixels drawn above and below the visible ones.
    pub overscan_px: usize,
    /// Scrolling re-renders only when the top moves past a multiple of this.
    pub step_px: usize,
    /// The scroll box's height before it is measured, in CSS pixels.
    pub initial_view_px: usize,
    /// The least height a measured scroll box counts as (one row).
    pub min_view_px: usize,
}

impl Windowing {
    /// The rows to draw of `len` rows, row `k` covering `extent(k) = (top, height)` in CSS
    /// pixels from the list's top (in order), when the scroll box shows `view_px` pixels from
    /// `scroll_px` down: `(first, end)`. The window covers `view_px` and
    /// [`Windowing::overscan_px`] on both sides, as many pixels at the top of the list as
    /// anywhere; every row when there are at most [`Windowing::min_rows`].
    pub fn window(
        &self,
        len: usize,
        extent: impl Fn(usize) -> (usize, usize),
        scroll_px: usize,
        view_px: usize,
    ) -> (usize, usize) {
        if len <= self.min_rows {
            return (0, len);
        }
        let from = scroll_px.saturating_sub(self.overscan_px);
        let to = from + view_px + 2 * self.overscan_px;
        let first = partition_point(len, |k| {
            let (top, height) = extent(k);
            top + height <= from
        });
        let end = partition_point(len, |k| extent(k).0 < to).max(first);
        (first, end)
    }

    /// [`Windowing::window`] for `len` rows of `row_px` pixels each.
    pub fn window_uniform(
        &self,
        len: usize,
        row_px: usize,
        scroll_px: usize,
        view_px: usize,
    ) -> (usize, usize) {
        self.window(len, |k| (k * row_px, row_px), scroll_px, view_px)
    }

    /// The view a scroll box at `(scroll_top, client_height)` is kept as: the top rounded
    /// down to a multiple of [`Windowing::step_px`] (so small moves do not re-render), the
    /// height at least [`Windowing::min_view_px`].
    pub fn view(&self, (scroll_top, client_height): (usize, usize)) -> (usize, usize) {
        let step = self.step_px.max(1);
        (
            scroll_top / step * step,
            client_height.max(self.min_view_px),
        )
    }
}

/// The first index in `0..len` where `below` turns false (`below` is true, then false).
fn partition_point(len: usize, below: impl Fn(usize) -> bool) -> usize {
    let (mut lo, mut hi) = (0, len);
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        if below(mid) {
            lo = mid + 1;
        } else {
            hi = mid;
        }
    }
    lo
}
