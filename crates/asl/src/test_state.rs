//! TestState: one state run alone, as AWS's TestState API runs it. The state is given on its
//! own (its JSON) or as a state of a whole definition (`state_name`), with an input, the
//! workflow variables and context fields it should see, and optionally a mocked result or
//! error for a Task (then nothing is called). The answer has AWS's shape: `status`
//! (`SUCCEEDED`, `FAILED`, `RETRIABLE` when a `Retry` entry would retry the error,
//! `CAUGHT_ERROR` when a `Catch` entry took it), `output`, `error`, `cause`, `nextState`, and
//! at the DEBUG and TRACE inspection levels `inspectionData` (the data flow step by step,
//! the variables, which retrier or catcher handled the error; TRACE adds an HTTP Task's
//! request and response).
//!
//! It runs the state in a small machine of its own: the state, and a `Pass` stand-in for each
//! state it can go to (so that its transitions are valid), stopped as soon as the state has
//! exited. Retries are not made: a retriable error is reported as such, with the back-off the
//! retrier would wait (`retrier_retry_count` says how many retries came before).

use std::cell::RefCell;

use serde_json::{json, Map, Value};

use crate::config::ExecutionConfig;
use crate::definition::{State, StateKind};
use crate::diagnostic::{Diagnostic, DiagnosticCode};
use crate::errors::RuntimeError;
use crate::exec::{run_with, Extras};
use crate::history::{json_text, HistoryEvent};
use crate::host::{Host, Observer};

/// How much TestState tells besides the result.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InspectionLevel {
    /// Status, output or error, next state.
    #[default]
    Info,
    /// Also the data flow (`inspectionData`).
    Debug,
    /// Also an HTTP Task's request and response.
    Trace,
}

impl InspectionLevel {
    /// `INFO`, `DEBUG` or `TRACE`.
    pub fn parse(text: &str) -> Option<Self> {
        match text {
            "INFO" => Some(Self::Info),
            "DEBUG" => Some(Self::Debug),
            "TRACE" => Some(Self::Trace),
            _ => None,
        }
    }
}

/// How the tested state ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TestStatus {
    /// It gave an output.
    Succeeded,
    /// It failed, and neither a retrier nor a catcher took the error.
    Failed,
    /// It failed, and a `Retry` entry would retry it.
    Retriable,
    /// It failed, and a `Catch` entry took the error.
    CaughtError,
}

impl TestStatus {
    /// `SUCCEEDED`, `FAILED`, `RETRIABLE` or `CAUGHT_ERROR`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Succeeded => "SUCCEEDED",
            Self::Failed => "FAILED",
            Self::Retriable => "RETRIABLE",
            Self::CaughtError => "CAUGHT_ERROR",
        }
    }
}

/// What to test.
#[derive(Debug, Clone, Default)]
pub struct TestStateRequest {
    /// The definition text (JSON or YAML): one state, or a whole state machine with
    /// `state_name` naming one of its top-level states.
    pub definition: String,
    /// The state to test in a whole definition.
    pub state_name: Option<String>,
    /// The state's input.
    pub input: Value,
    /// The workflow variables it sees.
    pub variables: Map<String, Value>,
    /// Fields laid over its context object (`$$`), as AWS's `context`.
    pub context: Option<Value>,
    /// A Task's mocked result (`Ok`) or error (`Err`): nothing is called.
    pub mock: Option<Result<Value, RuntimeError>>,
    /// How much to tell.
    pub inspection_level: InspectionLevel,
    /// How many retries came before this attempt (AWS's `stateConfiguration.retrierRetryCount`).
    pub retrier_retry_count: u64,
}

/// TestState's answer.
#[derive(Debug, Clone, PartialEq)]
pub struct TestStateResult {
    /// How the state ended.
    pub status: TestStatus,
    /// Its output (succeeded, or caught).
    pub output: Option<Value>,
    /// The error, when it failed.
    pub error: Option<String>,
    /// The cause, when it failed.
    pub cause: Option<String>,
    /// The state it goes to next (none at the end, or when it failed or would be retried).
    pub next_state: Option<String>,
    /// The data flow and error handling (DEBUG and TRACE).
    pub inspection_data: Option<Value>,
}

