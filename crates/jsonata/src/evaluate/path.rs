//! Paths: location paths step by step, with sequence semantics (each step maps over the items
//! of the one before and flattens), predicates, `*`, `**`, and tuple streams — the mode a path
//! runs in when a step binds `@$v`/`#$v` or a `%` climbs back to it, where each item carries
//! its variable bindings along.

use std::rc::Rc;

use super::constructors::Grouped;
use super::plan::{Kind, Name, Node, Stage};
use super::scope::{Env, Frame};
use super::{operators, Evaluator, Fallible};
use crate::functions::object::in_property_order;
use crate::value::{Array, Value};

/// An item of a tuple stream: the context item (`@`) and the variables bound for it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tuple {
    /// The item.
    pub at: Value,
    /// Focus, index and ancestor bindings.
    pub vars: Vec<(Name, Value)>,
}

impl Tuple {
    fn set(&mut self, name: &Name, value: Value) {
        if let Some(slot) = self.vars.iter_mut().find(|(n, _)| n == name) {
            slot.1 = value;
        } else {
            self.vars.push((name.clone(), value));
        }
    }

    /// A frame holding the tuple's bindings.
    pub fn frame(&self, env: &Env) -> Env {
        if self.vars.is_empty() {
            return env.clone();
        }
        Frame::with(env, self.vars.clone())
    }
}

/// What a step of a tuple stream gives: plain values or tuples (a path or block that keeps
/// its ancestry).
pub(crate) enum Produced {
    Values(Value),
    Tuples(Vec<Tuple>),
}

/// A sequence value of `items`.
pub(crate) fn sequence(items: Vec<Value>) -> Value {
    Value::Array(Rc::new(Array {
        items,
        sequence: true,
        ..Array::default()
    }))
}

/// The items a step maps over (jsonata-js indexes whatever it holds: an array's items, a
/// string's characters, nothing for anything else).
fn items_of(v: &Value) -> std::borrow::Cow<'_, [Value]> {
    match v {
        Value::Array(a) => std::borrow::Cow::Borrowed(&a.items),
        Value::String(s) => {
            std::borrow::Cow::Owned(s.chars().map(|c| Value::string(c.to_string())).collect())
        }
        _ => std::borrow::Cow::Borrowed(&[]),
    }
}

fn is_empty(v: &Value) -> bool {
    match v {
        Value::Undefined => true,
        Value::Array(a) => a.items.is_empty(),
        Value::String(s) => s.is_empty(),
        _ => false,
    }
}

/// Adds a step's result to the step's sequence: an array's items (a constructed array whole).
fn flatten_into(out: &mut Vec<Value>, res: Value) {
    match res {
        Value::Array(a) if !a.cons => match Rc::try_unwrap(a) {
            Ok(owned) if out.is_empty() => *out = owned.items,
            Ok(owned) => out.extend(owned.items),
            Err(shared) => out.extend(shared.items.iter().cloned()),
        },
        other => out.push(other),
    }
}

/// `name` looked up in an object, or in each item of an array (flattened): `$lookup`.
pub(crate) fn lookup(input: &Value, name: &str) -> Value {
    crate::functions::object::lookup_key(input, name)
}

/// `*`: the values of an object's fields (arrays flattened).
pub(crate) fn wildcard(input: &Value) -> Value {
    let input = match input {
        Value::Array(a) if a.outer_wrapper && !a.items.is_empty() => &a.items[0],
        other => other,
    };
    let mut out = Vec::new();
    let mut seq = true;
    let mut each = |v: &Value| match v {
        Value::Array(_) => {
            flatten(v, &mut out);
            seq = false;
        }
        v => out.push(v.clone()),
    };
    match input {
        Value::Object(o) => in_property_order(o).into_iter().for_each(|(_, v)| each(v)),
        Value::Array(a) => a.items.iter().for_each(&mut each),
        _ => {}
    }
    if seq {
        sequence(out)
    } else {
        Value::array(out)
    }
}

fn flatten(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Array(a) => a.items.iter().for_each(|i| flatten(i, out)),
        v => out.push(v.clone()),
    }
}

