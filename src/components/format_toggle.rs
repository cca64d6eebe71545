//! The Definition panel's button that rewrites the definition in the other syntax.

use yew::prelude::*;

use crate::state::Action;

/// Props of [`FormatToggle`].
#[derive(Properties, PartialEq)]
pub struct FormatToggleProps {
    /// The syntax it converts to: `JSON` or `YAML`.
    pub to: AttrValue,
    /// The app's dispatcher.
    pub dispatch: Callback<Action>,
}

/// The format toggle (`data-testid="format-toggle"`).
#[component]
pub fn FormatToggle(props: &FormatToggleProps) -> Html {
    html! {
        <button type="button" class="btn btn-link" data-testid="format-toggle"
            title="Rewrite the definition in the other syntax (YAML comments are not kept)"
            onclick={props.dispatch.reform(|_: MouseEvent| Action::ToggleFormat)}>
            { format!("Convert to {}", props.to) }
        </button>
    }
}
