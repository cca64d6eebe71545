//! `aslplay`: ASL Playground on the command line.
//!
//! ```text
//! aslplay validate DEFINITION [--json]
//! aslplay run --definition F --input F [--handlers F] [--name NAME] [--history] [--real-time]
//!             [--function-timeout SECONDS] [--logs] [--type STANDARD|EXPRESS] [--faults F]
//!             [--answers F] [--s3 DIR] [--machine NAME=FILE]...
//! aslplay test-state --definition F [--state-name NAME] [--input F] [--variables F]
//!             [--context F] [--mock F] [--inspection-level INFO|DEBUG|TRACE]
//!             [--retrier-retry-count N] [--handlers F] [--function-timeout SECONDS]
//! aslplay jsonata (EXPRESSION | --expression-file F) [--input F] [--bindings F]
//! aslplay export --format sam|cloudformation --definition F [--handlers F] [--name NAME] [--yaml [--input F]]
//!             [--type STANDARD|EXPRESS] [--function-timeout SECONDS]
//! aslplay check EXERCISE [--solution | --definition F [--handlers F]] [--json]
//! ```
//!
//! `run` prints exactly one JSON object on stdout. Usage errors and unreadable files are
//! reported on stderr with exit status 2.

#![forbid(unsafe_code)]

mod check;
mod clock;
mod export;
mod expression;
mod handlers;
mod host_script;
mod machines;
mod node_runner;
mod objects;
mod output;
mod pool;
mod process;
mod protocol;
mod run;
mod test_state;
mod validate;

use std::process::ExitCode;
use std::time::Duration;

use expression::{ExpressionSource, JsonataOptions};
use run::RunOptions;
use test_state::TestStateOptions;

const USAGE: &str = "\
aslplay: ASL Playground on the command line (Amazon States Language, AWS Step Functions)

