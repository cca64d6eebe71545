//! The typed model of a state machine: what the executor runs.

use serde_json::Value;

pub use super::dynamic::Dynamic;
use crate::path::Path;
pub use crate::query::{Jsonata, JsonataTemplate};

/// Which query language a machine or state uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryLanguage {
    /// JSONPath (the default): `InputPath`, `Parameters`, `ResultPath`, ….
    JsonPath,
    /// JSONata (`QueryLanguage: JSONata`): `Arguments`, `Output`, `{% … %}`.
    JsonAta,
}

/// A state machine, or a Map's item processor, or a Parallel branch.
#[derive(Debug, Clone, PartialEq)]
pub struct StateMachine {
    /// The first state's name.
    pub start_at: String,
    /// The states, in definition order.
    pub states: Vec<State>,
    /// `Comment`.
    pub comment: Option<String>,
    /// `TimeoutSeconds` (top level only).
    pub timeout_seconds: Option<u64>,
    /// The query language (top-level `QueryLanguage`, default JSONPath).
    pub query_language: QueryLanguage,
    /// JSON pointer of this machine in the definition (`""` for the top level).
    pub pointer: String,
    /// Features used at this level that the playground does not run yet (running the
    /// machine fails with `States.Runtime` naming the first).
    pub unsupported: Vec<String>,
    /// Positions in `states` sorted by state name, one per name (the first of duplicates),
    /// so a transition is a binary search without a copy of every name.
    pub(crate) index: Vec<usize>,
}

impl StateMachine {
    /// A machine of these states, indexed by name (the first of duplicate names wins).
    pub fn new(start_at: String, states: Vec<State>) -> Self {
        let name = |i: &usize| states.get(*i).map_or("", |s| s.name.as_str());
        let mut index: Vec<usize> = (0..states.len()).collect();
        // Stable: of equal names the first position stays first, and `dedup_by` keeps it.
        index.sort_by(|a, b| name(a).cmp(name(b)));
        index.dedup_by(|later, first| name(later) == name(first));
        Self {
            start_at,
            states,
            comment: None,
            timeout_seconds: None,
            query_language: QueryLanguage::JsonPath,
            pointer: String::new(),
            unsupported: Vec::new(),
            index,
        }
    }

    /// The state named `name`.
    pub fn state(&self, name: &str) -> Option<&State> {
        let at = self
            .index
            .binary_search_by(|i| {
                self.states
                    .get(*i)
                    .map_or("", |s| s.name.as_str())
                    .cmp(name)
            })
            .ok()?;
        self.index.get(at).and_then(|&i| self.states.get(i))
    }
}

/// Where a state goes when it is done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Transition {
    /// `Next`.
    Next(String),
    /// `End: true`.
    End,
    /// Neither (Choice, Succeed, Fail).
    Terminal,
}

/// One state: the fields all types share plus the type's own ([`StateKind`]).
///
/// The rarely-set fields are boxed, so that a state stays small: a definition may hold
/// thousands (a test pins its size).
#[derive(Debug, Clone, PartialEq)]
pub struct State {
    /// Its name (the key in `States`).
    pub name: String,
    /// JSON pointer (`/States/CallLambda`).
    pub pointer: String,
    /// `InputPath`, `OutputPath` and `ResultPath`; `None` when all three are the default
    /// `$` (read them with [`State::input_path`], [`State::output_path`],
    /// [`State::result_path`]).
    pub paths: Option<Box<IoPaths>>,
    /// `Parameters` template (not for Map, whose legacy `Parameters` is its item selector).
    pub parameters: Option<Box<Value>>,
    /// `ResultSelector` template.
    pub result_selector: Option<Box<Value>>,
    /// `Next` / `End`.
    pub transition: Transition,
    /// `Comment`, `Retry`, `Catch` and unsupported features; `None` when all are empty
    /// (read them with [`State::comment`], [`State::retry`], [`State::catch`],
    /// [`State::unsupported`]).
    pub extras: Option<Box<StateExtras>>,
    /// The type and its own fields.
    pub kind: StateKind,
    /// `Assign`: workflow variables set when the state succeeds (evaluated on its result;
    /// for Choice and Wait, on its input). A Choice rule's own `Assign` is in the rule.
    pub assign: Option<Box<Template>>,
    /// Whether the state refers to the context object (`$$`) anywhere; when not, the
    /// executor skips building it (it holds the whole execution input).
    pub uses_context: bool,
}

