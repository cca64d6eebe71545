//! The course panel: the open course's exercises (solved ones marked), the open exercise's
//! instructions, **Check my work** with each check's verdict, **Reset exercise**, and a
//! link to share a solved exercise with the instructor.

use yew::prelude::*;

use crate::bindings::browser;
use crate::course::CheckOutcome;
use crate::hooks::course::CourseHandle;
use crate::state::Workspace;

/// Props of [`CoursePanel`].
#[derive(Properties, PartialEq)]
pub struct CoursePanelProps {
    /// The course.
    pub course: CourseHandle,
    /// The workspace (what a share link of the solution holds).
    pub workspace: Workspace,
    /// An execution is running (switching exercises waits).
    pub running: bool,
}

/// The course panel (nothing when no course is open and no error stands).
#[component]
pub fn CoursePanel(props: &CoursePanelProps) -> Html {
    let share = use_state(|| None::<String>);
    let collapsed = use_state(|| false);
    let c = &props.course;
    let s = &*c.state;
    let error = s.error.as_ref().map(|e| {
        html! {
            <div class="course-error" data-testid="course-error" role="alert">
                <span>{ e.clone() }</span>
                <button type="button" class="btn btn-link" aria-label="Dismiss"
                    onclick={c.on_dismiss.reform(|_: MouseEvent| ())}>{ "×" }</button>
            </div>
        }
    });
    let Some(course) = s.course.clone() else {
        return html! { <>
            if s.loading { <div class="course-loading" data-testid="course-loading">{ "Opening the course…" }</div> }
            { for error }
        </> };
    };
    let index = s.progress.current;
    let Some(current) = course.exercises.get(index) else {
        return html! {};
    };
    let progress = s.progress.of(&current.file);
    let solved = s.progress.solved_count(&course);
    let on_change = {
        let on_select = c.on_select.clone();
        let share = share.clone();
        Callback::from(move |e: Event| {
            if let Ok(i) = browser::select_value(&e).parse::<usize>() {
                share.set(None);
                on_select.emit(i);
            }
        })
    };
    let go = |to: usize| {
        let (on_select, share) = (c.on_select.clone(), share.clone());
        Callback::from(move |_: MouseEvent| {
            share.set(None);
            on_select.emit(to);
        })
    };
    let on_reset = {
        let on_reset = c.on_reset.clone();
        let title = current.title();
        Callback::from(move |_: MouseEvent| {
            let question = format!(
                "Reset \u{201c}{title}\u{201d}? Your work on it is replaced by the starter."
            );
            let sure = web_sys::window()
                .and_then(|w| w.confirm_with_message(&question).ok())
                .unwrap_or(false);
            if sure {
                on_reset.emit(());
            }
        })
    };
    let on_share = {
        let (share, workspace) = (share.clone(), props.workspace.clone());
        Callback::from(move |_: MouseEvent| {
            let link = match asl::share::encode(&workspace.to_shared()) {
                // The course's own address would open the course over the link's workspace.
                Ok(fragment) => format!(
                    "{}#{fragment}",
                    browser::page_url_without_param(crate::hooks::course::COURSE_PARAM)
                ),
                Err(e) => format!("Could not make a link: {e}"),
            };
            browser::copy_text(&link, |_| {});
            share.set(Some(link));
        })
    };
    let body = match &current.exercise {
        Err(e) => html! {
            <div class="course-error" data-testid="exercise-error" role="alert">{ e.clone() }</div>
        },
        Ok(exercise) => html! { <>
            <div class="exercise-head">
                <h3 class="exercise-title" data-testid="exercise-title">{ exercise.title.clone() }</h3>
                if progress.solved {
                    <span class="badge badge-ok" data-testid="exercise-solved">{ "✓ Solved" }</span>
                }
                if progress.attempts > 0 {
                    <span class="muted" data-testid="exercise-attempts">
                        { format!("{} attempt{}", progress.attempts, if progress.attempts == 1 { "" } else { "s" }) }
                    </span>
                }
            </div>
            if !*collapsed {
                <div class="exercise-instructions" data-testid="exercise-instructions">
                    { crate::markdown::render(&exercise.instructions) }
                </div>
            }
            <div class="exercise-actions">
                <button type="button" class="btn btn-primary" data-testid="check-work"
                    disabled={s.checking || props.running} onclick={c.on_check.reform(|_: MouseEvent| ())}
                    title="Run every check of this exercise on your workspace (not while an execution runs)">
                    if s.checking { <span class="spinner" aria-hidden="true"></span> }
                    { "Check my work" }
                </button>
                <button type="button" class="btn btn-small" data-testid="reset-exercise"
                    disabled={props.running} onclick={on_reset}>{ "Reset exercise" }</button>
                if progress.solved {
                    <button type="button" class="btn btn-small" data-testid="share-solution"
                        title="A link to this workspace, for your instructor" onclick={on_share}>{ "Share solution" }</button>
                }
            </div>
            if let Some(link) = (*share).clone() {
                <input class="share-link" data-testid="share-solution-link" readonly=true value={link}
                    aria-label="Link to your solution (copied)" />
            }
            { results(s.outcomes.as_deref(), s.checking) }
        </> },
    };
    html! {
        <section class="course-panel" data-testid="course-panel" aria-label="Course">
            <div class="course-head">
                <strong class="course-title" data-testid="course-title">{ course.title.clone() }</strong>
                <span class="muted" data-testid="course-progress">
                    { format!("{solved} of {} solved", course.exercises.len()) }
                </span>
                <button type="button" class="btn btn-link" data-testid="course-toggle"
                    aria-expanded={(!*collapsed).to_string()}
                    onclick={{ let collapsed = collapsed.clone(); move |_: MouseEvent| collapsed.set(!*collapsed) }}>
                    { if *collapsed { "Show instructions" } else { "Hide instructions" } }
                </button>
                <button type="button" class="btn btn-link" data-testid="course-close"
                    title="Close the course (your progress is kept)"
                    onclick={c.on_close.reform(|_: MouseEvent| ())}>{ "Close" }</button>
            </div>
            { for error }
            <div class="course-nav">
                <button type="button" class="btn btn-small" data-testid="course-prev" aria-label="Previous exercise"
                    disabled={index == 0 || props.running} onclick={go(index.saturating_sub(1))}>{ "← Previous" }</button>
                <select data-testid="course-exercise" aria-label="Exercise" onchange={on_change} disabled={props.running}>
                    { for course.exercises.iter().enumerate().map(|(i, e)| {
                        let mark = if s.progress.of(&e.file).solved { "✓ " } else { "" };
                        html! { <option value={i.to_string()} selected={i == index}>
                            { format!("{mark}{}. {}", i + 1, e.title()) }
                        </option> }
                    }) }
                </select>
                <button type="button" class="btn btn-small" data-testid="course-next" aria-label="Next exercise"
                    disabled={index + 1 >= course.exercises.len() || props.running} onclick={go(index + 1)}>{ "Next →" }</button>
            </div>
            { body }
        </section>
    }
}

