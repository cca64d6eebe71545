//! The app's state: one [`AppState`], changed only by [`Action`]s through a pure reducer
//! (Yew's `Reducible`), so it is tested natively (`cargo test`) without a browser.

use std::rc::Rc;

use asl::host::LogLine;
use asl::{Execution, HistoryEvent, Status};
use serde_json::Value;
use yew::Reducible;

mod problems;
mod shared;
mod workspace;

pub use problems::*;
pub use shared::Shared;
pub use workspace::*;

/// The result of testing the function alone with a test event.
#[derive(Debug, Clone, PartialEq)]
pub struct FunctionTest {
    /// Still running.
    pub running: bool,
    /// How it ended.
    pub outcome: Option<asl::host::InvocationOutcome>,
    /// Captured console lines.
    pub logs: Vec<LogLine>,
    /// Handler duration in milliseconds.
    pub duration_ms: f64,
}

/// A request to show a range in an editor (a clicked problem). `seq` makes each request
/// new, so clicking the same problem twice reveals it twice.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reveal {
    /// The editor.
    pub source: Source,
    /// UTF-16 range.
    pub range: (usize, usize),
    /// Request number.
    pub seq: u64,
}

/// What one Lambda invocation logged and how long it took (from the Worker).
#[derive(Debug, Clone, PartialEq)]
pub struct InvocationRecord {
    /// `context.awsRequestId`.
    pub request_id: String,
    /// The function's name.
    pub function_name: String,
    /// The event it was called with.
    pub payload: Value,
    /// The id of its `LambdaFunctionScheduled`/`TaskScheduled` event (the tree node's
    /// `first_event_id`), as the interpreter reported it.
    pub scheduled_event_id: Option<u64>,
    /// Captured `console.*` lines.
    pub logs: Vec<LogLine>,
    /// Wall-clock duration of the handler, in milliseconds.
    pub duration_ms: f64,
}

/// One execution, running or finished.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    /// Identifies the run inside this page (later runs have larger ids).
    pub id: u64,
    /// The execution's name.
    pub execution_name: String,
    /// The definition it ran.
    pub definition: Option<Shared<asl::Definition>>,
    /// `Running` until it ends.
    pub status: Status,
    /// The events so far (all of them once it ended).
    pub history: Shared<Vec<HistoryEvent>>,
    /// The output, when it succeeded.
    pub output: Option<Value>,
    /// The error name, when it failed.
    pub error: Option<String>,
    /// The cause, when it failed.
    pub cause: Option<String>,
    /// Every Lambda invocation, in the order they were made.
    pub invocations: Shared<Vec<InvocationRecord>>,
}

/// Everything the page shows.
#[derive(Debug, Clone, PartialEq)]
pub struct AppState {
    /// The edited texts.
    pub workspace: Workspace,
    /// Live diagnostics of the definition.
    pub definition_problems: Rc<Vec<Problem>>,
    /// Live diagnostics of the input.
    pub input_problems: Rc<Vec<Problem>>,
    /// The execution name typed by the user (empty: a UUID is generated).
    pub execution_name: String,
    /// Problems with it.
    pub name_problems: Rc<Vec<Problem>>,
    /// Names of this machine's executions so far (they must be unique).
    pub used_names: Rc<Vec<String>>,
    /// The definition as JSON, from the last text that loaded (for the graph).
    pub definition_json: Option<Rc<Value>>,
    /// The last Start execution was refused because of problems.
    pub refused: bool,
    /// Executions use real time (else virtual time: waits complete at once).
    pub real_time: bool,
    /// The function shown in the editor (index into `workspace.functions`).
    pub selected_function: usize,
    /// The latest request to show a range in an editor.
    pub reveal: Option<Reveal>,
    /// The state shown in the state inspector.
    pub inspected: Option<String>,
    /// The function's test event (JSON text).
    pub test_event: String,
    /// The last function test.
    pub function_test: Option<FunctionTest>,
    /// The latest execution.
    pub run: Option<Run>,
    last_run_id: u64,
}

impl Default for AppState {
    fn default() -> Self {
        Self::new(Workspace::example())
    }
}

/// Everything an execution needs, checked: made by [`AppState::plan_run`].
#[derive(Debug, Clone)]
pub struct RunPlan {
    /// The id the run gets.
    pub run_id: u64,
    /// The loaded definition.
    pub definition: asl::Definition,
    /// The parsed input.
    pub input: Value,
    /// The state machine's name.
    pub machine_name: String,
    /// The execution's name, if the user gave one.
    pub execution_name: Option<String>,
    /// The functions (name, handler, timeout).
    pub functions: Vec<Function>,
    /// Use real time instead of virtual time.
    pub real_time: bool,
}

