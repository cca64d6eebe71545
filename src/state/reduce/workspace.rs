//! Reducing the workspace's actions: the definition and input texts, examples, share links,
//! revealing a problem.

use crate::state::{convert_definition, AppState, Notice, Reveal, Source, Workspace};

impl AppState {
    /// [`crate::state::Action::EditDefinition`].
    pub(super) fn edit_definition(&mut self, text: String) {
        if text != self.workspace.definition {
            self.set_definition(text);
        }
    }

    /// [`crate::state::Action::EditInput`].
    pub(super) fn edit_input(&mut self, text: String) {
        if text != self.workspace.input {
            self.set_input(text);
        }
    }

    /// [`crate::state::Action::ToggleFormat`].
    pub(super) fn toggle_format(&mut self) {
        if let Some(text) = convert_definition(&self.workspace.definition) {
            self.set_definition(text);
        }
    }

    /// [`crate::state::Action::LoadExample`]: an example keeps the account, the Region and
    /// the time settings.
    pub(super) fn load_example(&mut self, mut workspace: Workspace) {
        let w = &self.workspace;
        workspace.relocate(&w.account.clone(), &w.region.clone());
        workspace.time = w.time;
        self.replace_workspace(workspace);
    }

    /// [`crate::state::Action::LoadExercise`]: the exercise's workspace as it is (its account
    /// and Region were set when it was made); with a notice, the replaced work is kept.
    pub(super) fn load_exercise(&mut self, mut workspace: Workspace, notice: Option<String>) {
        workspace.time.real_time = false;
        match notice {
            Some(text) => {
                self.replace_keeping_previous(workspace);
                self.notice = Some(Notice { error: false, text });
            }
            None => self.replace_workspace(workspace),
        }
    }

    /// Replaces the workspace (an opened link, course or imported template) and keeps the
    /// work it replaces, to restore ([`crate::state::Action::RestorePreviousWork`]).
    pub(super) fn replace_keeping_previous(&mut self, workspace: Workspace) {
        let previous = self.workspace.clone();
        self.replace_workspace(workspace);
        self.previous_work = Some(previous);
    }

    /// [`crate::state::Action::OpenLink`].
    pub(super) fn open_link(&mut self, fragment: &str) {
        match asl::share::decode(fragment) {
            Ok(shared) => {
                self.replace_keeping_previous(Workspace::from_shared(shared));
                self.notice = Some(Notice {
                    error: false,
                    text: "Opened a shared workspace: nothing has run yet. Your previous work is kept.".into(),
                });
            }
            Err(e) => {
                self.notice = Some(Notice {
                    error: true,
                    text: format!("Could not open the shared link. {e}. Your work is unchanged."),
                });
            }
        }
    }

    /// [`crate::state::Action::RestorePreviousWork`].
    pub(super) fn restore_previous_work(&mut self) {
        if let Some(previous) = self.previous_work.take() {
            self.replace_workspace(previous);
            self.notice = None;
        }
    }

    /// [`crate::state::Action::RevealProblem`]: a role problem opens the settings, where the
    /// role is; the others ask their editor to show the range.
    pub(super) fn reveal_problem(&mut self, source: Source, range: (usize, usize)) {
        if source == Source::Role {
            self.settings_open = true;
            return;
        }
        let seq = self.reveal.map_or(1, |r| r.seq + 1);
        self.reveal = Some(Reveal { source, range, seq });
    }
}