impl TestStateResult {
    /// The answer in the API's JSON shape (`output` as JSON text, as AWS gives it).
    pub fn to_json(&self) -> Value {
        let mut m = Map::new();
        m.insert("status".into(), self.status.as_str().into());
        if let Some(o) = &self.output {
            m.insert("output".into(), json_text(o).into());
        }
        if let Some(e) = &self.error {
            m.insert("error".into(), e.clone().into());
        }
        if let Some(c) = &self.cause {
            m.insert("cause".into(), c.clone().into());
        }
        if let Some(n) = &self.next_state {
            m.insert("nextState".into(), n.clone().into());
        }
        if let Some(d) = &self.inspection_data {
            m.insert("inspectionData".into(), d.clone());
        }
        Value::Object(m)
    }
}

/// Reads AWS's `mock`: `{"result": "<JSON text>"}` (a JSON value is taken as is too) or
/// `{"errorOutput": {"error": "…", "cause": "…"}}`.
pub fn parse_mock(mock: &Value) -> Result<Result<Value, RuntimeError>, String> {
    let Value::Object(m) = mock else {
        return Err("the mock must be an object with \"result\" or \"errorOutput\"".into());
    };
    for key in m.keys() {
        if !matches!(
            key.as_str(),
            "result" | "errorOutput" | "fieldValidationMode"
        ) {
            return Err(format!("/{key}: unknown field of the mock"));
        }
    }
    match (m.get("result"), m.get("errorOutput")) {
        (Some(_), Some(_)) => {
            Err("give the mock a \"result\" or an \"errorOutput\", not both".into())
        }
        (Some(Value::String(text)), None) => crate::parse_json(text).map(Ok).map_err(|d| {
            format!(
                "/result: not JSON text: {}:{}: {}",
                d.line, d.column, d.message
            )
        }),
        (Some(v), None) => Ok(Ok(v.clone())),
        (None, Some(Value::Object(e))) => {
            let text = |k: &str| match e.get(k) {
                None | Some(Value::Null) => Ok(String::new()),
                Some(Value::String(s)) => Ok(s.clone()),
                Some(_) => Err(format!("/errorOutput/{k}: must be a string")),
            };
            let error = text("error")?;
            if error.is_empty() {
                return Err("/errorOutput/error: required".into());
            }
            Ok(Err(RuntimeError::new(error, text("cause")?)))
        }
        (None, Some(_)) => Err("/errorOutput: must be an object {\"error\", \"cause\"}".into()),
        (None, None) => Err("the mock needs a \"result\" or an \"errorOutput\"".into()),
    }
}

/// The name a state given alone is tested under.
pub const LONE_STATE: &str = "TestState";

