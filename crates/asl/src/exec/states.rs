//! Running one entered state of each type (Task, Map and Parallel have their own files).

use serde_json::Value;

use super::machine::{Assignment, Done, StateVisit, Step};
use super::trace::Prev;
use super::Run;
use crate::definition::{Dynamic, StateKind, Transition, Wait};
use crate::errors::RuntimeError;
use crate::history::{self, time};
use crate::path::Path;
use crate::query::{query_error, Scope};

impl Run<'_> {
    /// Runs one entered state. `prev` is updated to what the state's exit event follows.
    pub(super) async fn run_state(&self, visit: &StateVisit<'_>, prev: &mut Prev) -> Step {
        let (state, raw, ctx, entered) = (visit.state, visit.input, &visit.context, visit.entered);
        let next = match &state.transition {
            Transition::Next(n) => Some(n.clone()),
            Transition::End | Transition::Terminal => None,
        };
        let at = |e: RuntimeError| self.in_state(state, entered, e);
        let done = |(output, assign): (Value, Option<Assignment>), next: Option<String>| Done {
            output,
            next,
            assign,
        };
        // `$` of Assign: the state's result (after ResultSelector), or its input.
        let assign_on = |source: Value| Assignment::jsonpath(state.assign.as_deref(), source);
        if state.is_jsonata()
            && !matches!(
                state.kind,
                StateKind::Task(_) | StateKind::Map(_) | StateKind::Parallel(_)
            )
        {
            return self.run_jsonata_state(visit).await;
        }
        match &state.kind {
            StateKind::Pass { result } => {
                let effective = self.effective_input(visit)?;
                let result = result.as_deref().cloned().unwrap_or(effective);
                Ok(done(self.state_output(visit, result)?, next))
            }
            StateKind::Succeed => {
                let effective = self.effective_input(visit)?;
                let output = self
                    .select(state.output_path(), &effective, ctx)
                    .map_err(at)?;
                Ok(Done {
                    output,
                    next: None,
                    assign: None,
                })
            }
            StateKind::Fail(f) => {
                let scope = Scope::of(raw, ctx, self.now(), self.host.rng);
                Err(self.fail(f, &scope).map_err(at)?)
            }
            StateKind::Choice(c) => {
                let effective = self.select(state.input_path(), raw, ctx).map_err(at)?;
                let (target, rule_assign) = self.choose(c, &effective, ctx).map_err(at)?;
                let output = self
                    .select(state.output_path(), &effective, ctx)
                    .map_err(at)?;
                let assign = match rule_assign {
                    Some(rule) => rule,
                    None => state.assign.as_deref(),
                };
                Ok(Done {
                    output,
                    next: Some(target),
                    assign: Assignment::jsonpath(assign, effective),
                })
            }
            StateKind::Wait(w) => {
                let effective = self.select(state.input_path(), raw, ctx).map_err(at)?;
                let scope = Scope::of(&effective, ctx, self.now(), self.host.rng);
                let ms = self.wait_ms(w, &scope).map_err(at)?;
                self.wait(ms).await?;
                let output = self
                    .select(state.output_path(), &effective, ctx)
                    .map_err(at)?;
                Ok(done((output, assign_on(effective)), next))
            }
            StateKind::Task(t) => Ok(done(self.run_task(visit, t, prev).await?, next)),
            StateKind::Map(m) => Ok(done(self.run_map(visit, m, prev).await?, next)),
            StateKind::Parallel(p) => Ok(done(self.run_parallel(visit, p, prev).await?, next)),
        }
    }

    /// Waits `ms` on the clock; the execution's TimeoutSeconds cuts a long wait short.
    pub(super) async fn wait(&self, ms: u64) -> Result<(), RuntimeError> {
        let remaining = self
            .deadline_ms
            .map(|d| u64::try_from(d - self.now()).unwrap_or(0));
        self.host
            .clock
            .sleep(remaining.map_or(ms, |r| r.min(ms)))
            .await;
        self.check_deadline()
    }

    /// How long a Wait state waits, its fields read in `scope`.
    pub(super) fn wait_ms(&self, w: &Wait, scope: &Scope<'_>) -> Result<u64, RuntimeError> {
        let delay = |ms: i64| -> Result<u64, RuntimeError> {
            if ms / 1000 > i64::from(i32::MAX) {
                return Err(RuntimeError::runtime("Wait state delay is too long."));
            }
            Ok(u64::try_from(ms).unwrap_or(0))
        };
        match w {
            Wait::Seconds(s) => {
                let s = s.resolve(scope, "Seconds", seconds)?;
                delay(i64::try_from(s).unwrap_or(i64::MAX).saturating_mul(1000))
            }
            Wait::Timestamp(ts) => {
                let ts = ts.resolve(scope, "Timestamp", timestamp)?;
                match time::parse_rfc3339(&ts) {
                    Some(t) => delay(t - self.now()),
                    None if matches!(ts_field(w), Some(Dynamic::Jsonata(_))) => Err(query_error(
                        "Timestamp",
                        format!("The Timestamp field cannot be parsed as an ISO-8601 extended offset date-time format string: {ts}"),
                    )),
                    None => Err(RuntimeError::runtime(format!(
                        "The Timestamp '{ts}' is not a valid ISO-8601 timestamp"
                    ))),
                }
            }
        }
    }
}

/// A Wait's `Timestamp` field, if it has one.
fn ts_field(w: &Wait) -> Option<&Dynamic<String>> {
    match w {
        Wait::Timestamp(t) => Some(t),
        Wait::Seconds(_) => None,
    }
}

/// A value as a cause quotes it: a string as it is, anything else as JSON.
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => history::json_text(other),
    }
}

/// What `SecondsPath` selected, as seconds to wait.
fn seconds(p: &Path, v: Value) -> Result<u64, RuntimeError> {
    match v.as_i64() {
        Some(s) if s < 0 => Err(RuntimeError::runtime(format!(
            "The SecondsPath parameter references a negative value: {} == {}",
            p.text,
            shown(&v)
        ))),
        Some(s) => Ok(s.unsigned_abs()),
        None => Err(RuntimeError::runtime(format!(
            "The SecondsPath parameter cannot be parsed as a long value: {} == {}",
            p.text,
            shown(&v)
        ))),
    }
}

/// What `TimestampPath` selected, as a timestamp to wait until.
fn timestamp(p: &Path, v: Value) -> Result<String, RuntimeError> {
    match v.as_str().filter(|t| time::parse_rfc3339(t).is_some()) {
        Some(t) => Ok(t.to_string()),
        None => Err(RuntimeError::runtime(format!(
            "The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: {} == {}",
            p.text,
            shown(&v)
        ))),
    }
}
