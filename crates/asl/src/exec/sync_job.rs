//! The `.sync` pattern of services other than Step Functions (`glue:startJobRun.sync`,
//! `ecs:runTask.sync`, `batch:submitJob.sync`…): the mock's answer to the request is the
//! job it started; while the job's status says it still runs, the playground asks the mock
//! again every [`POLL_MS`] (as Step Functions polls the service), passing it the job as it
//! last described it, until the status says it ended. A job that succeeded is the Task's
//! result; one that failed fails the Task with `States.TaskFailed`, the job as the cause. An
//! answer with no status field is a job that has already ended.

use serde_json::Value;

use super::integration::{MockAnswer, Named};
use super::task::Call;
use super::Run;
use crate::errors::{RuntimeError, TASK_FAILED};
use crate::history::json_text;
use crate::host::uuid;

/// How long the playground waits between two polls of a job, in ms (of the execution's
/// clock: no wait at all on the virtual clock).
pub const POLL_MS: u64 = 5_000;
/// How many times a job is polled before the Task gives up on it.
pub const MAX_POLLS: u32 = 1_000;

/// The fields that hold a job's status, in the services' own spellings (Glue's
/// `JobRunState`, ECS's `LastStatus`, Batch's `Status`, Athena's `Status.State`, CodeBuild's
/// `BuildStatus`, SageMaker's `TrainingJobStatus`…).
const STATUS_FIELDS: [&str; 12] = [
    "JobRunState",
    "LastStatus",
    "Status",
    "State",
    "JobStatus",
    "BuildStatus",
    "TrainingJobStatus",
    "TransformJobStatus",
    "ProcessingJobStatus",
    "ExecutionStatus",
    "status",
    "state",
];

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum JobState {
    /// Still running (or waiting to).
    Running,
    /// Ended well (or no status at all).
    Succeeded,
    /// Ended badly.
    Failed,
}

/// Where the job a mock describes is, from its status field (at the top, in a nested
/// object such as Athena's `QueryExecution.Status`, or in the first element of a list such
/// as ECS's `Tasks`).
pub fn job_state(job: &Value) -> JobState {
    let Some(status) = status_of(job, 0) else {
        return JobState::Succeeded;
    };
    match status.to_ascii_uppercase().as_str() {
        "SUCCEEDED" | "SUCCESS" | "SUCCESSFUL" | "COMPLETED" | "COMPLETE" | "STOPPED"
        | "FINISHED" | "DONE" => JobState::Succeeded,
        "FAILED" | "FAILURE" | "FAULT" | "ERROR" | "TIMEOUT" | "TIMED_OUT" | "CANCELLED"
        | "CANCELED" | "ABORTED" | "TERMINATED" => JobState::Failed,
        _ => JobState::Running,
    }
}

fn status_of(v: &Value, depth: usize) -> Option<&str> {
    let object = v.as_object()?;
    for field in STATUS_FIELDS {
        match object.get(field) {
            Some(Value::String(s)) => return Some(s),
            Some(nested @ Value::Object(_)) if depth < 2 => {
                if let Some(s) = status_of(nested, depth + 1) {
                    return Some(s);
                }
            }
            _ => {}
        }
    }
    if depth >= 2 {
        return None;
    }
    object.values().find_map(|x| match x {
        Value::Array(a) => a.first().and_then(|first| status_of(first, depth + 1)),
        Value::Object(_) => status_of(x, depth + 1),
        _ => None,
    })
}

impl Run<'_> {
    /// Follows the job `job` a `.sync` mock of `resource` started until it ends.
    pub(super) async fn follow_job(
        &self,
        resource: &str,
        named: &Named,
        call: &Call,
        mut job: Value,
    ) -> MockAnswer {
        let started = self.now();
        for _ in 0..MAX_POLLS {
            match job_state(&job) {
                JobState::Succeeded => return MockAnswer::Answered(Ok(job)),
                JobState::Failed => {
                    let e = RuntimeError::new(TASK_FAILED, json_text(&job));
                    return MockAnswer::Answered(Err(e));
                }
                JobState::Running => {}
            }
            let limit = call.timeout_seconds.map(|t| t.saturating_mul(1000));
            let waited = u64::try_from(self.now() - started).unwrap_or(0);
            if let Some(limit) = limit.filter(|&l| waited + POLL_MS > l) {
                self.host.clock.sleep(limit.saturating_sub(waited)).await;
                return MockAnswer::PastTimeout;
            }
            self.host.clock.sleep(POLL_MS).await;
            if let Err(e) = self.check_deadline() {
                return MockAnswer::Answered(Err(e));
            }
            let asked = self
                .ask_mock(resource, named, call, job, uuid(self.host.rng))
                .await;
            job = match asked {
                MockAnswer::Answered(Ok(next)) => next,
                other => return other,
            };
        }
        MockAnswer::Answered(Err(RuntimeError::runtime(format!(
            "The mock of '{}' still describes its job as running after {MAX_POLLS} polls",
            crate::definition::mock_key(resource)
        ))))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn statuses_of_the_services() {
        assert_eq!(
            job_state(&json!({"JobRunState": "RUNNING"})),
            JobState::Running
        );
        assert_eq!(
            job_state(&json!({"JobRunState": "SUCCEEDED"})),
            JobState::Succeeded
        );
        assert_eq!(
            job_state(&json!({"Tasks": [{"LastStatus": "PROVISIONING"}]})),
            JobState::Running
        );
        assert_eq!(
            job_state(&json!({"Tasks": [{"LastStatus": "STOPPED"}]})),
            JobState::Succeeded
        );
        assert_eq!(
            job_state(&json!({"QueryExecution": {"Status": {"State": "QUEUED"}}})),
            JobState::Running
        );
        assert_eq!(
            job_state(&json!({"QueryExecution": {"Status": {"State": "FAILED"}}})),
            JobState::Failed
        );
        assert_eq!(
            job_state(&json!({"Build": {"BuildStatus": "IN_PROGRESS"}})),
            JobState::Running
        );
        assert_eq!(job_state(&json!({"Status": "cancelled"})), JobState::Failed);
        // No status: done at once.
        assert_eq!(job_state(&json!({"JobId": "j-1"})), JobState::Succeeded);
        assert_eq!(job_state(&json!("ok")), JobState::Succeeded);
    }
}
