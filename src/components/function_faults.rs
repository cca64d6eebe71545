//! Fault injection for the selected function (`data-testid="function-faults"`), for teaching
//! Retry: which Lambda error its invocations get (or none), and whether the next N of each
//! execution fail or a percentage of them. The faults are part of the workspace (autosave,
//! share links); see [`asl::host::faults`] for what each one looks like in the history.

use asl::host::faults::{FaultKind, FunctionFaults};
use yew::prelude::*;

use crate::bindings::browser;

/// Props of [`FunctionFaultsBar`].
#[derive(Properties, PartialEq)]
pub struct FunctionFaultsBarProps {
    /// The function's faults (`None`: it runs as written).
    pub faults: Option<FunctionFaults>,
    /// The faults were changed.
    pub on_change: Callback<Option<FunctionFaults>>,
}

/// How many of each execution's invocations fail by default ("next 2").
const DEFAULT_NEXT: u32 = 2;
/// The default percentage, when switching to "a fraction".
const DEFAULT_PERCENT: f64 = 50.0;

/// The row of fault controls under the function test bar.
#[component]
pub fn FunctionFaultsBar(props: &FunctionFaultsBarProps) -> Html {
    let current = props.faults.clone();
    let on_kind = {
        let (on_change, current) = (props.on_change.clone(), current.clone());
        Callback::from(move |e: Event| {
            let value = browser::select_value(&e);
            let next = FaultKind::parse(&value).map(|kind| match &current {
                Some(f) => FunctionFaults {
                    error: kind,
                    ..f.clone()
                },
                None => FunctionFaults::next(kind, DEFAULT_NEXT),
            });
            on_change.emit(next);
        })
    };
    let on_mode = {
        let (on_change, current) = (props.on_change.clone(), current.clone());
        Callback::from(move |e: Event| {
            let Some(f) = &current else { return };
            let changed = if browser::select_value(&e) == "rate" {
                FunctionFaults::rate(f.error, DEFAULT_PERCENT / 100.0)
            } else {
                FunctionFaults::next(f.error, DEFAULT_NEXT)
            };
            on_change.emit(Some(changed));
        })
    };
    let on_amount = {
        let (on_change, current) = (props.on_change.clone(), current.clone());
        Callback::from(move |e: Event| {
            let Some(f) = &current else { return };
            let input = e.target_unchecked_into::<web_sys::HtmlInputElement>();
            let text = input.value();
            let changed = if f.rate.is_some() {
                match text.trim().parse::<f64>() {
                    Ok(p) if p.is_finite() => {
                        FunctionFaults::rate(f.error, p.clamp(0.0, 100.0) / 100.0)
                    }
                    _ => return,
                }
            } else {
                match text.trim().parse::<u32>() {
                    Ok(n) => FunctionFaults::next(f.error, n.min(1000)),
                    _ => return,
                }
            };
            on_change.emit(Some(changed));
        })
    };
    let kind = current.as_ref().map_or("", |f| f.error.error());
    let rate = current.as_ref().and_then(|f| f.rate);
    html! {
        <div class="fn-test-row fn-faults" data-testid="function-faults"
            title="Make this function's invocations fail as Lambda's service errors do, to try Retry and Catch">
            <label for="function-faults-kind">{ "Inject" }</label>
            <select id="function-faults-kind" class="fn-faults-kind" data-testid="function-faults-kind" onchange={on_kind}>
                <option value="" selected={kind.is_empty()}>{ "no faults" }</option>
                { for FaultKind::ALL.iter().map(|k| html! {
                    <option value={k.error()} selected={kind == k.error()}>{ label(*k) }</option>
                }) }
            </select>
            if let Some(f) = &current {
                <select class="fn-faults-mode" data-testid="function-faults-mode" aria-label="Which invocations fail" onchange={on_mode}>
                    <option value="next" selected={rate.is_none()}>{ "for the next" }</option>
                    <option value="rate" selected={rate.is_some()}>{ "for a share of" }</option>
                </select>
                if let Some(r) = rate {
                    <input type="number" min="0" max="100" step="1" class="fn-faults-amount"
                        data-testid="function-faults-rate" aria-label="Percentage of invocations that fail"
                        value={format!("{}", (r * 100.0).round())} onchange={on_amount} />
                    <span class="muted">{ "% of invocations" }</span>
                } else {
                    <input type="number" min="0" max="1000" step="1" class="fn-faults-amount"
                        data-testid="function-faults-next" aria-label="How many invocations fail"
                        value={f.next.unwrap_or(0).to_string()} onchange={on_amount} />
                    <span class="muted">{ "invocations per execution" }</span>
                }
            }
        </div>
    }
}

/// The option's text: the error name, or what a timeout means.
fn label(kind: FaultKind) -> &'static str {
    match kind {
        FaultKind::Timeout => "a timeout (Sandbox.Timedout)",
        other => other.error(),
    }
}
