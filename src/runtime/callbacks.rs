//! The page answers the tasks that wait: each `.waitForTaskToken` task or activity that starts
//! waiting is shown in the run's waiting tasks ([`Action::TaskWaiting`]), and the user's
//! SendTaskSuccess / SendTaskFailure / SendTaskHeartbeat (or an activity worker's
//! GetActivityTask) goes back to the interpreter through [`Answers::answer`]. A handler may
//! answer too (`require("@aws-sdk/client-sfn")` in the handler runtime): its answers come
//! with its invocation's result ([`from_handlers`]).

use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

use asl::host::callback::{
    keep_handler_answers, take_handler_answer, Answer, Callbacks, HandlerAnswers, Reply,
    TokenAnswer, WaitingTask,
};
use asl::host::LocalBoxFuture;
use futures::channel::oneshot;
use yew::Callback;

use crate::state::Action;

thread_local! {
    /// The running execution's answers (handlers' answers go there).
    static LIVE: RefCell<Option<Answers>> = const { RefCell::new(None) };
    /// Handlers' answers that came before their task waited.
    static EARLY: HandlerAnswers = HandlerAnswers::default();
}

/// Gives the answers a handler sent to the tasks waiting for them, or keeps them until the
/// tasks ask (the handler of a `.waitForTaskToken` task runs before its task waits).
pub fn from_handlers(given: Vec<TokenAnswer>) {
    for a in given {
        let delivered = LIVE.with(|live| {
            live.borrow()
                .as_ref()
                .is_some_and(|answers| answers.answer(&a.token, a.answer.clone()))
        });
        if !delivered {
            EARLY.with(|early| keep_handler_answers(early, vec![a]));
        }
    }
}

/// The answers the page owes: a channel per waiting task's token.
#[derive(Clone, Default)]
pub struct Answers {
    pending: Rc<RefCell<HashMap<String, oneshot::Sender<Reply>>>>,
}

impl Answers {
    /// Makes these the running execution's answers (handlers' answers come here); answers
    /// kept for tokens of earlier runs are dropped (a token belongs to one run).
    pub fn make_live(&self) {
        LIVE.with(|live| *live.borrow_mut() = Some(self.clone()));
        EARLY.with(|early| {
            if let Ok(mut map) = early.lock() {
                map.clear();
            }
        });
    }

    /// The run ended: these answers are no longer the running execution's (unless another
    /// run made its own live since).
    pub fn retire(&self) {
        LIVE.with(|live| {
            let mut live = live.borrow_mut();
            if live
                .as_ref()
                .is_some_and(|a| Rc::ptr_eq(&a.pending, &self.pending))
            {
                *live = None;
            }
        });
    }

    /// Gives `answer` to the task waiting with `token`; `false` when no task waits with it
    /// (it was answered, or timed out, meanwhile).
    pub fn answer(&self, token: &str, answer: Answer) -> bool {
        let sender = self.pending.borrow_mut().remove(token);
        sender.is_some_and(|s| s.send(Reply::now(answer)).is_ok())
    }
}

/// The [`Callbacks`] of one run in the page.
pub struct PageCallbacks {
    /// The run (its id in the page).
    pub run_id: u64,
    /// Where the waiting tasks are reported.
    pub dispatch: Callback<Action>,
    /// Where the answers come from.
    pub answers: Answers,
}

impl Callbacks for PageCallbacks {
    fn next(&self, task: &WaitingTask) -> LocalBoxFuture<'_, Reply> {
        if let Some(answer) = EARLY.with(|early| take_handler_answer(early, &task.token)) {
            return Box::pin(std::future::ready(Reply::now(answer)));
        }
        let (sender, receiver) = oneshot::channel();
        self.answers
            .pending
            .borrow_mut()
            .insert(task.token.clone(), sender);
        self.dispatch.emit(Action::TaskWaiting {
            id: self.run_id,
            task: task.clone(),
        });
        // A dropped sender (the run stopped) means no answer will come.
        Box::pin(async move { receiver.await.unwrap_or(Reply::now(Answer::Silence)) })
    }

    fn settled(&self, task: &WaitingTask) {
        self.answers.pending.borrow_mut().remove(&task.token);
        self.dispatch.emit(Action::TaskSettled {
            id: self.run_id,
            token: task.token.clone(),
        });
    }
}

/// The [`Callbacks`] of a check's run (Check my work): nobody answers in the page, so a task
/// gets only what a handler answered (through the SDK) and otherwise lets its time run out.
pub struct HandlerAnswersOnly;

impl Callbacks for HandlerAnswersOnly {
    fn next(&self, task: &WaitingTask) -> LocalBoxFuture<'_, Reply> {
        let answer = EARLY
            .with(|early| take_handler_answer(early, &task.token))
            .unwrap_or(Answer::Silence);
        Box::pin(std::future::ready(Reply::now(answer)))
    }
}
