//! Share: a link holding the whole workspace (DESIGN.md §4), copied to the clipboard, with
//! its length (chat apps cut long links) and the link itself to copy by hand when the
//! browser refuses the clipboard.

use yew::prelude::*;

use crate::bindings::browser;
use crate::state::Workspace;

/// Links longer than this may be cut by chat apps and mail clients.
const LONG_LINK: usize = 2000;

/// Props of [`ShareButton`].
#[derive(Properties, PartialEq)]
pub struct ShareButtonProps {
    /// The workspace to share.
    pub workspace: Workspace,
}

/// The link, and whether the clipboard took it (`None` while it is being asked).
#[derive(Clone, PartialEq)]
struct Shared {
    link: String,
    copied: Option<bool>,
    /// Why there is no link.
    error: Option<String>,
}

/// The share button and its popover.
#[component]
pub fn ShareButton(props: &ShareButtonProps) -> Html {
    let shown = use_state(|| None::<Shared>);
    let onclick = {
        let (shown, workspace) = (shown.clone(), props.workspace.clone());
        Callback::from(move |_: MouseEvent| {
            if shown.is_some() {
                shown.set(None);
                return;
            }
            let fragment = match asl::share::encode(&workspace.to_shared()) {
                Ok(fragment) => fragment,
                Err(e) => {
                    shown.set(Some(Shared {
                        link: String::new(),
                        copied: Some(false),
                        error: Some(e.to_string()),
                    }));
                    return;
                }
            };
            let link = format!("{}#{fragment}", browser::page_url_without_hash());
            shown.set(Some(Shared {
                link: link.clone(),
                copied: None,
                error: None,
            }));
            let shown = shown.clone();
            let copied_link = link.clone();
            browser::copy_text(&link, move |ok| {
                shown.set(Some(Shared {
                    link: copied_link,
                    copied: Some(ok),
                    error: None,
                }));
            });
        })
    };
    let popover = (*shown).clone().map(|s| {
        if let Some(error) = s.error {
            return html! {
                <div class="share-popover" data-testid="share-popover" role="dialog" aria-label="Share link">
                    <p class="share-status notice-error" data-testid="share-status" data-copied="false">
                        { format!("No link: {error}") }
                    </p>
                </div>
            };
        }
        let length = s.link.chars().count();
        let status = match s.copied {
            None => "Copying…".to_string(),
            Some(true) => format!("Link copied ({length} characters)."),
            Some(false) => format!(
                "The browser refused the clipboard: copy the link below ({length} characters)."
            ),
        };
        let select_all = Callback::from(|e: FocusEvent| {
            e.target_unchecked_into::<web_sys::HtmlInputElement>()
                .select();
        });
        html! {
            <div class="share-popover" data-testid="share-popover" role="dialog" aria-label="Share link">
                <p class="share-status" data-testid="share-status" data-copied={s.copied.map(|c| c.to_string())}>{ status }</p>
                <input class="share-link" data-testid="share-link" readonly=true value={s.link.clone()} onfocus={select_all} />
                <p class="share-note">
                    { "The link holds the definition, functions, input and settings. Opening it runs nothing." }
                    if length > LONG_LINK {
                        { " It is long: some chat apps cut links of this size." }
                    }
                </p>
            </div>
        }
    });
    html! {
        <div class="share">
            <button type="button" class="btn btn-ghost" data-testid="share-button"
                title="Copy a link to this workspace" {onclick}>{ "Share" }</button>
            { popover }
        </div>
    }
}