/// A template in either query language: `Assign`, a Map's `ItemSelector`.
#[derive(Debug, Clone, PartialEq)]
pub enum Template {
    /// A JSONPath state's: `name.$` members take a path or an intrinsic function call.
    JsonPath(Value),
    /// A JSONata state's: strings wholly `{% … %}` are expressions.
    Jsonata(JsonataTemplate),
}

/// A JSONata state's own data-flow fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct JsonataFields {
    /// `Arguments` (Task, Parallel): what the state works on (default: its input).
    pub arguments: Option<JsonataTemplate>,
    /// `Output`: the state's output (default: its result, or its input for Pass, Wait,
    /// Choice and Succeed).
    pub output: Option<JsonataTemplate>,
}

/// A state's rarely-set fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct StateExtras {
    /// `Comment`.
    pub comment: Option<String>,
    /// `Retry`.
    pub retry: Vec<Retrier>,
    /// `Catch`.
    pub catch: Vec<Catcher>,
    /// Features this state uses that the playground does not run yet (entering the state
    /// fails with `States.Runtime` naming the first; loading warns about each).
    pub unsupported: Vec<String>,
    /// A JSONata state's `Arguments` and `Output`; `None` for a JSONPath state (see
    /// [`State::query_language`]).
    pub jsonata: Option<JsonataFields>,
}

impl StateExtras {
    /// The fields, or `None` when all are empty (nothing to store).
    pub fn new(
        comment: Option<String>,
        retry: Vec<Retrier>,
        catch: Vec<Catcher>,
        unsupported: Vec<String>,
    ) -> Option<Box<Self>> {
        if comment.is_none() && retry.is_empty() && catch.is_empty() && unsupported.is_empty() {
            None
        } else {
            Some(Box::new(Self {
                comment,
                retry,
                catch,
                unsupported,
                jsonata: None,
            }))
        }
    }
}

/// A state's `InputPath`, `OutputPath` and `ResultPath`, when one is not the default `$`.
#[derive(Debug, Clone, PartialEq)]
pub struct IoPaths {
    /// `InputPath`: `None` when `null` (the state sees `{}`).
    pub input: Option<Path>,
    /// `OutputPath`: `None` when `null` (the state outputs `{}`).
    pub output: Option<Path>,
    /// `ResultPath`: `None` when `null` (the result is discarded).
    pub result: Option<Path>,
}

impl IoPaths {
    /// The paths, or `None` when all three are the default `$` (nothing to store).
    pub fn new(
        input: Option<Path>,
        output: Option<Path>,
        result: Option<Path>,
    ) -> Option<Box<Self>> {
        let root = root_path();
        let is_root = |p: &Option<Path>| p.as_ref() == Some(root);
        if is_root(&input) && is_root(&output) && is_root(&result) {
            None
        } else {
            Some(Box::new(Self {
                input,
                output,
                result,
            }))
        }
    }
}

/// The path `$`, shared.
fn root_path() -> &'static Path {
    static ROOT: std::sync::OnceLock<Path> = std::sync::OnceLock::new();
    ROOT.get_or_init(Path::root)
}

impl State {
    /// `InputPath`: `None` when `null` (the state sees `{}`); default `$`.
    pub fn input_path(&self) -> Option<&Path> {
        self.paths
            .as_ref()
            .map_or(Some(root_path()), |p| p.input.as_ref())
    }

