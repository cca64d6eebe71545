//! The state machines of the workspace, for `arn:aws:states:::states:startExecution` tasks:
//! a nested execution runs another machine's definition, and its host hears about it (the
//! page lists it with the machine's executions; the CLI can print it).

use crate::definition::Definition;
use crate::exec::Execution;
use crate::machine_type::MachineType;

/// A state machine another execution can start.
pub struct StartableMachine<'a> {
    /// Its name.
    pub name: String,
    /// Its definition.
    pub definition: &'a Definition,
    /// Standard or Express.
    pub machine_type: MachineType,
}

/// The machines a nested execution can start.
pub trait StateMachines {
    /// The machine with this ARN (`arn:aws:states:REGION:ACCOUNT:stateMachine:NAME`).
    fn find(&self, arn: &str) -> Option<StartableMachine<'_>>;

    /// A nested execution of `machine` ended (its history kept), named `name`.
    fn finished(&self, _machine: &str, _name: &str, _execution: &Execution) {}
}

/// Machines by name in one account and Region, remembering the nested executions they ran.
#[derive(Default)]
pub struct MachineList {
    machines: Vec<(String, Definition, MachineType)>,
    /// `arn:aws:states:REGION:ACCOUNT:stateMachine:`.
    arn_prefix: String,
    ran: std::cell::RefCell<Vec<(String, String, Execution)>>,
}

impl MachineList {
    /// No machines, in `account` and `region`.
    pub fn new(account: &str, region: &str) -> Self {
        Self {
            arn_prefix: crate::arn::state_machine(region, account, ""),
            ..Self::default()
        }
    }

    /// Adds a machine.
    pub fn add(&mut self, name: &str, definition: Definition, machine_type: MachineType) {
        self.machines
            .push((name.to_string(), definition, machine_type));
    }

    /// Moves the machines to `account` and `region`.
    pub fn set_home(&mut self, account: &str, region: &str) {
        self.arn_prefix = crate::arn::state_machine(region, account, "");
    }

    /// The nested executions that ran, in the order they ended: (machine, name, execution).
    pub fn ran(&self) -> Vec<(String, String, Execution)> {
        self.ran.borrow().clone()
    }
}

impl StateMachines for MachineList {
    fn find(&self, arn: &str) -> Option<StartableMachine<'_>> {
        let name = arn.strip_prefix(&self.arn_prefix)?;
        self.machines
            .iter()
            .find(|(n, _, _)| n == name)
            .map(|(n, d, t)| StartableMachine {
                name: n.clone(),
                definition: d,
                machine_type: *t,
            })
    }

    fn finished(&self, machine: &str, name: &str, execution: &Execution) {
        self.ran
            .borrow_mut()
            .push((machine.into(), name.into(), execution.clone()));
    }
}
