//! The Execution panel's name field.

use yew::prelude::*;

use crate::state::Action;

/// Props of [`ExecutionName`].
#[derive(Properties, PartialEq)]
pub struct ExecutionNameProps {
    /// The name typed (empty: a UUID).
    pub value: AttrValue,
    /// The app's dispatcher.
    pub dispatch: Callback<Action>,
}

/// The next execution's name (`data-testid="execution-name"`).
#[component]
pub fn ExecutionName(props: &ExecutionNameProps) -> Html {
    let oninput = props.dispatch.reform(|e: InputEvent| {
        Action::EditExecutionName(
            e.target_unchecked_into::<web_sys::HtmlInputElement>()
                .value(),
        )
    });
    html! {
        <div class="exec-name-row">
            <label for="execution-name">{ "Name" }</label>
            <input id="execution-name" class="exec-name-input" data-testid="execution-name"
                spellcheck="false" placeholder="optional; a UUID when empty"
                value={props.value.clone()} {oninput} />
        </div>
    }
}
