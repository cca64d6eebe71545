//! Reducing an imported file ([`asl::import`]): a definition, a template's workspace, or an
//! execution history shown as an execution of the edited machine.

use asl::import::{history, import, Imported, Place};
use asl::Status;

use super::machines::file_run;
use crate::state::{AppState, Log, Notice, Run, Workspace};

impl AppState {
    /// [`crate::state::Action::ImportFile`].
    pub(super) fn import_file(&mut self, name: &str, text: &str) {
        if self.is_running() {
            return;
        }
        let place = Place {
            account: self.workspace.account.clone(),
            region: self.workspace.region.clone(),
        };
        match import(text, &place) {
            Ok(Imported::Definition(definition)) => {
                self.previous_work = Some(self.workspace.clone());
                self.set_definition(definition);
                self.notify(
                    false,
                    format!("Imported the definition {name}. Your previous work is kept."),
                    &[],
                );
            }
            Ok(Imported::Workspace { workspace, notes }) => {
                let mut shared = *workspace;
                if shared.input.is_empty() {
                    shared.input.clone_from(&self.workspace.input);
                }
                let mut imported = Workspace::from_shared(shared);
                imported.time = self.workspace.time;
                imported.objects = self.workspace.objects.clone();
                self.replace_keeping_previous(imported);
                let machines = self.workspace.machine_names().len();
                let functions = self.workspace.functions.len();
                self.notify(
                    false,
                    format!(
                        "Imported {name}: {machines} state machine(s), {functions} function(s); nothing has run yet. Your previous work is kept."
                    ),
                    &notes,
                );
            }
            Ok(Imported::History { events, mut notes }) => {
                let outcome = history::outcome(&events);
                let definition = self.definition.clone();
                if let Some(d) = &definition {
                    let unknown = history::unknown_states(&events, d);
                    if !unknown.is_empty() {
                        notes.insert(0, format!(
                            "It does not match the current definition, which has no state {}: the tree and the history show it all, the graph only the states it has",
                            unknown.join(", ")
                        ));
                    }
                }
                if outcome.status.is_none() {
                    notes.push("The history does not end (it was taken while the execution ran): it is shown as ABORTED".into());
                }
                let id = self.last_run_id + 1;
                self.last_run_id = id;
                let run = Run {
                    status: outcome.status.unwrap_or(Status::Aborted),
                    history: Log::new(events),
                    output: outcome.output,
                    error: outcome.error,
                    cause: outcome.cause,
                    ..Run::new(id, name.to_string(), definition, None)
                };
                if let Some(shown) = self.run.replace(run) {
                    file_run(&mut self.other_runs, shown);
                }
                self.inspected = None;
                self.inspected_entry = None;
                self.notify(
                    false,
                    format!(
                        "Imported the execution history {name}: shown as an execution of {}.",
                        self.workspace.machine_name
                    ),
                    &notes,
                );
            }
            Err(e) => self.notify(
                true,
                format!("Could not import {name}: {e}. Your work is unchanged."),
                &[],
            ),
        }
    }

    fn notify(&mut self, error: bool, text: String, notes: &[String]) {
        let mut text = text;
        for n in notes {
            text.push(' ');
            text.push_str(n);
            if !n.ends_with('.') {
                text.push('.');
            }
        }
        self.notice = Some(Notice { error, text });
    }
}
