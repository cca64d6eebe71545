//! The app's state: one [`AppState`], changed only by [`Action`]s through a pure reducer
//! (Yew's `Reducible`; `reduce` hands each action to its area's reducer), so it is tested
//! natively (`cargo test`) without a browser.

use std::rc::Rc;

use asl::host::LogLine;
use asl::{Definition, Execution, HistoryEvent, Status};
use serde_json::Value;
use yew::Reducible;

mod cursor;
mod log;
mod problems;
mod reduce;
mod settings;
mod shared;
mod time;
mod transfer;
mod workspace;

pub use cursor::*;
pub use log::Log;
pub use problems::*;
pub use shared::Shared;
pub use time::*;
pub use transfer::*;
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
    /// The settings it ran with (names, type, account, Region, role), so that the state
    /// inspector rebuilds the `$$` it saw even after the settings change; `None`: the
    /// workspace's current ones.
    pub config: Option<asl::ExecutionConfig>,
    /// `Running` until it ends.
    pub status: Status,
    /// The events so far (all of them once it ended).
    pub history: Log<HistoryEvent>,
    /// The output, when it succeeded.
    pub output: Option<Value>,
    /// The error name, when it failed.
    pub error: Option<String>,
    /// The cause, when it failed.
    pub cause: Option<String>,
    /// Every Lambda invocation, in the order they were made.
    pub invocations: Log<InvocationRecord>,
    /// The states the execution is paused before (a breakpoint or a step), in the order
    /// they paused; empty while it runs freely.
    pub paused: Vec<String>,
    /// Stepping event by event: how many events the page shows (`None`: all of them; see
    /// [`Run::shown`]).
    pub cursor: Option<usize>,
    /// The tasks waiting for an answer (a task token's or an activity worker's), in the
    /// order they started waiting.
    pub waiting: Vec<Waiting>,
    /// The nested executions it started (`states:startExecution`), in the order they ended.
    pub nested: Vec<NestedRun>,
    /// Its Distributed Maps' Map Runs, in the order they started (the latest report of
    /// each; shared: one lists every child execution).
    pub map_runs: Shared<Vec<asl::map_run::MapRunReport>>,
}

/// A nested execution a run started: kept with its machine's executions.
#[derive(Debug, Clone, PartialEq)]
pub struct NestedRun {
    /// The machine it ran.
    pub machine: String,
    /// The execution's name.
    pub execution_name: String,
    /// Its run id (among the machine's executions).
    pub id: u64,
    /// How it ended.
    pub status: Status,
}

/// The executions of a machine of the workspace that is not the edited one, kept until it
/// is edited again.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MachineRuns {
    /// The machine.
    pub machine: String,
    /// The execution shown when it was last edited.
    pub run: Option<Run>,
    /// Its other recent executions, newest first.
    pub other_runs: Vec<Run>,
    /// The names of its executions so far.
    pub used_names: Rc<Vec<String>>,
    /// Its breakpoints.
    pub breakpoints: Rc<std::collections::BTreeSet<String>>,
}

impl Run {
    /// A run that just started: RUNNING, nothing recorded yet.
    pub fn new(
        id: u64,
        execution_name: String,
        definition: Option<Shared<asl::Definition>>,
        config: Option<asl::ExecutionConfig>,
    ) -> Self {
        Self {
            id,
            execution_name,
            definition,
            config,
            status: Status::Running,
            history: Log::default(),
            output: None,
            error: None,
            cause: None,
            invocations: Log::default(),
            paused: vec![],
            cursor: None,
            waiting: vec![],
            nested: vec![],
            map_runs: Shared::default(),
        }
    }
}

/// A task of the run waiting for an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct Waiting {
    /// What waits.
    pub task: asl::host::callback::WaitingTask,
    /// For an activity: whether a worker got it (Get activity task) yet.
    pub started: bool,
}

/// Display preferences (kept in the browser, not in share links).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Prefs {
    /// The dark theme.
    pub dark: bool,
    /// Large fonts (for a projector).
    pub large_font: bool,
}

