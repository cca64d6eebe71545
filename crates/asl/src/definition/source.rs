//! Reading a definition's text: JSON or YAML (auto-detected) into a JSON value, plus a map
//! from JSON pointers to byte spans so that diagnostics point at the right place.

use std::borrow::Cow;
use std::cell::OnceCell;
use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::diagnostic::{offset_of, Diagnostic, DiagnosticCode};

/// Which syntax the definition was written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// JSON.
    Json,
    /// YAML.
    Yaml,
}

/// Where each part of the document is in the text. The spans are found on the first lookup
/// (only a definition with problems needs them), by scanning the text again.
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    spans: OnceCell<Spans>,
    /// Where the JSON starts (after a byte-order mark).
    bom: usize,
    yaml: bool,
    /// Duplicate member names: pointer of the later member.
    pub duplicates: Vec<String>,
}

/// The spans of a JSON document's values and member names, by JSON pointer.
#[derive(Debug, Clone, Default)]
struct Spans {
    values: HashMap<String, (usize, usize)>,
    keys: HashMap<String, (usize, usize)>,
}

impl SourceMap {
    /// The span of the value at `pointer` (or of the nearest ancestor that has one).
    pub fn value_span(&self, text: &str, pointer: &str) -> Option<(usize, usize)> {
        self.lookup(text, pointer, false)
    }

    /// The span of the member name at `pointer` (falls back to the value's span).
    pub fn key_span(&self, text: &str, pointer: &str) -> Option<(usize, usize)> {
        self.lookup(text, pointer, true)
    }

    fn lookup(&self, text: &str, pointer: &str, key: bool) -> Option<(usize, usize)> {
        if self.yaml {
            return yaml_locate(text, pointer);
        }
        let spans = self.spans.get_or_init(|| {
            let mut scanner = Scanner::new(text.as_bytes(), self.bom, true);
            scanner.document();
            scanner.spans.unwrap_or_default()
        });
        let mut p = pointer;
        loop {
            if key {
                if let Some(s) = spans.keys.get(p) {
                    return Some(*s);
                }
            }
            if let Some(s) = spans.values.get(p) {
                return Some(*s);
            }
            match p.rfind('/') {
                Some(i) => p = &p[..i],
                None => return None,
            }
        }
    }
}

/// Escapes one JSON pointer segment (`~` → `~0`, `/` → `~1`).
pub fn escape_segment(s: &str) -> String {
    if !s.contains(['~', '/']) {
        return s.to_string();
    }
    s.replace('~', "~0").replace('/', "~1")
}

/// Parses JSON (if the text starts with `{` or parses as JSON) or YAML.
pub fn parse(text: &str) -> Result<(Value, SourceMap, Format), Diagnostic> {
    if text.len() > MAX_DEFINITION_BYTES {
        let message =
            format!("The definition is larger than AWS's limit of {MAX_DEFINITION_BYTES} bytes");
        return Err(Diagnostic::error(DiagnosticCode::TooLarge, message, "").at(text, (0, 0)));
    }
    let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let looks_json = trimmed.starts_with('{') || trimmed.starts_with('[');
    // A byte-order mark is not JSON; skip it (spans stay offsets into `text`).
    let bom = if text.starts_with('\u{feff}') {
        '\u{feff}'.len_utf8()
    } else {
        0
    };
    match crate::json::value_from_str(&text[bom..]) {
        Ok(v) => {
            // Duplicate member names now (serde_json keeps the last); spans when asked for.
            let mut scanner = Scanner::new(text.as_bytes(), bom, false);
            scanner.document();
            let map = SourceMap {
                bom,
                duplicates: scanner.duplicates,
                ..SourceMap::default()
            };
            Ok((v, map, Format::Json))
        }
        Err(e) if looks_json => {
            let offset = bom + offset_of(&text[bom..], e.line(), e.column());
            let message = strip_position_suffix(&e.to_string()).to_string();
            Err(Diagnostic::error(DiagnosticCode::JsonSyntax, message, "")
                .at(text, (offset, offset)))
        }
        Err(_) if flow_depth(text).is_some() => {
            let at = flow_depth(text).unwrap_or(0);
            Err(
                Diagnostic::error(DiagnosticCode::YamlSyntax, "recursion limit exceeded", "")
                    .at(text, (at, at)),
            )
        }
        Err(_) => match yaml_serde::from_str::<Value>(text) {
            Ok(v) => Ok((
                v,
                SourceMap {
                    yaml: true,
                    ..SourceMap::default()
                },
                Format::Yaml,
            )),
            Err(e) => {
                let offset = e.location().map_or(0, |l| l.index());
                let message = strip_position_suffix(&e.to_string()).to_string();
                Err(Diagnostic::error(DiagnosticCode::YamlSyntax, message, "")
                    .at(text, (offset, offset)))
            }
        },
    }
}

