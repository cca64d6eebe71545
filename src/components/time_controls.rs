//! The Execution panel's time controls: virtual or real time, and real time's speed.

use yew::prelude::*;

use crate::bindings::browser;
use crate::state::{Action, TimeSettings, SPEEDS};

/// Props of [`TimeControls`].
#[derive(Properties, PartialEq)]
pub struct TimeControlsProps {
    /// The workspace's time settings.
    pub time: TimeSettings,
    /// The app's dispatcher.
    pub dispatch: Callback<Action>,
}

/// The real-time toggle (`data-testid="real-time-toggle"`) and the speed menu
/// (`data-testid="speed-select"`, enabled in real time).
#[component]
pub fn TimeControls(props: &TimeControlsProps) -> Html {
    let time = props.time;
    let onchange = props.dispatch.reform(|e: Event| {
        Action::SetRealTime(
            e.target_unchecked_into::<web_sys::HtmlInputElement>()
                .checked(),
        )
    });
    let on_speed = props
        .dispatch
        .reform(|e: Event| Action::SetSpeed(browser::select_value(&e).parse().unwrap_or(1)));
    html! { <>
        <label class="toggle" title="Off: virtual time (Wait states and retry back-offs finish at once, timestamps still add up). On: they really wait.">
            <input type="checkbox" data-testid="real-time-toggle" checked={time.real_time} {onchange} />
            { " Real time" }
        </label>
        <select class="speed-select" data-testid="speed-select" disabled={!time.real_time}
            title="Real time's speed: a Wait of 60 s takes 6 s at 10×; the history's timestamps still add up"
            onchange={on_speed}>
            { for SPEEDS.iter().map(|s| html! {
                <option value={s.to_string()} selected={*s == time.speed}>{ format!("{s}×") }</option>
            }) }
        </select>
    </>}
}