/// `**`: the value and all values below it.
pub(crate) fn descendants(input: &Value) -> Value {
    if input.is_undefined() {
        return Value::Undefined;
    }
    let mut out = Vec::new();
    recurse(input, &mut out);
    if out.len() == 1 {
        out.pop().unwrap_or_default()
    } else {
        sequence(out)
    }
}

fn recurse(v: &Value, out: &mut Vec<Value>) {
    match v {
        Value::Array(a) => a.items.iter().for_each(|i| recurse(i, out)),
        Value::Object(o) => {
            out.push(v.clone());
            in_property_order(o)
                .into_iter()
                .for_each(|(_, i)| recurse(i, out));
        }
        v => out.push(v.clone()),
    }
}

/// How many times a predicate's value selects the item at `index` of `len` (numbers index,
/// anything else is cast to a boolean).
fn selects(res: &Value, index: usize, len: usize, position: usize) -> Fallible<usize> {
    let hits = |n: f64| {
        let mut i = n.floor();
        if i < 0.0 {
            i += len as f64;
        }
        i == index as f64
    };
    match res {
        Value::Number(n) if !n.is_nan() => {
            operators::finite(*n, position)?;
            Ok(hits(*n) as usize)
        }
        Value::Array(a)
            if a.items
                .iter()
                .all(|v| matches!(v, Value::Number(n) if !n.is_nan())) =>
        {
            let mut count = 0;
            for v in &a.items {
                if let Value::Number(n) = v {
                    operators::finite(*n, position)?;
                    count += hits(*n) as usize;
                }
            }
            Ok(count)
        }
        other => Ok((operators::boolean(other, position)? == Some(true)) as usize),
    }
}

/// A literal index `[n]`: the position it picks from `len` items.
fn literal_index(n: f64, len: usize) -> Option<usize> {
    let mut i = n.floor();
    if i < 0.0 {
        i += len as f64;
    }
    (i >= 0.0 && i < len as f64).then_some(i as usize)
}

