//! JSONata 2.0.6 in Rust.
//!
//! [`Expression::parse`] turns the text of an expression into a syntax tree ([`ast::Node`]),
//! or fails with the error code and character position that jsonata-js reports
//! ([`Error`]); [`Expression::evaluate`] gives its value against a JSON input and
//! [`Bindings`].
//!
//! One extension: the elvis `?:` and coalescing `??` operators, which jsonata-js added after
//! 2.0.6 (jsonata-js PR #748, 2025), parse here; 2.0.6 itself rejects them with S0211. No
//! expression that 2.0.6 accepts changes meaning.
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

    /// The syntax tree of the expression.
    pub fn ast(&self) -> &ast::Node {
        &self.ast
    }
}
