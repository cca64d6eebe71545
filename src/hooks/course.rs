//! [`use_course`]: the open course — loading it (from a URL relative to the site, `?course=`,
//! or from files the attendee picked), opening its exercises in the workspace, keeping the
//! attendee's progress and work in the browser, and **Check my work**.

use std::rc::Rc;

use asl::exercise::{judge_parsed_definition, judge_run, CheckKind, Outcome, Verdict};
use gloo::timers::callback::Timeout;
use yew::prelude::*;

use crate::bindings::browser;
use crate::bindings::storage::{self, CourseSource};
use crate::course::{exercise_workspace, outcomes, CheckOutcome, LoadedCourse, Progress};
use crate::hooks::autosave::AUTOSAVE_MS;
use crate::hooks::runner::Runner;
use crate::state::{Action, AppState};

/// The query parameter that opens a course (`?course=courses/intro/course.json`).
pub const COURSE_PARAM: &str = "course";

/// The open course as the page shows it.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct CourseState {
    /// The course (none open: `None`).
    pub course: Option<Rc<LoadedCourse>>,
    /// Where it came from.
    pub source: Option<CourseSource>,
    /// The attendee's progress in it.
    pub progress: Progress,
    /// A course is being fetched.
    pub loading: bool,
    /// Why the last course could not be opened.
    pub error: Option<String>,
    /// The checks are running.
    pub checking: bool,
    /// The last verdicts on the open exercise.
    pub outcomes: Option<Vec<CheckOutcome>>,
}

impl CourseState {
    /// The open exercise's file, if the course has one at its current index.
    pub fn current_file(&self) -> Option<&str> {
        let course = self.course.as_ref()?;
        course
            .exercises
            .get(self.progress.current)
            .map(|e| e.file.as_str())
    }
}

/// What changes the course state.
pub enum CourseAction {
    /// Fetching a course.
    Loading,
    /// A course was read (its progress loaded).
    Loaded(Rc<LoadedCourse>, CourseSource, Progress),
    /// A course could not be opened.
    Failed(String),
    /// Exercise `index` is open; the work on the one left is kept.
    Select(usize, asl::share::SharedWorkspace),
    /// Check my work started.
    Checking,
    /// The checks' verdicts on the open exercise.
    Checked(Vec<CheckOutcome>, bool),
    /// The open exercise was reset to its starter.
    Reset,
    /// The course was closed.
    Close,
    /// Hide the error.
    DismissError,
}

impl Reducible for CourseState {
    type Action = CourseAction;

    fn reduce(self: Rc<Self>, action: CourseAction) -> Rc<Self> {
        let mut s = Rc::unwrap_or_clone(self);
        match action {
            CourseAction::Loading => {
                s.loading = true;
                s.error = None;
            }
            CourseAction::Loaded(course, source, progress) => {
                s = CourseState {
                    course: Some(course),
                    source: Some(source),
                    progress,
                    ..CourseState::default()
                };
            }
            CourseAction::Failed(e) => {
                s.loading = false;
                s.error = Some(e);
            }
            CourseAction::Select(index, left_work) => {
                if let Some(file) = s.current_file().map(str::to_string) {
                    s.progress.keep_work(&file, left_work);
                }
                s.progress.current = index;
                s.outcomes = None;
                s.checking = false;
            }
            CourseAction::Checking => s.checking = true,
            CourseAction::Checked(outcomes, all_passed) => {
                if let Some(file) = s.current_file().map(str::to_string) {
                    s.progress.record_check(&file, all_passed);
                }
                s.checking = false;
                s.outcomes = Some(outcomes);
            }
            CourseAction::Reset => {
                if let Some(file) = s.current_file().map(str::to_string) {
                    s.progress.forget_work(&file);
                }
                s.outcomes = None;
            }
            CourseAction::Close => s = CourseState::default(),
            CourseAction::DismissError => s.error = None,
        }
        if let Some(course) = &s.course {
            storage::save_course_progress(&course.key, &s.progress);
        }
        Rc::new(s)
    }
}

