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
            let b = asl::diagnostic::offset_of(text, line, column);
            let end = text[b..].chars().next().map_or(b, |c| b + c.len_utf8());
            (byte_to_utf16(text, b), byte_to_utf16(text, end))
        }
    }
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
    fn ranges() {
        assert_eq!(problem_range("abc", Some((1, 2)), 1, 2), (1, 2));
        assert_eq!(problem_range("ab\ncd", None, 2, 2), (4, 5));
        assert_eq!(problem_range("ab", None, 1, 3), (2, 2));
    }
}
