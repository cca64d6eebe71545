//! The reducer: [`AppState`] changed by one [`Action`]. Each action goes to its area's
//! reducer — the workspace ([`workspace`]: definition, input, examples, share links), its
//! functions ([`functions`]: handlers, test events, function tests), runs and the debugger
//! ([`runs`]), settings and notices ([`settings`]) — and the role's problems follow what
//! they depend on.

use std::rc::Rc;

use yew::Reducible;

use super::{Action, AppState};

mod functions;
mod machines;
mod runs;
mod settings;
mod transfer;
mod workspace;

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut state = Rc::unwrap_or_clone(self);
        let before = RoleInputs::of(&state);
        match action {
            // The workspace.
            Action::EditDefinition(text) => state.edit_definition(text),
            Action::EditInput(text) => state.edit_input(text),
            Action::ToggleFormat => state.toggle_format(),
            Action::LoadExample(workspace) => state.load_example(workspace),
            Action::LoadExercise { workspace, notice } => state.load_exercise(workspace, notice),
            Action::OpenLink(fragment) => state.open_link(&fragment),
            Action::RestorePreviousWork => state.restore_previous_work(),
            Action::RevealProblem(source, range) => state.reveal_problem(source, range),
            // Its functions.
            Action::EditFunction(code) => state.edit_function(code),
            Action::SelectFunction(i) => state.select_function(i),
            Action::AddFunction(name) => state.add_function(name),
            Action::RemoveFunction(i) => state.remove_function(i),
            Action::SetFunctionTimeout(seconds) => state.set_function_timeout(seconds),
            Action::SetFunctionFaults(faults) => state.set_function_faults(faults),
            Action::SetMockAnswer(fixed) => state.set_mock_answer(fixed),
            Action::EditTestEvent(text) => state.edit_test_event(text),
            Action::SelectTestEvent(k) => state.select_test_event(k),
            Action::AddTestEvent => state.add_test_event(),
            Action::RenameTestEvent(name) => state.rename_test_event(name),
            Action::RemoveTestEvent => state.remove_test_event(),
            Action::FunctionTestStarted => state.function_test_started(),
            Action::FunctionTestFinished(result) => state.function_test_finished(result),
            // Runs and the debugger.
            Action::EditExecutionName(name) => state.edit_execution_name(name),
            Action::RunRefused => state.refused = true,
            Action::RunStarted {
                id,
                execution_name,
                definition,
                config,
            } => state.run_started(id, execution_name, definition, config),
            Action::RunProgress {
                id,
                events,
                invocations,
            } => state.run_progress(id, events, invocations),
            Action::RunPaused { id, states } => state.run_paused(id, states),
            Action::MapRunProgress { id, reports } => state.map_run_progress(id, reports),
            Action::RunAborted { id } => state.run_aborted(id),
            Action::RunFinished { id, execution } => state.run_finished(id, execution),
            Action::TaskWaiting { id, task } => state.task_waiting(id, task),
            Action::ActivityStarted { id, token } => state.activity_started(id, &token),
            Action::TaskSettled { id, token } => state.task_settled(id, &token),
            Action::PutObject(object) => state.workspace.put_object(object),
            Action::DeleteObject(bucket, key) => Rc::make_mut(&mut state.workspace.objects)
                .retain(|o| !(o.bucket == bucket && o.key == key)),
            Action::ObjectsWritten(objects) => {
                for o in objects {
                    state.workspace.put_object(o);
                }
            }
            Action::OpenRun(id) => state.open_run(id),
            Action::SwitchMachine(name) => state.switch_machine(&name),
            Action::AddMachine => state.add_machine(),
            Action::RemoveMachine => state.remove_machine(),
            Action::NestedFinished {
                parent,
                machine,
                execution_name,
                definition,
                execution,
            } => state.nested_finished(parent, machine, execution_name, definition, execution),
            Action::OpenNested { machine, id } => state.open_nested(&machine, id),
            Action::Step(kind) => state.step(kind),
            Action::RevealAll => state.reveal_all(),
            Action::Inspect(name) => state.inspect(name),
            Action::InspectEntry(name, id) => state.inspect_entry(name, id),
            Action::ToggleBreakpoint(name) => state.toggle_breakpoint(name),
            // Settings and notices.
            Action::SetMachineName(name) => state.set_machine_name(name),
            Action::SetMachineType(t) => state.workspace.machine_type = t,
            Action::Relocate { account, region } => state.relocate(&account, &region),
            Action::SetRoleName(name) => state.workspace.role.name = name,
            Action::EditRolePolicy(text) => state.workspace.role.policy = text,
            Action::CreateRole => state.create_role(),
            Action::ToggleSettings => state.settings_open = !state.settings_open,
            Action::SetPrefs(prefs) => state.prefs = prefs,
            Action::SetRealTime(on) => state.workspace.time.real_time = on,
            Action::SetSpeed(speed) => state.set_speed(speed),
            Action::DismissNotice => state.notice = None,
            Action::Notify(notice) => state.notice = Some(notice),
            Action::ImportFile { name, text } => state.import_file(&name, &text),
        }
        if RoleInputs::of(&state) != before {
            state.refresh_role_problems();
        }
        Rc::new(state)
    }
}

/// What the role's problems depend on: the role, the account, the Region and the loaded
/// definition (the functions it calls).
#[derive(PartialEq)]
struct RoleInputs {
    role: super::Role,
    account: String,
    region: String,
    definition: Option<super::Shared<asl::Definition>>,
}

impl RoleInputs {
    fn of(state: &AppState) -> Self {
        let w = &state.workspace;
        Self {
            role: w.role.clone(),
            account: w.account.clone(),
            region: w.region.clone(),
            definition: state.definition.clone(),
        }
    }
}