    /// `OutputPath`: `None` when `null` (the state outputs `{}`); default `$`.
    pub fn output_path(&self) -> Option<&Path> {
        self.paths
            .as_ref()
            .map_or(Some(root_path()), |p| p.output.as_ref())
    }

    /// `ResultPath`: `None` when `null` (the result is discarded); default `$`.
    pub fn result_path(&self) -> Option<&Path> {
        self.paths
            .as_ref()
            .map_or(Some(root_path()), |p| p.result.as_ref())
    }

    /// `Comment`.
    pub fn comment(&self) -> Option<&str> {
        self.extras.as_ref().and_then(|e| e.comment.as_deref())
    }

    /// `Retry`.
    pub fn retry(&self) -> &[Retrier] {
        self.extras.as_ref().map_or(&[], |e| &e.retry)
    }

    /// The first `Retry` entry whose `ErrorEquals` matches `error`, with its index.
    pub fn retrier_for(&self, error: &crate::RuntimeError) -> Option<(usize, &Retrier)> {
        let in_task = matches!(self.kind, StateKind::Task(_));
        self.retry()
            .iter()
            .enumerate()
            .find(|(_, r)| error.matches(&r.error_equals, in_task))
    }

    /// `Catch`.
    pub fn catch(&self) -> &[Catcher] {
        self.extras.as_ref().map_or(&[], |e| &e.catch)
    }

    /// Features this state uses that the playground does not run yet (entering the state
    /// fails with `States.Runtime` naming the first; loading warns about each).
    pub fn unsupported(&self) -> &[String] {
        self.extras.as_ref().map_or(&[], |e| &e.unsupported)
    }

    /// The state's query language (its own `QueryLanguage`, else its machine's).
    pub fn query_language(&self) -> QueryLanguage {
        if self.is_jsonata() {
            QueryLanguage::JsonAta
        } else {
            QueryLanguage::JsonPath
        }
    }

    /// Whether the state uses JSONata.
    pub fn is_jsonata(&self) -> bool {
        self.jsonata().is_some()
    }

    /// A JSONata state's own fields (`None`: a JSONPath state).
    pub fn jsonata(&self) -> Option<&JsonataFields> {
        self.extras.as_ref().and_then(|e| e.jsonata.as_ref())
    }

    /// A JSONata state's `Arguments`.
    pub fn arguments(&self) -> Option<&JsonataTemplate> {
        self.jsonata().and_then(|j| j.arguments.as_ref())
    }

    /// A JSONata state's `Output`.
    pub fn output(&self) -> Option<&JsonataTemplate> {
        self.jsonata().and_then(|j| j.output.as_ref())
    }
}

/// A state's type with its own fields (the larger ones boxed, so that a state stays small:
/// a definition may hold thousands).
#[derive(Debug, Clone, PartialEq)]
pub enum StateKind {
    /// `Pass`, with its optional `Result`.
    Pass {
        /// `Result`.
        result: Option<Box<Value>>,
    },
    /// `Task`.
    Task(Box<Task>),
    /// `Choice`.
    Choice(Box<Choice>),
    /// `Wait`.
    Wait(Box<Wait>),
    /// `Succeed`.
    Succeed,
    /// `Fail`.
    Fail(Box<Fail>),
    /// `Parallel`.
    Parallel(Parallel),
    /// `Map`.
    Map(Box<Map>),
}

impl StateKind {
    /// The `Type` name (`Pass`, `Task`, …), as history event types use it.
    pub fn type_name(&self) -> &'static str {
        match self {
            StateKind::Pass { .. } => "Pass",
            StateKind::Task(_) => "Task",
            StateKind::Choice(_) => "Choice",
            StateKind::Wait(_) => "Wait",
            StateKind::Succeed => "Succeed",
            StateKind::Fail(_) => "Fail",
            StateKind::Parallel(_) => "Parallel",
            StateKind::Map(_) => "Map",
        }
    }
}

