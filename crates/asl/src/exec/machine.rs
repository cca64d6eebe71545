//! The state loop: enter a state, run it, exit or catch, follow `Next`.

use serde_json::{json, Value};

use super::Run;
use crate::definition::{State, StateKind, StateMachine, Transition, Wait};
use crate::errors::{RuntimeError, RUNTIME};
use crate::history::trace::{Prev, Trace};
use crate::history::{self, time};
use crate::host::LocalBoxFuture;
use crate::payload;

/// How a (sub-)machine ended, and the event the next one should point at.
pub(crate) struct Outcome {
    pub result: Result<Value, RuntimeError>,
    pub last: Prev,
}

/// What running one state gave: its output and where to go (`None`: the machine ends).
type Step = Result<(Value, Option<String>), RuntimeError>;

impl<'r> Run<'r> {
    /// Runs a machine from `StartAt` to its end; `first` is what the first event follows.
    pub fn run_machine<'s>(
        &'s self,
        machine: &'s StateMachine,
        input: Value,
        trace: &'s Trace<'s>,
        first: Prev,
    ) -> LocalBoxFuture<'s, Outcome> {
        Box::pin(async move {
            if let Some(feature) = machine.unsupported.first() {
                return Outcome {
                    result: Err(RuntimeError::runtime(feature.clone())),
                    last: first,
                };
            }
            let mut name = machine.start_at.clone();
            let mut input = input;
            let mut prev = first;
            loop {
                self.steps.set(self.steps.get() + 1);
                if self.steps.get() > super::MAX_STEPS || trace.over_budget() {
                    let cause = format!(
                        "The execution reached the limit of {} history events (or {} state transitions)",
                        history::MAX_EVENTS,
                        super::MAX_STEPS
                    );
                    return Outcome {
                        result: Err(RuntimeError::new(RUNTIME, cause)),
                        last: prev,
                    };
                }
                let Some(state) = machine.state(&name) else {
                    let e = RuntimeError::runtime(format!("There is no state named '{name}'"));
                    return Outcome {
                        result: Err(e),
                        last: prev,
                    };
                };
                let type_name = state.kind.type_name();
                let entered_ms = self.now();
                let entered = trace.push(
                    &format!("{type_name}StateEntered"),
                    entered_ms,
                    prev,
                    Some(history::state_entered(&state.name, &input)),
                );
                prev = Prev::Local(entered);
                let step = self
                    .attempt(state, &input, entered_ms, trace, entered, &mut prev)
                    .await;
                let (output, next) = match step {
                    Ok(done) => done,
                    Err(e) if self.timed_out.get() => {
                        return Outcome {
                            result: Err(e),
                            last: prev,
                        }
                    }
                    Err(e) => match self.catch(state, &input, entered, e) {
                        Ok(caught) => caught,
                        Err(e) => {
                            return Outcome {
                                result: Err(e),
                                last: prev,
                            }
                        }
                    },
                };
                let exited = trace.push(
                    &format!("{type_name}StateExited"),
                    self.now(),
                    prev,
                    Some(history::state_exited(&state.name, &output)),
                );
                prev = Prev::Local(exited);
                match next {
                    Some(n) => {
                        name = n;
                        input = output;
                    }
                    None => {
                        return Outcome {
                            result: Ok(output),
                            last: prev,
                        }
                    }
                }
            }
        })
    }

    /// The first catcher matching `e`: the state's output (`{Error, Cause}` placed by the
    /// catcher's ResultPath into the state's input) and the catcher's `Next`. Without a match
    /// the error goes on.
    fn catch(&self, state: &State, input: &Value, entered: usize, e: RuntimeError) -> Step {
        let in_task = matches!(state.kind, StateKind::Task(_));
        let Some(catcher) = state
            .catch
            .iter()
            .find(|c| e.matches(&c.error_equals, in_task))
        else {
            return Err(e);
        };
        let error_output = json!({"Error": e.error, "Cause": e.cause});
        let output = self
            .place_result(catcher.result_path.as_ref(), input, error_output)
            .map_err(|e| self.in_state(state, entered, e))?;
        Ok((output, Some(catcher.next.clone())))
    }

    /// Runs an entered state, retrying as its `Retry` allows; on a final failure of a Map or
    /// Parallel state records `MapStateFailed`/`ParallelStateFailed`.
    async fn attempt(
        &self,
        state: &State,
        input: &Value,
        entered_ms: i64,
        trace: &Trace<'_>,
        entered: usize,
        prev: &mut Prev,
    ) -> Step {
        let mut counts = vec![0; state.retry.len()];
        let mut retry_count = 0;
        let step = loop {
            let ctx = self.context(state, entered_ms, retry_count);
            let step = match state.unsupported.first() {
                Some(feature) => {
                    Err(self.in_state(state, entered, RuntimeError::runtime(feature.clone())))
                }
                None => {
                    self.run_state(state, input, &ctx, trace, entered, prev)
                        .await
                }
            };
            let step = step
                .and_then(|(out, next)| self.check_size(&state.name, &out).map(|()| (out, next)));
            self.check_deadline()?;
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
        if step.is_err() {
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

    /// Runs one entered state. `prev` is updated to what the state's exit event follows.
    async fn run_state(
        &self,
        state: &State,
        raw: &Value,
        ctx: &Value,
        trace: &Trace<'_>,
        entered: usize,
        prev: &mut Prev,
    ) -> Step {
        let next = match &state.transition {
            Transition::Next(n) => Some(n.clone()),
            Transition::End | Transition::Terminal => None,
        };
        match &state.kind {
            StateKind::Pass { result } => {
                let effective = self.effective_input(state, raw, ctx, entered)?;
                let result = result.clone().unwrap_or(effective);
                Ok((self.state_output(state, raw, result, ctx, entered)?, next))
            }
            StateKind::Succeed => {
                let effective = self.effective_input(state, raw, ctx, entered)?;
                let out = self
                    .select(state.output_path.as_ref(), &effective, ctx)
                    .map_err(|e| self.in_state(state, entered, e))?;
                Ok((out, None))
            }
            StateKind::Fail(f) => {
                let field = |expr: &Option<String>,
                             lit: &Option<String>,
                             key: &str|
                 -> Result<Option<String>, RuntimeError> {
                    match expr {
                        Some(e) => match payload::expression(key, e, raw, ctx, self.host.rng) {
                            Ok(Value::String(s)) => Ok(Some(s)),
                            Ok(other) => Ok(Some(history::json_text(&other))),
                            Err(err) => Err(self.in_state(state, entered, err)),
                        },
                        None => Ok(lit.clone()),
                    }
                };
                let error = field(&f.error_path, &f.error, "ErrorPath")?;
                let cause = field(&f.cause_path, &f.cause, "CausePath")?;
                Err(RuntimeError::new(
                    error.unwrap_or_default(),
                    cause.unwrap_or_default(),
                ))
            }
            StateKind::Choice(c) => {
                let effective = self
                    .select(state.input_path.as_ref(), raw, ctx)
                    .map_err(|e| self.in_state(state, entered, e))?;
                let target = self
                    .choose(c, &effective, ctx)
                    .map_err(|e| self.in_state(state, entered, e))?;
                let out = self
                    .select(state.output_path.as_ref(), &effective, ctx)
                    .map_err(|e| self.in_state(state, entered, e))?;
                Ok((out, Some(target)))
            }
            StateKind::Wait(w) => {
                let effective = self
                    .select(state.input_path.as_ref(), raw, ctx)
                    .map_err(|e| self.in_state(state, entered, e))?;
                let ms = self
                    .wait_ms(w, &effective, ctx)
                    .map_err(|e| self.in_state(state, entered, e))?;
                self.host.clock.sleep(ms).await;
                let out = self
                    .select(state.output_path.as_ref(), &effective, ctx)
                    .map_err(|e| self.in_state(state, entered, e))?;
                Ok((out, next))
            }
            StateKind::Task(t) => Ok((
                self.run_task(state, t, raw, ctx, trace, entered, prev)
                    .await?,
                next,
            )),
            StateKind::Map(m) => Ok((
                self.run_map(state, m, raw, ctx, trace, entered, prev)
                    .await?,
                next,
            )),
            StateKind::Parallel(p) => Ok((
                self.run_parallel(state, p, raw, ctx, trace, entered, prev)
                    .await?,
                next,
            )),
        }
    }

    fn wait_ms(&self, w: &Wait, input: &Value, ctx: &Value) -> Result<u64, RuntimeError> {
        let delay = |ms: i64| -> Result<u64, RuntimeError> {
            if ms / 1000 > i64::from(i32::MAX) {
                return Err(RuntimeError::runtime("Wait state delay is too long."));
            }
            Ok(u64::try_from(ms).unwrap_or(0))
        };
        let lookup = |p: &crate::path::Path| {
            p.eval(input, ctx)
                .map_err(|m| RuntimeError::runtime(format!("Invalid path '{}' : {}", p.text, m.0)))
        };
        let shown = |v: &Value| match v {
            Value::String(s) => s.clone(),
            other => history::json_text(other),
        };
        match w {
            Wait::Seconds(s) => delay(i64::try_from(*s).unwrap_or(i64::MAX).saturating_mul(1000)),
            Wait::Timestamp(ts) => match time::parse_rfc3339(ts) {
                Some(t) => delay(t - self.now()),
                None => Err(RuntimeError::runtime(format!(
                    "The Timestamp '{ts}' is not a valid ISO-8601 timestamp"
                ))),
            },
            Wait::SecondsPath(p) => {
                let v = lookup(p)?;
                match (v.as_i64(), v.as_f64()) {
                    (Some(s), _) if s < 0 => Err(RuntimeError::runtime(format!(
                        "The SecondsPath parameter references a negative value: {} == {}",
                        p.text,
                        shown(&v)
                    ))),
                    (Some(s), _) => delay(s.saturating_mul(1000)),
                    _ => Err(RuntimeError::runtime(format!(
                        "The SecondsPath parameter cannot be parsed as a long value: {} == {}",
                        p.text,
                        shown(&v)
                    ))),
                }
            }
            Wait::TimestampPath(p) => {
                let v = lookup(p)?;
                match v.as_str().and_then(time::parse_rfc3339) {
                    Some(t) => delay(t - self.now()),
                    None => Err(RuntimeError::runtime(format!(
                        "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {} == {}",
                        p.text,
                        shown(&v)
                    ))),
                }
            }
        }
    }
}
