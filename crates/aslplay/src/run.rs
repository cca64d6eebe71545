//! `aslplay run`: one execution of a definition on an input, handlers in Node.js.

use std::path::{Path, PathBuf};
use std::time::Duration;

use asl::arn::FunctionArn;
use asl::host::callback::{HandlerThenScripted, ScriptedAnswers};
use asl::host::faults::{FaultPlan, FaultyRunner};
use asl::host::{SplitMix64, VirtualClock};
use asl::{ExecutionConfig, Status};
use serde_json::Value;

use crate::clock::{self, RealClock};
use crate::handlers::{located_function_arn, Handlers};
use crate::host_script::HostScript;
use crate::node_runner::NodeRunner;
use crate::{output, read_file, Failure};

/// The options of `aslplay run`.
#[derive(Debug, Default)]
pub struct RunOptions {
    /// The definition file (JSON or YAML).
    pub definition: String,
    /// The input file (JSON).
    pub input: String,
    /// The handlers file, if any.
    pub handlers: Option<String>,
    /// The execution name.
    pub name: Option<String>,
    /// Print the history too.
    pub history: bool,
    /// Use the wall clock instead of the virtual one.
    pub real_time: bool,
    /// The Lambda functions' timeout.
    pub function_timeout: Duration,
    /// Copy handler logs to stderr.
    pub logs: bool,
    /// The state machine's type (`--type STANDARD|EXPRESS`).
    pub machine_type: asl::MachineType,
    /// When the execution starts on the virtual clock, in milliseconds since the Unix epoch
    /// (`--start-time`); `None`: now.
    pub start_ms: Option<i64>,
    /// The injected faults file (`--faults`), if any.
    pub faults: Option<String>,
    /// The answers file (`--answers`), if any.
    pub answers: Option<String>,
    /// The directory standing for S3 (`--s3`), if any.
    pub s3: Option<String>,
    /// The other state machines (`--machine NAME=FILE`).
    pub machines: Vec<String>,
}

/// The state machine's name in every run.
const STATE_MACHINE_NAME: &str = "StateMachine";

/// Everything one execution needs, read and checked.
pub struct Prepared {
    /// The definition text (JSON or YAML).
    pub definition_text: String,
    /// The input.
    pub input: Value,
    /// The input as written (AWS records StartExecution's input verbatim).
    pub input_text: String,
    /// The handlers, mocks and workers.
    pub handlers: Handlers,
    /// Answers for the tasks that wait.
    pub answers: ScriptedAnswers,
    /// The other state machines.
    pub machines: asl::host::machines::MachineList,
    /// The directory standing for S3.
    pub objects: Option<crate::objects::DirObjects>,
    /// Injected faults.
    pub faults: FaultPlan,
    /// The execution name (`None`: a random UUID).
    pub name: Option<String>,
    /// The state machine's type.
    pub machine_type: asl::MachineType,
    /// Keep the history.
    pub keep_history: bool,
    /// Wall clock instead of the virtual one.
    pub real_time: bool,
    /// The virtual clock's start (`None`: now).
    pub start_ms: Option<i64>,
    /// The Lambda functions' timeout.
    pub function_timeout: Duration,
    /// Copy handler logs to stderr.
    pub logs: bool,
    /// The account and Region (`None`: from the handlers' or the definition's first Lambda
    /// ARN, see [`config_for`]).
    pub home: Option<(String, String)>,
}

/// What came of [`execute`]: the definition's problems, or the execution (and the other
/// machines, with the nested executions they ran).
// One per execution, moved once: boxing the larger variant would buy nothing.
#[allow(clippy::large_enum_variant)]
pub enum Executed {
    /// The definition does not load (or its type refuses it).
    Invalid(Vec<asl::Diagnostic>),
    /// It ran.
    Ran {
        /// The execution.
        execution: asl::Execution,
        /// The model it ran (kept so the caller decides when to free it).
        definition: asl::Definition,
        /// The other machines, with what they ran.
        machines: asl::host::machines::MachineList,
    },
}