/// A Task state's own fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Task {
    /// `Resource` ARN (what it names: [`super::Resource::classify`]).
    pub resource: String,
    /// `TimeoutSeconds` (a number or, in JSONata, an expression) or `TimeoutSecondsPath`.
    pub timeout_seconds: Option<Dynamic<u64>>,
    /// `HeartbeatSeconds` (a number or, in JSONata, an expression) or
    /// `HeartbeatSecondsPath`.
    pub heartbeat_seconds: Option<Dynamic<u64>>,
    /// `Credentials` (a template with `RoleArn`, `RoleArn.$` or in JSONata an expression):
    /// the role the Task assumes. Recorded in the history; the playground does not simulate
    /// assuming it.
    pub credentials: Option<Template>,
}

/// A Choice state's own fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Choice {
    /// `Choices`: each a condition and its `Next`.
    pub choices: Vec<ChoiceRule>,
    /// `Default`.
    pub default: Option<String>,
}

/// One of a Choice state's `Choices`.
#[derive(Debug, Clone, PartialEq)]
pub struct ChoiceRule {
    /// The condition.
    pub condition: Condition,
    /// `Next`.
    pub next: String,
    /// `Assign`, applied when this rule is taken.
    pub assign: Option<Template>,
    /// A JSONata rule's `Output`, the state's output when this rule is taken.
    pub output: Option<JsonataTemplate>,
}

/// A Choice rule's condition.
#[derive(Debug, Clone, PartialEq)]
pub enum Condition {
    /// `And`.
    And(Vec<Condition>),
    /// `Or`.
    Or(Vec<Condition>),
    /// `Not`.
    Not(Box<Condition>),
    /// A comparison such as `"Variable": "$.x", "NumericEquals": 3`.
    Compare {
        /// `Variable`.
        variable: Path,
        /// The operator's name (`NumericEquals`, `StringMatches`, `IsPresent`, …).
        operator: String,
        /// The operand: a literal, or a path for the `…Path` operators.
        operand: Operand,
    },
    /// A JSONata rule's `Condition`: an expression (`{% … %}`) or a literal boolean.
    Jsonata(JsonataTemplate),
}

/// The right-hand side of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// A literal value.
    Literal(Value),
    /// A path (`StringEqualsPath`, …), evaluated on the input.
    Path(Path),
}

/// A Wait state's own fields.
#[derive(Debug, Clone, PartialEq)]
pub enum Wait {
    /// `Seconds` (a number or, in JSONata, an expression) or `SecondsPath`.
    Seconds(Dynamic<u64>),
    /// `Timestamp` (RFC 3339, or in JSONata an expression) or `TimestampPath`.
    Timestamp(Dynamic<String>),
}

/// A Fail state's own fields.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Fail {
    /// `Error` (a string or, in JSONata, an expression) or `ErrorPath` (a path or an
    /// intrinsic function call: [`Dynamic::Expression`]).
    pub error: Option<Dynamic<String>>,
    /// `Cause` (a string or, in JSONata, an expression) or `CausePath` (a path or an
    /// intrinsic function call: [`Dynamic::Expression`]).
    pub cause: Option<Dynamic<String>>,
}

/// A Parallel state's own fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Parallel {
    /// `Branches`.
    pub branches: Vec<StateMachine>,
}

/// A Map state's own fields.
#[derive(Debug, Clone, PartialEq)]
pub struct Map {
    /// `ItemProcessor` (or the legacy `Iterator`).
    pub processor: StateMachine,
    /// Whether it was written with the legacy `Iterator` field.
    pub legacy_iterator: bool,
    /// `ProcessorConfig.Mode` is `DISTRIBUTED`.
    pub distributed: bool,
    /// Where the items come from: `ItemsPath` or JSONata's `Items`.
    pub items: Items,
    /// `ItemSelector`, or the legacy `Parameters`.
    pub item_selector: Option<Template>,
    /// `MaxConcurrency` (a number or, in JSONata, an expression) or `MaxConcurrencyPath` (0:
    /// no limit, the default).
    pub max_concurrency: Dynamic<u64>,
    /// The fields only Distributed mode uses (all empty for an inline Map).
    pub run: MapRunConfig,
}

