//! Function signatures (`<s-n?:s>`): parsing and validating the arguments of a call.
//!
//! A signature lists one symbol per parameter: `s` string, `n` number, `b` boolean, `l` null,
//! `o` object, `a` array (any value is taken as a one-item array), `f` function, `j` any JSON
//! value, `x` anything, `(…)` a choice of symbols. After a symbol, `-` takes the context when
//! the argument is missing, `?` makes it optional and `+` lets it repeat; `a<…>` and `f<…>` give
//! the item or function type; the return type after `:` is not checked.
//!
//! jsonata-js turns a signature into a regular expression over one letter per argument (`m` for
//! a missing one) and validates by matching it; this module matches the same language with a
//! small backtracking matcher, so which argument an error names is the one jsonata-js names.

use std::collections::HashSet;

use crate::value::Value;
use crate::Error;

/// A parsed function signature.
#[derive(Debug, Clone)]
pub struct Signature {
    text: String,
    params: Vec<Param>,
}

/// How many arguments a parameter takes, and whether it prefers fewer (`??`, `+?`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Repeat {
    min: usize,
    many: bool,
    lazy: bool,
}

/// One parameter of a signature.
#[derive(Debug, Clone)]
struct Param {
    /// The symbol (`s`, `n`, … or `(` for a choice).
    kind: char,
    /// The argument symbols it accepts (`m`: missing).
    accepts: String,
    repeat: Repeat,
    /// `-`: the symbols a context value may have to stand in for the missing argument (`None`:
    /// any symbol, when the parameter was already optional before the `-`).
    context: Option<Option<String>>,
    /// `a<…>`/`f<…>`: the type parameter as written.
    subtype: Option<String>,
}

impl Param {
    fn new(kind: char, accepts: &str) -> Param {
        Param {
            kind,
            accepts: accepts.to_string(),
            repeat: Repeat {
                min: 1,
                many: false,
                lazy: false,
            },
            context: None,
            subtype: None,
        }
    }

    /// Applies a `?` or `+` written after the parameter (after a `-` too, which makes it
    /// optional); `None` when jsonata-js's regular expression would not compile.
    fn modify(&mut self, symbol: char) -> Option<()> {
        let r = &mut self.repeat;
        match (symbol, r.min, r.many, r.lazy) {
            ('?', 1, false, false) => r.min = 0,
            ('+', 1, false, false) => r.many = true,
            ('?', 0, false, false) | ('?', 1, true, false) => r.lazy = true,
            _ => return None,
        }
        Some(())
    }
}

/// The letter jsonata-js gives an argument's type in a signature match.
fn symbol_of(value: &Value) -> char {
    match value {
        Value::Undefined => 'm',
        Value::Null => 'l',
        Value::Bool(_) => 'b',
        Value::Number(_) => 'n',
        Value::String(_) => 's',
        Value::Array(_) => 'a',
        Value::Object(_) => 'o',
        Value::Function(_) => 'f',
    }
}

/// The plural jsonata-js names an array's item type by in T0412.
fn plural(subtype: &str) -> &'static str {
    match subtype {
        "a" => "arrays",
        "b" => "booleans",
        "f" => "functions",
        "n" => "numbers",
        "o" => "objects",
        "s" => "strings",
        _ => "undefined",
    }
}

/// The position just after the bracket that closes the one at `start`.
fn closing(chars: &[char], start: usize, open: char, close: char) -> usize {
    let mut depth = 1;
    let mut i = start;
    while i < chars.len() {
        i += 1;
        match chars.get(i) {
            Some(c) if *c == close => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            Some(c) if *c == open => depth += 1,
            _ => {}
        }
    }
    i
}

