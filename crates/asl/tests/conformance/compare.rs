//! Comparing results with the recordings, placeholders acting as wildcards (see the
//! conformance README, "Normalisations").

use serde_json::Value;

enum Piece {
    Lit(String),
    Any,
}

thread_local! {
    /// The current case's `meta.test_specific_placeholders` (matched like `<…>`).
    pub(crate) static EXTRA: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
    /// The values of the current case's `meta.jsonpath_value_replacements`: the recording
    /// replaced whatever AWS gave at those paths (a random number, …) by these.
    pub(crate) static REPLACED: std::cell::RefCell<Vec<String>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// Whole values the recording's normalisation put in place of AWS's (a start time, a UUID,
/// a Map Run ARN) without declaring them in `meta.json`; AWS never gives these texts.
const UNDECLARED: &[&str] = &[
    "start-time",
    "entered-time",
    "generated-uuid",
    "map_run_arn",
];

fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// Splits an expected string into literal text and placeholder wildcards.
fn pieces(exp: &str) -> Vec<Piece> {
    let chars: Vec<char> = exp.chars().collect();
    let mut out = Vec::new();
    let mut lit = String::new();
    let mut i = 0;
    let word_at = |i: usize, w: &str| {
        let n = w.chars().count();
        chars[i..].iter().take(n).collect::<String>() == w
            && (i == 0 || !is_word(chars[i - 1]))
            && chars.get(i + n).is_none_or(|c| !is_word(*c))
    };
    while i < chars.len() {
        let c = chars[i];
        let mut token_len = 0;
        if c == '<' && chars.get(i + 1).is_some_and(|c| c.is_ascii_alphabetic()) {
            let mut j = i + 1;
            while j < chars.len()
                && (chars[j].is_ascii_alphanumeric()
                    || chars[j] == '_'
                    || chars[j] == '-'
                    || chars[j] == ':')
            {
                j += 1;
            }
            if chars.get(j) == Some(&'>') {
                token_len = j + 1 - i;
            }
        }
        for w in ["111111111111", "snf_role_arn", "sfn_role_arn", "date"] {
            if token_len == 0 && word_at(i, w) {
                token_len = w.len();
            }
        }
        EXTRA.with(|extra| {
            for w in extra.borrow().iter() {
                let w = w.trim_matches(['<', '>']);
                if token_len == 0 && !w.is_empty() && word_at(i, w) {
                    token_len = w.chars().count();
                }
            }
        });
        if token_len > 0 {
            if !lit.is_empty() {
                out.push(Piece::Lit(std::mem::take(&mut lit)));
            }
            out.push(Piece::Any);
            i += token_len;
        } else {
            lit.push(c);
            i += 1;
        }
    }
    if !lit.is_empty() {
        out.push(Piece::Lit(lit));
    }
    out
}

fn glob(p: &[Piece], s: &str) -> bool {
    match p.first() {
        None => s.is_empty(),
        Some(Piece::Lit(l)) => s
            .strip_prefix(l.as_str())
            .is_some_and(|rest| glob(&p[1..], rest)),
        Some(Piece::Any) => s
            .char_indices()
            .skip(1)
            .map(|(i, _)| i)
            .chain([s.len()])
            .any(|i| i > 0 && glob(&p[1..], &s[i..])),
    }
}

fn str_match(exp: &str, act: &str) -> bool {
    exp == act || glob(&pieces(exp), act)
}

pub(crate) fn json_equal(exp: &Value, act: &Value, key: &str, path: &str) -> Result<(), String> {
    if let Value::String(e) = exp {
        if key.to_lowercase().contains("timestamp") && e == "timestamp" {
            return Ok(());
        }
        // Values the recording replaced by their key's name (x-amzn-RequestId, Date, …).
        if !key.is_empty() && (e.eq_ignore_ascii_case(key) || e == "date") {
            return Ok(());
        }
        if !act.is_object()
            && !act.is_array()
            && (UNDECLARED.contains(&e.as_str())
                || REPLACED.with(|r| r.borrow().iter().any(|v| v == e)))
        {
            return Ok(());
        }
        let whole = pieces(e);
        if whole.len() == 1
            && matches!(whole[0], Piece::Any)
            && e.starts_with('<')
            && !act.is_object()
            && !act.is_array()
        {
            return Ok(());
        }
    }
    let fail = || {
        Err(format!(
            "{path}: expected {} got {}",
            trunc(exp),
            trunc(act)
        ))
    };
    match (exp, act) {
        (Value::Null, Value::String(s)) if s.is_empty() => Ok(()),
        // Values AWS gives as JSON text, decoded by the recording (assignedVariables, …).
        (Value::Object(_) | Value::Array(_), Value::String(s)) => {
            match serde_json::from_str::<Value>(s) {
                Ok(parsed) => json_equal(exp, &parsed, key, path),
                Err(_) => fail(),
            }
        }
        (Value::Number(a), Value::Number(b)) => {
            if a.as_f64() == b.as_f64() {
                Ok(())
            } else {
                fail()
            }
        }
        (Value::String(a), Value::String(b)) => {
            if str_match(a, b) {
                return Ok(());
            }
            // A Lambda error object inside a string (a Catch's Cause): Python's runtime wrote
            // it, with a stack trace; compare errorType and errorMessage.
            match (
                serde_json::from_str::<Value>(a),
                serde_json::from_str::<Value>(b),
            ) {
                (Ok(x), Ok(y))
                    if x.get("errorMessage").is_some()
                        && json_equal(&loose_cause(&x), &loose_cause(&y), key, path).is_ok() =>
                {
                    Ok(())
                }
                _ => fail(),
            }
        }
        (Value::Object(a), Value::Object(b)) => {
            let mut ka: Vec<&String> = a.keys().collect();
            let mut kb: Vec<&String> = b.keys().collect();
            ka.sort();
            kb.sort();
            if ka != kb {
                return Err(format!("{path}: keys differ: expected {ka:?} got {kb:?}"));
            }
            for (k, v) in a {
                json_equal(v, &b[k], k, &format!("{path}.{k}"))?;
            }
            Ok(())
        }
        (Value::Array(a), Value::Array(b)) => {
            if a.len() != b.len() {
                return Err(format!(
                    "{path}: array length expected {} got {}",
                    a.len(),
                    b.len()
                ));
            }
            a.iter()
                .zip(b)
                .enumerate()
                .try_for_each(|(i, (x, y))| json_equal(x, y, key, &format!("{path}[{i}]")))
        }
        _ if exp == act => Ok(()),
        _ => fail(),
    }
}

pub(crate) fn trunc(v: &Value) -> String {
    let s = v.to_string();
    if s.len() > 120 {
        format!(
            "{}…",
            &s[..s
                .char_indices()
                .take_while(|(i, _)| *i < 120)
                .last()
                .map_or(0, |(i, c)| i + c.len_utf8())]
        )
    } else {
        s
    }
}

/// A Lambda runtime error object: only errorType and errorMessage can be reproduced.
pub(crate) fn loose_cause(v: &Value) -> Value {
    match v {
        Value::Object(m) if m.contains_key("errorMessage") => Value::Object(
            m.iter()
                .filter(|(k, _)| *k == "errorType" || *k == "errorMessage")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        ),
        other => other.clone(),
    }
}

pub(crate) fn compare_event(i: usize, exp: &Value, act: &Value) -> Result<(), String> {
    let (Value::Object(e), Value::Object(a)) = (exp, act) else {
        return Err("not objects".into());
    };
    for (k, ev) in e {
        if k == "timestamp" {
            continue;
        }
        let Some(av) = a.get(k) else {
            return Err(format!("history[{i}] missing {k}"));
        };
        if k.ends_with("EventDetails") {
            let (Value::Object(ed), Value::Object(ad)) = (ev, av) else {
                return Err(format!("history[{i}].{k} not objects"));
            };
            let mut ad = ad.clone();
            let mut ed = ed.clone();
            for (dk, dv) in ed.iter_mut() {
                if let Some(Value::String(s)) = ad.get(dk) {
                    if !dv.is_string() {
                        if let Ok(parsed) = serde_json::from_str::<Value>(s) {
                            ad.insert(dk.clone(), parsed);
                        }
                    }
                }
                if dk == "cause" {
                    *dv = loose_cause(dv);
                    if let Some(c) = ad.get_mut(dk) {
                        *c = loose_cause(c);
                    }
                }
            }
            json_equal(
                &Value::Object(ed),
                &Value::Object(ad),
                k,
                &format!("history[{i}].{k}"),
            )?;
        } else {
            json_equal(ev, av, k, &format!("history[{i}].{k}"))?;
        }
    }
    let extra: Vec<&String> = a
        .keys()
        .filter(|k| !e.contains_key(*k) && *k != "timestamp")
        .collect();
    if !extra.is_empty() {
        return Err(format!("history[{i}] ({}) unexpected {extra:?}", e["type"]));
    }
    Ok(())
}
