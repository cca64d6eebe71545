//! The diagram's toolbar: the status legend, more tools (the debugger's), zoom, fit and
//! export.

use yew::prelude::*;

use super::status_class;

/// The legend's statuses and their labels.
const LEGEND: [(&str, &str); 6] = [
    ("NOT_RUN", "not run"),
    ("IN_PROGRESS", "in progress"),
    ("SUCCEEDED", "succeeded"),
    ("FAILED", "failed"),
    ("CAUGHT", "caught"),
    ("RETRIED", "retried"),
];

/// Props of [`Toolbar`].
#[derive(Properties, PartialEq)]
pub(super) struct ToolbarProps {
    /// Show the status legend.
    pub(super) legend: bool,
    /// More tools, before the zoom buttons.
    pub(super) extra: Html,
    /// Zoom by a factor around the viewport's centre.
    pub(super) on_zoom: Callback<f64>,
    /// Fit the diagram to the viewport.
    pub(super) on_fit: Callback<()>,
    /// Download the diagram as SVG (`None`: no export button).
    pub(super) on_export: Option<Callback<()>>,
}

/// The toolbar (`graph-legend`, `graph-zoom-out`, `graph-zoom-in`, `graph-fit`,
/// `graph-export`).
#[component]
pub(super) fn Toolbar(props: &ToolbarProps) -> Html {
    html! {
        <div class="graph-toolbar">
            if props.legend {
                <div class="graph-legend" data-testid="graph-legend">
                    { for LEGEND.iter().map(|(s, label)| html! {
                        <span class={classes!("legend-item", status_class(s))}>
                            <span class="swatch"></span>{ *label }
                        </span>
                    }) }
                    <span class="legend-item legend-catch"><span class="line"></span>{ "catch" }</span>
                </div>
            }
            <div class="graph-tools">
                { props.extra.clone() }
                <button type="button" class="btn btn-icon" data-testid="graph-zoom-out" title="Zoom out"
                    onclick={props.on_zoom.reform(|_: MouseEvent| 1.0 / 1.25)}>{ "−" }</button>
                <button type="button" class="btn btn-icon" data-testid="graph-zoom-in" title="Zoom in (or Ctrl + wheel)"
                    onclick={props.on_zoom.reform(|_: MouseEvent| 1.25)}>{ "+" }</button>
                <button type="button" class="btn btn-icon" data-testid="graph-fit" title="Fit to view"
                    onclick={props.on_fit.reform(|_: MouseEvent| ())}>{ "Fit" }</button>
                if let Some(on_export) = &props.on_export {
                    <button type="button" class="btn btn-icon" data-testid="graph-export"
                        title="Download the diagram as SVG" onclick={on_export.reform(|_: MouseEvent| ())}>{ "SVG" }</button>
                }
            </div>
        </div>
    }
}
