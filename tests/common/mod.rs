//! What the app's native tests share: the tutorial's HelloFunction as an in-process
//! `TaskRunner` (the real handler runs in Node.js and the browser's Worker; those are covered
//! by `node --test static/` and the e2e tests), and running a definition on the virtual clock.

use asl::host::{
    Invocation, InvocationOutcome, InvocationResult, LocalBoxFuture, SplitMix64, TaskRunner,
    VirtualClock,
};

/// Greets `event.who` as the tutorial's HelloFunction does: `"Hello, <who>!"`.
pub struct Hello;

impl TaskRunner for Hello {
    fn invoke(&self, inv: Invocation) -> LocalBoxFuture<'_, InvocationResult> {
        let who = inv.payload["who"].as_str().unwrap_or_default().to_string();
        Box::pin(async move {
            InvocationResult {
                metrics: Default::default(),
                outcome: InvocationOutcome::Succeeded {
                    payload: format!("Hello, {who}!").into(),
                },
                logs: vec![],
                duration_ms: 1.0,
            }
        })
    }
}

/// Runs `definition` on `input` with [`Hello`] on the virtual clock; the execution and its
/// tree.
pub fn run(
    definition: &asl::Definition,
    input: serde_json::Value,
    config: &asl::ExecutionConfig,
) -> (asl::Execution, asl::TreeNode) {
    let (clock, rng) = (VirtualClock::new(0), SplitMix64::new(1));
    let host = asl::Host::new(&Hello, &clock, &rng);
    let execution = asl::block_on(asl::execute(definition, input, config, host));
    let tree = asl::execution_tree(&execution.history);
    (execution, tree)
}
