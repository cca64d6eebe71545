//! The page's components: one small component per file; each gets props and callbacks.

pub mod code_editor;
pub mod course_panel;
pub mod debug_controls;
pub mod event_history;
pub mod execution_list;
pub mod execution_name;
pub mod execution_summary;
pub mod execution_tree;
pub mod format_toggle;
pub mod function_faults;
pub mod function_tabs;
pub mod function_test;
pub mod graph;
pub mod jsonata_scratch;
pub mod map_iterations;
pub mod map_runs;
pub mod mock_answer;
pub mod nested_executions;
pub mod notice_bar;
pub mod panel;
pub mod problems;
pub mod role_hint;
pub mod s3_objects;
pub mod settings;
pub mod share;
pub mod state_inspector;
pub mod test_state;
pub mod time_controls;
pub mod top_bar;
pub mod transfer;
pub mod update_bar;
pub mod waiting_tasks;

/// A callback keeping `state` equal to the text of the `<input>` or `<textarea>` it listens
/// to (`oninput`).
pub fn text_setter(state: &yew::UseStateHandle<String>) -> yew::Callback<yew::InputEvent> {
    let state = state.clone();
    yew::Callback::from(move |e: yew::InputEvent| {
        state.set(crate::bindings::browser::text_value(&e))
    })
}
