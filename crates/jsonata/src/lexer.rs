//! Tokens: the lexer turns the text into tokens on demand, as the parser asks for them
//! (a `/` starts a regular expression only where the parser does not ask for an operator).

use crate::error::Error;

/// What a token is.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Kind {
    /// A field name (plain or backtick-quoted).
    Name(String),
    /// `$name` (the name without the `$`).
    Variable(String),
    /// A string literal, escapes resolved.
    Str(String),
    /// A number literal.
    Number(f64),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// An operator or punctuation, `and`/`or`/`in` included.
    Operator(&'static str),
    /// A regular expression literal.
    Regex { pattern: String, flags: String },
    /// The end of the text.
    End,
}

/// A token and the position just after it (UTF-16 code units).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Token {
    pub kind: Kind,
    pub position: usize,
}

impl Token {
    /// The token's value as jsonata-js prints it in errors.
    pub fn text(&self) -> Option<String> {
        match &self.kind {
            Kind::Name(s) | Kind::Variable(s) | Kind::Str(s) => Some(s.clone()),
            Kind::Number(n) => Some(n.to_string()),
            Kind::Bool(b) => Some(b.to_string()),
            Kind::Null => Some("null".into()),
            Kind::Operator(o) => Some((*o).to_string()),
            Kind::Regex { pattern, .. } => Some(format!("/{pattern}/")),
            Kind::End => None,
        }
    }
}

const SINGLE: &str = ".[]{}(),@#;:?+-*/%|=<>^&!~";
const DOUBLE: [&str; 9] = ["..", ":=", "!=", ">=", "<=", "**", "~>", "?:", "??"];

fn single(c: char) -> Option<&'static str> {
    let i = SINGLE.find(c)?;
    Some(&SINGLE[i..i + c.len_utf8()])
}

fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{b}')
}

/// The lexer over one expression.
pub(crate) struct Lexer {
    chars: Vec<char>,
    /// UTF-16 offset of each char, plus one entry for the end.
    offsets: Vec<usize>,
    pos: usize,
}

impl Lexer {
    pub fn new(text: &str) -> Lexer {
        let chars: Vec<char> = text.chars().collect();
        let mut offsets = Vec::with_capacity(chars.len() + 1);
        let mut o = 0;
        for c in &chars {
            offsets.push(o);
            o += c.len_utf16();
        }
        offsets.push(o);
        Lexer {
            chars,
            offsets,
            pos: 0,
        }
    }

    /// The UTF-16 offset of a char index.
    pub fn at(&self, i: usize) -> usize {
        self.offsets[i.min(self.chars.len())]
    }

    fn ch(&self, i: usize) -> Option<char> {
        self.chars.get(i).copied()
    }

    fn token(&self, kind: Kind) -> Token {
        Token {
            kind,
            position: self.at(self.pos),
        }
    }

    fn err(&self, code: &'static str, i: usize, token: Option<String>) -> Error {
        Error::new(code, self.at(i), token)
    }

    /// The next token; `infix` is true where the parser wants an operator (no regex then).
    pub fn next(&mut self, infix: bool) -> Result<Token, Error> {
        loop {
            while self.ch(self.pos).is_some_and(is_space) {
                self.pos += 1;
            }
            if self.ch(self.pos) == Some('/') && self.ch(self.pos + 1) == Some('*') {
                let start = self.pos;
                self.pos += 2;
                loop {
                    match self.ch(self.pos) {
                        None => return Err(self.err("S0106", start, None)),
                        Some('*') if self.ch(self.pos + 1) == Some('/') => {
                            self.pos += 2;
                            break;
                        }
                        Some(_) => self.pos += 1,
                    }
                }
                continue;
            }
            break;
        }
        let Some(c) = self.ch(self.pos) else {
            return Ok(self.token(Kind::End));
        };
        if !infix && c == '/' {
            self.pos += 1;
            return self.regex();
        }
        if let Some(n) = self.ch(self.pos + 1) {
            let pair: String = [c, n].iter().collect();
            if let Some(op) = DOUBLE.iter().find(|d| **d == pair) {
                self.pos += 2;
                return Ok(self.token(Kind::Operator(op)));
            }
        }
        if let Some(op) = single(c) {
            self.pos += 1;
            return Ok(self.token(Kind::Operator(op)));
        }
        if c == '"' || c == '\'' {
            return self.string(c);
        }
        if c.is_ascii_digit() {
            return self.number();
        }
        if c == '`' {
            let start = self.pos + 1;
            let mut i = start;
            while i < self.chars.len() && self.chars[i] != '`' {
                i += 1;
            }
            if i >= self.chars.len() {
                return Err(self.err("S0105", self.chars.len(), None));
            }
            let name: String = self.chars[start..i].iter().collect();
            self.pos = i + 1;
            return Ok(self.token(Kind::Name(name)));
        }
        let mut i = self.pos;
        while let Some(ch) = self.ch(i) {
            if is_space(ch) || single(ch).is_some() {
                break;
            }
            i += 1;
        }
        let start = self.pos;
        self.pos = i;
        if c == '$' {
            let name: String = self.chars[start + 1..i].iter().collect();
            return Ok(self.token(Kind::Variable(name)));
        }
        let name: String = self.chars[start..i].iter().collect();
        let kind = match name.as_str() {
            "and" => Kind::Operator("and"),
            "or" => Kind::Operator("or"),
            "in" => Kind::Operator("in"),
            "true" => Kind::Bool(true),
            "false" => Kind::Bool(false),
            "null" => Kind::Null,
            _ => Kind::Name(name),
        };
        Ok(self.token(kind))
    }

