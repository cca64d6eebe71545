//! Intrinsic functions (`States.Format('{}', $.x)`, `States.Array(…)`, …) in payload
//! templates: parsing the call syntax and evaluating it.

pub(crate) mod digest;
mod functions;

use serde_json::Value;

use crate::errors::RuntimeError;
use crate::host::Rng;
use crate::path::{Path, PathError};

pub use functions::{is_intrinsic, Intrinsic, FUNCTIONS};

/// An intrinsic function call.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// `States.Format`, ….
    pub name: String,
    /// The arguments.
    pub args: Vec<Arg>,
}

/// An argument of an intrinsic function.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    /// A quoted string, kept with its `\{`, `\}` escapes (they matter to `States.Format`).
    Str(String),
    /// A number, `true`, `false` or `null`.
    Literal(Value),
    /// A path on the input (`$.x`) or the context object (`$$.x`).
    Path(Path),
    /// A nested call.
    Call(Call),
}

/// Why a call could not be parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ParseError {
    /// Not a well-formed call.
    Invalid(String),
    /// Well-formed, using something the playground does not run yet.
    Unsupported(String),
}

/// Parses `States.Name(args…)`.
pub fn parse(text: &str) -> Result<Call, ParseError> {
    let mut p = Parser {
        s: text,
        pos: 0,
        depth: 0,
    };
    let call = p.call()?;
    p.ws();
    if p.pos != text.len() {
        return Err(ParseError::Invalid(format!(
            "unexpected text after the call: '{}'",
            &text[p.pos..]
        )));
    }
    Ok(call)
}

struct Parser<'a> {
    s: &'a str,
    pos: usize,
    depth: usize,
}

/// The deepest nesting of calls an argument list may have.
const MAX_DEPTH: usize = 32;

impl<'a> Parser<'a> {
    fn rest(&self) -> &'a str {
        &self.s[self.pos..]
    }

    fn ws(&mut self) {
        let trimmed = self.rest().trim_start();
        self.pos = self.s.len() - trimmed.len();
    }

    fn call(&mut self) -> Result<Call, ParseError> {
        self.ws();
        let rest = self.rest();
        let open = rest
            .find('(')
            .ok_or_else(|| ParseError::Invalid(format!("'{rest}' is not a function call")))?;
        let name = rest[..open].trim().to_string();
        if !is_intrinsic(&name) {
            return Err(ParseError::Invalid(format!(
                "'{name}' is not an intrinsic function"
            )));
        }
        self.pos += open + 1;
        let mut args = Vec::new();
        self.ws();
        if self.rest().starts_with(')') {
            self.pos += 1;
            return Ok(Call { name, args });
        }
        loop {
            args.push(self.arg()?);
            self.ws();
            match self.rest().chars().next() {
                Some(',') => self.pos += 1,
                Some(')') => {
                    self.pos += 1;
                    return Ok(Call { name, args });
                }
                _ => {
                    return Err(ParseError::Invalid(format!(
                        "expected ',' or ')' in {name}(…)"
                    )))
                }
            }
        }
    }

    fn arg(&mut self) -> Result<Arg, ParseError> {
        self.ws();
        let rest = self.rest();
        if rest.starts_with("States.") {
            self.depth += 1;
            if self.depth > MAX_DEPTH {
                return Err(ParseError::Invalid("calls are nested too deeply".into()));
            }
            let call = self.call().map(Arg::Call);
            self.depth -= 1;
            return call;
        }
        if let Some(body) = rest.strip_prefix('\'') {
            let mut out = String::new();
            let mut chars = body.char_indices();
            while let Some((i, c)) = chars.next() {
                match c {
                    '\\' => match chars.next() {
                        Some((_, e @ ('{' | '}'))) => {
                            out.push('\\');
                            out.push(e);
                        }
                        Some((_, e @ ('\'' | '\\'))) => out.push(e),
                        Some((_, e)) => {
                            return Err(ParseError::Invalid(format!(
                                "'\\{e}' is not a valid escape: only \\', \\{{, \\}} and \\\\ are"
                            )))
                        }
                        None => break,
                    },
                    '\'' => {
                        self.pos += 1 + i + 1;
                        return Ok(Arg::Str(out));
                    }
                    c => out.push(c),
                }
            }
            return Err(ParseError::Invalid("unterminated string literal".into()));
        }
        let end = arg_end(rest);
        let word = rest[..end].trim();
        self.pos += end;
        if word.starts_with('$') {
            return match Path::parse(word) {
                Ok(p) => Ok(Arg::Path(p)),
                Err(PathError::Unsupported(m)) => Err(ParseError::Unsupported(m)),
                Err(PathError::Invalid(m)) => Err(ParseError::Invalid(m)),
            };
        }
        match word {
            "true" => Ok(Arg::Literal(Value::Bool(true))),
            "false" => Ok(Arg::Literal(Value::Bool(false))),
            "null" => Ok(Arg::Literal(Value::Null)),
            w => serde_json::from_str::<serde_json::Number>(w)
                .map(|n| Arg::Literal(Value::Number(n)))
                .map_err(|_| ParseError::Invalid(format!("'{w}' is not a valid argument"))),
        }
    }
}

