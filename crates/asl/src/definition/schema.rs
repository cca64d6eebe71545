//! The fields of the language: which fields each state type, machine, retrier, catcher and
//! Choice rule may have in each query language, and what each field means. The validator
//! rejects exactly what these lists leave out, and the editor completes from the same lists,
//! so the two cannot disagree.

use super::model::QueryLanguage;

/// Where the AWS Step Functions Developer Guide lives.
pub const GUIDE: &str = "https://docs.aws.amazon.com/step-functions/latest/dg/";

/// A field as the editor explains it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FieldInfo {
    /// The field's name (`Next`).
    pub name: &'static str,
    /// What it does, in a sentence or two.
    pub summary: &'static str,
    /// The page of the Developer Guide that describes it (relative to [`GUIDE`]).
    pub page: &'static str,
}

/// Where a state machine (a list of states) appears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MachineScope {
    /// The definition itself.
    Top,
    /// A branch of a Parallel state.
    Branch,
    /// The `ItemProcessor` (or `Iterator`) of a Map state.
    Processor,
}

/// The state types, with what each does.
pub const STATE_TYPES: &[FieldInfo] = &[
    info("Pass", "Passes its input to its output, optionally reshaped or replaced by a fixed result. Handy for stubbing and for shaping data.", "state-pass.html"),
    info("Task", "Does one unit of work: calls a Lambda function, another AWS service, an activity or an HTTPS endpoint, then continues with the result.", "state-task.html"),
    info("Choice", "Branches: the first rule whose condition holds picks the next state, else `Default`.", "state-choice.html"),
    info("Wait", "Pauses the execution for some seconds or until a timestamp.", "state-wait.html"),
    info("Succeed", "Ends the execution (or the branch, or the iteration) successfully.", "state-succeed.html"),
    info("Fail", "Ends the execution with an error name and a cause.", "state-fail.html"),
    info("Parallel", "Runs several branches on the same input at once; its result is the array of their outputs.", "state-parallel.html"),
    info("Map", "Runs the same steps for each item of an array (or of a data set in S3); its result is the array of the iterations' outputs.", "state-map.html"),
];

const fn info(name: &'static str, summary: &'static str, page: &'static str) -> FieldInfo {
    FieldInfo {
        name,
        summary,
        page,
    }
}

