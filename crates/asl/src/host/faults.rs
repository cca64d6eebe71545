//! Fault injection, for teaching Retry: a [`TaskRunner`] wrapper ([`FaultyRunner`]) that makes
//! chosen invocations of a function fail as Lambda's own service errors do, before the handler
//! runs (or as if it ran out its timeout), so that a state machine's `Retry` and `Catch` can be
//! watched at work.
//!
//! Per function ([`FunctionFaults`]): the next N invocations of the execution fail, or each
//! one fails with a chosen probability (drawn from the host's [`Rng`], so a seeded run is
//! reproducible). The JSON shape is the same in the CLI's `--faults` file, the page's
//! workspace and share links: `{"error": "Lambda.ServiceException", "next": 2}` or
//! `{"error": "Lambda.TooManyRequestsException", "rate": 0.5}`.
//!
//! What each fault looks like (a `LambdaFunctionFailed`, or `TaskFailed` for
//! `arn:aws:states:::lambda:invoke`, with this error and cause):
//!
//! - `Lambda.ServiceException`: `ServiceException (Service: AWSLambda; Status Code: 500; Error
//!   Code: ServiceException; Request ID: …; Proxy: null)` (the cause Step Functions recorded,
//!   quoted in HumanCellAtlas/data-store#1632; `Proxy: null` as the AWS SDK for Java appends it
//!   today, as in the `Lambda.ResourceNotFoundException` cause this interpreter reports);
//! - `Lambda.TooManyRequestsException`: `Rate Exceeded. (Service: AWSLambda; Status Code: 429;
//!   Error Code: TooManyRequestsException; Request ID: …; Proxy: null)` (recorded in
//!   HumanCellAtlas/data-store#1118 and aws-samples/amazon-textract-idp-cdk-constructs#94);
//! - `Lambda.SdkClientException`: `Unable to execute HTTP request: The target server failed to
//!   respond` (the AWS SDK for Java's client-side message, e.g. aws/aws-sdk-java#1790: no
//!   HTTP response, so no status code or request id);
//! - `Sandbox.Timedout` (a timeout): the function ran out its own timeout, as
//!   [`InvocationOutcome::TimedOut`]; its duration is the timeout, so a Task whose
//!   `TimeoutSeconds` is shorter times out first (`States.Timeout`), as on AWS. The handler
//!   does not run: the cheapest faithful stand-in for a handler that never finishes.
//!
//! The Step Functions Developer Guide ("Handle Lambda service exceptions") names these
//! errors and recommends retrying `Lambda.ServiceException`, `Lambda.AWSLambdaException`,
//! `Lambda.SdkClientException` (and `Lambda.ClientExecutionTimeoutException`).

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::fmt;

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{
    uuid, Clock, Invocation, InvocationOutcome, InvocationResult, LocalBoxFuture, Rng, TaskRunner,
};

/// Lambda's default function timeout, in milliseconds.
const DEFAULT_TIMEOUT_MS: u64 = 3000;

/// Which failure an injected fault produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum FaultKind {
    /// `Lambda.ServiceException` (HTTP 500).
    #[serde(rename = "Lambda.ServiceException")]
    ServiceException,
    /// `Lambda.TooManyRequestsException` (HTTP 429, throttled).
    #[serde(rename = "Lambda.TooManyRequestsException")]
    TooManyRequests,
    /// `Lambda.SdkClientException` (no response reached the client).
    #[serde(rename = "Lambda.SdkClientException")]
    SdkClientException,
    /// The function ran out its timeout (`Sandbox.Timedout`).
    #[serde(rename = "Sandbox.Timedout", alias = "timeout", alias = "Timeout")]
    Timeout,
}

impl FaultKind {
    /// Every kind, in the order the page offers them.
    pub const ALL: [FaultKind; 4] = [
        FaultKind::ServiceException,
        FaultKind::TooManyRequests,
        FaultKind::SdkClientException,
        FaultKind::Timeout,
    ];

