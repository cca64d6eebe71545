//! The Node.js handler hosts of one run and the invocations they owe: a small pool of
//! processes, fed pipelined batches of requests.
//!
//! A handler host runs one invocation at a time, in the order it received them, so the
//! invocation at the head of a process's in-flight list is the one running, since the
//! previous answer arrived (or since it was sent, if the process was idle). The function
//! timeout counts from then: a per-process watchdog thread kills a process whose head runs
//! past it; that invocation times out and the ones queued behind it are sent again (to
//! another process, or a fresh one). A process that exits on its own fails its head with
//! `Runtime.ExitError` and the others are sent again likewise.
//!
//! How much a process gets at once (its window) follows how long its handlers take: many
//! requests for quick ones (the tutorial's handler takes microseconds, so each batch of
//! requests and each batch of answers crosses the pipe once), a few for slow ones, whose
//! waiting invocations stay here to go to a second process. Processes start lazily: the
//! first when an invocation is waiting, another (up to the machine's parallelism) only when
//! invocations are waiting and every process is busy with a handler that takes a while.
//! Each start costs Node.js ~40 ms of CPU time, which a quick handler never repays.
//!
//! Shared by the interpreter's thread (which registers invocations and dispatches them), the
//! reader thread of each process (which delivers answers and wakes their invocations) and
//! the watchdogs, behind one mutex.

use std::collections::{HashMap, VecDeque};
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::task::Waker;
use std::thread;
use std::time::{Duration, Instant};

use asl::host::{protocol as shared_protocol, Invocation, InvocationOutcome, InvocationResult};

use crate::process::NodeProcess;
use crate::protocol::{self, result, runtime_failure, Reply};

/// How long a fresh Node.js process may take to say `ready`.
const STARTUP_TIMEOUT: Duration = Duration::from_secs(15);

/// A handler that runs at least this long makes its process "slow": invocations waiting
/// behind it may start another process.
const SLOW: Duration = Duration::from_millis(50);

/// The same for a process's first invocation, which also loads the handler and warms up
/// Node.js (~10 ms for the tutorial's handler; more on a busy machine).
const SLOW_FIRST: Duration = Duration::from_millis(250);

/// How much handler time a process may have queued ahead (its window is this divided by the
/// last handler's duration).
const PIPELINE_MS: f64 = 20.0;

/// The window of a process that has not answered yet.
const FIRST_WINDOW: usize = 8;

/// The largest window.
const MAX_WINDOW: usize = 1024;

/// How the pool starts processes.
pub struct Config {
    /// The `node` executable.
    pub node: PathBuf,
    /// The handler host script.
    pub script: PathBuf,
    /// The function timeout.
    pub timeout: Duration,
    /// At most this many processes at once (at least 1).
    pub max_processes: usize,
}

impl Config {
    fn timeout_ms(&self) -> u64 {
        u64::try_from(self.timeout.as_millis()).unwrap_or(u64::MAX)
    }
}

/// The pool, shared with the reader and watchdog threads.
pub struct Shared {
    state: Mutex<Pool>,
    /// Watchdogs wait on it (with their deadline); notified when the pool shuts down.
    changed: Condvar,
    config: Config,
}

/// Where an invocation is.
enum CallState {
    /// Waiting for a process.
    Queued,
    /// Sent to process `proc`.
    Sent { proc: u64 },
    /// Over.
    Done(InvocationResult),
}

/// One invocation the pool owes an answer.
struct Call {
    invocation: Invocation,
    code: String,
    state: CallState,
    /// Woken when it is over (or should dispatch waiting invocations).
    waker: Option<Waker>,
}

