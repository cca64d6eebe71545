//! The context object (`$$`): what a state entry reads about its execution, its state
//! machine and itself, with the workflow variables beside it (under
//! [`crate::path::VARIABLES`]). The interpreter builds it for each state it enters; the state
//! inspector rebuilds it from a recorded execution ([`crate::inspect`]).

use serde_json::{json, Map, Value};

use crate::config::ExecutionConfig;
use crate::definition::{State, StateKind};
use crate::history::time;
use crate::machine_type::MachineType;

/// The execution a context object describes.
pub(crate) struct ExecutionContext<'a> {
    /// Its names, type, account, Region and role.
    pub config: &'a ExecutionConfig,
    /// Its input (`$$.Execution.Input`).
    pub input: &'a Value,
    /// When it started (ms since the epoch).
    pub start_ms: i64,
    /// Fields laid over every context object made (TestState's `context`), if any.
    pub patch: Option<&'a Value>,
}

impl ExecutionContext<'_> {
    /// `$$` for `state` entered at `entered_ms`, with the variables `vars` (and the patch laid
    /// over it): `Execution`
    /// (`RedriveCount` 0, which an EXPRESS execution does not have: it cannot be redriven),
    /// `State` (`EnteredTime`, `Name`, and for a Task `RetryCount`) and `StateMachine`.
    pub fn object(
        &self,
        state: &State,
        entered_ms: i64,
        retry_count: u64,
        vars: &Map<String, Value>,
    ) -> Value {
        let mut st = json!({"EnteredTime": time::iso8601(entered_ms), "Name": state.name});
        if matches!(state.kind, StateKind::Task(_)) {
            st["RetryCount"] = retry_count.into();
        }
        let config = self.config;
        let mut execution = json!({
            "Id": config.execution_arn(),
            "Input": self.input,
            "Name": config.execution_name,
            "RoleArn": config.role_arn,
            "StartTime": time::iso8601(self.start_ms),
            "RedriveCount": 0,
        });
        if let (MachineType::Express, Value::Object(m)) = (config.machine_type, &mut execution) {
            m.remove("RedriveCount");
        }
        let mut object = json!({
            "Execution": execution,
            "State": st,
            "StateMachine": {"Id": config.state_machine_arn(), "Name": config.state_machine_name},
            (crate::path::VARIABLES): vars,
        });
        if let Some(patch) = self.patch {
            lay_over(&mut object, patch);
        }
        object
    }
}

/// Lays `patch`'s members over `object`, member by member at any depth (TestState's
/// `context`: `{"Execution": {"Name": "x"}}` changes only the execution's name).
fn lay_over(object: &mut Value, patch: &Value) {
    match (object, patch) {
        (Value::Object(o), Value::Object(p)) => {
            for (k, v) in p {
                match o.get_mut(k) {
                    Some(slot) if slot.is_object() && v.is_object() => lay_over(slot, v),
                    _ => {
                        o.insert(k.clone(), v.clone());
                    }
                }
            }
        }
        (slot, patch) => *slot = patch.clone(),
    }
}
