//! The tasks of the running execution that wait for an answer: a `.waitForTaskToken` task
//! with its token and the request it sent, an activity with its input. Each can be answered
//! as the Step Functions API would: Send task success (output JSON), Send task failure (error,
//! cause), Send heartbeat; an activity is first given to a worker (Get activity task). On the
//! virtual clock, Let it time out lets the task's time run out (its TimeoutSeconds or
//! HeartbeatSeconds; with neither, the execution is stopped).

use asl::host::callback::{Answer, WaitKind};
use yew::prelude::*;

use crate::bindings::browser;
use crate::components::text_setter;
use crate::state::Waiting;
use crate::views::{not_json, pretty};

/// Props of [`WaitingTasks`].
#[derive(Properties, PartialEq)]
pub struct WaitingTasksProps {
    /// The waiting tasks, in the order they started waiting.
    pub waiting: Vec<Waiting>,
    /// Whether the execution runs on the real clock (then time runs out by itself).
    pub real_time: bool,
    /// Answers a task (by token).
    pub on_answer: Callback<(String, Answer)>,
}

/// The waiting tasks (`data-testid="waiting-tasks"`), one `waiting-task` each.
#[component]
pub fn WaitingTasks(props: &WaitingTasksProps) -> Html {
    if props.waiting.is_empty() {
        return html! {};
    }
    html! {
        <section class="waiting-tasks" data-testid="waiting-tasks" aria-label="Tasks waiting for an answer">
            <h3>{ format!("Waiting for an answer ({})", props.waiting.len()) }</h3>
            { for props.waiting.iter().map(|w| html! {
                <WaitingTaskCard key={w.task.token.clone()} waiting={w.clone()}
                    real_time={props.real_time} on_answer={props.on_answer.clone()} />
            }) }
        </section>
    }
}

#[derive(Properties, PartialEq)]
struct CardProps {
    waiting: Waiting,
    real_time: bool,
    on_answer: Callback<(String, Answer)>,
}

#[component]
fn WaitingTaskCard(props: &CardProps) -> Html {
    let output = use_state(|| "{}".to_string());
    let error = use_state(String::new);
    let cause = use_state(String::new);
    let problem = use_state(|| None::<String>);
    let task = &props.waiting.task;
    let token = task.token.clone();
    let activity = task.kind == WaitKind::Activity;
    let needs_worker = activity && !props.waiting.started;
    let answer = {
        let (on_answer, token) = (props.on_answer.clone(), token.clone());
        move |a: Answer| on_answer.emit((token.clone(), a))
    };
    let send_success = {
        let (output, problem, answer) = (output.clone(), problem.clone(), answer.clone());
        Callback::from(move |_: MouseEvent| match asl::parse_json(&output) {
            Ok(value) => {
                problem.set(None);
                answer(Answer::Success(value));
            }
            Err(d) => problem.set(Some(not_json("The output", &d))),
        })
    };
    let send_failure = {
        let (error, cause, answer) = (error.clone(), cause.clone(), answer.clone());
        let some = |s: &str| (!s.is_empty()).then(|| s.to_string());
        Callback::from(move |_: MouseEvent| {
            answer(Answer::Failure {
                error: some(&error),
                cause: some(&cause),
            })
        })
    };
    let send_heartbeat = {
        let answer = answer.clone();
        Callback::from(move |_: MouseEvent| answer(Answer::Heartbeat))
    };
    let time_out = {
        let answer = answer.clone();
        Callback::from(move |_: MouseEvent| answer(Answer::Silence))
    };
    let get_task = {
        let answer = answer.clone();
        Callback::from(move |_: MouseEvent| {
            answer(Answer::Started {
                worker_name: Some("playground".into()),
            })
        })
    };
    let copy_token = {
        let token = token.clone();
        Callback::from(move |_: MouseEvent| browser::copy_to_clipboard(&token))
    };
    let limits = [
        task.heartbeat_seconds.map(|s| format!("heartbeat {s} s")),
        task.timeout_seconds.map(|s| format!("timeout {s} s")),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" · ");
    let kind = if activity { "activity" } else { "task token" };
    html! {
        <div class="waiting-task" data-testid="waiting-task" data-state={task.state_name.clone()}
            data-kind={if activity { "activity" } else { "token" }}>
            <div class="waiting-head">
                <strong>{ task.state_name.clone() }</strong>
                <span class="waiting-kind">{ kind }</span>
                <code class="waiting-resource" title={task.resource.clone()}>{ task.resource.clone() }</code>
                if !limits.is_empty() {
                    <span class="waiting-limits">{ limits }</span>
                }
            </div>
            if !activity {
                <div class="waiting-token">
                    <span>{ "Token " }</span>
                    <code data-testid="task-token">{ token.clone() }</code>
                    <button type="button" class="btn btn-link" onclick={copy_token} title="Copy the task token">{ "Copy" }</button>
                </div>
            }
            <details class="waiting-payload">
                <summary>{ if activity { "Input" } else { "Request sent" } }</summary>
                <pre>{ pretty(&task.payload) }</pre>
            </details>
            if needs_worker {
                <div class="waiting-actions">
                    <button type="button" class="btn btn-small" data-testid="get-activity-task" onclick={get_task}
                        title="Give the activity to a worker (GetActivityTask)">{ "Get activity task" }</button>
                    if !props.real_time {
                        <button type="button" class="btn btn-small" data-testid="let-time-out" onclick={time_out.clone()}
                            title="Let the task's time run out">{ "Let it time out" }</button>
                    }
                </div>
            } else {
                <label class="waiting-field">{ "Output (JSON)" }
                    <textarea data-testid="answer-output" rows="3" value={(*output).clone()}
                        oninput={text_setter(&output)} spellcheck="false" />
                </label>
                if let Some(p) = &*problem {
                    <p class="notice notice-error" data-testid="answer-problem">{ p.clone() }</p>
                }
                <div class="waiting-actions">
                    <button type="button" class="btn btn-small btn-primary" data-testid="send-success" onclick={send_success}
                        title="SendTaskSuccess with this output">{ "Send task success" }</button>
                    <button type="button" class="btn btn-small" data-testid="send-heartbeat" onclick={send_heartbeat}
                        title="SendTaskHeartbeat: the heartbeat's time starts again">{ "Send heartbeat" }</button>
                    if !props.real_time {
                        <button type="button" class="btn btn-small" data-testid="let-time-out" onclick={time_out}
                            title="Let the task's time run out (its TimeoutSeconds or HeartbeatSeconds; with neither, the execution is stopped)">{ "Let it time out" }</button>
                    }
                </div>
                <div class="waiting-failure">
                    <input data-testid="failure-error" placeholder="Error" value={(*error).clone()} oninput={text_setter(&error)} />
                    <input data-testid="failure-cause" placeholder="Cause" value={(*cause).clone()} oninput={text_setter(&cause)} />
                    <button type="button" class="btn btn-small" data-testid="send-failure" onclick={send_failure}
                        title="SendTaskFailure with this error and cause">{ "Send task failure" }</button>
                </div>
            }
        </div>
    }
}