/// The verdicts of the last **Check my work**.
fn results(outcomes: Option<&[CheckOutcome]>, checking: bool) -> Html {
    let Some(outcomes) = outcomes else {
        return html! {};
    };
    let passed = outcomes.iter().filter(|o| o.passed).count();
    let summary = if passed == outcomes.len() {
        format!("All {} checks pass: solved!", outcomes.len())
    } else {
        format!("{passed} of {} checks pass", outcomes.len())
    };
    html! {
        <div class={classes!("check-results", checking.then_some("stale"))}>
            <div class={classes!("check-summary", (passed == outcomes.len()).then_some("ok"))}
                data-testid="check-summary" role="status">{ summary }</div>
            <ul>
                { for outcomes.iter().map(|o| html! {
                    <li class={classes!("check-result", if o.passed { "pass" } else { "fail" })} data-testid="check-result"
                        data-passed={o.passed.to_string()} data-hidden={o.hidden.to_string()}>
                        <span class="check-mark" aria-hidden="true">{ if o.passed { "✓" } else { "✗" } }</span>
                        <span class="check-title">{ o.title.clone().unwrap_or_else(|| "A hidden check fails".into()) }</span>
                        if o.hidden && o.passed { <span class="muted">{ " (hidden)" }</span> }
                        if let Some(reason) = &o.reason {
                            <div class="check-reason">
                                { reason.clone() }
                                if let Some(id) = o.event { <span class="muted">{ format!(" (history event {id})") }</span> }
                            </div>
                        }
                    </li>
                }) }
            </ul>
        </div>
    }
}