impl Signature {
    /// Parses a signature, `<` and `>` included.
    pub fn parse(text: &str) -> Result<Signature, Error> {
        let chars: Vec<char> = text.chars().collect();
        let invalid = |i: usize| {
            // jsonata-js fails with a SyntaxError from its regular expression, no JSONata code
            Error::with_message(
                "U1003",
                i,
                Some(text.to_string()),
                format!("Invalid function signature {text}: nothing to repeat"),
            )
        };
        let mut params: Vec<Param> = Vec::new();
        // Modifiers before the first symbol go to the parameter still to come (jsonata-js).
        let mut leading_context = false;
        let mut i = 1;
        while i < chars.len() {
            let c = chars[i];
            let accepts = match c {
                ':' => break,
                's' | 'n' | 'b' | 'l' | 'o' => Some(format!("{c}m")),
                'a' | 'x' => Some("asnblfom".to_string()),
                'f' => Some("f".to_string()),
                'j' => Some("asnblom".to_string()),
                '(' => {
                    let end = closing(&chars, i, '(', ')');
                    let choice: String = chars[i + 1..end.min(chars.len())].iter().collect();
                    if choice.contains('<') {
                        return Err(Error::new("S0402", i, Some(choice)));
                    }
                    i = end;
                    Some(format!("{choice}m"))
                }
                _ => None,
            };
            if let Some(accepts) = accepts {
                let mut param = Param::new(c, &accepts);
                if std::mem::take(&mut leading_context) {
                    param.context = Some(Some(String::new()));
                }
                params.push(param);
            } else {
                match (c, params.last_mut()) {
                    ('-', None) => leading_context = true,
                    ('-', Some(p)) => {
                        p.context = Some((p.repeat.min > 0).then(|| p.accepts.clone()));
                        p.modify('?').ok_or_else(|| invalid(i))?;
                    }
                    ('?' | '+', Some(p)) => p.modify(c).ok_or_else(|| invalid(i))?,
                    ('<', last) => match last {
                        Some(p) if matches!(p.kind, 'a' | 'f') => {
                            let end = closing(&chars, i, '<', '>');
                            p.subtype = Some(chars[i + 1..end.min(chars.len())].iter().collect());
                            i = end;
                        }
                        _ => {
                            let token = last.map(|p| match p.kind {
                                '(' => format!("({})", p.accepts.trim_end_matches('m')),
                                k => k.to_string(),
                            });
                            return Err(Error::new("S0401", i, token));
                        }
                    },
                    _ => {}
                }
            }
            i += 1;
        }
        Ok(Signature {
            text: text.to_string(),
            params,
        })
    }

    /// The signature as written.
    pub fn text(&self) -> &str {
        &self.text
    }

    /// Validates (and completes) the arguments of a call to the function `name`: a `-`
    /// parameter missing takes the `context`; arrays are wrapped or unwrapped as the signature
    /// says. Fails with T0410/T0411/T0412 at `position`.
    pub fn validate(
        &self,
        arguments: &[Value],
        context: &Value,
        name: &str,
        position: usize,
    ) -> Result<Vec<Value>, Error> {
        let symbols: Vec<char> = arguments.iter().map(symbol_of).collect();
        let error = |code: &'static str, text: String| {
            Error::with_message(code, position, Some(name.to_string()), text)
        };
        let Some(spans) = first_match(&self.params, &symbols, true) else {
            let index = self.mismatch(&symbols) + 1;
            return Err(error(
                "T0410",
                format!(
                    "Argument {index} of function \"{name}\" does not match function signature"
                ),
            ));
        };
        let mut validated = Vec::with_capacity(arguments.len());
        let mut next = 0;
        let argument = |i: usize| arguments.get(i).cloned().unwrap_or_default();
        for (param, (start, end)) in self.params.iter().zip(spans) {
            if start == end {
                match &param.context {
                    Some(accepts) => {
                        let fits = accepts
                            .as_ref()
                            .is_none_or(|set| set.contains(symbol_of(context)));
                        if !fits {
                            let index = next + 1;
                            return Err(error(
                                "T0411",
                                format!(
                                    "Context value is not a compatible type with argument {index} of function \"{name}\""
                                ),
                            ));
                        }
                        validated.push(context.clone());
                    }
                    None => {
                        validated.push(argument(next));
                        next += 1;
                    }
                }
                continue;
            }
            // jsonata-js passes the first argument of a repeated non-array parameter for each
            // argument it matched.
            let first = argument(next);
            for &single in &symbols[start..end] {
                if param.kind != 'a' {
                    validated.push(first.clone());
                    next += 1;
                    continue;
                }
                let value = argument(next);
                if single != 'm' {
                    if let Some(subtype) = &param.subtype {
                        let matched: String = symbols[start..end].iter().collect();
                        let fine = match value.as_array() {
                            None => matched == *subtype,
                            Some(array) => match array.items.first() {
                                None => true,
                                Some(first) => {
                                    let item = symbol_of(first);
                                    subtype.starts_with(item)
                                        && array.items.iter().all(|v| symbol_of(v) == item)
                                }
                            },
                        };
                        if !fine {
                            let index = next + 1;
                            return Err(error(
                                "T0412",
                                format!(
                                    "Argument {index} of function \"{name}\" must be an array of \"{}\"",
                                    plural(subtype)
                                ),
                            ));
                        }
                    }
                }
                validated.push(match single {
                    'm' => Value::Undefined,
                    'a' => value,
                    _ => Value::array(vec![value]),
                });
                next += 1;
            }
        }
        Ok(validated)
    }

    /// The index of the argument jsonata-js reports as not matching: how far the longest
    /// matching prefix of parameters reaches.
    fn mismatch(&self, symbols: &[char]) -> usize {
        let mut good = 0;
        for k in 1..=self.params.len() {
            match first_match(&self.params[..k], symbols, false) {
                Some(spans) => good = spans.last().map_or(0, |s| s.1),
                None => return good,
            }
        }
        good
    }

    /// How many parameters the signature declares.
    pub fn parameter_count(&self) -> usize {
        self.params.len()
    }
}

