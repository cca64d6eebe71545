//! A small pool of handler Workers: one invocation at a time per Worker, a few Workers so Map
//! iterations run side by side. A Worker that timed out or broke is terminated and replaced.

use std::cell::{Cell, RefCell};
use std::collections::VecDeque;
use std::rc::Rc;

use futures::channel::oneshot;

use crate::bindings::worker::HandlerWorker;

/// Where the handler runtime is, relative to the page's base URL (works under a sub-path).
pub const HANDLER_HOST_URL: &str = "./handler-host.js";

struct Inner {
    url: String,
    max: usize,
    idle: RefCell<Vec<HandlerWorker>>,
    live: Cell<usize>,
    waiters: RefCell<VecDeque<oneshot::Sender<Result<HandlerWorker, String>>>>,
}

impl Inner {
    fn spawn(&self) -> Result<HandlerWorker, String> {
        let worker = HandlerWorker::spawn(&self.url)?;
        self.live.set(self.live.get() + 1);
        Ok(worker)
    }

    fn put_back(&self, mut worker: HandlerWorker) {
        loop {
            let Some(tx) = self.waiters.borrow_mut().pop_front() else {
                break;
            };
            match tx.send(Ok(worker)) {
                Ok(()) => return,
                Err(Ok(w)) => worker = w,
                Err(Err(_)) => return,
            }
        }
        self.idle.borrow_mut().push(worker);
    }

    fn discard(&self, worker: HandlerWorker) {
        drop(worker); // terminates it
        self.live.set(self.live.get().saturating_sub(1));
        // Someone may be waiting for a Worker: start a fresh one for them.
        let waiter = self.waiters.borrow_mut().pop_front();
        if let Some(tx) = waiter {
            match self.spawn() {
                Ok(w) => {
                    if let Err(Ok(w)) = tx.send(Ok(w)) {
                        self.put_back(w);
                    }
                }
                Err(e) => {
                    let _ = tx.send(Err(e));
                }
            }
        }
    }
}

/// The pool; cheap to clone (shared).
#[derive(Clone)]
pub struct WorkerPool {
    inner: Rc<Inner>,
}

impl PartialEq for WorkerPool {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

/// A Worker borrowed from the pool. [`Lease::release`] gives it back; dropping the lease
/// without releasing (an invocation abandoned midway) terminates the Worker.
pub struct Lease {
    worker: Option<HandlerWorker>,
    pool: Rc<Inner>,
}

impl Lease {
    /// The Worker.
    pub fn worker(&self) -> Option<&HandlerWorker> {
        self.worker.as_ref()
    }

    /// Gives the Worker back for the next invocation.
    pub fn release(mut self) {
        if let Some(w) = self.worker.take() {
            self.pool.put_back(w);
        }
    }

    /// Terminates the Worker (it timed out or broke); a fresh one replaces it when needed.
    pub fn discard(mut self) {
        if let Some(w) = self.worker.take() {
            self.pool.discard(w);
        }
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        if let Some(w) = self.worker.take() {
            self.pool.discard(w);
        }
    }
}

impl WorkerPool {
    /// A pool of at most `max` Workers running the script at `url`.
    pub fn new(url: &str, max: usize) -> Self {
        Self {
            inner: Rc::new(Inner {
                url: url.into(),
                max: max.max(1),
                idle: RefCell::default(),
                live: Cell::new(0),
                waiters: RefCell::default(),
            }),
        }
    }

    /// Starts one Worker ahead of time, so the first invocation does not wait for it to load.
    pub fn warm_up(&self) {
        if self.inner.live.get() == 0 {
            if let Ok(w) = self.inner.spawn() {
                self.inner.put_back(w);
            }
        }
    }

    /// Borrows an idle Worker, starts a new one, or waits for one to come back.
    pub async fn acquire(&self) -> Result<Lease, String> {
        let lease = |w| Lease {
            worker: Some(w),
            pool: self.inner.clone(),
        };
        let idle = self.inner.idle.borrow_mut().pop();
        if let Some(w) = idle {
            return Ok(lease(w));
        }
        if self.inner.live.get() < self.inner.max {
            return self.inner.spawn().map(lease);
        }
        let (tx, rx) = oneshot::channel();
        self.inner.waiters.borrow_mut().push_back(tx);
        match rx.await {
            Ok(result) => result.map(lease),
            Err(_) => Err("the handler runtime pool was shut down".into()),
        }
    }
}
