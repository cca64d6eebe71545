//! Tasks that wait for someone else: a `.waitForTaskToken` task waits for `SendTaskSuccess`,
//! `SendTaskFailure` or `SendTaskHeartbeat` with its token; an activity task waits for a
//! worker to get it (`GetActivityTask`) and answer the same way. The interpreter tells the
//! host's [`Callbacks`] what waits ([`WaitingTask`]) and asks it for the answers, one at a
//! time ([`Reply`]); the host gets them from a person (the page) or a file
//! ([`ScriptedAnswers`], the CLI's `--answers`).

use std::cell::RefCell;
use std::collections::VecDeque;

use serde_json::Value;

use super::LocalBoxFuture;

/// What a waiting task is waiting for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WaitKind {
    /// A `.waitForTaskToken` service task: answered with its task token.
    TaskToken,
    /// An activity task: a worker gets it, then answers.
    Activity,
}

/// A task waiting for an answer.
#[derive(Debug, Clone, PartialEq)]
pub struct WaitingTask {
    /// The task token the answers name (`$$.Task.Token` for a `.waitForTaskToken` task; what
    /// `GetActivityTask` hands a worker for an activity).
    pub token: String,
    /// What it waits for.
    pub kind: WaitKind,
    /// The Task state's name.
    pub state_name: String,
    /// The Task's `Resource`.
    pub resource: String,
    /// What was sent: the request (a `.waitForTaskToken` task's parameters, with the token
    /// in them) or the activity's input.
    pub payload: Value,
    /// `HeartbeatSeconds`: the longest silence between answers.
    pub heartbeat_seconds: Option<u64>,
    /// `TimeoutSeconds`: the longest wait in all.
    pub timeout_seconds: Option<u64>,
}

/// An answer to a waiting task.
#[derive(Debug, Clone, PartialEq)]
pub enum Answer {
    /// `SendTaskSuccess` with this output.
    Success(Value),
    /// `SendTaskFailure` with this error and cause (each may be absent, as in the API).
    Failure {
        /// The error name.
        error: Option<String>,
        /// The cause.
        cause: Option<String>,
    },
    /// `SendTaskHeartbeat`: still working; the heartbeat's clock starts again.
    Heartbeat,
    /// An activity worker got the task (`GetActivityTask`), naming itself or not. Implied by
    /// the first other answer to an activity when it is not given.
    Started {
        /// The worker's name (`ActivityStarted`'s `workerName`).
        worker_name: Option<String>,
    },
    /// No answer will come: time runs on to the task's timeout or heartbeat timeout, or to
    /// the execution's; with none of those the execution is stopped (`ABORTED`), as someone
    /// would stop an execution waiting forever.
    Silence,
}

/// An answer a handler gave to a task token (through the handler runtime's Step Functions
/// client: `require("@aws-sdk/client-sfn")`).
#[derive(Debug, Clone, PartialEq)]
pub struct TokenAnswer {
    /// The token answered.
    pub token: String,
    /// The answer.
    pub answer: Answer,
}

/// An answer and when it arrives.
#[derive(Debug, Clone, PartialEq)]
pub struct Reply {
    /// The answer.
    pub answer: Answer,
    /// With a virtual clock, how much of its time passes before the answer arrives (a
    /// reply later than a timeout does not arrive: the task times out). A real clock ignores
    /// it: the answer arrives when it is given.
    pub after_ms: u64,
}

impl Reply {
    /// `answer`, arriving at once.
    pub fn now(answer: Answer) -> Self {
        Self {
            answer,
            after_ms: 0,
        }
    }
}

/// Answers waiting tasks (the page's panel of waiting tasks, the CLI's `--answers` file).
pub trait Callbacks {
    /// The next answer for `task` (called again after each heartbeat, and after `Started`
    /// for an activity). The first call for a token is when the task starts waiting.
    fn next(&self, task: &WaitingTask) -> LocalBoxFuture<'_, Reply>;

    /// `task` no longer waits (answered, timed out, or its execution stopped).
    fn settled(&self, _task: &WaitingTask) {}
}

/// No one answers: every waiting task gets [`Answer::Silence`].
#[derive(Debug, Default)]
pub struct NoAnswers;

impl Callbacks for NoAnswers {
    fn next(&self, _task: &WaitingTask) -> LocalBoxFuture<'_, Reply> {
        Box::pin(std::future::ready(Reply::now(Answer::Silence)))
    }
}

/// Answers handlers gave, by token, waiting for their tasks to ask (a handler usually answers
/// before its task starts waiting: the Lambda function of a `.waitForTaskToken` task runs
/// first). Shared with the handler host's reader, which may be another thread.
pub type HandlerAnswers =
    std::sync::Arc<std::sync::Mutex<std::collections::HashMap<String, VecDeque<Answer>>>>;

