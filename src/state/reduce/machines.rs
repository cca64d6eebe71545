//! Reducing the actions on the workspace's state machines: editing another one (each keeps
//! its own executions and breakpoints), adding and deleting one, and the nested executions a
//! run starts, filed with their machine's executions.

use std::rc::Rc;

use asl::{Execution, Status};

use crate::state::{AppState, Log, MachineRuns, NestedRun, Run, Shared, Workspace, KEPT_RUNS};

impl AppState {
    /// [`crate::state::Action::SwitchMachine`].
    pub(super) fn switch_machine(&mut self, name: &str) {
        if name != self.workspace.machine_name {
            self.change_machine(true, |w| w.switch_machine(name));
        }
    }

    /// [`crate::state::Action::AddMachine`].
    pub(super) fn add_machine(&mut self) {
        self.change_machine(true, |w| !w.add_machine().is_empty());
    }

    /// [`crate::state::Action::RemoveMachine`]: its executions go with it.
    pub(super) fn remove_machine(&mut self) {
        self.change_machine(false, Workspace::remove_machine);
    }

    /// Edits another machine of the workspace, as `change` picks it (`false`: none, nothing
    /// changes); the edited one's executions are kept aside when `keep`. Not while an
    /// execution runs.
    fn change_machine(&mut self, keep: bool, change: impl FnOnce(&mut Workspace) -> bool) {
        if self.is_running() {
            return;
        }
        let mut workspace = self.workspace.clone();
        if !change(&mut workspace) {
            return;
        }
        if keep {
            self.stash_runs();
        } else {
            self.run = None;
            self.other_runs.clear();
        }
        self.edit_workspace_machine(workspace);
    }

    /// Keeps the edited machine's executions and breakpoints aside.
    fn stash_runs(&mut self) {
        let machine = self.workspace.machine_name.clone();
        self.machine_runs.retain(|m| m.machine != machine);
        self.machine_runs.push(MachineRuns {
            machine,
            run: self.run.take(),
            other_runs: std::mem::take(&mut self.other_runs),
            used_names: std::mem::take(&mut self.used_names),
            breakpoints: std::mem::take(&mut self.breakpoints),
        });
    }

    /// Edits `workspace`'s machine (another one than before): its texts load, its executions
    /// come back.
    fn edit_workspace_machine(&mut self, workspace: Workspace) {
        let (definition, input) = (workspace.definition.clone(), workspace.input.clone());
        self.workspace = workspace;
        self.set_definition(definition);
        self.set_input(input);
        let names = self.workspace.machine_names();
        self.machine_runs.retain(|m| names.contains(&m.machine));
        let name = &self.workspace.machine_name;
        let kept = match self.machine_runs.iter().position(|m| &m.machine == name) {
            Some(k) => self.machine_runs.remove(k),
            None => MachineRuns::default(),
        };
        self.run = kept.run;
        self.other_runs = kept.other_runs;
        self.used_names = kept.used_names;
        self.breakpoints = kept.breakpoints;
        self.name_problems = Rc::default();
        self.execution_name.clear();
        self.inspected = None;
        self.inspected_entry = None;
        self.reveal = None;
        self.refused = false;
    }

    /// [`crate::state::Action::NestedFinished`]: the execution joins its machine's
    /// executions, and the run that started it lists it.
    pub(super) fn nested_finished(
        &mut self,
        parent: u64,
        machine: String,
        execution_name: String,
        definition: Shared<asl::Definition>,
        execution: Execution,
    ) {
        let id = self.last_run_id + 1;
        self.last_run_id = id;
        let Some(started_by) = self.current_run(parent) else {
            return;
        };
        started_by.nested.push(NestedRun {
            machine: machine.clone(),
            execution_name: execution_name.clone(),
            id,
            status: execution.status,
        });
        let w = &self.workspace;
        let mut config = w.execution_config(&execution_name);
        config.state_machine_name.clone_from(&machine);
        if let Some(m) = w.machines.iter().find(|m| m.name == machine) {
            config.machine_type = m.machine_type;
        }
        let run = Run {
            status: execution.status,
            history: Log::new(execution.history),
            output: execution.output,
            error: execution.error,
            cause: execution.cause,
            ..Run::new(id, execution_name.clone(), Some(definition), Some(config))
        };
        debug_assert!(run.status != Status::Running);
        if machine == self.workspace.machine_name {
            Rc::make_mut(&mut self.used_names).push(execution_name);
            file_run(&mut self.other_runs, run);
            return;
        }
        let kept = match self
            .machine_runs
            .iter_mut()
            .position(|m| m.machine == machine)
        {
            Some(k) => &mut self.machine_runs[k],
            None => {
                self.machine_runs.push(MachineRuns {
                    machine,
                    ..MachineRuns::default()
                });
                self.machine_runs.last_mut().expect("just pushed")
            }
        };
        Rc::make_mut(&mut kept.used_names).push(execution_name);
        if let Some(shown) = kept.run.replace(run) {
            file_run(&mut kept.other_runs, shown);
        }
    }

    /// [`crate::state::Action::OpenNested`].
    pub(super) fn open_nested(&mut self, machine: &str, id: u64) {
        if machine != self.workspace.machine_name {
            self.switch_machine(machine);
        }
        if machine == self.workspace.machine_name {
            self.open_run(id);
        }
    }
}

/// Adds `run` to `runs` (newest first, at most [`KEPT_RUNS`] - 1).
pub(super) fn file_run(runs: &mut Vec<Run>, run: Run) {
    runs.push(run);
    runs.sort_by_key(|r| std::cmp::Reverse(r.id));
    runs.truncate(KEPT_RUNS - 1);
}
