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
//! #             logs: vec![], duration_ms: 1.0 } })
//! #     }
//! # }
//! let definition = asl::load(r#"{"StartAt":"ExampleMapState","States":{"ExampleMapState":{
//!     "Type":"Map","Iterator":{"StartAt":"CallLambda","States":{"CallLambda":{"Type":"Task",
//!     "Resource":"arn:aws:lambda:us-east-1:123456789012:function:HelloFunction","End":true}}},
//!     "End":true}}}"#).unwrap();
//! let clock = VirtualClock::new(1_700_000_000_000);
//! let rng = SplitMix64::new(7);
//! let host = asl::Host { tasks: &Hello, clock: &clock, rng: &rng, observer: None };
//! let input = serde_json::json!([{"who":"bob"},{"who":"meg"},{"who":"joe"}]);
//! let config = asl::ExecutionConfig::new("MapLambda", "run-1");
//! let execution = futures_executor_block_on(asl::execute(&definition, input, &config, host));
//! assert_eq!(execution.status, asl::Status::Succeeded);
//! assert_eq!(execution.output, Some(serde_json::json!(["Hello, bob!", "Hello, meg!", "Hello, joe!"])));
//! # fn futures_executor_block_on<F: std::future::Future>(f: F) -> F::Output { asl::block_on(f) }
//! ```

#![warn(missing_docs)]

pub mod definition;
pub mod diagnostic;
pub mod errors;
pub mod exec;
pub mod history;
pub mod host;
pub mod intrinsics;
pub mod names;
pub mod path;
pub mod payload;
pub mod tree;

pub use definition::{
    diagnostics, invalid_definition_message, load, parse_json, Definition, Format,
};
pub use diagnostic::{render as render_diagnostics, Diagnostic, Severity};
pub use errors::RuntimeError;
pub use exec::{
    block_on, execute, execute_text, uuid, Execution, ExecutionConfig, Host, Observer, Status,
};
pub use history::HistoryEvent;
pub use names::check_name;
pub use tree::{execution_tree, NodeStatus, TreeNode, TreeNodeKind};