impl AppState {
    /// The state for a workspace (validated at once).
    pub fn new(workspace: Workspace) -> Self {
        let mut state = Self {
            workspace: Workspace {
                definition: String::new(),
                input: String::new(),
                ..workspace.clone()
            },
            definition_problems: Rc::default(),
            input_problems: Rc::default(),
            execution_name: String::new(),
            name_problems: Rc::default(),
            used_names: Rc::default(),
            definition_json: None,
            refused: false,
            real_time: false,
            selected_function: 0,
            reveal: None,
            inspected: None,
            test_event: EXAMPLE_TEST_EVENT.into(),
            function_test: None,
            run: None,
            last_run_id: 0,
        };
        state.set_definition(workspace.definition);
        state.set_input(workspace.input);
        state
    }

    fn set_definition(&mut self, text: String) {
        let problems = definition_problems(&text);
        if !problems.iter().any(Problem::is_error) {
            if let Ok(def) = asl::load(&text) {
                self.definition_json = Some(Rc::new(def.json));
            }
        }
        self.definition_problems = Rc::new(problems);
        self.workspace.definition = text;
        self.refused = false;
    }

    fn set_input(&mut self, text: String) {
        self.input_problems = Rc::new(input_problems(&text));
        self.workspace.input = text;
        self.refused = false;
    }

    /// The function shown in the editor.
    pub fn selected(&self) -> Option<&Function> {
        self.workspace.functions.get(self.selected_function)
    }

    /// Whether an execution is running.
    pub fn is_running(&self) -> bool {
        self.run
            .as_ref()
            .is_some_and(|r| r.status == Status::Running)
    }

    /// All problems: definition, input, execution name.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.definition_problems
            .iter()
            .chain(self.input_problems.iter())
            .chain(self.name_problems.iter())
    }

    /// Checks the definition and input and prepares an execution; `None` when an error
    /// stands in the way (the problems list says which).
    pub fn plan_run(&self) -> Option<RunPlan> {
        if self.problems().any(Problem::is_error) {
            return None;
        }
        let definition = asl::load(&self.workspace.definition).ok()?;
        let input = asl::parse_json(&self.workspace.input).ok()?;
        Some(RunPlan {
            run_id: self.last_run_id + 1,
            definition,
            input,
            machine_name: self.workspace.machine_name.clone(),
            execution_name: Some(self.execution_name.clone()).filter(|n| !n.is_empty()),
            functions: self.workspace.functions.clone(),
            real_time: self.real_time,
        })
    }

    fn current_run(&mut self, id: u64) -> Option<&mut Run> {
        self.run.as_mut().filter(|r| r.id == id)
    }
}