/// The course and what the page can do with it.
#[derive(Clone, PartialEq)]
pub struct CourseHandle {
    /// The state.
    pub state: Rc<CourseState>,
    /// Open the course at this URL (relative to the site).
    pub on_open_url: Callback<String>,
    /// Open a course from picked files (a course file and its exercises, or exercises alone;
    /// or why they could not be read).
    pub on_open_files: Callback<Result<Vec<(String, String)>, String>>,
    /// Open exercise `index`.
    pub on_select: Callback<usize>,
    /// Check my work.
    pub on_check: Callback<()>,
    /// Reset the open exercise to its starter.
    pub on_reset: Callback<()>,
    /// Close the course (the workspace stays as it is).
    pub on_close: Callback<()>,
    /// Hide the error.
    pub on_dismiss: Callback<()>,
}

/// The open course: reopened after a reload (`?course=` first, else the one open before),
/// its exercises opened in the workspace, progress and work kept as the attendee goes.
#[hook]
pub fn use_course(
    state: &UseReducerHandle<AppState>,
    dispatch: &Callback<Action>,
    runner: &Runner,
) -> CourseHandle {
    let course = use_reducer(CourseState::default);
    // The latest app state, for callbacks made once.
    let latest = use_mut_ref(|| state.clone());
    *latest.borrow_mut() = state.clone();

    // Opens exercise `index` of `course` in the workspace (the attendee's work on it, else
    // the starter); `notice`: the work it replaces stays restorable, saying so.
    let open_exercise = {
        let (dispatch, latest) = (dispatch.clone(), latest.clone());
        Rc::new(
            move |course: &LoadedCourse,
                  progress: &Progress,
                  index: usize,
                  notice: Option<String>| {
                let Some(Ok(exercise)) = course.exercises.get(index).map(|e| &e.exercise) else {
                    return;
                };
                let app = latest.borrow();
                let w = &app.workspace;
                let file = &course.exercises[index].file;
                let workspace =
                    exercise_workspace(exercise, &progress.of(file), (&w.account, &w.region));
                dispatch.emit(Action::LoadExercise { workspace, notice });
            },
        )
    };

    // A course read: its progress loaded, its current exercise opened — unless the same
    // course was open before this reload: the autosaved workspace is the attendee's work on
    // it (or a share link's workspace, which stays).
    let loaded = {
        let (course_handle, open_exercise) = (course.clone(), open_exercise.clone());
        Rc::new(move |loaded: LoadedCourse, source: CourseSource| {
            let mut progress = storage::load_course_progress(&loaded.key);
            progress.current = progress
                .current
                .min(loaded.exercises.len().saturating_sub(1));
            let reopened = storage::load_active_course().as_ref() == Some(&source);
            storage::save_active_course(Some(&source));
            if !reopened {
                let notice = format!(
                    "Opened the course \u{201c}{}\u{201d}. Your previous work is kept.",
                    loaded.title
                );
                open_exercise(&loaded, &progress, progress.current, Some(notice));
            }
            course_handle.dispatch(CourseAction::Loaded(Rc::new(loaded), source, progress));
        })
    };

    let on_open_url = {
        let (course_handle, loaded) = (course.clone(), loaded.clone());
        Callback::from(move |url: String| {
            let (course_handle, loaded) = (course_handle.clone(), loaded.clone());
            course_handle.dispatch(CourseAction::Loading);
            wasm_bindgen_futures::spawn_local(async move {
                match fetch_course(&url).await {
                    Ok(course) => {
                        browser::set_query_param(COURSE_PARAM, Some(&url));
                        loaded(course, CourseSource::Url(url));
                    }
                    Err(e) => course_handle.dispatch(CourseAction::Failed(e)),
                }
            });
        })
    };
    let on_open_files = {
        let (course_handle, loaded) = (course.clone(), loaded.clone());
        Callback::from(move |files: Result<Vec<(String, String)>, String>| {
            let files = match files {
                Ok(files) => files,
                Err(why) => {
                    course_handle.dispatch(CourseAction::Failed(format!(
                        "Could not open the course: {why}"
                    )));
                    return;
                }
            };
            match course_of_files(&files) {
                Ok(course) => {
                    browser::set_query_param(COURSE_PARAM, None);
                    loaded(course, CourseSource::Files(files));
                }
                Err(e) => course_handle.dispatch(CourseAction::Failed(e)),
            }
        })
    };

    // On start: the course of `?course=`, else the one open before the reload.
    {
        let (on_open_url, loaded) = (on_open_url.clone(), loaded.clone());
        use_effect_with((), move |_| {
            match browser::query_param(COURSE_PARAM).filter(|u| !u.is_empty()) {
                Some(url) => on_open_url.emit(url),
                None => match storage::load_active_course() {
                    Some(CourseSource::Url(url)) => on_open_url.emit(url),
                    Some(CourseSource::Files(files)) => {
                        if let Ok(course) = course_of_files(&files) {
                            loaded(course, CourseSource::Files(files));
                        }
                    }
                    None => {}
                },
            }
        });
    }

    // The attendee's work on the open exercise is kept a moment after each edit (as autosave
    // keeps the workspace).
    {
        let course_state = course.clone();
        use_effect_with(state.workspace.clone(), move |workspace| {
            let workspace = workspace.clone();
            let timer = Timeout::new(AUTOSAVE_MS, move || {
                let s = &*course_state;
                if let (Some(course), Some(file)) = (&s.course, s.current_file()) {
                    let mut progress = s.progress.clone();
                    progress.keep_work(file, workspace.to_shared());
                    storage::save_course_progress(&course.key, &progress);
                }
            });
            move || drop(timer)
        });
    }

    let on_select = {
        let (course_handle, open_exercise, latest) =
            (course.clone(), open_exercise.clone(), latest.clone());
        Callback::from(move |index: usize| {
            let Some(loaded) = course_handle.course.clone() else {
                return;
            };
            let current = course_handle.progress.current;
            if index >= loaded.exercises.len() || index == current || latest.borrow().is_running() {
                return;
            }
            // The work on the exercise left is kept by the reducer; the one opened has its
            // own (or none yet).
            let work = latest.borrow().workspace.to_shared();
            open_exercise(&loaded, &course_handle.progress, index, None);
            course_handle.dispatch(CourseAction::Select(index, work));
        })
    };

    let on_reset = {
        let (course_handle, open_exercise) = (course.clone(), open_exercise.clone());
        Callback::from(move |()| {
            let Some(loaded) = course_handle.course.clone() else {
                return;
            };
            let mut progress = course_handle.progress.clone();
            if let Some(file) = course_handle.current_file() {
                progress.forget_work(file);
            }
            open_exercise(&loaded, &progress, progress.current, None);
            course_handle.dispatch(CourseAction::Reset);
        })
    };

    let on_check = {
        let (course_handle, latest, run_checks) =
            (course.clone(), latest.clone(), runner.on_check.clone());
        Callback::from(move |()| {
            if course_handle.checking {
                return;
            }
            let Some(loaded) = course_handle.course.clone() else {
                return;
            };
            let Some(Ok(exercise)) = loaded
                .exercises
                .get(course_handle.progress.current)
                .map(|e| e.exercise.clone())
            else {
                return;
            };
            let app = latest.borrow().clone();
            let document = asl::definition::document(&app.workspace.definition);
            // Definition checks are judged now; run checks get a plan (or fail at once).
            let mut verdicts: Vec<Option<Verdict>> = Vec::new();
            let mut plans = Vec::new();
            let mut planned = Vec::new();
            for (i, check) in exercise.checks.iter().enumerate() {
                match &check.kind {
                    CheckKind::Definition(d) => {
                        verdicts.push(Some(judge_parsed_definition(d, &document)))
                    }
                    CheckKind::Run(run) => match app.plan_check(run, i) {
                        Ok(plan) => {
                            plans.push(plan);
                            planned.push(i);
                            verdicts.push(None);
                        }
                        Err(why) => verdicts.push(Some(Verdict::fail(why))),
                    },
                }
            }
            course_handle.dispatch(CourseAction::Checking);
            let course_handle = course_handle.clone();
            let done = Callback::from(move |executions: Vec<asl::Execution>| {
                let mut verdicts = verdicts.clone();
                for (i, execution) in planned.iter().zip(&executions) {
                    if let CheckKind::Run(run) = &exercise.checks[*i].kind {
                        verdicts[*i] = Some(judge_run(&run.expect, &Outcome::of(execution)));
                    }
                }
                let verdicts: Vec<Verdict> = verdicts
                    .into_iter()
                    .map(|v| v.unwrap_or_else(|| Verdict::fail("the check did not run")))
                    .collect();
                let all = verdicts.iter().all(|v| v.passed);
                course_handle.dispatch(CourseAction::Checked(outcomes(&exercise, &verdicts), all));
            });
            run_checks.emit((plans, done));
        })
    };

    let on_close = {
        let course_handle = course.clone();
        Callback::from(move |()| {
            storage::save_active_course(None);
            browser::set_query_param(COURSE_PARAM, None);
            course_handle.dispatch(CourseAction::Close);
        })
    };
    let on_dismiss = {
        let course_handle = course.clone();
        Callback::from(move |()| course_handle.dispatch(CourseAction::DismissError))
    };

    CourseHandle {
        state: Rc::new((*course).clone()),
        on_open_url,
        on_open_files,
        on_select,
        on_check,
        on_reset,
        on_close,
        on_dismiss,
    }
}

