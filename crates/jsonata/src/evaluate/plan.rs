//! Plans: the syntax tree rewritten into the form evaluation walks, as jsonata-js rewrites
//! its tree after parsing — location paths become lists of steps carrying their predicates
//! (stages), focus `@` and index `#` bindings, grouping and sort steps; each `%` parent is
//! resolved to the step it climbs to (a label both sides share); a lambda's body has its tail
//! calls marked so that calling them runs in a loop, not deeper.
//!
//! A plan is plain data (`Send + Sync`): it is built once when the expression is parsed.

use std::collections::HashSet;
use std::sync::Arc;

use crate::ast::{self, BinaryOp, NodeKind};
use crate::signature::Signature;
use crate::Error;

/// A name in a plan (a field, a variable, an ancestor label).
pub(crate) type Name = Arc<str>;

/// A node of the plan.
#[derive(Debug, Clone)]
pub(crate) struct Node {
    /// What the node does.
    pub kind: Kind,
    /// Its position in the expression (for errors).
    pub position: usize,
    /// `[]` after it: a singleton result stays an array.
    pub keep_array: bool,
    /// Predicates applied to its value (a node that is not a step of a path).
    pub predicates: Vec<Node>,
    /// Predicates and index bindings applied to its results (a step of a path).
    pub stages: Vec<Stage>,
    /// `{…}` grouping of its results.
    pub group: Option<Box<Group>>,
    /// `@$name`: the step binds its items to the variable and keeps the context.
    pub focus: Option<Name>,
    /// `#$name`: the step binds each item's position.
    pub index: Option<Name>,
    /// The step (or path) runs as a stream of tuples (variable bindings per item).
    pub tuple: bool,
    /// The label a `%` climbing to this step reads its input under.
    pub ancestor: Option<Name>,
    /// An array constructor first or last in a path (not flattened into it).
    pub cons_array: bool,
    /// A path with a `[]` step: its result stays an array.
    pub keep_singleton_array: bool,
    ancestor_slot: Option<usize>,
    seeking: Option<Vec<usize>>,
}

/// A stage after a step.
#[derive(Debug, Clone)]
pub(crate) enum Stage {
    /// A predicate `[…]`.
    Filter(Node),
    /// A `#$name` after predicates.
    Index(Name),
}

/// A grouping `{k: v, …}` (or an object constructor's pairs).
#[derive(Debug, Clone)]
pub(crate) struct Group {
    /// The key/value pairs.
    pub pairs: Vec<(Node, Node)>,
    /// The position of the `{`.
    pub position: usize,
}

/// A function definition: what a lambda value runs.
#[derive(Debug)]
pub(crate) struct LambdaDef {
    /// Parameter names (without `$`).
    pub parameters: Vec<Name>,
    /// The signature, if declared.
    pub signature: Option<Signature>,
    /// The body.
    pub body: Node,
    /// A thunk: the body is a tail call, run by the caller's loop.
    pub thunk: bool,
}

/// A transform's parts.
#[derive(Debug)]
pub(crate) struct TransformDef {
    /// The locations to change.
    pub pattern: Node,
    /// The object merged into each.
    pub update: Node,
    /// The fields to delete.
    pub delete: Option<Node>,
}