/// Where the value at `pointer` (or its nearest ancestor that has a place) is in `text`, a
/// JSON or YAML document that parsed: for messages about a document that is not a definition
/// (an imported template).
pub(crate) fn locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let trimmed = text.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    let map = SourceMap {
        bom: if text.starts_with('\u{feff}') {
            '\u{feff}'.len_utf8()
        } else {
            0
        },
        yaml: !(trimmed.starts_with('{') || trimmed.starts_with('[')),
        ..SourceMap::default()
    };
    map.value_span(text, pointer)
}

/// AWS's limit on a definition's size (1 MB).
pub const MAX_DEFINITION_BYTES: usize = 1024 * 1024;

/// The deepest nesting of YAML flow collections (`[`, `{`) accepted before parsing (the
/// YAML parser is slow to reject absurd nesting).
const MAX_FLOW_DEPTH: usize = 128;

/// Where flow-collection nesting first exceeds [`MAX_FLOW_DEPTH`], if it does.
pub(crate) fn flow_depth(text: &str) -> Option<usize> {
    let (mut depth, mut quote, mut comment) = (0usize, None, false);
    let mut prev = ' ';
    for (i, c) in text.char_indices() {
        match (quote, c) {
            (_, '\n') => comment = false,
            _ if comment => {}
            (Some(q), c) if c == q => quote = None,
            (Some(_), _) => {}
            (None, '#') if prev.is_whitespace() => comment = true,
            (None, '"' | '\'') => quote = Some(c),
            (None, '[' | '{') => {
                depth += 1;
                if depth > MAX_FLOW_DEPTH {
                    return Some(i);
                }
            }
            (None, ']' | '}') => depth = depth.saturating_sub(1),
            _ => {}
        }
        prev = c;
    }
    None
}

/// Parses a JSON document (an execution input, a test event) with a located error.
pub fn parse_json(text: &str) -> Result<Value, Diagnostic> {
    crate::json::value_from_str(text).map_err(|e| {
        let offset = offset_of(text, e.line(), e.column());
        Diagnostic::error(
            DiagnosticCode::JsonSyntax,
            strip_position_suffix(&e.to_string()),
            "",
        )
        .at(text, (offset, offset))
    })
}

/// Parses an execution's input (StartExecution's `input`): JSON, as [`parse_json`], of at
/// most 262,144 bytes of UTF-8 (256 KiB, the API's limit; surrounding whitespace not
/// counted). A larger input is refused before anything runs, as AWS refuses it.
pub fn parse_execution_input(text: &str) -> Result<Value, Diagnostic> {
    let size = text.trim().len();
    if size > crate::errors::MAX_PAYLOAD_BYTES {
        let message = format!(
            "The input is {size} bytes; StartExecution accepts at most {} bytes (256 KiB) of UTF-8",
            crate::errors::MAX_PAYLOAD_BYTES
        );
        return Err(Diagnostic::error(DiagnosticCode::InputTooLarge, message, "").at(text, (0, 0)));
    }
    parse_json(text)
}

/// A parser's message without its position, which a [`Diagnostic`] gives as line and
/// column: `expected value at line 1 column 2` → `expected value`. The message ends before
/// the first ` at line L column C` (YAML's may go on with `, while parsing … at line L
/// column C`); one without such a position is returned whole.
pub fn strip_position_suffix(message: &str) -> &str {
    const AT: &str = " at line ";
    let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
    let mut from = 0;
    while let Some(i) = message[from..].find(AT) {
        let start = from + i;
        let rest = &message[start + AT.len()..];
        let line = digits(rest);
        let column = rest[line..].strip_prefix(" column ").map_or(0, digits);
        if line > 0 && column > 0 {
            return &message[..start];
        }
        from = start + AT.len();
    }
    message
}

