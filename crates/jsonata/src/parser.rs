//! The parser: top-down operator precedence (Pratt), with jsonata-js's binding powers, so
//! that the same text fails where and how jsonata-js fails.

use crate::ast::{BinaryOp, Node, NodeKind, SortTerm};
use crate::error::Error;
use crate::lexer::{Kind, Lexer, Token};

/// The nesting budget: each nested operand costs [`NEST_COST`], each operator applied to
/// the left operand in a chain costs 1. Bounds the depth of the tree (and of the stack).
const MAX_DEPTH: usize = 1000;
/// What one nested `expression` costs of [`MAX_DEPTH`] (about 100 nested brackets).
const NEST_COST: usize = 10;

/// The left binding power of an operator known to the parser, `None` for an unknown one.
fn binding_power(op: &str) -> Option<u32> {
    Some(match op {
        "." => 75,
        "[" | "(" | "@" | "#" => 80,
        "{" => 70,
        "?" => 20,
        "+" | "-" | "&" => 50,
        "*" | "/" | "%" => 60,
        "=" | "<" | ">" | "^" | "!=" | "<=" | ">=" | "~>" | "?:" | "??" | "in" => 40,
        ":=" => 10,
        "and" => 30,
        "or" => 25,
        "]" | "}" | ")" | "," | ";" | ":" | ".." | "|" | "**" => 0,
        _ => return None,
    })
}

fn id(token: &Token) -> &'static str {
    match &token.kind {
        Kind::Operator(o) => o,
        Kind::Name(_) | Kind::Variable(_) => "(name)",
        Kind::Str(_) | Kind::Number(_) | Kind::Bool(_) | Kind::Null => "(literal)",
        Kind::Regex { .. } => "(regex)",
        Kind::End => "(end)",
    }
}

fn node(position: usize, kind: NodeKind) -> Node {
    Node { position, kind }
}

struct Parser {
    lexer: Lexer,
    node: Token,
    depth: usize,
    /// Where an operand was missing at the end of the text (S0207, reported by the path
    /// checks, as jsonata-js does).
    missing_end: Option<usize>,
}

/// Parses `text` into a syntax tree, and where an operand was missing at the end of the text
/// (a `null` stands for it in the tree; [`crate::paths::check`] reports it as S0207 where
/// jsonata-js does, after any path error met before it).
pub(crate) fn parse(text: &str) -> Result<(Node, Option<usize>), Error> {
    let mut lexer = Lexer::new(text);
    let first = lexer.next(false)?;
    let mut p = Parser {
        lexer,
        node: first,
        depth: 0,
        missing_end: None,
    };
    p.check_known()?;
    let ast = p.expression(0)?;
    if p.node.kind != Kind::End {
        return Err(Error::new("S0201", p.node.position, p.node.text()));
    }
    Ok((ast, p.missing_end))
}

