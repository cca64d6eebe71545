//! Operators: arithmetic, comparison, equality, string concatenation, `and`/`or`, `in` and
//! the range `..` of an array constructor.

use std::rc::Rc;

use super::plan::Node;
use super::scope::Env;
use super::{error, error_about, Evaluator, Fallible};
use crate::ast::BinaryOp;
use crate::value::{Array, Function, Value};

/// A number that must be finite (D1001 otherwise).
pub(crate) fn finite(n: f64, position: usize) -> Fallible<f64> {
    if n.is_infinite() {
        Err(error_about(
            "D1001",
            position,
            None,
            &Value::Number(n),
            None,
        ))
    } else {
        Ok(n)
    }
}

/// jsonata-js `isNumeric`: a number that is not NaN (an infinite one is an error).
fn numeric(v: &Value, position: usize) -> Fallible<Option<f64>> {
    match v {
        Value::Number(n) if !n.is_nan() => Ok(Some(finite(*n, position)?)),
        _ => Ok(None),
    }
}

/// jsonata-js `$boolean` as the evaluator casts: `None` for undefined.
pub(crate) fn boolean(v: &Value, position: usize) -> Fallible<Option<bool>> {
    Ok(match v {
        Value::Undefined => None,
        Value::Number(n) => Some(numeric(v, position)?.is_some() && *n != 0.0),
        Value::Array(a) => Some(match a.items.as_slice() {
            [] => false,
            [one] => boolean(one, position)? == Some(true),
            many => {
                let mut any = false;
                for item in many {
                    if boolean(item, position)? == Some(true) {
                        any = true;
                    }
                }
                any
            }
        }),
        // a lambda or a built-in is an object in jsonata-js (true); a regex is a JavaScript
        // function (false)
        Value::Function(f) => Some(!matches!(&**f, Function::Regex(_))),
        other => other.truthy(),
    })
}

/// `$boolean`'s cast is true (undefined is false).
#[inline(never)]
pub(crate) fn is_true(v: &Value, position: usize) -> Fallible<bool> {
    Ok(boolean(v, position)? == Some(true))
}

/// Unary minus.
#[inline(never)]
pub(crate) fn negate(v: Value, position: usize) -> Fallible<Value> {
    match v {
        Value::Undefined => Ok(Value::Undefined),
        Value::Number(n) => Ok(Value::Number(-finite(n, position)?)),
        other => Err(error_about("D1002", position, Some("-"), &other, None)),
    }
}

impl Evaluator<'_> {
    pub(super) fn binary(
        &mut self,
        node: &Node,
        op: BinaryOp,
        lhs: &Node,
        rhs: &Node,
        input: &Value,
        env: &Env,
    ) -> Fallible<Value> {
        let l = self.eval(lhs, input, env)?;
        if let BinaryOp::And | BinaryOp::Or = op {
            return self.logical(node, op, l, rhs, input, env);
        }
        let r = self.eval(rhs, input, env)?;
        let v = combine(op, l, r, node.position, self.limits.max_range)?;
        if let (BinaryOp::Range, Value::Array(a)) = (op, &v) {
            // so that many large ranges end with an error before memory runs out
            self.charge_items(a.items.len() as u64, node.position)?;
        }
        Ok(v)
    }

    /// `and`/`or`: the right side only when it decides.
    fn logical(
        &mut self,
        node: &Node,
        op: BinaryOp,
        l: Value,
        rhs: &Node,
        input: &Value,
        env: &Env,
    ) -> Fallible<Value> {
        let lb = is_true(&l, node.position)?;
        if lb == (op == BinaryOp::Or) {
            return Ok(Value::Bool(lb));
        }
        let r = self.eval(rhs, input, env)?;
        Ok(Value::Bool(is_true(&r, node.position)?))
    }
}

