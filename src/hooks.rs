//! The app's effects as custom hooks, each named for what it does: [`app_state`] (the
//! reducer, opened from the saved work or a share link), [`autosave`], [`prefs`] (display
//! preferences), [`share_link`] (links pasted into the address bar), [`runner`] (starting,
//! stepping and stopping executions, testing functions), [`shortcuts`] (the page's keys),
//! [`updates`] (new builds of the site, offline), [`view`] (the view model, memoized), and
//! [`scroll_window`] (a windowed list's scroll box).

pub mod app_state;
pub mod autosave;
pub mod course;
pub mod prefs;
pub mod runner;
pub mod scroll_window;
pub mod share_link;
pub mod shortcuts;
pub mod updates;
pub mod view;
