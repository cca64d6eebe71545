//! A node's contents as parts of a body row, and each part's height (fixed here; the style
//! sheet and the view follow it).

use asl::host::LogLine;
use asl::TreeNode;
use serde_json::Value;

use crate::state::InvocationRecord;
use crate::views::pretty_cause;

/// The height of a one-line part of a body (a short value, an error name, a request id).
pub const LINE_PX: usize = 22;
/// The height of one line of a block (pretty JSON, a cause, logs).
pub const BLOCK_LINE_PX: usize = 17;
/// A block's margins, padding and border, in CSS pixels.
pub const BLOCK_EXTRA_PX: usize = 14;
/// A block shows at most this many lines; it scrolls for the rest.
pub const BLOCK_LINES: usize = 10;
/// A value whose compact JSON is at most this long stays on one line.
pub const INLINE_MAX: usize = 100;
/// A body's padding, top and bottom together.
pub const BODY_PAD_PX: usize = 6;

/// One part of a node's contents.
#[derive(Debug, Clone, PartialEq)]
pub enum Part<'a> {
    /// A value (`Input`, `Output`): on one line when short, else a block of pretty JSON.
    Value(&'static str, &'a Value),
    /// The error name.
    Error(&'a str),
    /// The cause (pretty-printed when it is JSON).
    Cause(&'a str),
    /// A Lambda invocation's request id.
    Request(&'a str),
    /// A Lambda invocation's logs.
    Logs(&'a [LogLine]),
}

impl Part<'_> {
    /// Whether it is drawn as a block (several lines, scrolling past [`BLOCK_LINES`]).
    pub fn is_block(&self) -> bool {
        match self {
            Part::Value(_, v) => compact_len(v, INLINE_MAX + 1) > INLINE_MAX,
            Part::Cause(_) | Part::Logs(_) => true,
            Part::Error(_) | Part::Request(_) => false,
        }
    }

    /// Its height, in CSS pixels.
    pub fn height_px(&self) -> usize {
        let lines = match self {
            _ if !self.is_block() => return LINE_PX,
            Part::Value(_, v) => json_lines(v, BLOCK_LINES),
            Part::Cause(c) => pretty_cause(c).lines().count(),
            Part::Logs(logs) => logs.iter().map(|l| l.message.lines().count().max(1)).sum(),
            Part::Error(_) | Part::Request(_) => 1,
        };
        lines.clamp(1, BLOCK_LINES) * BLOCK_LINE_PX + BLOCK_EXTRA_PX
    }
}

/// A node's contents, in order: input, output, error, cause, and for a Lambda invocation
/// its request id and logs (`record`).
pub fn parts<'a>(n: &'a TreeNode, record: Option<&'a InvocationRecord>) -> Vec<Part<'a>> {
    let mut out = Vec::new();
    if let Some(v) = &n.input {
        out.push(Part::Value("Input", v));
    }
    if let Some(v) = &n.output {
        out.push(Part::Value("Output", v));
    }
    if let Some(e) = &n.error {
        out.push(Part::Error(e));
    }
    if let Some(c) = &n.cause {
        out.push(Part::Cause(c));
    }
    if let Some(r) = record {
        out.push(Part::Request(&r.request_id));
        if !r.logs.is_empty() {
            out.push(Part::Logs(&r.logs));
        }
    }
    out
}

/// The height of a body holding `parts`.
pub fn body_px(parts: &[Part]) -> usize {
    parts.iter().map(Part::height_px).sum::<usize>() + BODY_PAD_PX
}

/// How many lines `serde_json::to_string_pretty` gives for `v`, at most `cap` (it stops
/// counting there, so a huge value costs little).
pub fn json_lines(v: &Value, cap: usize) -> usize {
    let children: Box<dyn Iterator<Item = &Value>> = match v {
        Value::Array(a) if !a.is_empty() => Box::new(a.iter()),
        Value::Object(o) if !o.is_empty() => Box::new(o.values()),
        _ => return 1.min(cap),
    };
    let mut n = 2;
    for c in children {
        if n >= cap {
            return cap;
        }
        n += json_lines(c, cap - n);
    }
    n.min(cap)
}

/// The length of `v`'s compact JSON, at most `cap` (it stops counting there).
fn compact_len(v: &Value, cap: usize) -> usize {
    struct Counter(usize, usize);
    impl std::io::Write for Counter {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0 += buf.len();
            if self.0 > self.1 {
                return Err(std::io::Error::other("long enough"));
            }
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let mut counter = Counter(0, cap);
    let _ = serde_json::to_writer(&mut counter, v);
    counter.0.min(cap)
}
