//! Input and output processing shared by the states: InputPath → Parameters → (work) →
//! ResultSelector → ResultPath → OutputPath, with AWS's error causes.

use std::borrow::Cow;

use serde_json::Value;

use super::machine::{Assignment, StateVisit};
use super::trace::event_ref;
use super::Run;
use crate::definition::State;
use crate::errors::{self, RuntimeError};
use crate::path::Path;
use crate::payload;

impl Run<'_> {
    /// Prefixes a data-flow error's cause the way AWS does:
    /// `An error occurred while executing the state 'X' (entered at the event id #N). …`.
    pub fn in_state(&self, state: &State, entered: usize, e: RuntimeError) -> RuntimeError {
        let mut out = RuntimeError::new(
            e.error,
            format!(
                "An error occurred while executing the state '{}' (entered at the event id #{}). {}",
                state.name,
                event_ref(entered),
                e.cause
            ),
        );
        out.location = e.location;
        out
    }

    /// Applies a path field (`InputPath`/`OutputPath`): `null` gives `{}`.
    pub fn select(
        &self,
        path: Option<&Path>,
        value: &Value,
        ctx: &Value,
    ) -> Result<Value, RuntimeError> {
        select(path, value, ctx)
    }

    /// InputPath, then Parameters: what the state works on (a JSONata state's: its
    /// `Arguments`, default its input).
    pub fn effective_input(&self, visit: &StateVisit<'_>) -> Result<Value, RuntimeError> {
        let (state, raw, ctx, entered) = (visit.state, visit.input, &visit.context, visit.entered);
        if state.is_jsonata() {
            return match state.arguments() {
                Some(t) => t
                    .evaluate("Arguments", &self.scope(visit))
                    .map_err(|e| self.in_state(state, entered, e)),
                None => Ok(raw.clone()),
            };
        }
        let selected = select_ref(state.input_path(), raw, ctx)
            .map_err(|e| self.in_state(state, entered, e))?;
        match &state.parameters {
            Some(t) => payload::evaluate_with(t, &selected, ctx, self.host.rng)
                .map_err(|e| self.in_state(state, entered, e)),
            None => Ok(selected.into_owned()),
        }
    }

    /// ResultSelector, ResultPath, OutputPath: the state's output from its raw input and
    /// its result; also what it assigns (JSONPath: `Assign` on the result after
    /// ResultSelector). A JSONata state's: `Assign` and `Output` (default: the result) with
    /// `$states.result`.
    pub fn state_output(
        &self,
        visit: &StateVisit<'_>,
        result: Value,
    ) -> Result<(Value, Option<Assignment>), RuntimeError> {
        let (state, raw, ctx, entered) = (visit.state, visit.input, &visit.context, visit.entered);
        if state.is_jsonata() {
            return self.jsonata_output(visit, Some(result));
        }
        let result = match &state.result_selector {
            Some(t) => payload::evaluate_with(t, &result, ctx, self.host.rng)
                .map_err(|e| self.in_state(state, entered, e))?,
            None => result,
        };
        // `Assign` sees the result: keep a copy only if the state assigns.
        let kept = state
            .assign
            .as_ref()
            .map(|a| Assignment::jsonpath(Some(a), result.clone()));
        let combined = self
            .place_result(state.result_path(), raw, result)
            .map_err(|e| self.in_state(state, entered, e))?;
        let output = select_owned(state.output_path(), combined, ctx)
            .map_err(|e| self.in_state(state, entered, e))?;
        Ok((output, kept.flatten()))
    }

    /// Applies a ResultPath (`null` keeps the input).
    pub fn place_result(
        &self,
        path: Option<&Path>,
        raw: &Value,
        result: Value,
    ) -> Result<Value, RuntimeError> {
        place_result(path, raw, result)
    }

    /// The 256 KiB limit on what a state or task hands on.
    pub fn check_size(&self, what: &str, value: &Value) -> Result<(), RuntimeError> {
        if errors::payload_size(value) > errors::MAX_PAYLOAD_BYTES {
            return Err(RuntimeError::new(
                errors::DATA_LIMIT_EXCEEDED,
                format!("The state/task '{what}' returned a result with a size exceeding the maximum number of bytes service limit."),
            ));
        }
        Ok(())
    }
}

/// A reader for [`crate::definition::Dynamic::resolve`]: what a `…Path` field (`field`:
/// `MaxConcurrencyPath`, `TimeoutSecondsPath`, …) selected, as a non-negative integer; a
/// string holding one is accepted too (AWS: `"1"` from a variable works).
pub fn integer(field: &str) -> impl FnOnce(&Path, Value) -> Result<u64, RuntimeError> + '_ {
    move |path, v| {
        let number = v
            .as_u64()
            .or_else(|| v.as_str().and_then(|t| t.trim().parse::<u64>().ok()));
        number.ok_or_else(|| {
            let shown = v
                .as_str()
                .map_or_else(|| crate::history::json_text(&v), String::from);
            RuntimeError::runtime(format!(
                "The {field} field refers to value \"{shown}\" which is not a valid integer: {}",
                path.text
            ))
        })
    }
}

/// Applies a path field (`InputPath`/`OutputPath`): `null` gives `{}`.
pub fn select(path: Option<&Path>, value: &Value, ctx: &Value) -> Result<Value, RuntimeError> {
    match path {
        None => Ok(Value::Object(Default::default())),
        Some(p) => p
            .eval(value, ctx)
            .map_err(|m| RuntimeError::runtime(format!("Invalid path '{}' : {}", p.text, m.0))),
    }
}

/// Like [`select`], without copying what a definite path (`$`, `$.a[0]`) selects.
pub fn select_ref<'v>(
    path: Option<&Path>,
    value: &'v Value,
    ctx: &'v Value,
) -> Result<Cow<'v, Value>, RuntimeError> {
    match path {
        Some(p) if p.root == crate::path::Root::Input && p.is_definite() => p
            .get(value, ctx)
            .map(Cow::Borrowed)
            .map_err(|m| RuntimeError::runtime(format!("Invalid path '{}' : {}", p.text, m.0))),
        _ => select(path, value, ctx).map(Cow::Owned),
    }
}

/// Like [`select`] on a value that is no longer needed: `$` hands it on as it is.
pub fn select_owned(path: Option<&Path>, value: Value, ctx: &Value) -> Result<Value, RuntimeError> {
    match path {
        Some(p) if p.root == crate::path::Root::Input && p.segments.is_empty() => Ok(value),
        _ => select(path, &value, ctx),
    }
}

/// Applies a ResultPath (`null` keeps the input).
pub fn place_result(
    path: Option<&Path>,
    raw: &Value,
    result: Value,
) -> Result<Value, RuntimeError> {
    match path {
        None => Ok(raw.clone()),
        // `$`: the result replaces the input whole.
        Some(p) if p.segments.is_empty() && p.is_reference() => Ok(result),
        Some(p) => p.set(raw.clone(), result).map_err(|m| {
            RuntimeError::new(
                errors::RESULT_PATH_MATCH_FAILURE,
                format!("{m} '{}'", crate::history::json_text(raw)),
            )
        }),
    }
}
