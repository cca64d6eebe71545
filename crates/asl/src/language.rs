//! The language as the definition editor knows it: the fields each object may have in each
//! query language, what every field and function means, the state types, the standard error
//! names, the intrinsic functions and the JSONata functions. All of it is read from the
//! interpreter's own tables ([`crate::definition::schema`], [`crate::intrinsics::FUNCTIONS`],
//! [`crate::errors::STANDARD`], [`crate::query::library`]), so the editor never offers what
//! the interpreter rejects.

use serde_json::{json, Map, Value};

use crate::definition::schema::{self, MachineScope};
use crate::definition::QueryLanguage;

const LANGUAGES: [(QueryLanguage, &str); 2] = [
    (QueryLanguage::JsonPath, "JSONPath"),
    (QueryLanguage::JsonAta, "JSONata"),
];

/// The editor's model, as JSON:
///
/// ```text
/// { "stateTypes": [name…], "queryLanguages": ["JSONPath", "JSONata"],
///   "stateFields": { Type: { JSONPath: [field…], JSONata: [field…] } },
///   "machineFields": { top|branch|processor: [field…] },
///   "retrierFields": [field…], "jitterStrategies": ["FULL", "NONE"],
///   "catcherFields": { JSONPath: [field…], JSONata: [field…] },
///   "choiceRuleFields": { JSONPath: [field…], JSONata: [field…] },
///   "docs": { field or state type: { summary, url } },
///   "errors": [{ name, summary }],
///   "intrinsics": [{ name, params, summary, url }],
///   "jsonata": [{ name, params, signature, summary, url }] }
/// ```
pub fn editor_model() -> Value {
    let per_language = |f: &dyn Fn(QueryLanguage) -> Vec<&'static str>| {
        let mut m = Map::new();
        for (ql, name) in LANGUAGES {
            m.insert(name.to_string(), json!(f(ql)));
        }
        Value::Object(m)
    };
    let mut state_fields = Map::new();
    for t in schema::STATE_TYPES {
        state_fields.insert(
            t.name.to_string(),
            per_language(&|ql| schema::allowed(t.name, ql)),
        );
    }
    let mut docs = Map::new();
    for f in schema::STATE_TYPES.iter().chain(schema::FIELDS) {
        docs.insert(
            f.name.to_string(),
            json!({ "summary": f.summary, "url": format!("{}{}", schema::GUIDE, f.page) }),
        );
    }
    for op in schema::choice_rule_fields(QueryLanguage::JsonPath) {
        if let Some(summary) = schema::operator_summary(op) {
            docs.insert(
                op.to_string(),
                json!({ "summary": summary, "url": format!("{}state-choice.html", schema::GUIDE) }),
            );
        }
    }
    let mut errors: Vec<Value> = crate::errors::STANDARD
        .iter()
        .map(|(name, summary)| json!({ "name": name, "summary": summary }))
        .collect();
    errors.extend(crate::host::faults::FaultKind::ALL.iter().map(|k| {
        json!({ "name": k.error(), "summary": "A failure of the Lambda service itself (the playground can inject it): retry it." })
    }));
    let intrinsics: Vec<Value> = crate::intrinsics::FUNCTIONS
        .iter()
        .map(|f| {
            json!({ "name": f.name, "params": f.signature, "summary": f.summary,
            "url": format!("{}intrinsic-functions.html", schema::GUIDE) })
        })
        .collect();
    let jsonata: Vec<Value> = crate::query::library::functions()
        .into_iter()
        .map(|f| {
            json!({ "name": f.name, "params": f.params, "signature": f.signature,
            "summary": f.summary, "url": format!("{}transforming-data.html", schema::GUIDE) })
        })
        .collect();
    json!({
        "stateTypes": schema::STATE_TYPES.iter().map(|t| t.name).collect::<Vec<_>>(),
        "queryLanguages": LANGUAGES.iter().map(|(_, n)| *n).collect::<Vec<_>>(),
        "stateFields": state_fields,
        "machineFields": {
            "top": schema::machine_fields(MachineScope::Top),
            "branch": schema::machine_fields(MachineScope::Branch),
            "processor": schema::machine_fields(MachineScope::Processor),
        },
        "retrierFields": schema::RETRIER_FIELDS,
        "jitterStrategies": schema::JITTER_STRATEGIES,
        "catcherFields": per_language(&schema::catcher_fields),
        "choiceRuleFields": per_language(&schema::choice_rule_fields),
        "docs": docs,
        "errors": errors,
        "intrinsics": intrinsics,
        "jsonata": jsonata,
    })
}

#[cfg(test)]
mod tests;
