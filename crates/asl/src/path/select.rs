//! Parsing the steps of a path and selecting what they match.

use serde_json::Value;

use super::{filter, PathError, Segment};

/// Parses the steps after the root (`.a[0]..b[?(@.x)]`); `whole` is for messages.
pub(crate) fn parse_segments(mut rest: &str, whole: &str) -> Result<Vec<Segment>, PathError> {
    let mut segments = Vec::new();
    while !rest.is_empty() {
        let descend = rest.starts_with("..");
        if descend {
            rest = &rest[1..];
            if rest.starts_with(".[") {
                rest = &rest[1..];
            }
        }
        let seg = if rest.starts_with('[') {
            bracket(&mut rest, whole)?
        } else if let Some(r) = rest.strip_prefix('.') {
            let mut end = r.find(['.', '[']).unwrap_or(r.len());
            // A function's arguments may hold dots or brackets: `.concat("a.b")`.
            if let Some(open) = r[..end].find('(') {
                if let Some(close) = r[open..].find(')') {
                    end = open + close + 1;
                }
            }
            let name = &r[..end];
            rest = &r[end..];
            match name {
                "" => return Err(PathError::Invalid(format!("'{whole}': empty member name"))),
                "*" => Segment::Wildcard,
                n if n.ends_with(')') && function_name(n).is_some() => {
                    Segment::Function(function_name(n).unwrap_or_default().to_string())
                }
                n if n.contains(['(', ')', '?', '@', ' ', '\'', '"', ']']) => {
                    return Err(PathError::Invalid(format!(
                        "'{whole}': invalid member name '{n}'"
                    )));
                }
                n => Segment::Field(n.to_string()),
            }
        } else {
            let c = rest.chars().next().unwrap_or(' ');
            return Err(PathError::Invalid(format!("'{whole}': unexpected '{c}'")));
        };
        segments.push(if descend {
            Segment::Descendants(Box::new(seg))
        } else {
            seg
        });
    }
    Ok(segments)
}

/// The name of a path function step (`length()`, `concat("x")`).
fn function_name(step: &str) -> Option<&str> {
    let name = &step[..step.find('(')?];
    (!name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_'))
        .then_some(name)
}

/// The end of a bracket expression, skipping quoted text and nested brackets.
fn bracket_end(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    let mut depth = 0;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '[') => depth += 1,
            (None, ']') if depth == 0 => return Some(i),
            (None, ']') => depth -= 1,
            _ => {}
        }
    }
    None
}

/// Reads a `[…]` step at the start of `rest` and advances past it.
fn bracket(rest: &mut &str, whole: &str) -> Result<Segment, PathError> {
    let r = rest.strip_prefix('[').unwrap_or(rest);
    let Some(close) = bracket_end(r) else {
        return Err(PathError::Invalid(format!("'{whole}': missing ']'")));
    };
    let inner = r[..close].trim();
    *rest = &r[close + 1..];
    bracket_inner(whole, inner)
}

fn bracket_inner(text: &str, inner: &str) -> Result<Segment, PathError> {
    if inner == "*" {
        return Ok(Segment::Wildcard);
    }
    if let Some(f) = inner.strip_prefix('?') {
        let body = f
            .trim()
            .strip_prefix('(')
            .and_then(|b| b.strip_suffix(')'))
            .ok_or_else(|| PathError::Invalid(format!("'{text}': a filter is written [?(…)]")))?;
        return Ok(Segment::Filter(Box::new(filter::parse(body)?)));
    }
    if inner.starts_with('(') {
        return Err(PathError::Unsupported(
            "A script expression ('[(…)]')".into(),
        ));
    }
    let parts = split_top(inner, ',');
    if parts.len() > 1 {
        let members = parts
            .iter()
            .map(|p| bracket_inner(text, p.trim()))
            .collect::<Result<Vec<_>, _>>()?;
        if members.iter().any(|m| !m.is_definite()) {
            return Err(PathError::Invalid(format!(
                "'{text}': a union lists names or indices"
            )));
        }
        return Ok(Segment::Union(members));
    }
    for q in ['\'', '"'] {
        if inner.len() >= 2 && inner.starts_with(q) && inner.ends_with(q) {
            return Ok(Segment::Field(inner[1..inner.len() - 1].to_string()));
        }
    }
    if inner.contains(':') {
        let bounds: Vec<&str> = inner.split(':').map(str::trim).collect();
        let bad = || PathError::Invalid(format!("'{text}': invalid slice '[{inner}]'"));
        if bounds.len() > 3 {
            return Err(bad());
        }
        let num = |i: usize| -> Result<Option<i64>, PathError> {
            match bounds.get(i) {
                None => Ok(None),
                Some(&"") => Ok(None),
                Some(s) => s.parse().map(Some).map_err(|_| bad()),
            }
        };
        return Ok(Segment::Slice(num(0)?, num(1)?, num(2)?));
    }
    inner
        .parse::<i64>()
        .map(Segment::Index)
        .map_err(|_| PathError::Invalid(format!("'{text}': invalid index '[{inner}]'")))
}

