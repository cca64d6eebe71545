//! Nesting: how deeply arrays and objects built by an expression nest. A recursive function
//! can wrap a value a million times over with little work per level, and a value nested that
//! deep could not be written out or even freed without exhausting the stack; the constructors
//! refuse to nest beyond [`MAX_NESTING`] (U1002).

use std::any::Any;
use std::collections::HashMap;
use std::rc::{Rc, Weak};

use super::{error, Fallible};
use crate::value::Value;

/// The deepest nesting a constructor builds.
pub(crate) const MAX_NESTING: u32 = 1000;

/// How many containers' depths are remembered at most.
const MAX_KNOWN: usize = 1 << 16;

/// The depths of containers met so far in one evaluation, by address (the weak reference
/// keeps the address from being reused while the entry stands).
#[derive(Default)]
pub(crate) struct Depths {
    known: HashMap<usize, (Weak<dyn Any>, u32)>,
}

impl Depths {
    /// Fails with U1002 when a container holding `v` would nest too deeply.
    pub fn check(&mut self, v: &Value, position: usize) -> Fallible<()> {
        if self.depth(v, MAX_NESTING) >= MAX_NESTING {
            return Err(error("U1002", position, None));
        }
        Ok(())
    }

    /// The nesting depth of `v` (scalars 0), counted up to `budget` levels.
    fn depth(&mut self, v: &Value, budget: u32) -> u32 {
        let key = match v {
            Value::Array(a) => Rc::as_ptr(a) as *const u8 as usize,
            Value::Object(o) => Rc::as_ptr(o) as *const u8 as usize,
            _ => return 0,
        };
        if let Some((_, d)) = self.known.get(&key) {
            return *d;
        }
        if budget == 0 {
            return MAX_NESTING;
        }
        let (d, known) = match v {
            Value::Array(a) => (
                1 + a
                    .items
                    .iter()
                    .map(|i| self.depth(i, budget - 1))
                    .max()
                    .unwrap_or(0),
                Rc::downgrade(a) as Weak<dyn Any>,
            ),
            Value::Object(o) => (
                1 + o
                    .values()
                    .map(|i| self.depth(i, budget - 1))
                    .max()
                    .unwrap_or(0),
                Rc::downgrade(o) as Weak<dyn Any>,
            ),
            _ => return 0,
        };
        let d = d.min(MAX_NESTING);
        if self.known.len() >= MAX_KNOWN {
            // the weak references keep allocations alive: start afresh rather than grow
            self.known.clear();
        }
        self.known.insert(key, (known, d));
        d
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn depth_counts_levels_and_stops_at_the_limit() {
        let mut depths = Depths::default();
        let mut v = Value::Number(1.0);
        for _ in 0..5 {
            v = Value::array(vec![v]);
        }
        assert_eq!(depths.depth(&v, MAX_NESTING), 5);
        for _ in 0..MAX_NESTING {
            v = Value::array(vec![v]);
        }
        assert!(depths.check(&v, 0).is_err());
    }
}
