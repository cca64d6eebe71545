//! Filter expressions (`[?(@.price < 10 && @.tags)]`): comparisons, existence tests,
//! `&&`, `||`, `!` and parentheses, with `@` (the candidate) and `$` (the input) paths;
//! Jayway's operators `=~ /regex/`, `in`, `nin`, `subsetof`, `anyof`, `noneof`, `size`
//! and `empty`.

use serde_json::Value;

pub use super::regex::Regex;
use super::{parse_segments, select, PathError, Segment};

/// A filter expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `a || b`.
    Or(Vec<Expr>),
    /// `a && b`.
    And(Vec<Expr>),
    /// `!a`.
    Not(Box<Expr>),
    /// `a == b`, `a < b`, ….
    Compare(Operand, String, Operand),
    /// A bare operand: true when a path exists (and a literal is truthy).
    Test(Operand),
    /// `a =~ /regex/flags`: `a` is a string the regex matches whole.
    Matches(Operand, Regex),
}

/// A side of a comparison.
#[derive(Debug, Clone, PartialEq)]
pub enum Operand {
    /// A literal.
    Literal(Value),
    /// `@…` (the candidate) or `$…` (the input).
    Path(bool, Vec<Segment>),
}

/// Parses the text inside `[?( … )]`.
pub fn parse(text: &str) -> Result<Expr, PathError> {
    let mut p = Parser {
        s: text,
        pos: 0,
        depth: 0,
    };
    let e = p.or()?;
    p.ws();
    if p.pos < p.s.len() {
        return Err(PathError::Invalid(format!(
            "unexpected '{}' in filter '{text}'",
            &p.s[p.pos..]
        )));
    }
    Ok(e)
}

struct Parser<'a> {
    s: &'a str,
    pos: usize,
    depth: usize,
}

/// The deepest nesting of `!` and parentheses a filter may have.
const MAX_DEPTH: usize = 64;

