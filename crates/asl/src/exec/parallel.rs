//! Parallel states: every branch gets the same input; the result is the array of the
//! branches' outputs, in branch order.

use serde_json::Value;

use super::machine::StateVisit;
use super::map::Children;
use super::trace::Prev;
use super::Run;
use crate::definition::Parallel;
use crate::errors::RuntimeError;

impl Run<'_> {
    pub(super) async fn run_parallel(
        &self,
        visit: &StateVisit<'_>,
        parallel: &Parallel,
        prev: &mut Prev,
    ) -> Result<(Value, Option<super::machine::Assignment>), RuntimeError> {
        let effective = self.effective_input(visit)?;
        let started = visit
            .trace
            .push("ParallelStateStarted", self.now(), *prev, None);
        let count = parallel.branches.len();
        let children = Children {
            count,
            machines: parallel.branches.iter().map(|b| (b, effective.clone())),
            limit: count,
            map_name: None,
        };
        let results = self.run_children(visit, started, children, prev).await?;
        visit
            .trace
            .push("ParallelStateSucceeded", self.now(), *prev, None);
        self.state_output(visit, Value::Array(results))
    }
}