    /// The error name the history shows (and the JSON spelling).
    pub fn error(self) -> &'static str {
        match self {
            FaultKind::ServiceException => "Lambda.ServiceException",
            FaultKind::TooManyRequests => "Lambda.TooManyRequestsException",
            FaultKind::SdkClientException => "Lambda.SdkClientException",
            FaultKind::Timeout => "Sandbox.Timedout",
        }
    }

    /// The kind named `name` (an error name, or `timeout`).
    pub fn parse(name: &str) -> Option<FaultKind> {
        match name {
            "timeout" | "Timeout" => Some(FaultKind::Timeout),
            _ => FaultKind::ALL.into_iter().find(|k| k.error() == name),
        }
    }

    /// The cause Lambda's client reports for this kind (`request_id`: Lambda's).
    pub fn cause(self, request_id: &str) -> String {
        let service = |message: &str, status: u16, code: &str| {
            format!("{message} (Service: AWSLambda; Status Code: {status}; Error Code: {code}; Request ID: {request_id}; Proxy: null)")
        };
        match self {
            FaultKind::ServiceException => service("ServiceException", 500, "ServiceException"),
            FaultKind::TooManyRequests => {
                service("Rate Exceeded.", 429, "TooManyRequestsException")
            }
            FaultKind::SdkClientException => {
                "Unable to execute HTTP request: The target server failed to respond".into()
            }
            FaultKind::Timeout => String::new(),
        }
    }
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.error())
    }
}

/// The faults injected into one function's invocations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FunctionFaults {
    /// The failure.
    pub error: FaultKind,
    /// Fail the next this many invocations (of each execution).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next: Option<u32>,
    /// Fail each invocation with this probability (0 to 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rate: Option<f64>,
}

impl FunctionFaults {
    /// The next `n` invocations fail with `error`.
    pub fn next(error: FaultKind, n: u32) -> Self {
        Self {
            error,
            next: Some(n),
            rate: None,
        }
    }

    /// Each invocation fails with `error` with probability `rate`.
    pub fn rate(error: FaultKind, rate: f64) -> Self {
        Self {
            error,
            next: None,
            rate: Some(rate),
        }
    }

    /// Whether this injects anything at all (`next: 0` and `rate: 0` do not).
    pub fn is_active(&self) -> bool {
        self.next.is_some_and(|n| n > 0) || self.rate.is_some_and(|r| r > 0.0)
    }

    /// Checks the settings: exactly one of `next` and `rate`; a rate from 0 to 1.
    pub fn check(&self) -> Result<(), String> {
        match (self.next, self.rate) {
            (Some(_), Some(_)) => Err("give either \"next\" or \"rate\", not both".into()),
            (None, None) => Err("give \"next\" (a count) or \"rate\" (0 to 1)".into()),
            (None, Some(r)) if !(0.0..=1.0).contains(&r) => {
                Err(format!("\"rate\" must be from 0 to 1 (got {r})"))
            }
            _ => Ok(()),
        }
    }
}

/// The faults of every function, by function name.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FaultPlan {
    /// Function name → its faults.
    pub functions: BTreeMap<String, FunctionFaults>,
}

impl FaultPlan {
    /// Reads a plan from its JSON text (the CLI's `--faults` file): an object of function
    /// names. Errors name the line and column (bad JSON) or the function and field.
    pub fn from_json_text(text: &str) -> Result<Self, String> {
        let value: Value = crate::json::from_str(text).map_err(|e| e.to_string())?;
        Self::from_json(&value)
    }

