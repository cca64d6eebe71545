//! From a parsed JSON value to the typed model, collecting every problem on the way.

use serde_json::{Map as Object, Value};

use super::model::*;
use super::source::{escape_segment, SourceMap};
use crate::diagnostic::Diagnostic;
use crate::path::{Path, PathError};

/// Builds the model; `None` when the document is too broken to model at all.
pub fn build(text: &str, map: &SourceMap, json: &Value) -> (Option<StateMachine>, Vec<Diagnostic>) {
    let mut b = Builder {
        text,
        map,
        diags: Vec::new(),
    };
    for dup in &map.duplicates {
        b.key_error(
            "DUPLICATE_FIELD",
            format!("Duplicate field '{}'", last_segment(dup)),
            dup,
        );
    }
    let machine = match json.as_object() {
        Some(obj) => b.machine(obj, "", Scope::Top, QueryLanguage::JsonPath),
        None => {
            b.error("NOT_AN_OBJECT", "The definition must be a JSON object", "");
            None
        }
    };
    let mut diags = b.diags;
    diags.sort_by_key(|d| d.span.map_or(0, |s| s.0));
    (machine, diags)
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
enum Scope {
    Top,
    Branch,
    Processor,
}

pub(super) struct Builder<'a> {
    text: &'a str,
    map: &'a SourceMap,
    pub(super) diags: Vec<Diagnostic>,
}

const COMMON: &[&str] = &["Type", "Comment", "QueryLanguage"];
const IO: &[&str] = &["InputPath", "OutputPath"];
const FLOW: &[&str] = &["Next", "End"];
const JSONATA: &[&str] = &["Output", "Arguments", "Assign", "Items", "Condition"];

fn allowed(type_name: &str) -> Vec<&'static str> {
    let own: &[&str] = match type_name {
        "Pass" => &["Parameters", "Result", "ResultPath"],
        "Task" => &[
            "Parameters",
            "ResultSelector",
            "ResultPath",
            "Resource",
            "Retry",
            "Catch",
            "TimeoutSeconds",
            "TimeoutSecondsPath",
            "HeartbeatSeconds",
            "HeartbeatSecondsPath",
            "Credentials",
        ],
        "Choice" => &["Choices", "Default"],
        "Wait" => &["Seconds", "Timestamp", "SecondsPath", "TimestampPath"],
        "Succeed" => &[],
        "Fail" => &["Error", "Cause", "ErrorPath", "CausePath"],
        "Parallel" => &[
            "Parameters",
            "ResultSelector",
            "ResultPath",
            "Branches",
            "Retry",
            "Catch",
        ],
        "Map" => &[
            "ItemsPath",
            "ItemSelector",
            "Parameters",
            "Iterator",
            "ItemProcessor",
            "MaxConcurrency",
            "MaxConcurrencyPath",
            "ResultPath",
            "ResultSelector",
            "Retry",
            "Catch",
            "ItemReader",
            "ItemBatcher",
            "ResultWriter",
            "ToleratedFailureCount",
            "ToleratedFailurePercentage",
            "ToleratedFailureCountPath",
            "ToleratedFailurePercentagePath",
            "Label",
        ],
        _ => &[],
    };
    let mut all: Vec<&str> = COMMON.iter().chain(own).copied().collect();
    if type_name != "Fail" {
        all.extend(IO);
    }
    if !matches!(type_name, "Choice" | "Succeed" | "Fail") {
        all.extend(FLOW);
    }
    all.extend(JSONATA);
    all
}

impl<'a> Builder<'a> {
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

    pub(super) fn error(&mut self, code: &str, msg: impl Into<String>, ptr: &str) {
        let d = self.locate(Diagnostic::error(code, msg, ptr), false);
        self.diags.push(d);
    }

    pub(super) fn key_error(&mut self, code: &str, msg: impl Into<String>, ptr: &str) {
        let d = self.locate(Diagnostic::error(code, msg, ptr), true);
        self.diags.push(d);
    }

