//! The state machine diagram (`data-testid="graph"`): an SVG drawn from the interpreter's
//! layered layout ([`asl::graph`]), states coloured by their live status, with zoom (buttons,
//! Ctrl + wheel), pan (drag), fit to view, SVG export and breakpoint toggles.

mod draw;
mod style;
mod toolbar;
mod zoom;

use std::collections::{BTreeSet, HashMap};
use std::rc::Rc;

use asl::graph::{Layout, NodeKind};
use yew::prelude::*;

use crate::bindings::browser;
pub use draw::status_class;
use toolbar::Toolbar;
use zoom::{View, ViewAction, MARGIN};

/// Props of [`Graph`].
#[derive(Properties, PartialEq)]
pub struct GraphProps {
    /// The layout; `None` while the definition does not load.
    pub layout: Option<Rc<Layout>>,
    /// Status per state name (absent: `NOT_RUN`).
    pub statuses: Rc<HashMap<String, &'static str>>,
    /// The state shown in the inspector.
    #[prop_or_default]
    pub selected: Option<AttrValue>,
    /// A state was clicked.
    pub on_select: Callback<String>,
    /// States with a breakpoint.
    #[prop_or_default]
    pub breakpoints: Rc<BTreeSet<String>>,
    /// A breakpoint toggle was clicked (`None`: no toggles).
    #[prop_or_default]
    pub on_breakpoint: Option<Callback<String>>,
    /// States the execution is paused before.
    #[prop_or_default]
    pub paused: Rc<Vec<String>>,
    /// More toolbar content (the debugger's buttons).
    #[prop_or_default]
    pub toolbar: Html,
    /// The test id of the whole diagram.
    #[prop_or(AttrValue::Static("graph"))]
    pub testid: AttrValue,
    /// The test id of each state.
    #[prop_or(AttrValue::Static("graph-state"))]
    pub state_testid: AttrValue,
    /// The exported file's name (without `.svg`); no export button when empty.
    #[prop_or_default]
    pub export_name: AttrValue,
    /// Show the status legend.
    #[prop_or(true)]
    pub legend: bool,
}

/// The diagram.
#[component]
pub fn Graph(props: &GraphProps) -> Html {
    let view = use_reducer(|| View {
        scale: 1.0,
        x: MARGIN,
        y: MARGIN,
    });
    let viewport = use_node_ref();
    let svg = use_node_ref();
    let drag = use_mut_ref(|| None::<(i32, i32, f64, f64)>);
    let size = props
        .layout
        .as_ref()
        .map_or((0.0, 0.0), |l| (l.width, l.height));

    let fit = {
        let (view, viewport) = (view.dispatcher(), viewport.clone());
        Callback::from(move |(width, height): (f64, f64)| {
            if let Some((w, h)) = browser::element_size(&viewport) {
                view.dispatch(ViewAction::Fit {
                    width,
                    height,
                    w,
                    h,
                });
            }
        })
    };
    // Fit whenever the diagram changes size (a new definition).
    {
        let fit = fit.clone();
        use_effect_with((size.0.to_bits(), size.1.to_bits()), move |_| {
            fit.emit(size);
        });
    }
    // Ctrl + wheel zooms around the pointer (the page itself does not zoom).
    {
        let (view, viewport) = (view.dispatcher(), viewport.clone());
        use_effect_with(props.layout.is_some(), move |_| {
            let listener = browser::on_ctrl_wheel(&viewport, move |delta, x, y| {
                view.dispatch(ViewAction::Zoom((-delta * 0.002).exp(), x, y));
            });
            move || drop(listener)
        });
    }

    let Some(layout) = &props.layout else {
        return html! {
            <div class="graph" data-testid={props.testid.clone()}>
                <p class="empty">{ "The graph appears when the definition is valid." }</p>
            </div>
        };
    };

    let on_zoom = {
        let (view, viewport) = (view.dispatcher(), viewport.clone());
        Callback::from(move |factor: f64| {
            let (w, h) = browser::element_size(&viewport).unwrap_or((400.0, 300.0));
            view.dispatch(ViewAction::Zoom(factor, w / 2.0, h / 2.0));
        })
    };
    let on_fit = fit.reform(move |()| size);
    let on_export = {
        let (svg, name) = (svg.clone(), props.export_name.clone());
        Callback::from(move |()| {
            if let Some(text) = browser::svg_markup(&svg, size.0, size.1) {
                browser::download(&format!("{name}.svg"), "image/svg+xml", &text);
            }
        })
    };
    let onmousedown = {
        let (drag, view) = (drag.clone(), view.clone());
        Callback::from(move |e: MouseEvent| {
            if e.button() == 0 {
                *drag.borrow_mut() = Some((e.client_x(), e.client_y(), view.x, view.y));
            }
        })
    };
    let onmousemove = {
        let (drag, view) = (drag.clone(), view.dispatcher());
        Callback::from(move |e: MouseEvent| {
            if let Some((x0, y0, vx, vy)) = *drag.borrow() {
                if e.buttons() & 1 == 0 {
                    return;
                }
                let (dx, dy) = (f64::from(e.client_x() - x0), f64::from(e.client_y() - y0));
                if dx.abs() + dy.abs() > 2.0 {
                    view.dispatch(ViewAction::Pan(vx + dx, vy + dy));
                }
            }
        })
    };
    let stop_drag = {
        let drag = drag.clone();
        Callback::from(move |_: MouseEvent| *drag.borrow_mut() = None)
    };

    let id = props.testid.to_string();
    let ctx = draw::Ctx {
        statuses: &props.statuses,
        selected: props.selected.as_deref(),
        breakpoints: &props.breakpoints,
        paused: &props.paused,
        on_select: &props.on_select,
        on_breakpoint: props.on_breakpoint.as_ref(),
        state_testid: &props.state_testid,
        id: &id,
    };
    let transform = format!(
        "translate({:.1},{:.1}) scale({:.3})",
        view.x, view.y, view.scale
    );
    html! {
        <div class="graph" data-testid={props.testid.clone()}>
            <Toolbar legend={props.legend} extra={props.toolbar.clone()} on_zoom={on_zoom}
                on_fit={on_fit} on_export={(!props.export_name.is_empty()).then_some(on_export)} />
            <div class="graph-viewport" ref={viewport} {onmousedown} {onmousemove}
                onmouseup={stop_drag.clone()} onmouseleave={stop_drag}>
                <svg ref={svg} class="g-root" width="100%" height="100%" data-width={format!("{:.0}", size.0)}
                    data-height={format!("{:.0}", size.1)} role="img"
                    aria-label="State machine diagram">
                    <style>{ style::STYLE }</style>
                    { draw::defs(&id) }
                    <g data-viewport="true" transform={transform}>
                        { for layout.nodes.iter().filter(|n| n.kind != NodeKind::State || n.container)
                            .map(|n| draw::node(n, &ctx)) }
                        { for layout.nodes.iter().filter(|n| n.kind == NodeKind::State && !n.container)
                            .map(|n| draw::node(n, &ctx)) }
                        { for layout.edges.iter().map(|e| draw::edge(layout, e, &ctx)) }
                        { for layout.edges.iter().map(draw::label) }
                    </g>
                </svg>
            </div>
        </div>
    }
}
