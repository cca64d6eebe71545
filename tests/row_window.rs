//! The windowing arithmetic shared by the event history and the execution tree: which rows
//! are drawn for a scroll position, and how a scroll box's position is kept.

use asl_playground::row_window::Windowing;
use asl_playground::view_model::history::{ROW_PX, WINDOWING};

const LIST: Windowing = Windowing {
    min_rows: 10,
    overscan_px: 100,
    step_px: 50,
    initial_view_px: 300,
    min_view_px: 20,
};

#[test]
fn short_histories_are_drawn_whole_long_ones_windowed() {
    let window = |total, scroll, view| WINDOWING.window_uniform(total, ROW_PX, scroll, view);
    assert_eq!(window(150, 9999, 480), (0, 150));
    // At the top: the visible rows and the margin below.
    assert_eq!(window(7000, 0, 480), (0, 19 + 30));
    // Scrolled to row 1,000: 15 rows above it, the visible ones and 15 below.
    assert_eq!(window(7000, 1000 * ROW_PX, 480), (985, 985 + 49));
    // Past the end (a shorter filtered list): clamped.
    assert_eq!(window(300, 1000 * ROW_PX, 480), (300, 300));
}

#[test]
fn the_window_covers_the_view_and_the_margins() {
    // 100 rows of 10 px; the view shows 300..400.
    let (first, end) = LIST.window_uniform(100, 10, 300, 100);
    assert_eq!(
        (first, end),
        (20, 50),
        "200..500: the view and 100 px on each side"
    );
    // At the top, the window is as high as anywhere: 0..300.
    assert_eq!(LIST.window_uniform(100, 10, 0, 100), (0, 30));
    // A row partly in the window is drawn.
    assert_eq!(LIST.window_uniform(100, 10, 305, 100), (20, 51));
    // Few rows: all of them, wherever the box is scrolled.
    assert_eq!(LIST.window_uniform(10, 10, 500, 10), (0, 10));
    // Scrolled past the end: an empty window at the end.
    assert_eq!(LIST.window_uniform(100, 10, 5000, 100), (100, 100));
}

#[test]
fn rows_of_many_heights() {
    // Rows 0..20, each odd row 90 px high, each even one 10 px: tops 0, 10, 100, 110, 200, ….
    let extent = |k: usize| (k / 2 * 100 + k % 2 * 10, if k % 2 == 1 { 90 } else { 10 });
    // The view 400..450 and 100 px margins, 300..550: rows 6 (300..310) to 11 (510..600).
    assert_eq!(LIST.window(20, extent, 400, 50), (6, 12));
    // A tall row the window starts inside (row 7, 310..400, for 350..600) is drawn.
    assert_eq!(LIST.window(20, extent, 450, 50), (7, 12));
}

#[test]
fn the_scroll_box_is_kept_by_steps() {
    assert_eq!(LIST.view((0, 300)), (0, 300));
    assert_eq!(LIST.view((149, 300)), (100, 300), "rounded down to a step");
    assert_eq!(LIST.view((150, 0)), (150, 20), "at least one row high");
    assert_eq!(WINDOWING.view((27, 480)), (26, 480));
}
