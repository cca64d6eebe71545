//! Regular expressions for the `=~` filter operator (`[?(@.name =~ /^a.*/i)]`): the Java
//! regex subset JSONPath filters use in practice — literals, `.`, classes (`[a-z]`,
//! `[^0-9]`, `\d`, `\w`, `\s` and their negations), anchors, groups (`(…)`, `(?:…)`),
//! alternation and the quantifiers `* + ? {n} {n,} {n,m}` (greedy or lazy) — matched
//! against the whole string, as Jayway's `matches()` does. Matching is bounded: a pattern
//! that would backtrack without end simply does not match.

/// A compiled pattern.
#[derive(Debug, Clone, PartialEq)]
pub struct Regex {
    alternatives: Vec<Vec<Piece>>,
    ignore_case: bool,
}

#[derive(Debug, Clone, PartialEq)]
struct Piece {
    atom: Atom,
    min: usize,
    max: usize,
    lazy: bool,
}

#[derive(Debug, Clone, PartialEq)]
enum Atom {
    Char(char),
    Any,
    Class(Vec<(char, char)>, bool),
    Start,
    End,
    Group(Vec<Vec<Piece>>),
}

/// The most backtracking steps one match may take.
const MAX_STEPS: usize = 50_000;
/// The deepest group nesting a pattern may have.
const MAX_DEPTH: usize = 32;
/// The longest pattern.
const MAX_PATTERN: usize = 256;
/// The deepest recursion of a match (repeated groups): small enough for a wasm stack.
const MAX_RECURSION: usize = 200;
/// The largest `{n,m}` bound.
const MAX_REPEAT: usize = 1_000;

impl Regex {
    /// Parses `/pattern/flags` (flag `i`: ignore case).
    pub fn parse_literal(text: &str) -> Result<Self, String> {
        let body = text
            .strip_prefix('/')
            .ok_or_else(|| format!("'{text}' is not a /regex/"))?;
        let close = body
            .rfind('/')
            .ok_or_else(|| format!("'{text}' is not a /regex/"))?;
        let flags = &body[close + 1..];
        if let Some(f) = flags.chars().find(|&c| c != 'i') {
            return Err(format!("unknown regex flag '{f}'"));
        }
        Self::new(&body[..close], flags.contains('i'))
    }

    /// Compiles a pattern.
    pub fn new(pattern: &str, ignore_case: bool) -> Result<Self, String> {
        let chars: Vec<char> = pattern.chars().collect();
        if chars.len() > MAX_PATTERN {
            return Err(format!("a regex may have at most {MAX_PATTERN} characters"));
        }
        let mut pos = 0;
        let alternatives = alternation(&chars, &mut pos, 0)?;
        if pos < chars.len() {
            return Err(format!("unbalanced ')' in regex '{pattern}'"));
        }
        Ok(Self {
            alternatives,
            ignore_case,
        })
    }

    /// Whether the whole of `text` matches.
    pub fn is_match(&self, text: &str) -> bool {
        let t: Vec<char> = if self.ignore_case {
            text.chars().flat_map(char::to_lowercase).collect()
        } else {
            text.chars().collect()
        };
        let mut m = Matcher {
            text: &t,
            steps: 0,
            depth: 0,
            ignore_case: self.ignore_case,
        };
        let len = t.len();
        self.alternatives
            .iter()
            .any(|alt| m.seq(alt, 0, &mut |end| end == len))
    }
}

fn alternation(c: &[char], pos: &mut usize, depth: usize) -> Result<Vec<Vec<Piece>>, String> {
    if depth > MAX_DEPTH {
        return Err("the regex is nested too deeply".into());
    }
    let mut alts = vec![Vec::new()];
    while *pos < c.len() && c[*pos] != ')' {
        if c[*pos] == '|' {
            *pos += 1;
            alts.push(Vec::new());
            continue;
        }
        let atom = atom(c, pos, depth)?;
        let (min, max, lazy) = quantifier(c, pos)?;
        if let Some(seq) = alts.last_mut() {
            seq.push(Piece {
                atom,
                min,
                max,
                lazy,
            });
        }
    }
    Ok(alts)
}

fn atom(c: &[char], pos: &mut usize, depth: usize) -> Result<Atom, String> {
    let ch = c[*pos];
    *pos += 1;
    Ok(match ch {
        '.' => Atom::Any,
        '^' => Atom::Start,
        '$' => Atom::End,
        '(' => {
            if c.get(*pos..*pos + 2) == Some(&['?', ':']) {
                *pos += 2;
            }
            let inner = alternation(c, pos, depth + 1)?;
            if c.get(*pos) != Some(&')') {
                return Err("missing ')' in regex".into());
            }
            *pos += 1;
            Atom::Group(inner)
        }
        '[' => class(c, pos)?,
        '\\' => {
            let e = *c.get(*pos).ok_or("a regex cannot end with '\\'")?;
            *pos += 1;
            escape(e)
        }
        '*' | '+' | '?' | '{' => return Err(format!("nothing to repeat before '{ch}'")),
        other => Atom::Char(other),
    })
}

