//! JSONPath as ASL uses it: Paths (`InputPath`, `OutputPath`, `ItemsPath`, `$.x` in
//! templates), Reference Paths (`ResultPath`) and the context object (`$$.Map.Item.Value`).
//!
//! The Jayway dialect AWS uses: the root (`$`, `$$`), child names (`.name`, `['name']`),
//! indices (`[0]`, `[-1]`), wildcards (`.*`, `[*]`), slices (`[1:5]`, `[::2]`), unions
//! (`['a','b']`, `[0,2]`), recursive descent (`..name`) and filters
//! (`[?(@.price < 10 && @.tag)]`). A *definite* path (names and indices only) selects one
//! value or nothing; any other path selects the list of its matches (maybe empty). Path
//! functions (`.length()`) parse but select nothing, as on AWS. Script expressions are
//! reported as [`PathError::Unsupported`].

mod filter;
mod regex;
mod select;

use std::fmt;

use serde_json::Value;

pub use filter::{Expr, Operand};
pub(crate) use select::{parse_segments, select};

/// What a path starts from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Root {
    /// `$`: the state's (effective) input.
    Input,
    /// `$$`: the context object.
    Context,
    /// `$name`: a workflow variable (set by `Assign`).
    Variable(String),
}

/// The member of the context value under which the executor passes the workflow variables
/// in scope (never visible through `$$`).
pub const VARIABLES: &str = "\u{1}variables";

/// One step of a path.
#[derive(Debug, Clone, PartialEq)]
pub enum Segment {
    /// A member of an object.
    Field(String),
    /// An element of an array (negative counts from the end).
    Index(i64),
    /// Every member or element (`*`).
    Wildcard,
    /// Array elements `start:end:step` (Python-style; negative counts from the end).
    Slice(Option<i64>, Option<i64>, Option<i64>),
    /// Several names or indices (`['a','b']`, `[0,2]`).
    Union(Vec<Segment>),
    /// The elements or members passing a filter (`[?(…)]`).
    Filter(Box<Expr>),
    /// The step applied at every depth (`..name`, `..*`, `..[0]`).
    Descendants(Box<Segment>),
    /// A Jayway path function (`.length()`, `.sum()`): AWS accepts the path but finds
    /// nothing with it ("The JSONPath '$.Jobs.sum()' … could not be found in the input").
    Function(String),
}

impl Segment {
    /// Whether the step selects at most one value.
    pub fn is_definite(&self) -> bool {
        matches!(
            self,
            Segment::Field(_) | Segment::Index(_) | Segment::Function(_)
        )
    }
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

    /// Parses a path such as `$.a.b`, `$['x'][0]`, `$.items[*].id` or `$$.Map.Item.Value`.
    pub fn parse(text: &str) -> Result<Self, PathError> {
        let (root, rest) = if let Some(r) = text.strip_prefix("$$") {
            (Root::Context, r)
        } else if let Some(r) = text.strip_prefix('$') {
            let name_len = r.find(['.', '[']).unwrap_or(r.len());
            match r.chars().next() {
                Some(c) if c.is_alphabetic() || c == '_' => {
                    let name = &r[..name_len];
                    if !name.chars().all(|c| c.is_alphanumeric() || c == '_') {
                        return Err(PathError::Invalid(format!(
                            "'{text}': invalid variable name '{name}'"
                        )));
                    }
                    (Root::Variable(name.to_string()), &r[name_len..])
                }
                _ => (Root::Input, r),
            }
        } else {
            return Err(PathError::Invalid(format!(
                "'{text}' is not a JSONPath: it must start with '$'"
            )));
        };
        let segments = parse_segments(rest, text)?;
        Ok(Self {
            text: text.to_string(),
            root,
            segments,
        })
    }

    /// Whether the path can be a Reference Path (`ResultPath`): `$`-rooted names and indices.
    pub fn is_reference(&self) -> bool {
        self.root == Root::Input
            && self
                .segments
                .iter()
                .all(|s| matches!(s, Segment::Field(_) | Segment::Index(_)))
    }

    /// Whether the path selects at most one value (names and indices only).
    pub fn is_definite(&self) -> bool {
        self.segments.iter().all(Segment::is_definite)
    }

    /// The value the path starts from (`None`: an undefined variable).
    fn start<'a>(&self, input: &'a Value, context: &'a Value) -> Option<&'a Value> {
        match &self.root {
            Root::Input => Some(input),
            Root::Context => Some(context),
            Root::Variable(name) => context.get(VARIABLES).and_then(|v| v.get(name)),
        }
    }

    fn undefined(&self) -> Missing {
        let name = match &self.root {
            Root::Variable(n) => n.as_str(),
            _ => "",
        };
        Missing(format!("The variable '${name}' is not defined"))
    }

    /// What the path selects: for a definite path the value (or [`Missing`]); for any other
    /// path the array of its matches, possibly empty.
    pub fn eval(&self, input: &Value, context: &Value) -> Result<Value, Missing> {
        if self.root == Root::Context && self.segments.is_empty() {
            let mut whole = context.clone();
            if let Value::Object(m) = &mut whole {
                m.remove(VARIABLES);
            }
            return Ok(whole);
        }
        if self.is_definite() {
            return self.get(input, context).cloned();
        }
        let stripped;
        let start = match self.start(input, context) {
            // Wildcards, filters and `..` on `$$` must not reach the workflow variables
            // kept beside it (rare enough that a copy is fine).
            Some(Value::Object(m)) if self.root == Root::Context && m.contains_key(VARIABLES) => {
                let mut m = m.clone();
                m.remove(VARIABLES);
                stripped = Value::Object(m);
                &stripped
            }
            Some(v) => v,
            None => return Err(self.undefined()),
        };
        Ok(Value::Array(
            select(&self.segments, start, input, context)
                .into_iter()
                .cloned()
                .collect(),
        ))
    }

