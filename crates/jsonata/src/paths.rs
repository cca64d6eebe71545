//! Paths: the checks jsonata-js makes while it rewrites the tree into path steps after
//! parsing (literal steps, predicates and grouping on a step, focus bindings, and whether
//! each `%` parent can be derived from the steps before it).

use crate::ast::{Node, NodeKind};
use crate::error::Error;

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
enum Kind {
    #[default]
    Other,
    Path,
    Parent,
    Name,
    Wildcard,
    Block,
    Sort,
    Number,
    Value,
}

/// A step as jsonata-js sees it, reduced to what the checks need.
#[derive(Debug, Default)]
struct Step {
    kind: Kind,
    position: usize,
    steps: Vec<Step>,
    seeking: Option<Vec<usize>>,
    slot: usize,
    group: bool,
    filtered: bool,
    focus: bool,
}

impl Step {
    fn new(kind: Kind, position: usize) -> Step {
        Step {
            kind,
            position,
            ..Step::default()
        }
    }

    fn path(first: Step) -> Step {
        let position = first.position;
        Step {
            kind: Kind::Path,
            position,
            steps: vec![first],
            ..Step::default()
        }
    }

    fn last_or_self(&mut self) -> &mut Step {
        if self.kind == Kind::Path && !self.steps.is_empty() {
            let i = self.steps.len() - 1;
            &mut self.steps[i]
        } else {
            self
        }
    }
}

/// Runs jsonata-js's post-parse checks on `ast`; `missing_end` is where the parser met the
/// end of the text in place of an operand (S0207 when the checks reach it).
pub(crate) fn check(ast: &Node, missing_end: Option<usize>) -> Result<(), Error> {
    let mut c = Checker {
        levels: Vec::new(),
        missing_end,
    };
    let top = c.process(ast)?;
    if top.kind == Kind::Parent || top.seeking.is_some() {
        return Err(Error::new("S0217", top.position, None));
    }
    Ok(())
}

struct Checker {
    /// The level each `%` still has to climb.
    levels: Vec<i64>,
    missing_end: Option<usize>,
}

fn push_ancestry(result: &mut Step, value: &Step) {
    if value.seeking.is_some() || value.kind == Kind::Parent {
        let mut slots = value.seeking.clone().unwrap_or_default();
        if value.kind == Kind::Parent {
            slots.push(value.slot);
        }
        result.seeking.get_or_insert_with(Vec::new).extend(slots);
    }
}