fn escape(e: char) -> Atom {
    let digits = vec![('0', '9')];
    let word = vec![('a', 'z'), ('A', 'Z'), ('0', '9'), ('_', '_')];
    let space = vec![(' ', ' '), ('\t', '\r')];
    match e {
        'd' => Atom::Class(digits, false),
        'D' => Atom::Class(digits, true),
        'w' => Atom::Class(word, false),
        'W' => Atom::Class(word, true),
        's' => Atom::Class(space, false),
        'S' => Atom::Class(space, true),
        'n' => Atom::Char('\n'),
        't' => Atom::Char('\t'),
        'r' => Atom::Char('\r'),
        other => Atom::Char(other),
    }
}

fn class(c: &[char], pos: &mut usize) -> Result<Atom, String> {
    let negated = c.get(*pos) == Some(&'^');
    if negated {
        *pos += 1;
    }
    let mut ranges = Vec::new();
    let mut first = true;
    loop {
        let ch = *c.get(*pos).ok_or("missing ']' in regex")?;
        *pos += 1;
        if ch == ']' && !first {
            break;
        }
        first = false;
        let lo = if ch == '\\' {
            let e = *c.get(*pos).ok_or("missing ']' in regex")?;
            *pos += 1;
            match escape(e) {
                Atom::Char(x) => x,
                Atom::Class(r, false) => {
                    ranges.extend(r);
                    continue;
                }
                _ => return Err(format!("'\\{e}' cannot be negated inside [...]")),
            }
        } else {
            ch
        };
        if c.get(*pos) == Some(&'-') && c.get(*pos + 1).is_some_and(|&x| x != ']') {
            let hi = c[*pos + 1];
            *pos += 2;
            ranges.push((lo, hi));
        } else {
            ranges.push((lo, lo));
        }
    }
    Ok(Atom::Class(ranges, negated))
}

fn quantifier(c: &[char], pos: &mut usize) -> Result<(usize, usize, bool), String> {
    let (min, max) = match c.get(*pos) {
        Some('*') => (0, usize::MAX),
        Some('+') => (1, usize::MAX),
        Some('?') => (0, 1),
        Some('{') => {
            let close = c[*pos..]
                .iter()
                .position(|&x| x == '}')
                .ok_or("missing '}' in regex")?;
            let body: String = c[*pos + 1..*pos + close].iter().collect();
            let num = |s: &str| {
                s.trim()
                    .parse::<usize>()
                    .map_err(|_| format!("bad {{{body}}}"))
            };
            let bounds = match body.split_once(',') {
                None => (num(&body)?, num(&body)?),
                Some((a, "")) => (num(a)?, usize::MAX),
                Some((a, b)) => (num(a)?, num(b)?),
            };
            *pos += close;
            if bounds.0 > bounds.1
                || bounds.0 > MAX_REPEAT
                || (bounds.1 > MAX_REPEAT && bounds.1 != usize::MAX)
            {
                return Err(format!("bad repetition {{{body}}}"));
            }
            bounds
        }
        _ => return Ok((1, 1, false)),
    };
    *pos += 1;
    let lazy = c.get(*pos) == Some(&'?');
    if lazy {
        *pos += 1;
    }
    Ok((min, max, lazy))
}

struct Matcher<'t> {
    text: &'t [char],
    steps: usize,
    /// How deeply `seq` recursed (groups, zero-width atoms): bounded for small stacks.
    depth: usize,
    ignore_case: bool,
}

