//! Reducing the actions on the workspace's Lambda functions: their handlers, timeouts and
//! test events, and testing one alone.

use crate::state::{
    function_name_problem, test_event_name_problem, AppState, Function, FunctionTest, TestEvent,
    MAX_TIMEOUT_S,
};

impl AppState {
    /// [`crate::state::Action::EditFunction`].
    pub(super) fn edit_function(&mut self, code: String) {
        let i = self.selected_function;
        if let Some(f) = self.workspace.functions.get_mut(i) {
            f.code = code;
        }
    }

    /// [`crate::state::Action::SelectFunction`].
    pub(super) fn select_function(&mut self, i: usize) {
        if i < self.workspace.functions.len() {
            self.selected_function = i;
            self.selected_test_event = 0;
            self.test_event_problem = None;
            self.function_test = None;
        }
    }

    /// [`crate::state::Action::AddFunction`].
    pub(super) fn add_function(&mut self, name: String) {
        if function_name_problem(&name, &self.workspace.functions).is_none() {
            self.workspace.functions.push(Function::starter(&name));
            self.selected_function = self.workspace.functions.len() - 1;
            self.selected_test_event = 0;
            self.function_test = None;
        }
    }

    /// [`crate::state::Action::RemoveFunction`].
    pub(super) fn remove_function(&mut self, i: usize) {
        let functions = &mut self.workspace.functions;
        if functions.len() > 1 && i < functions.len() {
            functions.remove(i);
            let selected = self.selected_function;
            if selected > i || selected >= functions.len() {
                self.selected_function = selected.saturating_sub(1);
            }
            self.selected_test_event = 0;
            self.function_test = None;
        }
    }

    /// [`crate::state::Action::SetFunctionTimeout`].
    pub(super) fn set_function_timeout(&mut self, seconds: u32) {
        let i = self.selected_function;
        if let Some(f) = self.workspace.functions.get_mut(i) {
            f.timeout_s = seconds.clamp(1, MAX_TIMEOUT_S);
        }
    }

    /// [`crate::state::Action::SetMockAnswer`]: only a mock (a function named after a
    /// resource) has a fixed answer.
    pub(super) fn set_mock_answer(&mut self, fixed: Option<asl::host::fixed::FixedAnswer>) {
        let i = self.selected_function;
        if let Some(f) = self.workspace.functions.get_mut(i) {
            if crate::state::is_resource_name(&f.name) {
                f.fixed = fixed;
            }
        }
    }

    /// [`crate::state::Action::SetFunctionFaults`]: settings that do not check are refused.
    pub(super) fn set_function_faults(
        &mut self,
        faults: Option<asl::host::faults::FunctionFaults>,
    ) {
        if faults.as_ref().is_some_and(|f| f.check().is_err()) {
            return;
        }
        let i = self.selected_function;
        if let Some(f) = self.workspace.functions.get_mut(i) {
            f.faults = faults;
        }
    }

    /// [`crate::state::Action::EditTestEvent`].
    pub(super) fn edit_test_event(&mut self, text: String) {
        let k = self.selected_test_event;
        if let Some(e) = self.test_events_mut().and_then(|list| list.get_mut(k)) {
            e.event = text;
        }
    }

    /// [`crate::state::Action::SelectTestEvent`].
    pub(super) fn select_test_event(&mut self, k: usize) {
        if self.selected().is_some_and(|f| k < f.test_events.len()) {
            self.selected_test_event = k;
            self.test_event_problem = None;
        }
    }

    /// [`crate::state::Action::AddTestEvent`]: a copy of the selected one, named
    /// `MyEventN`.
    pub(super) fn add_test_event(&mut self) {
        let k = self.selected_test_event;
        let added = self.test_events_mut().map(|list| {
            let event = list.get(k).map_or_else(|| "{}".into(), |e| e.event.clone());
            let name = (1..)
                .map(|n| format!("MyEvent{n}"))
                .find(|n| !list.iter().any(|e| &e.name == n))
                .unwrap_or_default();
            list.push(TestEvent::new(name, event));
            list.len() - 1
        });
        if let Some(added) = added {
            self.selected_test_event = added;
            self.test_event_problem = None;
        }
    }

    /// [`crate::state::Action::RenameTestEvent`].
    pub(super) fn rename_test_event(&mut self, name: String) {
        let (k, name) = (self.selected_test_event, name.trim().to_string());
        if let Some(list) = self.test_events_mut() {
            let problem = test_event_name_problem(&name, list, Some(k));
            if let Some(e) = list.get_mut(k).filter(|_| problem.is_none()) {
                e.name = name;
            }
            self.test_event_problem = problem;
        }
    }

    /// [`crate::state::Action::RemoveTestEvent`].
    pub(super) fn remove_test_event(&mut self) {
        let k = self.selected_test_event;
        let left = self
            .test_events_mut()
            .filter(|l| l.len() > 1 && k < l.len())
            .map(|list| {
                list.remove(k);
                list.len()
            });
        if let Some(left) = left {
            self.selected_test_event = k.min(left - 1);
            self.test_event_problem = None;
        }
    }

    /// [`crate::state::Action::FunctionTestStarted`].
    pub(super) fn function_test_started(&mut self) {
        self.function_test = Some(FunctionTest {
            running: true,
            outcome: None,
            logs: vec![],
            duration_ms: 0.0,
        });
    }

    /// [`crate::state::Action::FunctionTestFinished`].
    pub(super) fn function_test_finished(&mut self, result: asl::host::InvocationResult) {
        self.function_test = Some(FunctionTest {
            running: false,
            outcome: Some(result.outcome),
            logs: result.logs,
            duration_ms: result.duration_ms,
        });
    }
}