impl Evaluator<'_> {
    /// A path's value (a tuple stream's items when it keeps ancestry for an outer path).
    pub(super) fn path(
        &mut self,
        node: &Node,
        steps: &[Node],
        input: &Value,
        env: &Env,
    ) -> Fallible<Value> {
        Ok(match self.run_path(node, steps, input, env, false)? {
            Produced::Values(v) => v,
            Produced::Tuples(ts) => sequence(ts.into_iter().map(|t| t.at).collect()),
        })
    }

    fn run_path(
        &mut self,
        node: &Node,
        steps: &[Node],
        input: &Value,
        env: &Env,
        want_tuples: bool,
    ) -> Fallible<Produced> {
        let absolute = matches!(steps.first().map(|s| &s.kind), Some(Kind::Variable(_)));
        let mut input_seq = match input {
            Value::Array(_) if !absolute => input.clone(),
            other => Value::Array(Rc::new(Array {
                items: vec![other.clone()],
                sequence: true,
                ..Array::default()
            })),
        };
        let mut result = Value::Undefined;
        let mut tuple_mode = false;
        let mut tuples: Option<Vec<Tuple>> = None;
        let last = steps.len().saturating_sub(1);
        for (i, step) in steps.iter().enumerate() {
            if step.tuple {
                tuple_mode = true;
            }
            if i == 0 && step.cons_array {
                result = self.eval(step, &input_seq, env)?;
            } else if tuple_mode {
                tuples = Some(self.tuple_step(step, &input_seq, tuples.take(), env)?);
            } else {
                result = self.step(step, &input_seq, env, i == last)?;
            }
            if !tuple_mode && is_empty(&result) {
                break;
            }
            if step.focus.is_none() {
                input_seq = result.clone();
            }
        }
        let mut tuples = if tuple_mode {
            let ts = tuples.unwrap_or_default();
            if node.tuple && want_tuples && node.group.is_none() {
                return Ok(Produced::Tuples(ts));
            }
            result = sequence(ts.iter().map(|t| t.at.clone()).collect());
            Some(ts)
        } else {
            None
        };
        if node.keep_singleton_array {
            if let Value::Array(a) = &mut result {
                if a.cons && !a.sequence {
                    result = Value::Array(Rc::new(Array {
                        items: vec![result.clone()],
                        sequence: true,
                        keep_singleton: true,
                        ..Array::default()
                    }));
                } else if !a.keep_singleton {
                    Rc::make_mut(a).keep_singleton = true;
                }
            }
        }
        if let Some(g) = &node.group {
            let grouped = match tuples.take() {
                Some(ts) => Grouped::Tuples(ts),
                None => Grouped::Values(result),
            };
            return Ok(Produced::Values(self.group(g, grouped, env)?));
        }
        Ok(Produced::Values(result))
    }

    /// One step over each item of the input sequence, results flattened.
    fn step(&mut self, step: &Node, input: &Value, env: &Env, last: bool) -> Fallible<Value> {
        if let Kind::Sort(_) = step.kind {
            let mut result = self.sort_values(step, input, env)?;
            for stage in &step.stages {
                if let Stage::Filter(p) = stage {
                    result = self.filter(p, result, env)?;
                }
            }
            return Ok(result);
        }
        let items = items_of(input);
        let mut out = Vec::new();
        // the first result waits: as the last step's only result, an array is the value as is
        let mut first: Option<Value> = None;
        let mut count = 0usize;
        for item in items.iter() {
            let mut res = self.eval(step, item, env)?;
            for stage in &step.stages {
                if let Stage::Filter(p) = stage {
                    res = self.filter(p, res, env)?;
                }
            }
            if res.is_undefined() {
                continue;
            }
            count += 1;
            if count == 1 {
                first = Some(res);
                continue;
            }
            if let Some(w) = first.take() {
                flatten_into(&mut out, w);
            }
            flatten_into(&mut out, res);
        }
        if let Some(only) = first {
            if matches!(&only, Value::Array(a) if last && !a.sequence) {
                return Ok(only);
            }
            flatten_into(&mut out, only);
        }
        Ok(sequence(out))
    }

    /// What a step of a tuple stream produces for one tuple.
    fn produce(&mut self, node: &Node, input: &Value, env: &Env) -> Fallible<Produced> {
        let produced = match &node.kind {
            Kind::Path(steps) if node.tuple => {
                self.enter(node.position)?;
                let r = self.run_path(node, steps, input, env, true);
                self.depth -= 1;
                r?
            }
            Kind::Block(items) if node.tuple && !items.is_empty() => {
                self.enter(node.position)?;
                let r = self.produce_block(items, input, env);
                self.depth -= 1;
                r?
            }
            _ => return Ok(Produced::Values(self.eval(node, input, env)?)),
        };
        // the rest of what `eval` does to a value: predicates, grouping, a sequence of one
        match produced {
            Produced::Tuples(mut ts) => {
                for p in &node.predicates {
                    ts = self.filter_tuples(p, ts, env)?;
                }
                match (&node.group, &node.kind) {
                    (Some(g), Kind::Block(_)) => {
                        let v = self.group(g, Grouped::Tuples(ts), env)?;
                        Ok(Produced::Values(super::normalize(v, node.keep_array)))
                    }
                    _ => Ok(Produced::Tuples(ts)),
                }
            }
            Produced::Values(v) => {
                let v = self.stages_of(node, v, env)?;
                Ok(Produced::Values(super::normalize(v, node.keep_array)))
            }
        }
    }

    fn produce_block(&mut self, items: &[Node], input: &Value, env: &Env) -> Fallible<Produced> {
        let frame = Frame::child(env);
        let (last, init) = match items.split_last() {
            Some(split) => split,
            None => return Ok(Produced::Values(Value::Undefined)),
        };
        for item in init {
            self.eval(item, input, &frame)?;
        }
        self.produce(last, input, &frame)
    }

    /// One step of a tuple stream: each tuple's results become tuples carrying its bindings.
    fn tuple_step(
        &mut self,
        step: &Node,
        input: &Value,
        tuples: Option<Vec<Tuple>>,
        env: &Env,
    ) -> Fallible<Vec<Tuple>> {
        if let Kind::Sort(_) = step.kind {
            let result = match tuples {
                Some(ts) => self.sort_tuples(step, ts, env)?,
                None => {
                    let sorted = self.sort_values(step, input, env)?;
                    items_of(&sorted)
                        .iter()
                        .enumerate()
                        .map(|(i, v)| {
                            let mut t = Tuple {
                                at: v.clone(),
                                vars: Vec::new(),
                            };
                            if let Some(index) = &step.index {
                                t.set(index, Value::Number(i as f64));
                            }
                            t
                        })
                        .collect()
                }
            };
            return self.stages(&step.stages, result, env);
        }
        let tuples = tuples.unwrap_or_else(|| {
            items_of(input)
                .iter()
                .map(|v| Tuple {
                    at: v.clone(),
                    vars: Vec::new(),
                })
                .collect()
        });
        let mut result = Vec::new();
        for t in &tuples {
            let frame = t.frame(env);
            match self.produce(step, &t.at, &frame)? {
                Produced::Tuples(ts) => {
                    for inner in ts {
                        let mut out = t.clone();
                        out.at = inner.at;
                        for (n, v) in inner.vars {
                            out.set(&n, v);
                        }
                        result.push(out);
                    }
                }
                Produced::Values(Value::Undefined) => {}
                Produced::Values(v) => {
                    let items: Vec<Value> = match &v {
                        Value::Array(a) => a.items.clone(),
                        other => vec![other.clone()],
                    };
                    for (bb, item) in items.into_iter().enumerate() {
                        let mut out = t.clone();
                        if let Some(focus) = &step.focus {
                            out.set(focus, item);
                        } else {
                            out.at = item;
                        }
                        if let Some(index) = &step.index {
                            out.set(index, Value::Number(bb as f64));
                        }
                        if let Some(ancestor) = &step.ancestor {
                            out.set(ancestor, t.at.clone());
                        }
                        result.push(out);
                    }
                }
            }
        }
        self.stages(&step.stages, result, env)
    }

    /// A step's predicates and index bindings over a tuple stream.
    fn stages(
        &mut self,
        stages: &[Stage],
        mut tuples: Vec<Tuple>,
        env: &Env,
    ) -> Fallible<Vec<Tuple>> {
        for stage in stages {
            match stage {
                Stage::Filter(p) => tuples = self.filter_tuples(p, tuples, env)?,
                Stage::Index(name) => {
                    for (i, t) in tuples.iter_mut().enumerate() {
                        t.set(name, Value::Number(i as f64));
                    }
                }
            }
        }
        Ok(tuples)
    }

    /// A predicate `[…]` over a value (a sequence of the items it selects).
    pub(super) fn filter(&mut self, pred: &Node, input: Value, env: &Env) -> Fallible<Value> {
        let single;
        let items: &[Value] = match &input {
            Value::Array(a) => &a.items,
            other => {
                single = [other.clone()];
                &single
            }
        };
        if let Kind::Number(n) = pred.kind {
            return Ok(match literal_index(n, items.len()).map(|i| &items[i]) {
                Some(v @ Value::Array(_)) => v.clone(),
                Some(Value::Undefined) | None => sequence(Vec::new()),
                Some(v) => sequence(vec![v.clone()]),
            });
        }
        let mut out = Vec::new();
        for (index, item) in items.iter().enumerate() {
            let res = self.eval(pred, item, env)?;
            let n = selects(&res, index, items.len(), pred.position)?;
            // an undefined input is a sequence of one undefined item in jsonata-js, kept
            // when selected (it shows as null inside an array)
            for _ in 0..n {
                out.push(item.clone());
            }
        }
        Ok(sequence(out))
    }

    fn filter_tuples(
        &mut self,
        pred: &Node,
        tuples: Vec<Tuple>,
        env: &Env,
    ) -> Fallible<Vec<Tuple>> {
        if let Kind::Number(n) = pred.kind {
            return Ok(literal_index(n, tuples.len())
                .map(|i| vec![tuples[i].clone()])
                .unwrap_or_default());
        }
        let mut out = Vec::new();
        let len = tuples.len();
        for (index, t) in tuples.iter().enumerate() {
            let frame = t.frame(env);
            let res = self.eval(pred, &t.at, &frame)?;
            for _ in 0..selects(&res, index, len, pred.position)? {
                out.push(t.clone());
            }
        }
        Ok(out)
    }
}
