//! The functions of the workspace as tabs: select, add (with a name check), delete; and the
//! functions the definition calls that do not exist yet, one click from existing.

use std::rc::Rc;

use yew::prelude::*;

use crate::state::{function_name_problem, is_resource_name, Function};

/// How a function's tab names it, and its tooltip: a Lambda function by its name, a mock by
/// its service and action (`mock dynamodb:putItem`), an activity's worker by the activity.
fn tab_label(name: &str) -> (String, String) {
    if !is_resource_name(name) {
        return (name.to_string(), format!("Lambda function {name}"));
    }
    match name.split_once(":activity:") {
        Some((_, activity)) => (
            format!("worker {activity}"),
            format!("The worker of the activity {name}"),
        ),
        None => {
            let short = name.split_once(":::").map_or(name, |(_, rest)| rest);
            (format!("mock {short}"), format!("The mock of {name}"))
        }
    }
}

/// Props of [`FunctionTabs`].
#[derive(Properties, PartialEq)]
pub struct FunctionTabsProps {
    /// The functions.
    pub functions: Rc<Vec<Function>>,
    /// The selected one (index).
    pub selected: usize,
    /// Functions the definition calls that are not defined.
    pub missing: Rc<Vec<String>>,
    /// Select a function (index).
    pub on_select: Callback<usize>,
    /// Create a function with this name.
    pub on_add: Callback<String>,
    /// Delete a function (index).
    pub on_remove: Callback<usize>,
}

/// The function tabs (`data-testid="function-list"`, one `function-item` per function).
#[component]
pub fn FunctionTabs(props: &FunctionTabsProps) -> Html {
    let draft = use_state(|| None::<String>);
    let problem = draft
        .as_deref()
        .filter(|name| !name.is_empty())
        .and_then(|name| function_name_problem(name, &props.functions));
    let open_draft = {
        let draft = draft.clone();
        Callback::from(move |_: MouseEvent| draft.set(Some(String::new())))
    };
    let oninput = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            draft.set(Some(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            ));
        })
    };
    let onkeydown = {
        let (draft, on_add, functions) =
            (draft.clone(), props.on_add.clone(), props.functions.clone());
        Callback::from(move |e: KeyboardEvent| match e.key().as_str() {
            "Enter" => {
                e.prevent_default();
                let name = draft.as_deref().unwrap_or("").trim().to_string();
                if function_name_problem(&name, &functions).is_none() {
                    on_add.emit(name);
                    draft.set(None);
                }
            }
            "Escape" => draft.set(None),
            _ => {}
        })
    };
    let onblur = {
        let draft = draft.clone();
        Callback::from(move |_: FocusEvent| {
            if draft.as_deref().is_some_and(str::is_empty) {
                draft.set(None);
            }
        })
    };
    let many = props.functions.len() > 1;
    html! {
        <div class="fn-tabs-bar">
            <div class="fn-tabs" data-testid="function-list" role="tablist">
                { for props.functions.iter().enumerate().map(|(i, f)| {
                    let selected = i == props.selected;
                    let select = props.on_select.reform(move |_: MouseEvent| i);
                    let keydown = {
                        let on_select = props.on_select.clone();
                        Callback::from(move |e: KeyboardEvent| {
                            if matches!(e.key().as_str(), "Enter" | " ") {
                                e.prevent_default();
                                on_select.emit(i);
                            }
                        })
                    };
                    let remove = props.on_remove.reform(move |e: MouseEvent| {
                        e.stop_propagation();
                        i
                    });
                    let (label, title) = tab_label(&f.name);
                    html! {
                        <div class={classes!("fn-tab", selected.then_some("selected"))} role="tab"
                            aria-selected={selected.to_string()} data-testid="function-item"
                            data-function={f.name.clone()} onclick={select} onkeydown={keydown} tabindex="0" {title}>
                            <span class="fn-tab-name">{ label }</span>
                            if many {
                                <button type="button" class="fn-tab-close" title={format!("Delete {}", f.name)}
                                    aria-label={format!("Delete {}", f.name)} onclick={remove}>{ "×" }</button>
                            }
                        </div>
                    }
                }) }
                if let Some(name) = &*draft {
                    <input class={classes!("fn-new-name", problem.is_some().then_some("invalid"))}
                        data-testid="function-name-input" placeholder="FunctionName or resource ARN ⏎" value={name.clone()}
                        autofocus=true {oninput} {onkeydown} {onblur} title={problem.clone().unwrap_or_default()} />
                } else {
                    <button type="button" class="fn-add" data-testid="function-add" onclick={open_draft}
                        title="New Lambda function">{ "+ New" }</button>
                }
            </div>
            if let Some(problem) = problem {
                <div class="fn-hint fn-hint-error">{ problem }</div>
            } else if !props.missing.is_empty() {
                <div class="fn-hint" data-testid="missing-functions">
                    { "The definition calls " }
                    { for props.missing.iter().map(|name| {
                        let add = props.on_add.reform({
                            let name = name.clone();
                            move |_: MouseEvent| name.clone()
                        });
                        let (label, _) = tab_label(name);
                        let title = if is_resource_name(name) {
                            format!("Create a mock of {name}: a JS function that answers its requests")
                        } else {
                            format!("Create {name} with a starter handler")
                        };
                        html! {
                            <button type="button" class="fn-missing" data-function={name.clone()} onclick={add}
                                {title}>{ format!("+ {label}") }</button>
                        }
                    }) }
                    { " (not defined yet)" }
                </div>
            }
        </div>
    }
}