/// The kinds of plan node.
#[derive(Debug, Clone)]
pub(crate) enum Kind {
    /// A string literal.
    String(Name),
    /// A number literal.
    Number(f64),
    /// `true`/`false`.
    Bool(bool),
    /// `null`.
    Null,
    /// A field name (a step).
    Name(Name),
    /// `$name` (`""` is the context, `"$"` the root).
    Variable(Name),
    /// A regex literal, compiled.
    Regex(Arc<crate::value::Regex>),
    /// `*`
    Wildcard,
    /// `**`
    Descendant,
    /// `%`: reads the label of the step it climbs to.
    Parent(Name),
    /// `?` in a partial application.
    Placeholder,
    /// Unary minus.
    Negate(Box<Node>),
    /// A binary operator (`and`/`or` short-circuit).
    Binary(BinaryOp, Box<Node>, Box<Node>),
    /// A location path.
    Path(Vec<Node>),
    /// A sort step `^(…)`: (descending, key) terms.
    Sort(Vec<(bool, Node)>),
    /// `$name := value`
    Bind(Name, Box<Node>),
    /// `lhs ~> rhs`
    Apply(Box<Node>, Box<Node>),
    /// `c ? a : b`
    Condition(Box<Node>, Box<Node>, Option<Box<Node>>),
    /// `a ?: b`
    Elvis(Box<Node>, Box<Node>),
    /// `a ?? b`
    Coalesce(Box<Node>, Box<Node>),
    /// `[…]`
    Array(Vec<Node>),
    /// `{…}`
    Object(Box<Group>),
    /// `( a; b )`
    Block(Vec<Node>),
    /// `f(args)`
    Call(Box<Node>, Vec<Node>),
    /// `f(?, args)`
    Partial(Box<Node>, Vec<Node>),
    /// `function($x){…}`
    Lambda(Arc<LambdaDef>),
    /// `| pattern | update, delete |`: a function of one object.
    Transform(Arc<LambdaDef>),
    /// The body of a transform's function (reads its argument from the scope).
    TransformBody(Arc<TransformDef>),
}

/// The name a transform's function binds its argument to.
pub(crate) const TRANSFORM_ARGUMENT: &str = "!transform";

impl Node {
    fn new(kind: Kind, position: usize) -> Node {
        Node {
            kind,
            position,
            keep_array: false,
            predicates: Vec::new(),
            stages: Vec::new(),
            group: None,
            focus: None,
            index: None,
            tuple: false,
            ancestor: None,
            cons_array: false,
            keep_singleton_array: false,
            ancestor_slot: None,
            seeking: None,
        }
    }

    fn path(first: Node) -> Node {
        let position = first.position;
        Node::new(Kind::Path(vec![first]), position)
    }

    fn is_path(&self) -> bool {
        matches!(self.kind, Kind::Path(_))
    }
}

/// The last step of a path, or the node itself when it is not a path.
macro_rules! last_step {
    ($node:expr) => {
        match &mut $node.kind {
            Kind::Path(steps) if !steps.is_empty() => {
                let i = steps.len() - 1;
                &mut steps[i]
            }
            _ => &mut $node,
        }
    };
}

/// A plan built from a syntax tree.
pub(crate) fn build(ast: &ast::Node) -> Result<Node, Error> {
    let mut b = Builder::default();
    mark_keep_arrays(ast, &mut b.keep);
    let mut root = b.process(ast)?;
    let labels: Vec<Name> = b
        .slots
        .iter()
        .map(|s| Name::from(format!("!{}", s.label)))
        .collect();
    label(&mut root, &labels);
    Ok(root)
}

/// The plan of a function body written in JSONata (used for built-in compositions).
pub(crate) fn lambda(parameters: &[&str], body: &str) -> Result<Arc<LambdaDef>, Error> {
    let ast = crate::parser::parse(body)?.0;
    let body = build(&ast)?;
    Ok(Arc::new(LambdaDef {
        parameters: parameters.iter().map(|p| Name::from(*p)).collect(),
        signature: None,
        body: tail_call_optimize(body),
        thunk: false,
    }))
}

#[derive(Debug, Clone, Copy)]
struct Slot {
    label: usize,
    level: i64,
}

#[derive(Default)]
struct Builder {
    slots: Vec<Slot>,
    keep: HashSet<*const ast::Node>,
}

/// Marks the nodes a `[]` applies to (the step under any predicates, as jsonata-js does).
fn mark_keep_arrays(n: &ast::Node, keep: &mut HashSet<*const ast::Node>) {
    if let NodeKind::KeepArray(inner) = &n.kind {
        let mut target: &ast::Node = inner;
        loop {
            match &target.kind {
                NodeKind::Filter { lhs, .. } => target = lhs,
                NodeKind::KeepArray(e) => target = e,
                _ => break,
            }
        }
        keep.insert(target as *const ast::Node);
    }
    for child in n.children() {
        mark_keep_arrays(child, keep);
    }
}

