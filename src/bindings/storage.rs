//! The workspace in `localStorage`, so edits survive a reload. Storage may be missing or
//! full (private windows, quotas); then nothing is saved and nothing fails.

use crate::state::{Function, Workspace};

const MACHINE: &str = "asl-playground.v1.machine-name";
const FUNCTIONS: &str = "asl-playground.v1.functions";
const DEFINITION: &str = "asl-playground.v1.definition";
/// Earlier versions saved one function under these two keys.
const FUNCTION_NAME: &str = "asl-playground.v1.function-name";
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
        functions: saved_functions().unwrap_or(fallback.functions),
        definition: get(DEFINITION).unwrap_or(fallback.definition),
        input: get(INPUT).unwrap_or(fallback.input),
    }
}

/// The saved functions: the list, or the single function an earlier version saved.
fn saved_functions() -> Option<Vec<Function>> {
    if let Some(list) = get(FUNCTIONS).and_then(|t| serde_json::from_str::<Vec<Function>>(&t).ok())
    {
        return (!list.is_empty()).then_some(list);
    }
    let code = get(FUNCTION)?;
    let name = get(FUNCTION_NAME).unwrap_or_else(|| crate::state::EXAMPLE_FUNCTION_NAME.into());
    Some(vec![Function::new(name, code)])
}

/// Saves the workspace (best effort).
pub fn save_workspace(workspace: &Workspace) {
    let Some(storage) = storage() else { return };
    let functions = serde_json::to_string(&workspace.functions).unwrap_or_default();
    for (key, value) in [
        (MACHINE, &workspace.machine_name),
        (DEFINITION, &workspace.definition),
        (FUNCTIONS, &functions),
        (INPUT, &workspace.input),
    ] {
        let _ = storage.set_item(key, value);
    }
}