/// One Node.js process.
struct Proc {
    id: u64,
    process: NodeProcess,
    /// Its Lambda log stream (its "container").
    log_stream: String,
    ready: bool,
    spawned: Instant,
    /// The invocations sent and not answered, in the order sent; the first is running.
    in_flight: VecDeque<u64>,
    /// Since when the first of `in_flight` runs.
    head_since: Instant,
    /// How long its handlers take, in milliseconds: a moving average (so that one pause of
    /// the machine does not count), not counting the first invocation (a cold start).
    last_ms: Option<f64>,
    /// How many invocations it answered.
    answered: u64,
}

impl Proc {
    fn window(&self) -> usize {
        match self.last_ms {
            None => FIRST_WINDOW,
            Some(ms) if ms * (MAX_WINDOW as f64) <= PIPELINE_MS => MAX_WINDOW,
            Some(ms) => ((PIPELINE_MS / ms) as usize).clamp(1, MAX_WINDOW),
        }
    }

    fn has_room(&self) -> bool {
        self.ready && self.in_flight.len() < self.window()
    }

    /// Busy with a handler that takes a while: the running one does, and so did the last
    /// ones (not a pause of a busy machine), or it is the first and takes long.
    fn is_slow(&self, now: Instant) -> bool {
        let running =
            !self.in_flight.is_empty() && now.duration_since(self.head_since) >= self.slow();
        let usual = self
            .last_ms
            .is_none_or(|ms| ms * 4.0 >= SLOW.as_secs_f64() * 1000.0);
        running && usual
    }

    /// How long its running handler may take before the process counts as slow.
    fn slow(&self) -> Duration {
        if self.answered == 0 {
            SLOW_FIRST
        } else {
            SLOW
        }
    }
}

/// The state behind the mutex.
#[derive(Default)]
pub struct Pool {
    calls: HashMap<u64, Call>,
    queue: VecDeque<u64>,
    procs: Vec<Proc>,
    next_call: u64,
    next_proc: u64,
    shutdown: bool,
    /// How many batches of requests were sent (for tests).
    batches: u64,
}

/// Wakers to wake once the lock is released.
type Wakes = Vec<Waker>;

fn wake_all(wakes: Wakes) {
    for w in wakes {
        w.wake();
    }
}

impl Pool {
    /// The waker of the first waiting invocation: its next poll dispatches all it can.
    fn nudge(&mut self, wakes: &mut Wakes) {
        if let Some(id) = self.queue.front() {
            if let Some(w) = self.calls.get_mut(id).and_then(|c| c.waker.take()) {
                wakes.push(w);
            }
        }
    }

    /// Ends an invocation with `result` (if it is still awaited).
    fn finish(&mut self, id: u64, result: InvocationResult, wakes: &mut Wakes) {
        if let Some(call) = self.calls.get_mut(&id) {
            call.state = CallState::Done(result);
            wakes.extend(call.waker.take());
        }
    }

    /// Puts these invocations (sent to a process that is gone) back at the front of the
    /// queue, in order.
    fn requeue(&mut self, ids: VecDeque<u64>, wakes: &mut Wakes) {
        for id in ids.into_iter().rev() {
            if let Some(call) = self.calls.get_mut(&id) {
                call.state = CallState::Queued;
                self.queue.push_front(id);
            }
        }
        self.nudge(wakes);
    }

    /// Fails every waiting invocation: no process can run them.
    fn fail_queued(&mut self, message: &str, wakes: &mut Wakes) {
        let now = Instant::now();
        for id in std::mem::take(&mut self.queue) {
            self.finish(id, runtime_failure("Runtime.Unknown", message, now), wakes);
        }
    }

    fn proc_index(&self, id: u64) -> Option<usize> {
        self.procs.iter().position(|p| p.id == id)
    }

    /// Kills process `index`: the invocation it runs gets `head` (none: it is dropped), the
    /// others are sent again.
    fn kill(&mut self, index: usize, head: Option<InvocationResult>, wakes: &mut Wakes) {
        let mut p = self.procs.remove(index);
        p.process.stop();
        if let Some(id) = p.in_flight.pop_front() {
            if let Some(r) = head {
                self.finish(id, r, wakes);
            }
        }
        self.requeue(std::mem::take(&mut p.in_flight), wakes);
    }
}

