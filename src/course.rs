//! A course in the page ([`asl::exercise`]): the loaded course and its exercises, the
//! attendee's progress (kept in the browser: solved, attempts, their own work per exercise),
//! the workspace each exercise opens with, and the verdicts of **Check my work** as shown.
//! Pure, so it is tested natively; fetching and storage are in `hooks::course`.

use std::collections::BTreeMap;
use std::rc::Rc;

use asl::exercise::{Course, Exercise, Verdict};
use asl::share::SharedWorkspace;
use serde::{Deserialize, Serialize};

use crate::state::{is_resource_name, Workspace};

/// The built-in course, relative to the site.
pub const BUILT_IN: &str = "courses/intro/course.json";

/// One exercise of a loaded course: its file, and the exercise or why it cannot be read.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedExercise {
    /// The file, as the course names it.
    pub file: String,
    /// The exercise, or what is wrong with its file (located).
    pub exercise: Result<Rc<Exercise>, String>,
}

impl LoadedExercise {
    /// The exercise's title, or its file's name when it cannot be read.
    pub fn title(&self) -> String {
        match &self.exercise {
            Ok(e) => e.title.clone(),
            Err(_) => self.file.clone(),
        }
    }
}

/// A course as the page holds it.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedCourse {
    /// What identifies it in the browser's storage: its URL, or `file:NAME` for a file the
    /// attendee picked.
    pub key: String,
    /// Its title.
    pub title: String,
    /// Its description (Markdown).
    pub description: String,
    /// Its exercises, in order.
    pub exercises: Vec<LoadedExercise>,
}

impl LoadedCourse {
    /// A course from its file's text and its exercise files' texts (`read` gives each file's
    /// text, or why it could not be fetched). A course file that does not read is an error;
    /// an exercise that does not read stays in the list, with its error.
    pub fn read(
        key: &str,
        name: &str,
        text: &str,
        read: impl Fn(&str) -> Result<String, String>,
    ) -> Result<LoadedCourse, String> {
        let course = Course::parse(text).map_err(|e| format!("{name}:{e}"))?;
        let exercises = course
            .exercises
            .iter()
            .map(|file| LoadedExercise {
                file: file.clone(),
                exercise: read(file).and_then(|t| {
                    Exercise::parse(&t)
                        .map(Rc::new)
                        .map_err(|e| format!("{file}:{e}"))
                }),
            })
            .collect();
        Ok(LoadedCourse {
            key: key.to_string(),
            title: course.title,
            description: course.description,
            exercises,
        })
    }

    /// A course of exercise files the attendee picked (no course file): in the order given.
    pub fn of_exercises(key: &str, files: &[(String, String)]) -> LoadedCourse {
        let exercises: Vec<LoadedExercise> = files
            .iter()
            .map(|(file, text)| LoadedExercise {
                file: file.clone(),
                exercise: Exercise::parse(text)
                    .map(Rc::new)
                    .map_err(|e| format!("{file}:{e}")),
            })
            .collect();
        let title = match exercises.as_slice() {
            [one] => one.title(),
            _ => "Exercises".to_string(),
        };
        LoadedCourse {
            key: key.to_string(),
            title,
            description: String::new(),
            exercises,
        }
    }
}

/// The attendee's progress in one exercise.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ExerciseProgress {
    /// Every check passed once.
    #[serde(default)]
    pub solved: bool,
    /// How many times **Check my work** was pressed.
    #[serde(default)]
    pub attempts: u32,
    /// The attendee's own workspace for it (the share-link format), once they left it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub work: Option<SharedWorkspace>,
}

/// The attendee's progress in a course (kept in the browser's storage, by course key).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Progress {
    /// The exercise open (index).
    #[serde(default)]
    pub current: usize,
    /// By exercise file.
    #[serde(default)]
    pub exercises: BTreeMap<String, ExerciseProgress>,
}

impl Progress {
    /// The progress of this exercise file (none yet: the default).
    pub fn of(&self, file: &str) -> ExerciseProgress {
        self.exercises.get(file).cloned().unwrap_or_default()
    }

    /// Notes a press of **Check my work** on `file`: one more attempt, solved when every
    /// check passed (and solved it stays).
    pub fn record_check(&mut self, file: &str, all_passed: bool) {
        let p = self.exercises.entry(file.to_string()).or_default();
        p.attempts += 1;
        p.solved |= all_passed;
    }

    /// Keeps the attendee's work on `file`.
    pub fn keep_work(&mut self, file: &str, work: SharedWorkspace) {
        self.exercises.entry(file.to_string()).or_default().work = Some(work);
    }

    /// Forgets the attendee's work on `file` (Reset exercise); solved and attempts stay.
    pub fn forget_work(&mut self, file: &str) {
        if let Some(p) = self.exercises.get_mut(file) {
            p.work = None;
        }
    }

    /// How many of these exercises are solved.
    pub fn solved_count(&self, course: &LoadedCourse) -> usize {
        course
            .exercises
            .iter()
            .filter(|e| self.of(&e.file).solved)
            .count()
    }
}

/// The workspace an exercise opens with: the attendee's own work when there is some, else
/// the starter. A starter without a role gets one that may invoke every Lambda function of
/// the workspace (the exercise is about the states, not about IAM), in the attendee's
/// account and Region (`home`).
pub fn exercise_workspace(
    exercise: &Exercise,
    progress: &ExerciseProgress,
    home: (&str, &str),
) -> Workspace {
    if let Some(work) = &progress.work {
        return Workspace::from_shared(work.clone());
    }
    let starter = exercise.starter.clone();
    let has_role = starter.role.is_some();
    let mut w = Workspace::from_shared(starter);
    let (account, region) = home;
    if !account.is_empty() && !region.is_empty() {
        w.relocate(account, region);
    }
    if !has_role {
        let names: Vec<String> = w
            .functions
            .iter()
            .filter(|f| !is_resource_name(&f.name))
            .map(|f| f.name.clone())
            .collect();
        w.role = w.created_role_for(&names);
    }
    w
}

/// One check's verdict as the page shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct CheckOutcome {
    /// The check's title (`None`: a hidden check that failed, whose title stays hidden).
    pub title: Option<String>,
    /// A hidden check.
    pub hidden: bool,
    /// Whether it passed.
    pub passed: bool,
    /// Why (`None` for a hidden check that failed).
    pub reason: Option<String>,
    /// The history event the failure is about.
    pub event: Option<u64>,
}

/// The verdicts of an exercise's checks as the page shows them: a hidden check that failed
/// says only that.
pub fn outcomes(exercise: &Exercise, verdicts: &[Verdict]) -> Vec<CheckOutcome> {
    exercise
        .checks
        .iter()
        .zip(verdicts)
        .map(|(c, v)| {
            let shown = v.passed || !c.hidden;
            CheckOutcome {
                title: shown.then(|| c.title.clone()),
                hidden: c.hidden,
                passed: v.passed,
                reason: shown.then(|| v.reason.clone()),
                event: v.event.filter(|_| shown),
            }
        })
        .collect()
}