/// jsonata-js `pushAncestry`: `value`'s unresolved `%`s become `result`'s.
fn push_ancestry(result: &mut Option<Vec<usize>>, value: &Node) {
    let mut slots = value.seeking.clone();
    if let (Kind::Parent(_), Some(slot)) = (&value.kind, value.ancestor_slot) {
        slots.get_or_insert_with(Vec::new).push(slot);
    }
    if let Some(slots) = slots {
        result.get_or_insert_with(Vec::new).extend(slots);
    }
}

impl Builder {
    fn boxed(&mut self, n: &ast::Node, into: &mut Node) -> Result<Box<Node>, Error> {
        let node = self.process(n)?;
        push_ancestry(&mut into.seeking, &node);
        Ok(Box::new(node))
    }

    fn list(&mut self, items: &[ast::Node], into: &mut Node) -> Result<Vec<Node>, Error> {
        let mut out = Vec::with_capacity(items.len());
        for item in items {
            let node = self.process(item)?;
            push_ancestry(&mut into.seeking, &node);
            out.push(node);
        }
        Ok(out)
    }

    fn process(&mut self, n: &ast::Node) -> Result<Node, Error> {
        let pos = n.position;
        let keep = self.keep.contains(&(n as *const ast::Node));
        let mut r = Node::new(Kind::Null, pos);
        let mut result = match &n.kind {
            NodeKind::String(s) => Node::new(Kind::String(Name::from(s.as_str())), pos),
            NodeKind::Number(x) => Node::new(Kind::Number(*x), pos),
            NodeKind::Bool(b) => Node::new(Kind::Bool(*b), pos),
            NodeKind::Null => Node::new(Kind::Null, pos),
            NodeKind::Name(name) => {
                let mut step = Node::new(Kind::Name(Name::from(name.as_str())), pos);
                step.keep_array = keep;
                let mut path = Node::path(step);
                path.keep_singleton_array = keep;
                path
            }
            NodeKind::Variable(v) => Node::new(Kind::Variable(Name::from(v.as_str())), pos),
            NodeKind::Regex { pattern, flags } => {
                let compiled = crate::regex::compile(pattern, flags, pos)?;
                Node::new(Kind::Regex(Arc::new(compiled)), pos)
            }
            NodeKind::Wildcard => Node::new(Kind::Wildcard, pos),
            NodeKind::Descendant => Node::new(Kind::Descendant, pos),
            NodeKind::Placeholder => Node::new(Kind::Placeholder, pos),
            NodeKind::Parent => {
                let slot = self.slots.len();
                self.slots.push(Slot {
                    label: slot,
                    level: 1,
                });
                let mut p = Node::new(Kind::Parent(Name::from("")), pos);
                p.ancestor_slot = Some(slot);
                p
            }
            NodeKind::Negate(e) => {
                let inner = self.process(e)?;
                if let Kind::Number(x) = inner.kind {
                    let mut folded = inner;
                    folded.kind = Kind::Number(-x);
                    folded
                } else {
                    push_ancestry(&mut r.seeking, &inner);
                    r.kind = Kind::Negate(Box::new(inner));
                    r
                }
            }
            NodeKind::Binary { op, lhs, rhs } => {
                let l = self.boxed(lhs, &mut r)?;
                let rr = self.boxed(rhs, &mut r)?;
                r.kind = Kind::Binary(*op, l, rr);
                r
            }
            NodeKind::Path { lhs, rhs } => self.path(lhs, rhs)?,
            NodeKind::Filter { lhs, predicate } => {
                let mut result = self.process(lhs)?;
                let is_path = result.is_path();
                let pred = self.process(predicate)?;
                let step = last_step!(result);
                if let Some(slots) = &pred.seeking {
                    for &slot in slots {
                        if self.slots[slot].level == 1 {
                            self.seek_parent(step, slot)?;
                        } else {
                            self.slots[slot].level -= 1;
                        }
                    }
                    push_ancestry(&mut step.seeking, &pred);
                }
                if is_path {
                    step.stages.push(Stage::Filter(pred));
                } else {
                    step.predicates.push(pred);
                }
                result
            }
            NodeKind::KeepArray(e) => self.process(e)?,
            NodeKind::GroupBy { lhs, pairs } => {
                let mut result = self.process(lhs)?;
                let mut ignored = Node::new(Kind::Null, pos);
                let mut out = Vec::with_capacity(pairs.len());
                for (k, v) in pairs {
                    let k = *self.boxed(k, &mut ignored)?;
                    let v = *self.boxed(v, &mut ignored)?;
                    out.push((k, v));
                }
                result.group = Some(Box::new(Group {
                    pairs: out,
                    position: pos,
                }));
                result
            }
            NodeKind::Sort { lhs, terms } => {
                let mut result = self.process(lhs)?;
                if !result.is_path() {
                    result = Node::path(result);
                }
                let mut sort = Node::new(Kind::Null, pos);
                let mut out = Vec::with_capacity(terms.len());
                for t in terms {
                    let e = self.boxed(&t.expression, &mut sort)?;
                    out.push((t.descending, *e));
                }
                sort.kind = Kind::Sort(out);
                if let Kind::Path(steps) = &mut result.kind {
                    steps.push(sort);
                }
                self.resolve_ancestry(&mut result)?;
                result
            }
            NodeKind::Focus { lhs, variable } => {
                let mut result = self.process(lhs)?;
                let step = last_step!(result);
                if keep {
                    step.keep_array = true;
                }
                step.focus = Some(Name::from(variable.as_str()));
                step.tuple = true;
                result
            }
            NodeKind::Index { lhs, variable } => {
                let mut result = self.process(lhs)?;
                if !result.is_path() {
                    let preds = std::mem::take(&mut result.predicates);
                    result.stages.extend(preds.into_iter().map(Stage::Filter));
                    result = Node::path(result);
                }
                let step = last_step!(result);
                let name = Name::from(variable.as_str());
                if step.stages.is_empty() {
                    step.index = Some(name);
                } else {
                    step.stages.push(Stage::Index(name));
                }
                step.tuple = true;
                result
            }
            NodeKind::Bind { variable, value } => {
                let v = self.boxed(value, &mut r)?;
                r.kind = Kind::Bind(Name::from(variable.as_str()), v);
                r
            }
            NodeKind::Apply { lhs, rhs } => {
                let l = self.process(lhs)?;
                let rr = self.process(rhs)?;
                r.keep_array = l.keep_array || rr.keep_array;
                r.kind = Kind::Apply(Box::new(l), Box::new(rr));
                r
            }
            NodeKind::Condition {
                condition,
                then,
                otherwise,
            } => {
                let c = self.boxed(condition, &mut r)?;
                let t = self.boxed(then, &mut r)?;
                let o = match otherwise {
                    Some(o) => Some(self.boxed(o, &mut r)?),
                    None => None,
                };
                r.kind = Kind::Condition(c, t, o);
                r
            }
            NodeKind::Elvis { lhs, rhs } => {
                let l = self.boxed(lhs, &mut r)?;
                let rr = self.boxed(rhs, &mut r)?;
                r.kind = Kind::Elvis(l, rr);
                r
            }
            NodeKind::Coalesce { lhs, rhs } => {
                let l = self.boxed(lhs, &mut r)?;
                let rr = self.boxed(rhs, &mut r)?;
                r.kind = Kind::Coalesce(l, rr);
                r
            }
            NodeKind::Array(items) => {
                let items = self.list(items, &mut r)?;
                r.kind = Kind::Array(items);
                r
            }
            NodeKind::Object(pairs) => {
                let mut out = Vec::with_capacity(pairs.len());
                for (k, v) in pairs {
                    let k = *self.boxed(k, &mut r)?;
                    let v = *self.boxed(v, &mut r)?;
                    out.push((k, v));
                }
                r.kind = Kind::Object(Box::new(Group {
                    pairs: out,
                    position: pos,
                }));
                r
            }
            NodeKind::Block(items) => {
                let items = self.list(items, &mut r)?;
                r.cons_array = items.iter().any(|p| {
                    p.cons_array
                        || matches!(&p.kind, Kind::Path(s) if s.first().is_some_and(|f| f.cons_array))
                });
                r.kind = Kind::Block(items);
                r
            }
            NodeKind::Call {
                procedure,
                arguments,
                partial,
            } => {
                let args = self.list(arguments, &mut r)?;
                let procedure = Box::new(self.process(procedure)?);
                r.kind = if *partial {
                    Kind::Partial(procedure, args)
                } else {
                    Kind::Call(procedure, args)
                };
                r
            }
            NodeKind::Lambda {
                parameters,
                signature,
                body,
            } => {
                let body = self.process(body)?;
                let signature = signature.as_deref().map(Signature::parse).transpose()?;
                Node::new(
                    Kind::Lambda(Arc::new(LambdaDef {
                        parameters: parameters.iter().map(|p| Name::from(p.as_str())).collect(),
                        signature,
                        body: tail_call_optimize(body),
                        thunk: false,
                    })),
                    pos,
                )
            }
            NodeKind::Transform {
                pattern,
                update,
                delete,
            } => {
                let pattern = self.process(pattern)?;
                let update = self.process(update)?;
                let delete = match delete {
                    Some(d) => Some(self.process(d)?),
                    None => None,
                };
                let body = Node::new(
                    Kind::TransformBody(Arc::new(TransformDef {
                        pattern,
                        update,
                        delete,
                    })),
                    pos,
                );
                Node::new(
                    Kind::Transform(Arc::new(LambdaDef {
                        parameters: vec![Name::from(TRANSFORM_ARGUMENT)],
                        signature: Some(Signature::parse("<(oa):o>")?),
                        body,
                        thunk: false,
                    })),
                    pos,
                )
            }
        };
        if keep {
            result.keep_array = true;
        }
        Ok(result)
    }

