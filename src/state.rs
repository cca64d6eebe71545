//! The app's state: one [`AppState`], changed only by [`Action`]s through a pure reducer
//! (Yew's `Reducible`), so it is tested natively (`cargo test`) without a browser.

use std::rc::Rc;

use asl::host::LogLine;
use asl::{Execution, HistoryEvent, Severity, Status};
use serde_json::Value;
use yew::Reducible;

use crate::text;

/// The canonical example's state machine name.
pub const EXAMPLE_MACHINE_NAME: &str = "MapLambda";
/// The canonical example's function name.
pub const EXAMPLE_FUNCTION_NAME: &str = "HelloFunction";
/// The canonical example's definition (the AWS tutorial "Using a Map State to Call Lambda
/// Multiple Times").
pub const EXAMPLE_DEFINITION: &str = r#"{
  "StartAt": "ExampleMapState",
  "States": {
    "ExampleMapState": {
      "Type": "Map",
      "Iterator": {
        "StartAt": "CallLambda",
        "States": {
          "CallLambda": {
            "Type": "Task",
            "Resource": "arn:aws:lambda:us-east-1:123456789012:function:HelloFunction",
            "End": true
          }
        }
      },
      "End": true
    }
  }
}
"#;
/// The canonical example's handler, verbatim from the tutorial.
pub const EXAMPLE_FUNCTION: &str = r#"exports.handler = (event, context, callback) => { callback(null, "Hello, " + event.who + "!"); };
"#;
/// The canonical example's execution input.
pub const EXAMPLE_INPUT: &str = r#"[{"who":"bob"},{"who":"meg"},{"who":"joe"}]
"#;

/// The tutorial's test event for the function.
pub const EXAMPLE_TEST_EVENT: &str = r#"{ "who": "AWS Step Functions" }"#;

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

/// A Lambda function: its name and its handler's source.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Function {
    /// The function's name (`HelloFunction`); Task states name it in their ARN.
    pub name: String,
    /// The Node.js handler source.
    pub code: String,
}

impl Function {
    /// A new function with a starter handler.
    pub fn starter(name: &str) -> Self {
        Self {
            name: name.into(),
            code: format!(
                "exports.handler = async (event, context) => {{\n  console.log(\"{name} received\", event);\n  return event;\n}};\n"
            ),
        }
    }
}

/// What a user edits (what autosave keeps).
#[derive(Debug, Clone, PartialEq)]
pub struct Workspace {
    /// The state machine's name.
    pub machine_name: String,
    /// The state machine definition (JSON or YAML).
    pub definition: String,
    /// The Lambda functions (at least one).
    pub functions: Vec<Function>,
    /// The execution input (JSON).
    pub input: String,
}

impl Workspace {
    /// The canonical example, shown on first load.
    pub fn example() -> Self {
        Self {
            machine_name: EXAMPLE_MACHINE_NAME.into(),
            definition: EXAMPLE_DEFINITION.into(),
            functions: vec![Function {
                name: EXAMPLE_FUNCTION_NAME.into(),
                code: EXAMPLE_FUNCTION.into(),
            }],
            input: EXAMPLE_INPUT.into(),
        }
    }
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

/// Which editor a problem belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The state machine definition.
    Definition,
    /// The execution input.
    Input,
    /// The execution's name.
    ExecutionName,
}

impl Source {
    /// The label shown in the problems list.
    pub fn label(self) -> &'static str {
        match self {
            Source::Definition => "Definition",
            Source::Input => "Input",
            Source::ExecutionName => "Execution name",
        }
    }
}

/// A located problem in one of the editors, ready to show.
#[derive(Debug, Clone, PartialEq)]
pub struct Problem {
    /// The editor it belongs to.
    pub source: Source,
    /// Error or warning.
    pub severity: Severity,
    /// A stable code (`JSON_SYNTAX`, `SCHEMA_VALIDATION_FAILED`, …).
    pub code: String,
    /// The message, without serde_json's ` at line … column …` suffix.
    pub message: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
    /// The range to underline in the editor, in UTF-16 offsets.
    pub range: (usize, usize),
}