impl Shared {
    /// An empty pool.
    pub fn new(config: Config) -> Arc<Self> {
        Arc::new(Self {
            state: Mutex::new(Pool::default()),
            changed: Condvar::new(),
            config,
        })
    }

    fn lock(&self) -> MutexGuard<'_, Pool> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Registers an invocation of `code`, waiting for a process; returns its id, and whether
    /// it is the first waiting (then its next poll sends it and those queued behind it, else
    /// the first's does, or a process's answer makes room and wakes the first).
    pub fn enqueue(&self, invocation: Invocation, code: &str, waker: &Waker) -> (u64, bool) {
        let mut pool = self.lock();
        pool.next_call += 1;
        let id = pool.next_call;
        pool.calls.insert(
            id,
            Call {
                invocation,
                code: code.to_string(),
                state: CallState::Queued,
                waker: Some(waker.clone()),
            },
        );
        let first = pool.queue.is_empty();
        pool.queue.push_back(id);
        (id, first)
    }

    /// Sends the waiting invocations to processes with room (starting one if needed), then
    /// looks at invocation `id`: its result and invocation when it is over, else `None` (and
    /// `waker` is kept to be woken). `log_stream` names a new process's log stream.
    pub fn poll(
        self: &Arc<Self>,
        id: u64,
        waker: &Waker,
        log_stream: &dyn Fn() -> String,
    ) -> Option<(Invocation, InvocationResult)> {
        let mut wakes = Wakes::new();
        let done = {
            let mut pool = self.lock();
            self.dispatch(&mut pool, log_stream, &mut wakes);
            let over = pool
                .calls
                .get(&id)
                .is_none_or(|c| matches!(c.state, CallState::Done(_)));
            if over {
                pool.calls.remove(&id).and_then(|c| match c.state {
                    CallState::Done(r) => Some((c.invocation, r)),
                    _ => None,
                })
            } else {
                if let Some(call) = pool.calls.get_mut(&id) {
                    match &call.waker {
                        Some(w) if w.will_wake(waker) => {}
                        _ => call.waker = Some(waker.clone()),
                    }
                }
                None
            }
        };
        wake_all(wakes);
        done
    }

    /// The invocation `id` is no longer awaited: forgotten if it waits, and if it runs, its
    /// process is killed (its handler cannot be stopped otherwise) and the invocations
    /// behind it sent again.
    pub fn cancel(&self, id: u64) {
        let mut wakes = Wakes::new();
        {
            let mut pool = self.lock();
            let Some(call) = pool.calls.remove(&id) else {
                return;
            };
            match call.state {
                CallState::Queued => {
                    let was_first = pool.queue.front() == Some(&id);
                    pool.queue.retain(|&q| q != id);
                    if was_first {
                        pool.nudge(&mut wakes);
                    }
                }
                CallState::Sent { proc } => {
                    if let Some(index) = pool.proc_index(proc) {
                        if pool.procs[index].in_flight.front() == Some(&id) {
                            pool.kill(index, None, &mut wakes);
                        }
                    }
                }
                CallState::Done(_) => {}
            }
        }
        wake_all(wakes);
    }

    /// How many batches of requests were sent so far.
    #[cfg(test)]
    pub fn batches(&self) -> u64 {
        self.lock().batches
    }

    /// Stops every process (at the end of the run).
    pub fn shutdown(&self) {
        let mut pool = self.lock();
        pool.shutdown = true;
        pool.procs.clear();
        self.changed.notify_all();
    }