    /// `lhs.rhs`: the steps of both sides in one path.
    fn path(&mut self, lhs: &ast::Node, rhs: &ast::Node) -> Result<Node, Error> {
        let lstep = self.process(lhs)?;
        let mut result = if lstep.is_path() {
            lstep
        } else {
            let parent = match (&lstep.kind, lstep.ancestor_slot) {
                (Kind::Parent(_), Some(slot)) => Some(vec![slot]),
                _ => None,
            };
            let mut p = Node::path(lstep);
            p.seeking = parent;
            p
        };
        let mut rest = self.process(rhs)?;
        if let Kind::Path(steps) = &mut result.kind {
            if let Kind::Path(more) = rest.kind {
                steps.extend(more);
            } else {
                let preds = std::mem::take(&mut rest.predicates);
                rest.stages.extend(preds.into_iter().map(Stage::Filter));
                steps.push(rest);
            }
            for step in steps.iter_mut() {
                if let Kind::String(s) = &step.kind {
                    step.kind = Kind::Name(s.clone());
                }
            }
            if steps.iter().any(|s| s.keep_array) {
                result.keep_singleton_array = true;
            }
            if let Some(first) = steps.first_mut() {
                if matches!(first.kind, Kind::Array(_)) {
                    first.cons_array = true;
                }
            }
            if let Some(last) = steps.last_mut() {
                if matches!(last.kind, Kind::Array(_)) {
                    last.cons_array = true;
                }
            }
        }
        self.resolve_ancestry(&mut result)?;
        Ok(result)
    }