/// Takes the next answer a handler gave for `token`, if any.
pub fn take_handler_answer(answers: &HandlerAnswers, token: &str) -> Option<Answer> {
    let mut map = answers.lock().ok()?;
    let queue = map.get_mut(token)?;
    let answer = queue.pop_front();
    if queue.is_empty() {
        map.remove(token);
    }
    answer
}

/// Keeps the answers a handler gave until their tasks ask.
pub fn keep_handler_answers(answers: &HandlerAnswers, given: Vec<TokenAnswer>) {
    if given.is_empty() {
        return;
    }
    if let Ok(mut map) = answers.lock() {
        for a in given {
            map.entry(a.token).or_default().push_back(a.answer);
        }
    }
}

/// One scripted answer: an [`Answer`], for any waiting task or a named state's.
#[derive(Debug, Clone, PartialEq)]
pub struct Scripted {
    /// Only a task of this state takes it (`None`: the first task that asks).
    pub state: Option<String>,
    /// The answer and when it arrives.
    pub reply: Reply,
}

/// Answers from a list, given in order to the tasks as they ask (the CLI's `--answers`):
/// each task takes the first answer left that names its state or no state. When none is
/// left for a task, it gets [`Answer::Silence`], and [`ScriptedAnswers::unanswered`] names it.
#[derive(Debug, Default)]
pub struct ScriptedAnswers {
    left: RefCell<VecDeque<Scripted>>,
    unanswered: RefCell<Vec<String>>,
}

impl ScriptedAnswers {
    /// These answers, in order.
    pub fn new(answers: Vec<Scripted>) -> Self {
        Self {
            left: RefCell::new(answers.into()),
            unanswered: RefCell::default(),
        }
    }

    /// Reads an answers document: a JSON array of `{"action": "success", "output": …}`,
    /// `{"action": "failure", "error": "…", "cause": "…"}`, `{"action": "heartbeat"}` or
    /// `{"action": "start", "worker": "…"}` (an activity worker gets the task), each with
    /// an optional `"state": "NAME"` and `"afterSeconds": N` (virtual time before it
    /// arrives). Errors name the entry (`/2/action`).
    pub fn parse(document: &Value) -> Result<Self, String> {
        let Value::Array(entries) = document else {
            return Err("expected a JSON array of answers".into());
        };
        let mut answers = Vec::with_capacity(entries.len());
        for (i, entry) in entries.iter().enumerate() {
            let Value::Object(m) = entry else {
                return Err(format!(
                    "/{i}: an answer must be an object with an \"action\""
                ));
            };
            let text = |field: &str| -> Result<Option<String>, String> {
                match m.get(field) {
                    None | Some(Value::Null) => Ok(None),
                    Some(Value::String(s)) => Ok(Some(s.clone())),
                    Some(_) => Err(format!("/{i}/{field}: must be a string")),
                }
            };
            let answer = match text("action")?.as_deref() {
                Some("success") => Answer::Success(m.get("output").cloned().unwrap_or(Value::Null)),
                Some("failure") => Answer::Failure {
                    error: text("error")?,
                    cause: text("cause")?,
                },
                Some("heartbeat") => Answer::Heartbeat,
                Some("start") => Answer::Started {
                    worker_name: text("worker")?,
                },
                Some(other) => {
                    return Err(format!(
                        "/{i}/action: {other:?} is not an answer: use \"success\", \"failure\", \"heartbeat\" or \"start\""
                    ))
                }
                None => return Err(format!("/{i}/action: missing (\"success\", \"failure\", \"heartbeat\" or \"start\")")),
            };
            let after_ms = match m.get("afterSeconds") {
                None | Some(Value::Null) => 0,
                Some(v) => match v.as_f64() {
                    Some(s) if s.is_finite() && s >= 0.0 => (s * 1000.0).round() as u64,
                    _ => {
                        return Err(format!(
                            "/{i}/afterSeconds: must be a number of seconds, 0 or more"
                        ))
                    }
                },
            };
            for key in m.keys() {
                if !matches!(
                    key.as_str(),
                    "action" | "output" | "error" | "cause" | "worker" | "state" | "afterSeconds"
                ) {
                    return Err(format!("/{i}/{key}: unknown field"));
                }
            }
            answers.push(Scripted {
                state: text("state")?,
                reply: Reply { answer, after_ms },
            });
        }
        Ok(Self::new(answers))
    }

    /// The states whose tasks asked when no answer was left for them, in order.
    pub fn unanswered(&self) -> Vec<String> {
        self.unanswered.borrow().clone()
    }

    /// How many answers were never given.
    pub fn left(&self) -> usize {
        self.left.borrow().len()
    }

    /// Whether an answer is left for `task` (by its state, or one for any state).
    pub fn has_answer_for(&self, task: &WaitingTask) -> bool {
        self.left
            .borrow()
            .iter()
            .any(|a| a.state.as_ref().is_none_or(|s| *s == task.state_name))
    }
}

