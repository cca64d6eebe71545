//! The bar about new builds of ASL Playground (service worker, docs/hosting.md): this visit
//! runs a newer build than the last one, or a newer build waits for a reload.

use yew::prelude::*;

use crate::hooks::updates::Update;

/// Props of [`UpdateBar`].
#[derive(Properties, PartialEq)]
pub struct UpdateBarProps {
    /// What to say (none: nothing is drawn).
    pub update: Option<Update>,
    /// Reload into the waiting build.
    pub on_reload: Callback<()>,
    /// Dismiss the bar.
    pub on_dismiss: Callback<()>,
}

/// The bar (`data-testid="update-notice"`, `data-update` = `updated` or `waiting`), with
/// Reload (`update-reload`) for a waiting build and Dismiss (`update-dismiss`).
#[component]
pub fn UpdateBar(props: &UpdateBarProps) -> Html {
    let Some(update) = props.update else {
        return html! {};
    };
    let (kind, text) = match update {
        Update::Updated => ("updated", "ASL Playground was updated."),
        Update::Waiting => (
            "waiting",
            "A new version of ASL Playground is ready. Reload to use it (your work is kept).",
        ),
    };
    html! {
        <div class="notice-bar notice-bar-update" data-testid="update-notice" data-update={kind} role="status">
            <span>{ text }</span>
            if update == Update::Waiting {
                <button type="button" class="btn btn-small" data-testid="update-reload"
                    onclick={props.on_reload.reform(|_: MouseEvent| ())}>{ "Reload" }</button>
            }
            <button type="button" class="btn btn-link" data-testid="update-dismiss" aria-label="Dismiss"
                onclick={props.on_dismiss.reform(|_: MouseEvent| ())}>{ "Dismiss" }</button>
        </div>
    }
}
