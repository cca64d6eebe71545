//! Matching a timestamp against the regular expression `$toMillis` builds from a picture,
//! without backtracking: the expression is `^(part)(part)…$` with the flag `i`, each part from
//! a small vocabulary (escaped literals, `[0-9]{2}`, `[a-zA-Z]+`, the number words…), so it is
//! read back into atoms and matched by dynamic programming over (atom, position), in time
//! linear in the text — with the captures ECMAScript's backtracking gives (greedy counts first,
//! alternatives in order). A part outside the vocabulary (a timezone separator that is a
//! regex operator, a strange width) makes `compile` give up, and the caller runs the regular
//! expression itself.

use crate::functions::picture::{Failure, WORDS};

/// A character class of the vocabulary (all matched ignoring case, as under the `i` flag).
#[derive(Debug, Clone, Copy, PartialEq)]
enum Class {
    /// `[0-9]`.
    Digit,
    /// `[a-z]`, `[A-Z]`, `[a-zA-Z]`.
    Letter,
    /// `[MDCLXVI]`, `[mdclxvi]`.
    Roman,
    /// `[-+]`.
    Sign,
}

impl Class {
    fn contains(self, c: char) -> bool {
        match self {
            Class::Digit => c.is_ascii_digit(),
            Class::Letter => c.is_ascii_alphabetic(),
            Class::Roman => "MDCLXVImdclxvi".contains(c),
            Class::Sign => c == '-' || c == '+',
        }
    }
}

/// One element of the expression.
#[derive(Debug, Clone, PartialEq)]
enum Atom {
    /// A character (canonicalised for the `i` flag).
    Char(char),
    /// A class repeated greedily from `min` to `max` times.
    Repeat(Class, usize, usize),
    /// `(?:th|st|nd|rd)`.
    Suffix,
    /// The number words repeated: `(?:zero|one|…|and|[\-, ])+`.
    Words,
}

/// An expression read into atoms, with the atoms of each part.
pub(crate) struct Compiled {
    atoms: Vec<Atom>,
    /// Each part's first atom and the one after its last.
    parts: Vec<(usize, usize)>,
}

/// The words alternation's alternatives after the words (`and`, then one of `-`, `,`, ` `).
const LAST_ALTERNATIVES: &str = "and|[\\-, ])+";

/// The expression of the number words as the caller writes it.
pub(crate) fn words_regex() -> String {
    let mut regex = "(?:".to_string();
    for (word, _) in WORDS {
        regex.push_str(word);
        regex.push('|');
    }
    regex.push_str(LAST_ALTERNATIVES);
    regex
}

/// Reads the parts' expressions into atoms; `None` for anything outside the vocabulary.
pub(crate) fn compile(parts: &[String]) -> Option<Compiled> {
    let words = words_regex();
    let mut atoms = Vec::new();
    let mut spans = Vec::new();
    for part in parts {
        let start = atoms.len();
        read_part(part, &words, &mut atoms)?;
        spans.push((start, atoms.len()));
    }
    Some(Compiled {
        atoms,
        parts: spans,
    })
}

/// Reads one part's expression.
fn read_part(regex: &str, words: &str, atoms: &mut Vec<Atom>) -> Option<()> {
    let mut rest = regex;
    while let Some(c) = rest.chars().next() {
        if let Some(after) = rest.strip_prefix(words) {
            atoms.push(Atom::Words);
            rest = after;
        } else if let Some(after) = rest.strip_prefix("(?:th|st|nd|rd)") {
            atoms.push(Atom::Suffix);
            rest = after;
        } else if let Some(after) = rest.strip_prefix('\\') {
            let escaped = after.chars().next()?;
            if escaped.is_ascii_alphanumeric() {
                return None;
            }
            atoms.push(Atom::Char(canonical(escaped)));
            rest = &after[escaped.len_utf8()..];
        } else if c == '[' {
            let close = rest.find(']')?;
            let class = match &rest[..=close] {
                "[0-9]" => Class::Digit,
                "[a-z]" | "[A-Z]" | "[a-zA-Z]" => Class::Letter,
                "[mdclxvi]" | "[MDCLXVI]" => Class::Roman,
                "[-+]" => Class::Sign,
                _ => return None,
            };
            let (min, max, after) = quantifier(&rest[close + 1..])?;
            atoms.push(Atom::Repeat(class, min, max));
            rest = after;
        } else if "^$.*+?()[]{}|".contains(c) {
            return None;
        } else {
            atoms.push(Atom::Char(canonical(c)));
            rest = &rest[c.len_utf8()..];
        }
        if rest.starts_with(['*', '+', '?', '{']) {
            return None;
        }
    }
    Some(())
}