/// Runs one execution with Node.js handlers.
pub fn execute(p: Prepared) -> Result<Executed, Failure> {
    let Prepared {
        definition_text,
        input,
        input_text,
        mut handlers,
        answers,
        mut machines,
        objects,
        faults,
        name,
        machine_type,
        keep_history,
        real_time,
        start_ms,
        function_timeout,
        logs,
        home,
    } = p;
    // Only the model is kept: the definition's JSON is dropped while it is modelled, after
    // its first Lambda ARN is noted (the execution's account and Region, see `config_for`).
    let loaded = asl::load_lean(&definition_text, first_lambda_arn).and_then(|(d, arn)| {
        // AWS refuses to create an EXPRESS machine with `.sync`/`.waitForTaskToken` tasks.
        let refused = match machine_type {
            asl::MachineType::Express => asl::express_diagnostics(&d),
            asl::MachineType::Standard => vec![],
        };
        if refused.is_empty() {
            Ok((d, arn))
        } else {
            Err(refused)
        }
    });
    drop(definition_text);
    let (definition, definition_arn) = match loaded {
        Ok(d) => d,
        Err(diagnostics) => return Ok(Executed::Invalid(diagnostics)),
    };

    let rng = SplitMix64::new(clock::entropy());
    let execution_name = name.unwrap_or_else(|| asl::uuid(&rng));
    let mut config = config_for(definition_arn, &handlers, &execution_name);
    if let Some((account, region)) = home {
        config.role_arn = asl::iam::role_arn(
            &account,
            &format!("StepFunctions-{STATE_MACHINE_NAME}-role"),
        );
        config.account = account;
        config.region = region;
    }
    config.machine_type = machine_type;
    // The history is only kept when it is used; the limit counts events either way.
    config.keep_history = keep_history;
    handlers.set_home(&config.account, &config.region);
    machines.set_home(&config.account, &config.region);

    let (script, runner) = node_runner(handlers, function_timeout, logs)?;
    let virtual_clock = VirtualClock::new(start_ms.unwrap_or_else(clock::now_ms));
    let real_clock = RealClock;
    let clock: &dyn asl::host::Clock = if real_time {
        &real_clock
    } else {
        &virtual_clock
    };
    let timeout_ms = u64::try_from(function_timeout.as_millis()).unwrap_or(u64::MAX);
    let timeouts = faults
        .functions
        .keys()
        .map(|name| (name.clone(), timeout_ms))
        .collect::<Vec<_>>();
    let faulty = FaultyRunner::new(&runner, faults, &rng, clock).with_timeouts(timeouts);
    let callbacks = HandlerThenScripted {
        handlers: runner.handler_answers(),
        scripted: &answers,
        pending: Some(&runner),
    };
    let host = asl::Host {
        callbacks: Some(&callbacks),
        objects: objects
            .as_ref()
            .map(|o| o as &dyn asl::host::objects::ObjectStore),
        machines: Some(&machines),
        ..asl::Host::new(&faulty, clock, &rng)
    };
    let execution = asl::block_on(asl::execute_input(
        &definition,
        input,
        &input_text,
        &config,
        host,
    ));
    drop(callbacks);
    drop(faulty);
    drop(runner);
    for state in answers.unanswered() {
        eprintln!(
            "aslplay: the task of state '{state}' waited for an answer and --answers had none left for it"
        );
    }
    if answers.left() > 0 {
        eprintln!(
            "aslplay: {} answer(s) of --answers were not used: no task waited for them",
            answers.left()
        );
    }
    drop(script);
    Ok(Executed::Ran {
        execution,
        definition,
        machines,
    })
}

