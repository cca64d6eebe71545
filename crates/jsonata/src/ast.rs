//! Nodes: the syntax tree of an expression, as written (before any evaluation-time rewriting).

/// A node of the syntax tree and its position (UTF-16 offset just after its token, as
/// jsonata-js reports positions).
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// The position of the node's token.
    pub position: usize,
    /// What the node is.
    pub kind: NodeKind,
}

/// The binary operators that combine two values.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BinaryOp {
    /// `+`
    Add,
    /// `-`
    Subtract,
    /// `*`
    Multiply,
    /// `/`
    Divide,
    /// `%`
    Modulo,
    /// `=`
    Equal,
    /// `!=`
    NotEqual,
    /// `<`
    Less,
    /// `<=`
    LessEqual,
    /// `>`
    Greater,
    /// `>=`
    GreaterEqual,
    /// `&`
    Concat,
    /// `and`
    And,
    /// `or`
    Or,
    /// `in`
    In,
    /// `..` (inside an array constructor only)
    Range,
}

impl BinaryOp {
    /// The operator as written (`+`, `!=`, `and`, `..`…), the token errors name.
    pub fn symbol(self) -> &'static str {
        match self {
            BinaryOp::Add => "+",
            BinaryOp::Subtract => "-",
            BinaryOp::Multiply => "*",
            BinaryOp::Divide => "/",
            BinaryOp::Modulo => "%",
            BinaryOp::Equal => "=",
            BinaryOp::NotEqual => "!=",
            BinaryOp::Less => "<",
            BinaryOp::LessEqual => "<=",
            BinaryOp::Greater => ">",
            BinaryOp::GreaterEqual => ">=",
            BinaryOp::Concat => "&",
            BinaryOp::And => "and",
            BinaryOp::Or => "or",
            BinaryOp::In => "in",
            BinaryOp::Range => "..",
        }
    }
}

/// One term of a sort `^( … )`.
#[derive(Debug, Clone, PartialEq)]
pub struct SortTerm {
    /// `>`: descending.
    pub descending: bool,
    /// The sort key.
    pub expression: Node,
}

/// The kinds of node.
#[derive(Debug, Clone, PartialEq)]
pub enum NodeKind {
    /// A string literal.
    String(String),
    /// A number literal.
    Number(f64),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// A field name.
    Name(String),
    /// `$name`; `$` is the empty name, `$$` is `"$"`.
    Variable(String),
    /// `/pattern/flags`.
    Regex {
        /// The pattern between the slashes.
        pattern: String,
        /// The flags (`i`, `m`).
        flags: String,
    },
    /// `*`
    Wildcard,
    /// `**`
    Descendant,
    /// `%`
    Parent,
    /// `?` as an argument of a partial application.
    Placeholder,
    /// Unary minus.
    Negate(Box<Node>),
    /// A binary operator.
    Binary {
        /// The operator.
        op: BinaryOp,
        /// Left operand.
        lhs: Box<Node>,
        /// Right operand.
        rhs: Box<Node>,
    },
    /// `lhs.rhs`
    Path {
        /// The step before the dot.
        lhs: Box<Node>,
        /// The step after the dot.
        rhs: Box<Node>,
    },
    /// `lhs[predicate]`
    Filter {
        /// The filtered step.
        lhs: Box<Node>,
        /// The predicate or index.
        predicate: Box<Node>,
    },
    /// `lhs[]`: keep singleton arrays.
    KeepArray(Box<Node>),
    /// `lhs{k: v, …}`: grouping.
    GroupBy {
        /// The grouped step.
        lhs: Box<Node>,
        /// The key/value pairs.
        pairs: Vec<(Node, Node)>,
    },
    /// `lhs^(<a, >b)`
    Sort {
        /// The sorted step.
        lhs: Box<Node>,
        /// The sort terms.
        terms: Vec<SortTerm>,
    },
    /// `lhs@$var`
    Focus {
        /// The step.
        lhs: Box<Node>,
        /// The variable name.
        variable: String,
    },
    /// `lhs#$var`
    Index {
        /// The step.
        lhs: Box<Node>,
        /// The variable name.
        variable: String,
    },
    /// `$var := value`
    Bind {
        /// The variable name.
        variable: String,
        /// The bound value.
        value: Box<Node>,
    },
    /// `lhs ~> rhs`
    Apply {
        /// The value.
        lhs: Box<Node>,
        /// The function.
        rhs: Box<Node>,
    },
    /// `condition ? then : else`
    Condition {
        /// The condition.
        condition: Box<Node>,
        /// The value when true.
        then: Box<Node>,
        /// The value when false, if any.
        otherwise: Option<Box<Node>>,
    },
    /// `lhs ?: rhs` (jsonata-js after 2.0.6)
    Elvis {
        /// The value tested.
        lhs: Box<Node>,
        /// The default.
        rhs: Box<Node>,
    },
    /// `lhs ?? rhs` (jsonata-js after 2.0.6)
    Coalesce {
        /// The value tested.
        lhs: Box<Node>,
        /// The default.
        rhs: Box<Node>,
    },
    /// `[a, b, c..d]`
    Array(Vec<Node>),
    /// `{k: v, …}`
    Object(Vec<(Node, Node)>),
    /// `(a; b; c)`
    Block(Vec<Node>),
    /// `procedure(arguments)`; `partial` when an argument is `?`.
    Call {
        /// The function.
        procedure: Box<Node>,
        /// The arguments.
        arguments: Vec<Node>,
        /// Whether this is a partial application.
        partial: bool,
    },
    /// `function($a, $b)<sig>{body}` (or `λ`).
    Lambda {
        /// The parameter names.
        parameters: Vec<String>,
        /// The signature text, `<…>` included.
        signature: Option<String>,
        /// The body.
        body: Box<Node>,
    },
    /// `| pattern | update [, delete] |`
    Transform {
        /// The locations to change.
        pattern: Box<Node>,
        /// The object merged into each.
        update: Box<Node>,
        /// The fields to delete.
        delete: Option<Box<Node>>,
    },
}

