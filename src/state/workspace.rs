//! What a user edits: the workspace (machine name and type, definition, functions, input,
//! account, Region, execution role, time settings), the canonical example it starts as, the
//! definition's JSON ⇄ YAML conversion, and the workspace as a share link carries it.

use serde_json::Value;

use super::time::TimeSettings;

/// The canonical example's state machine name.
pub const EXAMPLE_MACHINE_NAME: &str = "MapLambda";
/// The canonical example's function name.
pub const EXAMPLE_FUNCTION_NAME: &str = "HelloFunction";
/// The canonical example's definition (the AWS tutorial "Using a Map State to Call Lambda
/// Multiple Times").
pub const EXAMPLE_DEFINITION: &str = include_str!("../../static/examples/map-lambda.asl.json");
/// The canonical example's handler, verbatim from the tutorial.
pub const EXAMPLE_FUNCTION: &str = include_str!("../../static/examples/map-lambda.js");
/// The canonical example's execution input.
pub const EXAMPLE_INPUT: &str = include_str!("../../static/examples/map-lambda.input.json");

/// The tutorial's test event for the function.
pub const EXAMPLE_TEST_EVENT: &str = r#"{ "who": "AWS Step Functions" }"#;

/// A saved test event of a function (the Lambda console's "Test event"): a name and JSON text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TestEvent {
    /// The event's name (Lambda: 1–25 letters, digits, `-`, `_` or `.`; unique per function).
    pub name: String,
    /// The event (JSON text, as typed).
    pub event: String,
}

impl TestEvent {
    /// A test event.
    pub fn new(name: impl Into<String>, event: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            event: event.into(),
        }
    }

    /// The test event a function without saved ones gets: named after the function, the
    /// tutorial's event for the tutorial's function, else `{}`.
    pub fn default_for(function_name: &str) -> Self {
        let event = if function_name == EXAMPLE_FUNCTION_NAME {
            EXAMPLE_TEST_EVENT
        } else {
            "{}"
        };
        // A mock's name (a resource ARN) is no test event name: its event is a request.
        let name = if is_resource_name(function_name) {
            "request"
        } else {
            function_name
        };
        Self::new(name, event)
    }
}

/// The longest test event name (the Lambda console's limit).
pub const MAX_TEST_EVENT_NAME: usize = 25;

/// Why a test event name is not acceptable (1–25 letters, digits, `-`, `_` or `.`; unique
/// among `existing`, the event at index `except` aside), or `None`.
pub fn test_event_name_problem(
    name: &str,
    existing: &[TestEvent],
    except: Option<usize>,
) -> Option<String> {
    if name.is_empty() || name.len() > MAX_TEST_EVENT_NAME {
        return Some(format!(
            "A test event name has 1 to {MAX_TEST_EVENT_NAME} characters"
        ));
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
    {
        return Some("A test event name has only letters, digits, '-', '_' and '.'".into());
    }
    if existing
        .iter()
        .enumerate()
        .any(|(k, e)| e.name == name && Some(k) != except)
    {
        return Some(format!("There is already a test event named {name}"));
    }
    None
}

/// A Lambda function: its name and its handler's source.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Function {
    /// The function's name (`HelloFunction`); Task states name it in their ARN.
    pub name: String,
    /// The Node.js handler source.
    pub code: String,
    /// The function's timeout in seconds (Lambda: 1–900, 3 by default).
    #[serde(default = "default_timeout")]
    pub timeout_s: u32,
    /// The saved test events (at least one once loaded: [`Function::with_test_events`]).
    #[serde(default)]
    pub test_events: Vec<TestEvent>,
    /// Faults injected into its invocations, for trying Retry (absent in older saves).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub faults: Option<asl::host::faults::FunctionFaults>,
    /// A mock's fixed answer, given instead of running `code` (absent when none).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fixed: Option<asl::host::fixed::FixedAnswer>,
}

/// Lambda's default function timeout, in seconds.
pub const DEFAULT_TIMEOUT_S: u32 = 3;
/// Lambda's longest function timeout, in seconds.
pub const MAX_TIMEOUT_S: u32 = 900;

fn default_timeout() -> u32 {
    DEFAULT_TIMEOUT_S
}