impl Parser {
    fn id(&self) -> &'static str {
        id(&self.node)
    }

    fn check_known(&self) -> Result<(), Error> {
        if let Kind::Operator(op) = self.node.kind {
            if binding_power(op).is_none() {
                return Err(Error::new("S0204", self.node.position, Some(op.into())));
            }
        }
        Ok(())
    }

    fn advance(&mut self, expected: Option<&str>, infix: bool) -> Result<(), Error> {
        if let Some(want) = expected {
            if self.id() != want {
                let code = if self.node.kind == Kind::End {
                    "S0203"
                } else {
                    "S0202"
                };
                return Err(Error::new(code, self.node.position, self.node.text()));
            }
        }
        self.node = self.lexer.next(infix)?;
        self.check_known()
    }

    fn deeper(&mut self, cost: usize) -> Result<(), Error> {
        self.depth += cost;
        if self.depth > MAX_DEPTH {
            return Err(Error::new("U1001", self.node.position, None));
        }
        Ok(())
    }

    fn expression(&mut self, rbp: u32) -> Result<Node, Error> {
        self.deeper(NEST_COST)?;
        let entry = self.depth;
        let t = self.node.clone();
        self.advance(None, true)?;
        let mut left = self.nud(t)?;
        while rbp < binding_power(self.id()).unwrap_or(0) {
            let t = self.node.clone();
            self.advance(None, false)?;
            self.deeper(1)?;
            left = self.led(t, left)?;
        }
        self.depth = entry - NEST_COST;
        Ok(left)
    }

    fn nud(&mut self, t: Token) -> Result<Node, Error> {
        let pos = t.position;
        let kind = match t.kind {
            Kind::Name(s) => NodeKind::Name(s),
            Kind::Variable(s) => NodeKind::Variable(s),
            Kind::Str(s) => NodeKind::String(s),
            Kind::Number(n) => NodeKind::Number(n),
            Kind::Bool(b) => NodeKind::Bool(b),
            Kind::Null => NodeKind::Null,
            Kind::Regex { pattern, flags } => NodeKind::Regex { pattern, flags },
            Kind::End => {
                self.missing_end.get_or_insert(pos);
                NodeKind::Null
            }
            Kind::Operator(op) => self.prefix(op, pos)?,
        };
        Ok(node(pos, kind))
    }

    fn led(&mut self, t: Token, left: Node) -> Result<Node, Error> {
        let pos = t.position;
        let Kind::Operator(op) = t.kind else {
            return Err(Error::new("S0201", pos, t.text()));
        };
        // each operator has a helper of its own, so that this frame stays small
        let kind = match op {
            ":=" => self.bind(left)?,
            "?" => self.condition(left)?,
            "@" | "#" => self.focus(op, left)?,
            "[" => self.predicate(left)?,
            "{" => self.group(left)?,
            "^" => self.sort(left)?,
            "(" => self.call(left)?,
            _ => self.infix(op, pos, left)?,
        };
        Ok(node(pos, kind))
    }

    fn infix(&mut self, op: &'static str, pos: usize, left: Node) -> Result<NodeKind, Error> {
        let binary = |op| (Some(op), None);
        let (binary_op, other): (Option<BinaryOp>, Option<&str>) = match op {
            "+" => binary(BinaryOp::Add),
            "-" => binary(BinaryOp::Subtract),
            "&" => binary(BinaryOp::Concat),
            "*" => binary(BinaryOp::Multiply),
            "/" => binary(BinaryOp::Divide),
            "%" => binary(BinaryOp::Modulo),
            "=" => binary(BinaryOp::Equal),
            "!=" => binary(BinaryOp::NotEqual),
            "<" => binary(BinaryOp::Less),
            "<=" => binary(BinaryOp::LessEqual),
            ">" => binary(BinaryOp::Greater),
            ">=" => binary(BinaryOp::GreaterEqual),
            "in" => binary(BinaryOp::In),
            "and" => binary(BinaryOp::And),
            "or" => binary(BinaryOp::Or),
            "." | "~>" | "?:" | "??" => (None, Some(op)),
            _ => return Err(Error::new("S0201", pos, Some(op.into()))),
        };
        let bp = binding_power(op).unwrap_or(0);
        let lhs = Box::new(left);
        let rhs = Box::new(self.expression(bp)?);
        Ok(match (binary_op, other) {
            (Some(op), _) => NodeKind::Binary { op, lhs, rhs },
            (_, Some(".")) => NodeKind::Path { lhs, rhs },
            (_, Some("~>")) => NodeKind::Apply { lhs, rhs },
            (_, Some("?:")) => NodeKind::Elvis { lhs, rhs },
            _ => NodeKind::Coalesce { lhs, rhs },
        })
    }

    fn bind(&mut self, left: Node) -> Result<NodeKind, Error> {
        let NodeKind::Variable(variable) = left.kind else {
            return Err(Error::new("S0212", left.position, token_of(&left)));
        };
        // right-associative
        let value = Box::new(self.expression(9)?);
        Ok(NodeKind::Bind { variable, value })
    }

    fn condition(&mut self, left: Node) -> Result<NodeKind, Error> {
        let then = Box::new(self.expression(0)?);
        let otherwise = if self.id() == ":" {
            self.advance(Some(":"), false)?;
            Some(Box::new(self.expression(0)?))
        } else {
            None
        };
        Ok(NodeKind::Condition {
            condition: Box::new(left),
            then,
            otherwise,
        })
    }

    fn focus(&mut self, op: &'static str, left: Node) -> Result<NodeKind, Error> {
        let rhs = self.expression(80)?;
        let NodeKind::Variable(variable) = rhs.kind else {
            return Err(Error::new("S0214", rhs.position, Some(op.into())));
        };
        let lhs = Box::new(left);
        Ok(if op == "@" {
            NodeKind::Focus { lhs, variable }
        } else {
            NodeKind::Index { lhs, variable }
        })
    }

    fn predicate(&mut self, left: Node) -> Result<NodeKind, Error> {
        if self.id() == "]" {
            self.advance(Some("]"), false)?;
            return Ok(NodeKind::KeepArray(Box::new(left)));
        }
        let predicate = Box::new(self.expression(0)?);
        self.advance(Some("]"), true)?;
        Ok(NodeKind::Filter {
            lhs: Box::new(left),
            predicate,
        })
    }

    fn group(&mut self, left: Node) -> Result<NodeKind, Error> {
        let pairs = self.pairs()?;
        Ok(NodeKind::GroupBy {
            lhs: Box::new(left),
            pairs,
        })
    }

    fn prefix(&mut self, op: &'static str, pos: usize) -> Result<NodeKind, Error> {
        Ok(match op {
            "-" => NodeKind::Negate(Box::new(self.expression(70)?)),
            "*" => NodeKind::Wildcard,
            "**" => NodeKind::Descendant,
            "%" => NodeKind::Parent,
            "and" | "or" | "in" => NodeKind::Name(op.into()),
            "[" => self.array()?,
            "(" => self.block()?,
            "{" => NodeKind::Object(self.pairs()?),
            "|" => self.transform()?,
            _ => return Err(Error::new("S0211", pos, Some(op.into()))),
        })
    }

    fn array(&mut self) -> Result<NodeKind, Error> {
        let mut items = Vec::new();
        if self.id() != "]" {
            loop {
                let mut item = self.expression(0)?;
                if self.id() == ".." {
                    let pos = self.node.position;
                    self.advance(Some(".."), false)?;
                    let rhs = self.expression(0)?;
                    item = node(
                        pos,
                        NodeKind::Binary {
                            op: BinaryOp::Range,
                            lhs: Box::new(item),
                            rhs: Box::new(rhs),
                        },
                    );
                }
                items.push(item);
                if self.id() != "," {
                    break;
                }
                self.advance(Some(","), false)?;
            }
        }
        self.advance(Some("]"), true)?;
        Ok(NodeKind::Array(items))
    }

    fn block(&mut self) -> Result<NodeKind, Error> {
        let mut items = Vec::new();
        while self.id() != ")" {
            items.push(self.expression(0)?);
            if self.id() != ";" {
                break;
            }
            self.advance(Some(";"), false)?;
        }
        self.advance(Some(")"), true)?;
        Ok(NodeKind::Block(items))
    }

    fn pairs(&mut self) -> Result<Vec<(Node, Node)>, Error> {
        let mut pairs = Vec::new();
        if self.id() != "}" {
            loop {
                let key = self.expression(0)?;
                self.advance(Some(":"), false)?;
                let value = self.expression(0)?;
                pairs.push((key, value));
                if self.id() != "," {
                    break;
                }
                self.advance(Some(","), false)?;
            }
        }
        self.advance(Some("}"), true)?;
        Ok(pairs)
    }

    fn transform(&mut self) -> Result<NodeKind, Error> {
        let pattern = Box::new(self.expression(0)?);
        self.advance(Some("|"), false)?;
        let update = Box::new(self.expression(0)?);
        let delete = if self.id() == "," {
            self.advance(Some(","), false)?;
            Some(Box::new(self.expression(0)?))
        } else {
            None
        };
        self.advance(Some("|"), false)?;
        Ok(NodeKind::Transform {
            pattern,
            update,
            delete,
        })
    }

    fn sort(&mut self, left: Node) -> Result<NodeKind, Error> {
        self.advance(Some("("), false)?;
        let mut terms = Vec::new();
        loop {
            let mut descending = false;
            if self.id() == "<" {
                self.advance(Some("<"), false)?;
            } else if self.id() == ">" {
                descending = true;
                self.advance(Some(">"), false)?;
            }
            let expression = self.expression(0)?;
            terms.push(SortTerm {
                descending,
                expression,
            });
            if self.id() != "," {
                break;
            }
            self.advance(Some(","), false)?;
        }
        self.advance(Some(")"), false)?;
        Ok(NodeKind::Sort {
            lhs: Box::new(left),
            terms,
        })
    }

    fn call(&mut self, left: Node) -> Result<NodeKind, Error> {
        let mut arguments = Vec::new();
        let mut partial = false;
        if self.id() != ")" {
            loop {
                if self.node.kind == Kind::Operator("?") {
                    partial = true;
                    arguments.push(node(self.node.position, NodeKind::Placeholder));
                    self.advance(Some("?"), false)?;
                } else {
                    arguments.push(self.expression(0)?);
                }
                if self.id() != "," {
                    break;
                }
                self.advance(Some(","), false)?;
            }
        }
        self.advance(Some(")"), true)?;
        let is_lambda = matches!(&left.kind, NodeKind::Name(n) if n == "function" || n == "λ");
        if !is_lambda {
            return Ok(NodeKind::Call {
                procedure: Box::new(left),
                arguments,
                partial,
            });
        }
        self.lambda(arguments)
    }

    fn lambda(&mut self, arguments: Vec<Node>) -> Result<NodeKind, Error> {
        let mut parameters = Vec::new();
        for a in arguments {
            match a.kind {
                NodeKind::Variable(v) => parameters.push(v),
                _ => return Err(Error::new("S0208", a.position, token_of(&a))),
            }
        }
        let mut signature = None;
        if self.id() == "<" {
            let sig_pos = self.node.position;
            let mut depth = 1;
            let mut sig = String::from("<");
            while depth > 0 && self.id() != "{" && self.id() != "(end)" {
                self.advance(None, false)?;
                match self.id() {
                    ">" => depth -= 1,
                    "<" => depth += 1,
                    _ => {}
                }
                sig.push_str(&self.node.text().unwrap_or_default());
            }
            self.advance(Some(">"), false)?;
            check_signature(&sig, sig_pos)?;
            signature = Some(sig);
        }
        self.advance(Some("{"), false)?;
        let body = Box::new(self.expression(0)?);
        self.advance(Some("}"), false)?;
        Ok(NodeKind::Lambda {
            parameters,
            signature,
            body,
        })
    }
}

/// The token jsonata-js names for a node in an error.
fn token_of(n: &Node) -> Option<String> {
    match &n.kind {
        NodeKind::Name(s) | NodeKind::Variable(s) | NodeKind::String(s) => Some(s.clone()),
        NodeKind::Number(x) => Some(x.to_string()),
        NodeKind::Bool(b) => Some(b.to_string()),
        NodeKind::Null => Some("null".into()),
        _ => None,
    }
}

/// The checks jsonata-js makes on a function signature while parsing (it compiles it then); an
/// error's position is the signature's plus the offset of the offending character in it.
fn check_signature(sig: &str, position: usize) -> Result<(), Error> {
    crate::signature::Signature::parse(sig)
        .map(|_| ())
        .map_err(|e| Error {
            position: position + e.position,
            ..e
        })
}