/// Every field of the language, once, with its explanation.
pub const FIELDS: &[FieldInfo] = &[
    // the machine
    info("StartAt", "The name of the first state to run.", "statemachine-structure.html"),
    info("States", "The states, as an object from each state's name to its definition.", "statemachine-structure.html"),
    info("Version", "The version of the States Language the definition uses: \"1.0\".", "statemachine-structure.html"),
    info("ProcessorConfig", "How the Map runs its iterations: `Mode` INLINE or DISTRIBUTED, and for a Distributed Map the `ExecutionType` of its child executions.", "state-map-distributed.html"),
    // every state
    info("Type", "The kind of state: Pass, Task, Choice, Wait, Succeed, Fail, Parallel or Map.", "workflow-states.html"),
    info("Comment", "A note for people reading the definition; it changes nothing.", "statemachine-structure.html"),
    info("QueryLanguage", "JSONPath (the default) or JSONata: the language of the expressions here. A JSONata machine cannot have JSONPath states.", "transforming-data.html"),
    info("Next", "The name of the state to run after this one.", "workflow-states.html"),
    info("End", "`true` makes this the last state: its output is the execution's (or the branch's, or the iteration's) output.", "workflow-states.html"),
    info("InputPath", "A path choosing the part of the state's input it works on (`$` by default; null gives `{}`).", "input-output-inputpath-params.html"),
    info("OutputPath", "A path choosing the part of the state's output passed on (`$` by default; null gives `{}`).", "input-output-example.html"),
    info("Parameters", "A template building the state's effective input: keys ending in `.$` take a path or an intrinsic function.", "input-output-inputpath-params.html"),
    info("ResultSelector", "A template reshaping the result before `ResultPath` places it.", "input-output-inputpath-params.html"),
    info("ResultPath", "Where the result goes in the state's input (`$` replaces the input; null discards the result).", "input-output-resultpath.html"),
    info("Result", "A fixed value a Pass state gives as its result.", "state-pass.html"),
    info("Assign", "Variables to set when the state ends: `$name` for later states to read.", "workflow-variables.html"),
    info("Arguments", "JSONata: the input the task or the branches receive, written with `{% %}` expressions.", "transforming-data.html"),
    info("Output", "JSONata: the state's output, written with `{% %}` expressions (`$states.result`, `$states.input`).", "transforming-data.html"),
    // Task
    info("Resource", "What the task calls: a Lambda function ARN, a service integration (`arn:aws:states:::service:action`) or an activity ARN.", "state-task.html"),
    info("Retry", "Retriers: which errors to retry, how often and with what back-off.", "concepts-error-handling.html"),
    info("Catch", "Catchers: which errors to handle and the state to go to instead of failing.", "concepts-error-handling.html"),
    info("TimeoutSeconds", "How long the task (or the whole execution, at the top) may run before failing with `States.Timeout`.", "state-task.html"),
    info("TimeoutSecondsPath", "A path to the timeout in the input, instead of a fixed `TimeoutSeconds`.", "state-task.html"),
    info("HeartbeatSeconds", "How long a task waiting for a token may go without a heartbeat before `States.HeartbeatTimeout`.", "state-task.html"),
    info("HeartbeatSecondsPath", "A path to the heartbeat interval in the input, instead of a fixed `HeartbeatSeconds`.", "state-task.html"),
    info("Credentials", "A role to assume for this task (cross-account calls).", "state-task.html"),
    // Choice
    info("Choices", "The rules, tried in order: the first that matches names the next state.", "state-choice.html"),
    info("Default", "The state to go to when no rule matches (without it, `States.NoChoiceMatched`).", "state-choice.html"),
    // Wait
    info("Seconds", "How many seconds to wait.", "state-wait.html"),
    info("SecondsPath", "A path to the number of seconds in the input.", "state-wait.html"),
    info("Timestamp", "Wait until this ISO 8601 time (for example `2026-01-01T00:00:00Z`).", "state-wait.html"),
    info("TimestampPath", "A path to the timestamp in the input.", "state-wait.html"),
    // Fail
    info("Error", "The error name the execution fails with.", "state-fail.html"),
    info("Cause", "A longer explanation of the failure.", "state-fail.html"),
    info("ErrorPath", "A path (or intrinsic) giving the error name at run time.", "state-fail.html"),
    info("CausePath", "A path (or intrinsic) giving the cause at run time.", "state-fail.html"),
    // Parallel
    info("Branches", "The state machines to run side by side, each with its own `StartAt` and `States`.", "state-parallel.html"),
    // Map
    info("ItemsPath", "A path to the array to iterate over (`$` by default).", "input-output-fields-dist-map.html"),
    info("Items", "JSONata: the array to iterate over.", "input-output-fields-dist-map.html"),
    info("ItemSelector", "A template building each iteration's input (`$$.Map.Item.Value` is the item).", "input-output-fields-dist-map.html"),
    info("ItemProcessor", "The steps run for each item: `StartAt`, `States` and an optional `ProcessorConfig`.", "state-map-inline.html"),
    info("Iterator", "The older name of `ItemProcessor` (no `ProcessorConfig`).", "state-map-inline.html"),
    info("MaxConcurrency", "How many iterations may run at once (0: as many as possible).", "state-map-inline.html"),
    info("MaxConcurrencyPath", "A path to `MaxConcurrency` in the input.", "state-map-inline.html"),
    info("ItemReader", "Distributed Map: where the items come from (a file or a listing in S3).", "input-output-fields-dist-map.html"),
    info("ItemBatcher", "Distributed Map: groups items into batches, one batch per child execution.", "input-output-fields-dist-map.html"),
    info("ResultWriter", "Distributed Map: writes the child executions' results to S3 instead of returning them.", "input-output-fields-dist-map.html"),
    info("ToleratedFailureCount", "Distributed Map: how many items may fail before the Map Run fails.", "state-map-distributed.html"),
    info("ToleratedFailurePercentage", "Distributed Map: what share of the items may fail before the Map Run fails.", "state-map-distributed.html"),
    info("ToleratedFailureCountPath", "A path to `ToleratedFailureCount` in the input.", "state-map-distributed.html"),
    info("ToleratedFailurePercentagePath", "A path to `ToleratedFailurePercentage` in the input.", "state-map-distributed.html"),
    info("Label", "Distributed Map: a name for its Map Runs and child executions.", "state-map-distributed.html"),
    // retriers and catchers
    info("ErrorEquals", "The error names this retrier or catcher handles (`States.ALL` for any).", "concepts-error-handling.html"),
    info("IntervalSeconds", "Seconds before the first retry (1 by default).", "concepts-error-handling.html"),
    info("MaxAttempts", "How many retries at most (3 by default; 0 never retries).", "concepts-error-handling.html"),
    info("BackoffRate", "How much the interval grows after each retry (2.0 by default).", "concepts-error-handling.html"),
    info("MaxDelaySeconds", "The longest interval between retries, whatever the back-off.", "concepts-error-handling.html"),
    info("JitterStrategy", "FULL randomises each interval between 0 and its value; NONE (the default) does not.", "concepts-error-handling.html"),
    // Choice rules
    info("Condition", "JSONata: the rule matches when this `{% %}` expression is true.", "state-choice.html"),
    info("Variable", "JSONPath: the path to the value the rule compares.", "state-choice.html"),
    info("And", "Matches when every rule in the list matches.", "state-choice.html"),
    info("Or", "Matches when any rule in the list matches.", "state-choice.html"),
    info("Not", "Matches when the rule inside does not.", "state-choice.html"),
];

