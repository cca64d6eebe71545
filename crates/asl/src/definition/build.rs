//! From a parsed JSON value to the typed model, collecting every problem on the way.

use serde_json::{Map as Object, Value};

use super::model::*;
use super::schema::{self, MachineScope};
use super::source::{escape_segment, SourceMap};
use crate::diagnostic::{Diagnostic, DiagnosticCode};
use crate::path::Path;

/// Builds the model; `None` when the document is too broken to model at all.
pub fn build(text: &str, map: &SourceMap, json: &Value) -> (Option<StateMachine>, Vec<Diagnostic>) {
    build_from(text, map, json, None)
}

/// Builds the model like [`build`], consuming the JSON: the top-level states are dropped one
/// by one as they are modelled, so that the JSON and the model are never both whole in memory.
pub fn build_owned(
    text: &str,
    map: &SourceMap,
    mut json: Value,
) -> (Option<StateMachine>, Vec<Diagnostic>) {
    // `States` is left in place as an empty object, so that its presence and type still show.
    let owned = match json.as_object_mut().and_then(|o| o.get_mut("States")) {
        Some(Value::Object(m)) => Some(std::mem::take(m)),
        _ => None,
    };
    build_from(text, map, &json, owned)
}

fn build_from(
    text: &str,
    map: &SourceMap,
    json: &Value,
    owned: Option<Object<String, Value>>,
) -> (Option<StateMachine>, Vec<Diagnostic>) {
    let mut b = Builder {
        text,
        map,
        diags: Vec::new(),
        features: Vec::new(),
        ql: QueryLanguage::JsonPath,
    };
    for dup in &map.duplicates {
        b.key_error(
            DiagnosticCode::DuplicateField,
            format!("Duplicate field '{}'", last_segment(dup)),
            dup,
        );
    }
    let machine = match json.as_object() {
        Some(obj) => b.machine_with(obj, owned, "", Scope::Top, QueryLanguage::JsonPath),
        None => {
            b.error(
                DiagnosticCode::NotAnObject,
                "The definition must be a JSON object",
                "",
            );
            None
        }
    };
    let mut diags = b.diags;
    diags.sort_by_key(|d| d.span.map_or(0, |s| s.0));
    (machine, diags)
}

/// Whether any string or member name in `v` holds `$$` (a context object reference).
fn mentions_context(v: &Value) -> bool {
    match v {
        Value::String(s) => s.contains("$$"),
        Value::Array(a) => a.iter().any(mentions_context),
        Value::Object(o) => o
            .iter()
            .any(|(k, v)| k.contains("$$") || mentions_context(v)),
        _ => false,
    }
}

fn last_segment(pointer: &str) -> String {
    pointer
        .rsplit('/')
        .next()
        .unwrap_or("")
        .replace("~1", "/")
        .replace("~0", "~")
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Scope {
    Top,
    Branch,
    Processor,
}

pub(super) struct Builder<'a> {
    pub(super) text: &'a str,
    pub(super) map: &'a SourceMap,
    pub(super) diags: Vec<Diagnostic>,
    /// Unsupported features found so far, claimed by the innermost state or machine.
    features: Vec<String>,
    /// The query language of the state being modelled.
    pub(super) ql: QueryLanguage,
}

/// Fields that exclude their `…Path` variant.
const EXCLUSIVE: &[(&str, &str)] = &[
    ("TimeoutSeconds", "TimeoutSecondsPath"),
    ("HeartbeatSeconds", "HeartbeatSecondsPath"),
    ("MaxConcurrency", "MaxConcurrencyPath"),
    ("ToleratedFailureCount", "ToleratedFailureCountPath"),
    (
        "ToleratedFailurePercentage",
        "ToleratedFailurePercentagePath",
    ),
];
impl<'a> Builder<'a> {
    /// The `QueryLanguage` of a machine or state (`obj` at `ptr`), `inherited` when it has
    /// none. AWS: a JSONata machine cannot have JSONPath states.
    fn query_language(
        &mut self,
        obj: &Object<String, Value>,
        ptr: &str,
        inherited: QueryLanguage,
    ) -> QueryLanguage {
        let at = || format!("{ptr}/QueryLanguage");
        match obj.get("QueryLanguage") {
            None => inherited,
            Some(Value::String(s)) if s == "JSONata" => QueryLanguage::JsonAta,
            Some(Value::String(s)) if s == "JSONPath" => {
                if inherited == QueryLanguage::JsonAta {
                    self.error(
                        DiagnosticCode::InvalidValue,
                        "A JSONPath state or machine cannot be inside a JSONata one: JSONata machines run only JSONata states",
                        &at(),
                    );
                }
                QueryLanguage::JsonPath
            }
            Some(other) => {
                let shown = other
                    .as_str()
                    .map_or_else(|| crate::history::json_text(other), str::to_string);
                self.error(
                    DiagnosticCode::InvalidValue,
                    format!("QueryLanguage must be JSONPath or JSONata, not '{shown}'"),
                    &at(),
                );
                inherited
            }
        }
    }

