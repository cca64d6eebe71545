//! The top bar: the product name, the state machine's name (and the menu of the workspace's
//! other machines), and Start execution.

use yew::prelude::*;

use crate::examples::EXAMPLES;

/// Props of [`TopBar`].
#[derive(Properties, PartialEq)]
pub struct TopBarProps {
    /// The state machine's name.
    pub machine_name: AttrValue,
    /// Whether an execution is running (the button waits).
    pub running: bool,
    /// Start execution.
    pub on_run: Callback<()>,
    /// Stop the running execution.
    pub on_stop: Callback<()>,
    /// Load the example with this id.
    pub on_example: Callback<String>,
    /// `Standard` or `Express`.
    #[prop_or(AttrValue::Static("Standard"))]
    pub machine_type: AttrValue,
    /// More buttons (share, settings), before Start execution.
    #[prop_or_default]
    pub extra: Html,
    /// The names of the workspace's machines, sorted (the edited one included).
    #[prop_or_default]
    pub machines: Vec<String>,
    /// Edit another machine (`None`: add a new one).
    #[prop_or_default]
    pub on_machine: Callback<Option<String>>,
    /// Delete the edited machine.
    #[prop_or_default]
    pub on_remove_machine: Callback<()>,
    /// Open the course at this URL (relative to the site).
    #[prop_or_default]
    pub on_course: Callback<String>,
    /// Open a course from files the user picked (names and texts, or why they could not be
    /// read).
    #[prop_or_default]
    pub on_course_files: Callback<Result<Vec<(String, String)>, String>>,
}

/// The examples menu's value for a course (followed by its URL).
const COURSE_CHOICE: &str = "course:";
/// The examples menu's value that opens the file picker for a course.
const COURSE_FILE_CHOICE: &str = "course-file";

/// The machine menu's choices besides the machines' names (no machine name has a space).
const NEW_MACHINE: &str = "+ new";
const DELETE_MACHINE: &str = "- delete";

/// The top bar.
#[component]
pub fn TopBar(props: &TopBarProps) -> Html {
    let onclick = props.on_run.reform(|_: MouseEvent| ());
    let file_input = use_node_ref();
    let onchange = {
        let (on_example, on_course) = (props.on_example.clone(), props.on_course.clone());
        let file_input = file_input.clone();
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
            let id = select.value();
            select.set_value("");
            if id == COURSE_FILE_CHOICE {
                if let Some(input) = file_input.cast::<web_sys::HtmlElement>() {
                    input.click();
                }
            } else if let Some(url) = id.strip_prefix(COURSE_CHOICE) {
                on_course.emit(url.to_string());
            } else if !id.is_empty() {
                on_example.emit(id);
            }
        })
    };
    let on_course_file = {
        let on_files = props.on_course_files.clone();
        Callback::from(move |e: Event| {
            let on_files = on_files.clone();
            wasm_bindgen_futures::spawn_local(async move {
                match crate::bindings::browser::chosen_files(&e).await {
                    Ok(files) if files.is_empty() => {}
                    chosen => on_files.emit(chosen),
                }
            });
        })
    };
    let on_machine_menu = {
        let (on_machine, on_remove) = (props.on_machine.clone(), props.on_remove_machine.clone());
        let name = props.machine_name.to_string();
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
            let choice = select.value();
            select.set_value("");
            match choice.as_str() {
                "" => {}
                NEW_MACHINE => on_machine.emit(None),
                DELETE_MACHINE => {
                    let question = format!("Delete the state machine {name} and its executions?");
                    let sure = web_sys::window()
                        .and_then(|w| w.confirm_with_message(&question).ok())
                        .unwrap_or(false);
                    if sure {
                        on_remove.emit(());
                    }
                }
                other => on_machine.emit(Some(other.to_string())),
            }
        })
    };
    let others = props.machines.iter().filter(|n| **n != props.machine_name);
    html! {
        <header class="top-bar">
            <div class="brand">
                <span class="brand-mark" aria-hidden="true">{ "{ }" }</span>
                <span class="brand-name">{ "ASL Playground" }</span>
            </div>
            <nav class="crumbs" aria-label="Location">
                <span class="crumb-muted">{ "State machines" }</span>
                <span class="crumb-sep">{ "/" }</span>
                <span class="crumb-machine" data-testid="machine-name">{ props.machine_name.clone() }</span>
                <span class="crumb-type" data-testid="machine-type-label">{ props.machine_type.clone() }</span>
                <select class="machine-menu" data-testid="machine-menu" aria-label="The workspace's state machines"
                    title="Edit another state machine of the workspace, or add one" onchange={on_machine_menu}
                    disabled={props.running}>
                    <option value="" selected=true>{ format!("Machines ({})…", props.machines.len().max(1)) }</option>
                    { for others.map(|n| html! { <option value={n.clone()}>{ n.clone() }</option> }) }
                    <option value={NEW_MACHINE}>{ "+ New state machine" }</option>
                    if props.machines.len() > 1 {
                        <option value={DELETE_MACHINE}>{ format!("Delete {}", props.machine_name) }</option>
                    }
                </select>
            </nav>
            <select class="examples" data-testid="examples-menu" aria-label="Load an example" {onchange}
                disabled={props.running}>
                <option value="" selected=true>{ "Examples…" }</option>
                { for EXAMPLES.iter().map(|e| html! { <option value={e.id}>{ e.title }</option> }) }
                <optgroup label="Courses">
                    <option value={format!("{COURSE_CHOICE}{}", crate::course::BUILT_IN)} data-testid="course-intro">
                        { "Course: Introduction to Step Functions" }
                    </option>
                    <option value={COURSE_FILE_CHOICE}>{ "Open a course or exercise file…" }</option>
                </optgroup>
            </select>
            <input type="file" data-testid="course-file" multiple=true accept=".json,.yaml,.yml,application/json"
                class="visually-hidden" ref={file_input} onchange={on_course_file} tabindex="-1"
                aria-label="Course or exercise files (a course file with its exercises, or exercises alone)" />
            <div class="top-actions">
                { props.extra.clone() }
                if props.running {
                    <button type="button" class="btn btn-stop" data-testid="stop-button"
                        title="Stop the execution (ABORTED)" onclick={props.on_stop.reform(|_: MouseEvent| ())}>
                        { "Stop" }
                    </button>
                } else {
                    <span class="shortcut-hint">{ "Ctrl + Enter" }</span>
                }
                <button
                    type="button"
                    class="btn btn-primary"
                    data-testid="run-button"
                    disabled={props.running}
                    title="Start execution (Ctrl/Cmd + Enter)"
                    {onclick}
                >
                    if props.running { <span class="spinner" aria-hidden="true"></span> }
                    { "Start execution" }
                </button>
            </div>
        </header>
    }
}
