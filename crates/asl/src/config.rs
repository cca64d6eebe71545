//! An execution's configuration: which machine, what the execution is called, where it runs
//! (account, Region, role) and whether its history is kept.

use crate::arn;
use crate::machine_type::MachineType;

/// Where an execution runs and what it is called.
#[derive(Debug, Clone, PartialEq)]
pub struct ExecutionConfig {
    /// The state machine's name (`MapLambda`).
    pub state_machine_name: String,
    /// The execution's name (unique per state machine).
    pub execution_name: String,
    /// The AWS account id (`123456789012`).
    pub account: String,
    /// The AWS Region (`us-east-1`).
    pub region: String,
    /// The state machine's execution role ARN.
    pub role_arn: String,
    /// STANDARD (the default) or EXPRESS.
    pub machine_type: MachineType,
    /// Whether [`crate::Execution::history`] keeps the events (the default). Without it the
    /// execution still counts them (the history limit applies alike) and the
    /// [`crate::Observer`] still sees each one; an execution nobody observes then skips
    /// building the events' details (the JSON text of each state's input and output)
    /// altogether.
    pub keep_history: bool,
}

impl ExecutionConfig {
    /// A configuration with the playground's defaults: account `123456789012`, `us-east-1`,
    /// and a role named after the machine.
    pub fn new(state_machine_name: &str, execution_name: &str) -> Self {
        let account = "123456789012".to_string();
        Self {
            state_machine_name: state_machine_name.into(),
            execution_name: execution_name.into(),
            role_arn: crate::iam::role_arn(
                &account,
                &format!("StepFunctions-{state_machine_name}-role"),
            ),
            account,
            region: "us-east-1".into(),
            machine_type: MachineType::Standard,
            keep_history: true,
        }
    }

    /// `arn:aws:states:REGION:ACCOUNT:stateMachine:NAME`.
    pub fn state_machine_arn(&self) -> String {
        arn::state_machine(&self.region, &self.account, &self.state_machine_name)
    }

    /// `arn:aws:states:REGION:ACCOUNT:execution:MACHINE:NAME`; for an EXPRESS machine
    /// `arn:aws:states:REGION:ACCOUNT:express:MACHINE:NAME:ID` (the id derived from the name).
    pub fn execution_arn(&self) -> String {
        let arn = match self.machine_type {
            MachineType::Standard => arn::execution,
            MachineType::Express => arn::express_execution,
        };
        arn(
            &self.region,
            &self.account,
            &self.state_machine_name,
            &self.execution_name,
        )
    }
}
