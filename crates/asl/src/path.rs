//! JSONPath as ASL uses it: Paths (`InputPath`, `OutputPath`, `ItemsPath`, `$.x` in
//! templates), Reference Paths (`ResultPath`) and the context object (`$$.Map.Item.Value`).
//!
//! This slice supports *definite* paths: the root (`$`, `$$`) followed by child names
//! (`.name`, `['name']`, `["name"]`) and array indices (`[0]`, `[-1]`). The parser knows the
//! rest of the Jayway dialect by shape (wildcards, `..`, filters, slices, unions) and reports
//! it as [`PathError::Unsupported`] so callers can say so; evaluating those later fits into
//! [`Segment`] and [`Path::get`] without changing callers.

use std::fmt;

use serde_json::Value;

/// What a path starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Root {
    /// `$`: the state's (effective) input.
    Input,
    /// `$$`: the context object.
    Context,
}

/// One step of a path.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    /// A member of an object.
    Field(String),
    /// An element of an array (negative counts from the end).
    Index(i64),
}

/// A parsed path.
#[derive(Debug, Clone, PartialEq)]
pub struct Path {
    /// The text it was parsed from.
    pub text: String,
    /// `$` or `$$`.
    pub root: Root,
    /// The steps after the root.
    pub segments: Vec<Segment>,
}

/// Why a path could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PathError {
    /// Not a JSONPath at all.
    Invalid(String),
    /// Valid JSONPath using a feature this interpreter does not evaluate yet (named).
    Unsupported(String),
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            PathError::Invalid(m) => f.write_str(m),
            PathError::Unsupported(m) => write!(f, "{m} is not supported by the playground yet"),
        }
    }
}

/// A path matched nothing: the Jayway-style description AWS puts in the error cause.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Missing(pub String);

impl Path {
    /// `$`.
    pub fn root() -> Self {
        Self {
            text: "$".into(),
            root: Root::Input,
            segments: vec![],
        }
    }

    /// Parses a path such as `$.a.b`, `$['x'][0]` or `$$.Map.Item.Value`.
    pub fn parse(text: &str) -> Result<Self, PathError> {
        let (root, mut rest) = if let Some(r) = text.strip_prefix("$$") {
            (Root::Context, r)
        } else if let Some(r) = text.strip_prefix('$') {
            (Root::Input, r)
        } else {
            return Err(PathError::Invalid(format!(
                "'{text}' is not a JSONPath: it must start with '$'"
            )));
        };
        let mut segments = Vec::new();
        while !rest.is_empty() {
            if rest.starts_with("..") {
                return Err(PathError::Unsupported("Recursive descent ('..')".into()));
            }
            if let Some(r) = rest.strip_prefix('.') {
                let end = r.find(['.', '[']).unwrap_or(r.len());
                let name = &r[..end];
                if name.is_empty() {
                    return Err(PathError::Invalid(format!("'{text}': empty member name")));
                }
                if name == "*" {
                    return Err(PathError::Unsupported("The wildcard '*'".into()));
                }
                if name.contains(['(', ')', '?', '@', ' ']) {
                    return Err(PathError::Invalid(format!(
                        "'{text}': invalid member name '{name}'"
                    )));
                }
                segments.push(Segment::Field(name.to_string()));
                rest = &r[end..];
            } else if let Some(r) = rest.strip_prefix('[') {
                let Some(close) = bracket_end(r) else {
                    return Err(PathError::Invalid(format!("'{text}': missing ']'")));
                };
                let inner = r[..close].trim();
                rest = &r[close + 1..];
                segments.push(parse_bracket(text, inner)?);
            } else {
                return Err(PathError::Invalid(format!(
                    "'{text}': unexpected '{}'",
                    rest.chars().next().unwrap_or(' ')
                )));
            }
        }
        Ok(Self {
            text: text.to_string(),
            root,
            segments,
        })
    }

    /// Whether the path can be a Reference Path (`ResultPath`): only `$`-rooted names and indices.
    pub fn is_reference(&self) -> bool {
        self.root == Root::Input
    }

    /// The value the path selects in `input` (for `$`) or `context` (for `$$`).
    pub fn get<'a>(&self, input: &'a Value, context: &'a Value) -> Result<&'a Value, Missing> {
        let mut cur = match self.root {
            Root::Input => input,
            Root::Context => context,
        };
        for (i, seg) in self.segments.iter().enumerate() {
            let next = match (seg, cur) {
                (Segment::Field(name), Value::Object(m)) => m.get(name),
                (Segment::Index(n), Value::Array(a)) => {
                    let idx = if *n < 0 { a.len() as i64 + n } else { *n };
                    usize::try_from(idx).ok().and_then(|i| a.get(i))
                }
                _ => None,
            };
            match next {
                Some(v) => cur = v,
                None => {
                    let last = i + 1 == self.segments.len();
                    let shown = jayway(self.root, &self.segments[..=i]);
                    return Err(Missing(if last {
                        format!("No results for path: {shown}")
                    } else {
                        format!("Missing property in path {shown}")
                    }));
                }
            }
        }
        Ok(cur)
    }