/// A scanner over text that serde_json already accepted: finds duplicate member names and,
/// when recording, every span; never fails.
struct Scanner<'a> {
    text: &'a [u8],
    pos: usize,
    /// The member names and indices leading to the current value.
    path: Vec<Step<'a>>,
    /// The spans found, when recording.
    spans: Option<Spans>,
    /// Pointers of duplicate members (the later one).
    duplicates: Vec<String>,
}

/// One step of a JSON pointer.
enum Step<'a> {
    Key(Cow<'a, str>),
    Index(usize),
}

impl<'a> Scanner<'a> {
    fn new(text: &'a [u8], pos: usize, record: bool) -> Self {
        Self {
            text,
            pos,
            path: Vec::new(),
            spans: record.then(Spans::default),
            duplicates: Vec::new(),
        }
    }

    fn document(&mut self) {
        self.value(0);
    }

    /// The JSON pointer of the current value.
    fn pointer(&self) -> String {
        let mut p = String::new();
        for step in &self.path {
            p.push('/');
            match step {
                Step::Key(k) => p.push_str(&escape_segment(k)),
                Step::Index(i) => p.push_str(&i.to_string()),
            }
        }
        p
    }

    fn ws(&mut self) {
        while self.pos < self.text.len()
            && matches!(self.text[self.pos], b' ' | b'\t' | b'\n' | b'\r')
        {
            self.pos += 1;
        }
    }

    /// Inside `{…}` or `[…]`: skips commas and whitespace up to the next member or element
    /// (`true`), or past the closing bracket (`false`).
    fn next_item(&mut self, close: u8) -> bool {
        loop {
            self.ws();
            match self.text.get(self.pos) {
                Some(c) if *c == close => {
                    self.pos += 1;
                    return false;
                }
                None => return false,
                Some(b',') => self.pos += 1,
                _ => return true,
            }
        }
    }

    fn value(&mut self, depth: usize) {
        self.ws();
        let start = self.pos;
        match self.text.get(self.pos) {
            Some(b'{') if depth < 512 => {
                self.pos += 1;
                let mut seen: HashSet<Cow<'a, str>> = HashSet::new();
                while self.next_item(b'}') {
                    let key_start = self.pos;
                    let key = self.string();
                    let key_span = (key_start, self.pos);
                    self.ws();
                    if self.text.get(self.pos) == Some(&b':') {
                        self.pos += 1;
                    }
                    let duplicate = !seen.insert(key.clone());
                    self.path.push(Step::Key(key));
                    if duplicate {
                        self.duplicates.push(self.pointer());
                    }
                    if self.spans.is_some() {
                        let pointer = self.pointer();
                        if let Some(spans) = &mut self.spans {
                            spans.keys.insert(pointer, key_span);
                        }
                    }
                    self.value(depth + 1);
                    self.path.pop();
                }
            }
            Some(b'[') if depth < 512 => {
                self.pos += 1;
                let mut index = 0;
                while self.next_item(b']') {
                    self.path.push(Step::Index(index));
                    self.value(depth + 1);
                    self.path.pop();
                    index += 1;
                }
            }
            Some(b'"') => {
                self.string();
            }
            Some(_) => {
                while self.pos < self.text.len()
                    && !matches!(
                        self.text[self.pos],
                        b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'
                    )
                {
                    self.pos += 1;
                }
            }
            None => return,
        }
        if self.spans.is_some() {
            let end = self.pos.min(self.text.len());
            let pointer = self.pointer();
            if let Some(spans) = &mut self.spans {
                spans.values.insert(pointer, (start, end));
            }
        }
    }

