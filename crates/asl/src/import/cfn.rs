//! CloudFormation's intrinsic functions, as far as a template's state machines need them:
//! `Ref`, `Fn::GetAtt`, `Fn::Sub` (a string, or `[string, variables]`), `Fn::Join`,
//! `Fn::Select` and the pseudo parameters, evaluated for the playground's account and Region.
//! What a reference names that the playground does not have (a table, a queue) is replaced
//! by its logical id, with a note.

use std::cell::RefCell;
use std::collections::HashMap;

use serde_json::{Map, Value};

use super::{ImportError, Place};

/// What names resolve to while importing one template.
#[derive(Debug)]
pub struct Scope<'a> {
    place: &'a Place,
    /// The template's `Resources`.
    resources: &'a Map<String, Value>,
    /// The template's `Parameters`.
    parameters: Option<&'a Map<String, Value>>,
    /// What `Ref` gives for a logical id the playground knows.
    refs: HashMap<String, String>,
    /// What `Fn::GetAtt [id, attribute]` gives.
    attributes: HashMap<(String, String), String>,
    /// Stand-ins used so far (a note each).
    notes: RefCell<Vec<String>>,
}

/// The deepest nesting of intrinsic functions evaluated.
const MAX_DEPTH: usize = 64;

impl<'a> Scope<'a> {
    /// A scope for the template `doc` placed in `place`.
    pub fn new(doc: &'a Value, resources: &'a Map<String, Value>, place: &'a Place) -> Self {
        Self {
            place,
            resources,
            parameters: doc.get("Parameters").and_then(Value::as_object),
            refs: HashMap::new(),
            attributes: HashMap::new(),
            notes: RefCell::default(),
        }
    }

    /// `Ref id` gives `value`.
    pub fn define_ref(&mut self, id: &str, value: String) {
        self.refs.insert(id.to_string(), value);
    }

    /// `Fn::GetAtt [id, attribute]` gives `value`.
    pub fn define_attribute(&mut self, id: &str, attribute: &str, value: String) {
        self.attributes
            .insert((id.to_string(), attribute.to_string()), value);
    }

    /// The notes about stand-ins, taken.
    pub fn take_notes(&self) -> Vec<String> {
        std::mem::take(&mut *self.notes.borrow_mut())
    }

    fn note(&self, text: String) {
        let mut notes = self.notes.borrow_mut();
        if !notes.contains(&text) {
            notes.push(text);
        }
    }

    /// What `Ref name` gives: a pseudo parameter, a parameter's default, a known resource,
    /// else (with a note) the name itself.
    fn reference(&self, name: &str, at: &str) -> Result<Value, ImportError> {
        let p = self.place;
        let pseudo = match name {
            "AWS::Region" => Some(p.region.clone()),
            "AWS::AccountId" => Some(p.account.clone()),
            "AWS::Partition" => Some("aws".into()),
            "AWS::URLSuffix" => Some("amazonaws.com".into()),
            "AWS::StackName" => Some("asl-playground".into()),
            "AWS::StackId" => Some(format!(
                "arn:aws:cloudformation:{}:{}:stack/asl-playground/00000000-0000-0000-0000-000000000000",
                p.region, p.account
            )),
            "AWS::NoValue" => return Ok(Value::Null),
            _ => None,
        };
        if let Some(v) = pseudo {
            return Ok(Value::String(v));
        }
        if let Some(v) = self.refs.get(name) {
            return Ok(Value::String(v.clone()));
        }
        if let Some(param) = self.parameters.and_then(|ps| ps.get(name)) {
            return match param.get("Default") {
                Some(d) => self.resolve(d, at, 0),
                None => Err(ImportError::at(
                    at,
                    format!("Ref {name}: the parameter {name} has no Default, and the playground cannot ask for its value"),
                )),
            };
        }
        if self.resources.contains_key(name) {
            self.note(format!(
                "Ref {name} stands for the resource {name} itself (the playground does not create it)"
            ));
            return Ok(Value::String(name.to_string()));
        }
        Err(ImportError::at(
            at,
            format!("Ref {name}: no resource or parameter of the template is named {name}"),
        ))
    }

