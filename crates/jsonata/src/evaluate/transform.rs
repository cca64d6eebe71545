//! Transforms `| pattern | update [, delete] |`: a function that returns a copy of its
//! argument with each object the pattern selects updated (fields merged in, fields deleted).
//!
//! Copy on write: the argument is not cloned; the objects selected are changed in copies, and
//! only the containers on the way from the root to them are rebuilt.

use std::collections::HashMap;
use std::rc::Rc;

use super::plan::{Node, TransformDef, TRANSFORM_ARGUMENT};
use super::scope::Env;
use super::{error, error_about, Evaluator, Fallible};
use crate::value::{Array, Object, Value};

impl Evaluator<'_> {
    /// The transform function's body: its argument (bound in `env`) transformed.
    pub(super) fn transform(
        &mut self,
        node: &Node,
        def: &TransformDef,
        env: &Env,
    ) -> Fallible<Value> {
        let obj = env.lookup(TRANSFORM_ARGUMENT).unwrap_or_default();
        if obj.is_undefined() {
            return Ok(Value::Undefined);
        }
        // a `$clone` the expression rebinds is called as jsonata-js calls it
        let clone = env.lookup("clone");
        let base = match &clone {
            None => obj,
            Some(f @ Value::Function(_)) => {
                let f = f.clone();
                self.apply(&f, vec![obj], &Value::Undefined, env, node.position, false)?
            }
            Some(_) => return Err(error("T2013", node.position, None)),
        };
        let matches = self.eval(&def.pattern, &base, env)?;
        let matches: Vec<Value> = match matches {
            Value::Undefined => Vec::new(),
            Value::Array(a) => a.items.clone(),
            other => vec![other],
        };
        let mut changed: HashMap<*const Object, Object> = HashMap::new();
        for m in &matches {
            let current = match m {
                Value::Object(o) => match changed.get(&Rc::as_ptr(o)) {
                    Some(c) => Value::object(c.clone()),
                    None => m.clone(),
                },
                other => other.clone(),
            };
            let update = self.eval(&def.update, &current, env)?;
            let mut fields: Option<Object> = match &m {
                Value::Object(o) => Some(
                    changed
                        .remove(&Rc::as_ptr(o))
                        .unwrap_or_else(|| (**o).clone()),
                ),
                _ => None,
            };
            match &update {
                Value::Undefined => {}
                Value::Object(u) => {
                    if let Some(f) = &mut fields {
                        for (k, v) in u.iter() {
                            f.insert(k.clone(), v.clone());
                        }
                    }
                }
                other => return Err(error_about("T2011", def.update.position, None, other, None)),
            }
            if let Some(d) = &def.delete {
                let deletions = self.eval(d, &current, env)?;
                let names: Vec<Value> = match &deletions {
                    Value::Undefined => Vec::new(),
                    Value::Array(a) => a.items.clone(),
                    other => vec![other.clone()],
                };
                if !names.iter().all(|n| matches!(n, Value::String(_))) {
                    return Err(error_about("T2012", d.position, None, &deletions, None));
                }
                if let Some(f) = &mut fields {
                    for n in &names {
                        if let Value::String(s) = n {
                            f.shift_remove(&**s);
                        }
                    }
                }
            }
            if let (Value::Object(o), Some(f)) = (m, fields) {
                changed.insert(Rc::as_ptr(o), f);
            }
        }
        // jsonata-js returns a clone: never the argument itself (`in` tells them apart)
        Ok(rebuild(&base, &mut changed).unwrap_or_else(|| fresh(&base)))
    }
}

/// A new container holding the same items (a top-level copy).
fn fresh(v: &Value) -> Value {
    match v {
        Value::Object(o) => Value::object((**o).clone()),
        Value::Array(a) => Value::Array(Rc::new((**a).clone())),
        other => other.clone(),
    }
}

/// The value with each changed object replaced; `None` when nothing in it changed.
fn rebuild(v: &Value, changed: &mut HashMap<*const Object, Object>) -> Option<Value> {
    match v {
        Value::Object(o) => {
            let own = changed.remove(&Rc::as_ptr(o));
            let source: &Object = own.as_ref().unwrap_or(o);
            let mut out: Option<Object> = None;
            for (i, (_, child)) in source.iter().enumerate() {
                if let Some(new) = rebuild(child, changed) {
                    let target = out.get_or_insert_with(|| source.clone());
                    if let Some((_, slot)) = target.get_index_mut(i) {
                        *slot = new;
                    }
                }
            }
            match (out, own) {
                (Some(o), _) => Some(Value::object(o)),
                (None, Some(o)) => Some(Value::object(o)),
                (None, None) => None,
            }
        }
        Value::Array(a) => {
            let mut out: Option<Vec<Value>> = None;
            for (i, child) in a.items.iter().enumerate() {
                if let Some(new) = rebuild(child, changed) {
                    out.get_or_insert_with(|| a.items.clone())[i] = new;
                }
            }
            out.map(|items| {
                Value::Array(Rc::new(Array {
                    items,
                    sequence: a.sequence,
                    keep_singleton: a.keep_singleton,
                    outer_wrapper: a.outer_wrapper,
                    cons: a.cons,
                }))
            })
        }
        _ => None,
    }
}
