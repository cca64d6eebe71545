//! The workspace in `localStorage`, so edits survive a reload. Storage may be missing or
//! full (private windows, quotas); then nothing is saved and nothing fails.

use serde_json::{json, Value};

use crate::state::{Function, Prefs, Workspace};

const MACHINE: &str = "asl-playground.v1.machine-name";
const FUNCTIONS: &str = "asl-playground.v1.functions";
const DEFINITION: &str = "asl-playground.v1.definition";
/// Earlier versions saved one function under these two keys.
const FUNCTION_NAME: &str = "asl-playground.v1.function-name";
const FUNCTION: &str = "asl-playground.v1.function";
const INPUT: &str = "asl-playground.v1.input";
/// Machine type, account, Region, role, real time and speed (JSON).
const SETTINGS: &str = "asl-playground.v1.settings";
/// The work a share link replaced (a share link's JSON), to restore it, even after a reload.
const PREVIOUS: &str = "asl-playground.v1.previous-work";
/// The playground's S3 objects (JSON array of `{bucket, key, body}`).
const OBJECTS: &str = "asl-playground.v1.s3-objects";
/// The workspace's other state machines (JSON array of a share link's `machines`).
const MACHINES: &str = "asl-playground.v1.machines";
/// Display preferences (JSON): dark theme, large font.
const PREFS: &str = "asl-playground.v1.prefs";
/// The build id of the last visit (docs/hosting.md: "ASL Playground was updated").
const BUILD: &str = "asl-playground.v1.build";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

fn get(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// The saved workspace; each missing part comes from `fallback` (see
/// [`Workspace::with_saved_settings`] for the settings).
pub fn load_workspace(fallback: Workspace) -> Workspace {
    let mut w = Workspace {
        machine_name: get(MACHINE).unwrap_or(fallback.machine_name),
        functions: saved_functions().unwrap_or(fallback.functions),
        definition: get(DEFINITION).unwrap_or(fallback.definition),
        input: get(INPUT).unwrap_or(fallback.input),
        objects: get(OBJECTS)
            .and_then(|t| serde_json::from_str::<Vec<_>>(&t).ok())
            .map_or(fallback.objects, std::rc::Rc::new),
        ..fallback
    };
    if let Some(machines) = get(MACHINES).and_then(|t| serde_json::from_str(&t).ok()) {
        w.set_saved_machines(machines);
    }
    let settings: Value = get(SETTINGS)
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    w.with_saved_settings(&settings)
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

/// Saves the workspace (best effort). The S3 objects are kept only up to
/// [`crate::state::MAX_SAVED_OBJECT_BYTES`] in all (the S3 panel says so when they are more):
/// a save that would fail for the browser's quota would otherwise restore stale objects.
pub fn save_workspace(workspace: &Workspace) {
    let Some(storage) = storage() else { return };
    let functions = serde_json::to_string(&workspace.functions).unwrap_or_default();
    let kept: &[crate::state::S3Object] = if workspace.objects_saved() {
        &workspace.objects
    } else {
        &[]
    };
    let objects = serde_json::to_string(kept).unwrap_or_default();
    let machines: Vec<_> = workspace.machines.iter().map(|m| m.to_shared()).collect();
    let machines = serde_json::to_string(&machines).unwrap_or_default();
    for (key, value) in [
        (OBJECTS, &objects),
        (MACHINES, &machines),
        (MACHINE, &workspace.machine_name),
        (DEFINITION, &workspace.definition),
        (FUNCTIONS, &functions),
        (INPUT, &workspace.input),
        (SETTINGS, &workspace.settings_json().to_string()),
    ] {
        let _ = storage.set_item(key, value);
    }
}

/// Keeps `workspace` as the work a share link replaced (best effort).
pub fn save_previous(workspace: &Workspace) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(&workspace.to_shared())) {
        let _ = storage.set_item(PREVIOUS, &text);
    }
}

/// The work a share link replaced, if it is still kept.
pub fn load_previous() -> Option<Workspace> {
    let shared = serde_json::from_str(&get(PREVIOUS)?).ok()?;
    Some(Workspace::from_shared(shared))
}

/// Forgets the work a share link replaced (it was restored).
pub fn clear_previous() {
    if let Some(storage) = storage() {
        let _ = storage.remove_item(PREVIOUS);
    }
}

/// The saved display preferences.
pub fn load_prefs() -> Prefs {
    let v: Value = get(PREFS)
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    let on = |k: &str| v.get(k).and_then(Value::as_bool).unwrap_or(false);
    Prefs {
        dark: on("dark"),
        large_font: on("largeFont"),
    }
}

/// Saves the display preferences (best effort).
pub fn save_prefs(prefs: Prefs) {
    if let Some(storage) = storage() {
        let v = json!({"dark": prefs.dark, "largeFont": prefs.large_font});
        let _ = storage.set_item(PREFS, &v.to_string());
    }
}

/// A course's progress is kept under this prefix and the course's key.
const COURSE_PROGRESS: &str = "asl-playground.v1.course.";
/// The course open (JSON: `{"url"}` or `{"files": [[name, text]…]}`), to reopen it on reload.
const ACTIVE_COURSE: &str = "asl-playground.v1.active-course";

/// Where the open course came from, to reopen it after a reload.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum CourseSource {
    /// A URL relative to the site (`courses/intro/course.json`).
    Url(String),
    /// Files the attendee picked: names and texts.
    Files(Vec<(String, String)>),
}

/// The progress kept for the course `key` (none: fresh).
pub fn load_course_progress(key: &str) -> crate::course::Progress {
    get(&format!("{COURSE_PROGRESS}{key}"))
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default()
}

/// Keeps the progress of the course `key` (best effort).
pub fn save_course_progress(key: &str, progress: &crate::course::Progress) {
    if let (Some(storage), Ok(text)) = (storage(), serde_json::to_string(progress)) {
        let _ = storage.set_item(&format!("{COURSE_PROGRESS}{key}"), &text);
    }
}

/// The course that was open, if any.
pub fn load_active_course() -> Option<CourseSource> {
    get(ACTIVE_COURSE).and_then(|t| serde_json::from_str(&t).ok())
}

/// Notes the open course (`None`: none is open).
pub fn save_active_course(source: Option<&CourseSource>) {
    let Some(storage) = storage() else { return };
    match source.and_then(|s| serde_json::to_string(s).ok()) {
        Some(text) => {
            let _ = storage.set_item(ACTIVE_COURSE, &text);
        }
        None => {
            let _ = storage.remove_item(ACTIVE_COURSE);
        }
    }
}

/// Records `build` as the build of this visit; returns whether an earlier visit ran another
/// build (false on the first visit, or when storage is missing).
pub fn record_build(build: &str) -> bool {
    let Some(storage) = storage() else {
        return false;
    };
    let last = storage.get_item(BUILD).ok().flatten();
    if last.as_deref() == Some(build) {
        return false;
    }
    let _ = storage.set_item(BUILD, build);
    last.is_some()
}
