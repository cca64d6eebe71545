//! The handler Workers: a [`WorkerPool`] for the page keeps a few Workers started ahead of
//! time, and each execution (each [`crate::runtime::lambda::LambdaRunner`]) takes them as its
//! own [`Session`], so one execution's handlers never share a JavaScript realm with another's;
//! the pool starts fresh ones when the session ends.
//!
//! A session queues the invocations asked for in one turn of the event loop and sends them in
//! batches (one message per Worker) to its free Workers (as many as the machine has cores,
//! within bounds); while all are busy, the queue waits for the first one free. One watchdog per session times the invocation each Worker is running: past
//! its function's timeout the Worker is terminated and replaced, that invocation times out, and
//! the ones queued behind it on that Worker are sent to another.

use std::cell::{Cell, RefCell};
use std::rc::{Rc, Weak};

use asl::host::protocol::{self, BatchCall, BatchRequest};
use asl::host::Invocation;
use futures::channel::oneshot;
use gloo::timers::callback::Timeout;

use crate::bindings::browser;
use crate::bindings::worker::{HandlerWorker, Reply};

/// Where the handler runtime is, relative to the page's base URL (works under a sub-path).
pub const HANDLER_HOST_URL: &str = "./handler-host.js";

/// How long a fresh Worker may take to load before its invocations fail.
const STARTUP_LIMIT_MS: f64 = 15_000.0;

/// Fewest Workers a session uses (so a handler waiting for a timer leaves others to run).
const MIN_WORKERS: usize = 2;
/// Most Workers a session uses.
const MAX_WORKERS: usize = 8;
/// A batch smaller than this goes to one Worker (a message costs more than a short handler).
const MIN_SHARE: usize = 32;

/// As many Workers as the machine has cores (`navigator.hardwareConcurrency`), within 2..=8.
pub fn machine_size() -> usize {
    browser::hardware_concurrency().clamp(MIN_WORKERS, MAX_WORKERS)
}

struct PoolInner {
    url: String,
    size: usize,
    /// Workers started ahead of time for the next session.
    spares: RefCell<Vec<HandlerWorker>>,
}

impl PoolInner {
    fn refill(&self) {
        let mut spares = self.spares.borrow_mut();
        while spares.len() < self.size {
            match HandlerWorker::spawn(&self.url) {
                Ok(w) => spares.push(w),
                Err(_) => break,
            }
        }
    }
}

/// The page's Workers; cheap to clone (shared).
#[derive(Clone)]
pub struct WorkerPool {
    inner: Rc<PoolInner>,
}

impl PartialEq for WorkerPool {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.inner, &other.inner)
    }
}

impl WorkerPool {
    /// A pool whose sessions use at most `max` Workers running the script at `url`.
    pub fn new(url: &str, max: usize) -> Self {
        Self {
            inner: Rc::new(PoolInner {
                url: url.into(),
                size: max.max(1),
                spares: RefCell::default(),
            }),
        }
    }

    /// Starts the next session's Workers ahead of time, so its first invocations do not wait
    /// for them to load.
    pub fn warm_up(&self) {
        self.inner.refill();
    }

    /// Completes when the Workers started ahead of time have loaded (or failed to).
    pub async fn ready(&self) {
        let spares: Vec<HandlerWorker> = std::mem::take(&mut *self.inner.spares.borrow_mut());
        for w in &spares {
            let _ = w.ready().await;
        }
        let mut current = self.inner.spares.borrow_mut();
        let extra = std::mem::replace(&mut *current, spares);
        current.extend(extra);
    }

    /// A session with Workers of its own (the ones started ahead of time, more when needed).
    /// When it is dropped, its Workers are terminated and the pool starts fresh ones.
    pub fn session(&self) -> Session {
        let workers = std::mem::take(&mut *self.inner.spares.borrow_mut());
        let session = Session {
            inner: Rc::new(SessionInner {
                pool: Rc::downgrade(&self.inner),
                url: self.inner.url.clone(),
                size: self.inner.size,
                workers: RefCell::new(workers),
                queue: RefCell::default(),
                flush_queued: Cell::new(false),
                watchdog: RefCell::new(None),
                next_id: Cell::new(1),
            }),
        };
        for w in session.inner.workers.borrow().iter() {
            session.watch_idle(w);
        }
        session
    }
}

