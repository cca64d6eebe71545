//! `aslplay test-state`: one state run alone, as AWS's TestState API runs it
//! ([`asl::test_state`]), printing its answer as JSON.

use std::time::Duration;

use asl::host::{SplitMix64, VirtualClock};
use asl::test_state::{parse_mock, test_state, InspectionLevel, TestStateRequest, TestStatus};
use serde_json::Value;

use crate::run::{config_for, first_lambda_arn, load_handlers, node_runner, read_input, read_json};
use crate::{clock, output, read_file, Failure};

/// The options of `aslplay test-state`.
#[derive(Debug, Default)]
pub struct TestStateOptions {
    /// The definition file: one state, or a whole machine with `--state-name`.
    pub definition: String,
    /// The state to test in a whole definition.
    pub state_name: Option<String>,
    /// The input file (JSON; none: `{}`).
    pub input: Option<String>,
    /// The variables file (a JSON object).
    pub variables: Option<String>,
    /// The context file (a JSON object laid over `$$`).
    pub context: Option<String>,
    /// The mock file (`{"result": …}` or `{"errorOutput": {"error", "cause"}}`).
    pub mock: Option<String>,
    /// `INFO` (default), `DEBUG` or `TRACE`.
    pub inspection_level: InspectionLevel,
    /// How many retries came before (`stateConfiguration.retrierRetryCount`).
    pub retrier_retry_count: u64,
    /// The handlers file, for a Task without a mock.
    pub handlers: Option<String>,
    /// A Lambda invocation's timeout.
    pub function_timeout: Duration,
}

/// Runs the test; the exit code is 0 when the state SUCCEEDED, 1 otherwise (FAILED,
/// RETRIABLE, CAUGHT_ERROR, or a definition that does not load).
pub fn test_state_command(opts: &TestStateOptions) -> Result<i32, Failure> {
    let definition = read_file(&opts.definition)?;
    let input = match &opts.input {
        Some(path) => read_input(path)?.0,
        None => Value::Object(Default::default()),
    };
    let variables = match &opts.variables {
        Some(path) => match read_json(path, "variables")? {
            Value::Object(m) => m,
            _ => {
                return Err(Failure::new(format!(
                "{path}: the variables must be a JSON object {{\"name\": value}} (variables file)"
            )))
            }
        },
        None => Default::default(),
    };
    let context = match &opts.context {
        Some(path) => match read_json(path, "context")? {
            v @ Value::Object(_) => Some(v),
            _ => {
                return Err(Failure::new(format!(
                    "{path}: the context must be a JSON object, laid over $$ (context file)"
                )))
            }
        },
        None => None,
    };
    let mock = match &opts.mock {
        Some(path) => Some(
            parse_mock(&read_json(path, "mock")?)
                .map_err(|e| Failure::new(format!("{path}: {e} (mock file)")))?,
        ),
        None => None,
    };
    let request = TestStateRequest {
        definition,
        state_name: opts.state_name.clone(),
        input,
        variables,
        context,
        mock,
        inspection_level: opts.inspection_level,
        retrier_retry_count: opts.retrier_retry_count,
    };
    let mut handlers = load_handlers(opts.handlers.as_deref())?;
    let arn = asl::parse_json(&request.definition)
        .ok()
        .as_ref()
        .and_then(first_lambda_arn);
    let config = config_for(arn, &handlers, "test-state");
    handlers.set_home(&config.account, &config.region);
    let (script, runner) = node_runner(handlers, opts.function_timeout, false)?;
    let rng = SplitMix64::new(clock::entropy());
    let clock = VirtualClock::new(clock::now_ms());
    let host = asl::Host::new(&runner, &clock, &rng);
    let result = asl::block_on(test_state(&request, &config, host));
    drop(runner);
    drop(script);
    match result {
        Ok(r) => {
            output::emit_json(&r.to_json());
            Ok(if r.status == TestStatus::Succeeded {
                0
            } else {
                1
            })
        }
        Err(diagnostics) => {
            output::emit(output::invalid_definition(&diagnostics));
            Ok(1)
        }
    }
}
