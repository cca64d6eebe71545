//! The data flow through one state, step by step, for the state inspector: recomputed from
//! the state's input (and, for Task, Map and Parallel, the result the history recorded).

use serde_json::{json, Map, Value};

use crate::definition::{State, StateKind, Template};
use crate::errors::RuntimeError;
use crate::exec::io::{place_result, select};
use crate::host::SplitMix64;
use crate::payload;
use crate::query::Scope;

/// One step of a state's data flow.
#[derive(Debug, Clone, PartialEq)]
pub struct DataFlowStep {
    /// `input`, `afterInputPath`, `afterParameters`, `result`, `afterResultSelector`,
    /// `afterResultPath`, `output`, `variables` (what `Assign` set); for a JSONata state
    /// `input`, `afterArguments`, `result`, `output`, `variables`.
    pub step: &'static str,
    /// The value after that step.
    pub value: Value,
}

/// A state's data flow: the steps that could be computed, and the error that stopped it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct DataFlow {
    /// The steps, in order.
    pub steps: Vec<DataFlowStep>,
    /// The error that ended the flow early, if any.
    pub error: Option<RuntimeError>,
}

/// Recomputes how data flows through `state` for `input`. `result` is what the state's work
/// gave (a Task's handler result, a Map's or Parallel's array) — needed for those types,
/// ignored for the others, whose result is computed. `context` is the context object
/// (`$$`, with workflow variables under [`crate::path::VARIABLES`]); `None` gives one with
/// just the state's name. Intrinsics that draw randomness use a fixed seed.
pub fn data_flow(
    state: &State,
    input: &Value,
    result: Option<&Value>,
    context: Option<&Value>,
) -> DataFlow {
    let fallback = json!({"State": {"Name": state.name}});
    let ctx = context.unwrap_or(&fallback);
    let rng = SplitMix64::new(0);
    let mut flow = DataFlow::default();
    let push = |flow: &mut DataFlow, step: &'static str, value: &Value| {
        flow.steps.push(DataFlowStep {
            step,
            value: value.clone(),
        })
    };
    push(&mut flow, "input", input);
    if state.is_jsonata() {
        if let Err(e) = jsonata_flow(&mut flow, state, input, result, ctx, &rng) {
            flow.error = Some(e);
        }
        return flow;
    }
    let run = |flow: &mut DataFlow| -> Result<(), RuntimeError> {
        if matches!(state.kind, StateKind::Fail(_)) {
            return Ok(());
        }
        let selected = select(state.input_path(), input, ctx)?;
        push(flow, "afterInputPath", &selected);
        let effective = match &state.parameters {
            Some(t) => {
                let v = payload::evaluate_with(t, &selected, ctx, &rng)?;
                push(flow, "afterParameters", &v);
                v
            }
            None => selected,
        };
        let result = match (&state.kind, result) {
            (StateKind::Pass { result: Some(r) }, _) => (**r).clone(),
            (StateKind::Pass { result: None }, _) => effective,
            (StateKind::Task(_) | StateKind::Map(_) | StateKind::Parallel(_), Some(r)) => r.clone(),
            (StateKind::Task(_) | StateKind::Map(_) | StateKind::Parallel(_), None) => {
                return Ok(())
            }
            // Choice, Wait, Succeed: no result; the output is the selected input.
            _ => {
                let output = select(state.output_path(), &effective, ctx)?;
                push(flow, "output", &output);
                return assign(flow, state, &effective, ctx, &rng);
            }
        };
        push(flow, "result", &result);
        let result = match &state.result_selector {
            Some(t) => {
                let v = payload::evaluate_with(t, &result, ctx, &rng)?;
                push(flow, "afterResultSelector", &v);
                v
            }
            None => result,
        };
        let combined = place_result(state.result_path(), input, result.clone())?;
        push(flow, "afterResultPath", &combined);
        let output = select(state.output_path(), &combined, ctx)?;
        push(flow, "output", &output);
        assign(flow, state, &result, ctx, &rng)
    };
    if let Err(e) = run(&mut flow) {
        flow.error = Some(e);
    }
    flow
}

