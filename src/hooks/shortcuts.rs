//! [`use_shortcuts`]: the page's keys. Ctrl+Enter starts an execution, Esc stops a running
//! one, F10 steps a state, F11 an event, F9 continues (each only when its button is enabled).

use yew::prelude::*;

use crate::bindings::browser;
use crate::state::StepKind;

/// What the keys do now (`None`: the key does nothing now).
#[derive(Clone)]
pub struct Shortcuts {
    /// Ctrl+Enter.
    pub run: Callback<()>,
    /// Esc.
    pub stop: Option<Callback<()>>,
    /// F10 (a state) and F11 (an event).
    pub step: Option<Callback<StepKind>>,
    /// F9.
    pub resume: Option<Callback<()>>,
}

/// Listens to the page's keys (once), calling what `shortcuts` of the latest render says.
#[hook]
pub fn use_shortcuts(shortcuts: Shortcuts) {
    let latest = use_mut_ref(|| shortcuts.clone());
    *latest.borrow_mut() = shortcuts;
    {
        let latest = latest.clone();
        use_effect_with((), move |_| {
            let listener = browser::on_debug_keys(move |key| {
                let Shortcuts { step, resume, .. } = latest.borrow().clone();
                match key {
                    browser::DebugKey::StepState => step.map(|s| s.emit(StepKind::State)),
                    browser::DebugKey::StepEvent => step.map(|s| s.emit(StepKind::Event)),
                    browser::DebugKey::Continue => resume.map(|c| c.emit(())),
                };
            });
            move || drop(listener)
        });
    }
    {
        let latest = latest.clone();
        use_effect_with((), move |_| {
            let listener = browser::on_escape(move || {
                let stop = latest.borrow().stop.clone();
                if let Some(stop) = stop {
                    stop.emit(());
                }
            });
            move || drop(listener)
        });
    }
    use_effect_with((), move |_| {
        let listener = browser::on_run_shortcut(move || {
            let run = latest.borrow().run.clone();
            run.emit(());
        });
        move || drop(listener)
    });
}