/// Where an unquoted argument ends: `,` or `)` outside brackets and quotes.
fn arg_end(s: &str) -> usize {
    let (mut depth, mut quote) = (0i32, None);
    for (i, c) in s.char_indices() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '\'' | '"') => quote = Some(c),
            (None, '[' | '(') => depth += 1,
            (None, ']') => depth -= 1,
            (None, ')') if depth > 0 => depth -= 1,
            (None, ',' | ')') if depth == 0 => return i,
            _ => {}
        }
    }
    s.len()
}

/// Evaluates a call against the input and the context object; `rng` serves `States.UUID`
/// and `States.MathRandom`.
pub fn evaluate(
    call: &Call,
    input: &Value,
    ctx: &Value,
    rng: &dyn Rng,
) -> Result<Value, RuntimeError> {
    let mut args = Vec::with_capacity(call.args.len());
    for a in &call.args {
        args.push(match a {
            Arg::Str(s) => Value::String(s.clone()),
            Arg::Literal(v) => v.clone(),
            Arg::Path(p) => p.eval(input, ctx).map_err(|m| {
                RuntimeError::runtime(format!(
                    "The JSONPath '{}' could not be found in the input: {}",
                    p.text, m.0
                ))
            })?,
            Arg::Call(c) => evaluate(c, input, ctx, rng)?,
        });
    }
    // Literal strings keep `\{`/`\}` for Format's template; everywhere else they are braces.
    let raw_template = match call.args.first() {
        Some(Arg::Str(s)) if call.name == "States.Format" => Some(s.clone()),
        _ => None,
    };
    for (a, v) in call.args.iter().zip(args.iter_mut()) {
        if let (Arg::Str(s), Value::String(out)) = (a, v) {
            *out = s.replace("\\{", "{").replace("\\}", "}");
        }
    }
    functions::apply(&call.name, args, raw_template, rng)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::host::SplitMix64;
    use serde_json::json;

    fn run(expr: &str, input: Value) -> Result<Value, String> {
        let call = parse(expr).map_err(|e| format!("{e:?}"))?;
        evaluate(
            &call,
            &input,
            &json!({"StateMachine": {"Name": "my-machine-name"}}),
            &SplitMix64::new(1),
        )
        .map_err(|e| e.error)
    }

    #[test]
    fn every_listed_function_parses_and_runs() {
        for f in FUNCTIONS {
            assert!(parse(&format!("{}()", f.name)).is_ok(), "{}", f.name);
            let answer = functions::apply(f.name, vec![], None, &SplitMix64::new(1));
            let unknown = answer.is_err_and(|e| e.cause.contains("unknown function"));
            assert!(!unknown, "{} is listed but not run", f.name);
        }
    }

    #[test]
    fn functions_behave_like_aws() {
        // Expected values from the AWS recordings in conformance/cases/intrinsic_functions.
        let cases: &[(&str, Value, Result<Value, &str>)] = &[
            ("States.Format('Formatting argument {}.', $.a)", json!({"a": ""}), Ok(json!("Formatting argument ."))),
            ("States.Format('{} and {}', $.a, 3)", json!({"a": "x"}), Ok(json!("x and 3"))),
            ("States.Format('\\{literal\\} {}', true)", json!({}), Ok(json!("{literal} true"))),
            ("States.StringSplit('Hello\nWorld', '\n')", json!({}), Ok(json!(["Hello", "World"]))),
            ("States.Format('fst={} snd={}', $.o, $.l)", json!({"o": {"Arg1": 1, "Arg2": []}, "l": ["a", 2]}), Ok(json!("fst={Arg1=1, Arg2=[]} snd=[a, 2]"))),
            ("States.StringToJson(' ')", json!({}), Ok(json!(null))),
            ("States.StringSplit($.s, '.+,=')", json!({"s": "This.is+a,test=string"}), Ok(json!(["This", "is", "a", "test", "string"]))),
            ("States.StringSplit($.s, ',')", json!({"s": ", , ,"}), Ok(json!([" ", " "]))),
            ("States.ArrayPartition($.a, 3)", json!({"a": [0, 1, 2, 3]}), Ok(json!([[0, 1, 2], [3]]))),
            ("States.ArrayRange(0, 10, 3)", json!({}), Ok(json!([0, 3, 6, 9]))),
            ("States.ArrayRange(1, 9, 9)", json!({}), Ok(json!([1]))),
            ("States.MathAdd($.a, $.b)", json!({"a": -0.5, "b": 0.5}), Ok(json!(1))),
            ("States.MathAdd($.a, $.b)", json!({"a": -1.49, "b": -1.5}), Ok(json!(-2))),
            ("States.MathAdd($.a, 0)", json!({"a": 2.5}), Ok(json!(3))),
            ("States.ArrayContains($.a, 2)", json!({"a": [1, 2]}), Ok(json!(true))),
            ("States.ArrayUnique($.a)", json!({"a": [1, 2, 1, "1", 2]}), Ok(json!([1, 2, "1"]))),
            ("States.ArrayGetItem($.a, 1)", json!({"a": [1, 2]}), Ok(json!(2))),
            ("States.ArrayLength($.a)", json!({"a": [1, 2]}), Ok(json!(2))),
            ("States.Array($.a, 'b', 3, null)", json!({"a": {"x": 1}}), Ok(json!([{"x": 1}, "b", 3, null]))),
            ("States.StringToJson($.s)", json!({"s": "{\"a\": [1]}"}), Ok(json!({"a": [1]}))),
            ("States.JsonToString($.o)", json!({"o": {"a": [1, "x"]}}), Ok(json!("{\"a\":[1,\"x\"]}"))),
            ("States.JsonMerge(States.StringToJson('{\"a\": 1}'), $.b, false)", json!({"b": {"c": 2}}), Ok(json!({"a": 1, "c": 2}))),
            ("States.Base64Encode('Data to encode')", json!({}), Ok(json!("RGF0YSB0byBlbmNvZGU="))),
            ("States.Base64Decode('RGF0YSB0byBlbmNvZGU=')", json!({}), Ok(json!("Data to encode"))),
            ("States.Hash('input data', 'MD5')", json!({}), Ok(json!("812f45842bc6d66ee14572ce20db8e86"))),
            (
                "States.ArrayGetItem(States.StringSplit($$.StateMachine.Name, '-'), States.MathAdd(States.ArrayLength(States.StringSplit($$.StateMachine.Name, '-')), -1))",
                json!({}),
                Ok(json!("name")),
            ),
            ("States.ArrayGetItem($.a, 5)", json!({"a": [1]}), Err("States.IntrinsicFailure")),
            ("States.Format('{} {}', 1)", json!({}), Err("States.IntrinsicFailure")),
            ("States.JsonMerge($.a, $.a, true)", json!({"a": {}}), Err("States.IntrinsicFailure")),
        ];
        for (expr, input, expected) in cases {
            assert_eq!(
                run(expr, input.clone()),
                expected.clone().map_err(String::from),
                "{expr}"
            );
        }
    }

    #[test]
    fn random_and_uuid_come_from_the_host() {
        let r = run("States.MathRandom(0, 10)", json!({})).unwrap_or_default();
        assert!(r.as_i64().is_some_and(|n| (0..10).contains(&n)), "{r}");
        let seeded = |s: i64| run(&format!("States.MathRandom(0, 1000, {s})"), json!({}));
        assert_eq!(seeded(3), seeded(3));
        let u = run("States.UUID()", json!({})).unwrap_or_default();
        assert_eq!(u.as_str().map(str::len), Some(36));
    }

    #[test]
    fn syntax_errors() {
        for bad in [
            "States.Nope(1)",
            "States.Format('x'",
            "States.Array(1 2)",
            "States.Array('x)",
            "Format('x')",
            // only \' \{ \} \\ may be escaped (scenarios_misc/test_illegal_escapes)
            "States.Format('He said, \\\"Hello\\\"')",
        ] {
            assert!(matches!(parse(bad), Err(ParseError::Invalid(_))), "{bad}");
        }
    }
}
