//! Loads arbitrary text as a definition and, when it loads, executes it on a virtual clock
//! with a Lambda runner that echoes its payload: execution must end (the step and history
//! bounds hold) with a status, never panic.
#![no_main]
#![forbid(unsafe_code)]

#[path = "common.rs"]
mod common;

use asl::host::{
    Invocation, InvocationOutcome, InvocationResult, LocalBoxFuture, SplitMix64, TaskRunner,
    VirtualClock,
};
use libfuzzer_sys::fuzz_target;

/// Every function returns its payload, after 1 ms.
struct Echo;

impl TaskRunner for Echo {
    fn invoke(&self, inv: Invocation) -> LocalBoxFuture<'_, InvocationResult> {
        Box::pin(async move {
            InvocationResult {
                metrics: Default::default(),
                outcome: InvocationOutcome::Succeeded {
                    payload: inv.payload,
                },
                logs: vec![],
                duration_ms: 1.0,
            }
        })
    }
}

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(definition) = asl::load(text) else {
        return;
    };
    let clock = VirtualClock::new(1_700_000_000_000);
    let rng = SplitMix64::new(7);
    let host = asl::Host::new(&Echo, &clock, &rng);
    let config = asl::ExecutionConfig::new("Fuzz", "run-1");
    let execution = asl::block_on(asl::execute(&definition, common::input(), &config, host));
    let _ = execution.to_json(true);
    let _ = asl::execution_tree(&execution.history);
});
