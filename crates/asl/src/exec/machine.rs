//! The state loop: enter a state, run it (retrying), exit or catch, assign variables,
//! follow `Next`.

use serde_json::{json, Map, Value};

use super::trace::{Prev, Trace};
use super::Run;
use crate::definition::{State, StateKind, StateMachine, Template};
use crate::errors::{RuntimeError, RUNTIME};
use crate::history::{self, json_text};
use crate::host::LocalBoxFuture;
use crate::machine_type::MachineType;
use crate::payload;

/// How a (sub-)machine ended, and the event the next one should point at.
pub(crate) struct Outcome {
    pub result: Result<Value, RuntimeError>,
    pub last: Prev,
}

/// What running one state gave.
pub(crate) struct Done {
    /// The state's output.
    pub output: Value,
    /// Where to go (`None`: the machine ends).
    pub next: Option<String>,
    /// The variables the state assigns.
    pub assign: Option<Assignment>,
}

/// The variables a state assigns.
pub(crate) enum Assignment {
    /// A JSONPath `Assign` template and the value its `$` means, evaluated once the state
    /// is done.
    Template(Value, Value),
    /// A JSONata state's `Assign`, already evaluated (beside its `Output`).
    Evaluated(Map<String, Value>),
}

impl Assignment {
    /// The JSONPath `Assign` of a state, with the value its `$` means (a JSONata state's is
    /// evaluated by the state itself).
    pub fn jsonpath(template: Option<&Template>, source: Value) -> Option<Assignment> {
        match template {
            Some(Template::JsonPath(t)) => Some(Assignment::Template(t.clone(), source)),
            _ => None,
        }
    }
}

/// What running one state gave, or its error.
pub(crate) type Step = Result<Done, RuntimeError>;

/// Workflow variables in scope.
pub(crate) type Variables = Map<String, Value>;

/// One entered state, as the code running it sees it: the state, its input and the context
/// object of the current attempt, the variables in scope, and where its events go.
pub(crate) struct StateVisit<'a> {
    /// The state.
    pub state: &'a State,
    /// Its input, before `InputPath` (the raw input).
    pub input: &'a Value,
    /// The context object (`$$`, with `vars` as the workflow variables) of the current
    /// attempt (`$$.State.RetryCount` counts the retries).
    pub context: Value,
    /// The workflow variables in scope (what its Map iterations and Parallel branches start
    /// with).
    pub vars: &'a Variables,
    /// The trace recording its events.
    pub trace: &'a Trace<'a>,
    /// Its `…StateEntered` event (the index in `trace`).
    pub entered: usize,
    /// What its `…StateEntered` event follows (AWS's `EvaluationFailed` events follow it
    /// too).
    pub entered_after: Prev,
    /// When it was entered (ms since the epoch).
    pub entered_ms: i64,
}

