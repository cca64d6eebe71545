//! [`use_share_links`]: a share link pasted into this tab's address bar opens.

use yew::prelude::*;

use super::autosave::LatestWorkspace;
use crate::bindings::{browser, storage};
use crate::state::Action;

/// Opens a share link that arrives in the fragment (`hashchange`): the fragment is removed,
/// the current work (`latest`) is kept to restore when the link decodes, and the link is
/// dispatched ([`Action::OpenLink`]).
#[hook]
pub fn use_share_links(latest: LatestWorkspace, dispatch: Callback<Action>) {
    use_effect_with((), move |_| {
        let listener = browser::on_hash_change(move |hash| {
            if !asl::share::is_share_fragment(&hash) {
                return;
            }
            browser::clear_hash();
            if asl::share::decode(&hash).is_ok() {
                storage::save_previous(&latest.borrow());
            }
            dispatch.emit(Action::OpenLink(hash));
        });
        move || drop(listener)
    });
}
