//! The root component: owns the state (one reducer), the Worker pool and the effects
//! (autosave, the Ctrl+Enter shortcut, the debugger's keys), and lays out the panels.

use std::rc::Rc;

use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::bindings::editor::EditorDiagnostic;
use crate::bindings::{browser, storage};
use crate::components::code_editor::CodeEditor;
use crate::components::debug_controls::DebugControls;
use crate::components::event_history::{EventHistory, HistoryDownload};
use crate::components::execution_list::{ExecutionList, ExecutionRow};
use crate::components::execution_summary::ExecutionSummary;
use crate::components::execution_tree::ExecutionTree;
use crate::components::function_tabs::FunctionTabs;
use crate::components::function_test::FunctionTestBar;
use crate::components::graph::Graph;
use crate::components::map_iterations::MapIterations;
use crate::components::panel::Panel;
use crate::components::problems::Problems;
use crate::components::settings::Settings;
use crate::components::share::ShareButton;
use crate::components::state_inspector::StateInspector;
use crate::components::top_bar::TopBar;
use crate::examples;
use crate::runtime::debugger::Debugger;
use crate::runtime::pool::{WorkerPool, HANDLER_HOST_URL};
use crate::runtime::{execution, function_test};
use crate::state::{
    self, Action, AppState, Function, Problem, Run, Shared, Source, StepEffect, StepKind, Workspace,
};
use crate::views;

/// Handler Workers kept at most (Map iterations run side by side up to this many).
const POOL_SIZE: usize = 4;
/// Autosave waits this long after the last edit.
const AUTOSAVE_MS: u32 = 400;

fn editor_diagnostics(problems: &[Problem]) -> Rc<Vec<EditorDiagnostic>> {
    Rc::new(
        problems
            .iter()
            .map(|p| EditorDiagnostic {
                from: p.range.0,
                to: p.range.1,
                severity: if p.is_error() { "error" } else { "warning" },
                message: format!("{} ({})", p.message, p.code),
            })
            .collect(),
    )
}

fn definition_language(text: &str) -> &'static str {
    if state::is_json(text) {
        "json"
    } else {
        "yaml"
    }
}