/// Where a Map state's items come from: one field in either query language.
#[derive(Debug, Clone, PartialEq)]
pub enum Items {
    /// JSONPath's `ItemsPath`, applied to the effective input (default `$`).
    Path(Path),
    /// JSONata's `Items`: a template that must give an array (`None`: the state's input).
    Jsonata(Option<JsonataTemplate>),
}

/// A Distributed Map's Map Run settings.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MapRunConfig {
    /// `Label`: names the Map Run (its ARN's second part).
    pub label: Option<String>,
    /// `ToleratedFailureCount` or `ToleratedFailureCountPath`.
    pub tolerated_failure_count: Option<Dynamic<u64>>,
    /// `ToleratedFailurePercentage` (0–100) or `ToleratedFailurePercentagePath`.
    pub tolerated_failure_percentage: Option<Dynamic<f64>>,
    /// `ItemBatcher`.
    pub item_batcher: Option<ItemBatcher>,
    /// `ItemReader`: the items come from a file (or a listing) in S3 instead of the input.
    pub item_reader: Option<ItemReader>,
    /// `ResultWriter`: the child executions' results go to S3 (or are transformed).
    pub result_writer: Option<ResultWriter>,
    /// `ProcessorConfig.ExecutionType` of the child executions (`STANDARD` or `EXPRESS`).
    pub child_machine_type: crate::machine_type::MachineType,
}

/// A Distributed Map's `ItemBatcher`: child executions get `{"Items": [...]}` batches.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ItemBatcher {
    /// `MaxItemsPerBatch` or `MaxItemsPerBatchPath`.
    pub max_items_per_batch: Option<Dynamic<u64>>,
    /// `MaxInputBytesPerBatch` or `MaxInputBytesPerBatchPath`.
    pub max_input_bytes_per_batch: Option<Dynamic<u64>>,
    /// `BatchInput`: a template added to every batch as `BatchInput`.
    pub batch_input: Option<Template>,
}

/// A Distributed Map's `ItemReader`: where its items come from.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemReader {
    /// What it reads: one object (`s3:getObject`) or a listing (`s3:listObjectsV2`).
    pub source: ReaderSource,
    /// `Parameters` (JSONPath) or `Arguments` (JSONata): `Bucket` and `Key`, or `Bucket` and
    /// `Prefix`.
    pub parameters: Option<Template>,
    /// `ReaderConfig.InputType` (for `s3:getObject`).
    pub input_type: InputType,
    /// `ReaderConfig.CSVHeaderLocation` is `GIVEN`: these `CSVHeaders` (else the first row).
    pub csv_headers: Option<Vec<String>>,
    /// `ReaderConfig.CSVDelimiter` (a comma by default).
    pub csv_delimiter: char,
    /// `ReaderConfig.MaxItems` or `MaxItemsPath`: at most this many items (0: all).
    pub max_items: Option<Dynamic<u64>>,
}

/// A Distributed Map's `ResultWriter`.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultWriter {
    /// `Parameters` (`Arguments`): `Bucket` and `Prefix`; `None` without a `Resource` (the
    /// results are only transformed, and stay the state's result).
    pub parameters: Option<Template>,
    /// `WriterConfig.OutputType` is `JSONL` (else a JSON array per file).
    pub json_lines: bool,
    /// `WriterConfig.Transformation`.
    pub transformation: Transformation,
}

/// `WriterConfig.Transformation`: what of each child execution is kept.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Transformation {
    /// The whole execution record (ARN, name, input, output, status, dates…).
    #[default]
    None,
    /// Only the output (a failed child's `{Error, Cause}`).
    Compact,
    /// As `Compact`, an output that is an array spread into the list.
    Flatten,
}

/// What an `ItemReader` reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReaderSource {
    /// `arn:aws:states:::s3:getObject`: one object's content.
    GetObject,
    /// `arn:aws:states:::s3:listObjectsV2`: the objects under a prefix.
    ListObjects,
}