    fn regex(&mut self) -> Result<Token, Error> {
        let start = self.pos;
        let mut depth: i64 = 0;
        while let Some(c) = self.ch(self.pos) {
            if c == '/' && depth == 0 {
                let mut backslashes = 0;
                while self.pos > backslashes && self.ch(self.pos - backslashes - 1) == Some('\\') {
                    backslashes += 1;
                }
                if backslashes % 2 == 0 {
                    let pattern: String = self.chars[start..self.pos].iter().collect();
                    if pattern.is_empty() {
                        return Err(self.err("S0301", self.pos, None));
                    }
                    self.pos += 1;
                    let fstart = self.pos;
                    while matches!(self.ch(self.pos), Some('i' | 'm')) {
                        self.pos += 1;
                    }
                    let flags: String = self.chars[fstart..self.pos].iter().collect();
                    return Ok(self.token(Kind::Regex { pattern, flags }));
                }
            }
            let escaped = self.pos > 0 && self.ch(self.pos - 1) == Some('\\');
            if matches!(c, '(' | '[' | '{') && !escaped {
                depth += 1;
            }
            if matches!(c, ')' | ']' | '}') && !escaped {
                depth -= 1;
            }
            self.pos += 1;
        }
        Err(self.err("S0302", self.pos, None))
    }

    fn string(&mut self, quote: char) -> Result<Token, Error> {
        self.pos += 1;
        let mut units: Vec<u16> = Vec::new();
        while let Some(c) = self.ch(self.pos) {
            if c == '\\' {
                self.pos += 1;
                let Some(e) = self.ch(self.pos) else { break };
                let simple = match e {
                    '"' => Some('"'),
                    '\\' => Some('\\'),
                    '/' => Some('/'),
                    'b' => Some('\u{8}'),
                    'f' => Some('\u{c}'),
                    'n' => Some('\n'),
                    'r' => Some('\r'),
                    't' => Some('\t'),
                    _ => None,
                };
                if let Some(s) = simple {
                    let mut buf = [0u16; 2];
                    units.extend_from_slice(s.encode_utf16(&mut buf));
                } else if e == 'u' {
                    let hex: String = self.chars
                        [self.pos + 1..(self.pos + 5).min(self.chars.len())]
                        .iter()
                        .collect();
                    if hex.is_empty() || !hex.chars().all(|h| h.is_ascii_hexdigit()) {
                        return Err(self.err("S0104", self.pos, None));
                    }
                    // jsonata-js: parseInt of up to four hex digits
                    let v = u16::from_str_radix(&hex, 16).unwrap_or(0);
                    units.push(v);
                    self.pos += 4;
                } else {
                    return Err(self.err("S0103", self.pos, Some(e.to_string())));
                }
            } else if c == quote {
                self.pos += 1;
                return Ok(self.token(Kind::Str(String::from_utf16_lossy(&units))));
            } else {
                let mut buf = [0u16; 2];
                units.extend_from_slice(c.encode_utf16(&mut buf));
            }
            self.pos += 1;
        }
        Err(self.err("S0101", self.chars.len(), None))
    }

    fn number(&mut self) -> Result<Token, Error> {
        let start = self.pos;
        let digits = |lx: &Lexer, mut i: usize| {
            while lx.ch(i).is_some_and(|c| c.is_ascii_digit()) {
                i += 1;
            }
            i
        };
        let mut i = if self.ch(start) == Some('0') {
            start + 1
        } else {
            digits(self, start)
        };
        if self.ch(i) == Some('.') && self.ch(i + 1).is_some_and(|c| c.is_ascii_digit()) {
            i = digits(self, i + 1);
        }
        if matches!(self.ch(i), Some('e' | 'E')) {
            let mut j = i + 1;
            if matches!(self.ch(j), Some('+' | '-')) {
                j += 1;
            }
            if self.ch(j).is_some_and(|c| c.is_ascii_digit()) {
                i = digits(self, j);
            }
        }
        let text: String = self.chars[start..i].iter().collect();
        match text.parse::<f64>() {
            Ok(n) if n.is_finite() => {
                self.pos = i;
                Ok(self.token(Kind::Number(n)))
            }
            _ => Err(self.err("S0102", start, Some(text))),
        }
    }
}