impl Node {
    /// The node's direct children, in source order.
    pub fn children(&self) -> Vec<&Node> {
        match &self.kind {
            NodeKind::String(_)
            | NodeKind::Number(_)
            | NodeKind::Bool(_)
            | NodeKind::Null
            | NodeKind::Name(_)
            | NodeKind::Variable(_)
            | NodeKind::Regex { .. }
            | NodeKind::Wildcard
            | NodeKind::Descendant
            | NodeKind::Parent
            | NodeKind::Placeholder => Vec::new(),
            NodeKind::Negate(e) | NodeKind::KeepArray(e) => vec![e],
            NodeKind::Binary { lhs, rhs, .. }
            | NodeKind::Path { lhs, rhs }
            | NodeKind::Apply { lhs, rhs }
            | NodeKind::Elvis { lhs, rhs }
            | NodeKind::Coalesce { lhs, rhs }
            | NodeKind::Filter {
                lhs,
                predicate: rhs,
            } => vec![lhs, rhs],
            NodeKind::GroupBy { lhs, pairs } => std::iter::once(&**lhs)
                .chain(pairs.iter().flat_map(|(k, v)| [k, v]))
                .collect(),
            NodeKind::Sort { lhs, terms } => std::iter::once(&**lhs)
                .chain(terms.iter().map(|t| &t.expression))
                .collect(),
            NodeKind::Focus { lhs, .. } | NodeKind::Index { lhs, .. } => vec![lhs],
            NodeKind::Bind { value, .. } => vec![value],
            NodeKind::Condition {
                condition,
                then,
                otherwise,
            } => [Some(&**condition), Some(&**then), otherwise.as_deref()]
                .into_iter()
                .flatten()
                .collect(),
            NodeKind::Array(items) | NodeKind::Block(items) => items.iter().collect(),
            NodeKind::Object(pairs) => pairs.iter().flat_map(|(k, v)| [k, v]).collect(),
            NodeKind::Call {
                procedure,
                arguments,
                ..
            } => std::iter::once(&**procedure).chain(arguments).collect(),
            NodeKind::Lambda { body, .. } => vec![body],
            NodeKind::Transform {
                pattern,
                update,
                delete,
            } => [Some(&**pattern), Some(&**update), delete.as_deref()]
                .into_iter()
                .flatten()
                .collect(),
        }
    }
}