/// One invocation to send: what the batch message needs.
pub struct Call {
    /// The invocation (shared with the caller, who keeps it for its record).
    pub invocation: Rc<Invocation>,
    /// The function's source.
    pub code: Rc<str>,
    /// A key naming that source for the life of a Worker (the function name and a hash).
    pub key: Rc<str>,
    /// The function's timeout.
    pub timeout_ms: u64,
    tx: oneshot::Sender<Reply>,
}

struct SessionInner {
    pool: Weak<PoolInner>,
    url: String,
    size: usize,
    workers: RefCell<Vec<HandlerWorker>>,
    queue: RefCell<Vec<Call>>,
    flush_queued: Cell<bool>,
    /// The watchdog's timer, and the deadline it was set for.
    watchdog: RefCell<Option<(Timeout, f64)>>,
    next_id: Cell<u64>,
}

impl Drop for SessionInner {
    fn drop(&mut self) {
        self.workers.borrow_mut().clear();
        if let Some(pool) = self.pool.upgrade() {
            pool.refill();
        }
    }
}

/// The Workers of one execution; cheap to clone (shared).
#[derive(Clone)]
pub struct Session {
    inner: Rc<SessionInner>,
}

impl Session {
    /// Queues one invocation; it goes out with the others asked for in this turn of the event
    /// loop. The receiver gets the Worker's reply.
    pub fn submit(
        &self,
        invocation: Rc<Invocation>,
        code: Rc<str>,
        key: Rc<str>,
        timeout_ms: u64,
    ) -> oneshot::Receiver<Reply> {
        let (tx, rx) = oneshot::channel();
        self.inner.queue.borrow_mut().push(Call {
            invocation,
            code,
            key,
            timeout_ms,
            tx,
        });
        self.schedule_flush();
        rx
    }

