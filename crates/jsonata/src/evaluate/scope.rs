//! Scopes: the frames variables are bound in. A block, a function call and each tuple of a
//! path get a frame of their own whose parent is the scope around them; a lambda keeps the
//! frame it was defined in.

use std::cell::RefCell;
use std::rc::Rc;

use super::plan::Name;
use crate::value::Value;

/// A frame of variable bindings.
#[derive(Debug)]
pub(crate) struct Frame {
    vars: RefCell<Vec<(Name, Value)>>,
    parent: Option<Env>,
}

#[cfg(test)]
thread_local! {
    /// Frames alive on this thread (tests check that an evaluation frees all it made).
    pub(crate) static LIVE: std::cell::Cell<isize> = const { std::cell::Cell::new(0) };
}

impl Frame {
    fn new(vars: Vec<(Name, Value)>, parent: Option<Env>) -> Env {
        #[cfg(test)]
        LIVE.with(|n| n.set(n.get() + 1));
        Rc::new(Frame {
            vars: RefCell::new(vars),
            parent,
        })
    }
}

#[cfg(test)]
impl Drop for Frame {
    fn drop(&mut self) {
        LIVE.with(|n| n.set(n.get() - 1));
    }
}

/// A scope: the innermost frame.
pub(crate) type Env = Rc<Frame>;

impl Frame {
    /// The outermost frame (the caller's bindings and the library lie beyond it).
    pub fn root() -> Env {
        Frame::new(Vec::new(), None)
    }

    /// A new empty frame inside `parent`.
    pub fn child(parent: &Env) -> Env {
        Frame::new(Vec::new(), Some(parent.clone()))
    }

    /// A new frame inside `parent` holding `vars`.
    pub fn with(parent: &Env, vars: Vec<(Name, Value)>) -> Env {
        Frame::new(vars, Some(parent.clone()))
    }

    /// Binds (or rebinds) `name` in this frame.
    pub fn bind(&self, name: &Name, value: Value) {
        let mut vars = self.vars.borrow_mut();
        if let Some(slot) = vars.iter_mut().find(|(n, _)| **n == **name) {
            slot.1 = value;
        } else {
            vars.push((name.clone(), value));
        }
    }

    /// The value of `name` in this scope, if bound here or in a parent frame.
    pub fn lookup(&self, name: &str) -> Option<Value> {
        let mut frame = self;
        loop {
            if let Some((_, v)) = frame.vars.borrow().iter().rev().find(|(n, _)| &**n == name) {
                return Some(v.clone());
            }
            match &frame.parent {
                Some(p) => frame = p,
                None => return None,
            }
        }
    }

    /// Drops every binding (breaks the cycles a recursive function makes with its frame).
    pub fn clear(&self) {
        if let Ok(mut vars) = self.vars.try_borrow_mut() {
            vars.clear();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inner_frames_shadow_outer_ones() {
        let root = Frame::root();
        root.bind(&Name::from("a"), Value::Number(1.0));
        let inner = Frame::child(&root);
        assert_eq!(inner.lookup("a").and_then(|v| v.as_number()), Some(1.0));
        inner.bind(&Name::from("a"), Value::Number(2.0));
        assert_eq!(inner.lookup("a").and_then(|v| v.as_number()), Some(2.0));
        assert_eq!(root.lookup("a").and_then(|v| v.as_number()), Some(1.0));
        assert!(inner.lookup("b").is_none());
    }
}
