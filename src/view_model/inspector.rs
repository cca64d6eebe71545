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
