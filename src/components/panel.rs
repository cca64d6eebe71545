//! A titled box of the layout.

use yew::prelude::*;

/// Props of [`Panel`].
#[derive(Properties, PartialEq)]
pub struct PanelProps {
    /// The heading.
    pub title: AttrValue,
    /// A quieter note beside the heading.
    #[prop_or_default]
    pub note: Option<AttrValue>,
    /// Extra CSS classes (sizing).
    #[prop_or_default]
    pub class: Classes,
    /// Controls at the right of the heading.
    #[prop_or_default]
    pub actions: Html,
    /// The content.
    #[prop_or_default]
    pub children: Html,
}

/// A titled box of the layout.
#[component]
pub fn Panel(props: &PanelProps) -> Html {
    html! {
        <section class={classes!("panel", props.class.clone())}>
            <header class="panel-head">
                <h2>{ props.title.clone() }</h2>
                if let Some(note) = &props.note {
                    <span class="panel-note">{ note.clone() }</span>
                }
                <span class="panel-actions">{ props.actions.clone() }</span>
            </header>
            <div class="panel-body">{ props.children.clone() }</div>
        </section>
    }
}
