//! The root component: composes the state ([`crate::hooks::app_state`]), the effects
//! (autosave, display preferences, share links, new builds, the runner, the keys:
//! [`crate::hooks`]) and the view model ([`crate::hooks::view`]), and lays out the panels.

use yew::prelude::*;

use crate::bindings::editor::EditorCommand;
use crate::components::code_editor::CodeEditor;
use crate::components::course_panel::CoursePanel;
use crate::components::debug_controls::DebugControls;
use crate::components::event_history::{EventHistory, HistoryDownload};
use crate::components::execution_list::ExecutionList;
use crate::components::execution_name::ExecutionName;
use crate::components::execution_summary::ExecutionSummary;
use crate::components::execution_tree::ExecutionTree;
use crate::components::format_toggle::FormatToggle;
use crate::components::function_faults::FunctionFaultsBar;
use crate::components::function_tabs::FunctionTabs;
use crate::components::function_test::FunctionTestBar;
use crate::components::graph::Graph;
use crate::components::map_iterations::MapIterations;
use crate::components::map_runs::MapRuns;
use crate::components::mock_answer::MockAnswerBar;
use crate::components::nested_executions::NestedExecutions;
use crate::components::notice_bar::NoticeBar;
use crate::components::panel::Panel;
use crate::components::problems::Problems;
use crate::components::role_hint::RoleHint;
use crate::components::s3_objects::S3Objects;
use crate::components::settings::Settings;
use crate::components::share::ShareButton;
use crate::components::state_inspector::StateInspector;
use crate::components::test_state::TestStatePanel;
use crate::components::time_controls::TimeControls;
use crate::components::top_bar::TopBar;
use crate::components::transfer::Transfer;
use crate::components::update_bar::UpdateBar;
use crate::components::waiting_tasks::WaitingTasks;
use crate::examples;
use crate::hooks::app_state::{use_app_state, use_dispatch};
use crate::hooks::autosave::use_autosave;
use crate::hooks::course::use_course;
use crate::hooks::prefs::use_display_prefs;
use crate::hooks::runner::use_runner;
use crate::hooks::share_link::use_share_links;
use crate::hooks::shortcuts::{use_shortcuts, Shortcuts};
use crate::hooks::updates::use_updates;
use crate::hooks::view::use_view;
use crate::state::{Action, Function, Source};
use crate::view_model::editors::{definition_language, other_format};