impl Problem {
    fn from_diagnostic(source: Source, text: &str, d: &asl::Diagnostic) -> Self {
        Self {
            source,
            severity: d.severity,
            code: d.code.clone(),
            message: text::strip_position_suffix(&d.message).to_string(),
            line: d.line,
            column: d.column,
            range: text::problem_range(text, d.span, d.line, d.column),
        }
    }

    /// Whether it stops an execution from starting.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

/// The problems of a definition text, errors first.
pub fn definition_problems(text: &str) -> Vec<Problem> {
    let mut problems: Vec<Problem> = asl::diagnostics(text)
        .iter()
        .map(|d| Problem::from_diagnostic(Source::Definition, text, d))
        .collect();
    problems.sort_by_key(|p| (!p.is_error(), p.line, p.column));
    problems
}

/// The problem of an input text, if it is not JSON.
pub fn input_problems(text: &str) -> Vec<Problem> {
    match asl::parse_json(text) {
        Ok(_) => vec![],
        Err(d) => vec![Problem::from_diagnostic(Source::Input, text, &d)],
    }
}

/// A shared value compared by identity. The big, growing parts of the state (the history,
/// the invocation records) only change by replacement, so comparing pointers is enough, and
/// it keeps re-renders from walking thousands of events.
#[derive(Debug, Default)]
pub struct Shared<T>(Rc<T>);

impl<T> Shared<T> {
    /// Shares `value`.
    pub fn new(value: T) -> Self {
        Self(Rc::new(value))
    }
}

impl<T: Clone> Shared<T> {
    /// The value, to change (copied first if someone else holds it).
    pub fn make_mut(&mut self) -> &mut T {
        Rc::make_mut(&mut self.0)
    }
}

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> std::ops::Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

/// The problem with an execution name typed by the user, if any (empty: a UUID is used).
/// `used` are the names of this machine's earlier executions: names are unique per machine.
pub fn execution_name_problems(name: &str, used: &[String]) -> Vec<Problem> {
    let problem = |d: asl::Diagnostic| Problem {
        source: Source::ExecutionName,
        severity: d.severity,
        code: d.code,
        message: d.message,
        line: 1,
        column: 1,
        range: (0, 0),
    };
    if name.is_empty() {
        return vec![];
    }
    if used.iter().any(|u| u == name) {
        return vec![Problem {
            source: Source::ExecutionName,
            severity: Severity::Error,
            code: "ExecutionAlreadyExists".into(),
            message: format!("An execution named '{name}' already ran for this state machine"),
            line: 1,
            column: 1,
            range: (0, 0),
        }];
    }
    match asl::check_name("execution name", name) {
        Ok(None) => vec![],
        Ok(Some(warning)) => vec![problem(warning)],
        Err(error) => vec![problem(error)],
    }
}

/// Whether a definition text is JSON (else YAML): JSON starts with `{` or `[`.
pub fn is_json(text: &str) -> bool {
    matches!(text.trim_start().chars().next(), None | Some('{' | '['))
}

/// The definition in the other syntax (JSON → YAML, YAML → JSON), if it parses. Key order is
/// kept; YAML comments are not.
pub fn convert_definition(text: &str) -> Option<String> {
    if is_json(text) {
        let value: Value = serde_json::from_str(text).ok()?;
        Some(crate::yaml::to_yaml(&value))
    } else {
        let value: Value = yaml_serde::from_str(text).ok()?;
        serde_json::to_string_pretty(&value).ok().map(|s| s + "\n")
    }
}

/// Why a new function name is not acceptable (Lambda: 1–64 letters, digits, `-` or `_`;
/// unique), or `None`.
pub fn function_name_problem(name: &str, existing: &[Function]) -> Option<String> {
    if name.is_empty() || name.len() > 64 {
        return Some("A function name has 1 to 64 characters".into());
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Some("A function name has only letters, digits, '-' and '_'".into());
    }
    if existing.iter().any(|f| f.name == name) {
        return Some(format!("There is already a function named {name}"));
    }
    None
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
    /// Function name → handler source.
    pub functions: Vec<(String, String)>,
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
            functions: self
                .workspace
                .functions
                .iter()
                .map(|f| (f.name.clone(), f.code.clone()))
                .collect(),
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
            Action::RunStarted { id, execution_name } => {
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