/// Runs `request`'s state once. A definition that does not load (or names no such state) is
/// reported as diagnostics, located in the text given.
pub async fn test_state(
    request: &TestStateRequest,
    config: &ExecutionConfig,
    host: Host<'_>,
) -> Result<TestStateResult, Vec<Diagnostic>> {
    let machine = Harness::build(request)?;
    let state = machine
        .definition
        .machine
        .state(&machine.name)
        .cloned()
        .ok_or_else(|| {
            vec![Diagnostic::error(
                DiagnosticCode::InvalidValue,
                "The state is missing",
                "",
            )]
        })?;
    let watch = Watch {
        name: machine.name.clone(),
        seen: RefCell::default(),
    };
    let extras = Extras {
        task_mock: request.mock.clone(),
        context: request.context.clone(),
        variables: request.variables.clone(),
        no_retry: true,
        nesting: 0,
    };
    let host = Host {
        observer: Some(&watch),
        ..host
    };
    let mut config = config.clone();
    config.keep_history = false;
    let execution = run_with(
        &machine.definition,
        request.input.clone(),
        None,
        &config,
        host,
        &extras,
    )
    .await;
    let seen = watch.seen.into_inner();
    let (status, error, handled) = match (&seen.error, seen.output.is_some()) {
        (None, _) if execution.status == crate::Status::Failed => {
            // Failed before its attempts (an invalid path in a field): not retried nor caught.
            let e = RuntimeError::new(
                execution.error.clone().unwrap_or_default(),
                execution.cause.clone().unwrap_or_default(),
            );
            (TestStatus::Failed, Some(e), None)
        }
        (None, _) => (TestStatus::Succeeded, None, None),
        (Some((e, catcher)), _) => match retriable(&state, e, request.retrier_retry_count) {
            Some((index, backoff)) => (
                TestStatus::Retriable,
                Some(e.clone()),
                Some(json!({"retryIndex": index, "retryBackoffIntervalSeconds": backoff})),
            ),
            None => match catcher {
                Some(i) => (
                    TestStatus::CaughtError,
                    Some(e.clone()),
                    Some(json!({ "catchIndex": i })),
                ),
                None => (TestStatus::Failed, Some(e.clone()), None),
            },
        },
    };
    let (output, next_state) = match status {
        TestStatus::Succeeded | TestStatus::CaughtError => (seen.output.clone(), seen.next.clone()),
        _ => (None, None),
    };
    let inspection_data = (request.inspection_level != InspectionLevel::Info).then(|| {
        inspection(
            request,
            &state,
            &seen,
            handled,
            config_context(&config, request, &state),
        )
    });
    let some = |s: String| (!s.is_empty()).then_some(s);
    Ok(TestStateResult {
        status,
        output,
        error: error.as_ref().and_then(|e| some(e.error.clone())),
        cause: error.and_then(|e| some(crate::exec::resolve_refs(&e.cause))),
        next_state,
        inspection_data,
    })
}

/// The small machine a state is tested in.
struct Harness {
    definition: crate::Definition,
    name: String,
}

impl Harness {
    fn build(request: &TestStateRequest) -> Result<Self, Vec<Diagnostic>> {
        let (value, _, format) =
            crate::definition::source::parse(&request.definition).map_err(|d| vec![d])?;
        let whole = value.get("States").is_some() || value.get("StartAt").is_some();
        if whole {
            // A whole definition: it must load as it is; the state is one of its top-level
            // states.
            let loaded = crate::load(&request.definition)?;
            let Some(name) = request.state_name.clone() else {
                return Err(vec![Diagnostic::error(
                    DiagnosticCode::MissingField,
                    "A whole state machine definition needs the name of the state to test (stateName)",
                    "",
                )]);
            };
            let Some(state) = find_state(&loaded.json, &name) else {
                return Err(vec![Diagnostic::error(
                    DiagnosticCode::InvalidValue,
                    format!("The definition has no state named '{name}'"),
                    "/States",
                )]);
            };
            let mut machine = Map::new();
            if let Some(q) = loaded.json.get("QueryLanguage") {
                machine.insert("QueryLanguage".into(), q.clone());
            }
            let text = Self::wrap(&name, &json_text(state), state, Value::Object(machine));
            let definition = crate::load(&text)?;
            return Ok(Self { definition, name });
        }
        let name = request
            .state_name
            .clone()
            .unwrap_or_else(|| LONE_STATE.to_string());
        // A state alone: its JSON text goes into the machine as written (YAML as JSON), so that
        // a problem's line is the one in the text given.
        let own = if format == crate::definition::Format::Json {
            request.definition.trim_end().to_string()
        } else {
            serde_json::to_string_pretty(&value).unwrap_or_default()
        };
        let text = Self::wrap(&name, &own, &value, Value::Object(Map::new()));
        let prefix = text.find(own.as_str()).unwrap_or(0);
        let definition = crate::load(&text).map_err(|ds| {
            ds.into_iter()
                .map(|d| Self::relocate(d, &name, prefix))
                .collect::<Vec<_>>()
        })?;
        Ok(Self { definition, name })
    }

