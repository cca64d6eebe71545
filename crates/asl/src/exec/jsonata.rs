//! JSONata states (`QueryLanguage: JSONata`): what differs from JSONPath's data flow —
//! `Arguments` instead of InputPath/Parameters, `Output` and `Assign` evaluated side by side
//! with `$states.result` instead of ResultSelector/ResultPath/OutputPath, and the field
//! expressions of Pass, Succeed, Fail, Choice and Wait. Task, Map and Parallel share their
//! runners with JSONPath and call in here.

use serde_json::{Map, Value};

use super::machine::{Assignment, Done, StateVisit, Step};
use super::Run;
use crate::definition::{Condition, Dynamic, Fail, StateKind, Template, Transition};
use crate::errors::RuntimeError;
use crate::history;
use crate::query::JsonataTemplate;
use crate::query::{query_error, Scope};

/// The variables of an evaluated `Assign` (an object: the loader makes sure of it).
pub(super) fn variables(v: Value) -> Map<String, Value> {
    match v {
        Value::Object(m) => m,
        _ => Map::new(),
    }
}

impl Run<'_> {
    /// The scope of the state's expressions: its input, the context object and variables
    /// of the current attempt, the clock and the randomness.
    pub(super) fn scope<'v>(&'v self, visit: &'v StateVisit<'_>) -> Scope<'v> {
        Scope::of(visit.input, &visit.context, self.now(), self.host.rng)
    }

    /// A JSONata state's output and assignments: `Assign` and `Output` in the same scope
    /// (`$states.result` when the state has a result); `Output` defaults to the result, or
    /// to the input for a state without one.
    pub(super) fn jsonata_output(
        &self,
        visit: &StateVisit<'_>,
        result: Option<Value>,
    ) -> Result<(Value, Option<Assignment>), RuntimeError> {
        let state = visit.state;
        let scope = self.scope(visit);
        let scope = match &result {
            Some(r) => scope.with_result(r),
            None => scope,
        };
        let assign = self.jsonata_assign(visit, &scope)?;
        let output = match state.output() {
            Some(t) => t
                .evaluate("Output", &scope)
                .map_err(|e| self.in_state(state, visit.entered, e))?,
            None => result.unwrap_or_else(|| visit.input.clone()),
        };
        Ok((output, assign.map(Assignment::Evaluated)))
    }

    /// The variables the state's own `Assign` sets, evaluated in `scope`.
    fn jsonata_assign(
        &self,
        visit: &StateVisit<'_>,
        scope: &Scope<'_>,
    ) -> Result<Option<Map<String, Value>>, RuntimeError> {
        match visit.state.assign.as_deref() {
            Some(Template::Jsonata(t)) => t
                .evaluate("Assign", scope)
                .map(|v| Some(variables(v)))
                .map_err(|e| self.in_state(visit.state, visit.entered, e)),
            _ => Ok(None),
        }
    }

    /// Runs a JSONata Pass, Succeed, Fail, Choice or Wait state (Task, Map and Parallel go
    /// through their own runners).
    pub(super) async fn run_jsonata_state(&self, visit: &StateVisit<'_>) -> Step {
        let (state, entered) = (visit.state, visit.entered);
        let at = |e| self.in_state(state, entered, e);
        let next = match &state.transition {
            Transition::Next(n) => Some(n.clone()),
            Transition::End | Transition::Terminal => None,
        };
        let done = |(output, assign): (Value, Option<Assignment>), next| Done {
            output,
            next,
            assign,
        };
        match &state.kind {
            StateKind::Pass { .. } | StateKind::Succeed => {
                Ok(done(self.jsonata_output(visit, None)?, next))
            }
            StateKind::Fail(f) => Err(self.fail(f, &self.scope(visit)).map_err(at)?),
            StateKind::Choice(c) => {
                let scope = self.scope(visit);
                for rule in &c.choices {
                    let Condition::Jsonata(t) = &rule.condition else {
                        continue;
                    };
                    let v = t.evaluate("Condition", &scope).map_err(at)?;
                    let holds = match (&v, t.as_expression()) {
                        (Value::Bool(b), _) => *b,
                        (other, Some(j)) => {
                            return Err(at(j.type_error("Condition", "boolean", other)))
                        }
                        (_, None) => false,
                    };
                    if !holds {
                        continue;
                    }
                    // AWS: the state's own Assign applies whichever rule matches (the
                    // rule's own wins where both set a variable); the rule's Output, else
                    // the state's, is the output.
                    let mut vars = self.jsonata_assign(visit, &scope)?;
                    if let Some(Template::Jsonata(a)) = &rule.assign {
                        let own = variables(a.evaluate("Assign", &scope).map_err(at)?);
                        vars.get_or_insert_with(Map::new).extend(own);
                    }
                    let output = match (&rule.output, state.output()) {
                        (Some(o), _) | (None, Some(o)) => {
                            o.evaluate("Output", &scope).map_err(at)?
                        }
                        (None, None) => visit.input.clone(),
                    };
                    return Ok(Done {
                        output,
                        next: Some(rule.next.clone()),
                        assign: vars.map(Assignment::Evaluated),
                    });
                }
                match &c.default {
                    Some(d) => Ok(done(self.jsonata_output(visit, None)?, Some(d.clone()))),
                    None => Err(at(RuntimeError::new(
                        crate::errors::NO_CHOICE_MATCHED,
                        "No Matches!",
                    ))),
                }
            }
            StateKind::Wait(w) => {
                let ms = self.wait_ms(w, &self.scope(visit)).map_err(at)?;
                self.wait(ms).await?;
                Ok(done(self.jsonata_output(visit, None)?, next))
            }
            // Task, Map and Parallel have runners of their own.
            StateKind::Task(_) | StateKind::Map(_) | StateKind::Parallel(_) => Err(
                RuntimeError::runtime(format!("State '{}' runs elsewhere", state.name)),
            ),
        }
    }

    /// A Fail state's error: its `Error` and `Cause` (or `ErrorPath` and `CausePath`) read
    /// in `scope`, a value that is not a string shown as JSON.
    pub(super) fn fail(&self, f: &Fail, scope: &Scope<'_>) -> Result<RuntimeError, RuntimeError> {
        let text = |d: &Option<Dynamic<String>>, field: &str| match d {
            Some(d @ Dynamic::Expression(_)) => d
                .resolve(scope, &format!("{field}Path"), |_, v| Ok(shown(&v)))
                .map(Some),
            Some(d) => d.resolve(scope, field, |_, v| Ok(shown(&v))).map(Some),
            None => Ok(None),
        };
        let error = text(&f.error, "Error")?;
        let cause = text(&f.cause, "Cause")?;
        Ok(RuntimeError::new(
            error.unwrap_or_default(),
            cause.unwrap_or_default(),
        ))
    }

    /// A JSONata Map's items: its `Items` (which must give an array), else its input (which
    /// must be one).
    pub(super) fn jsonata_items(
        &self,
        visit: &StateVisit<'_>,
        items: Option<&JsonataTemplate>,
    ) -> Result<Vec<Value>, RuntimeError> {
        let at = |e| self.in_state(visit.state, visit.entered, e);
        match items {
            Some(t) => match t.evaluate("Items", &self.scope(visit)).map_err(at)? {
                Value::Array(a) => Ok(a),
                other => Err(at(match t.as_expression() {
                    Some(j) => j.type_error("Items", "array", &other),
                    None => query_error("", not_an_array(&other)),
                })),
            },
            None => match visit.input {
                Value::Array(a) => Ok(a.clone()),
                other => Err(at(query_error("", not_an_array(other)))),
            },
        }
    }
}

/// `Map state input must be an array but was: …`.
fn not_an_array(v: &Value) -> String {
    format!(
        "Map state input must be an array but was: {}",
        history::json_text(v)
    )
}

/// A value as a Fail state shows it: a string as it is, anything else as JSON.
fn shown(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => history::json_text(other),
    }
}
