//! [`use_app_state`]: the app's one reducer, opened from the saved work or a share link.

use yew::prelude::*;

use crate::bindings::{browser, storage};
use crate::state::{Action, AppState, Workspace};

/// The app's state. On the first render it is opened from the saved work, unless the page's
/// fragment is a share link: that replaces the saved work (kept, to restore), and the
/// fragment is removed, so a reload shows the autosaved work.
#[hook]
pub fn use_app_state() -> UseReducerHandle<AppState> {
    use_reducer(open)
}

fn open() -> AppState {
    let hash = browser::location_hash();
    let mut state = AppState::open(
        storage::load_workspace(Workspace::example()),
        hash.as_deref(),
    );
    if hash.as_deref().is_some_and(asl::share::is_share_fragment) {
        browser::clear_hash();
        if let Some(previous) = &state.previous_work {
            storage::save_previous(previous);
        }
    }
    if state.previous_work.is_none() {
        // Work a share link replaced in an earlier visit stays restorable (Settings).
        state.previous_work = storage::load_previous();
    }
    state.prefs = storage::load_prefs();
    state
}

/// A callback that dispatches actions to `state`'s reducer (the same one on every render).
#[hook]
pub fn use_dispatch(state: &UseReducerHandle<AppState>) -> Callback<Action> {
    let dispatcher = state.dispatcher();
    let dispatch = use_memo((), move |_| {
        Callback::from(move |action: Action| dispatcher.dispatch(action))
    });
    (*dispatch).clone()
}
