//! The notice over the workspace (a share link opened or refused), with the offer to
//! restore the work it replaced.

use yew::prelude::*;

use crate::state::{Action, Notice};

/// Props of [`NoticeBar`].
#[derive(Properties, PartialEq)]
pub struct NoticeBarProps {
    /// The notice, if any (none: nothing is drawn).
    pub notice: Option<Notice>,
    /// Whether replaced work can be restored.
    pub can_restore: bool,
    /// The app's dispatcher.
    pub dispatch: Callback<Action>,
}

/// The notice (`data-testid="notice"`), its restore button and its dismiss button.
#[component]
pub fn NoticeBar(props: &NoticeBarProps) -> Html {
    let Some(notice) = &props.notice else {
        return html! {};
    };
    let dispatch = &props.dispatch;
    html! {
        <div class={classes!("notice-bar", notice.error.then_some("notice-bar-error"))} data-testid="notice" role="status">
            <span>{ notice.text.clone() }</span>
            if props.can_restore {
                <button type="button" class="btn btn-small" data-testid="restore-button"
                    onclick={dispatch.reform(|_: MouseEvent| Action::RestorePreviousWork)}>{ "Restore your previous work" }</button>
            }
            <button type="button" class="btn btn-link" data-testid="notice-dismiss" aria-label="Dismiss"
                onclick={dispatch.reform(|_: MouseEvent| Action::DismissNotice)}>{ "Dismiss" }</button>
        </div>
    }
}