    /// jsonata-js `seekParent`: climbs `slot` through `node`, marking the step it lands on.
    fn seek_parent(&mut self, node: &mut Node, slot: usize) -> Result<(), Error> {
        match &mut node.kind {
            Kind::Name(_) | Kind::Wildcard => {
                self.slots[slot].level -= 1;
                if self.slots[slot].level == 0 {
                    if let Some(existing) = node.ancestor_slot {
                        self.slots[slot].label = self.slots[existing].label;
                    }
                    node.ancestor_slot = Some(slot);
                    node.tuple = true;
                }
            }
            Kind::Parent(_) => self.slots[slot].level += 1,
            Kind::Block(items) => {
                if let Some(last) = items.last_mut() {
                    node.tuple = true;
                    self.seek_parent(last, slot)?;
                }
            }
            Kind::Path(steps) => {
                node.tuple = true;
                let mut index = steps.len();
                while index > 0 {
                    index -= 1;
                    self.seek_parent(&mut steps[index], slot)?;
                    if self.slots[slot].level <= 0 {
                        break;
                    }
                }
            }
            _ => return Err(Error::new("S0217", node.position, None)),
        }
        Ok(())
    }

    /// jsonata-js `resolveAncestry`: the `%`s of the last step climb the steps before it; what
    /// is left seeks beyond the path.
    fn resolve_ancestry(&mut self, path: &mut Node) -> Result<(), Error> {
        let Kind::Path(steps) = &mut path.kind else {
            return Ok(());
        };
        let Some(last) = steps.last() else {
            return Ok(());
        };
        let mut slots = last.seeking.clone().unwrap_or_default();
        if let (Kind::Parent(_), Some(slot)) = (&last.kind, last.ancestor_slot) {
            slots.push(slot);
        }
        for slot in slots {
            let mut index = steps.len() as isize - 2;
            while self.slots[slot].level > 0 {
                if index < 0 {
                    path.seeking.get_or_insert_with(Vec::new).push(slot);
                    break;
                }
                let mut at = index as usize;
                index -= 1;
                while index >= 0
                    && steps[at].focus.is_some()
                    && steps[index as usize].focus.is_some()
                {
                    at = index as usize;
                    index -= 1;
                }
                self.seek_parent(&mut steps[at], slot)?;
            }
        }
        Ok(())
    }
}

