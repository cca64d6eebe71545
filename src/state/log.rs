//! [`Log`]: an append-only list whose copies are snapshots, for the parts of the state that
//! grow while an execution runs (its history, its invocation records).

use std::cell::{Ref, RefCell};
use std::rc::Rc;

/// An append-only list whose copies are snapshots. A copy costs nothing and keeps seeing the
/// items it had: appending to the newest copy adds to the buffer all copies share (each copy
/// knows how many of its items are its own), so a growing history is neither copied nor
/// compared item by item when the state changes. Appending to an older copy (one that others
/// have grown past) copies its items first.
///
/// Two logs are equal when they are the same items of the same buffer, so comparing them is
/// as cheap as comparing pointers (as [`crate::state::Shared`]).
pub struct Log<T> {
    buffer: Rc<RefCell<Vec<T>>>,
    len: usize,
}

impl<T> Log<T> {
    /// A log of `items`.
    pub fn new(items: Vec<T>) -> Self {
        Self {
            len: items.len(),
            buffer: Rc::new(RefCell::new(items)),
        }
    }

    /// An empty log with room for `capacity` items before its buffer grows. Growing copies
    /// the buffer, in one go: tens of milliseconds for a history of tens of thousands of
    /// events, in the middle of an execution.
    pub fn with_capacity(capacity: usize) -> Self {
        Self::new(Vec::with_capacity(capacity))
    }

    /// Gives back the room reserved past the items (when no snapshot is being read).
    pub fn shrink(&self) {
        if let Ok(mut buffer) = self.buffer.try_borrow_mut() {
            buffer.shrink_to_fit();
        }
    }

    /// How many items it has.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether it has none.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Its items, in order (a borrow: drop it before the log grows).
    pub fn items(&self) -> Ref<'_, [T]> {
        Ref::map(self.buffer.borrow(), |v| &v[..self.len.min(v.len())])
    }

    /// Its last item.
    pub fn last(&self) -> Option<Ref<'_, T>> {
        Ref::filter_map(self.items(), |items| items.last()).ok()
    }

    /// Whether it is `earlier` grown (or as it is): the same buffer, at least as many items.
    pub fn extends(&self, earlier: &Self) -> bool {
        earlier.is_empty() || (Rc::ptr_eq(&self.buffer, &earlier.buffer) && self.len >= earlier.len)
    }

    /// Its first `len` items (all of them when it has fewer): a snapshot sharing its buffer.
    pub fn prefix(&self, len: usize) -> Self {
        Self {
            buffer: self.buffer.clone(),
            len: len.min(self.len),
        }
    }
}

impl<T: Clone> Log<T> {
    /// Appends `items` (in place when this is the newest copy; else after copying its own).
    /// A full buffer grows fourfold, not twofold: each growth copies every item, and a long
    /// execution's history should pay that as few times as it can.
    pub fn extend(&mut self, items: impl IntoIterator<Item = T>) {
        if let Ok(mut buffer) = self.buffer.try_borrow_mut() {
            if buffer.len() == self.len {
                let items = items.into_iter();
                let incoming = items.size_hint().0;
                if buffer.capacity() - buffer.len() < incoming {
                    let room = incoming.max(buffer.capacity() * 3);
                    buffer.reserve(room);
                }
                buffer.extend(items);
                self.len = buffer.len();
                return;
            }
        }
        let mut own = self.items().to_vec();
        own.extend(items);
        *self = Self::new(own);
    }

    /// Appends `item`.
    pub fn push(&mut self, item: T) {
        self.extend(std::iter::once(item));
    }

    /// Its items, copied.
    pub fn to_vec(&self) -> Vec<T> {
        self.items().to_vec()
    }
}

impl<T> Default for Log<T> {
    fn default() -> Self {
        Self::new(Vec::new())
    }
}

impl<T> Clone for Log<T> {
    fn clone(&self) -> Self {
        Self {
            buffer: self.buffer.clone(),
            len: self.len,
        }
    }
}

impl<T> PartialEq for Log<T> {
    fn eq(&self, other: &Self) -> bool {
        self.len == other.len && (self.len == 0 || Rc::ptr_eq(&self.buffer, &other.buffer))
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for Log<T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.items().iter()).finish()
    }
}

impl<T> From<Vec<T>> for Log<T> {
    fn from(items: Vec<T>) -> Self {
        Self::new(items)
    }
}

#[cfg(test)]
mod tests {
    use super::Log;

    #[test]
    fn a_full_buffer_grows_fourfold_and_gives_back_its_room() {
        let mut log = Log::with_capacity(4);
        log.extend([1, 2, 3, 4]);
        log.extend([5]);
        assert!(
            log.buffer.borrow().capacity() >= 16,
            "{}",
            log.buffer.borrow().capacity()
        );
        assert_eq!(&*log.items(), &[1, 2, 3, 4, 5]);
        log.shrink();
        assert_eq!(log.buffer.borrow().capacity(), 5);
        // While a snapshot is being read, nothing moves.
        let items = log.items();
        log.shrink();
        assert_eq!(&*items, &[1, 2, 3, 4, 5]);
    }

    #[test]
    fn copies_are_snapshots() {
        let mut a = Log::new(vec![1, 2]);
        let before = a.clone();
        a.extend([3, 4]);
        assert_eq!(
            (&*before.items(), &*a.items()),
            (&[1, 2][..], &[1, 2, 3, 4][..])
        );
        assert_ne!(before, a);
        assert_eq!(a.prefix(2), before);
        assert!(a.extends(&before) && !before.extends(&a) && a.extends(&Log::default()));
        // Growing an older copy copies it, and leaves the newer one alone.
        let mut old = before.clone();
        old.push(9);
        assert_eq!(&*old.items(), &[1, 2, 9]);
        assert_eq!(&*a.items(), &[1, 2, 3, 4]);
        assert_eq!(a.last().map(|x| *x), Some(4));
        assert_eq!(Log::<u8>::default(), Log::new(vec![]));
    }

    #[test]
    fn growing_the_newest_copy_shares_its_buffer() {
        let mut a = Log::new(Vec::with_capacity(4));
        a.push(1);
        let b = a.clone();
        a.push(2);
        // The same buffer: b is a's first item.
        assert_eq!(a.prefix(1), b);
    }
}