/// Runs the execution; returns the process exit code (0 succeeded, 1 anything else).
pub fn run(opts: &RunOptions) -> Result<i32, Failure> {
    let definition_text = read_file(&opts.definition)?;
    // Checked before anything runs, so a bad input never starts Node.js.
    let (input, input_text) = read_input(&opts.input)?;
    let handlers = load_handlers(opts.handlers.as_deref())?;
    if let Some(name) = &opts.name {
        check_name(name)?;
    }
    let answers = match &opts.answers {
        Some(path) => ScriptedAnswers::parse(&read_json(path, "answers")?)
            .map_err(|e| Failure::new(format!("{path}: {e} (answers file)")))?,
        None => ScriptedAnswers::default(),
    };
    let machines = crate::machines::load(&opts.machines)?;
    let objects = match &opts.s3 {
        Some(dir) => Some(crate::objects::DirObjects::new(Path::new(dir)).map_err(Failure::new)?),
        None => None,
    };
    let faults = match &opts.faults {
        Some(path) => FaultPlan::from_json_text(&read_file(path)?)
            .map_err(|e| Failure::new(format!("{path}: {e} (faults file)")))?,
        None => FaultPlan::default(),
    };
    let executed = execute(Prepared {
        definition_text,
        input,
        input_text,
        handlers,
        answers,
        machines,
        objects,
        faults,
        name: opts.name.clone(),
        machine_type: opts.machine_type,
        keep_history: opts.history,
        real_time: opts.real_time,
        start_ms: opts.start_ms,
        function_timeout: opts.function_timeout,
        logs: opts.logs,
        home: None,
    })?;
    let (execution, definition, machines) = match executed {
        Executed::Invalid(diagnostics) => {
            output::emit(output::invalid_definition(&diagnostics));
            return Ok(1);
        }
        Executed::Ran {
            execution,
            definition,
            machines,
        } => (execution, definition, machines),
    };
    // The output moves into the printed object instead of being copied; the history is
    // turned into JSON event by event as it is written.
    let mut execution = execution;
    let out = execution.output.take();
    let mut printed = execution.to_json(false);
    if let (Some(out), Some(slot)) = (out, printed.get_mut("output")) {
        *slot = out;
    }
    let nested = crate::machines::ran(&machines);
    if let (false, Value::Object(m)) = (nested.is_empty(), &mut printed) {
        m.insert("nestedExecutions".into(), Value::Array(nested));
    }
    output::emit_json(&output::RunResult {
        result: &printed,
        history: opts.history.then_some(execution.history.as_slice()),
    });
    let code = if execution.status == Status::Succeeded {
        0
    } else {
        1
    };
    // The process ends right after this: freeing a history of up to 25,000 events, a
    // large output or a definition of thousands of states one allocation at a time is pure
    // cost (the benchmark measured 13–18% of a run for the history, 8% of the 10,000-state
    // chain for the definition), so the OS reclaims them.
    std::mem::forget(execution);
    std::mem::forget(printed);
    std::mem::forget(definition);
    Ok(code)
}

/// Reads an input file: the value and its text. Text that is not JSON, or more than
/// StartExecution takes, is a located usage error.
pub fn read_input(path: &str) -> Result<(Value, String), Failure> {
    let text = read_file(path)?;
    let input = asl::parse_execution_input(&text).map_err(|d| {
        let what = if d.code == asl::DiagnosticCode::InputTooLarge {
            "input too large"
        } else {
            "invalid input JSON"
        };
        Failure::new(format!(
            "{path}:{}:{}: {what}: {}",
            d.line, d.column, d.message
        ))
    })?;
    Ok((input, text))
}

/// Reads the handlers file (none: no handlers), with a located error.
pub fn load_handlers(path: Option<&str>) -> Result<Handlers, Failure> {
    let Some(path) = path else {
        return Ok(Handlers::default());
    };
    let text = read_file(path)?;
    Handlers::parse(&text).map_err(|e| {
        let sep = if e.starts_with(|c: char| c.is_ascii_digit()) {
            ":"
        } else {
            ": "
        };
        Failure::new(format!("{path}{sep}{e} (handlers file)"))
    })
}

/// Reads a JSON file; an error names the file, the line and column, and `what` it is.
pub fn read_json(path: &str, what: &str) -> Result<Value, Failure> {
    let text = read_file(path)?;
    asl::parse_json(&text).map_err(|d| {
        Failure::new(format!(
            "{path}:{}:{}: invalid JSON: {} ({what} file)",
            d.line, d.column, d.message
        ))
    })
}

/// The Node.js runner of `handlers` (and the host script it runs, kept while it is used);
/// Node.js is only looked for when there are handlers.
pub fn node_runner(
    handlers: Handlers,
    function_timeout: Duration,
    logs: bool,
) -> Result<(Option<HostScript>, NodeRunner), Failure> {
    let script = if handlers.is_empty() {
        None
    } else {
        Some(HostScript::write().map_err(Failure::new)?)
    };
    let node = if handlers.is_empty() {
        PathBuf::from("node")
    } else {
        find_node()?
    };
    let script_path = script.as_ref().map(|s| s.path.clone()).unwrap_or_default();
    let runner = NodeRunner::new(
        handlers,
        node,
        script_path,
        function_timeout,
        logs,
        crate::node_runner::default_processes(),
    );
    Ok((script, runner))
}

