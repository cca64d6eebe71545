//! The workspace's settings as the browser keeps them (`localStorage`, one JSON object):
//! machine type, account, Region, execution role, real time and its speed. Settings saved by
//! an earlier version lack some fields; those keep the workspace's own.

use serde_json::{json, Value};

use super::time::TimeSettings;
use super::workspace::{MachineType, Role, Workspace};

impl Workspace {
    /// The settings to save.
    pub fn settings_json(&self) -> Value {
        json!({
            "machineType": self.machine_type.as_str(),
            "account": self.account,
            "region": self.region,
            "role": {"name": self.role.name, "policy": self.role.policy},
            "realTime": self.time.real_time,
            "speed": self.time.speed,
        })
    }

    /// The workspace with the saved `settings` applied. Settings saved before a role existed
    /// get the role "create a role for me" makes (so saved work keeps running); before real
    /// time was saved, virtual time.
    pub fn with_saved_settings(mut self, settings: &Value) -> Self {
        let text = |key: &str| settings.get(key).and_then(Value::as_str);
        if let Some(t) = text("machineType") {
            self.machine_type = MachineType::parse(t);
        }
        if let (Some(account), Some(region)) = (text("account"), text("region")) {
            self.account = account.into();
            self.region = region.into();
        }
        let role = settings.get("role");
        let field = |key: &str| role?.get(key)?.as_str().map(str::to_string);
        self.role = match (field("name"), field("policy")) {
            (Some(name), Some(policy)) => Role { name, policy },
            _ => self.created_role(),
        };
        let real_time = settings.get("realTime").and_then(Value::as_bool);
        let speed = settings.get("speed").and_then(Value::as_u64);
        self.time = TimeSettings::new(
            real_time.unwrap_or(false),
            speed.and_then(|s| u32::try_from(s).ok()).unwrap_or(1),
        );
        self
    }
}
