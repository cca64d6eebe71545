//! Step-through debugging: breakpoints and stepping, on top of the interpreter's
//! [`asl::Observer::before_state`]. Before each state (in every Map iteration and Parallel
//! branch) the execution asks whether to wait; it waits while the state has a breakpoint or
//! a step was asked for, until Step (let one waiting state go on, and pause before the next)
//! or Continue (let all go on, up to the next breakpoint).
//!
//! Stepping one *history event* at a time needs nothing more from the execution: the page
//! shows it as of a cursor event (`crate::state::cursor`) and reveals the events recorded
//! before the pause one by one, asking for a Step here only when none is held back.

use std::cell::RefCell;
use std::collections::BTreeSet;
use std::rc::Rc;

use asl::host::LocalBoxFuture;
use futures::channel::oneshot;

#[derive(Default)]
struct Inner {
    breakpoints: BTreeSet<String>,
    /// Pause before the next state, whichever it is.
    stepping: bool,
    /// The states waiting, in the order they paused.
    waiting: Vec<(String, oneshot::Sender<()>)>,
}

/// The debugger of one execution (cheap to clone; clones share it).
#[derive(Clone, Default)]
pub struct Debugger {
    inner: Rc<RefCell<Inner>>,
}

impl Debugger {
    /// A debugger with these breakpoints; `stepping` pauses before the first state too.
    pub fn new(breakpoints: BTreeSet<String>, stepping: bool) -> Self {
        Self {
            inner: Rc::new(RefCell::new(Inner {
                breakpoints,
                stepping,
                waiting: Vec::new(),
            })),
        }
    }

    /// Replaces the breakpoints (they take effect for states not entered yet).
    pub fn set_breakpoints(&self, breakpoints: BTreeSet<String>) {
        self.inner.borrow_mut().breakpoints = breakpoints;
    }

    /// The states waiting, in the order they paused.
    pub fn paused(&self) -> Vec<String> {
        self.inner
            .borrow()
            .waiting
            .iter()
            .map(|(name, _)| name.clone())
            .collect()
    }

    /// Lets the state that paused first go on; the next state to start pauses again.
    pub fn step(&self) {
        let mut inner = self.inner.borrow_mut();
        inner.stepping = true;
        if !inner.waiting.is_empty() {
            let (_, go) = inner.waiting.remove(0);
            let _ = go.send(());
        }
    }

    /// Lets every waiting state go on, up to the next breakpoint.
    pub fn resume(&self) {
        let mut inner = self.inner.borrow_mut();
        inner.stepping = false;
        for (_, go) in inner.waiting.drain(..) {
            let _ = go.send(());
        }
    }

    /// Asked before `state` starts: a future that resolves when it may go on, or `None`
    /// when it need not wait.
    pub fn before(&self, state: &str) -> Option<LocalBoxFuture<'static, ()>> {
        let mut inner = self.inner.borrow_mut();
        if !inner.stepping && !inner.breakpoints.contains(state) {
            return None;
        }
        let (go, wait) = oneshot::channel();
        inner.waiting.push((state.to_string(), go));
        Some(Box::pin(async move {
            let _ = wait.await;
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn breakpoints_steps_and_continue() {
        let d = Debugger::new(["B".to_string()].into(), false);
        assert!(d.before("A").is_none());
        let b1 = d.before("B").expect("breakpoint");
        let b2 = d.before("B").expect("breakpoint (another iteration)");
        assert_eq!(d.paused(), ["B", "B"]);
        d.step();
        assert_eq!(d.paused(), ["B"]);
        asl::block_on(b1);
        // Stepping: the next state pauses too.
        let c = d.before("C").expect("step");
        d.resume();
        assert!(d.paused().is_empty());
        asl::block_on(b2);
        asl::block_on(c);
        assert!(d.before("C").is_none());
    }
}
