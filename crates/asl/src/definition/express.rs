//! What an EXPRESS state machine may not use (AWS rejects it at creation): Task resources
//! that wait for a job (`.sync`) or a callback (`.waitForTaskToken`).

use super::model::{StateKind, StateMachine};
use super::resource::Pattern;
use super::Definition;
use crate::diagnostic::{Diagnostic, DiagnosticCode};

/// The problems `definition` has as an EXPRESS state machine (none for STANDARD), worded as
/// AWS words them.
pub fn express_diagnostics(definition: &Definition) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    walk(&definition.machine, &mut out);
    out
}

fn walk(machine: &StateMachine, out: &mut Vec<Diagnostic>) {
    for state in &machine.states {
        match &state.kind {
            StateKind::Task(task) => {
                // AWS's texts, the first with its trailing space.
                let message = match Pattern::of(&task.resource) {
                    Pattern::WaitForTaskToken => Some("Express state machine does not support '.waitForTaskToken' service integration "),
                    Pattern::Sync => Some("Express state machine does not support '.sync' service integration"),
                    Pattern::RequestResponse => None,
                };
                if let Some(m) = message {
                    out.push(Diagnostic::error(
                        DiagnosticCode::ExpressUnsupported,
                        m,
                        &format!("{}/Resource", state.pointer),
                    ));
                }
            }
            StateKind::Map(m) => walk(&m.processor, out),
            StateKind::Parallel(p) => p.branches.iter().for_each(|b| walk(b, out)),
            _ => {}
        }
    }
}