impl Function {
    /// A function with Lambda's default timeout.
    pub fn new(name: impl Into<String>, code: impl Into<String>) -> Self {
        let name = name.into();
        Self {
            test_events: vec![TestEvent::default_for(&name)],
            name,
            code: code.into(),
            timeout_s: DEFAULT_TIMEOUT_S,
            faults: None,
            fixed: None,
        }
    }

    /// The handler source that runs: the fixed answer's, when the mock has one, else `code`.
    pub fn source(&self) -> String {
        match &self.fixed {
            Some(f) => f.handler_source(),
            None => self.code.clone(),
        }
    }

    /// The function with these test events (none: the default one,
    /// [`TestEvent::default_for`]); names that are not acceptable or repeat are dropped.
    pub fn with_test_events(mut self, events: Vec<TestEvent>) -> Self {
        self.set_test_events(events);
        self
    }

    /// Replaces the test events as [`Function::with_test_events`] does.
    pub fn set_test_events(&mut self, events: Vec<TestEvent>) {
        let mut kept: Vec<TestEvent> = Vec::new();
        for e in events {
            if test_event_name_problem(&e.name, &kept, None).is_none() {
                kept.push(e);
            }
        }
        if kept.is_empty() {
            kept.push(TestEvent::default_for(&self.name));
        }
        self.test_events = kept;
    }

    /// A new function with a starter handler (for a resource ARN, a mock or an activity
    /// worker).
    pub fn starter(name: &str) -> Self {
        if is_resource_name(name) {
            let (what, gets) = if name.contains(":activity:") {
                ("The worker of the activity", "the activity's input; its value is the answer (SendTaskSuccess), an\n// error it throws is SendTaskFailure")
            } else {
                ("The mock of", "the request the Task sends (its Parameters or Arguments) and returns\n// the service's answer. An error it throws fails the Task with the service's error name:\n// e.name = \"ConditionalCheckFailedException\" on DynamoDB gives\n// DynamoDB.ConditionalCheckFailedException. For a .sync Task it returns the job it started:\n// while the job's status says it runs (JobRunState: \"RUNNING\"…), it is called again every\n// 5 s with the job as it last described it, until the status says it ended.\n// A fixed answer is one line: exports.handler = async () => ({ MessageId: \"m-1\" });")
            };
            return Self::new(
                name,
                format!(
                    "// {what} {name}: it gets {gets}.\nexports.handler = async (request, context) => {{\n  console.log(\"request\", request);\n  return {{}};\n}};\n"
                ),
            );
        }
        Self::new(
            name,
            format!(
                "exports.handler = async (event, context) => {{\n  console.log(\"{name} received\", event);\n  return event;\n}};\n"
            ),
        )
    }
}

/// The workspace's default AWS account id.
pub const DEFAULT_ACCOUNT: &str = "123456789012";
/// The workspace's default AWS Region.
pub const DEFAULT_REGION: &str = "us-east-1";

/// The state machine's type (Standard or Express): the interpreter's.
pub use asl::MachineType;

/// The state machine's execution role: its name and its permissions policy.
#[derive(Debug, Clone, PartialEq)]
pub struct Role {
    /// The role's name (its ARN is `arn:aws:iam::ACCOUNT:role/NAME`).
    pub name: String,
    /// The permissions policy document (JSON text).
    pub policy: String,
}

impl Role {
    /// The role the console would create for a machine: named after it, allowing
    /// `lambda:InvokeFunction` on exactly these function ARNs.
    pub fn for_functions(machine_name: &str, function_arns: &[String]) -> Self {
        Self {
            name: format!("StepFunctions-{machine_name}-role"),
            policy: asl::iam::invoke_policy(function_arns),
        }
    }
}

/// What a user edits (what autosave keeps, and what a share link carries).
#[derive(Debug, Clone, PartialEq)]
pub struct Workspace {
    /// The state machine's name.
    pub machine_name: String,
    /// Standard or Express.
    pub machine_type: MachineType,
    /// The state machine definition (JSON or YAML).
    pub definition: String,
    /// The Lambda functions (at least one).
    pub functions: Vec<Function>,
    /// The execution input (JSON).
    pub input: String,
    /// The AWS account id the machine and its functions live in.
    pub account: String,
    /// The AWS Region they live in.
    pub region: String,
    /// The state machine's execution role.
    pub role: Role,
    /// Virtual or real time, and real time's speed.
    pub time: TimeSettings,
    /// The playground's S3: objects a Distributed Map reads (`ItemReader`) and writes
    /// (`ResultWriter`). Autosaved, not carried by share links. Shared: they can be large,
    /// and the state is copied at each change.
    pub objects: std::rc::Rc<Vec<S3Object>>,
    /// The workspace's other state machines (the edited one is `machine_name`,
    /// `definition`…): what its `states:startExecution` tasks can start.
    pub machines: Vec<MachineDraft>,
}