/// Fetches a course file and its exercises (relative to it).
async fn fetch_course(url: &str) -> Result<LoadedCourse, String> {
    let absolute = browser::resolve_url(url, None)
        .ok_or_else(|| format!("Could not open the course: {url} is not a URL"))?;
    let text = browser::fetch_text(&absolute)
        .await
        .map_err(|e| format!("Could not open the course {url}: {e}"))?;
    let course = asl::exercise::Course::parse(&text)
        .map_err(|e| format!("Could not open the course {url}: {e}"))?;
    let mut texts = std::collections::HashMap::new();
    for file in &course.exercises {
        let fetched = match browser::resolve_url(file, Some(&absolute)) {
            Some(u) => browser::fetch_text(&u).await,
            None => Err(format!("{file} is not a URL")),
        };
        texts.insert(file.clone(), fetched);
    }
    LoadedCourse::read(&format!("url:{url}"), url, &text, |file| {
        texts
            .get(file)
            .cloned()
            .unwrap_or_else(|| Err(format!("{file} was not fetched")))
    })
    .map_err(|e| format!("Could not open the course: {e}"))
}

/// A course from picked files: a course file (`exercises` naming the other picked files by
/// name), or exercise files alone (in the order picked).
fn course_of_files(files: &[(String, String)]) -> Result<LoadedCourse, String> {
    if files.is_empty() {
        return Err("No file was chosen.".into());
    }
    let course_file = files
        .iter()
        .find(|(_, text)| asl::exercise::Course::parse(text).is_ok());
    let key = format!(
        "file:{}",
        files
            .iter()
            .map(|(n, _)| n.as_str())
            .collect::<Vec<_>>()
            .join(",")
    );
    match course_file {
        Some((name, text)) => LoadedCourse::read(&key, name, text, |file| {
            let base = file.rsplit('/').next().unwrap_or(file);
            files
                .iter()
                .find(|(n, _)| n == base)
                .map(|(_, t)| t.clone())
                .ok_or_else(|| format!("{file} was not among the chosen files: choose the course file and its exercises together"))
        })
        .map_err(|e| format!("Could not open the course: {e}")),
        None => Ok(LoadedCourse::of_exercises(&key, files)),
    }
}