    /// Sends what waits to processes with room, in one batch per process, and starts a
    /// process if none can take it and the pool may grow.
    fn dispatch(
        self: &Arc<Self>,
        pool: &mut Pool,
        log_stream: &dyn Fn() -> String,
        wakes: &mut Wakes,
    ) {
        if pool.queue.is_empty() || pool.shutdown {
            return;
        }
        let now = Instant::now();
        let timeout_ms = self.config.timeout_ms();
        let mut batches: Vec<Vec<u8>> = vec![Vec::new(); pool.procs.len()];
        while let Some(&id) = pool.queue.front() {
            let best = pool
                .procs
                .iter()
                .enumerate()
                .filter(|(_, p)| p.has_room())
                .min_by_key(|(_, p)| p.in_flight.len())
                .map(|(i, _)| i);
            let Some(i) = best else { break };
            pool.queue.pop_front();
            let Pool { calls, procs, .. } = &mut *pool;
            let Some(call) = calls.get_mut(&id) else {
                continue;
            };
            let p = &mut procs[i];
            protocol::write_request(
                &mut batches[i],
                id,
                &call.invocation,
                &call.code,
                &p.log_stream,
                timeout_ms,
            );
            if p.in_flight.is_empty() {
                p.head_since = now;
            }
            p.in_flight.push_back(id);
            call.state = CallState::Sent { proc: p.id };
        }
        let mut pool_batches = 0;
        for (p, batch) in pool.procs.iter().zip(batches) {
            if !batch.is_empty() {
                // A process whose writer is gone has exited: its reader reports it.
                p.process.send(batch);
                pool_batches += 1;
            }
        }
        pool.batches += pool_batches;
        if !pool.queue.is_empty() {
            // The watchdogs look again: a slow process lets these start another one.
            self.changed.notify_all();
        }
        let may_grow = pool.procs.len() < self.config.max_processes.max(1)
            && pool
                .procs
                .iter()
                .all(|p| p.ready && !p.has_room() && p.is_slow(now));
        if !pool.queue.is_empty() && may_grow {
            if let Err(e) = self.spawn(pool, log_stream()) {
                if pool.procs.is_empty() {
                    pool.fail_queued(&e, wakes);
                }
            }
        }
    }

    /// Starts a process, its reader and its watchdog.
    fn spawn(self: &Arc<Self>, pool: &mut Pool, log_stream: String) -> Result<(), String> {
        pool.next_proc += 1;
        let id = pool.next_proc;
        let (on_replies, on_closed) = (Arc::clone(self), Arc::clone(self));
        let process = NodeProcess::spawn(
            &self.config.node,
            &self.config.script,
            move |replies| on_replies.replies(id, replies),
            move || on_closed.closed(id),
        )?;
        let now = Instant::now();
        pool.procs.push(Proc {
            id,
            process,
            log_stream,
            ready: false,
            spawned: now,
            in_flight: VecDeque::new(),
            head_since: now,
            last_ms: None,
            answered: 0,
        });
        let watchdog = Arc::clone(self);
        thread::spawn(move || watchdog.watch(id));
        Ok(())
    }

    /// What process `proc` said in one read (its reader thread).
    fn replies(&self, proc: u64, replies: Vec<Reply>) {
        let mut wakes = Wakes::new();
        {
            let mut pool = self.lock();
            let Some(index) = pool.proc_index(proc) else {
                return;
            };
            let now = Instant::now();
            let mut room = false;
            for reply in replies {
                let p = &mut pool.procs[index];
                match reply {
                    Reply::Ready => {
                        p.ready = true;
                        room = true;
                        // Its watchdog now watches the invocations instead of the start.
                        self.changed.notify_all();
                    }
                    Reply::Result { id, message } => {
                        let Some(at) = p.in_flight.iter().position(|&f| f == id) else {
                            continue;
                        };
                        p.in_flight.remove(at);
                        let fallback = now.duration_since(p.head_since).as_secs_f64() * 1000.0;
                        p.head_since = now;
                        let r = shared_protocol::read_result(&message, fallback);
                        if p.answered > 0 {
                            let d = r.duration_ms;
                            p.last_ms = Some(p.last_ms.map_or(d, |avg| avg * 0.75 + d * 0.25));
                        }
                        p.answered += 1;
                        room = true;
                        pool.finish(id, r, &mut wakes);
                    }
                    Reply::Other => {}
                }
            }
            if room {
                pool.nudge(&mut wakes);
            }
        }
        wake_all(wakes);
    }