/// A quantifier after a class: none, `+`, `{n}` or `{m,n}` (others are not in the vocabulary).
fn quantifier(text: &str) -> Option<(usize, usize, &str)> {
    if let Some(rest) = text.strip_prefix('+') {
        return Some((1, usize::MAX, rest));
    }
    let Some(inner) = text.strip_prefix('{') else {
        return Some((1, 1, text));
    };
    let close = inner.find('}')?;
    let (min, max) = match inner[..close].split_once(',') {
        Some((m, n)) => (m.parse().ok()?, n.parse().ok()?),
        None => {
            let n = inner[..close].parse().ok()?;
            (n, n)
        }
    };
    (min <= max).then_some((min, max, &inner[close + 1..]))
}

/// A character as the `i` flag compares it without `u`: its upper case when that is one
/// character, unless that would take a non-ASCII character to ASCII.
fn canonical(c: char) -> char {
    let mut upper = c.to_uppercase();
    match (upper.next(), upper.next()) {
        (Some(u), None) if c.is_ascii() || !u.is_ascii() => u,
        _ => c,
    }
}

/// The most cells (atoms × positions) matched before giving up with U1002.
const MAX_CELLS: usize = 1_000_000;

/// No position (in [`Table::latest`]).
const NONE: usize = usize::MAX;

/// What matches from each (atom, position).
struct Table {
    /// `ok[i][q]`: atoms `i..` match the text from `q` to its end.
    ok: Vec<Vec<bool>>,
    /// `latest[i][q]`: the last position up to `q` from which atoms `i..` match ([`NONE`]).
    latest: Vec<Vec<usize>>,
    /// `runs[i][q]`: for a class atom `i`, how many characters of its class start at `q`.
    runs: Vec<Vec<usize>>,
    /// For a words atom `i`: `words[i][q]`, the end the loop reaches from `q` (after one
    /// iteration or more) when the atoms after it then match.
    words: Vec<Vec<Option<usize>>>,
}

impl Table {
    /// Records which positions atoms `i..` match from.
    fn set(&mut self, i: usize, ok: Vec<bool>) {
        let mut last = NONE;
        self.latest[i] = ok
            .iter()
            .enumerate()
            .map(|(q, ok)| {
                if *ok {
                    last = q;
                }
                last
            })
            .collect();
        self.ok[i] = ok;
    }
}

impl Compiled {
    /// Each part's text (as char ranges), when the whole text matches.
    pub(crate) fn find(&self, text: &[char]) -> Result<Option<Vec<(usize, usize)>>, Failure> {
        let n = text.len();
        if self.atoms.len().saturating_mul(n + 1) > MAX_CELLS {
            return Err(Failure::too_large());
        }
        let table = self.fill(text);
        if !table.ok[0][0] {
            return Ok(None);
        }
        let mut ends = Vec::with_capacity(self.atoms.len());
        let mut q = 0;
        for i in 0..self.atoms.len() {
            q = self.choose(i, q, text, &table).unwrap_or(q);
            ends.push(q);
        }
        let position = |atom: usize| if atom == 0 { 0 } else { ends[atom - 1] };
        Ok(Some(
            self.parts
                .iter()
                .map(|(a, b)| (position(*a), position(*b)))
                .collect(),
        ))
    }

    /// Fills the table from the last atom and the end of the text backwards.
    fn fill(&self, text: &[char]) -> Table {
        let n = text.len();
        let count = self.atoms.len();
        let mut table = Table {
            ok: vec![Vec::new(); count + 1],
            latest: vec![Vec::new(); count + 1],
            runs: vec![Vec::new(); count],
            words: vec![Vec::new(); count],
        };
        table.set(count, (0..=n).map(|q| q == n).collect());
        for i in (0..count).rev() {
            if let Atom::Repeat(class, _, _) = self.atoms[i] {
                let mut runs = vec![0; n + 1];
                for q in (0..n).rev() {
                    if class.contains(text[q]) {
                        runs[q] = runs[q + 1] + 1;
                    }
                }
                table.runs[i] = runs;
            }
            if self.atoms[i] == Atom::Words {
                let next = &table.ok[i + 1];
                let mut loop_end = vec![None; n + 1];
                for q in (0..=n).rev() {
                    let again = alternatives(text, q).find_map(|len| loop_end[q + len]);
                    loop_end[q] = again.or(next[q].then_some(q));
                }
                table.words[i] = loop_end;
            }
            let ok = (0..=n)
                .map(|q| self.choose(i, q, text, &table).is_some())
                .collect();
            table.set(i, ok);
        }
        table
    }

