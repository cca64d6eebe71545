//! The settings drawer: where the machine lives (account, Region), its type, its execution
//! role (name and permissions policy, "create a role for me"), and the display preferences.

use std::rc::Rc;

use yew::prelude::*;

use crate::bindings::browser;
use crate::components::code_editor::CodeEditor;
use crate::state::{Action, MachineType, Prefs, Problem, Workspace};

/// Props of [`Settings`].
#[derive(Properties, PartialEq)]
pub struct SettingsProps {
    /// The workspace (its settings and role).
    pub workspace: Workspace,
    /// Problems with the role.
    pub role_problems: Rc<Vec<Problem>>,
    /// Why the last account/Region change was refused.
    pub settings_problem: Option<String>,
    /// Display preferences.
    pub prefs: Prefs,
    /// Changes the state.
    pub dispatch: Callback<Action>,
    /// Work a share link replaced is kept and can come back.
    #[prop_or_default]
    pub can_restore: bool,
}

fn input_value(e: &Event) -> String {
    e.target_unchecked_into::<web_sys::HtmlInputElement>()
        .value()
}

fn checked(e: &Event) -> bool {
    e.target_unchecked_into::<web_sys::HtmlInputElement>()
        .checked()
}

/// The settings drawer.
#[component]
pub fn Settings(props: &SettingsProps) -> Html {
    let w = &props.workspace;
    let d = &props.dispatch;
    let on_account = {
        let region = w.region.clone();
        d.reform(move |e: Event| Action::Relocate {
            account: input_value(&e),
            region: region.clone(),
        })
    };
    let on_region = {
        let account = w.account.clone();
        d.reform(move |e: Event| Action::Relocate {
            account: account.clone(),
            region: input_value(&e),
        })
    };
    let on_type = d.reform(|e: Event| {
        let value = browser::select_value(&e);
        Action::SetMachineType(MachineType::parse(&value))
    });
    let on_role_name = d.reform(|e: Event| Action::SetRoleName(input_value(&e)));
    let on_name = d.reform(|e: Event| Action::SetMachineName(input_value(&e)));
    // Non-ASCII names are allowed, with AWS's warning.
    let name_warning = asl::check_name("state machine name", &w.machine_name)
        .ok()
        .flatten()
        .map(|d| d.message);
    let prefs = props.prefs;
    let on_dark = d.reform(move |e: Event| {
        Action::SetPrefs(Prefs {
            dark: checked(&e),
            ..prefs
        })
    });
    let on_large = d.reform(move |e: Event| {
        Action::SetPrefs(Prefs {
            large_font: checked(&e),
            ..prefs
        })
    });
    let types = [MachineType::Standard, MachineType::Express];
    html! {
        <aside class="settings" data-testid="settings-panel" aria-label="Settings">
            <header class="settings-head">
                <h2>{ "Settings" }</h2>
                <button type="button" class="btn btn-link" data-testid="settings-close"
                    onclick={d.reform(|_: MouseEvent| Action::ToggleSettings)}>{ "Close" }</button>
            </header>
            <div class="settings-body">
                <h3>{ "State machine" }</h3>
                <div class="settings-grid">
                    <label for="settings-name">{ "Name" }</label>
                    <input id="settings-name" data-testid="machine-name-input" spellcheck="false"
                        value={w.machine_name.clone()} onchange={on_name} />
                    <label for="settings-type">{ "Type" }</label>
                    <select id="settings-type" data-testid="machine-type" onchange={on_type}>
                        { for types.iter().map(|t| html! {
                            <option value={t.as_str()} selected={*t == w.machine_type}>{ t.label() }</option>
                        }) }
                    </select>
                    <label for="settings-account">{ "Account" }</label>
                    <input id="settings-account" data-testid="account-id" spellcheck="false"
                        inputmode="numeric" value={w.account.clone()} onchange={on_account} />
                    <label for="settings-region">{ "Region" }</label>
                    <input id="settings-region" data-testid="region" spellcheck="false"
                        value={w.region.clone()} onchange={on_region} />
                </div>
                if let Some(warning) = name_warning {
                    <p class="settings-note sev-warning" data-testid="machine-name-warning">{ warning }</p>
                }
                if let Some(problem) = &props.settings_problem {
                    <p class="notice notice-error" data-testid="settings-problem">{ problem.clone() }</p>
                }
                <p class="settings-note">
                    { "Function ARNs: " }<code>{ w.function_arn("NAME") }</code>
                    { ". Changing these rewrites the definition's and the role's ARNs." }
                </p>
                if w.machine_type == MachineType::Express {
                    <p class="settings-note">{ "Express executions get Express ARNs and quotas: at most 5 minutes (of virtual time unless real time is on), no 25,000-event history limit. The history and tree are shown as for Standard ones (AWS would log them to CloudWatch)." }</p>
                }

                <h3>{ "Execution role" }</h3>
                <div class="settings-grid">
                    <label for="settings-role">{ "Name" }</label>
                    <input id="settings-role" data-testid="role-name" spellcheck="false"
                        value={w.role.name.clone()} onchange={on_role_name} />
                </div>
                <p class="settings-note">
                    { "ARN " }<code data-testid="role-arn">{ w.role_arn() }</code>
                    { ". Step Functions calls each Lambda function as this role: its policy must allow lambda:InvokeFunction on it." }
                </p>
                <div class="role-head">
                    <span>{ "Permissions policy" }</span>
                    <button type="button" class="btn btn-small" data-testid="create-role-button"
                        title="Write a policy allowing lambda:InvokeFunction on exactly the functions the definition calls"
                        onclick={d.reform(|_: MouseEvent| Action::CreateRole)}>
                        { "Create a role for me" }
                    </button>
                </div>
                <div class="role-editor">
                    <CodeEditor testid="role-editor" label="Execution role permissions policy" language="json"
                        value={w.role.policy.clone()} on_change={d.reform(Action::EditRolePolicy)} />
                </div>
                if !props.role_problems.is_empty() {
                    <ul class="role-problems" data-testid="role-problems">
                        { for props.role_problems.iter().map(|p| html! {
                            <li class={if p.is_error() { "sev-error" } else { "sev-warning" }}>{ p.message.clone() }</li>
                        }) }
                    </ul>
                }

                if props.can_restore {
                    <h3>{ "Shared links" }</h3>
                    <p class="settings-note">
                        { "A share link replaced your earlier work; it is kept. " }
                        <button type="button" class="btn btn-link" data-testid="settings-restore-button"
                            onclick={d.reform(|_: MouseEvent| Action::RestorePreviousWork)}>
                            { "Restore your previous work" }
                        </button>
                    </p>
                }
                <h3>{ "Display" }</h3>
                <label class="toggle">
                    <input type="checkbox" data-testid="dark-theme-toggle" checked={prefs.dark} onchange={on_dark} />
                    { " Dark theme" }
                </label>
                <label class="toggle">
                    <input type="checkbox" data-testid="large-font-toggle" checked={prefs.large_font} onchange={on_large} />
                    { " Large font (projector)" }
                </label>
            </div>
        </aside>
    }
}