/// A JSONata state's steps, as TestState shows them: `afterArguments` (Task, Parallel),
/// `result`, `output`, `variables`. A Choice state's are its own `Output` and `Assign` (those
/// of the Default branch); `$now()` is the state's entry time.
fn jsonata_flow(
    flow: &mut DataFlow,
    state: &State,
    input: &Value,
    result: Option<&Value>,
    ctx: &Value,
    rng: &SplitMix64,
) -> Result<(), RuntimeError> {
    let now_ms = ctx
        .pointer("/State/EnteredTime")
        .and_then(Value::as_str)
        .and_then(crate::history::time::parse_rfc3339)
        .unwrap_or(0);
    let scope = Scope::of(input, ctx, now_ms, rng);
    let step = |flow: &mut DataFlow, step: &'static str, value: &Value| {
        flow.steps.push(DataFlowStep {
            step,
            value: value.clone(),
        })
    };
    if matches!(state.kind, StateKind::Fail(_)) {
        return Ok(());
    }
    if let Some(t) = state.arguments() {
        step(flow, "afterArguments", &t.evaluate("Arguments", &scope)?);
    }
    let has_result = matches!(
        state.kind,
        StateKind::Task(_) | StateKind::Map(_) | StateKind::Parallel(_)
    );
    let result = match (has_result, result) {
        (true, Some(r)) => {
            step(flow, "result", r);
            Some(r)
        }
        (true, None) => return Ok(()),
        (false, _) => None,
    };
    let scope = match result {
        Some(r) => scope.with_result(r),
        None => scope,
    };
    let output = match state.output() {
        Some(t) => t.evaluate("Output", &scope)?,
        None => result.unwrap_or(input).clone(),
    };
    step(flow, "output", &output);
    if let Some(Template::Jsonata(t)) = state.assign.as_deref() {
        step(flow, "variables", &t.evaluate("Assign", &scope)?);
    }
    Ok(())
}

fn assign(
    flow: &mut DataFlow,
    state: &State,
    source: &Value,
    ctx: &Value,
    rng: &SplitMix64,
) -> Result<(), RuntimeError> {
    if let Some(crate::definition::Template::JsonPath(template)) = state.assign.as_deref() {
        let v = payload::evaluate_with(template, source, ctx, rng)?;
        let vars: Map<String, Value> = v.as_object().cloned().unwrap_or_default();
        flow.steps.push(DataFlowStep {
            step: "variables",
            value: Value::Object(vars),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn state(def: &str) -> State {
        let d = crate::load(def).expect("loads");
        d.machine.states[0].clone()
    }

    fn steps_of(flow: &DataFlow) -> Vec<(&'static str, Value)> {
        flow.steps
            .iter()
            .map(|s| (s.step, s.value.clone()))
            .collect()
    }

    #[test]
    fn steps_of_a_jsonata_task() {
        let s = state(
            r#"{"QueryLanguage":"JSONata","StartAt":"T","States":{"T":{"Type":"Task",
            "Resource":"arn:aws:lambda:us-east-1:1:function:f","Arguments":{"who":"bob"},
            "Output":{"done":true},"Assign":{"n":1},"End":true}}}"#,
        );
        let flow = data_flow(&s, &json!({"a": 1}), Some(&json!("hi bob")), None);
        let steps = steps_of(&flow);
        assert_eq!(
            steps,
            vec![
                ("input", json!({"a": 1})),
                ("afterArguments", json!({"who": "bob"})),
                ("result", json!("hi bob")),
                ("output", json!({"done": true})),
                ("variables", json!({"n": 1})),
            ]
        );
        assert_eq!(flow.error, None);
        // Without Output, a Pass state's output is its input.
        let p = state(
            r#"{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","End":true}}}"#,
        );
        let flow = data_flow(&p, &json!([1]), None, None);
        assert_eq!(
            flow.steps.last().map(|s| (s.step, s.value.clone())),
            Some(("output", json!([1])))
        );
    }

    #[test]
    fn steps_of_a_task() {
        let s = state(
            r#"{"StartAt":"T","States":{"T":{"Type":"Task","Resource":"arn:aws:lambda:us-east-1:1:function:f",
            "InputPath":"$.in","Parameters":{"who.$":"$.name"},"ResultSelector":{"greeting.$":"$.msg"},
            "ResultPath":"$.out","OutputPath":"$.out","Assign":{"last.$":"$.greeting"},"End":true}}}"#,
        );
        let flow = data_flow(
            &s,
            &json!({"in": {"name": "bob"}}),
            Some(&json!({"msg": "hi bob"})),
            None,
        );
        let steps = steps_of(&flow);
        assert_eq!(
            steps,
            vec![
                ("input", json!({"in": {"name": "bob"}})),
                ("afterInputPath", json!({"name": "bob"})),
                ("afterParameters", json!({"who": "bob"})),
                ("result", json!({"msg": "hi bob"})),
                ("afterResultSelector", json!({"greeting": "hi bob"})),
                (
                    "afterResultPath",
                    json!({"in": {"name": "bob"}, "out": {"greeting": "hi bob"}})
                ),
                ("output", json!({"greeting": "hi bob"})),
                ("variables", json!({"last": "hi bob"})),
            ]
        );
        assert_eq!(flow.error, None);
    }

    #[test]
    fn errors_stop_the_flow() {
        let s = state(
            r#"{"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$.missing","End":true}}}"#,
        );
        let flow = data_flow(&s, &json!({}), None, None);
        assert_eq!(flow.steps.len(), 1);
        assert_eq!(
            flow.error.map(|e| e.cause),
            Some("Invalid path '$.missing' : No results for path: $['missing']".to_string())
        );
    }
}
