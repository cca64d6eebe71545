//! A small YAML writer for JSON values (block style), for the JSON ⇄ YAML toggle. Reading
//! YAML uses `yaml_serde` (the interpreter links it anyway); writing is done here because its
//! emitter would add ~24 KB (gzip) to the page for one button. Strings that could be read as
//! anything else are written JSON-quoted, which is valid YAML.

use serde_json::Value;

/// The value as a block-style YAML document (ends with a newline).
pub fn to_yaml(value: &Value) -> String {
    let mut out = String::new();
    match value {
        Value::Object(m) if !m.is_empty() => object(&mut out, m, 0),
        Value::Array(a) if !a.is_empty() => array(&mut out, a, 0),
        scalar => {
            out.push_str(&inline(scalar));
            out.push('\n');
        }
    }
    out
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

fn object(out: &mut String, map: &serde_json::Map<String, Value>, indent: usize) {
    for (key, value) in map {
        pad(out, indent);
        out.push_str(&string(key));
        out.push(':');
        nested(out, value, indent + 2);
    }
}

fn array(out: &mut String, items: &[Value], indent: usize) {
    for item in items {
        pad(out, indent);
        out.push('-');
        match item {
            // The first key of an object item goes on the dash's line.
            Value::Object(m) if !m.is_empty() => {
                let mut inner = String::new();
                object(&mut inner, m, indent + 2);
                out.push(' ');
                out.push_str(&inner[indent + 2..]);
            }
            _ => nested(out, item, indent + 2),
        }
    }
}

/// After `key:` or `-`: a scalar on the same line, a collection on the next lines.
fn nested(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Object(m) if !m.is_empty() => {
            out.push('\n');
            object(out, m, indent);
        }
        Value::Array(a) if !a.is_empty() => {
            out.push('\n');
            array(out, a, indent);
        }
        Value::String(s) if is_block(s) => {
            // A literal block: the lines as they are (code reads as code).
            let chomp = if !s.ends_with('\n') {
                "-"
            } else if s.ends_with("\n\n") {
                "+"
            } else {
                ""
            };
            out.push_str(" |");
            out.push_str(chomp);
            out.push('\n');
            let body = s.strip_suffix('\n').unwrap_or(s);
            for line in body.split('\n') {
                if !line.is_empty() {
                    pad(out, indent);
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
        scalar => {
            out.push(' ');
            out.push_str(&inline(scalar));
            out.push('\n');
        }
    }
}

/// Whether a string reads back the same as a literal block (`|`): several lines, none
/// blank but not empty, the first not indented, no character YAML would take as a line
/// break or refuse.
fn is_block(s: &str) -> bool {
    s.contains('\n')
        && s.len() <= 1 << 20
        && !s.starts_with([' ', '\t', '\n'])
        && s.chars().all(|c| {
            c == '\n'
                || c == '\t'
                || !(c.is_control() || matches!(c, '\u{2028}' | '\u{2029}' | '\u{feff}'))
        })
        && s.split('\n').all(|l| l.is_empty() || !l.trim().is_empty())
        && !s.split('\n').any(|l| l.ends_with([' ', '\t']))
}

fn inline(value: &Value) -> String {
    match value {
        Value::String(s) => string(s),
        Value::Object(_) => "{}".into(),
        Value::Array(_) => "[]".into(),
        other => other.to_string(),
    }
}

/// A string, plain when it cannot be mistaken for anything else, else JSON-quoted.
fn string(s: &str) -> String {
    let plain = s
        .chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.$/-:".contains(c))
        // `key: value` and a trailing `:` would read as a mapping.
        && !s.ends_with(':')
        && !matches!(
            s.to_ascii_lowercase().as_str(),
            "true" | "false" | "null" | "yes" | "no" | "on" | "off" | "y" | "n" | "nan" | "inf"
        );
    if plain {
        s.to_string()
    } else {
        // YAML reads these as line breaks even inside quotes: escape them.
        Value::String(s.to_string())
            .to_string()
            .replace('\u{85}', "\\u0085")
            .replace('\u{2028}', "\\u2028")
            .replace('\u{2029}', "\\u2029")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn round_trip(value: Value) {
        let text = to_yaml(&value);
        let back: Value = yaml_serde::from_str(&text).unwrap_or_else(|e| panic!("{e}\n{text}"));
        assert_eq!(back, value, "\n{text}");
    }

    #[test]
    fn round_trips() {
        round_trip(json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "End": true}}}));
        round_trip(
            json!({"a": [], "b": {}, "c": [1, [2, [3, {}]], {"x": [{"y": null}]}], "d": -1.5e-7}),
        );
        round_trip(json!([{"k": "v", "l": [true, false]}, "s", ["t"]]));
        round_trip(
            json!({"": "", " lead": "trail ", "yes": "no", "on": "Off", "n": "1", "n2": "0x1F"}),
        );
        round_trip(
            json!({"x.$": "$.a['b c']", "y": "arn:aws:lambda:us-east-1:1:function:F", "z": "a: b # c"}),
        );
        round_trip(
            json!({"multi": "line 1\nline 2\t\"quoted\"", "uni": "héllo 💛", "ctl": "\u{1}"}),
        );
        round_trip(
            json!({"code": "exports.handler = async () => {\n  return 1;\n};\n", "l": ["a\nb", "c\n\n", "d\n\n\ne\n"],
            "m": {"k": "x:\n  # not a comment\n- y\n\t\"z\"", "sp": " a\nb", "tr": "a \nb", "blank": "a\n  \nb", "nel": "a\u{85}\nb", "ls": "\u{2028}\u{2029}"}}),
        );
        round_trip(
            json!({"Type": "AWS::Serverless::Function", "Fn::GetAtt": ["a:", "b:c", "arn:aws:lambda:us-east-1:1:function:F:1", "c::"]}),
        );
        round_trip(json!("scalar"));
        round_trip(json!(42));
        round_trip(json!({}));
    }

    #[test]
    fn reads_like_yaml() {
        let text = to_yaml(
            &json!({"StartAt": "A", "States": {"A": {"Type": "Pass", "Result": [1, {"k": "v"}], "End": true}}}),
        );
        assert_eq!(text, "StartAt: A\nStates:\n  A:\n    Type: Pass\n    Result:\n      - 1\n      - k: v\n    End: true\n");
        assert_eq!(
            to_yaml(&json!({"Type": "AWS::Lambda::Function", "End:": "x:"})),
            "Type: AWS::Lambda::Function\n\"End:\": \"x:\"\n"
        );
        assert_eq!(
            to_yaml(&json!({"Code": "a = 1;\n\nb();\n", "x": 1})),
            "Code: |\n  a = 1;\n\n  b();\nx: 1\n"
        );
    }
}