/// A binary operator (not `and`/`or`) applied to its operands' values.
#[inline(never)]
fn combine(op: BinaryOp, l: Value, r: Value, pos: usize, max_range: u64) -> Fallible<Value> {
    let token = op.symbol();
    let at = |code: &'static str| error(code, pos, Some(token));
    let d1001 = |v: &Value| error_about("D1001", pos, Some(token), v, None);
    Ok(match op {
        BinaryOp::Add
        | BinaryOp::Subtract
        | BinaryOp::Multiply
        | BinaryOp::Divide
        | BinaryOp::Modulo => {
            let a = numeric(&l, pos).map_err(|_| d1001(&l))?;
            if !l.is_undefined() && a.is_none() {
                return Err(at("T2001"));
            }
            let b = numeric(&r, pos).map_err(|_| d1001(&r))?;
            if !r.is_undefined() && b.is_none() {
                return Err(at("T2002"));
            }
            let (Some(a), Some(b)) = (a, b) else {
                return Ok(Value::Undefined);
            };
            Value::Number(match op {
                BinaryOp::Add => a + b,
                BinaryOp::Subtract => a - b,
                BinaryOp::Multiply => a * b,
                BinaryOp::Divide => a / b,
                _ => a % b,
            })
        }
        BinaryOp::Equal | BinaryOp::NotEqual => {
            if l.is_undefined() || r.is_undefined() {
                return Ok(Value::Bool(false));
            }
            let eq = l.deep_equal(&r);
            Value::Bool(if op == BinaryOp::Equal { eq } else { !eq })
        }
        BinaryOp::Less | BinaryOp::LessEqual | BinaryOp::Greater | BinaryOp::GreaterEqual => {
            compare(op, &l, &r).map_err(|code| match code {
                "T2009" => error_about(code, pos, Some(token), &l, Some(&r)),
                _ => at(code),
            })?
        }
        BinaryOp::Concat => {
            let mut s = String::new();
            for v in [&l, &r] {
                if !v.is_undefined() {
                    s.push_str(&crate::functions::string::stringify(v, false).map_err(
                        |mut e| {
                            e.position = pos;
                            e
                        },
                    )?);
                    if s.len() > crate::functions::string::MAX_LENGTH {
                        return Err(Box::new(crate::functions::string::too_long(pos, None)));
                    }
                }
            }
            Value::string(s)
        }
        BinaryOp::In => {
            if l.is_undefined() || r.is_undefined() {
                return Ok(Value::Bool(false));
            }
            let found = match &r {
                Value::Array(a) => a.items.iter().any(|v| strict_equal(v, &l)),
                other => strict_equal(other, &l),
            };
            Value::Bool(found)
        }
        BinaryOp::Range => range(&l, &r, max_range).map_err(|code| match (code, &l, &r) {
            ("D2014", Value::Number(a), Value::Number(b)) => {
                let size = Value::Number(b - a + 1.0);
                let mut e = error_about(code, pos, Some(token), &size, None);
                if max_range != super::Limits::default().max_range {
                    e.message = format!(
                        "The size of the sequence allocated by the range operator (..) must not exceed {} (this evaluation's limit).  Attempted to allocate {}.",
                        max_range,
                        b - a + 1.0
                    );
                }
                e
            }
            _ => at(code),
        })?,
        BinaryOp::And | BinaryOp::Or => Value::Undefined,
    })
}

/// JavaScript's `===` (objects and arrays by identity).
fn strict_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Null, Value::Null) => true,
        (Value::Bool(x), Value::Bool(y)) => x == y,
        (Value::Number(x), Value::Number(y)) => x == y,
        (Value::String(x), Value::String(y)) => x == y,
        (Value::Array(x), Value::Array(y)) => Rc::ptr_eq(x, y),
        (Value::Object(x), Value::Object(y)) => Rc::ptr_eq(x, y),
        (Value::Function(x), Value::Function(y)) => Rc::ptr_eq(x, y),
        _ => false,
    }
}

/// `<`, `<=`, `>`, `>=`: numbers with numbers, strings with strings (T2009/T2010 otherwise).
fn compare(op: BinaryOp, l: &Value, r: &Value) -> Result<Value, &'static str> {
    let comparable =
        |v: &Value| matches!(v, Value::Undefined | Value::String(_) | Value::Number(_));
    if !comparable(l) || !comparable(r) {
        return Err("T2010");
    }
    let ord = match (l, r) {
        (Value::Undefined, _) | (_, Value::Undefined) => return Ok(Value::Undefined),
        (Value::Number(a), Value::Number(b)) => a.partial_cmp(b),
        (Value::String(a), Value::String(b)) => Some(utf16_cmp(a, b)),
        _ => return Err("T2009"),
    };
    let Some(ord) = ord else {
        return Ok(Value::Bool(false));
    };
    use std::cmp::Ordering::*;
    Ok(Value::Bool(match op {
        BinaryOp::Less => ord == Less,
        BinaryOp::LessEqual => ord != Greater,
        BinaryOp::Greater => ord == Greater,
        _ => ord != Less,
    }))
}

/// Strings compared as JavaScript does: by UTF-16 code units.
pub(crate) fn utf16_cmp(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// `[a..b]`: the integers from a to b as a sequence.
fn range(l: &Value, r: &Value, max: u64) -> Result<Value, &'static str> {
    let int = |v: &Value| matches!(v, Value::Number(n) if n.fract() == 0.0 && n.is_finite());
    if !l.is_undefined() && !int(l) {
        return Err("T2003");
    }
    if !r.is_undefined() && !int(r) {
        return Err("T2004");
    }
    let (Value::Number(a), Value::Number(b)) = (l, r) else {
        return Ok(Value::Undefined);
    };
    if a > b {
        return Ok(Value::Undefined);
    }
    if b - a + 1.0 > max as f64 {
        return Err("D2014");
    }
    let n = (b - a) as usize + 1;
    let mut items = Vec::with_capacity(n);
    for i in 0..n {
        items.push(Value::Number(a + i as f64));
    }
    Ok(Value::Array(Rc::new(Array {
        items,
        sequence: true,
        ..Array::default()
    })))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_are_bounded() {
        assert_eq!(
            range(&Value::Number(1.0), &Value::Number(1e7 + 1.0), 10_000_000).err(),
            Some("D2014")
        );
        assert_eq!(
            range(&Value::Number(1.5), &Value::Number(2.0), 10_000_000).err(),
            Some("T2003")
        );
        assert!(range(&Value::Number(3.0), &Value::Number(2.0), 10_000_000)
            .unwrap()
            .is_undefined());
    }

    #[test]
    fn strings_compare_by_utf16_units() {
        // U+FF61 sorts after U+1F600's high surrogate (0xD83D) in UTF-16, before it in UTF-8
        assert_eq!(
            utf16_cmp("\u{FF61}", "\u{1F600}"),
            std::cmp::Ordering::Greater
        );
    }
}