    /// What `Fn::GetAtt [id, attribute]` gives.
    fn attribute(&self, id: &str, attribute: &str, at: &str) -> Result<Value, ImportError> {
        if let Some(v) = self
            .attributes
            .get(&(id.to_string(), attribute.to_string()))
        {
            return Ok(Value::String(v.clone()));
        }
        if self.resources.contains_key(id) {
            let stand_in = format!("{id}.{attribute}");
            self.note(format!(
                "Fn::GetAtt {stand_in} stands for itself (the playground does not create {id})"
            ));
            return Ok(Value::String(stand_in));
        }
        Err(ImportError::at(
            at,
            format!("Fn::GetAtt {id}.{attribute}: no resource of the template is named {id}"),
        ))
    }

    /// `value` with every intrinsic function in it evaluated.
    pub fn resolve(&self, value: &Value, at: &str, depth: usize) -> Result<Value, ImportError> {
        if depth > MAX_DEPTH {
            return Err(ImportError::at(at, "Intrinsic functions nested too deeply"));
        }
        match value {
            Value::Object(m) if m.len() == 1 => {
                let (key, arg) = m.iter().next().map_or(("", &Value::Null), |(k, v)| (k, v));
                let inner = format!("{at}/{}", crate::definition::escape_segment(key));
                if key == "Ref" {
                    return match arg {
                        Value::String(name) => self.reference(name, &inner),
                        _ => Err(ImportError::at(inner, "Ref takes a name")),
                    };
                }
                if let Some(function) = key.strip_prefix("Fn::") {
                    return self.function(function, arg, &inner, depth);
                }
                self.resolve_members(m, at, depth)
            }
            Value::Object(m) => self.resolve_members(m, at, depth),
            Value::Array(items) => items
                .iter()
                .enumerate()
                .map(|(i, v)| self.resolve(v, &format!("{at}/{i}"), depth + 1))
                .collect::<Result<_, _>>()
                .map(Value::Array),
            other => Ok(other.clone()),
        }
    }

    fn resolve_members(
        &self,
        m: &Map<String, Value>,
        at: &str,
        depth: usize,
    ) -> Result<Value, ImportError> {
        let mut out = Map::new();
        for (k, v) in m {
            let inner = format!("{at}/{}", crate::definition::escape_segment(k));
            out.insert(k.clone(), self.resolve(v, &inner, depth + 1)?);
        }
        Ok(Value::Object(out))
    }

    /// `value` evaluated, which must give a string.
    pub fn string(&self, value: &Value, at: &str, depth: usize) -> Result<String, ImportError> {
        match self.resolve(value, at, depth)? {
            Value::String(s) => Ok(s),
            Value::Number(n) => Ok(n.to_string()),
            Value::Bool(b) => Ok(b.to_string()),
            _ => Err(ImportError::at(at, "Expected a string here")),
        }
    }

