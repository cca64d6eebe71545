//! [`use_autosave`]: the workspace is saved to local storage a moment after the last edit,
//! and on leaving the page.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::bindings::{browser, storage};
use crate::state::{AppState, Workspace};

/// Autosave waits this long after the last edit.
pub const AUTOSAVE_MS: u32 = 400;

/// The latest workspace, for listeners registered once.
pub type LatestWorkspace = Rc<RefCell<Workspace>>;

/// Saves `state`'s workspace, debounced, and on leaving the page; forgets the work a share
/// link replaced once it is restored (or when there is none). Gives the latest workspace.
#[hook]
pub fn use_autosave(state: &AppState) -> LatestWorkspace {
    let latest = use_mut_ref(|| state.workspace.clone());
    *latest.borrow_mut() = state.workspace.clone();
    use_effect_with(state.workspace.clone(), |workspace| {
        let workspace = workspace.clone();
        let timer = Timeout::new(AUTOSAVE_MS, move || storage::save_workspace(&workspace));
        move || drop(timer)
    });
    {
        let latest = latest.clone();
        use_effect_with((), move |_| {
            let listener = browser::on_page_hide(move || storage::save_workspace(&latest.borrow()));
            move || drop(listener)
        });
    }
    // Restored (or never replaced): nothing left to keep.
    use_effect_with(state.previous_work.is_some(), |kept| {
        if !*kept {
            storage::clear_previous();
        }
    });
    latest
}