/// `ReaderConfig.InputType`: how an object's content becomes items.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum InputType {
    /// A JSON array: its elements.
    #[default]
    Json,
    /// JSON Lines: one value per line.
    Jsonl,
    /// CSV: one object per row, its values strings keyed by the headers.
    Csv,
    /// An S3 inventory `manifest.json`: the rows of the CSV files it lists.
    Manifest,
}

/// One `Retry` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Retrier {
    /// `ErrorEquals`.
    pub error_equals: Vec<String>,
    /// `IntervalSeconds` (default 1).
    pub interval_seconds: f64,
    /// `MaxAttempts` (default 3).
    pub max_attempts: u64,
    /// `BackoffRate` (default 2.0).
    pub backoff_rate: f64,
    /// `MaxDelaySeconds`.
    pub max_delay_seconds: Option<f64>,
    /// `JitterStrategy: FULL`.
    pub full_jitter: bool,
}

impl Retrier {
    /// The wait before retry number `attempt + 1` (0 for the first retry), in seconds,
    /// without jitter: `IntervalSeconds × BackoffRate^attempt`, at most `MaxDelaySeconds`.
    pub fn backoff_seconds(&self, attempt: u64) -> f64 {
        let secs = self.interval_seconds
            * self
                .backoff_rate
                .powi(i32::try_from(attempt).unwrap_or(i32::MAX));
        match self.max_delay_seconds {
            Some(max) => secs.min(max),
            None => secs,
        }
    }
}

/// One `Catch` entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Catcher {
    /// `ErrorEquals`.
    pub error_equals: Vec<String>,
    /// `Next`.
    pub next: String,
    /// `ResultPath` (default `$`; `None` when `null`).
    pub result_path: Option<Path>,
    /// `Assign`, evaluated on the error output `{Error, Cause}`.
    pub assign: Option<Template>,
    /// A JSONata catcher's `Output` (default: the error output).
    pub output: Option<JsonataTemplate>,
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A definition may hold thousands of states: the benchmark's chain of 10,000 Pass
    /// states (bench/RESULTS.md) holds them all at once. Keep the rarely-set fields boxed
    /// (688 bytes before they were).
    #[test]
    #[cfg(target_pointer_width = "64")]
    fn a_state_stays_small() {
        assert!(
            std::mem::size_of::<State>() <= 144,
            "{}",
            std::mem::size_of::<State>()
        );
    }

    #[test]
    fn states_are_found_by_name_the_first_of_duplicates() {
        let state = |name: &str, comment: &str| State {
            name: name.into(),
            pointer: String::new(),
            paths: None,
            parameters: None,
            result_selector: None,
            transition: Transition::End,
            extras: StateExtras::new(Some(comment.into()), vec![], vec![], vec![]),
            kind: StateKind::Succeed,
            assign: None,
            uses_context: false,
        };
        let m = StateMachine::new(
            "b".into(),
            vec![
                state("b", "1"),
                state("a", "2"),
                state("c", "3"),
                state("a", "4"),
                state("", "5"),
            ],
        );
        let comment = |n: &str| m.state(n).and_then(State::comment);
        assert_eq!(comment("a"), Some("2"));
        assert_eq!(comment("b"), Some("1"));
        assert_eq!(comment("c"), Some("3"));
        assert_eq!(comment(""), Some("5"));
        assert_eq!(comment("d"), None);
        assert!(StateMachine::new("x".into(), vec![]).state("x").is_none());
    }

    #[test]
    fn default_paths_and_empty_extras_are_not_stored() {
        let root = || Some(Path::root());
        assert!(IoPaths::new(root(), root(), root()).is_none());
        let p = IoPaths::new(root(), None, root()).expect("stored");
        assert_eq!(p.output, None);
        assert!(StateExtras::new(None, vec![], vec![], vec![]).is_none());
    }
}