    fn locate(&self, d: Diagnostic, key: bool) -> Diagnostic {
        let span = if key {
            self.map.key_span(self.text, &d.pointer)
        } else {
            self.map.value_span(self.text, &d.pointer)
        };
        match span {
            Some(s) => d.at(self.text, s),
            None => d,
        }
    }

    pub(super) fn error(&mut self, code: DiagnosticCode, msg: impl Into<String>, ptr: &str) {
        let d = self.locate(Diagnostic::error(code, msg, ptr), false);
        self.diags.push(d);
    }

    pub(super) fn key_error(&mut self, code: DiagnosticCode, msg: impl Into<String>, ptr: &str) {
        let d = self.locate(Diagnostic::error(code, msg, ptr), true);
        self.diags.push(d);
    }

    /// A warning about something that runs, but maybe not as the author thinks.
    pub(super) fn warning(&mut self, code: DiagnosticCode, msg: impl Into<String>, ptr: &str) {
        let d = self.locate(Diagnostic::warning(code, msg, ptr), true);
        self.diags.push(d);
    }

    pub(super) fn unsupported(&mut self, msg: impl Into<String>, ptr: &str) {
        let d = self.locate(
            Diagnostic::warning(DiagnosticCode::UnsupportedFeature, msg, ptr),
            true,
        );
        self.features.push(d.message.clone());
        self.diags.push(d);
    }

    pub(super) fn machine(
        &mut self,
        obj: &Object<String, Value>,
        ptr: &str,
        scope: Scope,
        ql: QueryLanguage,
    ) -> Option<StateMachine> {
        self.machine_with(obj, None, ptr, scope, ql)
    }

    /// A machine; `owned`, when given, is its `States`, taken out of `obj` (which keeps an
    /// empty object in its place) so that each state's JSON is dropped once it is modelled.
    fn machine_with(
        &mut self,
        obj: &Object<String, Value>,
        owned: Option<Object<String, Value>>,
        ptr: &str,
        scope: Scope,
        ql: QueryLanguage,
    ) -> Option<StateMachine> {
        let mark = self.features.len();
        let allowed_top = schema::machine_fields(match scope {
            Scope::Top => MachineScope::Top,
            Scope::Processor => MachineScope::Processor,
            Scope::Branch => MachineScope::Branch,
        });
        for k in obj.keys() {
            if !allowed_top.contains(&k.as_str()) {
                self.key_error(
                    DiagnosticCode::UnknownField,
                    format!("Field '{k}' is not supported"),
                    &format!("{ptr}/{}", escape_segment(k)),
                );
            }
        }
        let query_language = self.query_language(obj, ptr, ql);
        let comment = self.opt_string(obj, "Comment", ptr);
        let timeout_seconds = self.opt_u64(obj, "TimeoutSeconds", ptr);
        let start_at = self.opt_string(obj, "StartAt", ptr);
        let states_ptr = format!("{ptr}/States");
        let states_json = owned
            .as_ref()
            .or_else(|| obj.get("States").and_then(Value::as_object));
        // Transitions and reachability work on the JSON, so they are checked before the
        // states' JSON can be dropped; their diagnostics still come after the states'.
        let graph_mark = self.diags.len();
        if let (Some(states), true) = (states_json, obj.contains_key("StartAt")) {
            super::validate::graph(self, ptr, start_at.as_deref().unwrap_or(""), states);
        }
        let graph_diags = self.diags.split_off(graph_mark.min(self.diags.len()));
        let mut states = Vec::with_capacity(states_json.map_or(0, |m| m.len()));
        match (owned, obj.get("States")) {
            (Some(m), _) => {
                for (name, v) in m {
                    self.listed_state(&name, &v, &states_ptr, query_language, &mut states);
                }
            }
            (None, Some(Value::Object(m))) => {
                for (name, v) in m {
                    self.listed_state(name, v, &states_ptr, query_language, &mut states);
                }
            }
            (None, Some(_)) => self.error(
                DiagnosticCode::InvalidType,
                "'States' must be an object",
                &states_ptr,
            ),
            (None, None) => {}
        }
        let mut missing = Vec::new();
        if !obj.contains_key("StartAt") {
            missing.push("StartAt");
        }
        if !obj.contains_key("States") {
            missing.push("States");
        }
        if !missing.is_empty() {
            let at = if ptr.is_empty() { "" } else { ptr };
            self.error(
                DiagnosticCode::MissingField,
                format!("These fields are required: [{}]", missing.join(", ")),
                at,
            );
        }
        self.diags.extend(graph_diags);
        Some(StateMachine {
            unsupported: self.features.split_off(mark.min(self.features.len())),
            comment,
            timeout_seconds,
            query_language,
            pointer: ptr.to_string(),
            ..StateMachine::new(start_at.unwrap_or_default(), states)
        })
    }