    /// Reads a plan from JSON: `{"<function>": {"error": "…", "next": N | "rate": R}}`.
    pub fn from_json(value: &Value) -> Result<Self, String> {
        let Value::Object(map) = value else {
            return Err(
                "expected an object of function names, like {\"HelloFunction\": {\"error\": \"Lambda.ServiceException\", \"next\": 2}}"
                    .into(),
            );
        };
        let mut functions = BTreeMap::new();
        for (name, spec) in map {
            let at = |m: String| format!("\"{name}\": {m}");
            let Value::Object(fields) = spec else {
                return Err(at(
                    "expected an object with \"error\" and \"next\" or \"rate\"".into(),
                ));
            };
            if let Some(k) = fields
                .keys()
                .find(|k| !["error", "next", "rate"].contains(&k.as_str()))
            {
                return Err(at(format!(
                    "unknown field \"{k}\" (expected \"error\", \"next\" or \"rate\")"
                )));
            }
            let kinds = || {
                FaultKind::ALL
                    .iter()
                    .map(|k| k.error())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            let error = match fields.get("error") {
                Some(Value::String(s)) => FaultKind::parse(s).ok_or_else(|| {
                    at(format!(
                        "unknown error \"{s}\" (expected one of {}, or timeout)",
                        kinds()
                    ))
                })?,
                _ => {
                    return Err(at(format!(
                        "\"error\" must be one of {}, or timeout",
                        kinds()
                    )))
                }
            };
            let next =
                match fields.get("next") {
                    None => None,
                    Some(v) => Some(v.as_u64().and_then(|n| u32::try_from(n).ok()).ok_or_else(
                        || at(format!("\"next\" must be a whole number ≥ 0 (got {v})")),
                    )?),
                };
            let rate = match fields.get("rate") {
                None => None,
                Some(v) => Some(v.as_f64().ok_or_else(|| {
                    at(format!("\"rate\" must be a number from 0 to 1 (got {v})"))
                })?),
            };
            let faults = FunctionFaults { error, next, rate };
            faults.check().map_err(at)?;
            functions.insert(name.clone(), faults);
        }
        Ok(Self { functions })
    }

    /// Whether no function has an active fault.
    pub fn is_empty(&self) -> bool {
        !self.functions.values().any(FunctionFaults::is_active)
    }
}

/// A [`TaskRunner`] that injects the faults of a [`FaultPlan`] and passes every other
/// invocation to the runner it wraps. Make one per execution: "the next N" counts from its
/// start. The decision is made when the invocation is asked for (in call order, which is
/// history order for the engine's concurrent Map iterations).
pub struct FaultyRunner<'a> {
    inner: &'a dyn TaskRunner,
    plan: FaultPlan,
    rng: &'a dyn Rng,
    clock: &'a dyn Clock,
    timeouts_ms: HashMap<String, u64>,
    left: RefCell<HashMap<String, u32>>,
}

impl<'a> FaultyRunner<'a> {
    /// Wraps `inner`; `rng` draws the rate faults, `clock` lets a timeout take real time when
    /// the execution runs in real time.
    pub fn new(
        inner: &'a dyn TaskRunner,
        plan: FaultPlan,
        rng: &'a dyn Rng,
        clock: &'a dyn Clock,
    ) -> Self {
        let left = plan
            .functions
            .iter()
            .filter_map(|(name, f)| Some((name.clone(), f.next?)))
            .collect();
        Self {
            inner,
            plan,
            rng,
            clock,
            timeouts_ms: HashMap::new(),
            left: RefCell::new(left),
        }
    }

    /// The functions' timeouts, in milliseconds (what a timeout fault lasts; 3 s if absent).
    pub fn with_timeouts(mut self, timeouts_ms: impl IntoIterator<Item = (String, u64)>) -> Self {
        self.timeouts_ms = timeouts_ms.into_iter().collect();
        self
    }

    /// The fault for this invocation of `function`, if it gets one (and counts it).
    fn decide(&self, function: &str) -> Option<FaultKind> {
        let faults = self.plan.functions.get(function)?;
        if let Some(left) = self.left.borrow_mut().get_mut(function) {
            if *left > 0 {
                *left -= 1;
                return Some(faults.error);
            }
            return None;
        }
        let rate = faults.rate.filter(|r| *r > 0.0)?;
        // 53 random bits: a uniform number in [0, 1).
        let draw = (self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        (draw < rate).then_some(faults.error)
    }
}

impl TaskRunner for FaultyRunner<'_> {
    fn invoke(&self, invocation: Invocation) -> LocalBoxFuture<'_, InvocationResult> {
        let Some(kind) = self.decide(&invocation.function_name) else {
            return self.inner.invoke(invocation);
        };
        if kind == FaultKind::Timeout {
            let timeout_ms = self
                .timeouts_ms
                .get(&invocation.function_name)
                .copied()
                .unwrap_or(DEFAULT_TIMEOUT_MS);
            return Box::pin(async move {
                if self.clock.is_real_time() {
                    self.clock.sleep(timeout_ms).await;
                }
                InvocationResult {
                    metrics: Default::default(),
                    outcome: InvocationOutcome::TimedOut { timeout_ms },
                    logs: vec![],
                    duration_ms: timeout_ms as f64,
                }
            });
        }
        let cause = kind.cause(&uuid(self.rng));
        Box::pin(std::future::ready(InvocationResult {
            metrics: Default::default(),
            outcome: InvocationOutcome::Rejected {
                error: kind.error().into(),
                cause,
            },
            logs: vec![],
            duration_ms: 0.0,
        }))
    }
}
