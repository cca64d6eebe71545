//! Constructors: arrays `[…]`, objects `{…}` and grouping `path{k: v}` (an object constructor
//! groups its input's items by key).

use std::rc::Rc;

use indexmap::IndexMap;

use super::path::Tuple;
use super::plan::{Group, Kind, Node};
use super::scope::Env;
use super::{error_about, Evaluator, Fallible};
use crate::value::{Array, Object, Value};

/// What is grouped: values, or a tuple stream's tuples.
pub(crate) enum Grouped {
    Values(Value),
    Tuples(Vec<Tuple>),
}

/// jsonata-js `$append`: two values as one plain array (undefined ignored).
pub(crate) fn append(a: Value, b: Value) -> Value {
    if a.is_undefined() {
        return b;
    }
    if b.is_undefined() {
        return a;
    }
    let mut items = match a {
        Value::Array(arr) => match Rc::try_unwrap(arr) {
            Ok(owned) => owned.items,
            Err(shared) => shared.items.clone(),
        },
        other => vec![other],
    };
    match b {
        Value::Array(arr) => items.extend(arr.items.iter().cloned()),
        other => items.push(other),
    }
    Value::array(items)
}

/// What one group collected.
enum Data {
    Values(Value),
    Tuples(Vec<Tuple>),
}

impl Evaluator<'_> {
    /// `[a, b, …]`: each item's value (a sequence's items spliced in, a nested array kept).
    pub(super) fn array(
        &mut self,
        node: &Node,
        items: &[Node],
        input: &Value,
        env: &Env,
    ) -> Fallible<Value> {
        let mut out: Vec<Value> = Vec::new();
        for item in items {
            let v = self.eval(item, input, env)?;
            self.depths.check(&v, node.position)?;
            match v {
                Value::Undefined => {}
                v if matches!(item.kind, Kind::Array(_)) => out.push(v),
                Value::Array(a) => match Rc::try_unwrap(a) {
                    Ok(owned) if out.is_empty() => out = owned.items,
                    Ok(owned) => out.extend(owned.items),
                    Err(shared) => out.extend(shared.items.iter().cloned()),
                },
                v => out.push(v),
            }
        }
        // an array that doubles on each call of a loop ends with an error, not out of memory
        self.charge_items(out.len() as u64, node.position)?;
        Ok(Value::Array(Rc::new(Array {
            items: out,
            cons: node.cons_array,
            ..Array::default()
        })))
    }

    /// Groups the input's items by each pair's key, then evaluates the pair's value over
    /// each group: an object.
    pub(super) fn group(&mut self, group: &Group, input: Grouped, env: &Env) -> Fallible<Value> {
        let mut groups: IndexMap<String, (Data, usize)> = IndexMap::new();
        match input {
            Grouped::Values(input) => {
                let single;
                let items: &[Value] = match &input {
                    Value::Array(a) if !a.items.is_empty() => &a.items,
                    Value::Array(_) => &[Value::Undefined],
                    other => {
                        single = [other.clone()];
                        &single
                    }
                };
                for item in items {
                    for (i, (k, _)) in group.pairs.iter().enumerate() {
                        let Some(key) = self.group_key(group, k, item, env)? else {
                            continue;
                        };
                        match groups.get_mut(&key) {
                            Some((data, index)) => {
                                if *index != i {
                                    return Err(d1009(group, &key));
                                }
                                if let Data::Values(v) = data {
                                    *v = append(std::mem::take(v), item.clone());
                                }
                            }
                            None => {
                                groups.insert(key, (Data::Values(item.clone()), i));
                            }
                        }
                    }
                }
            }
            Grouped::Tuples(tuples) => {
                let tuples = if tuples.is_empty() {
                    vec![Tuple::default()]
                } else {
                    tuples
                };
                for t in &tuples {
                    let frame = t.frame(env);
                    for (i, (k, _)) in group.pairs.iter().enumerate() {
                        let Some(key) = self.group_key(group, k, &t.at, &frame)? else {
                            continue;
                        };
                        match groups.get_mut(&key) {
                            Some((data, index)) => {
                                if *index != i {
                                    return Err(d1009(group, &key));
                                }
                                if let Data::Tuples(ts) = data {
                                    ts.push(t.clone());
                                }
                            }
                            None => {
                                groups.insert(key, (Data::Tuples(vec![t.clone()]), i));
                            }
                        }
                    }
                }
            }
        }
        let mut result = Object::with_capacity(groups.len());
        for (key, (data, index)) in groups {
            let value_node = &group.pairs[index].1;
            let value = match data {
                Data::Values(context) => self.eval(value_node, &context, env)?,
                Data::Tuples(ts) => {
                    let reduced = reduce(ts);
                    let frame = reduced.frame(env);
                    self.eval(value_node, &reduced.at, &frame)?
                }
            };
            if !value.is_undefined() {
                self.depths.check(&value, group.position)?;
                result.insert(key, value);
            }
        }
        Ok(Value::object(result))
    }

    fn group_key(
        &mut self,
        group: &Group,
        k: &Node,
        item: &Value,
        env: &Env,
    ) -> Fallible<Option<String>> {
        match self.eval(k, item, env)? {
            Value::String(s) => Ok(Some(s.to_string())),
            Value::Undefined => Ok(None),
            other => Err(error_about("T1003", group.position, None, &other, None)),
        }
    }
}

fn d1009(group: &Group, key: &str) -> Box<crate::Error> {
    error_about("D1009", group.position, None, &Value::string(key), None)
}

/// jsonata-js `reduceTupleStream`: a group's tuples as one, each binding's values appended.
fn reduce(tuples: Vec<Tuple>) -> Tuple {
    let mut iter = tuples.into_iter();
    let mut result = iter.next().unwrap_or_default();
    for t in iter {
        result.at = append(std::mem::take(&mut result.at), t.at);
        for (name, v) in t.vars {
            match result.vars.iter_mut().find(|(n, _)| *n == name) {
                Some(slot) => slot.1 = append(std::mem::take(&mut slot.1), v),
                None => result.vars.push((name, v)),
            }
        }
    }
    result
}
