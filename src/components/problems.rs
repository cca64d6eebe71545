//! The problems list: every diagnostic of the definition and the input, with line:column.

use std::rc::Rc;

use asl::Severity;
use yew::prelude::*;

use crate::state::{Problem, Source};

/// Props of [`Problems`].
#[derive(Properties, PartialEq)]
pub struct ProblemsProps {
    /// Definition problems, then input problems.
    pub problems: Rc<Vec<Problem>>,
    /// The last Start execution was refused because of them.
    pub refused: bool,
    /// A problem was clicked: show its range in its editor.
    pub on_reveal: Callback<(Source, (usize, usize))>,
}

/// The problems list (`data-testid="diagnostics"`).
#[component]
pub fn Problems(props: &ProblemsProps) -> Html {
    let errors = props.problems.iter().filter(|p| p.is_error()).count();
    let warnings = props.problems.len() - errors;
    let summary = match (errors, warnings) {
        (0, 0) => "No problems".to_string(),
        (e, 0) => plural(e, "error"),
        (0, w) => plural(w, "warning"),
        (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
    };
    let class = classes!(
        "problems",
        (errors > 0).then_some("has-errors"),
        props.refused.then_some("refused")
    );
    html! {
        <section {class} data-testid="diagnostics" aria-live="polite">
            <header class="problems-head">
                <h2>{ "Problems" }</h2>
                <span class="problems-count">{ summary }</span>
            </header>
            if props.refused {
                <p class="refused-note">{ "Execution not started: fix the errors below first." }</p>
            }
            if !props.problems.is_empty() {
                <ul class="problem-list" data-testid="problems">
                    { for props.problems.iter().map(|p| problem(p, &props.on_reveal)) }
                </ul>
            }
        </section>
    }
}

fn plural(n: usize, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

fn problem(p: &Problem, on_reveal: &Callback<(Source, (usize, usize))>) -> Html {
    let onclick = {
        let (on_reveal, source, range) = (on_reveal.clone(), p.source, p.range);
        Callback::from(move |_: MouseEvent| on_reveal.emit((source, range)))
    };
    let severity = match p.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
    };
    html! {
        <li class={classes!("problem", severity)} data-testid="problem" data-code={p.code.as_str()}
            data-line={p.line.to_string()} data-source={p.source.label()}
            {onclick} title="Show in the editor">
            <span class="problem-icon" aria-label={severity}>{ if p.is_error() { "✕" } else { "!" } }</span>
            <span class="problem-where">{
                if matches!(p.source, Source::ExecutionName | Source::Role) {
                    p.source.label().to_string()
                } else {
                    format!("{} {}:{}", p.source.label(), p.line, p.column)
                }
            }</span>
            <span class="problem-message">{ p.message.clone() }</span>
            <span class="problem-code">{ p.code.as_str() }</span>
        </li>
    }
}
