//! The hint under a run the execution role denied, with the fix.

use yew::prelude::*;

use crate::state::Action;

/// Props of [`RoleHint`].
#[derive(Properties, PartialEq)]
pub struct RoleHintProps {
    /// The app's dispatcher.
    pub dispatch: Callback<Action>,
}

/// The hint (`data-testid="role-hint"`) and its button (`data-testid="fix-role-button"`),
/// which creates a role that allows the invocations.
#[component]
pub fn RoleHint(props: &RoleHintProps) -> Html {
    html! {
        <p class="notice notice-hint" data-testid="role-hint">
            { "The execution role may not invoke this function. " }
            <button type="button" class="btn btn-link" data-testid="fix-role-button"
                onclick={props.dispatch.reform(|_: MouseEvent| Action::CreateRole)}>
                { "Create a role for me" }
            </button>
            { ", then start the execution again." }
        </p>
    }
}
