//! A state's box: status colour, name and type, the paused badge, and its breakpoint toggle.

use asl::graph::Node;
use yew::prelude::*;

use super::{fit, fmt, status_class, Ctx};

/// The box of state `n`: a click or Enter/Space inspects it, B toggles its breakpoint.
pub(super) fn state(n: &Node, ctx: &Ctx<'_>) -> Html {
    let r = n.rect;
    let status = ctx.statuses.get(&n.name).copied().unwrap_or("NOT_RUN");
    let selected = ctx.selected == Some(n.name.as_str());
    let paused = ctx.paused.contains(&n.name);
    let has_bp = ctx.breakpoints.contains(&n.name);
    let select = |name: String, on_select: Callback<String>| {
        Callback::from(move |e: MouseEvent| {
            e.stop_propagation();
            on_select.emit(name.clone());
        })
    };
    let onclick = select(n.name.clone(), ctx.on_select.clone());
    // Enter/Space inspects the focused state; B toggles its breakpoint.
    let onkeydown = {
        let (on_select, name) = (ctx.on_select.clone(), n.name.clone());
        let on_bp = ctx.on_breakpoint.cloned();
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" | " " => {
                e.prevent_default();
                on_select.emit(name.clone());
            }
            "b" | "B" => {
                if let Some(on_bp) = &on_bp {
                    e.prevent_default();
                    on_bp.emit(name.clone());
                }
            }
            _ => {}
        })
    };
    // Text: in the header band for containers, centred-left for plain boxes.
    let (text_y, head_h) = if n.container {
        (r.y + 15.0, 36.0)
    } else {
        (r.y + 18.0, 0.0)
    };
    let text_x = r.x + 24.0;
    let bp = ctx.on_breakpoint.map(|on_bp| {
        let onclick = select(n.name.clone(), on_bp.clone());
        let (cx, cy) = (r.x + 12.0, if n.container { r.y + 18.0 } else { r.y + r.height / 2.0 });
        let title = if has_bp { "Remove the breakpoint" } else { "Pause before this state (breakpoint)" };
        html! {
            <g class={classes!("bp", has_bp.then_some("on"), (!has_bp).then_some("no-export"))}
                data-testid="breakpoint-toggle" data-on={has_bp.to_string()} role="button"
                aria-label={format!("Breakpoint on {}", n.name)} aria-pressed={has_bp.to_string()} {onclick}>
                <title>{ title }</title>
                <circle cx={fmt(cx)} cy={fmt(cy)} r="5.5" />
            </g>
        }
    });
    let kind = if n.container { "g-container" } else { "g-node" };
    html! {
        <g class={classes!("graph-state", kind, status_class(status), selected.then_some("g-selected"), paused.then_some("g-paused"))}
            data-testid={ctx.state_testid.to_string()} data-state={n.name.clone()} data-status={status}
            data-type={n.state_type.clone()} data-paused={paused.then_some("true")}
            tabindex="0" role="button" aria-pressed={selected.to_string()} {onclick} {onkeydown}>
            <title>{ format!("{} ({}) — {}{}", n.name, n.state_type, status.replace('_', " ").to_lowercase(),
                if ctx.on_breakpoint.is_some() { ". Enter: inspect, B: breakpoint" } else { "" }) }</title>
            <rect class="g-box" x={fmt(r.x)} y={fmt(r.y)} width={fmt(r.width)} height={fmt(r.height)} rx="7" />
            if n.container {
                <rect class="g-head" x={fmt(r.x + 1.0)} y={fmt(r.y + 1.0)} width={fmt(r.width - 2.0)} height={fmt(head_h - 2.0)} rx="6" />
            } else {
                <rect class="g-bar" x={fmt(r.x)} y={fmt(r.y)} width="4" height={fmt(r.height)} rx="2" />
            }
            <text class="g-name" x={fmt(text_x)} y={fmt(text_y)} dominant-baseline="central">
                { fit(&n.name, r.width - if n.container { 38.0 + n.state_type.len() as f64 * 7.5 } else { 36.0 }) }
            </text>
            if n.container {
                <text class="g-type" x={fmt(r.right() - 10.0)} y={fmt(text_y)} text-anchor="end"
                    dominant-baseline="central">{ n.state_type.to_ascii_uppercase() }</text>
            } else {
                <text class="g-type" x={fmt(text_x)} y={fmt(r.y + 33.0)} dominant-baseline="central">
                    { n.state_type.to_ascii_uppercase() }
                </text>
            }
            if paused {
                <rect class="g-ring" x={fmt(r.x - 4.0)} y={fmt(r.y - 4.0)} width={fmt(r.width + 8.0)}
                    height={fmt(r.height + 8.0)} rx="10" />
                <g class="g-badge">
                    <rect x={fmt(r.right() - 52.0)} y={fmt(r.y - 10.0)} width="50" height="16" rx="8" />
                    <text x={fmt(r.right() - 27.0)} y={fmt(r.y - 2.0)} text-anchor="middle"
                        dominant-baseline="central">{ "PAUSED" }</text>
                </g>
            }
            { bp.unwrap_or_default() }
        </g>
    }
}