    /// Process `proc` closed its stdout: it exited (its reader thread).
    fn closed(&self, proc: u64) {
        let mut wakes = Wakes::new();
        {
            let mut pool = self.lock();
            // Not there: the pool killed it itself.
            let Some(index) = pool.proc_index(proc) else {
                return;
            };
            let mut p = pool.procs.remove(index);
            let status = p.process.stop();
            if !p.ready {
                if pool.procs.is_empty() {
                    let message = format!("the Node.js handler host exited at startup ({status})");
                    pool.fail_queued(&message, &mut wakes);
                } else {
                    pool.nudge(&mut wakes);
                }
            } else {
                if let Some(id) = p.in_flight.pop_front() {
                    let request_id = pool
                        .calls
                        .get(&id)
                        .map(|c| c.invocation.request_id.clone())
                        .unwrap_or_default();
                    let message = format!(
                        "RequestId: {request_id} Error: Runtime exited with error: {status}"
                    );
                    let mut r = runtime_failure("Runtime.ExitError", &message, p.head_since);
                    r.duration_ms = p.head_since.elapsed().as_secs_f64() * 1000.0;
                    pool.finish(id, r, &mut wakes);
                }
                pool.requeue(std::mem::take(&mut p.in_flight), &mut wakes);
            }
        }
        wake_all(wakes);
    }

    /// The watchdog of process `proc`: kills it when it does not start in time or its
    /// running invocation outlives the function timeout, and lets waiting invocations start
    /// another process once it is slow.
    fn watch(&self, proc: u64) {
        let timeout = self.config.timeout;
        let mut nudged: Option<u64> = None;
        let mut pool = self.lock();
        loop {
            if pool.shutdown {
                return;
            }
            let Some(index) = pool.proc_index(proc) else {
                return;
            };
            let now = Instant::now();
            let p = &pool.procs[index];
            let mut wakes = Wakes::new();
            let until = if !p.ready {
                let deadline = p.spawned + STARTUP_TIMEOUT;
                if now >= deadline {
                    pool.kill(index, None, &mut wakes);
                    if pool.procs.is_empty() {
                        pool.fail_queued(
                            "the Node.js handler host did not start in time",
                            &mut wakes,
                        );
                    }
                    drop(pool);
                    wake_all(wakes);
                    return;
                }
                deadline
            } else if let Some(&head) = p.in_flight.front() {
                let deadline = p.head_since + timeout;
                if now >= deadline {
                    let elapsed = now.duration_since(p.head_since).as_secs_f64() * 1000.0;
                    let outcome = InvocationOutcome::TimedOut {
                        timeout_ms: self.config.timeout_ms(),
                    };
                    pool.kill(index, Some(result(outcome, vec![], elapsed)), &mut wakes);
                    drop(pool);
                    wake_all(wakes);
                    return;
                }
                let slow_at = p.head_since + p.slow();
                if pool.queue.is_empty() || nudged == Some(head) {
                    deadline
                } else if now >= slow_at {
                    // Invocations wait behind a slow handler: one of them may start another
                    // process (see `dispatch`).
                    nudged = Some(head);
                    pool.nudge(&mut wakes);
                    deadline
                } else {
                    slow_at.min(deadline)
                }
            } else {
                now + timeout.min(STARTUP_TIMEOUT)
            };
            if !wakes.is_empty() {
                drop(pool);
                wake_all(wakes);
                pool = self.lock();
                continue;
            }
            let wait = until.saturating_duration_since(now);
            pool = self
                .changed
                .wait_timeout(pool, wait)
                .unwrap_or_else(PoisonError::into_inner)
                .0;
        }
    }
}
