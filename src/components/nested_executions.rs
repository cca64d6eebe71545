//! The nested executions a run started (`states:startExecution`): machine, name, status;
//! Open shows one with its machine (graph, tree, history).

use yew::prelude::*;

use crate::state::NestedRun;

/// Props of [`NestedExecutions`].
#[derive(Properties, PartialEq)]
pub struct NestedExecutionsProps {
    /// The nested executions, in the order they ended.
    pub nested: Vec<NestedRun>,
    /// Whether an execution runs (another machine cannot be opened meanwhile).
    pub running: bool,
    /// Open one: its machine and run id.
    pub on_open: Callback<(String, u64)>,
}

/// The list of nested executions (nothing when there are none).
#[component]
pub fn NestedExecutions(props: &NestedExecutionsProps) -> Html {
    if props.nested.is_empty() {
        return html! {};
    }
    html! {
        <details class="exec-list-box" open=true>
            <summary>{ format!("Nested executions ({})", props.nested.len()) }</summary>
            <ul class="exec-list" data-testid="nested-executions">
                { for props.nested.iter().map(|n| {
                    let onclick = {
                        let (on_open, machine, id) = (props.on_open.clone(), n.machine.clone(), n.id);
                        Callback::from(move |_: MouseEvent| on_open.emit((machine.clone(), id)))
                    };
                    let status = n.status.as_str();
                    html! {
                        <li key={n.id.to_string()}>
                            <button type="button" class="exec-item" data-testid="nested-execution"
                                data-machine={n.machine.clone()} data-execution={n.execution_name.clone()}
                                data-status={status} disabled={props.running}
                                title={format!("Open this execution of {} (its graph, tree and history)", n.machine)}
                                {onclick}>
                                <span class={classes!("status-dot", format!("status-{}", status.to_ascii_lowercase()))}
                                    title={status}></span>
                                <span class="exec-item-name">{ format!("{} / {}", n.machine, n.execution_name) }</span>
                                <span class="exec-item-status">{ status }</span>
                            </button>
                        </li>
                    }
                }) }
            </ul>
        </details>
    }
}