/// A state machine of the workspace other than the edited one.
#[derive(Debug, Clone, PartialEq)]
pub struct MachineDraft {
    /// Its name.
    pub name: String,
    /// Standard or Express.
    pub machine_type: MachineType,
    /// Its definition text (JSON or YAML).
    pub definition: String,
    /// Its execution input text.
    pub input: String,
}

impl MachineDraft {
    /// The machine as a share link carries it.
    pub fn to_shared(&self) -> asl::share::SharedMachine {
        asl::share::SharedMachine {
            name: self.name.clone(),
            machine_type: self.machine_type.as_str().into(),
            definition: self.definition.clone(),
            input: self.input.clone(),
        }
    }

    /// The machine a share link carries (its input `{}` when it has none).
    pub fn from_shared(shared: asl::share::SharedMachine) -> Self {
        Self {
            name: shared.name,
            machine_type: MachineType::parse(&shared.machine_type),
            definition: shared.definition,
            input: if shared.input.trim().is_empty() {
                "{}\n".into()
            } else {
                shared.input
            },
        }
    }
}

/// The definition a new state machine starts with.
pub const NEW_MACHINE_DEFINITION: &str = r#"{
  "Comment": "A machine another one can start (states:startExecution.sync:2)",
  "StartAt": "Hello",
  "States": {
    "Hello": {
      "Type": "Pass",
      "Parameters": {
        "greeting.$": "States.Format('Hello, {}!', $.who)"
      },
      "End": true
    }
  }
}
"#;

/// One object of the playground's S3 (text: CSV, JSON, JSON Lines).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct S3Object {
    /// Its bucket.
    pub bucket: String,
    /// Its key.
    pub key: String,
    /// Its content.
    pub body: String,
}

/// The most bytes of S3 objects the browser's storage keeps across a reload (local storage
/// holds about 5 MB per site, in UTF-16, with the rest of the workspace).
pub const MAX_SAVED_OBJECT_BYTES: usize = 1_000_000;

/// Why a bucket name or key is not acceptable (S3's rules, simplified: a bucket of 3–63
/// lowercase letters, digits, `-` and `.`; a key of 1–1024 characters).
pub fn s3_name_problem(bucket: &str, key: &str) -> Option<String> {
    let bucket_ok = (3..=63).contains(&bucket.len())
        && bucket
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
    if !bucket_ok {
        return Some("A bucket name has 3 to 63 lowercase letters, digits, '-' and '.'".into());
    }
    if key.is_empty() || key.len() > 1024 {
        return Some("A key has 1 to 1024 characters".into());
    }
    None
}

impl Workspace {
    /// The canonical example, shown on first load.
    pub fn example() -> Self {
        Self::new(
            EXAMPLE_MACHINE_NAME,
            EXAMPLE_DEFINITION,
            vec![Function::new(EXAMPLE_FUNCTION_NAME, EXAMPLE_FUNCTION)],
            EXAMPLE_INPUT,
        )
    }

    /// A Standard machine in the default account and Region, with the role "create a role
    /// for me" makes for its definition.
    pub fn new(
        machine_name: &str,
        definition: &str,
        functions: Vec<Function>,
        input: &str,
    ) -> Self {
        let mut w = Self {
            machine_name: machine_name.into(),
            machine_type: MachineType::Standard,
            definition: definition.into(),
            functions,
            input: input.into(),
            account: DEFAULT_ACCOUNT.into(),
            region: DEFAULT_REGION.into(),
            role: Role {
                name: String::new(),
                policy: String::new(),
            },
            time: TimeSettings::default(),
            objects: std::rc::Rc::default(),
            machines: Vec::new(),
        };
        w.role = w.created_role();
        w
    }

    /// The names of the workspace's state machines, the edited one included, sorted.
    pub fn machine_names(&self) -> Vec<String> {
        let mut names: Vec<String> = std::iter::once(self.machine_name.clone())
            .chain(self.machines.iter().map(|m| m.name.clone()))
            .collect();
        names.sort();
        names
    }