    /// One member of `States`: checks its name and models it into `states`.
    fn listed_state(
        &mut self,
        name: &str,
        v: &Value,
        states_ptr: &str,
        ql: QueryLanguage,
        states: &mut Vec<State>,
    ) {
        let sptr = format!("{states_ptr}/{}", escape_segment(name));
        if name.is_empty() || name.chars().count() > 80 {
            self.key_error(
                DiagnosticCode::InvalidName,
                "State names must be 1 to 80 characters long",
                &sptr,
            );
        }
        match v.as_object() {
            Some(so) => {
                if let Some(s) = self.state(name, so, &sptr, ql) {
                    states.push(s);
                }
            }
            None => self.error(
                DiagnosticCode::InvalidType,
                format!("State '{name}' must be an object"),
                &sptr,
            ),
        }
    }

    fn state(
        &mut self,
        name: &str,
        o: &Object<String, Value>,
        ptr: &str,
        ql: QueryLanguage,
    ) -> Option<State> {
        let mark = self.features.len();
        let Some(type_value) = o.get("Type") else {
            self.error(
                DiagnosticCode::MissingField,
                "These fields are required: [Type]",
                ptr,
            );
            return None;
        };
        let Some(type_name) = type_value.as_str() else {
            self.error(
                DiagnosticCode::InvalidType,
                "'Type' must be a string",
                &format!("{ptr}/Type"),
            );
            return None;
        };
        if !schema::STATE_TYPES.iter().any(|t| t.name == type_name) {
            self.error(
                DiagnosticCode::UnknownStateType,
                format!("'{type_name}' is not a state type: use Pass, Task, Choice, Wait, Succeed, Fail, Parallel or Map"),
                &format!("{ptr}/Type"),
            );
            return None;
        }
        let ql = self.query_language(o, ptr, ql);
        self.ql = ql;
        let fields = schema::allowed(type_name, ql);
        for k in o.keys() {
            // The member's pointer, made only for a problem.
            let kp = || format!("{ptr}/{}", escape_segment(k));
            if fields.contains(&k.as_str()) {
                continue;
            }
            let other = match ql {
                QueryLanguage::JsonPath => QueryLanguage::JsonAta,
                QueryLanguage::JsonAta => QueryLanguage::JsonPath,
            };
            if schema::allowed(type_name, other).contains(&k.as_str()) {
                let (this, that) = match ql {
                    QueryLanguage::JsonAta => ("JSONata", "JSONPath"),
                    QueryLanguage::JsonPath => ("JSONPath", "JSONata"),
                };
                self.key_error(
                    DiagnosticCode::QueryLanguageField,
                    format!("Field '{k}' is only supported by {that} states: this {type_name} state uses {this}"),
                    &kp(),
                );
            } else {
                self.key_error(
                    DiagnosticCode::UnknownField,
                    format!("Field '{k}' is not supported by {type_name} states"),
                    &kp(),
                );
            }
        }
        // The ASL spec: a state MUST NOT have both a field and its `…Path` variant.
        for (field, path) in EXCLUSIVE {
            if o.contains_key(*field) && o.contains_key(*path) {
                self.key_error(
                    DiagnosticCode::InvalidValue,
                    format!("A state cannot have both '{field}' and '{path}'"),
                    &format!("{ptr}/{path}"),
                );
            }
        }
        let comment = self.opt_string(o, "Comment", ptr);
        let transition = self.transition(o, ptr, type_name);
        let input_path = self.path_field(o, "InputPath", ptr);
        let output_path = self.path_field(o, "OutputPath", ptr);
        let result_path = self.path_field(o, "ResultPath", ptr);
        let result_selector = self.template(o, "ResultSelector", ptr);
        let parameters = if type_name == "Map" {
            None
        } else {
            self.template(o, "Parameters", ptr)
        };
        let retry = self.retriers(o, ptr);
        let catch = self.catchers(o, ptr);
        let jsonata = (ql == QueryLanguage::JsonAta).then(|| JsonataFields {
            arguments: self.jsonata_template(o, "Arguments", ptr),
            output: self.jsonata_template(o, "Output", ptr),
        });
        let kind = match type_name {
            "Pass" => StateKind::Pass {
                result: o.get("Result").cloned().map(Box::new),
            },
            "Task" => StateKind::Task(Box::new(self.task(o, ptr))),
            "Choice" => StateKind::Choice(Box::new(self.choice(o, ptr))),
            "Wait" => StateKind::Wait(Box::new(self.wait(o, ptr))),
            "Succeed" => StateKind::Succeed,
            "Fail" => StateKind::Fail(Box::new(Fail {
                error: self
                    .expression_field(o, "ErrorPath", ptr)
                    .map(Dynamic::Expression)
                    .or_else(|| self.dynamic_string(o, "Error", ptr)),
                cause: self
                    .expression_field(o, "CausePath", ptr)
                    .map(Dynamic::Expression)
                    .or_else(|| self.dynamic_string(o, "Cause", ptr)),
            })),
            "Parallel" => StateKind::Parallel(self.parallel(o, ptr, ql)?),
            _ => StateKind::Map(Box::new(self.map_state(o, ptr, ql)?)),
        };
        // Nested machines set the language of their own states.
        self.ql = ql;
        if let StateKind::Fail(f) = &kind {
            for (a, b) in [("Error", "ErrorPath"), ("Cause", "CausePath")] {
                if o.contains_key(a) && o.contains_key(b) {
                    self.key_error(
                        DiagnosticCode::InvalidValue,
                        format!("'{a}' and '{b}' cannot both be given"),
                        &format!("{ptr}/{b}"),
                    );
                }
            }
            let _ = f;
        }
        let mut extras = StateExtras::new(
            comment,
            retry,
            catch,
            self.features.split_off(mark.min(self.features.len())),
        );
        if jsonata.is_some() {
            extras.get_or_insert_with(Default::default).jsonata = jsonata;
        }
        Some(State {
            extras,
            name: name.to_string(),
            pointer: ptr.to_string(),
            paths: IoPaths::new(
                input_path.unwrap_or_else(|| Some(Path::root())),
                output_path.unwrap_or_else(|| Some(Path::root())),
                result_path.unwrap_or_else(|| Some(Path::root())),
            ),
            parameters: parameters.map(Box::new),
            result_selector: result_selector.map(Box::new),
            transition,
            assign: self.assign(o, ptr).map(Box::new),
            uses_context: o.iter().any(|(k, v)| {
                k.contains("$$")
                    || mentions_context(v)
                    || (ql == QueryLanguage::JsonAta
                        && crate::history::json_text(v).contains("$states"))
            }),
            kind,
        })
    }

    fn transition(&mut self, o: &Object<String, Value>, ptr: &str, type_name: &str) -> Transition {
        if matches!(type_name, "Choice" | "Succeed" | "Fail") {
            return Transition::Terminal;
        }
        let next = self.opt_string(o, "Next", ptr);
        let end = match o.get("End") {
            None => false,
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                self.error(
                    DiagnosticCode::InvalidType,
                    "'End' must be a boolean",
                    &format!("{ptr}/End"),
                );
                false
            }
        };
        match (next, end) {
            (Some(_), true) => {
                self.key_error(
                    DiagnosticCode::EndAndNext,
                    "A state cannot have both 'Next' and 'End: true'",
                    &format!("{ptr}/End"),
                );
                Transition::End
            }
            (Some(n), false) => Transition::Next(n),
            (None, true) => Transition::End,
            (None, false) => {
                self.error(
                    DiagnosticCode::NoTransition,
                    "A state must have either 'Next' or 'End: true'",
                    ptr,
                );
                Transition::End
            }
        }
    }
}
