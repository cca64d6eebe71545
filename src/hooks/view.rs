//! [`use_view`]: the view model of the page ([`crate::view_model`]), memoized so that what
//! is costly (the tree, the layout, the inspection) is derived again only when what it
//! derives from changed.

use std::collections::HashMap;
use std::rc::Rc;

use asl::graph::Layout;
use asl::{HistoryEvent, TreeNode};
use yew::prelude::*;

use crate::bindings::browser;
use crate::bindings::editor::{AssistContext, EditorDiagnostic};
use crate::state::{AppState, InvocationRecord, Log, Problem, Run, Shared};
use crate::view_model::{editors, functions, inspector, runs};
use asl::inspect::Inspection;

/// What the page shows, derived from the state.
pub struct View {
    /// The definition editor's marks.
    pub definition_diagnostics: Rc<Vec<EditorDiagnostic>>,
    /// The input editor's marks.
    pub input_diagnostics: Rc<Vec<EditorDiagnostic>>,
    /// Every problem, for the Problems panel.
    pub problems: Rc<Vec<Problem>>,
    /// The functions the definition calls that the workspace lacks.
    pub missing_functions: Rc<Vec<String>>,
    /// What the definition editor's completion and quick fixes need from the workspace.
    pub definition_assist: Rc<AssistContext>,
    /// Whether the Map iterations panel shows.
    pub has_map_states: bool,
    /// The graph's layout; `None` while the definition does not load.
    pub graph_layout: Option<Rc<Layout>>,
    /// The shown run as of the debugger's cursor.
    pub shown_run: Option<Run>,
    /// Its events.
    pub history: Log<HistoryEvent>,
    /// Its execution tree.
    pub tree: Option<Shared<TreeNode>>,
    /// Each state's status in the graph.
    pub statuses: Rc<HashMap<String, &'static str>>,
    /// The shown run's execution name.
    pub execution_name: AttrValue,
    /// The shown run's invocation records, in call order.
    pub invocations: Log<InvocationRecord>,
    /// The state inspector's entry.
    pub inspection: Option<Inspection>,
    /// The `first_event_id` of that entry.
    pub inspected_entry: Option<u64>,
    /// Its invocations' records.
    pub inspector_logs: Rc<Vec<InvocationRecord>>,
    /// Whether to offer the role fix.
    pub access_denied: bool,
    /// The executions list.
    pub execution_rows: Vec<runs::ExecutionRow>,
    /// The states the shown run waits before.
    pub paused: Rc<Vec<String>>,
    /// The debugger's status line.
    pub debug_status: Option<AttrValue>,
}

/// The view model of `state`.
#[hook]
pub fn use_view(state: &AppState) -> View {
    let definition_diagnostics = use_memo(state.definition_problems.clone(), |p| {
        Rc::new(editors::editor_diagnostics(p))
    });
    let input_diagnostics = use_memo(state.input_problems.clone(), |p| {
        Rc::new(editors::editor_diagnostics(p))
    });
    let graph_layout = use_memo(state.definition.clone(), |definition| {
        definition.as_ref().map(|d| Rc::new(d.graph()))
    });
    let shown_run = use_memo(state.run.clone(), |_| runs::shown_run(state));
    let history = runs::shown_history((*shown_run).as_ref());
    let live_tree = use_mut_ref(runs::LiveTree::default);
    let tree = use_memo(history.clone(), move |h| {
        let mut live = live_tree.borrow_mut();
        // The previous run's tree is freed in a task of its own, not in this render's.
        if let Some(previous) = live.retire(h) {
            browser::drop_later(previous);
        }
        live.tree(h)
    });
    let statuses = use_memo(tree.clone(), |t| {
        Rc::new(runs::state_statuses(t.as_ref().as_deref()))
    });
    let run_config = state
        .run
        .as_ref()
        .map(|r| state.execution_config(&r.execution_name));
    let inspection = use_memo(
        (
            state.run.as_ref().and_then(|r| r.definition.clone()),
            tree.clone(),
            state.inspected.clone(),
            state.inspected_entry,
            run_config,
            history.clone(),
        ),
        |(_, tree, _, _, _, history)| {
            inspector::inspection(state, tree.as_ref().as_deref(), &history.items())
        },
    );
    let invocations = state
        .run
        .as_ref()
        .map(|r| r.invocations.clone())
        .unwrap_or_default();
    let inspector_logs = Rc::new(inspector::inspector_logs(
        (*inspection).as_ref(),
        (*tree).as_deref(),
        &invocations.items(),
    ));
    let functions = Rc::new(state.workspace.functions.clone());
    let missing_functions = use_memo(
        (state.definition.clone(), functions),
        |(definition, functions)| {
            Rc::new(functions::missing_functions(
                definition.as_deref(),
                functions,
            ))
        },
    );
    let definition_assist = use_memo(
        (
            missing_functions.clone(),
            // the names decide the ARNs (cheaper to compare than the functions' code)
            state
                .workspace
                .functions
                .iter()
                .map(|f| f.name.clone())
                .collect::<Vec<_>>(),
            state.workspace.region.clone(),
            state.workspace.account.clone(),
        ),
        |(missing, _, _, _)| Rc::new(editors::assist_context(&state.workspace, missing)),
    );
    let has_map_states = *use_memo(state.definition.clone(), |d| {
        functions::has_map_states(d.as_deref())
    });
    View {
        definition_diagnostics: (*definition_diagnostics).clone(),
        input_diagnostics: (*input_diagnostics).clone(),
        problems: Rc::new(state.problems().cloned().collect()),
        missing_functions: (*missing_functions).clone(),
        definition_assist: (*definition_assist).clone(),
        has_map_states,
        graph_layout: (*graph_layout).clone(),
        access_denied: runs::access_denied(state, (*shown_run).as_ref()),
        shown_run: (*shown_run).clone(),
        history,
        tree: (*tree).clone(),
        statuses: (*statuses).clone(),
        execution_name: runs::execution_name(state).into(),
        invocations,
        inspected_entry: inspector::inspected_entry((*inspection).as_ref()),
        inspection: (*inspection).clone(),
        inspector_logs,
        execution_rows: runs::execution_rows(state),
        paused: Rc::new(runs::paused_states(state)),
        debug_status: runs::debug_status(state).map(AttrValue::from),
    }
}