    /// Whether another machine of the workspace is named `name`.
    pub fn has_other_machine(&self, name: &str) -> bool {
        self.machines.iter().any(|m| m.name == name)
    }

    /// The edited machine, as a draft.
    fn edited_draft(&self) -> MachineDraft {
        MachineDraft {
            name: self.machine_name.clone(),
            machine_type: self.machine_type,
            definition: self.definition.clone(),
            input: self.input.clone(),
        }
    }

    /// Edits the machine named `name` instead (the edited one is kept among the others);
    /// `false` when there is none.
    pub fn switch_machine(&mut self, name: &str) -> bool {
        let Some(k) = self.machines.iter().position(|m| m.name == name) else {
            return false;
        };
        let edited = self.edited_draft();
        let next = std::mem::replace(&mut self.machines[k], edited);
        self.edit_draft(next);
        true
    }

    /// Makes `draft` the edited machine (the one edited before is dropped).
    fn edit_draft(&mut self, draft: MachineDraft) {
        self.machine_name = draft.name;
        self.machine_type = draft.machine_type;
        self.definition = draft.definition;
        self.input = draft.input;
    }

    /// Adds a machine (`StateMachine2`, `StateMachine3`…, with a starter definition) and
    /// edits it; its name.
    pub fn add_machine(&mut self) -> String {
        let names = self.machine_names();
        let name = (2..)
            .map(|n| format!("StateMachine{n}"))
            .find(|n| !names.contains(n))
            .unwrap_or_default();
        self.machines.push(MachineDraft {
            name: name.clone(),
            machine_type: MachineType::Standard,
            definition: NEW_MACHINE_DEFINITION.into(),
            input: "{\"who\": \"world\"}\n".into(),
        });
        self.switch_machine(&name);
        name
    }

    /// Deletes the edited machine and edits the first other one; `false` (nothing changes)
    /// when it is the only one.
    pub fn remove_machine(&mut self) -> bool {
        if self.machines.is_empty() {
            return false;
        }
        let next = self.machines.remove(0);
        self.edit_draft(next);
        true
    }

    /// `arn:aws:lambda:REGION:ACCOUNT:function:NAME`: a function of this workspace.
    pub fn function_arn(&self, name: &str) -> String {
        asl::arn::function("aws", &self.region, &self.account, name)
    }

    /// The S3 objects' size in bytes, in all.
    pub fn objects_bytes(&self) -> usize {
        self.objects
            .iter()
            .map(|o| o.body.len() + o.key.len())
            .sum()
    }

    /// Whether the S3 objects are small enough to be kept across a reload.
    pub fn objects_saved(&self) -> bool {
        self.objects_bytes() <= MAX_SAVED_OBJECT_BYTES
    }

    /// Adds or replaces an object.
    pub fn put_object(&mut self, object: S3Object) {
        let objects = std::rc::Rc::make_mut(&mut self.objects);
        match objects
            .iter_mut()
            .find(|o| o.bucket == object.bucket && o.key == object.key)
        {
            Some(existing) => *existing = object,
            None => {
                objects.push(object);
                objects.sort_by(|a, b| (&a.bucket, &a.key).cmp(&(&b.bucket, &b.key)));
            }
        }
    }

    /// The execution role's ARN.
    pub fn role_arn(&self) -> String {
        asl::iam::role_arn(&self.account, &self.role.name)
    }

    /// The execution configuration of a run of this workspace named `execution_name`:
    /// machine name and type, account, Region, the role's ARN.
    pub fn execution_config(&self, execution_name: &str) -> asl::ExecutionConfig {
        let mut config = asl::ExecutionConfig::new(&self.machine_name, execution_name);
        config.machine_type = self.machine_type;
        config.account = self.account.clone();
        config.region = self.region.clone();
        config.role_arn = self.role_arn();
        config
    }

    /// The ARNs of the functions the definition calls (in this account and Region), loading
    /// the definition text (for a workspace being made; the page's state has it loaded).
    pub fn called_function_arns(&self) -> Vec<String> {
        let called = asl::load(&self.definition)
            .map(|d| d.called_functions())
            .unwrap_or_default();
        self.function_arns(&called)
    }

    /// The ARNs of these functions (in this account and Region).
    pub fn function_arns(&self, names: &[String]) -> Vec<String> {
        names.iter().map(|name| self.function_arn(name)).collect()
    }