/// A message over the workspace (a share link opened or refused).
#[derive(Debug, Clone, PartialEq)]
pub struct Notice {
    /// An error (else information).
    pub error: bool,
    /// What happened.
    pub text: String,
}

/// How many executions the execution list keeps (the shown one included).
pub const KEPT_RUNS: usize = 20;

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
    /// The definition loaded from the last text that loaded, once per edit: the graph, the
    /// functions it calls, its Map states and the run derive from it. While the text has
    /// errors it stays the previous one (the graph keeps showing it; nothing runs, see
    /// [`AppState::loaded_definition`]).
    pub definition: Option<Shared<Definition>>,
    /// The last Start execution was refused because of problems.
    pub refused: bool,
    /// The function shown in the editor (index into `workspace.functions`).
    pub selected_function: usize,
    /// The latest request to show a range in an editor.
    pub reveal: Option<Reveal>,
    /// The state shown in the state inspector.
    pub inspected: Option<String>,
    /// The inspected entry of that state (its tree node's `first_event_id`); `None`: the latest.
    pub inspected_entry: Option<u64>,
    /// States with a breakpoint: executions pause before entering them.
    pub breakpoints: Rc<std::collections::BTreeSet<String>>,
    /// The selected function's selected test event (index into its `test_events`).
    pub selected_test_event: usize,
    /// Why the last test event rename was refused.
    pub test_event_problem: Option<String>,
    /// The last function test.
    pub function_test: Option<FunctionTest>,
    /// The execution shown (the latest, unless an older one was opened).
    pub run: Option<Run>,
    /// This machine's other recent executions, newest first (at most [`KEPT_RUNS`] - 1).
    pub other_runs: Vec<Run>,
    /// Problems with the execution role (invalid policy; functions it may not invoke).
    pub role_problems: Rc<Vec<Problem>>,
    /// Why the last account/Region change was refused.
    pub settings_problem: Option<String>,
    /// Whether the settings drawer is open.
    pub settings_open: bool,
    /// Display preferences.
    pub prefs: Prefs,
    /// A message over the workspace.
    pub notice: Option<Notice>,
    /// The work a share link replaced ("Restore your previous work").
    pub previous_work: Option<Workspace>,
    /// The executions of the workspace's other machines.
    pub machine_runs: Vec<MachineRuns>,
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
    /// The loaded definition (the state's, shared).
    pub definition: Shared<Definition>,
    /// The parsed input.
    pub input: Value,
    /// The input as the user typed it (the history records it verbatim, as AWS does).
    pub input_text: String,
    /// The execution's configuration (names, type, account, Region, role ARN), with the
    /// execution's name still empty: see [`RunPlan::config`].
    pub machine: asl::ExecutionConfig,
    /// The execution's name, if the user gave one.
    pub execution_name: Option<String>,
    /// The functions (name, handler, timeout).
    pub functions: Vec<Function>,
    /// Use real time instead of virtual time.
    pub real_time: bool,
    /// Real time's speed factor.
    pub speed: u32,
    /// The AWS account id.
    pub account: String,
    /// The execution role.
    pub role: Role,
    /// The playground's S3 objects the run starts with.
    pub objects: Rc<Vec<S3Object>>,
    /// The workspace's machines whose definitions load (the edited one included), which
    /// `states:startExecution` tasks can start.
    pub machines: Vec<PlannedMachine>,
}

/// A machine of the workspace a run can start as a nested execution.
#[derive(Debug, Clone)]
pub struct PlannedMachine {
    /// Its name.
    pub name: String,
    /// Standard or Express.
    pub machine_type: MachineType,
    /// Its loaded definition.
    pub definition: Shared<Definition>,
}

impl RunPlan {
    /// The execution's configuration: names, type, account, Region, role ARN.
    pub fn config(&self, execution_name: &str) -> asl::ExecutionConfig {
        asl::ExecutionConfig {
            execution_name: execution_name.into(),
            ..self.machine.clone()
        }
    }
}