    fn function(
        &self,
        function: &str,
        arg: &Value,
        at: &str,
        depth: usize,
    ) -> Result<Value, ImportError> {
        match function {
            "GetAtt" => {
                let parts: Vec<String> = match arg {
                    Value::String(s) => s.splitn(2, '.').map(str::to_string).collect(),
                    Value::Array(items) => items
                        .iter()
                        .enumerate()
                        .map(|(i, v)| self.string(v, &format!("{at}/{i}"), depth + 1))
                        .collect::<Result<_, _>>()?,
                    _ => vec![],
                };
                match parts.as_slice() {
                    [id, attribute] => self.attribute(id, attribute, at),
                    _ => Err(ImportError::at(
                        at,
                        "Fn::GetAtt takes [LogicalId, Attribute] (or LogicalId.Attribute)",
                    )),
                }
            }
            "Sub" => {
                let (template, vars) = match arg {
                    Value::String(s) => (s.clone(), Map::new()),
                    Value::Array(items) if items.len() == 2 => {
                        let template = match &items[0] {
                            Value::String(s) => s.clone(),
                            _ => {
                                return Err(ImportError::at(
                                    format!("{at}/0"),
                                    "Fn::Sub's first item is the string to substitute into",
                                ))
                            }
                        };
                        let mut vars = Map::new();
                        if let Some(m) = items[1].as_object() {
                            for (k, v) in m {
                                let inner =
                                    format!("{at}/1/{}", crate::definition::escape_segment(k));
                                vars.insert(k.clone(), Value::String(self.string(v, &inner, depth + 1)?));
                            }
                        } else {
                            return Err(ImportError::at(
                                format!("{at}/1"),
                                "Fn::Sub's second item maps variable names to values",
                            ));
                        }
                        (template, vars)
                    }
                    _ => {
                        return Err(ImportError::at(
                            at,
                            "Fn::Sub takes a string or [string, {variables}]",
                        ))
                    }
                };
                Ok(Value::String(self.sub(&template, &vars, at)?))
            }
            "Join" => {
                let (sep, items) = match arg.as_array().map(Vec::as_slice) {
                    Some([Value::String(sep), list]) => (sep.clone(), list),
                    _ => {
                        return Err(ImportError::at(
                            at,
                            "Fn::Join takes [separator, [values]]",
                        ))
                    }
                };
                let list = match self.resolve(items, &format!("{at}/1"), depth + 1)? {
                    Value::Array(list) => list,
                    _ => return Err(ImportError::at(format!("{at}/1"), "Fn::Join joins a list")),
                };
                let mut parts = Vec::with_capacity(list.len());
                for (i, v) in list.iter().enumerate() {
                    match v {
                        Value::String(s) => parts.push(s.clone()),
                        Value::Number(n) => parts.push(n.to_string()),
                        _ => {
                            return Err(ImportError::at(
                                format!("{at}/1/{i}"),
                                "Fn::Join joins strings",
                            ))
                        }
                    }
                }
                Ok(Value::String(parts.join(&sep)))
            }
            "Select" => match arg.as_array().map(Vec::as_slice) {
                Some([index, list]) => {
                    let i = self.string(index, &format!("{at}/0"), depth + 1)?;
                    let list = self.resolve(list, &format!("{at}/1"), depth + 1)?;
                    i.parse::<usize>()
                        .ok()
                        .and_then(|i| list.as_array().and_then(|l| l.get(i)).cloned())
                        .ok_or_else(|| ImportError::at(at, "Fn::Select: no such item"))
                }
                _ => Err(ImportError::at(at, "Fn::Select takes [index, [values]]")),
            },
            other => Err(ImportError::at(
                at,
                format!("Fn::{other} is not evaluated by the import (Ref, Fn::GetAtt, Fn::Sub, Fn::Join and Fn::Select are)"),
            )),
        }
    }

