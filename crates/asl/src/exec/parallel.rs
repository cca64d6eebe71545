//! Parallel states: every branch gets the same input; the result is the array of the
//! branches' outputs, in branch order.

use serde_json::Value;

use super::trace::{Prev, Trace};
use super::Run;
use crate::definition::{Parallel, State};
use crate::errors::RuntimeError;

impl Run<'_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn run_parallel(
        &self,
        state: &State,
        parallel: &Parallel,
        raw: &Value,
        ctx: &Value,
        trace: &Trace<'_>,
        entered: usize,
        prev: &mut Prev,
    ) -> Result<(Value, Value), RuntimeError> {
        let effective = self.effective_input(state, raw, ctx, entered)?;
        let started = trace.push("ParallelStateStarted", self.now(), *prev, None);
        let count = parallel.branches.len();
        let children = parallel.branches.iter().map(|b| (b, effective.clone()));
        let results = self
            .run_children(
                trace,
                started,
                (count, children),
                count,
                None,
                prev,
                &super::map::scope(ctx),
            )
            .await?;
        trace.push("ParallelStateSucceeded", self.now(), *prev, None);
        self.state_output(state, raw, Value::Array(results), ctx, entered)
    }
}
