//! Positions in text: the interpreter counts UTF-8 bytes, CodeMirror counts UTF-16 code units,
//! people count lines and columns. Conversions happen here, at the editor boundary.

/// The UTF-16 offset of byte offset `byte` in `text`. A byte inside a character (or past the
/// end) is moved back to the start of that character (or the end of the text).
pub fn byte_to_utf16(text: &str, byte: usize) -> usize {
    let mut b = byte.min(text.len());
    while !text.is_char_boundary(b) {
        b -= 1;
    }
    text[..b].encode_utf16().count()
}

/// The byte offset of a 1-based `line` and 1-based `column` (counted in characters), clamped
/// to the line's end and to the text's end.
pub fn line_column_to_byte(text: &str, line: usize, column: usize) -> usize {
    let mut start = 0;
    for _ in 1..line.max(1) {
        match text[start..].find('\n') {
            Some(i) => start += i + 1,
            None => return text.len(),
        }
    }
    let line_text = text[start..].split('\n').next().unwrap_or("");
    let offset = line_text
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line_text.len(), |(i, _)| i);
    start + offset
}

/// The UTF-16 range to underline for a problem: its byte span if it has one, otherwise the
/// character at its line and column (or the end of the line there).
pub fn problem_range(
    text: &str,
    span: Option<(usize, usize)>,
    line: usize,
    column: usize,
) -> (usize, usize) {
    match span {
        Some((from, to)) => {
            let from16 = byte_to_utf16(text, from);
            let to16 = byte_to_utf16(text, to.max(from));
            (from16, to16)
        }
        None => {
            let b = line_column_to_byte(text, line, column);
            let end = text[b..].chars().next().map_or(b, |c| b + c.len_utf8());
            (byte_to_utf16(text, b), byte_to_utf16(text, end))
        }
    }
}

/// serde_json messages end in ` at line L column C`; the UI shows `L:C` itself.
pub fn strip_position_suffix(message: &str) -> &str {
    if let Some(i) = message.rfind(" at line ") {
        let tail = &message[i + " at line ".len()..];
        let mut parts = tail.split(" column ");
        let is_num = |s: Option<&str>| {
            s.is_some_and(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
        };
        if is_num(parts.next()) && is_num(parts.next()) && parts.next().is_none() {
            return &message[..i];
        }
    }
    message
}

#[cfg(test)]
mod tests {
    use super::*;

    const NASTY: &str = "ä\tcde\nf💛g\r\nhi";

    #[test]
    fn bytes_to_utf16() {
        assert_eq!(byte_to_utf16(NASTY, 0), 0);
        assert_eq!(byte_to_utf16(NASTY, 2), 1); // after ä (2 bytes, 1 unit)
        assert_eq!(byte_to_utf16(NASTY, 1), 0); // inside ä
        let heart = NASTY.find('💛').unwrap();
        assert_eq!(
            byte_to_utf16(NASTY, heart + 4),
            byte_to_utf16(NASTY, heart) + 2
        );
        assert_eq!(byte_to_utf16(NASTY, 1000), NASTY.encode_utf16().count());
    }

    #[test]
    fn line_and_column() {
        assert_eq!(line_column_to_byte(NASTY, 1, 1), 0);
        assert_eq!(line_column_to_byte(NASTY, 1, 2), 2);
        assert_eq!(line_column_to_byte(NASTY, 2, 3), NASTY.find('g').unwrap());
        assert_eq!(line_column_to_byte(NASTY, 9, 1), NASTY.len());
        assert_eq!(line_column_to_byte("ab\ncd", 1, 99), 2);
    }

    #[test]
    fn ranges() {
        assert_eq!(problem_range("abc", Some((1, 2)), 1, 2), (1, 2));
        assert_eq!(problem_range("ab\ncd", None, 2, 2), (4, 5));
        assert_eq!(problem_range("ab", None, 1, 3), (2, 2));
    }

    #[test]
    fn suffix() {
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
    }
}
