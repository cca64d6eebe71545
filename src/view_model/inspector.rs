//! The state inspector's view model: the inspected entry of the shown run, and the logs of
//! its Lambda invocations.

use asl::{HistoryEvent, TreeNode};

use crate::state::{AppState, InvocationRecord};
use asl::inspect::{inspect_entry, Inspection};

/// The entry of the inspected state the inspector shows, in the shown run (`tree` and
/// `history` as of the debugger's cursor); `None` when no state is inspected, no run is shown
/// or the run's definition has no such state.
pub fn inspection(
    state: &AppState,
    tree: Option<&TreeNode>,
    history: &[HistoryEvent],
) -> Option<Inspection> {
    let run = state.run.as_ref()?;
    let definition = run.definition.as_ref()?;
    let name = state.inspected.as_ref()?;
    let config = run
        .config
        .clone()
        .unwrap_or_else(|| state.execution_config(&run.execution_name));
    inspect_entry(
        definition,
        tree,
        history,
        name,
        state.inspected_entry,
        &config,
    )
}

/// The `first_event_id` of the entry the inspector shows (the execution tree selects it).
pub fn inspected_entry(inspection: Option<&Inspection>) -> Option<u64> {
    inspection
        .and_then(|i| i.entry_list.get(i.selected))
        .map(|e| e.first_event_id)
}

/// The invocation records of the inspected entry's Lambda invocations, in order (`records`:
/// the run's, in call order).
pub fn inspector_logs(
    inspection: Option<&Inspection>,
    tree: Option<&TreeNode>,
    records: &[InvocationRecord],
) -> Vec<InvocationRecord> {
    let ids = inspection.map(|i| &i.invocations[..]).unwrap_or_default();
    let links = match (ids.is_empty(), tree) {
        (false, Some(t)) => crate::views::link_invocations(t, records),
        _ => Default::default(),
    };
    ids.iter()
        .filter_map(|id| links.get(id).and_then(|&k| records.get(k)).cloned())
        .collect()
}

/// What the JSONata scratch pane binds for the inspected entry: `$states` with the entry's
/// `input`, and its `result` and `errorOutput` when it has them, and the workflow variables in
/// scope when the entry was entered (each as `$name`). `None` without an inspected entry.
pub fn scratch_bindings(
    inspection: Option<&Inspection>,
) -> Option<serde_json::Map<String, serde_json::Value>> {
    let i = inspection.filter(|i| i.entries > 0)?;
    let step = |name: &str| {
        i.flow
            .steps
            .iter()
            .find(|s| s.step == name)
            .map(|s| s.value.clone())
    };
    let mut states = serde_json::Map::new();
    if let Some(input) = step("input") {
        states.insert("input".into(), input);
    }
    if let Some(result) = step("result") {
        states.insert("result".into(), result);
    }
    if let Some((error, cause)) = &i.error {
        let mut output = serde_json::Map::new();
        output.insert("Error".into(), error.clone().into());
        if let Some(cause) = cause {
            output.insert("Cause".into(), cause.clone().into());
        }
        states.insert("errorOutput".into(), output.into());
    }
    let mut bindings = match step("variablesOnEntry") {
        Some(serde_json::Value::Object(vars)) => vars,
        _ => serde_json::Map::new(),
    };
    bindings.insert("states".into(), states.into());
    Some(bindings)
}

/// The scratch pane's answer for `expression` with `bindings`: the value as pretty JSON
/// (`Ok(None)` when it is undefined), or JSONata's error as `CODE at position N: message`.
/// The evaluation has a small step budget, so a runaway expression ends with an error
/// instead of freezing the page; `now_millis` is what `$now()` reports.
pub fn scratch_value(
    expression: &str,
    bindings: &serde_json::Map<String, serde_json::Value>,
    now_millis: f64,
) -> Result<Option<String>, String> {
    let e = jsonata::Expression::parse_2_0_6(expression).map_err(|e| e.to_string())?;
    let mut b = jsonata::Bindings::new();
    for (name, value) in bindings {
        b.bind_json(name, value);
    }
    b.limits.max_steps = 1_000_000;
    b.limits.max_range = asl::query::MAX_RANGE;
    b.now_millis = Some(now_millis);
    let value = e.evaluate(None, &b).map_err(|e| e.to_string())?;
    Ok(value.map(|v| shorten(serde_json::to_string_pretty(&v).unwrap_or_default())))
}

/// The most characters of a value the scratch pane shows (`[1..10000000]` is 78 MB of text).
pub const SCRATCH_SHOWN: usize = 64 * 1024;

fn shorten(text: String) -> String {
    if text.len() <= SCRATCH_SHOWN {
        return text;
    }
    let mut end = SCRATCH_SHOWN;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    format!(
        "{}\n… ({} more bytes not shown)",
        &text[..end],
        text.len() - end
    )
}