    /// Where atom `i` ends when it starts at `q`, as backtracking would choose it: the first
    /// end, in the order the expression tries them, after which the following atoms match.
    fn choose(&self, i: usize, q: usize, text: &[char], table: &Table) -> Option<usize> {
        let next = &table.ok[i + 1];
        match &self.atoms[i] {
            Atom::Char(c) => {
                let matches = text.get(q).is_some_and(|t| canonical(*t) == *c);
                (matches && next[q + 1]).then_some(q + 1)
            }
            Atom::Suffix => {
                let two: String = text.get(q..q + 2)?.iter().collect();
                let suffix = ["th", "st", "nd", "rd"]
                    .iter()
                    .any(|s| s.eq_ignore_ascii_case(&two));
                (suffix && next[q + 2]).then_some(q + 2)
            }
            Atom::Repeat(_, min, max) => {
                let run = table.runs[i][q].min(*max);
                if run < *min {
                    return None;
                }
                // the longest count first: the last end from which the rest matches
                let end = table.latest[i + 1][q + run];
                (end != NONE && end >= q + min).then_some(end)
            }
            Atom::Words => {
                let loop_end = &table.words[i];
                alternatives(text, q).find_map(|len| loop_end[q + len])
            }
        }
    }
}

/// The lengths of the words alternatives that match at `q`, in the expression's order.
fn alternatives(text: &[char], q: usize) -> impl Iterator<Item = usize> + '_ {
    let words = WORDS.iter().map(|(w, _)| *w).chain(["and"]);
    let word_lengths = words.filter_map(move |word| {
        let len = word.len();
        let here = text.get(q..q + len)?;
        here.iter()
            .zip(word.chars())
            .all(|(t, w)| t.eq_ignore_ascii_case(&w))
            .then_some(len)
    });
    let separator = text
        .get(q)
        .is_some_and(|c| matches!(c, '-' | ',' | ' '))
        .then_some(1);
    word_lengths.chain(separator)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parts(text: &str, regexes: &[&str]) -> Option<Vec<String>> {
        let regexes: Vec<String> = regexes.iter().map(|r| r.to_string()).collect();
        let compiled = compile(&regexes).expect("in the vocabulary");
        let chars: Vec<char> = text.chars().collect();
        let found = compiled.find(&chars).expect("small");
        found.map(|spans| {
            spans
                .iter()
                .map(|(a, b)| chars[*a..*b].iter().collect())
                .collect()
        })
    }

    #[test]
    fn captures_as_backtracking_gives_them() {
        // /^([0-9]+)([0-9]{2})$/i.exec("20180") → 201, 80
        assert_eq!(
            parts("20180", &["[0-9]+", "[0-9]{2}"]),
            Some(vec!["201".into(), "80".into()])
        );
        // /^([0-9]{1,2})([0-9]+)$/ on "123" → 12, 3
        assert_eq!(
            parts("123", &["[0-9]{1,2}", "[0-9]+"]),
            Some(vec!["12".into(), "3".into()])
        );
        let w = words_regex();
        // the words loop ends where the rest still matches: "one hundred and one" + " x"
        assert_eq!(
            parts("twenty one x", &[&w, "x"]),
            Some(vec!["twenty one ".into(), "x".into()])
        );
        // `seven` is tried before `seventeen`, and the loop goes on from there
        assert_eq!(
            parts("SEVENTEEN-1", &[&w, "[0-9]+"]),
            Some(vec!["SEVENTEEN-".into(), "1".into()])
        );
        assert_eq!(parts("2018-x", &["[0-9]+", "\\-", "[0-9]+"]), None);
        assert_eq!(
            parts("GMT+05:30", &["GMT[-+][0-9]+:[0-9]+"]),
            Some(vec!["GMT+05:30".into()])
        );
        assert!(compile(&["[-+][0-9]+.[0-9]+".to_string()]).is_none());
        assert!(compile(&["[0-9]{-1,2}".to_string()]).is_none());
    }

    #[test]
    fn many_word_parts_stay_fast() {
        let w = words_regex();
        let text = "one ".repeat(3000);
        let regexes = vec![w.clone(), w.clone(), w.clone(), w, "x".to_string()];
        let compiled = compile(&regexes).expect("in the vocabulary");
        let chars: Vec<char> = text.chars().collect();
        assert_eq!(compiled.find(&chars), Ok(None));
    }
}