USAGE:
  aslplay validate DEFINITION [--json]
      Checks a definition (JSON or YAML). Prints FILE:LINE:COL: CODE message (at /pointer)
      per problem, or a JSON document with --json. Exit 0 valid, 1 invalid.

  aslplay run --definition FILE --input FILE [--handlers FILE] [--name NAME] [--history]
              [--real-time | --start-time TIMESTAMP] [--function-timeout SECONDS] [--logs]
              [--type STANDARD|EXPRESS] [--faults FILE] [--answers FILE] [--s3 DIR]
              [--machine NAME=FILE]...
      Runs one execution and prints one JSON object on stdout:
        {\"status\":\"SUCCEEDED\",\"output\":...}
        {\"status\":\"FAILED\"|\"TIMED_OUT\"|\"ABORTED\",\"error\":...,\"cause\":...}
        {\"status\":\"INVALID_DEFINITION\",\"error\":...,\"diagnostics\":[...]}
      plus \"history\" (GetExecutionHistory events) with --history. Exit 0 when it succeeded,
      1 otherwise.
      --handlers   JSON file {\"<Lambda function ARN or name>\": \"<Node.js handler source>\"};
                   handlers run in Node.js (node on PATH, or ASLPLAY_NODE). A key may also
                   be another service's resource (\"arn:aws:states:::dynamodb:putItem\",
                   \"arn:aws:states:::aws-sdk:s3:getObject\"): its mock, (request, context)
                   => response; or an activity ARN: its worker, (input) => output
      --answers    JSON file of answers for the tasks that wait (.waitForTaskToken tasks,
                   activities), given in order as they start waiting:
                   [{\"action\": \"success\", \"output\": ...}, {\"action\": \"failure\",
                   \"error\": \"...\", \"cause\": \"...\"}, {\"action\": \"heartbeat\"},
                   {\"action\": \"start\", \"worker\": \"NAME\"}], each optionally with
                   \"state\": \"NAME\" (only that state's task takes it) and
                   \"afterSeconds\": N (virtual time before it arrives). A task left without
                   an answer waits to its timeout; with none, the execution is ABORTED
      --s3         a directory standing for S3, which a Distributed Map's ItemReader reads:
                   each subdirectory a bucket, each file under it an object (DIR/data/rows.csv
                   is s3://data/rows.csv)
      --machine    another state machine (repeatable): NAME=FILE. A Task with
                   arn:aws:states:::states:startExecution[.sync|.sync:2|.waitForTaskToken] and
                   StateMachineArn arn:aws:states:REGION:ACCOUNT:stateMachine:NAME runs it as a
                   nested execution; the printed object then lists them under
                   \"nestedExecutions\"
      --name       the execution name (default: a random UUID)
      --real-time  waits and retry back-offs take real time (default: virtual time)
      --start-time the virtual clock's start, RFC 3339 (2026-11-24T00:00:00Z; default: now):
                   the same inputs then give the same history, timestamps included
      --function-timeout  seconds a Lambda invocation may take (default 3, Lambda's default)
      --logs       copy the handlers' console output to stderr
      --type       the state machine's type (default STANDARD). EXPRESS: no 25,000-event
                   history limit, at most 5 minutes (of virtual time unless --real-time),
                   express ARNs, no .sync/.waitForTaskToken tasks
      --faults     JSON file of injected Lambda faults, for trying Retry/Catch:
                   {\"<function name>\": {\"error\": \"Lambda.ServiceException\", \"next\": 2}} fails
                   its next 2 invocations, {\"error\": ..., \"rate\": 0.5} half of them; errors:
                   Lambda.ServiceException, Lambda.TooManyRequestsException,
                   Lambda.SdkClientException, timeout (the function's timeout runs out)

  aslplay test-state --definition FILE [--state-name NAME] [--input FILE] [--variables FILE]
              [--context FILE] [--mock FILE] [--inspection-level INFO|DEBUG|TRACE]
              [--retrier-retry-count N] [--handlers FILE] [--function-timeout SECONDS]
      Runs one state alone, as AWS's TestState API does, and prints its answer:
        {\"status\":\"SUCCEEDED\"|\"FAILED\"|\"RETRIABLE\"|\"CAUGHT_ERROR\",\"output\":\"<JSON text>\",
         \"error\":...,\"cause\":...,\"nextState\":...,\"inspectionData\":{...}}
      --definition  one state's JSON (or YAML), or a whole definition with --state-name
      --input       the state's input (JSON; default {})
      --variables   a JSON object of the workflow variables the state sees
      --context     a JSON object laid over the context object ($$), e.g.
                    {\"Execution\": {\"Name\": \"run-1\"}}
      --mock        a Task's mocked answer: {\"result\": \"<JSON text>\"} or
                    {\"errorOutput\": {\"error\": \"...\", \"cause\": \"...\"}}; without it a
                    Task calls its handler or mock from --handlers
      --inspection-level  INFO (default), DEBUG (adds inspectionData: the data flow step
                    by step, the variables, which Retry/Catch entry handled the error),
                    TRACE (adds an HTTP Task's request and response)
      --retrier-retry-count  how many retries came before this attempt (default 0)
      Exit 0 when the status is SUCCEEDED, 1 otherwise (and for a definition that does not
      load: {\"status\":\"INVALID_DEFINITION\",...}).

  aslplay jsonata (EXPRESSION | --expression-file FILE) [--input FILE] [--bindings FILE]
      Evaluates a JSONata 2.0.6 expression against the input (JSON; none: undefined) with
      the bindings (a JSON object of variable names to values). Prints the result as JSON
      and exits 0 (prints nothing when the result is undefined), or prints
      {\"code\":...,\"position\":...,\"message\":...} and exits 1.

  aslplay export --format sam|cloudformation --definition FILE [--handlers FILE]
                 [--name NAME] [--type STANDARD|EXPRESS] [--function-timeout SECONDS]
                 [--yaml [--input FILE]]
      Prints an AWS SAM or CloudFormation template (JSON) for the state machine NAME
      (default StateMachine): one Node.js function per Lambda handler of the handlers file,
      code inline, with the function timeout; the definition with each function's ARN filled
      in by DefinitionSubstitutions; an execution role allowed to invoke the functions the
      definition calls. Deploy: sam deploy --guided --template-file FILE, or aws cloudformation
      deploy --template-file FILE --stack-name NAME --capabilities CAPABILITY_IAM. Exit 0, or
      1 with the diagnostics on stderr when the definition does not load. --yaml prints it
      as YAML with a README block on top (how to deploy it and start an execution with the
      input of --input), as the page's Export menu downloads it.

  aslplay check EXERCISE [--solution | --definition FILE [--handlers FILE]] [--json]
      Judges an attempt at an exercise (JSON or YAML; docs/exercises.md): the exercise's
      starter workspace, its reference solution (--solution), or a definition file and
      handlers file put in the starter's workspace. Runs every check (handlers in Node.js),
      prints PASS or FAIL with the reason for each (hidden checks too, marked [hidden]), or
      one JSON object with --json. Exit 0 when every check passes, 1 otherwise.

  Exit status 2: bad usage, unreadable files, input that is not JSON or over 256 KiB.
";

/// An error that ends the program with exit status 2 and a message on stderr.
#[derive(Debug)]
pub struct Failure(String);

impl Failure {
    /// A failure with this message.
    pub fn new(message: impl Into<String>) -> Self {
        Self(message.into())
    }
}

/// Reads a whole text file, with a clear error.
pub fn read_file(path: &str) -> Result<String, Failure> {
    let bytes =
        std::fs::read(path).map_err(|e| Failure::new(format!("cannot read {path}: {e}")))?;
    String::from_utf8(bytes).map_err(|_| Failure::new(format!("{path} is not UTF-8 text")))
}

/// What the command line asks for.
#[derive(Debug)]
enum Command {
    Help,
    Version,
    Validate { file: String, json: bool },
    Run(RunOptions),
    TestState(TestStateOptions),
    Jsonata(JsonataOptions),
    Export(export::ExportOptions),
    Check(check::CheckOptions),
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let result = parse(&args).and_then(|command| match command {
        Command::Help => {
            output::emit(USAGE.trim_end());
            Ok(0)
        }
        Command::Version => {
            output::emit(format!("aslplay {}", env!("CARGO_PKG_VERSION")));
            Ok(0)
        }
        Command::Validate { file, json } => validate::validate(&file, json),
        Command::Run(opts) => run::run(&opts),
        Command::TestState(opts) => test_state::test_state_command(&opts),
        Command::Jsonata(opts) => expression::jsonata(&opts),
        Command::Export(opts) => export::export(&opts),
        Command::Check(opts) => check::check(&opts),
    });
    match result {
        Ok(code) => ExitCode::from(u8::try_from(code).unwrap_or(1)),
        Err(Failure(message)) => {
            eprintln!("aslplay: {message}");
            ExitCode::from(2)
        }
    }
}

/// Parses the arguments (after the program name).
fn parse(args: &[String]) -> Result<Command, Failure> {
    let Some((command, rest)) = args.split_first() else {
        return Err(Failure::new(format!("missing command\n\n{USAGE}")));
    };
    let mut options = Options::new(rest)?;
    match command.as_str() {
        "-h" | "--help" | "help" => Ok(Command::Help),
        "-V" | "--version" => Ok(Command::Version),
        "validate" => {
            if options.flag("help") {
                return Ok(Command::Help);
            }
            let json = options.flag("json");
            let file = options.single_positional("DEFINITION")?;
            options.finish()?;
            Ok(Command::Validate { file, json })
        }
        "run" => {
            if options.flag("help") {
                return Ok(Command::Help);
            }
            let timeout = match options.value("function-timeout")? {
                Some(s) => parse_seconds(&s)?,
                None => Duration::from_secs(3),
            };
            let opts = RunOptions {
                definition: options.required("definition")?,
                input: options.required("input")?,
                handlers: options.value("handlers")?,
                name: options.value("name")?,
                history: options.flag("history"),
                real_time: options.flag("real-time"),
                logs: options.flag("logs"),
                function_timeout: timeout,
                machine_type: parse_type(options.value("type")?.as_deref())?,
                faults: options.value("faults")?,
                answers: options.value("answers")?,
                s3: options.value("s3")?,
                machines: options.values("machine"),
                start_ms: parse_start(options.value("start-time")?.as_deref())?,
            };
            if opts.real_time && opts.start_ms.is_some() {
                return Err(Failure::new(
                    "--start-time sets the virtual clock; it cannot go with --real-time",
                ));
            }
            if let Some(p) = options.positionals.first() {
                return Err(Failure::new(format!("unexpected argument {p:?}")));
            }
            options.finish()?;
            Ok(Command::Run(opts))
        }
        "export" => {
            if options.flag("help") {
                return Ok(Command::Help);
            }
            let format = options
                .value("format")?
                .ok_or_else(|| Failure::new("missing --format sam|cloudformation"))?;
            let format = asl::deploy::TemplateFormat::parse(&format).ok_or_else(|| {
                Failure::new(format!("--format {format:?}: use sam or cloudformation"))
            })?;
            let opts = export::ExportOptions {
                format,
                definition: options.required("definition")?,
                handlers: options.value("handlers")?,
                name: options
                    .value("name")?
                    .unwrap_or_else(|| "StateMachine".into()),
                machine_type: parse_type(options.value("type")?.as_deref())?,
                function_timeout: match options.value("function-timeout")? {
                    Some(s) => parse_seconds(&s)?,
                    None => Duration::from_secs(3),
                },
                yaml: options.flag("yaml"),
                input: options.value("input")?,
            };
            if let Some(p) = options.positionals.first() {
                return Err(Failure::new(format!("unexpected argument {p:?}")));
            }
            options.finish()?;
            Ok(Command::Export(opts))
        }
        "check" => {
            if options.flag("help") {
                return Ok(Command::Help);
            }
            let solution = options.flag("solution");
            let json = options.flag("json");
            let definition = options.value("definition")?;
            let handlers = options.value("handlers")?;
            let attempt = match (solution, definition) {
                (true, Some(_)) => {
                    return Err(Failure::new(
                        "give either --solution or --definition (an attempt), not both",
                    ))
                }
                (true, None) if handlers.is_some() => {
                    return Err(Failure::new("--handlers goes with --definition"))
                }
                (true, None) => check::Attempt::Solution,
                (false, Some(definition)) => check::Attempt::Files {
                    definition,
                    handlers,
                },
                (false, None) if handlers.is_some() => {
                    return Err(Failure::new("--handlers goes with --definition"))
                }
                (false, None) => check::Attempt::Starter,
            };
            let exercise = options.single_positional("EXERCISE")?;
            options.finish()?;
            Ok(Command::Check(check::CheckOptions {
                exercise,
                attempt,
                json,
            }))
        }
        "test-state" => {
            if options.flag("help") {
                return Ok(Command::Help);
            }
            let level = match options.value("inspection-level")? {
                None => asl::test_state::InspectionLevel::Info,
                Some(l) => asl::test_state::InspectionLevel::parse(&l).ok_or_else(|| {
                    Failure::new(format!(
                        "--inspection-level {l:?}: use INFO, DEBUG or TRACE"
                    ))
                })?,
            };
            let retries = match options.value("retrier-retry-count")? {
                None => 0,
                Some(n) => n.parse().map_err(|_| {
                    Failure::new(format!(
                        "--retrier-retry-count {n:?}: a whole number, 0 or more"
                    ))
                })?,
            };
            let function_timeout = match options.value("function-timeout")? {
                Some(s) => parse_seconds(&s)?,
                None => Duration::from_secs(3),
            };
            let opts = TestStateOptions {
                definition: options.required("definition")?,
                state_name: options.value("state-name")?,
                input: options.value("input")?,
                variables: options.value("variables")?,
                context: options.value("context")?,
                mock: options.value("mock")?,
                inspection_level: level,
                retrier_retry_count: retries,
                handlers: options.value("handlers")?,
                function_timeout,
            };
            if let Some(p) = options.positionals.first() {
                return Err(Failure::new(format!("unexpected argument {p:?}")));
            }
            options.finish()?;
            Ok(Command::TestState(opts))
        }
        "jsonata" => {
            if options.flag("help") {
                return Ok(Command::Help);
            }
            let file = options.value("expression-file")?;
            let expression = match (file, options.positionals.len()) {
                (Some(f), 0) => ExpressionSource::File(f),
                (None, 1) => ExpressionSource::Text(options.positionals.remove(0)),
                (Some(_), _) => return Err(Failure::new(
                    "give the expression either as an argument or with --expression-file, not both",
                )),
                (None, 0) => {
                    return Err(Failure::new(
                        "missing EXPRESSION or --expression-file FILE (see aslplay --help)",
                    ))
                }
                (None, _) => {
                    return Err(Failure::new(format!(
                        "unexpected argument {:?} (quote the expression as one argument)",
                        options.positionals[1]
                    )))
                }
            };
            let opts = JsonataOptions {
                expression,
                input: options.value("input")?,
                bindings: options.value("bindings")?,
            };
            options.finish()?;
            Ok(Command::Jsonata(opts))
        }
        other => Err(Failure::new(format!(
            "unknown command {other:?} (expected validate, run, test-state, jsonata, export or check; see aslplay --help)"
        ))),
    }
}

/// `--type`: `STANDARD` (the default) or `EXPRESS`, in any case.
fn parse_type(value: Option<&str>) -> Result<asl::MachineType, Failure> {
    match value.map(str::to_ascii_uppercase).as_deref() {
        None | Some("STANDARD") => Ok(asl::MachineType::Standard),
        Some("EXPRESS") => Ok(asl::MachineType::Express),
        Some(_) => Err(Failure::new(format!(
            "--type expects STANDARD or EXPRESS, not {:?}",
            value.unwrap_or_default()
        ))),
    }
}

fn parse_start(value: Option<&str>) -> Result<Option<i64>, Failure> {
    value
        .map(|s| {
            asl::history::time::parse_rfc3339(s).ok_or_else(|| {
                Failure::new(format!(
                    "--start-time expects an RFC 3339 timestamp such as 2026-11-24T00:00:00Z, not {s:?}"
                ))
            })
        })
        .transpose()
}

fn parse_seconds(s: &str) -> Result<Duration, Failure> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() && v > 0.0 && v <= 86_400.0 => Ok(Duration::from_secs_f64(v)),
        _ => Err(Failure::new(format!(
            "--function-timeout expects a number of seconds (more than 0), not {s:?}"
        ))),
    }
}

/// `--name value`, `--name=value`, flags and positionals, consumed one by one.
#[derive(Debug)]
struct Options {
    named: Vec<(String, Option<String>)>,
    positionals: Vec<String>,
}

/// Options that take a value.
const VALUED: &[&str] = &[
    "definition",
    "input",
    "handlers",
    "name",
    "function-timeout",
    "type",
    "start-time",
    "faults",
    "answers",
    "s3",
    "machine",
    "state-name",
    "variables",
    "context",
    "mock",
    "inspection-level",
    "retrier-retry-count",
    "expression-file",
    "bindings",
    "format",
];

impl Options {
    fn new(args: &[String]) -> Result<Self, Failure> {
        let mut named = Vec::new();
        let mut positionals = Vec::new();
        let mut it = args.iter();
        while let Some(arg) = it.next() {
            if arg == "-h" {
                named.push(("help".to_string(), None));
            } else if let Some(body) = arg.strip_prefix("--").filter(|b| !b.is_empty()) {
                let (key, inline) = match body.split_once('=') {
                    Some((k, v)) => (k.to_string(), Some(v.to_string())),
                    None => (body.to_string(), None),
                };
                let value = if VALUED.contains(&key.as_str()) && inline.is_none() {
                    Some(
                        it.next()
                            .cloned()
                            .ok_or_else(|| Failure::new(format!("--{key} needs a value")))?,
                    )
                } else {
                    inline
                };
                named.push((key, value));
            } else {
                positionals.push(arg.clone());
            }
        }
        Ok(Self { named, positionals })
    }

    fn take(&mut self, key: &str) -> Option<(String, Option<String>)> {
        let i = self.named.iter().position(|(k, _)| k == key)?;
        Some(self.named.remove(i))
    }

    fn flag(&mut self, key: &str) -> bool {
        self.take(key).is_some()
    }

    fn value(&mut self, key: &str) -> Result<Option<String>, Failure> {
        let value = self.take(key).and_then(|(_, v)| v);
        if self.named.iter().any(|(k, _)| k == key) {
            return Err(Failure::new(format!("--{key} given more than once")));
        }
        Ok(value)
    }

    /// Every value of a repeatable option, in order.
    fn values(&mut self, key: &str) -> Vec<String> {
        let mut out = Vec::new();
        while let Some((_, v)) = self.take(key) {
            out.extend(v);
        }
        out
    }

    fn required(&mut self, key: &str) -> Result<String, Failure> {
        self.value(key)?
            .ok_or_else(|| Failure::new(format!("missing --{key} FILE (see aslplay --help)")))
    }

    fn single_positional(&mut self, what: &str) -> Result<String, Failure> {
        match self.positionals.len() {
            0 => Err(Failure::new(format!("missing {what} (see aslplay --help)"))),
            1 => Ok(self.positionals.remove(0)),
            _ => Err(Failure::new(format!(
                "unexpected argument {:?}",
                self.positionals[1]
            ))),
        }
    }

    fn finish(self) -> Result<(), Failure> {
        match self.named.first() {
            Some((k, Some(_))) if !VALUED.contains(&k.as_str()) => {
                Err(Failure::new(format!("--{k} does not take a value")))
            }
            Some((k, _)) => Err(Failure::new(format!(
                "unknown option --{k} (see aslplay --help)"
            ))),
            None => Ok(()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn parses_run() {
        let Ok(Command::Run(o)) = parse(&args(
            "run --definition d.json --input=i.json --history --function-timeout 0.5",
        )) else {
            panic!("not a run");
        };
        assert_eq!(
            (o.definition.as_str(), o.input.as_str()),
            ("d.json", "i.json")
        );
        assert!(o.history && !o.real_time);
        assert_eq!(o.function_timeout, Duration::from_millis(500));
        assert_eq!(o.machine_type, asl::MachineType::Standard);
        let Ok(Command::Run(o)) = parse(&args("run --definition d --input i --type express"))
        else {
            panic!("not a run");
        };
        assert_eq!(o.machine_type, asl::MachineType::Express);
        assert_eq!(o.start_ms, None);
        let Ok(Command::Run(o)) = parse(&args(
            "run --definition d --input i --start-time 2026-11-24T00:00:01.5Z",
        )) else {
            panic!("not a run");
        };
        assert_eq!(o.start_ms, Some(1_795_478_401_500));
    }

    #[test]
    fn rejects_bad_usage() {
        for bad in [
            "",
            "frobnicate",
            "run --input i.json",
            "run --definition d --input i --bogus",
            "run --definition d --input i extra",
            "run --definition",
            "run --definition d --input i --function-timeout -1",
            "run --definition d --input i --type SLOW",
            "run --definition d --input i --start-time yesterday",
            "run --definition d --input i --start-time 2026-11-24",
            "run --definition d --input i --start-time 2026-11-24T00:00:00Z --real-time",
            "run --definition d --input i --type",
            "validate",
            "validate a b",
            "validate a --history=yes",
            "jsonata",
            "jsonata a b",
            "jsonata a --expression-file f",
            "jsonata a --input",
            "jsonata a --frob",
        ] {
            assert!(parse(&args(bad)).is_err(), "{bad:?} should be rejected");
        }
    }

    #[test]
    fn parses_validate() {
        let Ok(Command::Validate { file, json }) = parse(&args("validate --json m.yaml")) else {
            panic!("not a validate");
        };
        assert_eq!(file, "m.yaml");
        assert!(json);
    }
}
