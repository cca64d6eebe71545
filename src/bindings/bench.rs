//! The engine-only entry point of the browser benchmark (`bench/browser/`): runs a machine with
//! its handlers in the page's Worker pool, with no views, and reports how long it took. The
//! benchmark page calls it as `window.wasmBindings.aslBenchEngine(…)` (Trunk exposes the
//! app's exports there); the app itself never calls it.

use std::cell::RefCell;

use asl::host::{SplitMix64, VirtualClock};
use asl::{ExecutionConfig, Host, MachineType};
use wasm_bindgen::prelude::*;

use crate::bindings::browser;
use crate::runtime::lambda::LambdaRunner;
use crate::runtime::pool::{WorkerPool, HANDLER_HOST_URL};
use crate::state::Function;

thread_local! {
    /// One pool for every benchmark run, so runs after the first find warm Workers.
    static POOL: RefCell<Option<WorkerPool>> = const { RefCell::new(None) };
}

fn pool() -> WorkerPool {
    POOL.with(|p| {
        p.borrow_mut()
            .get_or_insert_with(|| {
                // As many Workers as the page's own pool uses.
                let pool = WorkerPool::new(HANDLER_HOST_URL, crate::runtime::pool::machine_size());
                pool.warm_up();
                pool
            })
            .clone()
    })
}

/// Runs `definition` (JSON or YAML text) on `input` (JSON text) with `handlers` (a JSON object
/// `{"FunctionName": "<handler source>"}`), as a STANDARD or (`express`) EXPRESS machine.
/// Resolves to `{"status", "events", "ms"}`: the final status, the number of history events,
/// and the milliseconds from the start of the execution to its end; rejects with a message
/// when the definition, input or handlers do not load.
#[wasm_bindgen(js_name = aslBenchEngine)]
pub async fn bench_engine(
    definition: String,
    input: String,
    handlers: String,
    express: bool,
) -> Result<JsValue, JsValue> {
    let definition = asl::definition::load(&definition)
        .map_err(|d| JsValue::from_str(&asl::render_diagnostics(&definition, &d)))?;
    let value = asl::definition::parse_execution_input(&input)
        .map_err(|d| JsValue::from_str(&d.message))?;
    let handlers: std::collections::BTreeMap<String, String> = serde_json::from_str(&handlers)
        .map_err(|e| JsValue::from_str(&format!("handlers: {e}")))?;
    let functions = handlers
        .into_iter()
        .map(|(name, code)| Function::new(name, code));
    // As on the page, the execution's Workers were started ahead of time (after the previous
    // one ended): wait until they have loaded, so that the timing is the execution's alone.
    let pool = pool();
    pool.ready().await;
    let runner = LambdaRunner::new(pool, functions, |_| {});
    let clock = VirtualClock::new(browser::now_ms() as i64);
    let rng = SplitMix64::new(browser::random_u64());
    let mut config = ExecutionConfig::new("BenchMachine", &asl::uuid(&rng));
    if express {
        config.machine_type = MachineType::Express;
    }
    let host = Host::new(&runner, &clock, &rng);
    let started = browser::monotonic_ms();
    let execution = asl::execute_input(&definition, value, &input, &config, host).await;
    let ms = browser::monotonic_ms() - started;
    let report = serde_json::json!({
        "status": execution.status.as_str(),
        "events": execution.history.len(),
        "ms": ms,
    });
    js_sys::JSON::parse(&report.to_string())
}
