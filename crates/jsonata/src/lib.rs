//! JSONata 2.0.6 in Rust.
//!
//! [`Expression::parse`] turns the text of an expression into a syntax tree ([`ast::Node`]),
//! or fails with the error code and character position that jsonata-js reports
//! ([`Error`]); [`Expression::evaluate`] gives its value against a JSON input and
//! [`Bindings`].
//!
//! One extension: the elvis `?:` and coalescing `??` operators, which jsonata-js added after
//! 2.0.6 (jsonata-js PR #748, 2025), parse here; 2.0.6 itself rejects them with S0211, and so
//! does [`Expression::parse_2_0_6`]. No expression that 2.0.6 accepts changes meaning.
#![forbid(unsafe_code)]

pub mod ast;
mod error;
mod evaluate;
mod functions;
mod lexer;
mod parser;
mod paths;
mod regex;
pub mod signature;
pub mod value;

pub use error::Error;
pub use evaluate::{Bindings, Lambda, Limits};
pub use functions::{builtin_signature, BUILTIN_NAMES};
pub use value::{Host, Value};

/// A parsed JSONata expression.
#[derive(Debug, Clone)]
pub struct Expression {
    ast: ast::Node,
    /// The tree rewritten for evaluation (shared: plain data, `Send + Sync`).
    plan: std::sync::Arc<evaluate::plan::Node>,
}

impl PartialEq for Expression {
    fn eq(&self, other: &Expression) -> bool {
        self.ast == other.ast
    }
}

impl Expression {
    /// Parses the text of a JSONata expression.
    ///
    /// Fails with the `S0…` code jsonata-js gives for the same text; the error's position is
    /// counted in UTF-16 code units, as JavaScript counts them.
    pub fn parse(text: &str) -> Result<Expression, Error> {
        let (ast, missing_end) = parser::parse(text)?;
        paths::check(&ast, missing_end)?;
        let plan = std::sync::Arc::new(evaluate::plan::build(&ast)?);
        Ok(Expression { ast, plan })
    }

    /// Parses the text as JSONata 2.0.6 exactly (the version AWS Step Functions runs): as
    /// [`Expression::parse`], but the later `?:` and `??` operators are refused with the
    /// S0211 that 2.0.6 gives for them (at the operator's second character, whose symbol is
    /// the token).
    pub fn parse_2_0_6(text: &str) -> Result<Expression, Error> {
        let expression = Expression::parse(text)?;
        let mut stack = vec![&expression.ast];
        let mut first: Option<(usize, &str)> = None;
        while let Some(node) = stack.pop() {
            let token = match node.kind {
                ast::NodeKind::Elvis { .. } => Some(":"),
                ast::NodeKind::Coalesce { .. } => Some("?"),
                _ => None,
            };
            if let Some(t) = token {
                if first.is_none_or(|(p, _)| node.position < p) {
                    first = Some((node.position, t));
                }
            }
            stack.extend(node.children());
        }
        match first {
            Some((position, token)) => Err(Error::new("S0211", position, Some(token.to_string()))),
            None => Ok(expression),
        }
    }

    /// The syntax tree of the expression.
    pub fn ast(&self) -> &ast::Node {
        &self.ast
    }
}