/// Where handlers' answers may still come from while a task waits (the CLI's Node.js
/// processes): a task with no answer yet waits for them while handlers still run.
pub trait PendingAnswers {
    /// Whether invocations are still running or queued (so an answer may yet come); if so,
    /// `waker` is woken when one of them ends (its answers kept by then).
    fn watch(&self, waker: &std::task::Waker) -> bool;
}

/// How many times a waiting task looks again, once no handler runs, before it concludes that
/// no handler will answer (the execution's other branches may be about to call one).
const IDLE_LOOKS: u32 = 16;

/// The CLI's answers: those handlers gave for the task's token first (also later, while
/// handlers still run: `pending`), then the scripted ones.
pub struct HandlerThenScripted<'a> {
    /// What handlers answered.
    pub handlers: HandlerAnswers,
    /// The `--answers` file's.
    pub scripted: &'a ScriptedAnswers,
    /// The running handlers, whose answers a task without one waits for.
    pub pending: Option<&'a dyn PendingAnswers>,
}

impl Callbacks for HandlerThenScripted<'_> {
    fn next(&self, task: &WaitingTask) -> LocalBoxFuture<'_, Reply> {
        if let Some(answer) = take_handler_answer(&self.handlers, &task.token) {
            return Box::pin(std::future::ready(Reply::now(answer)));
        }
        let Some(pending) = self.pending.filter(|_| !self.scripted.has_answer_for(task)) else {
            return self.scripted.next(task);
        };
        // No answer yet and none scripted: one may come from a handler still running (or
        // from one another branch is about to call).
        let (handlers, token, task) = (self.handlers.clone(), task.token.clone(), task.clone());
        let mut idle = 0;
        Box::pin(async move {
            let late = std::future::poll_fn(|cx| {
                if let Some(answer) = take_handler_answer(&handlers, &token) {
                    return std::task::Poll::Ready(Some(answer));
                }
                if pending.watch(cx.waker()) {
                    idle = 0;
                    return std::task::Poll::Pending;
                }
                if idle < IDLE_LOOKS {
                    idle += 1;
                    cx.waker().wake_by_ref();
                    return std::task::Poll::Pending;
                }
                std::task::Poll::Ready(None)
            })
            .await;
            match late {
                Some(answer) => Reply::now(answer),
                None => self.scripted.next(&task).await,
            }
        })
    }
}

impl Callbacks for ScriptedAnswers {
    fn next(&self, task: &WaitingTask) -> LocalBoxFuture<'_, Reply> {
        let mut left = self.left.borrow_mut();
        let found = left
            .iter()
            .position(|a| a.state.as_ref().is_none_or(|s| *s == task.state_name));
        let reply = match found.and_then(|i| left.remove(i)) {
            Some(a) => a.reply,
            None => {
                self.unanswered.borrow_mut().push(task.state_name.clone());
                Reply::now(Answer::Silence)
            }
        };
        Box::pin(std::future::ready(reply))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn task(state: &str) -> WaitingTask {
        WaitingTask {
            token: "t".into(),
            kind: WaitKind::TaskToken,
            state_name: state.into(),
            resource: "arn:aws:states:::sqs:sendMessage.waitForTaskToken".into(),
            payload: json!({}),
            heartbeat_seconds: None,
            timeout_seconds: None,
        }
    }

    #[test]
    fn scripted_answers_go_in_order_and_by_state() {
        let answers = ScriptedAnswers::parse(&json!([
            {"action": "success", "output": {"ok": 1}, "state": "B"},
            {"action": "heartbeat", "afterSeconds": 1.5},
            {"action": "failure", "error": "Rejected"},
        ]))
        .unwrap();
        let next = |s: &str| crate::block_on(answers.next(&task(s)));
        assert_eq!(
            next("A"),
            Reply {
                answer: Answer::Heartbeat,
                after_ms: 1500
            }
        );
        assert_eq!(next("B").answer, Answer::Success(json!({"ok": 1})));
        assert_eq!(
            next("B").answer,
            Answer::Failure {
                error: Some("Rejected".into()),
                cause: None
            }
        );
        assert_eq!(next("C").answer, Answer::Silence);
        assert_eq!(answers.unanswered(), ["C"]);
        assert_eq!(answers.left(), 0);
    }

    #[test]
    fn bad_answer_documents_are_located() {
        for (doc, message) in [
            (json!({}), "expected a JSON array of answers"),
            (json!([1]), "/0: an answer must be an object"),
            (
                json!([{"action": "ok"}]),
                "/0/action: \"ok\" is not an answer",
            ),
            (json!([{}, {}]), "/0/action: missing"),
            (
                json!([{"action": "heartbeat", "afterSeconds": -1}]),
                "/0/afterSeconds",
            ),
            (
                json!([{"action": "failure", "error": 3}]),
                "/0/error: must be a string",
            ),
            (
                json!([{"action": "success", "ouput": 3}]),
                "/0/ouput: unknown field",
            ),
        ] {
            let e = ScriptedAnswers::parse(&doc).unwrap_err();
            assert!(e.starts_with(message), "{doc}: {e}");
        }
    }
}
