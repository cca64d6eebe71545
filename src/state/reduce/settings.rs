//! Reducing the settings' actions (machine name, account and Region, the role, real time)
//! and the ones on preferences and notices that are more than one assignment.

use crate::state::{account_problem, region_problem, AppState, SPEEDS};

impl AppState {
    /// [`crate::state::Action::SetMachineName`]: refused, with a message, when the name
    /// breaks AWS's rules or another machine of the workspace has it.
    pub(super) fn set_machine_name(&mut self, name: String) {
        match asl::check_name("state machine name", &name) {
            Err(d) => self.settings_problem = Some(d.message),
            Ok(_) if self.workspace.has_other_machine(&name) => {
                self.settings_problem = Some(format!(
                    "The workspace already has a state machine named {name}"
                ));
            }
            Ok(_) => {
                self.settings_problem = None;
                self.workspace.machine_name = name;
            }
        }
    }

    /// [`crate::state::Action::Relocate`]: the function ARNs in the definition follow (it is
    /// loaded again).
    pub(super) fn relocate(&mut self, account: &str, region: &str) {
        let (account, region) = (account.trim(), region.trim());
        self.settings_problem = account_problem(account).or_else(|| region_problem(region));
        if self.settings_problem.is_none() {
            self.workspace.relocate(account, region);
            let text = self.workspace.definition.clone();
            self.set_definition(text);
        }
    }

    /// [`crate::state::Action::CreateRole`]: allows exactly the functions the definition
    /// calls (none while its text does not load).
    pub(super) fn create_role(&mut self) {
        let called = self
            .loaded_definition()
            .map(|d| d.called_functions())
            .unwrap_or_default();
        self.workspace.role = self.workspace.created_role_for(&called);
    }

    /// [`crate::state::Action::SetSpeed`]: one of [`SPEEDS`]; others are ignored.
    pub(super) fn set_speed(&mut self, speed: u32) {
        if SPEEDS.contains(&speed) {
            self.workspace.time.speed = speed;
        }
    }
}
