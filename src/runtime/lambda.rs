//! The interpreter's [`TaskRunner`] for the browser: runs Lambda functions' handlers in the
//! Workers of its own [`Session`] (the invocations asked for together go out in batches). The
//! page enforces the function timeout: past it the Worker is terminated and replaced, so
//! `while (true) {}` in a handler never freezes the page.

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use asl::host::{
    Invocation, InvocationOutcome, InvocationResult, LocalBoxFuture, LogLine, TaskRunner,
};

use crate::bindings::browser;
use crate::bindings::worker::Reply;
use crate::runtime::pool::{Session, WorkerPool};
use crate::state::{Function, InvocationRecord, Role};

/// How many times an invocation is sent to another Worker (after handlers there changed the
/// runtime's built-ins, or one before it timed out) before it fails.
const MAX_RETRIES: usize = 64;

/// A function as the runner sends it: its source and the key naming it in the Workers.
struct Deployed {
    timeout_ms: u64,
    code: Rc<str>,
    key: Rc<str>,
}

/// Runs handlers for one execution.
pub struct LambdaRunner {
    session: Session,
    functions: HashMap<String, Deployed>,
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
    /// The policy's decision for each function ARN asked about so far (a Map asks the same
    /// question for each of its thousands of iterations; the policy cannot change meanwhile).
    decisions: RefCell<HashMap<String, asl::iam::Decision>>,
}

impl LambdaRunner {
    /// A runner for these functions with Workers of its own from `pool` (terminated when
    /// the runner is dropped); `on_invocation` hears about each finished invocation (its logs
    /// and duration).
    pub fn new(
        pool: WorkerPool,
        functions: impl IntoIterator<Item = Function>,
        on_invocation: impl Fn(InvocationRecord) + 'static,
    ) -> Self {
        let functions = functions
            .into_iter()
            .map(|f| {
                // A mock with a fixed answer runs the handler that gives it.
                let code = f.source();
                let key = format!("{}#{:016x}", f.name, fnv1a(code.as_bytes()));
                let deployed = Deployed {
                    timeout_ms: u64::from(f.timeout_s) * 1000,
                    code: code.into(),
                    key: key.into(),
                };
                (f.name, deployed)
            })
            .collect();
        Self {
            session: pool.session(),
            functions,
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
            decisions: RefCell::default(),
        });
        self
    }

    /// `Lambda.AWSLambdaException` (AccessDeniedException) when the role may not invoke the
    /// function; see [`asl::iam::access_denied_cause`] for the shape and its sources.
    fn denied(&self, invocation: &Invocation) -> Option<InvocationOutcome> {
        let role = self.role.as_ref()?;
        let arn = &invocation.invoked_arn;
        // A service's mock or an activity's worker: the role's other permissions are not
        // simulated (only lambda:InvokeFunction is).
        if crate::state::is_resource_name(&invocation.function_name) {
            return None;
        }
        let known = role.decisions.borrow().get(arn).copied();
        let decision = known.unwrap_or_else(|| {
            let decision = role
                .policy
                .as_ref()
                .map_or(asl::iam::Decision::ImplicitDeny, |p| {
                    p.decide(asl::iam::INVOKE_ACTION, arn)
                });
            role.decisions.borrow_mut().insert(arn.clone(), decision);
            decision
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
        let invocation = Rc::new(invocation);
        let result = self.run_inner(&invocation).await;
        // The Workers hold no copy any more: the record takes the invocation as is.
        let invocation = Rc::try_unwrap(invocation).unwrap_or_else(|rc| (*rc).clone());
        // As CloudWatch shows them: START, the handler's lines, END, REPORT.
        let logs = asl::host::lambda_log::invocation_lines(&invocation, &result, started_ms);
        (self.on_invocation)(InvocationRecord {
            request_id: invocation.request_id,
            function_name: invocation.function_name,
            payload: invocation.payload,
            scheduled_event_id: None,
            logs,
            duration_ms: result.duration_ms,
        });
        result
    }

    async fn run_inner(&self, invocation: &Rc<Invocation>) -> InvocationResult {
        if let Some(outcome) = self.denied(invocation) {
            return done(outcome, vec![], 0.0);
        }
        let Some(function) = self.functions.get(&invocation.function_name) else {
            return done(InvocationOutcome::FunctionNotFound, vec![], 0.0);
        };
        let started = browser::monotonic_ms();
        for _ in 0..MAX_RETRIES {
            let reply = self.session.submit(
                invocation.clone(),
                function.code.clone(),
                function.key.clone(),
                function.timeout_ms,
            );
            match reply.await {
                Ok(Reply::Done(result)) => return result,
                Ok(Reply::Retry) => continue,
                Ok(Reply::TimedOut) => {
                    let timeout_ms = function.timeout_ms;
                    let outcome = InvocationOutcome::TimedOut { timeout_ms };
                    return done(outcome, vec![], timeout_ms as f64);
                }
                Ok(Reply::Broken(message)) => {
                    let outcome = InvocationOutcome::Failed {
                        error_type: "Runtime.ExitError".into(),
                        error_message: format!(
                            "RequestId: {} Error: {message}",
                            invocation.request_id
                        ),
                        trace: vec![],
                    };
                    return done(outcome, vec![], browser::monotonic_ms() - started);
                }
                Err(_) => return service_error("the handler runtime stopped".into()),
            }
        }
        service_error("the handler runtime kept asking to run the invocation elsewhere".into())
    }
}

/// A 64-bit FNV-1a hash (names a function's source in the Workers).
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
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