/// The execution's configuration: account and Region from the first Lambda ARN of the
/// handlers file, else of the definition (`definition_arn`), else the playground's defaults.
pub fn config_for(
    definition_arn: Option<FunctionArn>,
    handlers: &Handlers,
    execution_name: &str,
) -> ExecutionConfig {
    let mut config = ExecutionConfig::new(STATE_MACHINE_NAME, execution_name);
    let arn = handlers.first_arn().cloned().or(definition_arn);
    if let Some(arn) = arn {
        config.account = arn.account;
        config.region = arn.region;
        config.role_arn = asl::iam::role_arn(
            &config.account,
            &format!("StepFunctions-{STATE_MACHINE_NAME}-role"),
        );
    }
    config
}

/// The first Lambda function ARN among a JSON document's strings, in document order.
pub fn first_lambda_arn(value: &Value) -> Option<FunctionArn> {
    match value {
        Value::String(s) => located_function_arn(s),
        Value::Array(items) => items.iter().find_map(first_lambda_arn),
        Value::Object(map) => map.values().find_map(first_lambda_arn),
        _ => None,
    }
}

/// AWS's rules for execution names: an invalid name is a usage error, a non-ASCII one a warning.
fn check_name(name: &str) -> Result<(), Failure> {
    match asl::check_name("execution name", name) {
        Ok(None) => Ok(()),
        Ok(Some(warning)) => {
            eprintln!("aslplay: warning: {}", warning.message);
            Ok(())
        }
        Err(error) => Err(Failure::new(format!(
            "invalid execution name {name:?}: {}",
            error.message
        ))),
    }
}

/// `node` from `ASLPLAY_NODE` or the `PATH`.
fn find_node() -> Result<PathBuf, Failure> {
    if let Some(path) = std::env::var_os("ASLPLAY_NODE").filter(|p| !p.is_empty()) {
        let path = PathBuf::from(path);
        if !is_executable(&path) {
            return Err(Failure::new(format!(
                "cannot run handlers: ASLPLAY_NODE={} is not an executable file",
                path.display()
            )));
        }
        return Ok(path);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join("node"))
        .find(|p| is_executable(p))
        .ok_or_else(|| {
            Failure::new(
                "cannot run handlers: Node.js (`node`) was not found on PATH; install Node.js 20 or newer, or set ASLPLAY_NODE to its path",
            )
        })
}

fn is_executable(path: &Path) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::metadata(path)
            .map(|m| m.is_file() && m.permissions().mode() & 0o111 != 0)
            .unwrap_or(false)
    }
    #[cfg(not(unix))]
    {
        path.is_file()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_aws_rules() {
        assert!(check_name("run-1").is_ok());
        assert!(check_name("").is_err());
        assert!(check_name(&"a".repeat(81)).is_err());
        assert!(check_name("a b").is_err());
        assert!(check_name("a:b").is_err());
        assert!(check_name("a\u{85}b").is_err());
    }

    #[test]
    fn account_comes_from_lambda_arns() {
        let (_, arn) = asl::load_lean(
            r#"{"StartAt":"A","States":{"A":{"Type":"Task","End":true,
                "Resource":"arn:aws:lambda:eu-west-1:111111111111:function:f"}}}"#,
            first_lambda_arn,
        )
        .unwrap();
        let c = config_for(arn.clone(), &Handlers::default(), "e");
        assert_eq!(
            (c.account.as_str(), c.region.as_str()),
            ("111111111111", "eu-west-1")
        );
        let h =
            Handlers::parse(r#"{"arn:aws:lambda:us-east-2:222222222222:function:g":"x"}"#).unwrap();
        let c = config_for(arn, &h, "e");
        assert_eq!(
            (c.account.as_str(), c.region.as_str()),
            ("222222222222", "us-east-2")
        );
        let (_, none) = asl::load_lean(
            r#"{"StartAt":"A","States":{"A":{"Type":"Pass","End":true}}}"#,
            first_lambda_arn,
        )
        .unwrap();
        let c = config_for(none, &Handlers::default(), "e");
        assert_eq!(c.account, "123456789012");
    }
}
