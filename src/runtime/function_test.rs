//! Tests the function alone with a test event, as the Lambda console's Test button does.

use std::cell::RefCell;
use std::rc::Rc;

use asl::host::{Invocation, InvocationOutcome, InvocationResult, TaskRunner};
use wasm_bindgen_futures::spawn_local;
use yew::Callback;

use crate::bindings::browser;
use crate::runtime::lambda::LambdaRunner;
use crate::runtime::pool::WorkerPool;
use crate::state::{Action, Function, InvocationRecord};

/// Invokes `function` with the test event text; the result arrives as
/// [`Action::FunctionTestFinished`]. An event that is not JSON fails at once, like the console.
pub fn start(pool: WorkerPool, function: Function, event: &str, dispatch: Callback<Action>) {
    let payload = match asl::parse_json(event) {
        Ok(payload) => payload,
        Err(d) => {
            let outcome = InvocationOutcome::Failed {
                error_type: "InvalidTestEvent".into(),
                error_message: format!(
                    "The test event is not JSON ({}:{}): {}",
                    d.line, d.column, d.message
                ),
                trace: vec![],
            };
            let result = InvocationResult {
                metrics: Default::default(),
                outcome,
                logs: vec![],
                duration_ms: 0.0,
            };
            dispatch.emit(Action::FunctionTestFinished(result));
            return;
        }
    };
    dispatch.emit(Action::FunctionTestStarted);
    spawn_local(async move {
        let invocation = Invocation {
            invoked_arn: asl::arn::function("aws", "us-east-1", "123456789012", &function.name),
            function_name: function.name.clone(),
            qualifier: None,
            payload,
            request_id: asl::uuid(&browser::Random),
        };
        // The runner hands over the invocation's log as CloudWatch (and the Lambda console's
        // test) shows it: START, the lines, END, REPORT.
        let log = Rc::new(RefCell::new(Vec::new()));
        let runner = LambdaRunner::new(pool, [function], {
            let log = log.clone();
            move |record: InvocationRecord| *log.borrow_mut() = record.logs
        });
        let mut result = runner.invoke(invocation).await;
        result.logs = log.take();
        dispatch.emit(Action::FunctionTestFinished(result));
    });
}
