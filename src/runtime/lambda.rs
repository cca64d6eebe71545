//! The interpreter's [`TaskRunner`] for the browser: runs a Lambda function's handler in a
//! pooled Worker. The page enforces the function timeout: past it the Worker is terminated and
//! replaced, so `while (true) {}` in a handler never freezes the page.

use std::cell::Cell;
use std::collections::HashMap;

use asl::host::{
    protocol, Invocation, InvocationOutcome, InvocationResult, LocalBoxFuture, LogLine, TaskRunner,
};
use futures::future::{select, Either};
use gloo::timers::future::TimeoutFuture;

use crate::bindings::browser;
use crate::bindings::worker::Reply;
use crate::runtime::pool::WorkerPool;
use crate::state::{Function, InvocationRecord, Role};

/// How long a fresh Worker may take to load before the invocation fails.
const STARTUP_LIMIT_MS: u32 = 15_000;

/// Runs handlers for one execution.
pub struct LambdaRunner {
    pool: WorkerPool,
    functions: HashMap<String, Function>,
    next_id: Cell<u64>,
    on_invocation: Box<dyn Fn(InvocationRecord)>,
    role: Option<RoleCheck>,
}

/// The execution role, to check each invocation against its policy (simulated IAM).
struct RoleCheck {
    account: String,
    name: String,
    /// `None`: the policy does not parse, so it allows nothing.
    policy: Option<asl::iam::Policy>,
    /// The assumed-role session name (one per execution, as Step Functions does).
    session: String,
}

impl LambdaRunner {
    /// A runner over `pool` for these functions; `on_invocation` hears about each finished
    /// invocation (its logs and duration).
    pub fn new(
        pool: WorkerPool,
        functions: impl IntoIterator<Item = Function>,
        on_invocation: impl Fn(InvocationRecord) + 'static,
    ) -> Self {
        Self {
            pool,
            functions: functions.into_iter().map(|f| (f.name.clone(), f)).collect(),
            next_id: Cell::new(1),
            on_invocation: Box::new(on_invocation),
            role: None,
        }
    }

    /// Checks each invocation against `role`'s policy first: a role that may not call
    /// `lambda:InvokeFunction` on the function fails the Task as AWS does (without one, as
    /// when testing a function alone, everything may run).
    pub fn with_role(mut self, account: &str, role: &Role) -> Self {
        self.role = Some(RoleCheck {
            account: account.to_string(),
            name: role.name.clone(),
            policy: asl::iam::Policy::parse(&role.policy).ok(),
            session: asl::iam::session_name(browser::random_u64),
        });
        self
    }

    /// `Lambda.AWSLambdaException` (AccessDeniedException) when the role may not invoke the
    /// function; see [`asl::iam::access_denied_cause`] for the shape and its sources.
    fn denied(&self, invocation: &Invocation) -> Option<InvocationOutcome> {
        let role = self.role.as_ref()?;
        let decision = role
            .policy
            .as_ref()
            .map_or(asl::iam::Decision::ImplicitDeny, |p| {
                p.decide(asl::iam::INVOKE_ACTION, &invocation.invoked_arn)
            });
        if decision == asl::iam::Decision::Allowed {
            return None;
        }
        let principal = asl::iam::assumed_role_arn(&role.account, &role.name, &role.session);
        let request_id = asl::uuid(&browser::Random);
        Some(InvocationOutcome::Rejected {
            error: asl::iam::ACCESS_DENIED_ERROR.into(),
            cause: asl::iam::access_denied_cause(
                &principal,
                &invocation.invoked_arn,
                decision,
                &request_id,
            ),
        })
    }

    async fn run(&self, invocation: Invocation) -> InvocationResult {
        let started_ms = browser::now_ms() as i64;
        let result = self.run_inner(&invocation).await;
        (self.on_invocation)(InvocationRecord {
            request_id: invocation.request_id.clone(),
            function_name: invocation.function_name.clone(),
            payload: invocation.payload.clone(),
            scheduled_event_id: None,
            // As CloudWatch shows them: START, the handler's lines, END, REPORT.
            logs: asl::host::lambda_log::invocation_lines(&invocation, &result, started_ms),
            duration_ms: result.duration_ms,
        });
        result
    }

    async fn run_inner(&self, invocation: &Invocation) -> InvocationResult {
        if let Some(outcome) = self.denied(invocation) {
            return done(outcome, vec![], 0.0);
        }
        let Some(function) = self.functions.get(&invocation.function_name) else {
            return done(InvocationOutcome::FunctionNotFound, vec![], 0.0);
        };
        let timeout_ms = u64::from(function.timeout_s) * 1000;
        let lease = match self.pool.acquire().await {
            Ok(lease) => lease,
            Err(message) => return service_error(message),
        };
        let Some(worker) = lease.worker() else {
            return service_error("no handler runtime".into());
        };
        let ready = match select(
            Box::pin(worker.ready()),
            TimeoutFuture::new(STARTUP_LIMIT_MS),
        )
        .await
        {
            Either::Left((ready, _)) => ready,
            Either::Right(_) => Err("the handler runtime did not start".into()),
        };
        if let Err(message) = ready {
            lease.discard();
            return service_error(message);
        }

        let id = self.next_id.get();
        self.next_id.set(id + 1);
        let version = protocol::function_version(invocation.qualifier.as_deref());
        let stream_id = format!(
            "{:016x}{:016x}",
            browser::random_u64(),
            browser::random_u64()
        );
        let log_stream = format!("{}/[{version}]{stream_id}", browser::utc_date_path());
        let message =
            protocol::invoke_request(id, invocation, &function.code, &log_stream, timeout_ms);
        let started = browser::monotonic_ms();
        let reply = match worker.invoke(id, &message) {
            Ok(rx) => rx,
            Err(message) => {
                lease.discard();
                return service_error(message);
            }
        };
        let limit = u32::try_from(timeout_ms).unwrap_or(u32::MAX);
        match select(reply, TimeoutFuture::new(limit)).await {
            Either::Left((Ok(reply), _)) => match reply {
                Reply::Done(result) => {
                    lease.release();
                    done(result.outcome, result.logs, result.duration_ms)
                }
                Reply::Broken(message) => {
                    lease.discard();
                    let outcome = InvocationOutcome::Failed {
                        error_type: "Runtime.ExitError".into(),
                        error_message: format!(
                            "RequestId: {} Error: {message}",
                            invocation.request_id
                        ),
                        trace: vec![],
                    };
                    done(outcome, vec![], browser::monotonic_ms() - started)
                }
            },
            Either::Left((Err(_), _)) => {
                lease.discard();
                service_error("the handler runtime stopped".into())
            }
            Either::Right(_) => {
                lease.discard();
                let outcome = InvocationOutcome::TimedOut { timeout_ms };
                done(outcome, vec![], timeout_ms as f64)
            }
        }
    }
}

fn done(outcome: InvocationOutcome, logs: Vec<LogLine>, duration_ms: f64) -> InvocationResult {
    InvocationResult {
        metrics: Default::default(),
        outcome,
        logs,
        duration_ms,
    }
}

/// The playground itself failed to run the handler (not the handler's fault).
fn service_error(message: String) -> InvocationResult {
    done(
        InvocationOutcome::Failed {
            error_type: "Lambda.ServiceException".into(),
            error_message: message,
            trace: vec![],
        },
        vec![],
        0.0,
    )
}

impl TaskRunner for LambdaRunner {
    fn invoke(&self, invocation: Invocation) -> LocalBoxFuture<'_, InvocationResult> {
        Box::pin(self.run(invocation))
    }
}