impl Matcher<'_> {
    /// Matches `pieces` from `at`; `k` continues with the end position.
    fn seq(&mut self, pieces: &[Piece], at: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return false;
        }
        let Some((p, rest)) = pieces.split_first() else {
            return k(at);
        };
        if matches!(p.atom, Atom::Char(_) | Atom::Any | Atom::Class(..)) {
            return self.run(p, at, rest, k);
        }
        self.repeat_iter(p, 0, at, rest, k)
    }

    /// A repeated one-character atom, without recursion: the longest run first (greedy)
    /// or the shortest (lazy), then `rest`.
    fn run(
        &mut self,
        p: &Piece,
        at: usize,
        rest: &[Piece],
        k: &mut dyn FnMut(usize) -> bool,
    ) -> bool {
        let mut n = 0;
        while n < p.max && self.single(&p.atom, at + n) {
            n += 1;
        }
        if n < p.min || self.steps > MAX_STEPS {
            return false;
        }
        let mut try_at = |m: &mut Self, c: usize| m.steps <= MAX_STEPS && m.seq(rest, at + c, k);
        if p.lazy {
            (p.min..=n).any(|c| try_at(self, c))
        } else {
            (p.min..=n).rev().any(|c| try_at(self, c))
        }
    }

    /// Whether the one-character `atom` matches the character at `at`.
    fn single(&self, atom: &Atom, at: usize) -> bool {
        let Some(c) = self.text.get(at).copied() else {
            return false;
        };
        match atom {
            Atom::Any => c != '\n',
            Atom::Char(x) => {
                let x = if self.ignore_case {
                    x.to_lowercase().next().unwrap_or(*x)
                } else {
                    *x
                };
                c == x
            }
            Atom::Class(ranges, negated) => {
                let hit = ranges.iter().any(|&(lo, hi)| {
                    (lo..=hi).contains(&c)
                        || (self.ignore_case && c.to_uppercase().any(|u| (lo..=hi).contains(&u)))
                });
                hit != *negated
            }
            _ => false,
        }
    }

    /// Greedy or lazy repetition of `p` (count so far `count`) at `at`, then `rest`.
    fn repeat_iter(
        &mut self,
        p: &Piece,
        count: usize,
        at: usize,
        rest: &[Piece],
        k: &mut dyn FnMut(usize) -> bool,
    ) -> bool {
        self.depth += 1;
        let matched = self.depth <= MAX_RECURSION && self.repeat_inner(p, count, at, rest, k);
        self.depth -= 1;
        matched
    }

    fn repeat_inner(
        &mut self,
        p: &Piece,
        count: usize,
        at: usize,
        rest: &[Piece],
        k: &mut dyn FnMut(usize) -> bool,
    ) -> bool {
        // Every end position one more repetition can reach.
        let mut ends = Vec::new();
        if count < p.max {
            let required = count < p.min;
            self.one(&p.atom, at, &mut |end| {
                // An empty repetition beyond the required ones would loop.
                if end != at || required {
                    ends.push(end);
                }
                false
            });
        }
        let stop_here = count >= p.min;
        if p.lazy && stop_here && self.seq(rest, at, k) {
            return true;
        }
        for end in ends {
            if self.steps > MAX_STEPS {
                return false;
            }
            if self.repeat_iter(p, count + 1, end, rest, k) {
                return true;
            }
        }
        !p.lazy && stop_here && self.seq(rest, at, k)
    }

    /// Matches one occurrence of `atom` at `at`, calling `k` with each possible end.
    fn one(&mut self, atom: &Atom, at: usize, k: &mut dyn FnMut(usize) -> bool) -> bool {
        self.steps += 1;
        if self.steps > MAX_STEPS {
            return false;
        }
        match atom {
            Atom::Start => at == 0 && k(at),
            Atom::End => at == self.text.len() && k(at),
            Atom::Any | Atom::Char(_) | Atom::Class(..) => self.single(atom, at) && k(at + 1),
            Atom::Group(alts) => {
                for alt in alts {
                    if self.seq(alt, at, k) {
                        return true;
                    }
                }
                false
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_the_whole_string_like_java() {
        for (re, text, expected) in [
            ("/a.*/", "abc", true),
            ("/a.*/", "xabc", false),
            ("/b/", "abc", false),
            ("/.*b.*/", "abc", true),
            ("/^ab?c$/", "ac", true),
            ("/[a-c]+x{2,3}/", "abcxx", true),
            ("/[a-c]+x{2,3}/", "abcxxxx", false),
            ("/(foo|bar)\\d*/", "bar12", true),
            ("/(?:ab)+/", "ababab", true),
            ("/[^0-9]+/", "abc", true),
            ("/[^0-9]+/", "ab1", false),
            ("/ABC/i", "abc", true),
            ("/a+?b/", "aaab", true),
            ("/(a*)*b/", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaac", false),
            ("/.*z/", &format!("{}z", "x".repeat(100_000)), true),
            ("/(xy)*/", &"xy".repeat(100_000), false),
            ("/(xy)*/", &"xy".repeat(100), true),
        ] {
            let r = Regex::parse_literal(re).unwrap();
            assert_eq!(r.is_match(text), expected, "{re} on {} chars", text.len());
        }
    }

    #[test]
    fn hostile_patterns_fit_a_small_stack() {
        let worst = std::thread::Builder::new()
            .stack_size(512 * 1024)
            .spawn(|| {
                let long = "a".repeat(MAX_PATTERN);
                let nested = format!("{}a{}", "(".repeat(MAX_DEPTH), ")*".repeat(MAX_DEPTH));
                for (re, text) in [
                    (long.clone(), long.clone()),
                    (nested, "a".repeat(5_000)),
                    ("(a|ab)*(b|c)*d".into(), "ab".repeat(5_000)),
                    ("(?:(?:x*)*)*y".into(), "x".repeat(5_000)),
                ] {
                    if let Ok(r) = Regex::new(&re, false) {
                        let _ = r.is_match(&text);
                    }
                }
            })
            .map(|h| h.join().is_ok());
        assert_eq!(worst.ok(), Some(true));
    }

    #[test]
    fn bad_patterns_are_errors() {
        for re in ["/(a/", "/a)/", "/*a/", "/[a/", "a", "/a/g", "/a{x}/"] {
            assert!(Regex::parse_literal(re).is_err(), "{re}");
        }
    }
}