/// The app.
#[component]
pub fn App() -> Html {
    let state = use_reducer(|| {
        // A share link in the fragment replaces the saved work (kept, to restore); the
        // fragment is then removed, so a reload shows the autosaved work.
        let hash = browser::location_hash();
        let mut state = AppState::open(
            storage::load_workspace(Workspace::example()),
            hash.as_deref(),
        );
        if hash.as_deref().is_some_and(asl::share::is_share_fragment) {
            browser::clear_hash();
            if let Some(previous) = &state.previous_work {
                storage::save_previous(previous);
            }
        }
        if state.previous_work.is_none() {
            // Work a share link replaced in an earlier visit stays restorable (Settings).
            state.previous_work = storage::load_previous();
        }
        state.prefs = storage::load_prefs();
        state
    });
    let pool = use_memo((), |_| {
        let pool = WorkerPool::new(HANDLER_HOST_URL, POOL_SIZE);
        pool.warm_up();
        pool
    });
    let dispatch = {
        let dispatcher = state.dispatcher();
        use_memo((), move |_| {
            Callback::from(move |action: Action| dispatcher.dispatch(action))
        })
    };

    // Autosave, debounced; also on leaving the page.
    let latest_workspace = use_mut_ref(|| state.workspace.clone());
    *latest_workspace.borrow_mut() = state.workspace.clone();
    use_effect_with(state.workspace.clone(), |workspace| {
        let workspace = workspace.clone();
        let timer = Timeout::new(AUTOSAVE_MS, move || storage::save_workspace(&workspace));
        move || drop(timer)
    });
    {
        let latest = latest_workspace.clone();
        use_effect_with((), move |_| {
            let listener = browser::on_page_hide(move || storage::save_workspace(&latest.borrow()));
            move || drop(listener)
        });
    }

    // Display preferences: on the root element (the style sheet reads them), and saved.
    use_effect_with(state.prefs, |prefs| {
        browser::set_root_attribute("data-theme", prefs.dark.then_some("dark"));
        browser::set_root_attribute("data-font", prefs.large_font.then_some("large"));
        storage::save_prefs(*prefs);
    });
    // Restored (or never replaced): nothing left to keep.
    use_effect_with(state.previous_work.is_some(), |kept| {
        if !*kept {
            storage::clear_previous();
        }
    });
    // A share link pasted into this tab's address bar.
    {
        let (latest, dispatch) = (latest_workspace.clone(), dispatch.clone());
        use_effect_with((), move |_| {
            let listener = browser::on_hash_change(move |hash| {
                if !asl::share::is_share_fragment(&hash) {
                    return;
                }
                browser::clear_hash();
                if asl::share::decode(&hash).is_ok() {
                    storage::save_previous(&latest.borrow());
                }
                dispatch.emit(Action::OpenLink(hash));
            });
            move || drop(listener)
        });
    }

    let run_handle = use_mut_ref(|| None::<execution::RunHandle>);
    // Starts an execution; `stepping` pauses it before its first state.
    let start_run = {
        let (state, pool, dispatch) = (state.clone(), pool.clone(), dispatch.clone());
        let run_handle = run_handle.clone();
        Callback::from(move |stepping: bool| {
            if state.is_running() {
                return;
            }
            match state.plan_run() {
                Some(plan) => {
                    let debugger = Debugger::new((*state.breakpoints).clone(), stepping);
                    let handle =
                        execution::start(plan, (*pool).clone(), (*dispatch).clone(), debugger);
                    *run_handle.borrow_mut() = Some(handle);
                }
                None => dispatch.emit(Action::RunRefused),
            }
        })
    };
    let on_run = start_run.reform(|()| false);
    let (can_step, can_continue) = (state.can_step(), state.can_continue());
    // Step (one event or one state): reveal what the shown run holds back, else let the
    // paused execution go on, else start one paused before its first state.
    let on_step = {
        let (state, dispatch, run_handle) = (state.clone(), dispatch.clone(), run_handle.clone());
        Callback::from(move |kind: StepKind| {
            match state.step_effect() {
                StepEffect::Reveal => {}
                StepEffect::Release => match (&*run_handle.borrow(), kind) {
                    (Some(handle), StepKind::Event) => handle.step_event(),
                    (Some(handle), StepKind::State) => handle.step(),
                    (None, _) => {}
                },
                StepEffect::Start => start_run.emit(true),
            }
            dispatch.emit(Action::Step(kind));
        })
    };
    let on_continue = {
        let (dispatch, run_handle) = (dispatch.clone(), run_handle.clone());
        Callback::from(move |()| {
            if let Some(handle) = &*run_handle.borrow() {
                handle.resume();
            }
            dispatch.emit(Action::RevealAll);
        })
    };
    // F10 steps a state, F11 an event, F9 continues (when their buttons are enabled).
    let latest_debug = use_mut_ref(|| None::<(Option<Callback<StepKind>>, Option<Callback<()>>)>);
    *latest_debug.borrow_mut() = Some((
        can_step.then(|| on_step.clone()),
        can_continue.then(|| on_continue.clone()),
    ));
    use_effect_with((), move |_| {
        let listener = browser::on_debug_keys(move |key| {
            let Some((step, resume)) = latest_debug.borrow().clone() else {
                return;
            };
            match key {
                browser::DebugKey::StepState => step.map(|s| s.emit(StepKind::State)),
                browser::DebugKey::StepEvent => step.map(|s| s.emit(StepKind::Event)),
                browser::DebugKey::Continue => resume.map(|c| c.emit(())),
            };
        });
        move || drop(listener)
    });
    {
        let run_handle = run_handle.clone();
        use_effect_with(state.breakpoints.clone(), move |breakpoints| {
            if let Some(handle) = &*run_handle.borrow() {
                handle.set_breakpoints((**breakpoints).clone());
            }
        });
    }
    let on_stop = Callback::from(move |()| {
        if let Some(handle) = run_handle.borrow_mut().take() {
            handle.stop();
        }
    });
    // Esc stops a running execution.
    let latest_stop = use_mut_ref(|| None::<Callback<()>>);
    *latest_stop.borrow_mut() = state.is_running().then(|| on_stop.clone());
    use_effect_with((), move |_| {
        let listener = browser::on_escape(move || {
            let stop = latest_stop.borrow().clone();
            if let Some(stop) = stop {
                stop.emit(());
            }
        });
        move || drop(listener)
    });
    let latest_run = use_mut_ref(|| on_run.clone());
    *latest_run.borrow_mut() = on_run.clone();
    use_effect_with((), move |_| {
        let listener = browser::on_run_shortcut(move || {
            let run = latest_run.borrow().clone();
            run.emit(());
        });
        move || drop(listener)
    });

    let on_test = {
        let (state, pool, dispatch) = (state.clone(), pool.clone(), dispatch.clone());
        Callback::from(move |()| {
            let Some(f) = state.selected() else { return };
            let event = state
                .selected_test_event()
                .map_or("{}", |e| e.event.as_str());
            function_test::start((*pool).clone(), f.clone(), event, (*dispatch).clone());
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
    let on_reveal = dispatch.reform(|(source, range)| Action::RevealProblem(source, range));
    let reveal_in = |source: Source| state.reveal.filter(|r| r.source == source);
    let on_definition = dispatch.reform(Action::EditDefinition);
    let on_function = dispatch.reform(Action::EditFunction);
    let on_input = dispatch.reform(Action::EditInput);
    let definition_diagnostics =
        use_memo(state.definition_problems.clone(), |p| editor_diagnostics(p));
    let input_diagnostics = use_memo(state.input_problems.clone(), |p| editor_diagnostics(p));
    let problems: Rc<Vec<Problem>> = Rc::new(state.problems().cloned().collect());

    let graph_layout = use_memo(state.definition.clone(), |definition| {
        definition.as_ref().map(|d| Rc::new(d.graph()))
    });
    // The shown execution as of the debugger's cursor: every view below derives from it.
    let shown_run = use_memo(state.run.clone(), |run| run.as_ref().map(Run::as_of));
    let history = shown_run
        .as_ref()
        .as_ref()
        .map(|r| r.history.clone())
        .unwrap_or_default();
    let tree = use_memo(history.clone(), |h| {
        (!h.is_empty()).then(|| Shared::new(asl::execution_tree(h)))
    });
    let statuses = use_memo(tree.clone(), |t| {
        Rc::new(
            t.as_ref()
                .as_ref()
                .map(|t| views::state_statuses(t))
                .unwrap_or_default(),
        )
    });
    let execution_name: AttrValue = state
        .run
        .as_ref()
        .map(|r| AttrValue::from(r.execution_name.clone()))
        .unwrap_or_default();
    let run_definition = state.run.as_ref().and_then(|r| r.definition.clone());
    let run_config = state
        .run
        .as_ref()
        .map(|r| state.execution_config(&r.execution_name));
    let inspection = use_memo(
        (
            run_definition,
            tree.clone(),
            state.inspected.clone(),
            state.inspected_entry,
            run_config,
            history.clone(),
        ),
        |(definition, tree, name, entry, config, history)| {
            let (definition, name, config) =
                (definition.as_ref()?, name.as_ref()?, config.as_ref()?);
            crate::inspect::inspect_entry(
                definition,
                tree.as_ref().as_ref().map(|t| &**t),
                history,
                name,
                *entry,
                config,
            )
        },
    );
    // The entry the inspector shows: the execution tree selects it.
    let inspected_entry = (*inspection)
        .as_ref()
        .and_then(|i| i.entry_list.get(i.selected))
        .map(|e| e.first_event_id);
    let on_inspect = dispatch.reform(|name: String| Action::Inspect(Some(name)));
    let on_close_inspector = dispatch.reform(|()| Action::Inspect(None));
    let on_inspect_entry = {
        let name = state.inspected.clone().unwrap_or_default();
        dispatch.reform(move |id: u64| Action::InspectEntry(name.clone(), id))
    };
    let on_tree_inspect = {
        let dispatch = dispatch.clone();
        use_memo((), move |_| {
            dispatch.reform(|(name, id): (String, u64)| Action::InspectEntry(name, id))
        })
    };
    let invocations = state
        .run
        .as_ref()
        .map(|r| r.invocations.clone())
        .unwrap_or_default();
    let inspector_logs: Rc<Vec<crate::state::InvocationRecord>> = {
        let ids = (*inspection)
            .as_ref()
            .map(|i| i.invocations.clone())
            .unwrap_or_default();
        let links = match (ids.is_empty(), (*tree).as_ref()) {
            (false, Some(t)) => views::link_invocations(t, &invocations[..]),
            _ => Default::default(),
        };
        Rc::new(
            ids.iter()
                .filter_map(|id| links.get(id).and_then(|&k| invocations.get(k)).cloned())
                .collect(),
        )
    };

    let on_execution_name = dispatch.reform(|e: InputEvent| {
        Action::EditExecutionName(
            e.target_unchecked_into::<web_sys::HtmlInputElement>()
                .value(),
        )
    });
    let time_toggle = {
        let onchange = dispatch.reform(|e: Event| {
            Action::SetRealTime(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .checked(),
            )
        });
        html! { <>
            <label class="toggle" title="Off: virtual time (Wait states and retry back-offs finish at once, timestamps still add up). On: they really wait.">
                <input type="checkbox" data-testid="real-time-toggle" checked={state.workspace.time.real_time} {onchange} />
                { " Real time" }
            </label>
            <select class="speed-select" data-testid="speed-select" disabled={!state.workspace.time.real_time}
                title="Real time's speed: a Wait of 60 s takes 6 s at 10×; the history's timestamps still add up"
                onchange={dispatch.reform(|e: Event| Action::SetSpeed(
                    browser::select_value(&e).parse().unwrap_or(1)))}>
                { for state::SPEEDS.iter().map(|s| html! {
                    <option value={s.to_string()} selected={*s == state.workspace.time.speed}>{ format!("{s}×") }</option>
                }) }
            </select>
        </>}
    };
    let format_toggle = {
        let to = if state::is_json(&state.workspace.definition) {
            "YAML"
        } else {
            "JSON"
        };
        html! {
            <button type="button" class="btn btn-link" data-testid="format-toggle"
                title="Rewrite the definition in the other syntax (YAML comments are not kept)"
                onclick={dispatch.reform(|_: MouseEvent| Action::ToggleFormat)}>
                { format!("Convert to {to}") }
            </button>
        }
    };
    let functions = Rc::new(state.workspace.functions.clone());
    let missing = use_memo(
        (state.definition.clone(), functions.clone()),
        |(definition, functions)| {
            let called = definition
                .as_ref()
                .map(|d| d.called_functions())
                .unwrap_or_default();
            Rc::new(
                called
                    .into_iter()
                    .filter(|n| !functions.iter().any(|f| &f.name == n))
                    .collect::<Vec<_>>(),
            )
        },
    );
    let on_select = dispatch.reform(Action::SelectFunction);
    let on_add = dispatch.reform(Action::AddFunction);
    let on_remove = dispatch.reform(Action::RemoveFunction);
    let selected = state
        .selected()
        .cloned()
        .unwrap_or_else(|| Function::starter("Function"));
    let shown_id = state.run.as_ref().map(|r| r.id);
    // The shown run failed on the role, and the role still denies something: offer the fix.
    let access_denied = shown_run
        .as_ref()
        .as_ref()
        .is_some_and(|r| r.error.as_deref() == Some(asl::iam::ACCESS_DENIED_ERROR))
        && state
            .role_problems
            .iter()
            .any(|p| p.code == asl::DiagnosticCode::RoleDeniesInvoke);
    let execution_rows: Vec<ExecutionRow> = state
        .runs()
        .into_iter()
        .map(|r| ExecutionRow::new(r, Some(r.id) == shown_id))
        .collect();
    let paused: Rc<Vec<String>> = Rc::new(
        state
            .run
            .as_ref()
            .map(Run::waiting_before)
            .unwrap_or_default(),
    );
    let debug_status = state
        .run
        .as_ref()
        .and_then(Run::debug_status)
        .map(AttrValue::from);
    let debug_controls = html! {
        <DebugControls status={debug_status} {can_step} {can_continue} {on_step} {on_continue} />
    };
    let has_maps = *use_memo(state.definition.clone(), |d| {
        d.as_ref().is_some_and(|d| !d.map_states().is_empty())
    });
    let workspace = &state.workspace;
    html! {
        <div class="app">
            <TopBar machine_name={state.workspace.machine_name.clone()} running={state.is_running()} on_run={on_run} {on_stop} {on_example}
                machine_type={state.workspace.machine_type.label()}
                extra={html! { <>
                    <ShareButton workspace={state.workspace.clone()} />
                    <button type="button" class="btn btn-ghost" data-testid="settings-button"
                        aria-expanded={state.settings_open.to_string()} title="Account, Region, type, execution role, display"
                        onclick={dispatch.reform(|_: MouseEvent| Action::ToggleSettings)}>{ "Settings" }</button>
                </> }} />
            if let Some(notice) = &state.notice {
                <div class={classes!("notice-bar", notice.error.then_some("notice-bar-error"))} data-testid="notice" role="status">
                    <span>{ notice.text.clone() }</span>
                    if state.previous_work.is_some() {
                        <button type="button" class="btn btn-small" data-testid="restore-button"
                            onclick={dispatch.reform(|_: MouseEvent| Action::RestorePreviousWork)}>{ "Restore your previous work" }</button>
                    }
                    <button type="button" class="btn btn-link" data-testid="notice-dismiss" aria-label="Dismiss"
                        onclick={dispatch.reform(|_: MouseEvent| Action::DismissNotice)}>{ "Dismiss" }</button>
                </div>
            }
            if state.settings_open {
                <Settings workspace={state.workspace.clone()} role_problems={state.role_problems.clone()}
                    settings_problem={state.settings_problem.clone()} prefs={state.prefs} dispatch={(*dispatch).clone()}
                    can_restore={state.previous_work.is_some()} />
            }
            <main class="workspace">
                <div class="column column-editors">
                    <Panel title="Definition" note="Amazon States Language · JSON or YAML" class="grow-3"
                        actions={format_toggle}>
                        <CodeEditor testid="definition-editor" label="State machine definition"
                            language={definition_language(&workspace.definition)}
                            value={workspace.definition.clone()} on_change={on_definition}
                            diagnostics={(*definition_diagnostics).clone()}
                            reveal={reveal_in(Source::Definition)} />
                    </Panel>
                    <Panel title="Lambda functions" note="Node.js handlers · each runs in a Web Worker" class="grow-2">
                        <div class="editor-stack">
                            <FunctionTabs functions={functions.clone()} selected={state.selected_function}
                                missing={(*missing).clone()} {on_select} {on_add} {on_remove} />
                            <div class="editor-area">
                                <CodeEditor key={selected.name.clone()} testid="function-editor"
                                    label={format!("Handler of {}", selected.name)} language="javascript"
                                    value={selected.code.clone()} on_change={on_function} />
                            </div>
                            <FunctionTestBar events={selected.test_events.clone()} selected_event={state.selected_test_event}
                                event_problem={state.test_event_problem.clone()} dispatch={(*dispatch).clone()}
                                on_test={on_test} result={state.function_test.clone()}
                                timeout_s={selected.timeout_s} on_timeout={dispatch.reform(Action::SetFunctionTimeout)} />
                        </div>
                    </Panel>
                    <Panel title="Execution input" note="JSON" class="grow-1">
                        <CodeEditor testid="input-editor" label="Execution input" language="json"
                            value={workspace.input.clone()} on_change={on_input}
                            diagnostics={(*input_diagnostics).clone()}
                            reveal={reveal_in(Source::Input)} />
                    </Panel>
                    <Problems problems={problems} refused={state.refused} {on_reveal} />
                </div>
                <div class="column column-results">
                    <Panel title="Execution" class="panel-execution" actions={time_toggle}>
                        <div class="exec-name-row">
                            <label for="execution-name">{ "Name" }</label>
                            <input id="execution-name" class="exec-name-input" data-testid="execution-name"
                                spellcheck="false" placeholder="optional; a UUID when empty"
                                value={state.execution_name.clone()} oninput={on_execution_name} />
                        </div>
                        <ExecutionSummary run={(*shown_run).clone()} refused={state.refused} />
                        if access_denied {
                            <p class="notice notice-hint" data-testid="role-hint">
                                { "The execution role may not invoke this function. " }
                                <button type="button" class="btn btn-link" data-testid="fix-role-button"
                                    onclick={dispatch.reform(|_: MouseEvent| Action::CreateRole)}>
                                    { "Create a role for me" }
                                </button>
                                { ", then start the execution again." }
                            </p>
                        }
                        <ExecutionList rows={execution_rows} on_open={dispatch.reform(Action::OpenRun)} />
                    </Panel>
                    <Panel title="Graph" note="click a state to inspect it · drag to pan · Ctrl + wheel to zoom" class="panel-graph">
                        <Graph layout={(*graph_layout).clone()} statuses={(*statuses).clone()}
                            selected={state.inspected.clone().map(AttrValue::from)} on_select={on_inspect}
                            breakpoints={state.breakpoints.clone()} on_breakpoint={dispatch.reform(Action::ToggleBreakpoint)}
                            paused={paused.clone()} export_name={state.workspace.machine_name.clone()}
                            toolbar={debug_controls} />
                    </Panel>
                    if has_maps {
                        <Panel title="Map iterations" note="one iteration's states, and the combined output" class="panel-map">
                            <MapIterations definition={state.definition.clone()} tree={(*tree).clone()} />
                        </Panel>
                    }
                    if state.inspected.is_some() {
                        <Panel title="State inspector" class="panel-inspector">
                            <StateInspector inspection={(*inspection).clone()}
                                logs={inspector_logs}
                                selected={state.inspected.clone().map(AttrValue::from)} on_close={on_close_inspector}
                                on_entry={on_inspect_entry} />
                        </Panel>
                    }
                    <Panel title="Execution tree" class="panel-tree">
                        <ExecutionTree tree={(*tree).clone()} invocations={invocations}
                            on_inspect={(*on_tree_inspect).clone()} selected={inspected_entry}
                            selection={state.inspected.clone().map(|name| (AttrValue::from(name), state.inspected_entry))}
                            execution_name={execution_name.clone()} />
                    </Panel>
                    <Panel title="Event history" class="panel-history"
                        actions={html! { <HistoryDownload events={history.clone()} execution_name={execution_name.clone()} /> }}>
                        <EventHistory events={history} />
                    </Panel>
                </div>
            </main>
        </div>
    }
}
