//! The workspace's state machines for a run in the page: a `states:startExecution` task
//! starts one of them, and each nested execution that ends is filed with its machine's
//! executions ([`Action::NestedFinished`]).

use asl::host::machines::{StartableMachine, StateMachines};
use asl::Execution;
use yew::Callback;

use crate::state::{Action, PlannedMachine};

/// The machines a run can start, by ARN in the run's account and Region.
pub struct PageMachines {
    run_id: u64,
    machines: Vec<PlannedMachine>,
    /// `arn:aws:states:REGION:ACCOUNT:stateMachine:`.
    arn_prefix: String,
    dispatch: Callback<Action>,
}

impl PageMachines {
    /// The `machines` run `run_id` (configured by `config`) can start; each nested execution
    /// that ends goes to `dispatch`.
    pub fn new(
        run_id: u64,
        machines: Vec<PlannedMachine>,
        config: &asl::ExecutionConfig,
        dispatch: Callback<Action>,
    ) -> Self {
        Self {
            run_id,
            machines,
            arn_prefix: asl::arn::state_machine(&config.region, &config.account, ""),
            dispatch,
        }
    }
}

impl StateMachines for PageMachines {
    fn find(&self, arn: &str) -> Option<StartableMachine<'_>> {
        let name = arn.strip_prefix(&self.arn_prefix)?;
        let m = self.machines.iter().find(|m| m.name == name)?;
        Some(StartableMachine {
            name: m.name.clone(),
            definition: &m.definition,
            machine_type: m.machine_type,
        })
    }

    fn finished(&self, machine: &str, name: &str, execution: &Execution) {
        let Some(m) = self.machines.iter().find(|m| m.name == machine) else {
            return;
        };
        self.dispatch.emit(Action::NestedFinished {
            parent: self.run_id,
            machine: machine.to_string(),
            execution_name: name.to_string(),
            definition: m.definition.clone(),
            execution: execution.clone(),
        });
    }
}
