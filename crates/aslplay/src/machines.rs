//! `--machine NAME=FILE`: the other state machines a `states:startExecution` task may start
//! (their definitions loaded, by name, in the run's account and Region).

use asl::host::machines::MachineList;
use asl::MachineType;
use serde_json::{json, Value};

use crate::{read_file, Failure};

/// Loads each `NAME=FILE`; a definition that does not load is a usage error naming it.
pub fn load(specs: &[String]) -> Result<MachineList, Failure> {
    let mut machines = MachineList::default();
    for spec in specs {
        let Some((name, file)) = spec.split_once('=') else {
            return Err(Failure::new(format!(
                "--machine {spec:?}: give NAME=FILE (the state machine's name, its definition file)"
            )));
        };
        if name.is_empty() || asl::check_name("state machine name", name).is_err() {
            return Err(Failure::new(format!(
                "--machine {spec:?}: {name:?} is not a state machine name"
            )));
        }
        let text = read_file(file)?;
        let definition = asl::load(&text).map_err(|ds| {
            let first = ds
                .first()
                .map(|d| format!("{file}:{}:{}: {} {}", d.line, d.column, d.code, d.message));
            Failure::new(format!(
                "--machine {name}: the definition does not load: {}",
                first.unwrap_or_default()
            ))
        })?;
        machines.add(name, definition, MachineType::Standard);
    }
    Ok(machines)
}

/// The nested executions that ran, as printed: `{"stateMachine", "name", "status", "output" |
/// "error", "cause"}`.
pub fn ran(machines: &MachineList) -> Vec<Value> {
    machines
        .ran()
        .into_iter()
        .map(|(machine, name, execution)| {
            let mut v = execution.to_json(false);
            if let Value::Object(m) = &mut v {
                m.insert("stateMachine".into(), json!(machine));
                m.insert("name".into(), json!(name));
            }
            v
        })
        .collect()
}