/// The explanation of a field, by name.
pub fn field(name: &str) -> Option<&'static FieldInfo> {
    FIELDS.iter().find(|f| f.name == name)
}

/// The explanation of a Choice rule's comparison operator (`NumericGreaterThan`,
/// `StringEqualsPath`, …), made from its name.
pub fn operator_summary(name: &str) -> Option<String> {
    let (base, path) = match name.strip_suffix("Path") {
        Some(b) if super::choice::OPERATORS.contains(&b) => (b, true),
        _ if super::choice::OPERATORS.contains(&name) => (name, false),
        _ => return None,
    };
    let than = if path {
        "the value at the path given"
    } else {
        "the value given"
    };
    let text = match base {
        "IsNull" | "IsPresent" | "IsNumeric" | "IsString" | "IsBoolean" | "IsTimestamp" => {
            format!(
                "Matches when the variable {} (or not, with false).",
                match base {
                    "IsNull" => "is null",
                    "IsPresent" => "exists",
                    "IsNumeric" => "is a number",
                    "IsString" => "is a string",
                    "IsBoolean" => "is a boolean",
                    _ => "is a timestamp",
                }
            )
        }
        "StringMatches" => {
            "Matches when the string fits the pattern, where `*` stands for any text.".to_string()
        }
        _ => {
            let (kind, rest) = ["String", "Numeric", "Boolean", "Timestamp"]
                .iter()
                .find_map(|k| base.strip_prefix(k).map(|r| (*k, r)))?;
            let relation = match rest {
                "Equals" => "equals",
                "LessThan" => "is less than",
                "GreaterThan" => "is greater than",
                "LessThanEquals" => "is at most",
                "GreaterThanEquals" => "is at least",
                _ => return None,
            };
            format!(
                "Matches when the variable, a {}, {relation} {than}.",
                kind.to_lowercase()
            )
        }
    };
    Some(text)
}

const COMMON: &[&str] = &["Type", "Comment", "QueryLanguage"];
const IO: &[&str] = &["InputPath", "OutputPath"];
const FLOW: &[&str] = &["Next", "End"];

/// Map fields of Distributed mode.
pub(super) const DISTRIBUTED_MAP_FIELDS: &[&str] = &[
    "ItemReader",
    "ItemBatcher",
    "ResultWriter",
    "ToleratedFailureCount",
    "ToleratedFailurePercentage",
    "ToleratedFailureCountPath",
    "ToleratedFailurePercentagePath",
    "Label",
];

/// Fields only JSONPath states have (in JSONata states, `Arguments`, `Output` and
/// expressions in the fields themselves take their place).
const JSONPATH_ONLY: &[&str] = &[
    "InputPath",
    "OutputPath",
    "Parameters",
    "ResultSelector",
    "ResultPath",
    "Result",
    "ItemsPath",
    "TimeoutSecondsPath",
    "HeartbeatSecondsPath",
    "MaxConcurrencyPath",
    "ToleratedFailureCountPath",
    "ToleratedFailurePercentagePath",
    "SecondsPath",
    "TimestampPath",
    "ErrorPath",
    "CausePath",
];

/// The fields a retrier may have.
pub const RETRIER_FIELDS: &[&str] = &[
    "ErrorEquals",
    "IntervalSeconds",
    "MaxAttempts",
    "BackoffRate",
    "MaxDelaySeconds",
    "JitterStrategy",
    "Comment",
];

/// The values a retrier's `JitterStrategy` may take.
pub const JITTER_STRATEGIES: &[&str] = &["FULL", "NONE"];

/// The fields a catcher may have in one query language or the other.
pub const CATCHER_FIELDS: &[&str] = &[
    "ErrorEquals",
    "Next",
    "ResultPath",
    "Comment",
    "Output",
    "Assign",
];

/// The fields a catcher may have in this query language: `ResultPath` in JSONPath,
/// `Output` in JSONata.
pub fn catcher_fields(ql: QueryLanguage) -> Vec<&'static str> {
    let other = match ql {
        QueryLanguage::JsonPath => "Output",
        QueryLanguage::JsonAta => "ResultPath",
    };
    CATCHER_FIELDS
        .iter()
        .copied()
        .filter(|f| *f != other)
        .collect()
}