    /// `{"StartAt": name, "States": {name: <state text>, <a Pass for each target>}}`.
    fn wrap(name: &str, state_text: &str, state: &Value, machine: Value) -> String {
        let mut head = match machine {
            Value::Object(m) => m,
            _ => Map::new(),
        };
        head.insert("StartAt".into(), name.into());
        let head = json_text(&Value::Object(head));
        let mut text = format!(
            "{},\"States\":{{{}:{state_text}",
            &head[..head.len() - 1],
            json_text(&name.into())
        );
        for target in targets(state) {
            if target != name {
                text.push_str(&format!(
                    ",{}:{{\"Type\":\"Pass\",\"End\":true}}",
                    json_text(&target.into())
                ));
            }
        }
        text.push_str("}}");
        text
    }

    /// A diagnostic of the machine, in the state's own text: its pointer without
    /// `/States/NAME`, its place without the machine's prefix (the state's text starts on
    /// the first line after `prefix` bytes).
    fn relocate(mut d: Diagnostic, name: &str, prefix: usize) -> Diagnostic {
        let own = format!(
            "/States/{}",
            crate::definition::source::escape_segment(name)
        );
        if let Some(rest) = d.pointer.strip_prefix(&own) {
            d.pointer = rest.to_string();
        }
        if let Some((a, b)) = d.span {
            d.span = Some((a.saturating_sub(prefix), b.saturating_sub(prefix)));
        }
        if d.line == 1 {
            d.column = d.column.saturating_sub(prefix).max(1);
        }
        d
    }
}

/// The state named `name` in a machine's JSON: a top-level one first, else one inside a Map's
/// processor or a Parallel's branch, at any depth.
fn find_state<'v>(machine: &'v Value, name: &str) -> Option<&'v Value> {
    let states = machine.get("States")?.as_object()?;
    if let Some(state) = states.get(name) {
        return Some(state);
    }
    states.values().find_map(|state| {
        let processors = ["ItemProcessor", "Iterator"]
            .into_iter()
            .filter_map(|k| state.get(k));
        let branches = state
            .get("Branches")
            .and_then(Value::as_array)
            .into_iter()
            .flatten();
        processors.chain(branches).find_map(|m| find_state(m, name))
    })
}

/// The states a state can go to: `Next`, `Default`, each choice's and catcher's `Next`.
fn targets(state: &Value) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut add = |v: Option<&Value>| {
        if let Some(s) = v.and_then(Value::as_str) {
            if !out.iter().any(|o| o == s) {
                out.push(s.to_string());
            }
        }
    };
    add(state.get("Next"));
    add(state.get("Default"));
    for list in ["Choices", "Catch"] {
        for entry in state
            .get(list)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            add(entry.get("Next"));
        }
    }
    out
}

/// What the run showed of the tested state.
#[derive(Default)]
struct Seen {
    /// Its output (`…StateExited`).
    output: Option<Value>,
    /// The state entered after it.
    next: Option<String>,
    /// The error its attempt ended in, and the catcher that took it.
    error: Option<(RuntimeError, Option<usize>)>,
    /// The last Task result recorded (`…Succeeded` output).
    result: Option<Value>,
    /// The variables its `Assign` set (`assignedVariables`).
    assigned: Map<String, Value>,
}

/// Watches the run of the tested state and stops it once the state has exited.
struct Watch {
    name: String,
    seen: RefCell<Seen>,
}

impl Observer for Watch {
    fn on_event(&self, event: &HistoryEvent) {
        let mut seen = self.seen.borrow_mut();
        let named = event.detail("name").and_then(Value::as_str) == Some(self.name.as_str());
        if event.kind.ends_with("StateExited") && named && seen.output.is_none() {
            seen.output = event.detail_json("output");
            if let Some(Value::Object(vars)) = event.detail("assignedVariables") {
                for (k, v) in vars {
                    let v = v
                        .as_str()
                        .and_then(|t| crate::parse_json(t).ok())
                        .unwrap_or_else(|| v.clone());
                    seen.assigned.insert(k.clone(), v);
                }
            }
        } else if matches!(
            event.kind.as_str(),
            "TaskSucceeded" | "LambdaFunctionSucceeded" | "ActivitySucceeded"
        ) {
            seen.result = event.detail_json("output");
        }
    }