impl AppState {
    /// The state for a workspace (validated at once).
    pub fn new(mut workspace: Workspace) -> Self {
        workspace.normalize_test_events();
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
            definition: None,
            refused: false,
            selected_function: 0,
            reveal: None,
            inspected: None,
            inspected_entry: None,
            breakpoints: Rc::default(),
            selected_test_event: 0,
            test_event_problem: None,
            function_test: None,
            run: None,
            other_runs: vec![],
            role_problems: Rc::default(),
            settings_problem: None,
            settings_open: false,
            prefs: Prefs::default(),
            notice: None,
            previous_work: None,
            machine_runs: vec![],
            last_run_id: 0,
        };
        state.set_definition(workspace.definition);
        state.set_input(workspace.input);
        state.refresh_role_problems();
        state
    }

    /// The page's first state: the saved work, or the workspace of a share link in the URL
    /// fragment (the saved work then stays restorable; a bad link leaves it open, with a
    /// message). Nothing runs.
    pub fn open(saved: Workspace, fragment: Option<&str>) -> Self {
        let state = Rc::new(Self::new(saved));
        match fragment.filter(|f| asl::share::is_share_fragment(f)) {
            Some(f) => Rc::unwrap_or_clone(state.reduce(Action::OpenLink(f.to_string()))),
            None => Rc::unwrap_or_clone(state),
        }
    }

    /// The same configuration as a run of the current workspace named `execution_name`.
    pub fn execution_config(&self, execution_name: &str) -> asl::ExecutionConfig {
        self.workspace.execution_config(execution_name)
    }

    /// The definition, if the current text loaded (no errors): what runs, and what "Create a
    /// role for me" covers.
    pub fn loaded_definition(&self) -> Option<&Shared<Definition>> {
        let loads = !self.definition_problems.iter().any(Problem::is_error);
        self.definition.as_ref().filter(|_| loads)
    }

    /// The Lambda functions the last definition that loaded calls, by name, in order of
    /// first use.
    pub fn called_functions(&self) -> Vec<String> {
        self.definition
            .as_ref()
            .map(|d| d.called_functions())
            .unwrap_or_default()
    }

    /// Replaces the workspace (an example, a shared workspace, restored work); the runs,
    /// tests and problems start afresh, the preferences and the run counter stay.
    fn replace_workspace(&mut self, workspace: Workspace) {
        let mut fresh = AppState::new(workspace);
        fresh.last_run_id = self.last_run_id;
        fresh.prefs = self.prefs;
        fresh.settings_open = self.settings_open;
        fresh.previous_work = self.previous_work.take();
        *self = fresh;
    }

    /// Recomputes [`AppState::role_problems`] from the definition, role, account, Region.
    fn refresh_role_problems(&mut self) {
        let problem = |code: asl::DiagnosticCode, message: String| Problem {
            source: Source::Role,
            severity: code.severity(),
            code,
            message,
            line: 1,
            column: 1,
            range: (0, 0),
        };
        let w = &self.workspace;
        let mut out = Vec::new();
        if let Some(why) = asl::iam::role_name_problem(&w.role.name) {
            out.push(problem(asl::DiagnosticCode::RoleName, why));
        }
        match asl::iam::Policy::parse(&w.role.policy) {
            Err(why) => out.push(problem(asl::DiagnosticCode::RolePolicy, why)),
            Ok(policy) => {
                for name in self.called_functions() {
                    let arn = w.function_arn(&name);
                    if policy.decide(asl::iam::INVOKE_ACTION, &arn) != asl::iam::Decision::Allowed {
                        out.push(problem(
                            asl::DiagnosticCode::RoleDeniesInvoke,
                            format!("The execution role may not invoke {name}: its Task will fail with AccessDenied (Settings → Create a role for me)"),
                        ));
                    }
                }
            }
        }
        self.role_problems = Rc::new(out);
    }

    /// Every execution kept (the shown one included), newest first.
    pub fn runs(&self) -> Vec<&Run> {
        let mut all: Vec<&Run> = self.run.iter().chain(self.other_runs.iter()).collect();
        all.sort_by_key(|r| std::cmp::Reverse(r.id));
        all
    }

    /// Takes a new definition text: loads it (once) into [`AppState::definition`] and
    /// [`AppState::definition_problems`].
    fn set_definition(&mut self, text: String) {
        let problems = match asl::load(&text) {
            Ok(definition) => {
                let problems = definition_problems(&text, &definition.warnings);
                self.definition = Some(Shared::new(definition));
                problems
            }
            Err(diagnostics) => definition_problems(&text, &diagnostics),
        };
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

    /// The selected function's selected test event.
    pub fn selected_test_event(&self) -> Option<&TestEvent> {
        self.selected()?.test_events.get(self.selected_test_event)
    }

    /// The selected function's test events, to change.
    fn test_events_mut(&mut self) -> Option<&mut Vec<TestEvent>> {
        let i = self.selected_function;
        self.workspace
            .functions
            .get_mut(i)
            .map(|f| &mut f.test_events)
    }

    /// Whether an execution is running (shown or not).
    pub fn is_running(&self) -> bool {
        self.run
            .iter()
            .chain(self.other_runs.iter())
            .any(|r| r.status == Status::Running)
    }

    /// All problems: definition, input, execution name.
    pub fn problems(&self) -> impl Iterator<Item = &Problem> {
        self.definition_problems
            .iter()
            .chain(self.input_problems.iter())
            .chain(self.name_problems.iter())
            .chain(self.role_problems.iter())
    }

    /// Checks the definition and input and prepares an execution; `None` when an error
    /// stands in the way (the problems list says which).
    pub fn plan_run(&self) -> Option<RunPlan> {
        if self.problems().any(Problem::is_error) {
            return None;
        }
        let definition = self.loaded_definition()?.clone();
        let input = asl::parse_json(&self.workspace.input).ok()?;
        let mut plan = self.plan(definition, input, self.workspace.input.clone());
        plan.execution_name = Some(self.execution_name.clone()).filter(|n| !n.is_empty());
        Some(plan)
    }

    /// Prepares the execution of an exercise's run check (`n`: its number among the checks)
    /// on the workspace as it is: the check's input and machine, its injected faults over the
    /// functions' own, virtual time. Only the definition has to load (the input editor and the
    /// execution name are not the check's); else why not, located.
    pub fn plan_check(&self, check: &asl::exercise::RunCheck, n: usize) -> Result<RunPlan, String> {
        let w = &self.workspace;
        let edited = check.machine.as_ref().is_none_or(|m| *m == w.machine_name);
        let (definition, name, machine_type) = if edited {
            let Some(d) = self.loaded_definition() else {
                let why = self
                    .definition_problems
                    .iter()
                    .find(|p| p.is_error())
                    .map(|p| format!(": {}:{}: {}", p.line, p.column, p.message))
                    .unwrap_or_default();
                return Err(format!("the definition does not load{why}"));
            };
            (d.clone(), w.machine_name.clone(), w.machine_type)
        } else {
            let name = check.machine.clone().unwrap_or_default();
            let Some(m) = w.machines.iter().find(|m| m.name == name) else {
                return Err(format!("the workspace has no state machine named {name}"));
            };
            match asl::load(&m.definition) {
                Ok(d) => (Shared::new(d), name, m.machine_type),
                Err(ds) => {
                    let why = ds
                        .iter()
                        .find(|d| d.is_error())
                        .map(|d| format!(": {}:{}: {}", d.line, d.column, d.message))
                        .unwrap_or_default();
                    return Err(format!("the definition of {name} does not load{why}"));
                }
            }
        };
        let input_text = serde_json::to_string(&check.input).unwrap_or_default();
        let mut plan = self.plan(definition, check.input.clone(), input_text);
        plan.machine.state_machine_name = name;
        plan.machine.machine_type = machine_type;
        plan.execution_name = Some(format!("check-{}", n + 1));
        plan.real_time = false;
        for f in &mut plan.functions {
            if let Some(faults) = check.faults.functions.get(&f.name) {
                f.faults = Some(faults.clone());
            }
        }
        Ok(plan)
    }

    /// An execution of `definition` on `input` with the workspace's functions, settings and
    /// machines.
    fn plan(&self, definition: Shared<Definition>, input: Value, input_text: String) -> RunPlan {
        let w = &self.workspace;
        RunPlan {
            run_id: self.last_run_id + 1,
            input,
            input_text,
            machine: w.execution_config(""),
            execution_name: None,
            functions: w.functions.clone(),
            real_time: w.time.real_time,
            speed: w.time.speed,
            account: w.account.clone(),
            role: w.role.clone(),
            objects: w.objects.clone(),
            machines: std::iter::once(PlannedMachine {
                name: w.machine_name.clone(),
                machine_type: w.machine_type,
                definition: definition.clone(),
            })
            .chain(w.machines.iter().filter_map(|m| {
                Some(PlannedMachine {
                    name: m.name.clone(),
                    machine_type: m.machine_type,
                    definition: Shared::new(asl::load(&m.definition).ok()?),
                })
            }))
            .collect(),
            definition,
        }
    }

    fn current_run(&mut self, id: u64) -> Option<&mut Run> {
        self.run
            .iter_mut()
            .chain(self.other_runs.iter_mut())
            .find(|r| r.id == id)
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
    LoadExample(Workspace),
    /// Open an exercise's workspace (the run and test results are cleared); with a notice,
    /// the work it replaces becomes restorable and the notice says so.
    LoadExercise {
        /// The exercise's workspace (the attendee's own work, or the starter).
        workspace: Workspace,
        /// What to tell (opening a course over other work), if anything.
        notice: Option<String>,
    },
    /// The execution name field changed.
    EditExecutionName(String),
    /// Rewrite the definition in the other syntax (JSON ⇄ YAML).
    ToggleFormat,
    /// Show this state in the inspector (`None`, or the shown one again: close it).
    Inspect(Option<String>),
    /// Show this entry (its tree node's `first_event_id`) of this state in the inspector.
    InspectEntry(String, u64),
    /// Set or clear the breakpoint on this state.
    ToggleBreakpoint(String),
    /// Set the selected function's timeout (seconds; clamped to 1–900).
    SetFunctionTimeout(u32),
    /// Set (or clear) the faults injected into the selected function's invocations.
    SetFunctionFaults(Option<asl::host::faults::FunctionFaults>),
    /// Set (or clear) the selected mock's fixed answer (ignored for a Lambda function).
    SetMockAnswer(Option<asl::host::fixed::FixedAnswer>),
    /// Switch between real and virtual time.
    SetRealTime(bool),
    /// Set real time's speed factor (one of [`SPEEDS`]; others are ignored).
    SetSpeed(u32),
    /// Show a problem's range in its editor.
    RevealProblem(Source, (usize, usize)),
    /// The selected test event's text changed.
    EditTestEvent(String),
    /// Select this test event (index) of the selected function.
    SelectTestEvent(usize),
    /// Create a test event (a copy of the selected one, with a new name) and select it.
    AddTestEvent,
    /// Rename the selected test event (refused, with a message, when the name is not
    /// acceptable).
    RenameTestEvent(String),
    /// Delete the selected test event; the last one stays.
    RemoveTestEvent,
    /// A function test started.
    FunctionTestStarted,
    /// A function test ended.
    FunctionTestFinished(asl::host::InvocationResult),
    /// Start execution was refused (problems in the definition or input).
    RunRefused,
    /// Open the workspace of a share link fragment (`#v1.…`); the current work becomes
    /// restorable. A bad link only sets a message.
    OpenLink(String),
    /// Go back to the work the share link replaced.
    RestorePreviousWork,
    /// Hide the message over the workspace.
    DismissNotice,
    /// Show a message over the workspace.
    Notify(Notice),
    /// Import a file (its name and text): a definition replaces the definition, a template
    /// the workspace (the current work becomes restorable), an execution history joins the
    /// executions as if it had run here. What cannot be imported only sets a message.
    ImportFile {
        /// The file's name.
        name: String,
        /// Its text.
        text: String,
    },
    /// Rename the state machine (refused, with a message, when the name breaks AWS's rules).
    SetMachineName(String),
    /// Set the state machine's type.
    SetMachineType(MachineType),
    /// Move the workspace to this account and Region (refused, with a message, if invalid).
    Relocate {
        /// 12 digits.
        account: String,
        /// `us-east-1`, ….
        region: String,
    },
    /// The execution role's name changed.
    SetRoleName(String),
    /// The execution role's policy text changed.
    EditRolePolicy(String),
    /// "Create a role for me": a policy allowing exactly the functions the definition calls.
    CreateRole,
    /// Open or close the settings drawer.
    ToggleSettings,
    /// Change the display preferences.
    SetPrefs(Prefs),
    /// Show this execution (by run id) from the execution list.
    OpenRun(u64),
    /// An execution started.
    RunStarted {
        /// [`RunPlan::run_id`].
        id: u64,
        /// The execution's name.
        execution_name: String,
        /// The definition it runs (for the state inspector).
        definition: Option<Shared<asl::Definition>>,
        /// The settings it runs with (for the state inspector; `None`: the workspace's).
        config: Option<asl::ExecutionConfig>,
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
    /// Map Runs of the run started, moved on or ended (their latest reports).
    MapRunProgress {
        /// The run.
        id: u64,
        /// The reports.
        reports: Vec<asl::map_run::MapRunReport>,
    },
    /// The execution paused before these states (empty: it goes on).
    RunPaused {
        /// The run.
        id: u64,
        /// The states it waits before, in the order they paused.
        states: Vec<String>,
    },
    /// Step through the shown execution: one event, or up to the next state (see
    /// [`AppState::step_effect`] for what else it takes).
    Step(StepKind),
    /// Show all of the shown execution's events (Continue).
    RevealAll,
    /// The execution was stopped from the page (Stop).
    RunAborted {
        /// The run.
        id: u64,
    },
    /// A task of the run started waiting for an answer (again after a heartbeat).
    TaskWaiting {
        /// The run.
        id: u64,
        /// What waits.
        task: asl::host::callback::WaitingTask,
    },
    /// The user gave an activity to a worker (Get activity task).
    ActivityStarted {
        /// The run.
        id: u64,
        /// The task's token.
        token: String,
    },
    /// A task of the run no longer waits (answered, timed out).
    TaskSettled {
        /// The run.
        id: u64,
        /// Its token.
        token: String,
    },
    /// Add (or replace) an object in the playground's S3.
    PutObject(S3Object),
    /// Delete the object of this bucket and key.
    DeleteObject(String, String),
    /// A run wrote these objects (a ResultWriter).
    ObjectsWritten(Vec<S3Object>),
    /// Edit the workspace's machine of this name instead (not while an execution runs).
    SwitchMachine(String),
    /// Add a state machine to the workspace and edit it.
    AddMachine,
    /// Delete the edited machine (and its executions); another one is edited. The last one
    /// stays.
    RemoveMachine,
    /// A nested execution a run started ended.
    NestedFinished {
        /// The run that started it (or its ancestor).
        parent: u64,
        /// The machine it ran.
        machine: String,
        /// The execution's name.
        execution_name: String,
        /// The definition it ran.
        definition: Shared<asl::Definition>,
        /// How it ended, with its history.
        execution: Execution,
    },
    /// Show this execution (run id) of this machine, editing the machine.
    OpenNested {
        /// The machine.
        machine: String,
        /// The run id.
        id: u64,
    },
    /// The execution ended.
    RunFinished {
        /// The run.
        id: u64,
        /// How it ended (its history, when kept, replaces the events streamed so far).
        execution: Execution,
    },
}