    /// Reads a string literal at `pos` and returns its decoded value (borrowed from the text
    /// when it has no escapes).
    fn string(&mut self) -> Cow<'a, str> {
        let start = self.pos;
        if self.text.get(self.pos) != Some(&b'"') {
            return Cow::Borrowed("");
        }
        self.pos += 1;
        let mut escaped = false;
        while self.pos < self.text.len() {
            match self.text[self.pos] {
                b'\\' => {
                    escaped = true;
                    self.pos += 2;
                }
                b'"' => {
                    self.pos += 1;
                    break;
                }
                _ => self.pos += 1,
            }
        }
        let end = self.pos.min(self.text.len());
        let text: &'a [u8] = self.text;
        let Ok(literal) = std::str::from_utf8(&text[start..end]) else {
            return Cow::Borrowed("");
        };
        match literal.strip_prefix('"').and_then(|l| l.strip_suffix('"')) {
            Some(inner) if !escaped => Cow::Borrowed(inner),
            _ => Cow::Owned(serde_json::from_str::<String>(literal).unwrap_or_default()),
        }
    }
}

/// Finds the span of a JSON pointer in block-style YAML by indentation (a heuristic: flow
/// collections and anchors are not followed; then the nearest found ancestor is used).
fn yaml_locate(text: &str, pointer: &str) -> Option<(usize, usize)> {
    let segments: Vec<String> = pointer
        .split('/')
        .skip(1)
        .map(|s| s.replace("~1", "/").replace("~0", "~"))
        .collect();
    // Lines as (byte offset of content, indent column, content).
    let mut lines: Vec<(usize, usize, &str)> = Vec::new();
    let mut offset = 0;
    for raw in text.split_inclusive('\n') {
        let line = raw.trim_end_matches(['\n', '\r']);
        let content = line.trim_start_matches(' ');
        let indent = line.len() - content.len();
        if !content.is_empty() && !content.starts_with('#') && content != "---" {
            lines.push((offset + indent, indent, content));
        }
        offset += raw.len();
    }
    let mut found: Option<(usize, usize)> = None;
    let mut idx = 0; // first line to look at
    let mut parent_indent: isize = -1;
    for seg in &segments {
        let mut child_indent: Option<usize> = None;
        let mut hit = None;
        let mut item = 0usize;
        let want_index: Option<usize> = seg.parse().ok();
        let mut i = idx;
        while i < lines.len() {
            let (off, indent, content) = lines[i];
            if (indent as isize) <= parent_indent {
                break;
            }
            let ci = *child_indent.get_or_insert(indent);
            if indent == ci {
                if let Some(n) = want_index {
                    if content.starts_with("- ") || content == "-" {
                        if item == n {
                            hit = Some((i, off, indent));
                            break;
                        }
                        item += 1;
                    }
                }
                let bare = content.strip_prefix("- ").unwrap_or(content);
                let key_part = bare.split(':').next().unwrap_or("");
                let key = key_part.trim().trim_matches(['"', '\'']);
                if want_index.is_none() && key == seg && bare.contains(':') {
                    let koff = off + (content.len() - bare.len());
                    hit = Some((i, koff, indent + (content.len() - bare.len())));
                    break;
                }
            }
            i += 1;
        }
        let (line_idx, off, indent) = hit?;
        let (line_off, _, content) = lines[line_idx];
        let end = line_off + content.len();
        found = Some((off, end));
        if want_index.is_some() {
            // The item's content starts after "- ": split the line.
            let inner = off + 2;
            let rest = text.get(inner..end).unwrap_or("").trim_start();
            let inner_off = end - rest.len();
            let inner_indent = indent + (inner_off - off);
            lines[line_idx] = (inner_off, inner_indent, rest);
            idx = line_idx;
            parent_indent = indent as isize;
            if rest.is_empty() {
                idx = line_idx + 1;
            }
        } else {
            idx = line_idx + 1;
            parent_indent = indent as isize;
        }
    }
    found.or(Some((0, 0)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// StartExecution's input limit: 262,144 bytes of UTF-8, whitespace around not counted.
    #[test]
    fn execution_input_is_at_most_256_kib() {
        let string_of = |bytes: usize| format!("\"{}\"", "a".repeat(bytes - 2));
        let largest = string_of(262_144);
        assert!(parse_execution_input(&largest).is_ok());
        assert!(parse_execution_input(&format!("\n  {largest}\n")).is_ok());
        let d = parse_execution_input(&string_of(262_145)).unwrap_err();
        assert_eq!(d.code, "INPUT_TOO_LARGE");
        assert!(d.message.contains("262145 bytes"), "{}", d.message);
        assert_eq!((d.line, d.column), (1, 1));
        // Multi-byte characters count as their UTF-8 bytes: 87,382 × 3 bytes + 2 > 256 KiB.
        let wide = format!("\"{}\"", "€".repeat(87_382));
        assert_eq!(
            parse_execution_input(&wide).unwrap_err().code,
            "INPUT_TOO_LARGE"
        );
        // Bad JSON under the limit is still a located syntax error.
        assert_eq!(
            parse_execution_input("[1,").unwrap_err().code,
            "JSON_SYNTAX"
        );
    }

    #[test]
    fn json_spans_point_at_values_and_keys() {
        let text =
            "{\"StartAt\": \"A\",\n \"States\": {\"A\": {\"Type\": \"Pass\", \"End\": true}}}";
        let (_, map, fmt) = parse(text).unwrap();
        assert_eq!(fmt, Format::Json);
        let (a, b) = map.value_span(text, "/StartAt").unwrap();
        assert_eq!(&text[a..b], "\"A\"");
        let (a, b) = map.key_span(text, "/States/A/Type").unwrap();
        assert_eq!(&text[a..b], "\"Type\"");
        let (a, b) = map.value_span(text, "/States/A/End").unwrap();
        assert_eq!(&text[a..b], "true");
        // unknown pointer → nearest ancestor
        let (a, b) = map.value_span(text, "/States/A/Next").unwrap();
        assert_eq!(&text[a..b], "{\"Type\": \"Pass\", \"End\": true}");
    }

    #[test]
    fn yaml_locates_block_keys_and_items() {
        let text = "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Next: B\n  B:\n    Type: Parallel\n    Branches:\n      - StartAt: X\n        States: {}\n    End: true\n";
        let (v, map, fmt) = parse(text).unwrap();
        assert_eq!(fmt, Format::Yaml);
        assert_eq!(v["States"]["A"]["Next"], "B");
        let (a, b) = map.value_span(text, "/States/A/Next").unwrap();
        assert_eq!(&text[a..b], "Next: B");
        let (a, b) = map.value_span(text, "/States/B/End").unwrap();
        assert_eq!(&text[a..b], "End: true");
        let (a, b) = map.value_span(text, "/States/B/Branches/0/States").unwrap();
        assert_eq!(&text[a..b], "States: {}");
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        let text = "\u{feff}{\"StartAt\": \"A\", \"States\": {}}";
        let (v, map, fmt) = parse(text).unwrap();
        assert_eq!((v["StartAt"].as_str(), fmt), (Some("A"), Format::Json));
        let (a, b) = map.value_span(text, "/StartAt").unwrap();
        assert_eq!(&text[a..b], "\"A\"");
    }

    #[test]
    fn positions_are_stripped_from_parser_messages() {
        assert_eq!(
            strip_position_suffix("expected value at line 2 column 10"),
            "expected value"
        );
        assert_eq!(
            strip_position_suffix("EOF while parsing"),
            "EOF while parsing"
        );
        assert_eq!(
            strip_position_suffix("at line x column 1"),
            "at line x column 1"
        );
        assert_eq!(
            strip_position_suffix("did not find expected key at line 3 column 1, while parsing a block mapping at line 1 column 1"),
            "did not find expected key"
        );
        assert_eq!(
            strip_position_suffix("state 'B at line x' at line 2 column 3"),
            "state 'B at line x'"
        );
    }

    #[test]
    fn syntax_errors_are_located() {
        let e = parse("{\n  \"StartAt\": \"A\",\n  \"States\": {,}\n}").unwrap_err();
        assert_eq!((e.code.as_str(), e.line, e.column), ("JSON_SYNTAX", 3, 14));
        let e = parse("StartAt: A\nStates:\n  A: [1\n").unwrap_err();
        assert_eq!(e.code, "YAML_SYNTAX");
        assert_eq!(e.line, 4);
    }
}