    fn on_state_error(&self, state_name: &str, error: &RuntimeError, catcher: Option<usize>) {
        if state_name == self.name {
            self.seen.borrow_mut().error = Some((error.clone(), catcher));
        }
    }

    fn before_state(&self, state_name: &str) -> Option<crate::host::LocalBoxFuture<'_, ()>> {
        let mut seen = self.seen.borrow_mut();
        if seen.output.is_some() && seen.next.is_none() {
            seen.next = Some(state_name.to_string());
        }
        None
    }

    fn should_stop(&self) -> bool {
        self.seen.borrow().output.is_some()
    }
}

/// The first retrier that would retry `error` after `retries` retries: its index and the
/// back-off it would wait, in whole seconds (without jitter).
fn retriable(state: &State, error: &RuntimeError, retries: u64) -> Option<(usize, u64)> {
    let (i, r) = state.retrier_for(error)?;
    if retries >= r.max_attempts {
        return None;
    }
    let secs = r.backoff_seconds(retries);
    Some((i, secs.clamp(0.0, 1e12).round() as u64))
}

/// The context object the state saw (for recomputing its data flow).
fn config_context(config: &ExecutionConfig, request: &TestStateRequest, state: &State) -> Value {
    let execution = crate::exec::context::ExecutionContext {
        config,
        input: &request.input,
        start_ms: 0,
        patch: request.context.as_ref(),
    };
    execution.object(state, 0, request.retrier_retry_count, &request.variables)
}

/// `inspectionData`: the data flow's steps as JSON text, the variables after the state,
/// what handled its error, and at TRACE an HTTP Task's request and response.
fn inspection(
    request: &TestStateRequest,
    state: &State,
    seen: &Seen,
    handled: Option<Value>,
    context: Value,
) -> Value {
    let result = match &request.mock {
        Some(Ok(v)) => Some(v.clone()),
        _ => seen.result.clone(),
    };
    let flow = crate::inspect::data_flow(state, &request.input, result.as_ref(), Some(&context));
    let mut m = Map::new();
    for step in &flow.steps {
        if matches!(step.step, "output" | "variables") {
            continue;
        }
        m.insert(step.step.into(), json_text(&step.value).into());
    }
    let mut variables = request.variables.clone();
    variables.extend(seen.assigned.clone());
    if !variables.is_empty() {
        m.insert(
            "variables".into(),
            json_text(&Value::Object(variables)).into(),
        );
    }
    if let Some(h) = handled {
        m.insert("errorDetails".into(), h);
    }
    if request.inspection_level == InspectionLevel::Trace {
        if let StateKind::Task(task) = &state.kind {
            if task.resource.contains(":states:::http:invoke") {
                let request_step = flow
                    .steps
                    .iter()
                    .find(|s| matches!(s.step, "afterParameters" | "afterArguments"));
                if let Some(r) = request_step.map(|s| &s.value) {
                    m.insert(
                        "request".into(),
                        json!({
                            "method": r.get("Method").cloned().unwrap_or(Value::Null),
                            "url": r.get("ApiEndpoint").cloned().unwrap_or(Value::Null),
                            "body": r.get("RequestBody").map(json_text).unwrap_or_default(),
                        }),
                    );
                }
                if let Some(r) = &result {
                    m.insert(
                        "response".into(),
                        json!({
                            "statusCode": r.get("StatusCode").cloned().unwrap_or(Value::Null),
                            "statusMessage": r.get("StatusText").cloned().unwrap_or(Value::Null),
                            "body": r.get("ResponseBody").map(json_text).unwrap_or_default(),
                        }),
                    );
                }
            }
        }
    }
    Value::Object(m)
}