/// jsonata-js `tailCallOptimize`: a call in tail position becomes a thunk.
fn tail_call_optimize(mut body: Node) -> Node {
    match &mut body.kind {
        Kind::Call(..) if body.predicates.is_empty() && body.group.is_none() => {
            let position = body.position;
            Node::new(
                Kind::Lambda(Arc::new(LambdaDef {
                    parameters: Vec::new(),
                    signature: None,
                    body,
                    thunk: true,
                })),
                position,
            )
        }
        Kind::Condition(_, then, otherwise) => {
            let t = std::mem::replace(&mut **then, Node::new(Kind::Null, 0));
            **then = tail_call_optimize(t);
            if let Some(o) = otherwise {
                let e = std::mem::replace(&mut **o, Node::new(Kind::Null, 0));
                **o = tail_call_optimize(e);
            }
            body
        }
        Kind::Block(items) => {
            if let Some(last) = items.pop() {
                items.push(tail_call_optimize(last));
            }
            body
        }
        _ => body,
    }
}

/// Gives every `%` and every step it climbs to its final label.
fn label(node: &mut Node, labels: &[Name]) {
    if let Some(slot) = node.ancestor_slot {
        if let Some(l) = labels.get(slot) {
            match &mut node.kind {
                Kind::Parent(name) => *name = l.clone(),
                _ => node.ancestor = Some(l.clone()),
            }
        }
    }
    for p in &mut node.predicates {
        label(p, labels);
    }
    for s in &mut node.stages {
        if let Stage::Filter(p) = s {
            label(p, labels);
        }
    }
    if let Some(g) = &mut node.group {
        for (k, v) in &mut g.pairs {
            label(k, labels);
            label(v, labels);
        }
    }
    match &mut node.kind {
        Kind::Negate(e) | Kind::Bind(_, e) => label(e, labels),
        Kind::Binary(_, l, r) | Kind::Apply(l, r) | Kind::Elvis(l, r) | Kind::Coalesce(l, r) => {
            label(l, labels);
            label(r, labels);
        }
        Kind::Path(items) | Kind::Array(items) | Kind::Block(items) => {
            for i in items {
                label(i, labels);
            }
        }
        Kind::Sort(terms) => {
            for (_, t) in terms {
                label(t, labels);
            }
        }
        Kind::Condition(c, t, o) => {
            label(c, labels);
            label(t, labels);
            if let Some(o) = o {
                label(o, labels);
            }
        }
        Kind::Object(g) => {
            for (k, v) in &mut g.pairs {
                label(k, labels);
                label(v, labels);
            }
        }
        Kind::Call(p, args) | Kind::Partial(p, args) => {
            label(p, labels);
            for a in args {
                label(a, labels);
            }
        }
        // lambda bodies and transforms are labelled when built (their own `%`s resolve inside)
        Kind::Lambda(def) | Kind::Transform(def) => {
            if let Some(def) = Arc::get_mut(def) {
                label(&mut def.body, labels);
            }
        }
        Kind::TransformBody(def) => {
            if let Some(def) = Arc::get_mut(def) {
                label(&mut def.pattern, labels);
                label(&mut def.update, labels);
                if let Some(d) = &mut def.delete {
                    label(d, labels);
                }
            }
        }
        _ => {}
    }
}