    /// Puts `value` at this Reference Path inside `target`, creating objects on the way.
    /// Fails when the path runs into a non-object (or an array index that does not exist).
    pub fn set(&self, target: Value, value: Value) -> Result<Value, String> {
        if self.segments.is_empty() {
            return Ok(value);
        }
        let mut target = target;
        let mut cur = &mut target;
        let last = self.segments.len() - 1;
        for (i, seg) in self.segments.iter().enumerate() {
            let fail = || format!("Unable to apply ReferencePath {} to input", self.text);
            match seg {
                Segment::Field(name) => {
                    let Value::Object(m) = cur else {
                        return Err(fail());
                    };
                    if i == last {
                        m.insert(name.clone(), value);
                        return Ok(target);
                    }
                    cur = m
                        .entry(name.clone())
                        .or_insert_with(|| Value::Object(Default::default()));
                }
                Segment::Index(n) => {
                    let Value::Array(a) = cur else {
                        return Err(fail());
                    };
                    let idx = if *n < 0 { a.len() as i64 + n } else { *n };
                    let Some(slot) = usize::try_from(idx).ok().and_then(|i| a.get_mut(i)) else {
                        return Err(fail());
                    };
                    if i == last {
                        *slot = value;
                        return Ok(target);
                    }
                    cur = slot;
                }
            }
        }
        Ok(target)
    }
}

/// The end of a bracket expression, skipping quoted text.
fn bracket_end(s: &str) -> Option<usize> {
    let mut quote: Option<char> = None;
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (None, '\'' | '"') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, ']') => return Some(i),
            _ => {}
        }
    }
    None
}

fn parse_bracket(text: &str, inner: &str) -> Result<Segment, PathError> {
    if inner == "*" {
        return Err(PathError::Unsupported("The wildcard '[*]'".into()));
    }
    if inner.starts_with('?') {
        return Err(PathError::Unsupported(
            "Filter expressions ('[?(…)]')".into(),
        ));
    }
    if inner.starts_with('(') {
        return Err(PathError::Unsupported(
            "Script expressions ('[(…)]')".into(),
        ));
    }
    for q in ['\'', '"'] {
        if inner.len() >= 2 && inner.starts_with(q) && inner.ends_with(q) {
            let name = &inner[1..inner.len() - 1];
            if name.contains(q) {
                return Err(PathError::Unsupported(
                    "Unions of names ('[\\'a\\',\\'b\\']')".into(),
                ));
            }
            return Ok(Segment::Field(name.to_string()));
        }
    }
    if inner.contains(':') {
        return Err(PathError::Unsupported("Array slices ('[a:b]')".into()));
    }
    if inner.contains(',') {
        return Err(PathError::Unsupported("Unions ('[a,b]')".into()));
    }
    inner
        .parse::<i64>()
        .map(Segment::Index)
        .map_err(|_| PathError::Invalid(format!("'{text}': invalid index '[{inner}]'")))
}

/// A path in Jayway's normalised notation (`$['a'][0]`), as AWS quotes it in errors.
fn jayway(root: Root, segments: &[Segment]) -> String {
    let mut s = String::from(match root {
        Root::Input => "$",
        Root::Context => "$$",
    });
    for seg in segments {
        match seg {
            Segment::Field(n) => s.push_str(&format!("['{n}']")),
            Segment::Index(i) => s.push_str(&format!("[{i}]")),
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn selects_like_aws() {
        let input = json!({"a": {"b": [10, {"c": "x"}]}, "x y": 1, "items": [{"v": 1}]});
        let ctx = json!({"Map": {"Item": {"Index": 2, "Value": "v"}}});
        let cases: &[(&str, Result<Value, &str>)] = &[
            ("$", Ok(input.clone())),
            ("$.a.b[0]", Ok(json!(10))),
            ("$.a.b[1].c", Ok(json!("x"))),
            ("$.a.b[-1].c", Ok(json!("x"))),
            ("$['x y']", Ok(json!(1))),
            ("$[\"a\"]['b'][0]", Ok(json!(10))),
            // `$.items[0]` is the element itself, not a one-element list
            ("$.items[0]", Ok(json!({"v": 1}))),
            ("$$.Map.Item.Value", Ok(json!("v"))),
            ("$$.Map.Item.Index", Ok(json!(2))),
            ("$.nope", Err("No results for path: $['nope']")),
            ("$.no.such.path", Err("Missing property in path $['no']")),
            ("$.a.b[5]", Err("No results for path: $['a']['b'][5]")),
        ];
        for (path, expected) in cases {
            let p = Path::parse(path).unwrap();
            let got = p.get(&input, &ctx).cloned().map_err(|m| m.0);
            assert_eq!(got, expected.clone().map_err(String::from), "{path}");
        }
    }

    #[test]
    fn reports_what_it_does_not_support() {
        for (path, unsupported) in [
            ("$..a", true),
            ("$.a[*]", true),
            ("$.a.*", true),
            ("$.a[?(@.x > 1)]", true),
            ("$.a[1:2]", true),
            ("$.a[0,1]", true),
            ("a.b", false),
            ("$.", false),
            ("$.a[x]", false),
            ("$.a[0", false),
        ] {
            let e = Path::parse(path).unwrap_err();
            assert_eq!(
                matches!(e, PathError::Unsupported(_)),
                unsupported,
                "{path}: {e}"
            );
        }
    }

    #[test]
    fn sets_reference_paths() {
        let p = Path::parse("$.a.b").unwrap();
        assert_eq!(
            p.set(json!({"x": 1}), json!(2)).unwrap(),
            json!({"x": 1, "a": {"b": 2}})
        );
        assert_eq!(
            Path::root().set(json!({"x": 1}), json!(2)).unwrap(),
            json!(2)
        );
        assert!(p.set(json!("s"), json!(2)).is_err());
        assert!(Path::parse("$.a.b")
            .unwrap()
            .set(json!({"a": 3}), json!(2))
            .is_err());
        let p = Path::parse("$.l[1]").unwrap();
        assert_eq!(
            p.set(json!({"l": [0, 0]}), json!(5)).unwrap(),
            json!({"l": [0, 5]})
        );
    }
}