    pub(super) fn unsupported(&mut self, msg: impl Into<String>, ptr: &str) {
        let d = self.locate(Diagnostic::warning("UNSUPPORTED_FEATURE", msg, ptr), true);
        self.diags.push(d);
    }

    fn machine(
        &mut self,
        obj: &Object<String, Value>,
        ptr: &str,
        scope: Scope,
        ql: QueryLanguage,
    ) -> Option<StateMachine> {
        let mut allowed_top = vec!["StartAt", "States", "Comment", "QueryLanguage"];
        match scope {
            Scope::Top => allowed_top.extend(["Version", "TimeoutSeconds"]),
            Scope::Processor => allowed_top.push("ProcessorConfig"),
            Scope::Branch => {}
        }
        for k in obj.keys() {
            if !allowed_top.contains(&k.as_str()) {
                self.key_error(
                    "UNKNOWN_FIELD",
                    format!("Field '{k}' is not supported"),
                    &format!("{ptr}/{}", escape_segment(k)),
                );
            }
        }
        let query_language = match obj.get("QueryLanguage").and_then(Value::as_str) {
            Some("JSONata") => {
                self.unsupported(
                    "JSONata (QueryLanguage: JSONata) is not supported by the playground yet",
                    &format!("{ptr}/QueryLanguage"),
                );
                QueryLanguage::JsonAta
            }
            Some("JSONPath") | None => ql,
            Some(other) => {
                self.error(
                    "INVALID_VALUE",
                    format!("QueryLanguage must be JSONPath or JSONata, not '{other}'"),
                    &format!("{ptr}/QueryLanguage"),
                );
                ql
            }
        };
        let comment = self.opt_string(obj, "Comment", ptr);
        let timeout_seconds = self.opt_u64(obj, "TimeoutSeconds", ptr);
        let start_at = self.opt_string(obj, "StartAt", ptr);
        let states_ptr = format!("{ptr}/States");
        let mut states = Vec::new();
        match obj.get("States") {
            Some(Value::Object(m)) => {
                for (name, v) in m {
                    let sptr = format!("{states_ptr}/{}", escape_segment(name));
                    if name.is_empty() || name.chars().count() > 80 {
                        self.key_error(
                            "INVALID_NAME",
                            "State names must be 1 to 80 characters long",
                            &sptr,
                        );
                    }
                    match v.as_object() {
                        Some(so) => {
                            if let Some(s) = self.state(name, so, &sptr, query_language) {
                                states.push(s);
                            }
                        }
                        None => self.error(
                            "INVALID_TYPE",
                            format!("State '{name}' must be an object"),
                            &sptr,
                        ),
                    }
                }
            }
            Some(_) => self.error("INVALID_TYPE", "'States' must be an object", &states_ptr),
            None => {}
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
                "MISSING_FIELD",
                format!("These fields are required: [{}]", missing.join(", ")),
                at,
            );
        }
        let machine = StateMachine {
            start_at: start_at.unwrap_or_default(),
            states,
            comment,
            timeout_seconds,
            query_language,
            pointer: ptr.to_string(),
        };
        if obj.contains_key("StartAt") && obj.get("States").is_some_and(Value::is_object) {
            super::validate::graph(self, &machine, obj.get("States"));
        }
        Some(machine)
    }

    fn state(
        &mut self,
        name: &str,
        o: &Object<String, Value>,
        ptr: &str,
        ql: QueryLanguage,
    ) -> Option<State> {
        let Some(type_value) = o.get("Type") else {
            self.error("MISSING_FIELD", "These fields are required: [Type]", ptr);
            return None;
        };
        let Some(type_name) = type_value.as_str() else {
            self.error(
                "INVALID_TYPE",
                "'Type' must be a string",
                &format!("{ptr}/Type"),
            );
            return None;
        };
        let allowed = allowed(type_name);
        if allowed.len() == COMMON.len() + JSONATA.len() + IO.len() + FLOW.len()
            && type_name != "Succeed"
        {
            self.error(
                "UNKNOWN_STATE_TYPE",
                format!("'{type_name}' is not a state type: use Pass, Task, Choice, Wait, Succeed, Fail, Parallel or Map"),
                &format!("{ptr}/Type"),
            );
            return None;
        }
        for k in o.keys() {
            let kp = format!("{ptr}/{}", escape_segment(k));
            if !allowed.contains(&k.as_str()) {
                self.key_error(
                    "UNKNOWN_FIELD",
                    format!("Field '{k}' is not supported by {type_name} states"),
                    &kp,
                );
            } else if JSONATA.contains(&k.as_str()) {
                self.unsupported(
                    format!("'{k}' (JSONata) is not supported by the playground yet"),
                    &kp,
                );
            } else if k == "QueryLanguage" && o.get(k).and_then(Value::as_str) == Some("JSONata") {
                self.unsupported(
                    "JSONata (QueryLanguage: JSONata) is not supported by the playground yet",
                    &kp,
                );
            }
        }
        let _ = ql;
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
        let kind = match type_name {
            "Pass" => StateKind::Pass {
                result: o.get("Result").cloned(),
            },
            "Task" => StateKind::Task(self.task(o, ptr)),
            "Choice" => StateKind::Choice(self.choice(o, ptr)),
            "Wait" => StateKind::Wait(self.wait(o, ptr)),
            "Succeed" => StateKind::Succeed,
            "Fail" => StateKind::Fail(Fail {
                error: self.opt_string(o, "Error", ptr),
                cause: self.opt_string(o, "Cause", ptr),
                error_path: self.path_field(o, "ErrorPath", ptr).flatten(),
                cause_path: self.path_field(o, "CausePath", ptr).flatten(),
            }),
            "Parallel" => StateKind::Parallel(self.parallel(o, ptr, ql)?),
            _ => StateKind::Map(Box::new(self.map_state(o, ptr, ql)?)),
        };
        if let StateKind::Fail(f) = &kind {
            for (a, b) in [("Error", "ErrorPath"), ("Cause", "CausePath")] {
                if o.contains_key(a) && o.contains_key(b) {
                    self.key_error(
                        "INVALID_VALUE",
                        format!("'{a}' and '{b}' cannot both be given"),
                        &format!("{ptr}/{b}"),
                    );
                }
            }
            let _ = f;
        }
        Some(State {
            name: name.to_string(),
            pointer: ptr.to_string(),
            comment,
            input_path: input_path.unwrap_or_else(|| Some(Path::root())),
            output_path: output_path.unwrap_or_else(|| Some(Path::root())),
            parameters,
            result_selector,
            result_path: result_path.unwrap_or_else(|| Some(Path::root())),
            transition,
            retry,
            catch,
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
                    "INVALID_TYPE",
                    "'End' must be a boolean",
                    &format!("{ptr}/End"),
                );
                false
            }
        };
        match (next, end) {
            (Some(_), true) => {
                self.key_error(
                    "END_AND_NEXT",
                    "A state cannot have both 'Next' and 'End: true'",
                    &format!("{ptr}/End"),
                );
                Transition::End
            }
            (Some(n), false) => Transition::Next(n),
            (None, true) => Transition::End,
            (None, false) => {
                self.error(
                    "NO_TRANSITION",
                    "A state must have either 'Next' or 'End: true'",
                    ptr,
                );
                Transition::End
            }
        }
    }

    pub(super) fn opt_string(
        &mut self,
        o: &Object<String, Value>,
        key: &str,
        ptr: &str,
    ) -> Option<String> {
        match o.get(key) {
            None => None,
            Some(Value::String(s)) => Some(s.clone()),
            Some(_) => {
                self.error(
                    "INVALID_TYPE",
                    format!("'{key}' must be a string"),
                    &format!("{ptr}/{key}"),
                );
                None
            }
        }
    }

    pub(super) fn opt_u64(
        &mut self,
        o: &Object<String, Value>,
        key: &str,
        ptr: &str,
    ) -> Option<u64> {
        match o.get(key) {
            None => None,
            Some(v) => match v.as_u64() {
                Some(n) => Some(n),
                None => {
                    self.error(
                        "INVALID_TYPE",
                        format!("'{key}' must be a non-negative integer"),
                        &format!("{ptr}/{key}"),
                    );
                    None
                }
            },
        }
    }

    pub(super) fn opt_f64(
        &mut self,
        o: &Object<String, Value>,
        key: &str,
        ptr: &str,
    ) -> Option<f64> {
        match o.get(key) {
            None => None,
            Some(v) => match v.as_f64() {
                Some(n) if n >= 0.0 => Some(n),
                _ => {
                    self.error(
                        "INVALID_TYPE",
                        format!("'{key}' must be a non-negative number"),
                        &format!("{ptr}/{key}"),
                    );
                    None
                }
            },
        }
    }

    /// `None`: absent; `Some(None)`: `null`; `Some(Some(p))`: a path.
    pub(super) fn path_field(
        &mut self,
        o: &Object<String, Value>,
        key: &str,
        ptr: &str,
    ) -> Option<Option<Path>> {
        let kp = format!("{ptr}/{key}");
        match o.get(key)? {
            Value::Null => Some(None),
            Value::String(s) => match Path::parse(s) {
                Ok(p) if key == "ResultPath" && !p.is_reference() => {
                    self.error(
                        "INVALID_PATH",
                        format!("'{s}' is not a valid Reference Path: it cannot use '$$'"),
                        &kp,
                    );
                    Some(Some(Path::root()))
                }
                Ok(p) => Some(Some(p)),
                Err(PathError::Unsupported(m)) => {
                    self.unsupported(
                        format!("{m} is not supported by the playground yet ('{s}')"),
                        &kp,
                    );
                    Some(Some(Path {
                        text: s.clone(),
                        ..Path::root()
                    }))
                }
                Err(PathError::Invalid(m)) => {
                    self.error(
                        "INVALID_PATH",
                        format!("The value for the field '{key}' must be a valid JSONPath: {m}"),
                        &kp,
                    );
                    Some(Some(Path::root()))
                }
            },
            _ => {
                self.error(
                    "INVALID_TYPE",
                    format!("'{key}' must be a string or null"),
                    &kp,
                );
                Some(Some(Path::root()))
            }
        }
    }

    pub(super) fn template(
        &mut self,
        o: &Object<String, Value>,
        key: &str,
        ptr: &str,
    ) -> Option<Value> {
        let v = o.get(key)?;
        let kp = format!("{ptr}/{key}");
        if key == "ResultSelector" && !v.is_object() {
            self.error("INVALID_TYPE", "'ResultSelector' must be an object", &kp);
        }
        for (at, msg, unsupported) in crate::payload::check(v) {
            let p = format!("{kp}{at}");
            if unsupported {
                self.unsupported(msg, &p);
            } else {
                self.key_error("INVALID_TEMPLATE", msg, &p);
            }
        }
        Some(v.clone())
    }

    fn task(&mut self, o: &Object<String, Value>, ptr: &str) -> Task {
        let resource = self.opt_string(o, "Resource", ptr);
        if resource.is_none() && !o.contains_key("Resource") {
            self.error(
                "MISSING_FIELD",
                "These fields are required: [Resource]",
                ptr,
            );
        }
        let resource = resource.unwrap_or_default();
        if !resource.is_empty() && crate::exec::lambda::Target::classify(&resource).is_none() {
            self.unsupported(
                format!("The resource '{resource}' is not supported by the playground yet: only Lambda functions (a function ARN or arn:aws:states:::lambda:invoke)"),
                &format!("{ptr}/Resource"),
            );
        }
        for k in ["TimeoutSecondsPath", "HeartbeatSecondsPath", "Credentials"] {
            if o.contains_key(k) {
                self.unsupported(
                    format!("'{k}' is not supported by the playground yet"),
                    &format!("{ptr}/{k}"),
                );
            }
        }
        Task {
            resource,
            timeout_seconds: self.opt_u64(o, "TimeoutSeconds", ptr),
            heartbeat_seconds: self.opt_u64(o, "HeartbeatSeconds", ptr),
        }
    }

    fn parallel(
        &mut self,
        o: &Object<String, Value>,
        ptr: &str,
        ql: QueryLanguage,
    ) -> Option<Parallel> {
        let bptr = format!("{ptr}/Branches");
        let mut branches = Vec::new();
        match o.get("Branches") {
            Some(Value::Array(a)) => {
                for (i, b) in a.iter().enumerate() {
                    let p = format!("{bptr}/{i}");
                    match b.as_object() {
                        Some(bo) => branches.extend(self.machine(bo, &p, Scope::Branch, ql)),
                        None => self.error("INVALID_TYPE", "A branch must be an object", &p),
                    }
                }
            }
            Some(_) => self.error("INVALID_TYPE", "'Branches' must be an array", &bptr),
            None => self.error(
                "MISSING_FIELD",
                "These fields are required: [Branches]",
                ptr,
            ),
        }
        Some(Parallel { branches })
    }

    fn map_state(
        &mut self,
        o: &Object<String, Value>,
        ptr: &str,
        ql: QueryLanguage,
    ) -> Option<Map> {
        let (key, legacy) = match (o.get("ItemProcessor"), o.get("Iterator")) {
            (Some(_), Some(_)) => {
                self.key_error(
                    "INVALID_VALUE",
                    "A Map state cannot have both 'ItemProcessor' and 'Iterator'",
                    &format!("{ptr}/Iterator"),
                );
                ("ItemProcessor", false)
            }
            (Some(_), None) => ("ItemProcessor", false),
            (None, Some(_)) => ("Iterator", true),
            (None, None) => {
                self.error(
                    "MISSING_FIELD",
                    "These fields are required: [ItemProcessor] (or the legacy Iterator)",
                    ptr,
                );
                return None;
            }
        };
        let pptr = format!("{ptr}/{key}");
        let Some(po) = o.get(key).and_then(Value::as_object) else {
            self.error("INVALID_TYPE", format!("'{key}' must be an object"), &pptr);
            return None;
        };
        let processor = self.machine(po, &pptr, Scope::Processor, ql)?;
        let mode = po
            .get("ProcessorConfig")
            .and_then(|c| c.get("Mode"))
            .and_then(Value::as_str);
        let distributed = mode == Some("DISTRIBUTED");
        if distributed {
            self.unsupported(
                "Distributed Map (Mode: DISTRIBUTED) is not supported by the playground yet",
                &format!("{pptr}/ProcessorConfig/Mode"),
            );
        }
        for k in [
            "ItemReader",
            "ItemBatcher",
            "ResultWriter",
            "ToleratedFailureCount",
            "ToleratedFailurePercentage",
            "ToleratedFailureCountPath",
            "ToleratedFailurePercentagePath",
            "MaxConcurrencyPath",
            "Label",
        ] {
            if o.contains_key(k) {
                self.unsupported(
                    format!("'{k}' is not supported by the playground yet"),
                    &format!("{ptr}/{k}"),
                );
            }
        }
        let item_selector = match (o.get("ItemSelector"), o.get("Parameters")) {
            (Some(_), Some(_)) => {
                self.key_error(
                    "INVALID_VALUE",
                    "A Map state cannot have both 'ItemSelector' and 'Parameters'",
                    &format!("{ptr}/Parameters"),
                );
                self.template(o, "ItemSelector", ptr)
            }
            (Some(_), None) => self.template(o, "ItemSelector", ptr),
            (None, Some(_)) => self.template(o, "Parameters", ptr),
            (None, None) => None,
        };
        Some(Map {
            processor,
            legacy_iterator: legacy,
            distributed,
            items_path: self
                .path_field(o, "ItemsPath", ptr)
                .flatten()
                .unwrap_or_else(Path::root),
            item_selector,
            max_concurrency: self.opt_u64(o, "MaxConcurrency", ptr).unwrap_or(0),
        })
    }

    fn error_equals(&mut self, o: &Object<String, Value>, ptr: &str) -> Vec<String> {
        match o.get("ErrorEquals") {
            Some(Value::Array(a)) if !a.is_empty() => {
                let names: Vec<String> = a
                    .iter()
                    .filter_map(|v| v.as_str().map(String::from))
                    .collect();
                if names.len() != a.len() {
                    self.error(
                        "INVALID_TYPE",
                        "'ErrorEquals' must list error names (strings)",
                        &format!("{ptr}/ErrorEquals"),
                    );
                }
                if names.iter().any(|n| n == crate::errors::ALL) && names.len() > 1 {
                    self.error(
                        "INVALID_VALUE",
                        "'States.ALL' must appear alone in 'ErrorEquals'",
                        &format!("{ptr}/ErrorEquals"),
                    );
                }
                names
            }
            _ => {
                self.error(
                    "MISSING_FIELD",
                    "'ErrorEquals' must be a non-empty array",
                    ptr,
                );
                Vec::new()
            }
        }
    }

    fn retriers(&mut self, o: &Object<String, Value>, ptr: &str) -> Vec<Retrier> {
        let Some(v) = o.get("Retry") else {
            return Vec::new();
        };
        let rptr = format!("{ptr}/Retry");
        let Some(a) = v.as_array() else {
            self.error("INVALID_TYPE", "'Retry' must be an array", &rptr);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, r) in a.iter().enumerate() {
            let p = format!("{rptr}/{i}");
            let Some(ro) = r.as_object() else {
                self.error("INVALID_TYPE", "A retrier must be an object", &p);
                continue;
            };
            for k in ro.keys() {
                if ![
                    "ErrorEquals",
                    "IntervalSeconds",
                    "MaxAttempts",
                    "BackoffRate",
                    "MaxDelaySeconds",
                    "JitterStrategy",
                    "Comment",
                ]
                .contains(&k.as_str())
                {
                    self.key_error(
                        "UNKNOWN_FIELD",
                        format!("Field '{k}' is not supported in a retrier"),
                        &format!("{p}/{}", escape_segment(k)),
                    );
                }
            }
            let jitter = self.opt_string(ro, "JitterStrategy", &p);
            out.push(Retrier {
                error_equals: self.error_equals(ro, &p),
                interval_seconds: self.opt_f64(ro, "IntervalSeconds", &p).unwrap_or(1.0),
                max_attempts: self.opt_u64(ro, "MaxAttempts", &p).unwrap_or(3),
                backoff_rate: self.opt_f64(ro, "BackoffRate", &p).unwrap_or(2.0),
                max_delay_seconds: self.opt_f64(ro, "MaxDelaySeconds", &p),
                full_jitter: jitter.as_deref() == Some("FULL"),
            });
        }
        out
    }

    fn catchers(&mut self, o: &Object<String, Value>, ptr: &str) -> Vec<Catcher> {
        let Some(v) = o.get("Catch") else {
            return Vec::new();
        };
        let cptr = format!("{ptr}/Catch");
        let Some(a) = v.as_array() else {
            self.error("INVALID_TYPE", "'Catch' must be an array", &cptr);
            return Vec::new();
        };
        let mut out = Vec::new();
        for (i, c) in a.iter().enumerate() {
            let p = format!("{cptr}/{i}");
            let Some(co) = c.as_object() else {
                self.error("INVALID_TYPE", "A catcher must be an object", &p);
                continue;
            };
            for k in co.keys() {
                if ![
                    "ErrorEquals",
                    "Next",
                    "ResultPath",
                    "Comment",
                    "Output",
                    "Assign",
                ]
                .contains(&k.as_str())
                {
                    self.key_error(
                        "UNKNOWN_FIELD",
                        format!("Field '{k}' is not supported in a catcher"),
                        &format!("{p}/{}", escape_segment(k)),
                    );
                }
            }
            let next = self.opt_string(co, "Next", &p);
            if next.is_none() {
                self.error("MISSING_FIELD", "These fields are required: [Next]", &p);
            }
            out.push(Catcher {
                error_equals: self.error_equals(co, &p),
                next: next.unwrap_or_default(),
                result_path: self
                    .path_field(co, "ResultPath", &p)
                    .unwrap_or_else(|| Some(Path::root())),
            });
        }
        out
    }
}