/// Splits on `sep` outside quotes.
pub(super) fn split_top(s: &str, sep: char) -> Vec<&str> {
    let mut out = Vec::new();
    let mut quote = None;
    let mut start = 0;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, c) if c == sep => {
                out.push(&s[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[start..]);
    out
}

/// Element `n` of an array (negative counts from the end).
pub(crate) fn index(a: &[Value], n: i64) -> Option<&Value> {
    let idx = if n < 0 { a.len() as i64 + n } else { n };
    usize::try_from(idx).ok().and_then(|i| a.get(i))
}

/// Every value the steps select from `start`, in document order; `input` is what `$`
/// means inside filters.
pub(crate) fn select<'a>(
    segments: &[Segment],
    start: &'a Value,
    input: &'a Value,
    ctx: &'a Value,
) -> Vec<&'a Value> {
    let mut current = vec![start];
    for seg in segments {
        let mut next = Vec::new();
        for v in current {
            step(seg, v, input, ctx, &mut next);
        }
        current = next;
    }
    current
}

fn step<'a>(
    seg: &Segment,
    v: &'a Value,
    input: &'a Value,
    ctx: &'a Value,
    out: &mut Vec<&'a Value>,
) {
    match (seg, v) {
        (Segment::Field(n), Value::Object(m)) => out.extend(m.get(n)),
        (Segment::Index(n), Value::Array(a)) => out.extend(index(a, *n)),
        (Segment::Wildcard, Value::Object(m)) => out.extend(m.values()),
        (Segment::Wildcard, Value::Array(a)) => out.extend(a.iter()),
        (Segment::Union(members), _) => {
            for m in members {
                step(m, v, input, ctx, out);
            }
        }
        (Segment::Slice(start, end, by), Value::Array(a)) => {
            let len = a.len() as i64;
            let norm = |x: i64| if x < 0 { (len + x).max(0) } else { x.min(len) };
            let by = by.unwrap_or(1);
            if by > 0 {
                let (mut i, e) = (norm(start.unwrap_or(0)), norm(end.unwrap_or(len)));
                while i < e {
                    out.extend(a.get(i as usize));
                    i = i.saturating_add(by);
                }
            } else if by < 0 {
                let mut i = start.map_or(len - 1, |s| norm(s).min(len - 1));
                let e = end.map_or(-1, norm);
                while i > e && i >= 0 {
                    out.extend(a.get(i as usize));
                    i = i.saturating_add(by);
                }
            }
        }
        (Segment::Filter(f), Value::Array(a)) => {
            out.extend(a.iter().filter(|x| filter::matches(f, x, input, ctx)))
        }
        (Segment::Filter(f), Value::Object(m)) => {
            out.extend(m.values().filter(|x| filter::matches(f, x, input, ctx)))
        }
        (Segment::Descendants(inner), _) => {
            let mut stack = vec![v];
            while let Some(x) = stack.pop() {
                step(inner, x, input, ctx, out);
                match x {
                    Value::Object(m) => stack.extend(m.values().rev()),
                    Value::Array(a) => stack.extend(a.iter().rev()),
                    _ => {}
                }
            }
        }
        _ => {}
    }
}