/// One parameter's place in a match being tried: where it starts and the lengths left to try.
struct Attempt {
    start: usize,
    length: usize,
    shortest: usize,
    longest: usize,
    lazy: bool,
    tried: bool,
}

impl Attempt {
    /// The next length to try, in the order a regular expression tries them.
    fn advance(&mut self) -> Option<usize> {
        if self.longest < self.shortest {
            return None;
        }
        if !self.tried {
            self.tried = true;
            self.length = if self.lazy {
                self.shortest
            } else {
                self.longest
            };
            return Some(self.length);
        }
        if self.lazy && self.length < self.longest {
            self.length += 1;
            Some(self.length)
        } else if !self.lazy && self.length > self.shortest {
            self.length -= 1;
            Some(self.length)
        } else {
            None
        }
    }
}

/// The first match (in regular-expression order) of the parameters against the argument
/// symbols from the start — to the end when `whole` — as each parameter's span.
fn first_match(params: &[Param], symbols: &[char], whole: bool) -> Option<Vec<(usize, usize)>> {
    let mut failed: HashSet<(usize, usize)> = HashSet::new();
    let mut attempts: Vec<Attempt> = Vec::new();
    let mut pos = 0;
    loop {
        let i = attempts.len();
        if i == params.len() {
            if !whole || pos == symbols.len() {
                return Some(
                    attempts
                        .iter()
                        .map(|a| (a.start, a.start + a.length))
                        .collect(),
                );
            }
        } else if !failed.contains(&(i, pos)) {
            let p = &params[i];
            let run = symbols[pos..]
                .iter()
                .take_while(|c| p.accepts.contains(**c))
                .count();
            attempts.push(Attempt {
                start: pos,
                length: 0,
                shortest: p.repeat.min,
                longest: if p.repeat.many { run } else { run.min(1) },
                lazy: p.repeat.lazy,
                tried: false,
            });
        }
        loop {
            let depth = attempts.len();
            let top = attempts.last_mut()?;
            if let Some(length) = top.advance() {
                pos = top.start + length;
                break;
            }
            failed.insert((depth - 1, top.start));
            attempts.pop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Value {
        Value::string(text)
    }

    fn n(x: f64) -> Value {
        Value::Number(x)
    }

    fn check(sig: &str, args: &[Value], context: &Value) -> Result<String, (String, usize)> {
        Signature::parse(sig)
            .map_err(|e| (e.code.to_string(), e.position))?
            .validate(args, context, "f", 7)
            .map(|v| json(&v))
            .map_err(|e| (e.code.to_string(), index_of(&e.message)))
    }

    fn index_of(message: &str) -> usize {
        message
            .split_whitespace()
            .find_map(|w| w.parse().ok())
            .unwrap_or(0)
    }

    fn json(values: &[Value]) -> String {
        serde_json::to_string(&values.iter().map(|v| v.to_json()).collect::<Vec<_>>())
            .unwrap_or_default()
    }

    #[test]
    fn context_stands_in_for_a_missing_argument() {
        // λ($x,$y)<n-n:n>{…}(6) against 28 gets (28, 6)
        let r = check("<n-n:n>", &[n(6.0)], &n(28.0)).unwrap();
        assert_eq!(r, "[28,6]");
        // `<s->` with an object as the context: T0411, argument 1
        let object = Value::from_json(&serde_json::json!({"x": 1}));
        assert_eq!(check("<s->", &[], &object), Err(("T0411".into(), 1)));
        // an undefined context fits any `-` parameter
        assert_eq!((check("<s-:s>", &[], &Value::Undefined).unwrap()), "[null]");
    }

    #[test]
    fn arrays_are_wrapped_and_item_types_checked() {
        let r = check("<a<s>s?:s>", &[s("a")], &Value::Undefined).unwrap();
        assert_eq!(r, "[[\"a\"],null]");
        let mixed = Value::array(vec![n(1.0), n(2.0), s("3")]);
        assert_eq!(
            check("<a<n>>", &[mixed], &Value::Undefined),
            Err(("T0412".into(), 1))
        );
        assert_eq!(
            check("<a<n>>", &[s("f")], &Value::Undefined),
            Err(("T0412".into(), 1))
        );
        let nested = Value::array(vec![Value::array(vec![n(1.0)])]);
        assert!(check("<a<a<n>>>", &[nested], &Value::Undefined).is_ok());
        assert!(check("<a<n>>", &[Value::array(vec![])], &Value::Undefined).is_ok());
    }

    #[test]
    fn the_argument_named_in_t0410_is_the_reference_s() {
        // λ($a,$b)<nn:a>{…}(1,"2") → argument 2; (1,3,"2") → argument 3
        assert_eq!(
            check("<nn:a>", &[n(1.0), s("2")], &Value::Undefined),
            Err(("T0410".into(), 2))
        );
        assert_eq!(
            check("<nn:a>", &[n(1.0), n(3.0), s("2")], &Value::Undefined),
            Err(("T0410".into(), 3))
        );
        assert_eq!(
            check(
                "<nn+:a>",
                &[n(1.0), n(3.0), n(2.0), s("g")],
                &Value::Undefined
            ),
            Err(("T0410".into(), 4))
        );
        // $substring("abc", "x") → argument 2; $substring() → argument 1
        assert_eq!(
            check("<s-nn?:s>", &[s("abc"), s("x")], &Value::Undefined),
            Err(("T0410".into(), 2))
        );
        assert_eq!(
            check("<s-nn?:s>", &[], &Value::Undefined),
            Err(("T0410".into(), 1))
        );
        // an unknown symbol declares nothing: λ($a)<u>{$a}(5) → argument 1
        assert_eq!(
            check("<u>", &[n(5.0)], &Value::Undefined),
            Err(("T0410".into(), 1))
        );
    }

    #[test]
    fn repeats_and_optionals_as_jsonata_js() {
        // λ($a,$b)<s+?n>{[$a,$b]}("a","b",5) gives ["a","a"]
        let r = check("<s+?n>", &[s("a"), s("b"), n(5.0)], &Value::Undefined).unwrap();
        assert_eq!(r, "[\"a\",\"a\",5]");
        // λ($a,$b)<s?n>{[$a,$b]}(5) gives [5]: the skipped optional takes the next argument
        let r = check("<s?n>", &[n(5.0)], &Value::Undefined).unwrap();
        assert_eq!(r, "[5,null]");
        let r = check("<s??n>", &[n(5.0)], &Value::Undefined).unwrap();
        assert_eq!(r, "[5,null]");
        assert!(check("<s?+>", &[s("x")], &Value::Undefined).is_err());
    }

    #[test]
    fn parse_errors_and_counts() {
        assert_eq!(
            check("<n<n>>", &[], &Value::Undefined),
            Err(("S0401".into(), 2))
        );
        assert_eq!(
            check("<(sa<n>)>", &[], &Value::Undefined),
            Err(("S0402".into(), 1))
        );
        let sig = Signature::parse("<s-(sf)(sf)n?:s>").unwrap();
        assert_eq!(sig.parameter_count(), 4);
        assert_eq!(sig.text(), "<s-(sf)(sf)n?:s>");
        assert_eq!(
            Signature::parse("<f<n:n>:f<n:n>>")
                .unwrap()
                .parameter_count(),
            1
        );
    }

    #[test]
    fn many_repeats_do_not_backtrack_without_end() {
        let sig = Signature::parse(&format!("<{}b>", "x+".repeat(30))).unwrap();
        let args = vec![n(1.0); 200];
        assert!(sig.validate(&args, &Value::Undefined, "f", 0).is_err());
    }
}