impl<'r> Run<'r> {
    /// Runs a machine from `StartAt` to its end; `first` is what the first event follows;
    /// `vars` are the workflow variables it starts with (a Map iteration or Parallel branch
    /// sees its parent's, and its own assignments stay inside).
    pub fn run_machine<'s>(
        &'s self,
        machine: &'s StateMachine,
        input: Value,
        trace: &'s Trace<'s>,
        first: Prev,
        vars: Variables,
    ) -> LocalBoxFuture<'s, Outcome> {
        Box::pin(async move {
            let fail = |e: RuntimeError, last: Prev| Outcome {
                result: Err(e),
                last,
            };
            if let Some(feature) = machine.unsupported.first() {
                return fail(RuntimeError::runtime(feature.clone()), first);
            }
            let mut vars = vars;
            let mut name = machine.start_at.clone();
            let mut input = input;
            let mut prev = first;
            loop {
                self.steps.set(self.steps.get() + 1);
                let max_steps = self.max_steps;
                if self.steps.get() > max_steps || trace.over_budget() {
                    let cause = match self.config.machine_type {
                        MachineType::Standard => format!(
                            "The execution reached the limit of {} history events (or {max_steps} state transitions)",
                            history::MAX_EVENTS,
                        ),
                        MachineType::Express => format!(
                            "The execution reached the interpreter's limit of {max_steps} state transitions"
                        ),
                    };
                    return fail(RuntimeError::new(RUNTIME, cause), prev);
                }
                if let Some(o) = self.host.observer {
                    if let Some(wait) = o.before_state(&name) {
                        wait.await;
                    }
                    if o.should_stop() {
                        self.aborted.set(true);
                    }
                }
                if self.aborted.get() {
                    return fail(RuntimeError::new("States.Aborted", ""), prev);
                }
                let Some(state) = machine.state(&name) else {
                    return fail(
                        RuntimeError::runtime(format!("There is no state named '{name}'")),
                        prev,
                    );
                };
                let type_name = state.kind.type_name();
                let entered_ms = self.now();
                let entered_after = prev;
                let raw_input = self
                    .raw_input
                    .borrow_mut()
                    .take()
                    .filter(|_| first == Prev::None);
                let entered = trace.push_state(
                    &format!("{type_name}StateEntered"),
                    entered_ms,
                    prev,
                    &state.name,
                    || match raw_input {
                        Some(text) => history::state_entered_text(&state.name, text),
                        None => history::state_entered(&state.name, &input),
                    },
                );
                prev = Prev::Local(entered);
                let mut visit = StateVisit {
                    state,
                    input: &input,
                    context: Value::Null,
                    vars: &vars,
                    trace,
                    entered,
                    entered_after,
                    entered_ms,
                };
                let done = match self.attempt(&mut visit, &mut prev).await {
                    Ok(done) => done,
                    Err(e) if self.timed_out.get() || self.aborted.get() => return fail(e, prev),
                    Err(e) => match self.catch(&visit, e) {
                        Ok(caught) => caught,
                        Err(e) => {
                            self.evaluation_failed(&visit, &e, &mut prev);
                            return fail(e, prev);
                        }
                    },
                };
                let assigned = match done.assign {
                    Some(Assignment::Template(template, source)) => {
                        let ctx = self.context(state, entered_ms, 0, &vars);
                        match payload::evaluate_with(&template, &source, &ctx, self.host.rng) {
                            Ok(Value::Object(m)) => Some(m),
                            Ok(_) => None,
                            Err(e) => return fail(self.in_state(state, entered, e), prev),
                        }
                    }
                    Some(Assignment::Evaluated(m)) => Some(m),
                    None => None,
                };
                let exited = trace.push_state(
                    &format!("{type_name}StateExited"),
                    self.now(),
                    prev,
                    &state.name,
                    || exited_details(state, &done.output, assigned.as_ref()),
                );
                prev = Prev::Local(exited);
                vars.extend(assigned.unwrap_or_default());
                match done.next {
                    Some(n) => {
                        name = n;
                        input = done.output;
                    }
                    None => {
                        return Outcome {
                            result: Ok(done.output),
                            last: prev,
                        }
                    }
                }
            }
        })
    }

    /// The first catcher matching `e`: the state's output (`{Error, Cause}` placed by the
    /// catcher's ResultPath into the state's input; in JSONata, the catcher's `Output`,
    /// default `{Error, Cause}`), the catcher's `Next` and `Assign`. Without a match the
    /// error goes on.
    fn catch(&self, visit: &StateVisit<'_>, e: RuntimeError) -> Step {
        let (state, input, entered) = (visit.state, visit.input, visit.entered);
        let in_task = matches!(state.kind, StateKind::Task(_));
        let found = state
            .catch()
            .iter()
            .enumerate()
            .find(|(_, c)| e.matches(&c.error_equals, in_task));
        if let Some(o) = self.host.observer {
            o.on_state_error(&state.name, &e, found.map(|(i, _)| i));
        }
        let Some((_, catcher)) = found else {
            return Err(e);
        };
        let error_output = json!({"Error": e.error, "Cause": e.cause});
        if state.is_jsonata() {
            let scope = crate::query::Scope::of(input, &visit.context, self.now(), self.host.rng)
                .with_error_output(&error_output);
            let at = |e| self.in_state(state, entered, e);
            let assign = match &catcher.assign {
                Some(Template::Jsonata(t)) => Some(Assignment::Evaluated(
                    super::jsonata::variables(t.evaluate("Assign", &scope).map_err(at)?),
                )),
                _ => None,
            };
            let output = match &catcher.output {
                Some(t) => t.evaluate("Output", &scope).map_err(at)?,
                None => error_output.clone(),
            };
            return Ok(Done {
                output,
                next: Some(catcher.next.clone()),
                assign,
            });
        }
        let output = self
            .place_result(catcher.result_path.as_ref(), input, error_output.clone())
            .map_err(|e| self.in_state(state, entered, e))?;
        Ok(Done {
            output,
            next: Some(catcher.next.clone()),
            assign: Assignment::jsonpath(catcher.assign.as_ref(), error_output),
        })
    }

    /// Records AWS's `EvaluationFailed` for a JSONata expression of this state that failed
    /// (`e` carries where: [`RuntimeError::location`]); it follows what the state's
    /// `…StateEntered` followed (a Wait's: the `WaitStateEntered` itself).
    pub(super) fn evaluation_failed(
        &self,
        visit: &StateVisit<'_>,
        e: &RuntimeError,
        prev: &mut Prev,
    ) {
        let Some(location) = &e.location else {
            return;
        };
        let mut details = serde_json::Map::new();
        details.insert("cause".into(), e.cause.clone().into());
        details.insert("error".into(), e.error.clone().into());
        if !location.is_empty() {
            details.insert("location".into(), location.clone().into());
        }
        details.insert("state".into(), visit.state.name.clone().into());
        let after = match visit.state.kind {
            StateKind::Wait(_) => Prev::Local(visit.entered),
            _ => visit.entered_after,
        };
        let idx = visit.trace.push(
            "EvaluationFailed",
            self.now(),
            after,
            Some((
                "evaluationFailedEventDetails".into(),
                Value::Object(details),
            )),
        );
        *prev = Prev::Local(idx);
    }

    /// Runs an entered state, retrying as its `Retry` allows; on a final failure of a Map or
    /// Parallel state records `MapStateFailed`/`ParallelStateFailed`.
    async fn attempt(&self, visit: &mut StateVisit<'_>, prev: &mut Prev) -> Step {
        let (state, entered, trace) = (visit.state, visit.entered, visit.trace);
        let mut counts = vec![0; state.retry().len()];
        let mut retry_count = 0;
        let step = loop {
            visit.context = self.context(state, visit.entered_ms, retry_count, visit.vars);
            if let (StateKind::Task(task), Value::Object(ctx)) = (&state.kind, &mut visit.context) {
                // `$$.Task.Token`: a new token for each attempt of a `.waitForTaskToken` task.
                if state.uses_context
                    && crate::definition::Pattern::of(&task.resource)
                        == crate::definition::Pattern::WaitForTaskToken
                {
                    ctx.insert("Task".into(), json!({ "Token": self.task_token() }));
                }
            }
            let step = match state.unsupported().first() {
                Some(feature) => {
                    Err(self.in_state(state, entered, RuntimeError::runtime(feature.clone())))
                }
                None => self.run_state(visit, prev).await,
            };
            let step =
                step.and_then(|done| self.check_size(&state.name, &done.output).map(|()| done));
            let step = step.map_err(|mut e| {
                self.evaluation_failed(visit, &e, prev);
                e.location = None;
                e
            });
            self.check_deadline()?;
            if self.aborted.get() {
                return step;
            }
            match step {
                Err(e) => match self.retry_delay_ms(state, &mut counts, &e) {
                    Some(ms) => {
                        self.host.clock.sleep(ms).await;
                        retry_count += 1;
                    }
                    None => break Err(e),
                },
                ok => break ok,
            }
        };
        // `MapStateFailed`/`ParallelStateFailed` close a started Map or Parallel: none when
        // it failed before starting (AWS: a bad MaxConcurrencyPath ends with just
        // ExecutionFailed after MapStateEntered).
        let no_state_failed = self.no_state_failed.replace(false);
        if step.is_err() && *prev != Prev::Local(entered) && !self.aborted.get() && !no_state_failed
        {
            let failed = match state.kind {
                StateKind::Map(_) => Some("MapStateFailed"),
                StateKind::Parallel(_) => Some("ParallelStateFailed"),
                _ => None,
            };
            if let Some(kind) = failed {
                *prev = Prev::Local(trace.push(kind, self.now(), *prev, None));
            }
        }
        step
    }
}

/// `stateExitedEventDetails`: the output, and the variables the state assigned (as JSON
/// text, as AWS shows them).
fn exited_details(
    state: &State,
    output: &Value,
    assigned: Option<&Map<String, Value>>,
) -> (String, Value) {
    let mut details = history::state_exited(&state.name, output);
    if let (Some(m), Value::Object(d)) = (assigned.filter(|m| !m.is_empty()), &mut details.1) {
        let shown: Map<String, Value> = m
            .iter()
            .map(|(k, v)| (k.clone(), Value::from(json_text(v))))
            .collect();
        d.insert("assignedVariables".into(), Value::Object(shown));
        d.insert(
            "assignedVariablesDetails".into(),
            json!({"truncated": false}),
        );
    }
    details
}