    /// Flushes in a microtask: after the engine has asked for everything it can in this turn.
    fn schedule_flush(&self) {
        if !self.inner.flush_queued.replace(true) {
            let weak = Rc::downgrade(&self.inner);
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(inner) = weak.upgrade() {
                    inner.flush_queued.set(false);
                    Session { inner }.flush();
                }
            });
        }
    }

    /// Sends the queued invocations to the Workers that have nothing to do (starting more, up
    /// to the session's size, when none is free). While every Worker is busy they wait: a
    /// Worker runs one invocation at a time anyway, and one bigger batch when it is free costs
    /// the page one message instead of many small ones.
    fn flush(&self) {
        let n = self.inner.queue.borrow().len();
        if n == 0 {
            return;
        }
        let shares = self.shares(n);
        if shares.is_empty() {
            return;
        }
        let calls = std::mem::take(&mut *self.inner.queue.borrow_mut());
        let mut calls = calls.into_iter();
        for (index, count) in shares {
            let batch: Vec<Call> = calls.by_ref().take(count).collect();
            self.send(index, batch);
        }
        self.arm_watchdog();
    }

    /// Which free Workers (by index) take how many of `n` invocations, starting Workers as
    /// needed; empty when every Worker is busy. A batch smaller than [`MIN_SHARE`] per Worker
    /// is not split further.
    fn shares(&self, n: usize) -> Vec<(usize, usize)> {
        let mut workers = self.inner.workers.borrow_mut();
        // Retired or broken Workers with nothing left to answer are dropped (terminated).
        workers.retain(|w| w.usable() || w.in_flight() > 0);
        let wanted = n.div_ceil(MIN_SHARE).clamp(1, self.inner.size);
        let mut free: Vec<usize> = (0..workers.len())
            .filter(|&i| workers[i].usable() && workers[i].in_flight() == 0)
            .take(wanted)
            .collect();
        let usable = workers.iter().filter(|w| w.usable()).count();
        let room = self.inner.size.saturating_sub(usable);
        for _ in 0..wanted.saturating_sub(free.len()).min(room) {
            match HandlerWorker::spawn(&self.inner.url) {
                Ok(w) => {
                    self.watch_idle(&w);
                    workers.push(w);
                    free.push(workers.len() - 1);
                }
                Err(_) => break,
            }
        }
        if free.is_empty() {
            if usable == 0 {
                // No Worker at all, and none can start: fail them (see `send`).
                return vec![(usize::MAX, n)];
            }
            return vec![];
        }
        let k = free.len();
        free.into_iter()
            .enumerate()
            .map(|(j, i)| (i, n / k + usize::from(j < n % k)))
            .filter(|&(_, c)| c > 0)
            .collect()
    }

    /// Flushes again when `worker` becomes free.
    fn watch_idle(&self, worker: &HandlerWorker) {
        let weak = Rc::downgrade(&self.inner);
        worker.on_idle(move || {
            if let Some(inner) = weak.upgrade() {
                Session { inner }.schedule_flush();
            }
        });
    }

    /// Sends `batch` to Worker `index` (or fails it, when there is none).
    fn send(&self, index: usize, batch: Vec<Call>) {
        let workers = self.inner.workers.borrow();
        let Some(worker) = workers.get(index) else {
            for call in batch {
                let _ = call.tx.send(Reply::Broken(
                    "the handler runtime could not be started".into(),
                ));
            }
            return;
        };
        let mut request = BatchRequest::new();
        let mut calls = Vec::with_capacity(batch.len());
        for call in batch {
            if worker.needs_source(&call.key) {
                request.add_code(&call.key, &call.code);
            }
            let id = self.inner.next_id.get();
            self.inner.next_id.set(id + 1);
            let secret = browser::secret();
            let version = protocol::function_version(call.invocation.qualifier.as_deref());
            let log_stream = worker.log_stream(&version);
            request.add(&BatchCall {
                id,
                secret: &secret,
                key: &call.key,
                invocation: &call.invocation,
                log_stream: &log_stream,
                timeout_ms: call.timeout_ms,
            });
            calls.push((id, secret, call.timeout_ms, call.tx));
        }
        worker.send(&request.to_json(), calls);
    }

    /// Arms the watchdog for the earliest deadline of the running invocations, if any. A
    /// timer already set for that deadline or an earlier one stays (if it fires early, the
    /// watch finds nothing due and sets the next): a Map sends thousands of batches, and
    /// each used to cost a new timer.
    fn arm_watchdog(&self) {
        let now = browser::monotonic_ms();
        let earliest = self
            .inner
            .workers
            .borrow()
            .iter()
            .filter_map(|w| w.running())
            .map(|r| deadline(&r))
            .fold(f64::INFINITY, f64::min);
        if !earliest.is_finite() {
            *self.inner.watchdog.borrow_mut() = None;
            return;
        }
        if matches!(&*self.inner.watchdog.borrow(), Some((_, set_for)) if *set_for <= earliest) {
            return;
        }
        let delay = (earliest - now).clamp(1.0, f64::from(u32::MAX)) as u32;
        let weak = Rc::downgrade(&self.inner);
        let timer = Timeout::new(delay, move || {
            if let Some(inner) = weak.upgrade() {
                Session { inner }.watch();
            }
        });
        // Replacing the previous timer cancels it.
        *self.inner.watchdog.borrow_mut() = Some((timer, earliest));
    }

    /// Times out what ran too long (or did not load), then re-arms.
    fn watch(&self) {
        // this timer has fired: the next arming sets a new one
        *self.inner.watchdog.borrow_mut() = None;
        let now = browser::monotonic_ms();
        {
            let mut workers = self.inner.workers.borrow_mut();
            let mut expired = Vec::new();
            for (i, w) in workers.iter().enumerate() {
                if let Some(r) = w.running() {
                    if now >= deadline(&r) {
                        if r.loading {
                            w.fail("the handler runtime did not start".into());
                        } else {
                            w.time_out();
                        }
                        expired.push(i);
                    }
                }
            }
            // Terminated now (dropping a Worker terminates it); fresh ones start when needed.
            for i in expired.into_iter().rev() {
                workers.remove(i);
            }
        }
        self.arm_watchdog();
        self.schedule_flush();
    }
}

/// When the running invocation `r` is due.
fn deadline(r: &crate::bindings::worker::Running) -> f64 {
    if r.loading {
        r.since + STARTUP_LIMIT_MS
    } else {
        r.since + r.timeout_ms as f64
    }
}