    /// "Create a role for me": the role (keeping its name, if it has a valid one) allowing
    /// `lambda:InvokeFunction` on exactly the functions the definition calls.
    pub fn created_role(&self) -> Role {
        self.role_for_arns(&self.called_function_arns())
    }

    /// "Create a role for me" for a definition that calls these functions (by name).
    pub fn created_role_for(&self, called: &[String]) -> Role {
        self.role_for_arns(&self.function_arns(called))
    }

    /// The role allowing exactly these function ARNs, keeping the role's name if valid.
    fn role_for_arns(&self, function_arns: &[String]) -> Role {
        let mut role = Role::for_functions(&self.machine_name, function_arns);
        if asl::iam::role_name_problem(&self.role.name).is_none() {
            role.name = self.role.name.clone();
        }
        role
    }

    /// Moves the workspace to another account and Region: the function ARNs in the
    /// definition and the role's policy that named the old ones follow.
    pub fn relocate(&mut self, account: &str, region: &str) {
        // Every function (or state machine) ARN of the old place starts so (the name
        // follows).
        let places = [
            (
                asl::arn::function("aws", &self.region, &self.account, ""),
                asl::arn::function("aws", region, account, ""),
            ),
            (
                asl::arn::state_machine(&self.region, &self.account, ""),
                asl::arn::state_machine(region, account, ""),
            ),
        ];
        for (old, new) in places.iter().filter(|(old, new)| old != new) {
            self.definition = self.definition.replace(old, new);
            self.role.policy = self.role.policy.replace(old, new);
            for m in &mut self.machines {
                m.definition = m.definition.replace(old, new);
            }
        }
        self.account = account.into();
        self.region = region.into();
    }

    /// Every function with at least one acceptable test event (saved work and links from
    /// before test events existed get the default one).
    pub fn normalize_test_events(&mut self) {
        for f in &mut self.functions {
            let events = std::mem::take(&mut f.test_events);
            f.set_test_events(events);
        }
    }

    /// The workspace as a share link carries it.
    pub fn to_shared(&self) -> asl::share::SharedWorkspace {
        use asl::share::{SharedFunction, SharedRole, SharedTestEvent, SharedWorkspace};
        SharedWorkspace {
            machine_name: self.machine_name.clone(),
            machine_type: self.machine_type.as_str().into(),
            definition: self.definition.clone(),
            functions: self
                .functions
                .iter()
                .map(|f| SharedFunction {
                    name: f.name.clone(),
                    code: f.code.clone(),
                    timeout_seconds: f.timeout_s,
                    faults: f.faults.clone(),
                    fixed: f.fixed.clone(),
                    test_events: f
                        .test_events
                        .iter()
                        .map(|e| SharedTestEvent {
                            name: e.name.clone(),
                            event: e.event.clone(),
                        })
                        .collect(),
                })
                .collect(),
            input: self.input.clone(),
            account: self.account.clone(),
            region: self.region.clone(),
            role: Some(SharedRole {
                name: self.role.name.clone(),
                policy: self.role.policy.clone(),
            }),
            real_time: self.time.real_time,
            speed: self.time.speed,
            machines: self.machines.iter().map(MachineDraft::to_shared).collect(),
        }
    }

    /// The workspace a share link carries; what it lacks takes the defaults (a link without
    /// a role gets the role "create a role for me" makes). Function names and timeouts that
    /// the page would refuse are dropped or clamped.
    pub fn from_shared(shared: asl::share::SharedWorkspace) -> Self {
        let mut functions: Vec<Function> = Vec::new();
        for f in shared.functions {
            let mock = is_resource_name(&f.name);
            if function_name_problem(&f.name, &functions).is_none() {
                let events = f
                    .test_events
                    .into_iter()
                    .map(|e| TestEvent::new(e.name, e.event))
                    .collect();
                functions.push(
                    Function {
                        name: f.name,
                        code: f.code,
                        timeout_s: f.timeout_seconds.clamp(1, MAX_TIMEOUT_S),
                        test_events: vec![],
                        // Settings the page would refuse (both a count and a rate, a rate
                        // outside 0–1) are dropped.
                        faults: f.faults.filter(|x| x.check().is_ok()),
                        // Only a mock has a fixed answer.
                        fixed: f.fixed.filter(|_| mock),
                    }
                    .with_test_events(events),
                );
            }
        }
        if functions.is_empty() {
            functions.push(Function::starter(EXAMPLE_FUNCTION_NAME));
        }
        let or = |s: String, default: &str| if s.is_empty() { default.to_string() } else { s };
        let mut w = Self::new(
            &or(shared.machine_name, EXAMPLE_MACHINE_NAME),
            &shared.definition,
            functions,
            &shared.input,
        );
        w.machine_type = MachineType::parse(&shared.machine_type);
        w.account = or(shared.account, DEFAULT_ACCOUNT);
        w.region = or(shared.region, DEFAULT_REGION);
        w.role = match shared.role {
            Some(r) => Role {
                name: r.name,
                policy: r.policy,
            },
            None => w.created_role(),
        };
        w.time = TimeSettings::new(shared.real_time, shared.speed);
        w.set_saved_machines(shared.machines);
        w
    }

