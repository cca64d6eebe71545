//! The workspace in `localStorage`, so edits survive a reload. Storage may be missing or
//! full (private windows, quotas); then nothing is saved and nothing fails.

use crate::state::Workspace;

const MACHINE: &str = "asl-playground.v1.machine-name";
const FUNCTION_NAME: &str = "asl-playground.v1.function-name";
const DEFINITION: &str = "asl-playground.v1.definition";
const FUNCTION: &str = "asl-playground.v1.function";
const INPUT: &str = "asl-playground.v1.input";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// The saved workspace; each missing part comes from `fallback`.
pub fn load_workspace(fallback: Workspace) -> Workspace {
    Workspace {
        machine_name: get(MACHINE).unwrap_or(fallback.machine_name),
        function_name: get(FUNCTION_NAME).unwrap_or(fallback.function_name),
        definition: get(DEFINITION).unwrap_or(fallback.definition),
        function_code: get(FUNCTION).unwrap_or(fallback.function_code),
        input: get(INPUT).unwrap_or(fallback.input),
    }
}

/// Saves the workspace (best effort).
pub fn save_workspace(workspace: &Workspace) {
    let Some(storage) = storage() else { return };
    for (key, value) in [
        (MACHINE, &workspace.machine_name),
        (FUNCTION_NAME, &workspace.function_name),
        (DEFINITION, &workspace.definition),
        (FUNCTION, &workspace.function_code),
        (INPUT, &workspace.input),
    ] {
        let _ = storage.set_item(key, value);
    }
}