    /// The value a definite path selects in `input` (for `$`) or `context` (for `$$`).
    /// Indefinite steps select nothing here: use [`Path::eval`].
    pub fn get<'a>(&self, input: &'a Value, context: &'a Value) -> Result<&'a Value, Missing> {
        let mut cur = match self.start(input, context) {
            Some(v) => v,
            None => return Err(self.undefined()),
        };
        for (i, seg) in self.segments.iter().enumerate() {
            let next = match (seg, cur) {
                // The workflow variables kept beside `$$` are not part of it.
                (Segment::Field(name), _)
                    if i == 0 && self.root == Root::Context && name == VARIABLES =>
                {
                    None
                }
                (Segment::Field(name), Value::Object(m)) => m.get(name),
                (Segment::Index(n), Value::Array(a)) => select::index(a, *n),
                _ => None,
            };
            match next {
                Some(v) => cur = v,
                None => {
                    let last = i + 1 == self.segments.len();
                    let shown = jayway(&self.root, &self.segments[..=i]);
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
    /// Fails when the path runs into a non-object (or an array index that does not exist),
    /// or is not a Reference Path.
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
                _ => return Err(fail()),
            }
        }
        Ok(target)
    }
}

/// A path in Jayway's normalised notation (`$['a'][0]`), as AWS quotes it in errors.
fn jayway(root: &Root, segments: &[Segment]) -> String {
    let mut s = match root {
        Root::Input => "$".to_string(),
        Root::Context => "$$".to_string(),
        Root::Variable(n) => format!("${n}"),
    };
    for seg in segments {
        match seg {
            Segment::Field(n) => s.push_str(&format!("['{n}']")),
            Segment::Index(i) => s.push_str(&format!("[{i}]")),
            Segment::Function(f) => s.push_str(&format!(".{f}()")),
            _ => s.push_str("[*]"),
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
            // AWS: "The JSONPath '$.Jobs.sum()' … could not be found in the input"
            (
                "$.a.b.length()",
                Err("No results for path: $['a']['b'].length()"),
            ),
            (
                "$.a.b.concat(\"x.y\")",
                Err("No results for path: $['a']['b'].concat()"),
            ),
        ];
        for (path, expected) in cases {
            let p = Path::parse(path).unwrap();
            let got = p.get(&input, &ctx).cloned().map_err(|m| m.0);
            assert_eq!(got, expected.clone().map_err(String::from), "{path}");
        }
    }

    #[test]
    fn selects_lists_with_the_jayway_dialect() {
        let input = json!({
            "items": [{"v": 1, "t": "a"}, {"v": 2, "t": "b"}, {"v": 3, "t": "a"}, {"v": 4}],
            "users": [{"year": 1997, "status": 0}, {"year": 1998, "status": 1}],
            "limit": 2,
            "o": {"x": {"v": 9}, "y": 8},
        });
        let ctx = json!({});
        let cases: &[(&str, Value)] = &[
            ("$.items[*].v", json!([1, 2, 3, 4])),
            ("$.items[1:3].v", json!([2, 3])),
            ("$.items[:1]", json!([{"v": 1, "t": "a"}])),
            ("$.items[-2:].v", json!([3, 4])),
            ("$.items[::2].v", json!([1, 3])),
            ("$.items[0,2].t", json!(["a", "a"])),
            ("$.o['x','y']", json!([{"v": 9}, 8])),
            ("$.o.*", json!([{"v": 9}, 8])),
            ("$..v", json!([1, 2, 3, 4, 9])),
            (
                "$.users[?(@.status == 0)]",
                json!([{"year": 1997, "status": 0}]),
            ),
            ("$.items[?(@.v > 1 && @.t == 'a')].v", json!([3])),
            ("$.items[?(@.v >= $.limit)].v", json!([2, 3, 4])),
            ("$.items[?(!@.t)].v", json!([4])),
            ("$.items[?(@.t == 'b' || @.v == 1)].v", json!([1, 2])),
            // Jayway's filter operators
            ("$.items[?(@.t =~ /A/i)].v", json!([1, 3])),
            ("$.items[?(@.t =~ /b.*/)].v", json!([2])),
            ("$.items[?(@.v in [1, 4])].v", json!([1, 4])),
            ("$.items[?(@.t in ['b'])].v", json!([2])),
            ("$.items[?(@.t nin ['a'])].v", json!([2])),
            ("$.items[?(@.t size 1)].v", json!([1, 2, 3])),
            ("$.users[?(@.status in [0.0])].year", json!([1997])),
            ("$.items[?(@.v.length() > 0)]", json!([])),
            // nothing matched: an empty list, not an error
            ("$.missing[*].v", json!([])),
            ("$[*].nothing", json!([])),
        ];
        for (path, expected) in cases {
            let p = Path::parse(path).unwrap_or_else(|e| panic!("{path}: {e}"));
            assert!(!p.is_definite(), "{path}");
            assert_eq!(
                p.eval(&input, &ctx).map_err(|m| m.0),
                Ok(expected.clone()),
                "{path}"
            );
        }
    }

    #[test]
    fn reports_what_it_does_not_support() {
        for (path, unsupported) in [
            ("$.a[(@.length-1)]", true),
            ("a.b", false),
            ("$.", false),
            ("$.a[x]", false),
            ("$.a[0", false),
            ("$.a[?(@.x == )]", false),
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