    /// Takes the other machines of a link or a save; those without an acceptable name, or
    /// with the name of one already taken, are dropped.
    pub fn set_saved_machines(&mut self, machines: Vec<asl::share::SharedMachine>) {
        self.machines.clear();
        for m in machines {
            let taken = m.name == self.machine_name || self.has_other_machine(&m.name);
            if !taken && asl::check_name("state machine name", &m.name).is_ok() {
                self.machines.push(MachineDraft::from_shared(m));
            }
        }
    }
}

/// Why an account id is not acceptable (12 digits), or `None`.
pub fn account_problem(account: &str) -> Option<String> {
    (account.len() != 12 || !account.bytes().all(|b| b.is_ascii_digit()))
        .then(|| "An AWS account id has exactly 12 digits".to_string())
}

/// Why a Region name is not acceptable (`us-east-1`, `eu-central-2`, `us-gov-west-1`:
/// lowercase words joined by `-`, ending in a number), or `None`.
pub fn region_problem(region: &str) -> Option<String> {
    let parts: Vec<&str> = region.split('-').collect();
    let ok = parts.len() >= 3
        && parts[..parts.len() - 1]
            .iter()
            .all(|p| !p.is_empty() && p.bytes().all(|b| b.is_ascii_lowercase()))
        && parts[parts.len() - 1].bytes().all(|b| b.is_ascii_digit())
        && !parts[parts.len() - 1].is_empty();
    (!ok).then(|| "A Region looks like us-east-1 or eu-central-2".to_string())
}

/// Why a new function name is not acceptable (Lambda: 1–64 letters, digits, `-` or `_`;
/// unique), or `None`.
pub fn function_name_problem(name: &str, existing: &[Function]) -> Option<String> {
    if is_resource_name(name) {
        return existing
            .iter()
            .any(|f| f.name == name)
            .then(|| format!("There is already a mock of {name}"));
    }
    if name.starts_with("arn:") {
        return Some("An ARN names a mock: a service integration (arn:aws:states:::SERVICE:ACTION, without .sync or .waitForTaskToken) or an activity (arn:aws:states:REGION:ACCOUNT:activity:NAME)".into());
    }
    if name.is_empty() || name.len() > 64 {
        return Some("A function name has 1 to 64 characters".into());
    }
    if !name
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Some("A function name has only letters, digits, '-' and '_'".into());
    }
    if existing.iter().any(|f| f.name == name) {
        return Some(format!("There is already a function named {name}"));
    }
    None
}

/// Whether `name` is a resource ARN a workspace function can stand for: a service
/// integration's mock (`arn:aws:states:::dynamodb:putItem`, no pattern suffix) or an
/// activity's worker.
pub fn is_resource_name(name: &str) -> bool {
    use asl::definition::{mock_key, Resource};
    Resource::classify(name).is_mocked() && mock_key(name) == name
}

/// Whether a definition text is JSON (else YAML): JSON starts with `{` or `[`.
pub fn is_json(text: &str) -> bool {
    matches!(text.trim_start().chars().next(), None | Some('{' | '['))
}

/// The definition in the other syntax (JSON → YAML, YAML → JSON), if it parses. Key order is
/// kept; YAML comments are not.
pub fn convert_definition(text: &str) -> Option<String> {
    if is_json(text) {
        let value: Value = serde_json::from_str(text).ok()?;
        Some(asl::yaml::to_yaml(&value))
    } else {
        let value: Value = yaml_serde::from_str(text).ok()?;
        serde_json::to_string_pretty(&value).ok().map(|s| s + "\n")
    }
}
