//! [`use_updates`]: what the page says about new builds of ASL Playground (service worker,
//! docs/hosting.md): that this visit runs a newer build than the last one, or that a newer
//! build is waiting for a reload.

use yew::prelude::*;

use crate::bindings::{offline, storage};

/// What the update bar shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Update {
    /// This visit runs another build than the last visit did (shown once).
    Updated,
    /// A newer build is installed and waits for a reload.
    Waiting,
}

/// The update to show (none: nothing), and the callback that dismisses it.
#[hook]
pub fn use_updates() -> (Option<Update>, Callback<()>) {
    let update = use_state(|| {
        let updated = offline::build_id().is_some_and(|b| storage::record_build(&b));
        if offline::update_waiting() {
            Some(Update::Waiting)
        } else {
            updated.then_some(Update::Updated)
        }
    });
    {
        let update = update.clone();
        use_effect_with((), move |_| {
            let listener = offline::on_update_waiting(move || update.set(Some(Update::Waiting)));
            move || drop(listener)
        });
    }
    let dismiss = {
        let update = update.clone();
        Callback::from(move |()| update.set(None))
    };
    (*update, dismiss)
}