impl Parser<'_> {
    fn ws(&mut self) {
        while self.s[self.pos..].starts_with(' ') {
            self.pos += 1;
        }
    }

    fn eat(&mut self, tok: &str) -> bool {
        self.ws();
        if self.s[self.pos..].starts_with(tok) {
            self.pos += tok.len();
            true
        } else {
            false
        }
    }

    fn or(&mut self) -> Result<Expr, PathError> {
        let mut list = vec![self.and()?];
        while self.eat("||") {
            list.push(self.and()?);
        }
        Ok(if list.len() == 1 {
            list.remove(0)
        } else {
            Expr::Or(list)
        })
    }

    fn and(&mut self) -> Result<Expr, PathError> {
        let mut list = vec![self.unary()?];
        while self.eat("&&") {
            list.push(self.unary()?);
        }
        Ok(if list.len() == 1 {
            list.remove(0)
        } else {
            Expr::And(list)
        })
    }

    fn unary(&mut self) -> Result<Expr, PathError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return Err(PathError::Invalid("the filter is nested too deeply".into()));
        }
        let e = self.unary_inner();
        self.depth -= 1;
        e
    }

    fn unary_inner(&mut self) -> Result<Expr, PathError> {
        if self.eat("!") {
            return Ok(Expr::Not(Box::new(self.unary()?)));
        }
        if self.eat("(") {
            let e = self.or()?;
            if !self.eat(")") {
                return Err(PathError::Invalid("missing ')' in filter".into()));
            }
            return Ok(e);
        }
        let left = self.operand()?;
        self.ws();
        for op in ["==", "!=", "<=", ">=", "<", ">"] {
            if self.eat(op) {
                let right = self.operand()?;
                return Ok(Expr::Compare(left, op.to_string(), right));
            }
        }
        if self.eat("=~") {
            self.ws();
            let rest = &self.s[self.pos..];
            // The pattern runs to the last '/' before the flags.
            let end = rest
                .strip_prefix('/')
                .and_then(|body| body.rfind('/'))
                .map(|i| i + 2)
                .ok_or_else(|| PathError::Invalid("'=~' takes a /regex/".into()))?;
            let flags = rest[end..]
                .find(|c: char| !c.is_ascii_alphabetic())
                .unwrap_or(rest.len() - end);
            let literal = &rest[..end + flags];
            let re = Regex::parse_literal(literal).map_err(PathError::Invalid)?;
            self.pos += literal.len();
            return Ok(Expr::Matches(left, re));
        }
        for op in ["nin", "in", "subsetof", "anyof", "noneof", "size", "empty"] {
            let rest = &self.s[self.pos..];
            let follows = rest.strip_prefix(op).and_then(|r| r.chars().next());
            if matches!(follows, Some(' ' | '[' | '$' | '@')) {
                self.pos += op.len();
                let right = self.operand()?;
                return Ok(Expr::Compare(left, op.to_string(), right));
            }
        }
        Ok(Expr::Test(left))
    }

    fn operand(&mut self) -> Result<Operand, PathError> {
        self.ws();
        let rest = &self.s[self.pos..];
        if rest.starts_with('@') || rest.starts_with('$') {
            let current = rest.starts_with('@');
            let end = path_end(rest);
            let text = &rest[1..end];
            self.pos += end;
            let segments = parse_segments(text, rest)?;
            return Ok(Operand::Path(current, segments));
        }
        if rest.starts_with('[') {
            let close = array_end(rest)
                .ok_or_else(|| PathError::Invalid("missing ']' in filter".into()))?;
            let list = array_literal(&rest[1..close])?;
            self.pos += close + 1;
            return Ok(Operand::Literal(list));
        }
        for q in ['\'', '"'] {
            if let Some(body) = rest.strip_prefix(q) {
                let close = body
                    .find(q)
                    .ok_or_else(|| PathError::Invalid("unterminated string in filter".into()))?;
                self.pos += close + 2;
                return Ok(Operand::Literal(Value::String(body[..close].to_string())));
            }
        }
        let end = rest
            .find([' ', ')', '&', '|', '=', '!', '<', '>'])
            .unwrap_or(rest.len());
        let word = &rest[..end];
        let v = match word {
            "true" => Value::Bool(true),
            "false" => Value::Bool(false),
            "null" => Value::Null,
            w => serde_json::from_str::<serde_json::Number>(w)
                .map(Value::Number)
                .map_err(|_| PathError::Invalid(format!("unexpected '{w}' in filter")))?,
        };
        self.pos += end;
        Ok(Operand::Literal(v))
    }
}

/// The index of the `]` closing the array literal at the start of `s`.
fn array_end(s: &str) -> Option<usize> {
    let mut quote = None;
    for (i, c) in s.char_indices().skip(1) {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, ']') => return Some(i),
            _ => {}
        }
    }
    None
}

/// `'a', "b", 1, true` (the inside of `[…]`) as a JSON array.
fn array_literal(inner: &str) -> Result<Value, PathError> {
    let mut items = Vec::new();
    for part in super::select::split_top(inner, ',') {
        let part = part.trim();
        if part.is_empty() {
            continue;
        }
        let mut p = Parser {
            s: part,
            pos: 0,
            depth: 0,
        };
        match p.operand()? {
            Operand::Literal(v) if p.pos == part.len() => items.push(v),
            _ => {
                return Err(PathError::Invalid(format!(
                    "'{part}' is not a literal in a filter list"
                )))
            }
        }
    }
    Ok(Value::Array(items))
}

/// The end of a path inside a filter: stops at an operator or space outside brackets.
fn path_end(s: &str) -> usize {
    let mut depth = 0;
    let mut quote = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            // `[…]` steps and a function's `(…)`.
            (None, '[' | '(') => depth += 1,
            (None, ']') => depth -= 1,
            (None, ')') if depth > 0 => depth -= 1,
            (None, ' ' | ')' | '=' | '!' | '<' | '>' | '&' | '|') if depth == 0 => return i,
            _ => {}
        }
    }
    s.len()
}