/// Everything that changes the state.
#[derive(Debug, Clone)]
pub enum Action {
    /// The definition text changed.
    EditDefinition(String),
    /// The selected function's handler source changed.
    EditFunction(String),
    /// Show this function (index) in the editor.
    SelectFunction(usize),
    /// Create a function with a starter handler (ignored if the name is not acceptable).
    AddFunction(String),
    /// Delete this function (index); the last one stays.
    RemoveFunction(usize),
    /// The input text changed.
    EditInput(String),
    /// Replace the workspace with an example (the run and test results are cleared).
    LoadExample(Workspace, String),
    /// The execution name field changed.
    EditExecutionName(String),
    /// Rewrite the definition in the other syntax (JSON ⇄ YAML).
    ToggleFormat,
    /// Show this state in the inspector (`None`, or the shown one again: close it).
    Inspect(Option<String>),
    /// Set the selected function's timeout (seconds; clamped to 1–900).
    SetFunctionTimeout(u32),
    /// Switch between real and virtual time.
    SetRealTime(bool),
    /// Show a problem's range in its editor.
    RevealProblem(Source, (usize, usize)),
    /// The function's test event changed.
    EditTestEvent(String),
    /// A function test started.
    FunctionTestStarted,
    /// A function test ended.
    FunctionTestFinished(asl::host::InvocationResult),
    /// Start execution was refused (problems in the definition or input).
    RunRefused,
    /// An execution started.
    RunStarted {
        /// [`RunPlan::run_id`].
        id: u64,
        /// The execution's name.
        execution_name: String,
        /// The definition it runs (for the state inspector).
        definition: Option<Shared<asl::Definition>>,
    },
    /// History events were recorded and invocations finished (batched).
    RunProgress {
        /// The run.
        id: u64,
        /// The new events, in order.
        events: Vec<HistoryEvent>,
        /// The invocations that finished, in order.
        invocations: Vec<InvocationRecord>,
    },
    /// The execution was stopped from the page (Stop).
    RunAborted {
        /// The run.
        id: u64,
    },
    /// The execution ended.
    RunFinished {
        /// The run.
        id: u64,
        /// How it ended, with the whole history.
        execution: Execution,
    },
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = Rc::unwrap_or_clone(self);
        match action {
            Action::EditDefinition(text) => {
                if text != state.workspace.definition {
                    state.set_definition(text);
                }
            }
            Action::EditFunction(text) => {
                let i = state.selected_function;
                if let Some(f) = state.workspace.functions.get_mut(i) {
                    f.code = text;
                }
            }
            Action::SelectFunction(i) => {
                if i < state.workspace.functions.len() {
                    state.selected_function = i;
                    state.function_test = None;
                }
            }
            Action::AddFunction(name) => {
                if function_name_problem(&name, &state.workspace.functions).is_none() {
                    state.workspace.functions.push(Function::starter(&name));
                    state.selected_function = state.workspace.functions.len() - 1;
                    state.function_test = None;
                }
            }
            Action::RemoveFunction(i) => {
                if state.workspace.functions.len() > 1 && i < state.workspace.functions.len() {
                    state.workspace.functions.remove(i);
                    let selected = state.selected_function;
                    if selected > i || selected >= state.workspace.functions.len() {
                        state.selected_function = selected.saturating_sub(1);
                    }
                    state.function_test = None;
                }
            }
            Action::EditInput(text) => {
                if text != state.workspace.input {
                    state.set_input(text);
                }
            }
            Action::LoadExample(workspace, test_event) => {
                let (last_run_id, real_time) = (state.last_run_id, state.real_time);
                state = AppState::new(workspace);
                state.test_event = test_event;
                state.last_run_id = last_run_id;
                state.real_time = real_time;
            }
            Action::EditExecutionName(name) => {
                state.name_problems = Rc::new(execution_name_problems(&name, &state.used_names));
                state.execution_name = name;
                state.refused = false;
            }
            Action::SetRealTime(on) => state.real_time = on,
            Action::SetFunctionTimeout(seconds) => {
                let i = state.selected_function;
                if let Some(f) = state.workspace.functions.get_mut(i) {
                    f.timeout_s = seconds.clamp(1, MAX_TIMEOUT_S);
                }
            }
            Action::Inspect(name) => {
                state.inspected = if name == state.inspected { None } else { name };
            }
            Action::ToggleFormat => {
                if let Some(text) = convert_definition(&state.workspace.definition) {
                    state.set_definition(text);
                }
            }
            Action::RevealProblem(source, range) => {
                let seq = state.reveal.map_or(1, |r| r.seq + 1);
                state.reveal = Some(Reveal { source, range, seq });
            }
            Action::EditTestEvent(text) => state.test_event = text,
            Action::FunctionTestStarted => {
                state.function_test = Some(FunctionTest {
                    running: true,
                    outcome: None,
                    logs: vec![],
                    duration_ms: 0.0,
                });
            }
            Action::FunctionTestFinished(result) => {
                state.function_test = Some(FunctionTest {
                    running: false,
                    outcome: Some(result.outcome),
                    logs: result.logs,
                    duration_ms: result.duration_ms,
                });
            }
            Action::RunRefused => state.refused = true,
            Action::RunStarted {
                id,
                execution_name,
                definition,
            } => {
                if id > state.last_run_id {
                    state.last_run_id = id;
                    state.refused = false;
                    Rc::make_mut(&mut state.used_names).push(execution_name.clone());
                    if state.execution_name == execution_name {
                        state.execution_name.clear();
                        state.name_problems = Rc::default();
                    }
                    state.run = Some(Run {
                        id,
                        execution_name,
                        definition,
                        status: Status::Running,
                        history: Shared::default(),
                        output: None,
                        error: None,
                        cause: None,
                        invocations: Shared::default(),
                    });
                }
            }
            Action::RunProgress {
                id,
                events,
                invocations,
            } => {
                if let Some(run) = state
                    .current_run(id)
                    .filter(|r| r.status == Status::Running)
                {
                    if !events.is_empty() {
                        run.history.make_mut().extend(events);
                    }
                    if !invocations.is_empty() {
                        run.invocations.make_mut().extend(invocations);
                    }
                }
            }
            Action::RunAborted { id } => {
                if let Some(run) = state.current_run(id) {
                    if run.status == Status::Running {
                        run.status = Status::Aborted;
                        let history = run.history.make_mut();
                        let (last_id, last_ms) =
                            history.last().map_or((0, 0), |e| (e.id, e.timestamp_ms));
                        history.push(HistoryEvent {
                            id: last_id + 1,
                            previous_event_id: last_id,
                            timestamp_ms: last_ms,
                            kind: "ExecutionAborted".into(),
                            details: None,
                        });
                    }
                }
            }
            Action::RunFinished { id, execution } => {
                if let Some(run) = state
                    .current_run(id)
                    .filter(|r| r.status == Status::Running)
                {
                    run.status = execution.status;
                    run.output = execution.output;
                    run.error = execution.error;
                    run.cause = execution.cause;
                    if !execution.history.is_empty() || run.history.is_empty() {
                        run.history = Shared::new(execution.history);
                    }
                }
            }
        }
        Rc::new(state)
    }
}

/// A UUID v4 from 128 random bits: the console's default execution name, a request id.
pub fn uuid_v4(hi: u64, lo: u64) -> String {
    let hi = (hi & 0xffff_ffff_ffff_0fff) | 0x0000_0000_0000_4000;
    let lo = (lo & 0x3fff_ffff_ffff_ffff) | 0x8000_0000_0000_0000;
    format!(
        "{:08x}-{:04x}-{:04x}-{:04x}-{:012x}",
        hi >> 32,
        (hi >> 16) & 0xffff,
        hi & 0xffff,
        lo >> 48,
        lo & 0xffff_ffff_ffff
    )
}