impl Checker {
    fn each<'a>(
        &mut self,
        result: &mut Step,
        nodes: impl IntoIterator<Item = &'a Node>,
    ) -> Result<(), Error> {
        for n in nodes {
            let s = self.process(n)?;
            push_ancestry(result, &s);
        }
        Ok(())
    }

    fn process(&mut self, n: &Node) -> Result<Step, Error> {
        let pos = n.position;
        Ok(match &n.kind {
            NodeKind::Number(_) => Step::new(Kind::Number, pos),
            // the parser's stand-in for a missing operand (a literal `null` never ends there)
            NodeKind::Null if self.missing_end == Some(pos) => {
                return Err(Error::new("S0207", pos, None));
            }
            NodeKind::Bool(_) | NodeKind::Null => Step::new(Kind::Value, pos),
            NodeKind::Name(_) => Step::path(Step::new(Kind::Name, pos)),
            NodeKind::Wildcard => Step::new(Kind::Wildcard, pos),
            NodeKind::String(_)
            | NodeKind::Variable(_)
            | NodeKind::Regex { .. }
            | NodeKind::Descendant
            | NodeKind::Placeholder => Step::new(Kind::Other, pos),
            NodeKind::Parent => {
                let mut s = Step::new(Kind::Parent, pos);
                s.slot = self.levels.len();
                self.levels.push(1);
                s
            }
            NodeKind::Negate(e) => {
                let inner = self.process(e)?;
                if inner.kind == Kind::Number {
                    return Ok(inner);
                }
                let mut r = Step::new(Kind::Other, pos);
                push_ancestry(&mut r, &inner);
                r
            }
            NodeKind::Binary { lhs, rhs, .. } => {
                let mut r = Step::new(Kind::Other, pos);
                self.each(&mut r, [&**lhs, &**rhs])?;
                r
            }
            NodeKind::Path { lhs, rhs } => {
                let lstep = self.process(lhs)?;
                let mut result = if lstep.kind == Kind::Path {
                    lstep
                } else {
                    let parent = (lstep.kind == Kind::Parent).then_some(lstep.slot);
                    let mut r = Step::path(lstep);
                    if let Some(slot) = parent {
                        r.seeking = Some(vec![slot]);
                    }
                    r
                };
                let rest = self.process(rhs)?;
                if rest.kind == Kind::Path {
                    result.steps.extend(rest.steps);
                } else {
                    result.steps.push(rest);
                }
                if let Some(bad) = result
                    .steps
                    .iter()
                    .find(|s| matches!(s.kind, Kind::Number | Kind::Value))
                {
                    return Err(Error::new("S0213", bad.position, None));
                }
                self.resolve(&mut result)?;
                result
            }
            NodeKind::Filter { lhs, predicate } => {
                let mut result = self.process(lhs)?;
                let step = result.last_or_self();
                if step.group {
                    return Err(Error::new("S0209", pos, None));
                }
                let pred = self.process(predicate)?;
                if let Some(slots) = &pred.seeking {
                    for &slot in slots {
                        if self.levels[slot] == 1 {
                            self.seek_parent(step, slot)?;
                        } else {
                            self.levels[slot] -= 1;
                        }
                    }
                    push_ancestry(step, &pred);
                }
                step.filtered = true;
                result
            }
            NodeKind::KeepArray(e) => self.process(e)?,
            NodeKind::GroupBy { lhs, pairs } => {
                let mut result = self.process(lhs)?;
                if result.group {
                    return Err(Error::new("S0210", pos, None));
                }
                let mut ignored = Step::default();
                for (k, v) in pairs {
                    self.each(&mut ignored, [k, v])?;
                }
                result.group = true;
                result
            }
            NodeKind::Sort { lhs, terms } => {
                let mut result = self.process(lhs)?;
                if result.kind != Kind::Path {
                    result = Step::path(result);
                }
                let mut sort = Step::new(Kind::Sort, pos);
                self.each(&mut sort, terms.iter().map(|t| &t.expression))?;
                result.steps.push(sort);
                self.resolve(&mut result)?;
                result
            }
            NodeKind::Focus { lhs, .. } => {
                let mut result = self.process(lhs)?;
                let step = result.last_or_self();
                if step.filtered {
                    return Err(Error::new("S0215", pos, None));
                }
                if step.kind == Kind::Sort {
                    return Err(Error::new("S0216", pos, None));
                }
                step.focus = true;
                result
            }
            NodeKind::Index { lhs, .. } => {
                let result = self.process(lhs)?;
                if result.kind == Kind::Path {
                    result
                } else {
                    Step::path(result)
                }
            }
            NodeKind::Bind { value, .. } => {
                let mut r = Step::new(Kind::Other, pos);
                self.each(&mut r, [&**value])?;
                r
            }
            NodeKind::Apply { lhs, rhs } => {
                self.process(lhs)?;
                self.process(rhs)?;
                Step::new(Kind::Other, pos)
            }
            NodeKind::Condition {
                condition,
                then,
                otherwise,
            } => {
                let mut r = Step::new(Kind::Other, pos);
                self.each(&mut r, [&**condition, &**then])?;
                self.each(&mut r, otherwise.iter().map(|e| &**e))?;
                r
            }
            NodeKind::Elvis { lhs, rhs } | NodeKind::Coalesce { lhs, rhs } => {
                let mut r = Step::new(Kind::Other, pos);
                self.each(&mut r, [&**lhs, &**rhs])?;
                r
            }
            NodeKind::Array(items) => {
                let mut r = Step::new(Kind::Other, pos);
                self.each(&mut r, items)?;
                r
            }
            NodeKind::Object(pairs) => {
                let mut r = Step::new(Kind::Other, pos);
                for (k, v) in pairs {
                    self.each(&mut r, [k, v])?;
                }
                r
            }
            NodeKind::Block(items) => {
                let mut r = Step::new(Kind::Block, pos);
                for item in items {
                    let s = self.process(item)?;
                    push_ancestry(&mut r, &s);
                    r.steps.push(s);
                }
                r
            }
            NodeKind::Call {
                procedure,
                arguments,
                ..
            } => {
                let mut r = Step::new(Kind::Other, pos);
                self.each(&mut r, arguments)?;
                self.process(procedure)?;
                r
            }
            NodeKind::Lambda { body, .. } => {
                self.process(body)?;
                Step::new(Kind::Other, pos)
            }
            NodeKind::Transform {
                pattern,
                update,
                delete,
            } => {
                self.process(pattern)?;
                self.process(update)?;
                if let Some(d) = delete {
                    self.process(d)?;
                }
                Step::new(Kind::Other, pos)
            }
        })
    }

    /// jsonata-js `seekParent`: climbs `slot` through `node`.
    fn seek_parent(&mut self, node: &Step, slot: usize) -> Result<(), Error> {
        match node.kind {
            Kind::Name | Kind::Wildcard => self.levels[slot] -= 1,
            Kind::Parent => self.levels[slot] += 1,
            Kind::Block => {
                if let Some(last) = node.steps.last() {
                    self.seek_parent(last, slot)?;
                }
            }
            Kind::Path => {
                let mut index = node.steps.len();
                while index > 0 {
                    index -= 1;
                    self.seek_parent(&node.steps[index], slot)?;
                    if self.levels[slot] <= 0 {
                        break;
                    }
                }
            }
            _ => return Err(Error::new("S0217", node.position, None)),
        }
        Ok(())
    }

    /// jsonata-js `resolveAncestry`: the `%` of the last step climb the steps before it.
    fn resolve(&mut self, path: &mut Step) -> Result<(), Error> {
        let Some(last) = path.steps.last() else {
            return Ok(());
        };
        let mut slots = last.seeking.clone().unwrap_or_default();
        if last.kind == Kind::Parent {
            slots.push(last.slot);
        }
        for slot in slots {
            let mut index = path.steps.len() as isize - 2;
            while self.levels[slot] > 0 {
                if index < 0 {
                    path.seeking.get_or_insert_with(Vec::new).push(slot);
                    break;
                }
                let mut at = index as usize;
                index -= 1;
                while index >= 0 && path.steps[at].focus && path.steps[index as usize].focus {
                    at = index as usize;
                    index -= 1;
                }
                self.seek_parent(&path.steps[at], slot)?;
            }
        }
        Ok(())
    }
}
