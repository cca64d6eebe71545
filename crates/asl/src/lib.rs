//! An interpreter for the Amazon States Language (AWS Step Functions).
//!
//! Pure: it never reads the clock, randomness or the outside world itself; those come in
//! through the traits of [`host`]. Loading a definition gives either a [`Definition`] or
//! located [`Diagnostic`]s; [`execute`] runs it and returns an [`Execution`] whose history is
//! AWS's GetExecutionHistory event list, from which [`execution_tree`] derives the tree view.
//!
//! ```
//! use asl::host::{SplitMix64, VirtualClock};
//! # use asl::host::{Invocation, InvocationOutcome, InvocationResult, LocalBoxFuture, TaskRunner};
//! # struct Hello;
//! # impl TaskRunner for Hello {
//! #     fn invoke(&self, inv: Invocation) -> LocalBoxFuture<'_, InvocationResult> {
//! #         let who = inv.payload["who"].as_str().unwrap_or_default().to_string();
//! #         Box::pin(async move { InvocationResult {
//! #             outcome: InvocationOutcome::Succeeded { payload: format!("Hello, {who}!").into() },
//! #             logs: vec![], duration_ms: 1.0, metrics: Default::default() } })
//! #     }
//! # }
//! let definition = asl::load(r#"{"StartAt":"ExampleMapState","States":{"ExampleMapState":{
//!     "Type":"Map","Iterator":{"StartAt":"CallLambda","States":{"CallLambda":{"Type":"Task",
//!     "Resource":"arn:aws:lambda:us-east-1:123456789012:function:HelloFunction","End":true}}},
//!     "End":true}}}"#).unwrap();
//! let clock = VirtualClock::new(1_700_000_000_000);
//! let rng = SplitMix64::new(7);
//! let host = asl::Host::new(&Hello, &clock, &rng);
//! let input = serde_json::json!([{"who":"bob"},{"who":"meg"},{"who":"joe"}]);
//! let config = asl::ExecutionConfig::new("MapLambda", "run-1");
//! let execution = futures_executor_block_on(asl::execute(&definition, input, &config, host));
//! assert_eq!(execution.status, asl::Status::Succeeded);
//! assert_eq!(execution.output, Some(serde_json::json!(["Hello, bob!", "Hello, meg!", "Hello, joe!"])));
//! # fn futures_executor_block_on<F: std::future::Future>(f: F) -> F::Output { asl::block_on(f) }
//! ```
//!
//! # Map of the crate
//!
//! - [`definition`]: loading (JSON or YAML, auto-detected), the typed model, validation.
//!   Every problem is a [`Diagnostic`] with a stable code, JSON pointer, byte span and
//!   line:column; [`render_diagnostics`] prints them with the source line.
//!   [`definition::resource`]: what a Task's `Resource` names.
//! - [`arn`]: Lambda function ARNs (and names, partial ARNs), state machine, execution and
//!   Map Run ARNs.
//! - [`config`]: an execution's [`ExecutionConfig`]; [`machine_type`]: STANDARD or EXPRESS
//!   ([`MachineType`]) and the quotas of each.
//! - [`path`]: JSONPath (Jayway dialect), Reference Paths, `$$` and `$variables`.
//! - [`payload`]: `Parameters`/`ItemSelector`/`ResultSelector`/`Assign` templates.
//! - [`intrinsics`]: the 18 `States.*` functions.
//! - [`query`]: JSONata in ASL: `{% … %}` expressions and templates, `$states`, AWS's
//!   JSONata functions, `States.QueryEvaluationError`.
//! - [`exec`]: [`execute_input`] (the input as the user typed it and its value),
//!   [`execute_text`], [`execute`] — states, retry, catch, Map, Parallel, Wait, Lambda tasks,
//!   limits, the event recording, the context object `$$`.
//! - [`history`]: [`HistoryEvent`]s in GetExecutionHistory's shape ([`HistoryEvent::to_json`]).
//! - [`graph`]: [`graph::layout`], the diagram's layered layout (containers, edges), and
//!   each state's status in it ([`graph::state_statuses`]).
//! - [`tree`]: [`execution_tree`], derived from the history alone.
//! - [`inspect`]: the state inspector — one entry of a state in a recorded execution: its
//!   data flow recomputed ([`data_flow`]) with the context object and the workflow variables
//!   in scope rebuilt from the history.
//! - [`deploy`]: a workspace as a SAM or CloudFormation template (JSON, or YAML with a
//!   README block); [`import`]: a file's text back into the playground (a definition, a
//!   template's machines and functions, an execution history); [`yaml`]: the YAML writer.
//! - [`errors`]: runtime errors (`States.*`) and how Retry/Catch match them.
//! - [`host`]: the effects (Lambda runner, clock, randomness) as traits, the [`Observer`]
//!   for live views, stopping and breakpoints, [`uuid`] and [`block_on`].
//!
//! # Where it differs from AWS Step Functions
//!
//! - Not run yet (a load warning `UNSUPPORTED_FEATURE`, and `States.Runtime` naming the
//!   feature when reached): JSONata (`QueryLanguage: JSONata`, `{% %}`, `Arguments`,
//!   `Output`), a Distributed Map's `ItemReader` and `ResultWriter` (Amazon S3), Task
//!   resources other than Lambda, `.sync`/`.waitForTaskToken`, JSONPath script
//!   expressions (`[(@.length-1)]`).
//! - JSONPath: path functions (`$.a.length()`) are accepted and find nothing, as AWS
//!   reports ("could not be found in the input"); `=~` supports the common Java regex
//!   subset (no look-around or back-references) and gives up (no match) on patterns that
//!   backtrack without end.
//! - `HeartbeatSeconds(Path)` is recorded (`heartbeatInSeconds`) but a request-response
//!   Lambda call sends no heartbeats and is never cut short by it. `Credentials` are
//!   recorded (`taskCredentials`); the role is not assumed.
//! - With the virtual clock, a Task's `TimeoutSeconds` is judged after the handler returns
//!   (virtual time cannot race it): a handler that ran longer gives `States.Timeout` and the
//!   clock advances by the timeout only. With a real-time clock
//!   ([`host::Clock::is_real_time`]) the timeout interrupts the handler.
//! - Map iterations and Parallel branches run concurrently (Map: up to `MaxConcurrency`, at
//!   most 40), but the history lists each one's events contiguously in index order — what
//!   AWS records when they don't overlap in time. When one fails, the iterations started
//!   after it are recorded as aborted (`…StateAborted`, `MapIterationAborted`), whatever
//!   they had done. When a Parallel branch fails, its open state (a failed Task) and
//!   those of the branches after it are recorded as aborted, following the failure.
//! - A Distributed Map's child executions run in-process; their histories are not kept
//!   (the parent records only `MapRunStarted`/`MapRunSucceeded`/`MapRunFailed`, as AWS
//!   does). `MapStateExited` follows `MapRunStarted`, as AWS records it since late 2024
//!   (earlier recordings have it follow `MapRunSucceeded`). Within the tolerated failures
//!   a failed child's place in the output holds its `{"Error", "Cause"}`; beyond them the
//!   Map fails with `States.ExceedToleratedFailureThreshold` (no recording shows AWS's
//!   exact cause text or event details for that).
//! - Reaching the 25,000-event history limit (STANDARD machines) ends the execution with an
//!   `ExecutionFailed` as event 25,000 (as AWS documents); its error is `States.Runtime`
//!   (AWS names none). An EXPRESS execution has no history limit and times out after five
//!   minutes; on the virtual clock a guard ([`machine_type::MAX_EXPRESS_STEPS`] states entered,
//!   [`machine_type::MAX_EXPRESS_RECORDED_STEPS`] when the history is kept or observed) ends loops
//!   that never wait.
//! - `$$.State.RetryCount` is only present for Task states; `$$.Task.Token` is absent.
//! - `lambda:invoke` results carry synthetic HTTP metadata (request id, date, trace id) in
//!   AWS's shape.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod arn;
pub mod config;
pub mod definition;
pub mod deploy;
pub mod diagnostic;
pub mod errors;
pub mod exec;
pub mod exercise;
pub mod graph;
pub mod history;
pub mod host;
pub mod iam;
pub mod import;
pub mod inspect;
pub mod intrinsics;
pub mod json;
pub mod language;
pub mod machine_type;
pub mod map_run;
pub mod names;
pub mod path;
pub mod payload;
pub mod query;
pub mod share;
pub mod test_state;
pub mod tree;
pub mod yaml;

pub use config::ExecutionConfig;
pub use definition::{
    diagnostics, express_diagnostics, invalid_definition_message, load, load_lean,
    parse_execution_input, parse_json, Definition, Format,
};
pub use diagnostic::{render as render_diagnostics, Diagnostic, DiagnosticCode, Severity};
pub use errors::RuntimeError;
pub use exec::{execute, execute_input, execute_text, Execution, Status};
pub use history::HistoryEvent;
pub use host::{block_on, uuid, Host, Observer};
pub use inspect::{data_flow, DataFlow, DataFlowStep};
pub use machine_type::MachineType;
pub use names::check_name;
pub use tree::{execution_tree, NodeStatus, TreeBuilder, TreeNode, TreeNodeKind};
