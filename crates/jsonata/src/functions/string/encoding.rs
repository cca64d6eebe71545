//! Base64 and URL encodings as jsonata-js gets them from Node.js: `$base64encode` takes each
//! UTF-16 code unit as a byte (Latin-1), `$base64decode` gives each byte back as a character
//! and skips what is not Base64, the URL functions are JavaScript's `encodeURIComponent`,
//! `encodeURI`, `decodeURIComponent` and `decodeURI`.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// `$base64encode`: the low byte of each UTF-16 code unit, in Base64 with padding.
pub(crate) fn base64_encode(text: &str) -> String {
    let bytes: Vec<u8> = text.encode_utf16().map(|u| (u & 0xff) as u8).collect();
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// `$base64decode` as Node's lenient decoder: the low byte of each UTF-16 code unit is read;
/// both alphabets (`+/` and `-_`) count, `=` ends the data, anything else is skipped; each
/// byte decoded becomes the character of that code (Latin-1).
pub(crate) fn base64_decode(text: &str) -> String {
    let mut out = String::new();
    let (mut bits, mut count) = (0u32, 0u32);
    for unit in text.encode_utf16() {
        let c = (unit & 0xff) as u8;
        let value = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => break,
            _ => continue,
        };
        bits = ((bits << 6) | u32::from(value)) & 0xffff;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push(char::from(((bits >> count) & 0xff) as u8));
        }
    }
    out
}

/// Characters `encodeURIComponent` leaves as they are.
fn unreserved(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-_.!~*'()".contains(c)
}

/// Characters `encodeURI` leaves as they are besides the unreserved ones, and that `decodeURI`
/// does not decode.
const RESERVED: &str = ";/?:@&=+$,#";

/// `encodeURIComponent` (`component`) or `encodeURI`: UTF-8 bytes as `%XX`.
pub(crate) fn encode_url(text: &str, component: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if unreserved(c) || (!component && RESERVED.contains(c)) {
            out.push(c);
        } else {
            let mut buffer = [0u8; 4];
            for b in c.encode_utf8(&mut buffer).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        }
    }
    out
}

/// `decodeURIComponent` (`component`) or `decodeURI`: `%XX` escapes of UTF-8 decoded; `None`
/// for a malformed one (JavaScript's URIError). `decodeURI` keeps the escapes of reserved
/// characters as written.
pub(crate) fn decode_url(text: &str, component: bool) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            let end = (i + 1..=bytes.len())
                .find(|&j| j == bytes.len() || bytes[j] == b'%')
                .unwrap_or(bytes.len());
            out.push_str(text.get(i..end)?);
            i = end;
            continue;
        }
        let lead = hex_byte(bytes, i)?;
        let length = match lead {
            0x00..=0x7f => 1,
            0xc0..=0xdf => 2,
            0xe0..=0xef => 3,
            0xf0..=0xf7 => 4,
            _ => return None,
        };
        let mut sequence = vec![lead];
        for k in 1..length {
            let b = hex_byte(bytes, i + 3 * k)?;
            if b & 0xc0 != 0x80 {
                return None;
            }
            sequence.push(b);
        }
        let decoded = std::str::from_utf8(&sequence).ok()?;
        if !component && length == 1 && RESERVED.contains(char::from(lead)) {
            out.push_str(text.get(i..i + 3)?);
        } else {
            out.push_str(decoded);
        }
        i += 3 * length;
    }
    Some(out)
}

/// The byte of the escape `%XX` at `i`.
fn hex_byte(bytes: &[u8], i: usize) -> Option<u8> {
    if bytes.get(i) != Some(&b'%') {
        return None;
    }
    let digits = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
    if !digits.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    u8::from_str_radix(digits, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_as_node() {
        // Buffer.from("é😀", "binary").toString("base64")
        assert_eq!(base64_encode("é😀"), "6T0A");
        assert_eq!(base64_encode("abcd"), "YWJjZA==");
        assert_eq!(base64_encode(""), "");
        // Buffer.from(s, "base64").toString("binary")
        assert_eq!(base64_decode("w6k="), "Ã©");
        assert_eq!(base64_decode("Y!Q"), "a");
        assert_eq!(base64_decode("a-b_"), "kæÿ");
        assert_eq!(base64_decode("YWJj\nZA=="), "abcd");
        assert_eq!(base64_decode("YW=Jj"), "a");
        assert_eq!(base64_decode("😀YQ"), "");
        assert_eq!(base64_decode("////"), "ÿÿÿ");
        assert_eq!(base64_decode("Y"), "");
    }

    #[test]
    fn urls_as_javascript() {
        assert_eq!(
            encode_url("a b&é😀-_.!~*()#", true),
            "a%20b%26%C3%A9%F0%9F%98%80-_.!~*()%23"
        );
        assert_eq!(
            encode_url("a b&é😀-_.!~*()#;/?:@=+$,[]", false),
            "a%20b&%C3%A9%F0%9F%98%80-_.!~*()#;/?:@=+$,%5B%5D"
        );
        assert_eq!(
            decode_url("%3B%2F%3F%3A%40%26%3D%2B%24%2C%23%20%C3%A9%41%3b", false).as_deref(),
            Some("%3B%2F%3F%3A%40%26%3D%2B%24%2C%23 éA%3b")
        );
        assert_eq!(decode_url("%3B%2F%C3%A9", true).as_deref(), Some(";/é"));
        for bad in [
            "%",
            "%C3%A9%e2%82",
            "%C0%80",
            "%ED%A0%80",
            "%F4%90%80%80",
            "%zz",
        ] {
            assert_eq!(decode_url(bad, true), None, "{bad}");
        }
    }
}