/// Whether `item` passes the filter (`input` is what `$` means inside).
pub fn matches(e: &Expr, item: &Value, input: &Value, ctx: &Value) -> bool {
    match e {
        Expr::Or(l) => l.iter().any(|x| matches(x, item, input, ctx)),
        Expr::And(l) => l.iter().all(|x| matches(x, item, input, ctx)),
        Expr::Not(x) => !matches(x, item, input, ctx),
        Expr::Test(o) => match value(o, item, input, ctx) {
            Some(Value::Bool(b)) => b,
            Some(Value::Null) => !matches!(o, Operand::Literal(_)),
            Some(_) => true,
            None => false,
        },
        Expr::Matches(a, re) => {
            matches!(value(a, item, input, ctx), Some(Value::String(s)) if re.is_match(&s))
        }
        Expr::Compare(a, op, b) => {
            let (Some(a), Some(b)) = (value(a, item, input, ctx), value(b, item, input, ctx))
            else {
                return false;
            };
            if let Some(r) = collection_op(op, &a, &b) {
                return r;
            }
            let ord = match (&a, &b) {
                (Value::Number(x), Value::Number(y)) => x
                    .as_f64()
                    .zip(y.as_f64())
                    .and_then(|(x, y)| x.partial_cmp(&y)),
                (Value::String(x), Value::String(y)) => Some(x.cmp(y)),
                _ => None,
            };
            match (op.as_str(), ord) {
                ("==", Some(o)) => o.is_eq(),
                ("==", None) => a == b,
                ("!=", Some(o)) => o.is_ne(),
                ("!=", None) => a != b,
                ("<", Some(o)) => o.is_lt(),
                ("<=", Some(o)) => o.is_le(),
                (">", Some(o)) => o.is_gt(),
                (">=", Some(o)) => o.is_ge(),
                _ => false,
            }
        }
    }
}

/// Jayway's collection operators; `None` for the ordinary comparisons.
fn collection_op(op: &str, a: &Value, b: &Value) -> Option<bool> {
    let eq = |x: &Value, y: &Value| match (x, y) {
        (Value::Number(m), Value::Number(n)) => m.as_f64() == n.as_f64(),
        _ => x == y,
    };
    let contains =
        |list: &Value, x: &Value| list.as_array().is_some_and(|l| l.iter().any(|y| eq(x, y)));
    let all = |l: &Value, f: &dyn Fn(&Value) -> bool| l.as_array().map(|l| l.iter().all(f));
    let any = |l: &Value, f: &dyn Fn(&Value) -> bool| l.as_array().map(|l| l.iter().any(f));
    let size = |v: &Value| match v {
        Value::String(s) => Some(s.chars().count()),
        Value::Array(l) => Some(l.len()),
        _ => None,
    };
    Some(match op {
        "in" => contains(b, a),
        "nin" => b.is_array() && !contains(b, a),
        "subsetof" => all(a, &|x| contains(b, x)).unwrap_or(false),
        "anyof" => any(a, &|x| contains(b, x)).unwrap_or(false),
        "noneof" => any(a, &|x| contains(b, x)).is_some_and(|hit| !hit),
        "size" => size(a).zip(b.as_u64()).is_some_and(|(n, m)| n as u64 == m),
        "empty" => size(a)
            .zip(b.as_bool())
            .is_some_and(|(n, want)| (n == 0) == want),
        _ => return None,
    })
}

fn value(o: &Operand, item: &Value, input: &Value, ctx: &Value) -> Option<Value> {
    match o {
        Operand::Literal(v) => Some(v.clone()),
        Operand::Path(current, segments) => {
            let start = if *current { item } else { input };
            let found = select(segments, start, input, ctx);
            if segments.iter().all(Segment::is_definite) {
                found.first().map(|v| (*v).clone())
            } else {
                Some(Value::Array(found.into_iter().cloned().collect()))
            }
        }
    }
}
