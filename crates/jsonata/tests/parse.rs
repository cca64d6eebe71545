//! Precedence, positions and robustness of the parser.

use jsonata::ast::{Node, NodeKind};
use jsonata::Expression;

/// A compact rendering of the tree, to compare shapes.
fn show(n: &Node) -> String {
    match &n.kind {
        NodeKind::Number(x) => x.to_string(),
        NodeKind::String(s) => format!("{s:?}"),
        NodeKind::Name(s) => s.clone(),
        NodeKind::Variable(s) => format!("${s}"),
        NodeKind::Bool(b) => b.to_string(),
        NodeKind::Null => "null".into(),
        NodeKind::Negate(e) => format!("(- {})", show(e)),
        NodeKind::Binary { op, lhs, rhs } => {
            let o = op.symbol();
            format!("({o} {} {})", show(lhs), show(rhs))
        }
        NodeKind::Path { lhs, rhs } => format!("(. {} {})", show(lhs), show(rhs)),
        NodeKind::Filter { lhs, predicate } => format!("([ {} {})", show(lhs), show(predicate)),
        NodeKind::Bind { variable, value } => format!("(:= ${variable} {})", show(value)),
        NodeKind::Apply { lhs, rhs } => format!("(~> {} {})", show(lhs), show(rhs)),
        NodeKind::Condition {
            condition,
            then,
            otherwise,
        } => match otherwise {
            Some(o) => format!("(? {} {} {})", show(condition), show(then), show(o)),
            None => format!("(? {} {})", show(condition), show(then)),
        },
        NodeKind::Elvis { lhs, rhs } => format!("(?: {} {})", show(lhs), show(rhs)),
        NodeKind::Coalesce { lhs, rhs } => format!("(?? {} {})", show(lhs), show(rhs)),
        NodeKind::Array(items) => {
            format!("[{}]", items.iter().map(show).collect::<Vec<_>>().join(" "))
        }
        NodeKind::Block(items) => format!(
            "({})",
            items.iter().map(show).collect::<Vec<_>>().join("; ")
        ),
        NodeKind::Call {
            procedure,
            arguments,
            ..
        } => format!(
            "(call {} {})",
            show(procedure),
            arguments.iter().map(show).collect::<Vec<_>>().join(" ")
        ),
        NodeKind::Placeholder => "?".into(),
        NodeKind::Wildcard => "*".into(),
        NodeKind::Descendant => "**".into(),
        NodeKind::Parent => "%".into(),
        other => format!("{other:?}"),
    }
}

fn tree(text: &str) -> String {
    match Expression::parse(text) {
        Ok(e) => show(e.ast()),
        Err(e) => panic!("{text}: {e}"),
    }
}

fn error(text: &str) -> (&'static str, usize, Option<String>) {
    match Expression::parse(text) {
        Ok(e) => panic!("{text} parsed: {:?}", e.ast()),
        Err(e) => (e.code, e.position, e.token),
    }
}

#[test]
fn operators_bind_as_in_jsonata_js() {
    assert_eq!(tree("1 + 2 * 3"), "(+ 1 (* 2 3))");
    assert_eq!(tree("1 - 2 - 3"), "(- (- 1 2) 3)");
    assert_eq!(tree("a = 1 and b < 2 or c"), "(or (and (= a 1) (< b 2)) c)");
    assert_eq!(tree("\"a\" & \"b\" = \"ab\""), "(= (& \"a\" \"b\") \"ab\")");
    assert_eq!(tree("a.b[0].c"), "(. (. a ([ b 0)) c)");
    assert_eq!(tree("-a.b"), "(- (. a b))");
    assert_eq!(tree("x ? 1 : y ? 2 : 3"), "(? x 1 (? y 2 3))");
    assert_eq!(tree("$a := $b := 1 + 1"), "(:= $a (:= $b (+ 1 1)))");
    assert_eq!(
        tree("a ~> $f() ~> $g(?, 2)"),
        "(~> (~> a (call $f )) (call $g ? 2))"
    );
    assert_eq!(tree("a ?: b ?? c"), "(?? (?: a b) c)");
    assert_eq!(tree("1 in [1..3, 5]"), "(in 1 [(.. 1 3) 5])");
    assert_eq!(tree("($x := 1; $x * 2)"), "((:= $x 1); (* $x 2))");
    assert_eq!(tree("$$.a.*.**.b"), "(. (. (. (. $$ a) *) **) b)");
    assert_eq!(tree("a.*.%"), "(. (. a *) %)");
    assert_eq!(tree("and.or.in"), "(. (. and or) in)");
    assert_eq!(tree("a * 2 /* comment */ - 1"), "(- (* a 2) 1)");
}