/// The fields of a state machine (the definition, a branch or a Map's processor).
pub fn machine_fields(scope: MachineScope) -> Vec<&'static str> {
    let mut all = vec!["StartAt", "States", "Comment", "QueryLanguage"];
    match scope {
        MachineScope::Top => all.extend(["Version", "TimeoutSeconds"]),
        MachineScope::Processor => all.push("ProcessorConfig"),
        MachineScope::Branch => {}
    }
    all
}

/// The fields a top-level Choice rule may have besides its comparison (JSONPath) or
/// condition (JSONata); nested JSONPath rules have neither `Next` nor `Assign`.
pub fn choice_rule_fields(ql: QueryLanguage) -> Vec<&'static str> {
    match ql {
        QueryLanguage::JsonAta => vec!["Condition", "Next", "Output", "Assign", "Comment"],
        QueryLanguage::JsonPath => {
            let mut all = vec!["Variable", "And", "Or", "Not", "Next", "Assign", "Comment"];
            all.extend(super::choice::OPERATORS);
            all.extend(
                super::choice::OPERATORS
                    .iter()
                    .filter(|o| !o.starts_with("Is"))
                    .map(|o| operator_path(o)),
            );
            all
        }
    }
}

/// The comparison operators of JSONPath Choice rules (`StringEquals`, `IsNull`, …).
pub fn choice_operators() -> &'static [&'static str] {
    super::choice::OPERATORS
}

/// `StringEquals` → `StringEqualsPath`, from a fixed list (no allocation leaks).
fn operator_path(op: &str) -> &'static str {
    OPERATOR_PATHS
        .iter()
        .find(|p| p.strip_suffix("Path") == Some(op))
        .copied()
        .unwrap_or("")
}

const OPERATOR_PATHS: &[&str] = &[
    "StringEqualsPath",
    "StringLessThanPath",
    "StringGreaterThanPath",
    "StringLessThanEqualsPath",
    "StringGreaterThanEqualsPath",
    "StringMatchesPath",
    "NumericEqualsPath",
    "NumericLessThanPath",
    "NumericGreaterThanPath",
    "NumericLessThanEqualsPath",
    "NumericGreaterThanEqualsPath",
    "BooleanEqualsPath",
    "TimestampEqualsPath",
    "TimestampLessThanPath",
    "TimestampGreaterThanPath",
    "TimestampLessThanEqualsPath",
    "TimestampGreaterThanEqualsPath",
];

/// The fields a state of this type may have in this query language (none for an unknown
/// type).
pub fn allowed(type_name: &str, ql: QueryLanguage) -> Vec<&'static str> {
    let mut all = allowed_jsonpath(type_name);
    if ql == QueryLanguage::JsonAta {
        all.retain(|k| !JSONPATH_ONLY.contains(k));
        if matches!(type_name, "Task" | "Parallel") {
            all.push("Arguments");
        }
        if type_name != "Fail" {
            all.push("Output");
        }
        if type_name == "Map" {
            all.push("Items");
        }
    }
    all
}

/// The fields a JSONPath state of this type may have.
fn allowed_jsonpath(type_name: &str) -> Vec<&'static str> {
    let own: &[&str] = match type_name {
        "Pass" => &["Parameters", "Result", "ResultPath"],
        "Task" => &[
            "Parameters",
            "ResultSelector",
            "ResultPath",
            "Resource",
            "Retry",
            "Catch",
            "TimeoutSeconds",
            "TimeoutSecondsPath",
            "HeartbeatSeconds",
            "HeartbeatSecondsPath",
            "Credentials",
        ],
        "Choice" => &["Choices", "Default"],
        "Wait" => &["Seconds", "Timestamp", "SecondsPath", "TimestampPath"],
        "Succeed" => &[],
        "Fail" => &["Error", "Cause", "ErrorPath", "CausePath"],
        "Parallel" => &[
            "Parameters",
            "ResultSelector",
            "ResultPath",
            "Branches",
            "Retry",
            "Catch",
        ],
        "Map" => &[
            "ItemsPath",
            "ItemSelector",
            "Parameters",
            "Iterator",
            "ItemProcessor",
            "MaxConcurrency",
            "MaxConcurrencyPath",
            "ResultPath",
            "ResultSelector",
            "Retry",
            "Catch",
        ],
        _ => return Vec::new(),
    };
    let mut all: Vec<&str> = COMMON.iter().chain(own).copied().collect();
    if type_name == "Map" {
        all.extend(DISTRIBUTED_MAP_FIELDS);
    }
    if type_name != "Fail" {
        all.extend(IO);
    }
    if !matches!(type_name, "Choice" | "Succeed" | "Fail") {
        all.extend(FLOW);
    }
    if !matches!(type_name, "Succeed" | "Fail") {
        all.push("Assign");
    }
    all
}
