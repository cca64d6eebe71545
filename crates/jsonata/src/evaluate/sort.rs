//! Sorting: the order-by step `^(<key, >key)` — a stable merge sort by each term in turn;
//! undefined keys go last; keys must be all numbers or all strings (T2007/T2008).

use super::operators::utf16_cmp;
use super::path::Tuple;
use super::plan::{Kind, Node};
use super::scope::Env;
use super::{error, error_about, Evaluator, Fallible};
use crate::value::Value;

use std::cmp::Ordering;

/// Sort keys, evaluated when first compared.
struct Keys {
    keys: Vec<Vec<Option<Value>>>,
}

impl Evaluator<'_> {
    /// A sort step over a sequence of values: the input itself when it has fewer than two
    /// items, else a plain array in order.
    pub(super) fn sort_values(&mut self, step: &Node, input: &Value, env: &Env) -> Fallible<Value> {
        let items: &[Value] = match input {
            Value::Array(a) => &a.items,
            _ => return Ok(input.clone()),
        };
        if items.len() <= 1 {
            return Ok(input.clone());
        }
        let order = self.order(step, items.len(), |ev, term, i| {
            ev.eval(term, &items[i], env)
        })?;
        Ok(Value::array(
            order.into_iter().map(|i| items[i].clone()).collect(),
        ))
    }

    /// A sort step over a tuple stream.
    pub(super) fn sort_tuples(
        &mut self,
        step: &Node,
        tuples: Vec<Tuple>,
        env: &Env,
    ) -> Fallible<Vec<Tuple>> {
        if tuples.len() <= 1 {
            return Ok(tuples);
        }
        let order = self.order(step, tuples.len(), |ev, term, i| {
            let frame = tuples[i].frame(env);
            ev.eval(term, &tuples[i].at, &frame)
        })?;
        Ok(order.into_iter().map(|i| tuples[i].clone()).collect())
    }

    /// A sort step met outside a path (not produced by the plan): its input unchanged.
    pub(super) fn sort_step(&mut self, step: &Node, input: &Value, env: &Env) -> Fallible<Value> {
        self.sort_values(step, input, env)
    }

    /// The stable order of `n` items by the step's terms.
    fn order(
        &mut self,
        step: &Node,
        n: usize,
        mut key: impl FnMut(&mut Self, &Node, usize) -> Fallible<Value>,
    ) -> Fallible<Vec<usize>> {
        let Kind::Sort(terms) = &step.kind else {
            return Ok((0..n).collect());
        };
        let mut keys = Keys {
            keys: vec![vec![None; n]; terms.len()],
        };
        let mut cmp = |ev: &mut Self, a: usize, b: usize| -> Fallible<bool> {
            for (t, (descending, term)) in terms.iter().enumerate() {
                for i in [a, b] {
                    if keys.keys[t][i].is_none() {
                        let v = key(ev, term, i)?;
                        keys.keys[t][i] = Some(v);
                    }
                }
                let aa = keys.keys[t][a].as_ref().unwrap_or(&Value::Undefined);
                let bb = keys.keys[t][b].as_ref().unwrap_or(&Value::Undefined);
                let ord = match (aa, bb) {
                    (Value::Undefined, Value::Undefined) => continue,
                    (Value::Undefined, _) => return Ok(true),
                    (_, Value::Undefined) => return Ok(false),
                    (Value::Number(x), Value::Number(y)) => {
                        x.partial_cmp(y).unwrap_or(Ordering::Greater)
                    }
                    (Value::String(x), Value::String(y)) => utf16_cmp(x, y),
                    (Value::Number(_) | Value::String(_), Value::Number(_) | Value::String(_)) => {
                        return Err(error_about("T2007", step.position, None, aa, Some(bb)))
                    }
                    _ => return Err(error("T2008", step.position, None)),
                };
                let ord = if *descending { ord.reverse() } else { ord };
                match ord {
                    Ordering::Equal => continue,
                    Ordering::Greater => return Ok(true),
                    Ordering::Less => return Ok(false),
                }
            }
            Ok(false)
        };
        merge_sort(self, (0..n).collect(), &mut cmp)
    }
}

/// A stable merge sort whose comparison (`true`: swap) may fail.
fn merge_sort<E>(
    ev: &mut E,
    items: Vec<usize>,
    swap: &mut impl FnMut(&mut E, usize, usize) -> Fallible<bool>,
) -> Fallible<Vec<usize>> {
    if items.len() <= 1 {
        return Ok(items);
    }
    let mut left = items;
    let right = left.split_off(left.len() / 2);
    let left = merge_sort(ev, left, swap)?;
    let right = merge_sort(ev, right, swap)?;
    let mut out = Vec::with_capacity(left.len() + right.len());
    let (mut i, mut j) = (0, 0);
    while i < left.len() && j < right.len() {
        if swap(ev, left[i], right[j])? {
            out.push(right[j]);
            j += 1;
        } else {
            out.push(left[i]);
            i += 1;
        }
    }
    out.extend_from_slice(&left[i..]);
    out.extend_from_slice(&right[j..]);
    Ok(out)
}
