//! The workspace in `localStorage`, so edits survive a reload. Storage may be missing or
//! full (private windows, quotas); then nothing is saved and nothing fails.

use crate::state::Workspace;

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
        definition: get(DEFINITION).unwrap_or(fallback.definition),
        function_code: get(FUNCTION).unwrap_or(fallback.function_code),
        input: get(INPUT).unwrap_or(fallback.input),
    }
}

/// Saves the workspace (best effort).
pub fn save_workspace(workspace: &Workspace) {
    let Some(storage) = storage() else { return };
    for (key, value) in [
        (DEFINITION, &workspace.definition),
        (FUNCTION, &workspace.function_code),
        (INPUT, &workspace.input),
    ] {
        let _ = storage.set_item(key, value);
    }
}