    /// `template` with `${Name}`, `${Id.Attribute}` and `${!Literal}` substituted; a name the
    /// scope does not know stays as it is (a `DefinitionSubstitutions` entry may fill it).
    pub fn sub(
        &self,
        template: &str,
        vars: &Map<String, Value>,
        at: &str,
    ) -> Result<String, ImportError> {
        let mut out = String::with_capacity(template.len());
        let mut rest = template;
        while let Some(start) = rest.find("${") {
            out.push_str(&rest[..start]);
            let after = &rest[start + 2..];
            let Some(end) = after.find('}') else {
                out.push_str(&rest[start..]);
                rest = "";
                break;
            };
            let name = &after[..end];
            rest = &after[end + 1..];
            if let Some(literal) = name.strip_prefix('!') {
                out.push_str("${");
                out.push_str(literal);
                out.push('}');
                continue;
            }
            let known = if let Some(v) = vars.get(name) {
                v.as_str().map(str::to_string)
            } else if let Some((id, attribute)) = name.split_once('.') {
                (self.resources.contains_key(id))
                    .then(|| self.attribute(id, attribute, at))
                    .transpose()?
                    .and_then(|v| v.as_str().map(str::to_string))
            } else if name.starts_with("AWS::")
                || self.refs.contains_key(name)
                || self.parameters.is_some_and(|p| p.contains_key(name))
                || self.resources.contains_key(name)
            {
                self.reference(name, at)?.as_str().map(str::to_string)
            } else {
                None
            };
            match known {
                Some(v) => out.push_str(&v),
                None => {
                    out.push_str("${");
                    out.push_str(name);
                    out.push('}');
                }
            }
        }
        out.push_str(rest);
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn evaluates_what_state_machines_use() {
        let place = Place {
            account: "111122223333".into(),
            region: "eu-west-1".into(),
        };
        let doc = json!({"Parameters": {"Stage": {"Type": "String", "Default": "dev"}, "Bare": {"Type": "String"}},
            "Resources": {"Fn": {}, "Table": {}}});
        let resources = doc["Resources"].as_object().unwrap().clone();
        let mut scope = Scope::new(&doc, &resources, &place);
        scope.define_attribute(
            "Fn",
            "Arn",
            "arn:aws:lambda:eu-west-1:111122223333:function:F".into(),
        );
        scope.define_ref("Fn", "F".into());
        let eval = |v: Value| scope.resolve(&v, "", 0);
        assert_eq!(
            eval(json!({"Fn::GetAtt": ["Fn", "Arn"]})).unwrap(),
            json!("arn:aws:lambda:eu-west-1:111122223333:function:F")
        );
        assert_eq!(
            eval(json!({"Fn::GetAtt": "Fn.Arn"})).unwrap(),
            json!("arn:aws:lambda:eu-west-1:111122223333:function:F")
        );
        assert_eq!(eval(json!({"Ref": "Fn"})).unwrap(), json!("F"));
        assert_eq!(
            eval(json!({"Fn::Sub": "arn:${AWS::Partition}:x:${AWS::Region}:${AWS::AccountId}:${Stage}-${Fn}-${Fn.Arn}-${!Keep}-${Unknown}"})).unwrap(),
            json!("arn:aws:x:eu-west-1:111122223333:dev-F-arn:aws:lambda:eu-west-1:111122223333:function:F-${Keep}-${Unknown}")
        );
        assert_eq!(
            eval(json!({"Fn::Sub": ["${A}/${B}", {"A": {"Ref": "Fn"}, "B": "b"}]})).unwrap(),
            json!("F/b")
        );
        assert_eq!(
            eval(json!({"Fn::Join": ["-", ["a", {"Ref": "Stage"}, 3]]})).unwrap(),
            json!("a-dev-3")
        );
        assert_eq!(
            eval(json!({"Fn::Select": [1, ["a", "b"]]})).unwrap(),
            json!("b")
        );
        assert_eq!(eval(json!({"Ref": "Table"})).unwrap(), json!("Table"));
        assert_eq!(scope.take_notes().len(), 1);
        assert!(eval(json!({"Ref": "Bare"}))
            .unwrap_err()
            .message
            .contains("no Default"));
        assert_eq!(
            eval(json!({"x": [{"Ref": "Nope"}]})).unwrap_err().pointer,
            "/x/0/Ref"
        );
        assert!(eval(json!({"Fn::If": ["C", 1, 2]})).is_err());
        assert!(eval(json!({"Fn::Sub": 3})).is_err());
        assert!(eval(json!({"Fn::Join": ["-", [{}]]})).is_err());
        assert_eq!(eval(json!({"Fn::Sub": "${open"})).unwrap(), json!("${open"));
    }
}