#[test]
fn the_rest_of_the_grammar_parses() {
    for text in [
        "function($x, $y)<n-n:n>{$x + $y}(1, 2)",
        "λ($a){$a}",
        "Account.Order@$o#$i.Product[$i > 0]",
        "Account.Order.Product^(>Price, <Quantity)",
        "Account.Order.Product{ `Product Name`: $sum(Price) }",
        "$ ~> |Account.Order.Product|{'Price': Price * 2}, ['Description']|",
        "$match(\"abc\", /a(b)c/i)",
        "$split(\"a,b\", /,/)",
        "10e-3 + 1.5E+2 + 0.25",
        "\"\\u00e9\\ud83d\\ude00\\n\\\"\"",
        "[1,2,3][]",
        "{'a': 1, \"b\": [2]}",
        "`a b`.`c`",
        "$string(1)",
        "Account.Order[0].Product.%.OrderID",
    ] {
        Expression::parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    }
    match &Expression::parse("\"\\ud83d\\ude00\"").unwrap().ast().kind {
        NodeKind::String(s) => assert_eq!(s, "😀"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn errors_carry_jsonata_js_codes_and_positions() {
    // positions are UTF-16 offsets just after the offending token, as jsonata-js reports them
    assert_eq!(
        error("Account.Order[0].Product;"),
        ("S0201", 25, Some(";".into()))
    );
    assert_eq!(error("[1,2)"), ("S0202", 5, Some(")".into())));
    assert_eq!(error("$lowercase(\"x\""), ("S0203", 14, None));
    assert_eq!(error("[1!2]"), ("S0204", 3, Some("!".into())));
    assert_eq!(error("1="), ("S0207", 2, None));
    assert_eq!(error("@ bar").0, "S0211");
    assert_eq!(error("\"no closing quote").0, "S0101");
    assert_eq!(error("10e1000").0, "S0102");
    assert_eq!(error("\"\\y\"").0, "S0103");
    assert_eq!(error("\"\\u123t\"").0, "S0104");
    assert_eq!(error("`open").0, "S0105");
    assert_eq!(error("1 /* open").0, "S0106");
    assert_eq!(error("function(x){$x}").0, "S0208");
    assert_eq!(error("x := 1").0, "S0212");
    assert_eq!(error("$.7").0, "S0213");
    assert_eq!(error("a@b").0, "S0214");
    assert_eq!(error("$.%").0, "S0217");
    assert_eq!(error("$match(\"a\", //)").0, "S0301");
    assert_eq!(error("$match(\"a\", /abc)").0, "S0302");
    // path errors met before the missing operand win, as in jsonata-js's post-parse pass
    assert_eq!(error("$.7 +").0, "S0213");
    // signature errors: the signature's position plus the offset within it
    assert_eq!(
        error("λ($arg)<n<n>>{$arg}(5)"),
        ("S0401", 10, Some("n".into()))
    );
    assert_eq!(error("λ($arr)<(sa<n>)>>{$arr}([[1]])").0, "S0402");
    // a character outside the BMP counts two, as in JavaScript
    assert_eq!(error("\"😀\";"), ("S0201", 5, Some(";".into())));
}

/// A small deterministic generator (xorshift), so that failures reproduce.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn garbage_never_panics() {
    let pieces = [
        "a", "$x", "$", "$$", "1", "1.5e3", "\"s\"", "'t'", "`q`", "/re/", "/", "*", "**", "%",
        ".", "..", "[", "]", "{", "}", "(", ")", ",", ";", ":", ":=", "?", "?:", "??", "~>", "@",
        "#", "^(", "<", ">", "=", "!=", "!", "~", "|", "&", "+", "-", "and", "or", "in",
        "function", "λ", "<n-n:n>", "\\", "\"\\u", "/*", "*/", " ", "😀", "\u{0}", "true",
    ];
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for _ in 0..20_000 {
        let len = rng.below(24);
        let text: String = (0..len).map(|_| pieces[rng.below(pieces.len())]).collect();
        let _ = Expression::parse(&text);
    }
    for _ in 0..5_000 {
        let len = rng.below(40);
        let bytes: Vec<u8> = (0..len).map(|_| (rng.next() & 0xff) as u8).collect();
        let _ = Expression::parse(&String::from_utf8_lossy(&bytes));
    }
}

#[test]
fn deep_nesting_is_an_error_not_a_crash() {
    for (open, close) in [
        ("(", ")"),
        ("[", "]"),
        ("{'a':", "}"),
        ("-", ""),
        ("$f(", ")"),
        ("function($x){", "}"),
        ("a[", "]"),
        ("x ? ", " : 1"),
        ("$a := ", ""),
        ("|a|", "|"),
    ] {
        let text = format!("{}1{}", open.repeat(500), close.repeat(500));
        let e = Expression::parse(&text).expect_err(open);
        assert_eq!(e.code, "U1001", "{open}");
        let shallow = format!("{}1{}", open.repeat(50), close.repeat(50));
        if open != "|a|" {
            Expression::parse(&shallow).unwrap_or_else(|e| panic!("{open}: {e}"));
        }
    }
    for chain in ["a.", "1 + ", "a & ", "a[0]", "$f() ~> "] {
        let text = format!("{}1", chain.repeat(100_000));
        let _ = Expression::parse(&text);
    }
}

/// AWS runs JSONata 2.0.6, which has no `?:` or `??`: `parse_2_0_6` refuses them as 2.0.6
/// does (jsonata-js 2.0.6: `a ?? b` → S0211 at 4, token "?"; `x.(a ?: b)` → S0211 at 7,
/// token ":"), and accepts what 2.0.6 accepts.
#[test]
fn parse_2_0_6_refuses_the_later_operators_as_2_0_6_does() {
    let e = Expression::parse_2_0_6("a ?? b").unwrap_err();
    assert_eq!(
        (e.code, e.position, e.token.as_deref()),
        ("S0211", 4, Some("?"))
    );
    let e = Expression::parse_2_0_6("x.(a ?: b)").unwrap_err();
    assert_eq!(
        (e.code, e.position, e.token.as_deref()),
        ("S0211", 7, Some(":"))
    );
    let e = Expression::parse_2_0_6("[1, {'k': $f(a ?? b)}]").unwrap_err();
    assert_eq!(e.code, "S0211");
    assert!(Expression::parse("a ?? b").is_ok());
    for fine in [
        "a ? b : c",
        "$x ? 1",
        "a.b[c > 1]^(<d){e: f}",
        "| a | {'b': 1} |",
    ] {
        assert!(Expression::parse_2_0_6(fine).is_ok(), "{fine}");
    }
}