/// The app.
#[component]
pub fn App() -> Html {
    let state = use_app_state();
    let dispatch = use_dispatch(&state);
    let latest_workspace = use_autosave(&state);
    use_display_prefs(state.prefs);
    use_share_links(latest_workspace, dispatch.clone());
    let (update, dismiss_update) = use_updates();
    let runner = use_runner(&state, &dispatch);
    let course = use_course(&state, &dispatch, &runner);
    let (can_step, can_continue) = (state.can_step(), state.can_continue());
    use_shortcuts(Shortcuts {
        run: runner.on_run.clone(),
        stop: state.is_running().then(|| runner.on_stop.clone()),
        step: can_step.then(|| runner.on_step.clone()),
        resume: can_continue.then(|| runner.on_continue.clone()),
    });
    let view = use_view(&state);
    let on_tree_inspect = {
        let dispatch = dispatch.clone();
        use_memo((), move |_| {
            dispatch.reform(|(name, id): (String, u64)| Action::InspectEntry(name, id))
        })
    };

    let on_example = {
        let dispatch = dispatch.clone();
        Callback::from(move |id: String| {
            if let Some(e) = examples::find(&id) {
                dispatch.emit(Action::LoadExample(e.workspace()));
            }
        })
    };
    let reveal_in = |source: Source| state.reveal.filter(|r| r.source == source);
    let on_inspect_entry = {
        let name = state.inspected.clone().unwrap_or_default();
        dispatch.reform(move |id: u64| Action::InspectEntry(name.clone(), id))
    };
    let selected = state
        .selected()
        .cloned()
        .unwrap_or_else(|| Function::starter("Function"));
    let inspected = state.inspected.clone().map(AttrValue::from);
    // The S3 panel: when the definition reads or writes S3, or objects exist.
    let uses_s3 = !state.workspace.objects.is_empty()
        || state.definition.as_ref().is_some_and(|d| {
            d.map_states().iter().any(|(_, m)| {
                m.run.item_reader.is_some()
                    || m.run
                        .result_writer
                        .as_ref()
                        .is_some_and(|w| w.parameters.is_some())
            })
        });
    // Test state: whether the inspected state is a Task, and the input offered (the inspected
    // entry's, else the execution input).
    let test_state_is_task = state
        .inspected
        .as_deref()
        .and_then(|name| {
            let d = state.definition.as_ref()?;
            d.machine
                .all_states()
                .into_iter()
                .find(|s| s.name == name)
                .map(|s| matches!(s.kind, asl::definition::StateKind::Task(_)))
        })
        .unwrap_or(false);
    let test_state_input: AttrValue = view
        .inspection
        .as_ref()
        .and_then(|i| i.flow.steps.first())
        .filter(|s| s.step == "input")
        .map_or_else(
            || state.workspace.input.clone(),
            |s| crate::views::pretty(&s.value),
        )
        .into();
    let workspace = &state.workspace;
    html! {
        <div class="app">
            <TopBar machine_name={workspace.machine_name.clone()} running={state.is_running()}
                on_run={runner.on_run.clone()} on_stop={runner.on_stop.clone()} {on_example}
                machine_type={workspace.machine_type.label()}
                machines={workspace.machine_names()}
                on_machine={dispatch.reform(|name: Option<String>| name.map_or(Action::AddMachine, Action::SwitchMachine))}
                on_remove_machine={dispatch.reform(|()| Action::RemoveMachine)}
                on_course={course.on_open_url.clone()} on_course_files={course.on_open_files.clone()}
                extra={html! { <>
                    <Transfer workspace={workspace.clone()} running={state.is_running()} dispatch={dispatch.clone()} />
                    <ShareButton workspace={workspace.clone()} />
                    <button type="button" class="btn btn-ghost" data-testid="settings-button"
                        aria-expanded={state.settings_open.to_string()} title="Account, Region, type, execution role, display"
                        onclick={dispatch.reform(|_: MouseEvent| Action::ToggleSettings)}>{ "Settings" }</button>
                </> }} />
            <NoticeBar notice={state.notice.clone()} can_restore={state.previous_work.is_some()} dispatch={dispatch.clone()} />
            <UpdateBar {update} on_reload={Callback::from(|()| crate::bindings::offline::apply_update())}
                on_dismiss={dismiss_update} />
            if state.settings_open {
                <Settings workspace={workspace.clone()} role_problems={state.role_problems.clone()}
                    settings_problem={state.settings_problem.clone()} prefs={state.prefs} dispatch={dispatch.clone()}
                    can_restore={state.previous_work.is_some()} />
            }
            <main class="workspace">
                <div class="column column-editors">
                    <CoursePanel course={course.clone()} workspace={workspace.clone()} running={state.is_running()} />
                    <Panel title="Definition" note="Amazon States Language · JSON or YAML" class="grow-3"
                        actions={html! { <FormatToggle to={other_format(&workspace.definition)} dispatch={dispatch.clone()} /> }}>
                        <CodeEditor testid="definition-editor" label="State machine definition"
                            language={definition_language(&workspace.definition)}
                            value={workspace.definition.clone()} on_change={dispatch.reform(Action::EditDefinition)}
                            diagnostics={view.definition_diagnostics.clone()}
                            assist={Some(view.definition_assist.clone())}
                            on_command={dispatch.reform(|c: EditorCommand| match c {
                                EditorCommand::CreateFunction { name } => Action::AddFunction(name),
                            })}
                            reveal={reveal_in(Source::Definition)} />
                    </Panel>
                    <Panel title="Lambda functions" note="Node.js handlers · each runs in a Web Worker" class="grow-2">
                        <div class="editor-stack">
                            <FunctionTabs functions={std::rc::Rc::new(workspace.functions.clone())} selected={state.selected_function}
                                missing={view.missing_functions.clone()} on_select={dispatch.reform(Action::SelectFunction)}
                                on_add={dispatch.reform(Action::AddFunction)} on_remove={dispatch.reform(Action::RemoveFunction)} />
                            <div class="editor-area">
                                <CodeEditor key={selected.name.clone()} testid="function-editor"
                                    label={format!("Handler of {}", selected.name)} language="javascript"
                                    value={selected.code.clone()} on_change={dispatch.reform(Action::EditFunction)} />
                            </div>
                            <FunctionTestBar events={selected.test_events.clone()} selected_event={state.selected_test_event}
                                event_problem={state.test_event_problem.clone()} dispatch={dispatch.clone()}
                                on_test={runner.on_test.clone()} result={state.function_test.clone()}
                                timeout_s={selected.timeout_s} on_timeout={dispatch.reform(Action::SetFunctionTimeout)} />
                            if crate::state::is_resource_name(&selected.name) {
                                <MockAnswerBar fixed={selected.fixed.clone()} on_change={dispatch.reform(Action::SetMockAnswer)} />
                            }
                            <FunctionFaultsBar faults={selected.faults.clone()} on_change={dispatch.reform(Action::SetFunctionFaults)} />
                        </div>
                    </Panel>
                    <Panel title="Execution input" note="JSON" class="grow-1">
                        <CodeEditor testid="input-editor" label="Execution input" language="json"
                            value={workspace.input.clone()} on_change={dispatch.reform(Action::EditInput)}
                            diagnostics={view.input_diagnostics.clone()}
                            reveal={reveal_in(Source::Input)} />
                    </Panel>
                    if uses_s3 {
                        <Panel title="S3 objects" note="what a Distributed Map reads and writes" class="panel-s3">
                            <S3Objects objects={workspace.objects.clone()} dispatch={dispatch.clone()} />
                        </Panel>
                    }
                    <Problems problems={view.problems.clone()} refused={state.refused}
                        on_reveal={dispatch.reform(|(source, range)| Action::RevealProblem(source, range))} />
                </div>
                <div class="column column-results">
                    <Panel title="Execution" class="panel-execution"
                        actions={html! { <TimeControls time={workspace.time} dispatch={dispatch.clone()} /> }}>
                        <ExecutionName value={state.execution_name.clone()} dispatch={dispatch.clone()} />
                        <ExecutionSummary run={view.shown_run.clone()} refused={state.refused} />
                        <WaitingTasks waiting={state.run.as_ref().map(|r| r.waiting.clone()).unwrap_or_default()}
                            real_time={workspace.time.real_time} on_answer={runner.on_answer.clone()} />
                        <NestedExecutions nested={state.run.as_ref().map(|r| r.nested.clone()).unwrap_or_default()}
                            running={state.is_running()}
                            on_open={dispatch.reform(|(machine, id): (String, u64)| Action::OpenNested { machine, id })} />
                        if view.access_denied {
                            <RoleHint dispatch={dispatch.clone()} />
                        }
                        <ExecutionList rows={view.execution_rows.clone()} on_open={dispatch.reform(Action::OpenRun)} />
                    </Panel>
                    <Panel title="Graph" note="click a state to inspect it · drag to pan · Ctrl + wheel to zoom" class="panel-graph">
                        <Graph layout={view.graph_layout.clone()} statuses={view.statuses.clone()}
                            selected={inspected.clone()} on_select={dispatch.reform(|name: String| Action::Inspect(Some(name)))}
                            breakpoints={state.breakpoints.clone()} on_breakpoint={dispatch.reform(Action::ToggleBreakpoint)}
                            paused={view.paused.clone()} export_name={workspace.machine_name.clone()}
                            toolbar={html! {
                                <DebugControls status={view.debug_status.clone()} {can_step} {can_continue}
                                    on_step={runner.on_step.clone()} on_continue={runner.on_continue.clone()} />
                            }} />
                    </Panel>
                    if view.has_map_states {
                        <Panel title="Map iterations" note="one iteration's states, and the combined output" class="panel-map">
                            <MapRuns map_runs={state.run.as_ref().map(|r| r.map_runs.clone()).unwrap_or_default()} />
                            <MapIterations definition={state.definition.clone()} tree={view.tree.clone()} />
                        </Panel>
                    }
                    if state.inspected.is_some() {
                        <Panel title="State inspector" class="panel-inspector">
                            <StateInspector inspection={view.inspection.clone()} logs={view.inspector_logs.clone()}
                                selected={inspected.clone()} on_close={dispatch.reform(|()| Action::Inspect(None))}
                                on_entry={on_inspect_entry} />
                            if let Some(name) = inspected.clone() {
                                <TestStatePanel state_name={name} is_task={test_state_is_task}
                                    default_input={test_state_input.clone()} on_run={runner.on_test_state.clone()} />
                            }
                        </Panel>
                    }
                    <Panel title="Execution tree" class="panel-tree">
                        <ExecutionTree tree={view.tree.clone()} invocations={view.invocations.clone()}
                            on_inspect={(*on_tree_inspect).clone()} selected={view.inspected_entry}
                            selection={inspected.map(|name| (name, state.inspected_entry))}
                            execution_name={view.execution_name.clone()} />
                    </Panel>
                    <Panel title="Event history" class="panel-history"
                        actions={html! { <HistoryDownload events={view.history.clone()} execution_name={view.execution_name.clone()} /> }}>
                        <EventHistory events={view.history.clone()} />
                    </Panel>
                </div>
            </main>
        </div>
    }
}
