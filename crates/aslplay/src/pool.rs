//! The Node.js handler hosts of one run and the invocations they owe: a small pool of
//! processes, fed pipelined batches of requests.
//!
//! A handler host runs one invocation at a time, in the order it received them, so the
//! invocation at the head of a process's in-flight list is the one running, since the
//! previous answer arrived (or since it was sent, if the process was idle). The function
//! timeout counts from then: a per-process watchdog thread kills a process whose head runs
//! past it; that invocation times out and the ones queued behind it are sent again (to
//! another process, or a fresh one). A process that exits on its own fails its head with
//! `Runtime.ExitError` and the others are sent again likewise. The runtime holds results
//! back until its current macrotask ends, so when a handler blocks it (or exits), the results
//! of the invocations that finished just before may never come: unless the process had only
//! that one in flight, they all run again, each alone (a "suspect"), and only one that times
//! out (or exits) alone is blamed.
//!
//! Requests are the batched protocol's ([`asl::host::protocol::BatchRequest`]): a handler's
//! source goes to a process once, under a key, and each invocation carries a random secret; a
//! result is taken only from the process the invocation was sent to, with its secret, so a
//! handler that writes to the real stdout cannot answer for another. A process that answers
//! `retry` (its runtime retired itself) takes nothing more; those invocations run elsewhere.
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

use std::collections::{HashMap, HashSet, VecDeque};
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::task::Waker;
use std::thread;
use std::time::{Duration, Instant};

use asl::host::callback::{keep_handler_answers, HandlerAnswers};
use asl::host::protocol::{BatchCall, BatchReply, BatchRequest, RuntimeMessage};
use asl::host::{Invocation, InvocationOutcome, InvocationResult};

use crate::process::NodeProcess;
use crate::protocol::{self, result, runtime_failure};

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
    /// The task tokens handlers answered (through the runtime's Step Functions client).
    answers: HandlerAnswers,
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
    /// The key its source goes under (one per distinct source).
    key: String,
    /// What its result must come back with.
    secret: String,
    state: CallState,
    /// Woken when it is over (or should dispatch waiting invocations).
    waker: Option<Waker>,
    /// Nobody awaits it any more, but a process runs it (or will): its answer is dropped.
    cancelled: bool,
    /// It was in flight behind a process's running invocation when that one timed out or
    /// the process exited, so it may be the culprit: it runs alone (see [`Shared::watch`]).
    suspect: bool,
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
    /// The source keys it has been sent.
    keys: HashSet<String>,
    /// It runs a suspect invocation, alone: it takes nothing else until that one answers.
    solo: bool,
    /// It answered `retry` (its runtime retired itself): it takes nothing more, and stops
    /// once its last invocation answered.
    retired: bool,
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
        self.ready && !self.retired && !self.solo && self.in_flight.len() < self.window()
    }

    /// Can take a suspect invocation, to run alone.
    fn is_idle(&self) -> bool {
        self.ready && !self.retired && self.in_flight.is_empty()
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
    /// The key of each source (`f1`, `f2`…).
    keys: HashMap<String, String>,
    /// A SplitMix64 state, for the secrets.
    rng: u64,
    /// Woken when an invocation ends (tasks waiting for a handler's answer).
    watchers: Vec<Waker>,
}

/// The next number of a SplitMix64 generator.
fn split_mix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
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
        wakes.append(&mut self.watchers);
        if let Some(call) = self.calls.get_mut(&id) {
            if call.cancelled {
                self.calls.remove(&id);
                return;
            }
            call.state = CallState::Done(result);
            wakes.extend(call.waker.take());
        }
    }

    /// Puts these invocations (sent to a process that is gone, or refused by it) back at the
    /// front of the queue, in order; `suspect`: each to run alone.
    fn requeue(
        &mut self,
        ids: impl DoubleEndedIterator<Item = u64>,
        suspect: bool,
        wakes: &mut Wakes,
    ) {
        for id in ids.rev() {
            let Some(call) = self.calls.get_mut(&id) else {
                continue;
            };
            if call.cancelled {
                self.calls.remove(&id);
                continue;
            }
            call.state = CallState::Queued;
            call.suspect |= suspect;
            self.queue.push_front(id);
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

    /// Kills process `index` (if it still runs); returns how it ended. Its running
    /// invocation ends with `head` (`None`: nobody awaits it) and the others in flight are
    /// sent again. Unless the process ran only that one (or it was a suspect already), the
    /// one that blocked it (or made it exit) may be another: the runtime holds finished
    /// results back until its macrotask ends, so some of those in flight may have run. Then
    /// they all run again, each alone, and the culprit shows.
    fn kill(&mut self, index: usize, head: Option<InvocationResult>, wakes: &mut Wakes) -> String {
        let mut p = self.procs.remove(index);
        let status = p.process.stop();
        let in_flight = std::mem::take(&mut p.in_flight);
        let sure = in_flight.len() == 1
            || in_flight
                .front()
                .and_then(|id| self.calls.get(id))
                .is_some_and(|c| c.suspect);
        let mut rest = in_flight.into_iter();
        match head {
            Some(_) if !sure => self.requeue(rest, true, wakes),
            Some(r) => {
                if let Some(id) = rest.next() {
                    self.finish(id, r, wakes);
                }
                self.requeue(rest, false, wakes);
            }
            None => {
                rest.next();
                self.requeue(rest, false, wakes);
            }
        }
        status
    }
}

impl Shared {
    /// An empty pool.
    pub fn new(config: Config) -> Arc<Self> {
        Arc::new(Self {
            state: Mutex::new(Pool {
                rng: crate::clock::entropy(),
                ..Pool::default()
            }),
            changed: Condvar::new(),
            config,
            answers: HandlerAnswers::default(),
        })
    }

    /// The task tokens handlers answered, until their tasks ask.
    pub fn handler_answers(&self) -> HandlerAnswers {
        self.answers.clone()
    }

    /// Whether an invocation is still queued or running; if so, `waker` is woken when one
    /// ends (see [`asl::host::callback::PendingAnswers`]).
    pub fn watch_answers(&self, waker: &Waker) -> bool {
        let mut pool = self.lock();
        let busy = pool
            .calls
            .values()
            .any(|c| !c.cancelled && !matches!(c.state, CallState::Done(_)));
        if busy {
            pool.watchers.push(waker.clone());
        }
        busy
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
        let key = match pool.keys.get(code) {
            Some(key) => key.clone(),
            None => {
                let key = format!("f{}", pool.keys.len() + 1);
                pool.keys.insert(code.to_string(), key.clone());
                key
            }
        };
        let secret = protocol::secret(|| split_mix(&mut pool.rng));
        pool.calls.insert(
            id,
            Call {
                invocation,
                code: code.to_string(),
                key,
                secret,
                state: CallState::Queued,
                waker: Some(waker.clone()),
                cancelled: false,
                suspect: false,
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
            let Some(mut call) = pool.calls.remove(&id) else {
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
                CallState::Sent { proc } => match pool.proc_index(proc) {
                    Some(index) if pool.procs[index].in_flight.front() == Some(&id) => {
                        pool.kill(index, None, &mut wakes);
                    }
                    // Queued in the process: its answer is dropped when it comes.
                    Some(_) => {
                        call.cancelled = true;
                        call.waker = None;
                        pool.calls.insert(id, call);
                    }
                    None => {}
                },
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
        let mut batches: Vec<BatchRequest> = vec![BatchRequest::new(); pool.procs.len()];
        while let Some(&id) = pool.queue.front() {
            let suspect = pool.calls.get(&id).is_some_and(|c| c.suspect);
            let procs = pool.procs.iter().enumerate();
            let best = if suspect {
                // Alone, on a process with nothing else to run.
                procs
                    .filter(|(i, p)| p.is_idle() && batches[*i].is_empty())
                    .map(|(i, _)| i)
                    .next()
            } else {
                procs
                    .filter(|(_, p)| p.has_room())
                    .min_by_key(|(_, p)| p.in_flight.len())
                    .map(|(i, _)| i)
            };
            let Some(i) = best else { break };
            pool.queue.pop_front();
            let Pool { calls, procs, .. } = &mut *pool;
            let Some(call) = calls.get_mut(&id) else {
                continue;
            };
            let p = &mut procs[i];
            let batch = &mut batches[i];
            if !p.keys.contains(&call.key) {
                batch.add_code(&call.key, &call.code);
                p.keys.insert(call.key.clone());
            }
            batch.add(&BatchCall {
                id,
                secret: &call.secret,
                key: &call.key,
                invocation: &call.invocation,
                log_stream: &p.log_stream,
                timeout_ms,
            });
            if p.in_flight.is_empty() {
                p.head_since = now;
            }
            p.in_flight.push_back(id);
            p.solo |= suspect;
            call.state = CallState::Sent { proc: p.id };
        }
        let mut pool_batches = 0;
        for (p, batch) in pool.procs.iter().zip(batches) {
            if !batch.is_empty() {
                let mut bytes = batch.to_json().into_bytes();
                bytes.push(b'\n');
                // A process whose writer is gone has exited: its reader reports it.
                p.process.send(bytes);
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
            keys: HashSet::new(),
            solo: false,
            retired: false,
        });
        let watchdog = Arc::clone(self);
        thread::spawn(move || watchdog.watch(id));
        Ok(())
    }

    /// What process `proc` said in one read (its reader thread).
    fn replies(&self, proc: u64, replies: Vec<RuntimeMessage>) {
        let mut wakes = Wakes::new();
        {
            let mut pool = self.lock();
            let Some(index) = pool.proc_index(proc) else {
                return;
            };
            let now = Instant::now();
            let mut room = false;
            let mut retry = Vec::new();
            for reply in replies {
                match reply {
                    RuntimeMessage::Ready => {
                        pool.procs[index].ready = true;
                        room = true;
                        // Its watchdog now watches the invocations instead of the start.
                        self.changed.notify_all();
                    }
                    RuntimeMessage::Results(results) => {
                        for item in results {
                            // Only the answer to an invocation this process has, with its
                            // secret: a handler cannot answer for another.
                            let Pool { calls, procs, .. } = &mut *pool;
                            let p = &mut procs[index];
                            let Some(at) = p.in_flight.iter().position(|&f| f == item.id) else {
                                continue;
                            };
                            if calls.get(&item.id).is_none_or(|c| c.secret != item.secret) {
                                continue;
                            }
                            p.in_flight.remove(at);
                            p.head_since = now;
                            room = true;
                            // Kept before the invocation finishes: its task may ask next.
                            keep_handler_answers(&self.answers, item.answers);
                            match item.reply {
                                BatchReply::Done(r) => {
                                    if p.answered > 0 {
                                        let d = r.duration_ms;
                                        p.last_ms =
                                            Some(p.last_ms.map_or(d, |avg| avg * 0.75 + d * 0.25));
                                    }
                                    p.answered += 1;
                                    pool.finish(item.id, r, &mut wakes);
                                }
                                BatchReply::Retry => {
                                    p.retired = true;
                                    retry.push(item.id);
                                }
                            }
                        }
                    }
                    RuntimeMessage::Result(..) | RuntimeMessage::Other => {}
                }
            }
            let p = &mut pool.procs[index];
            if p.in_flight.is_empty() {
                p.solo = false;
                if p.retired {
                    pool.kill(index, None, &mut wakes);
                }
            }
            if !retry.is_empty() {
                pool.requeue(retry.into_iter(), false, &mut wakes);
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
            let status = pool.procs[index].process.stop();
            let p = &pool.procs[index];
            if !p.ready {
                pool.procs.remove(index);
                if pool.procs.is_empty() {
                    let message = format!("the Node.js handler host exited at startup ({status})");
                    pool.fail_queued(&message, &mut wakes);
                } else {
                    pool.nudge(&mut wakes);
                }
            } else {
                let request_id = p
                    .in_flight
                    .front()
                    .and_then(|id| pool.calls.get(id))
                    .map(|c| c.invocation.request_id.clone())
                    .unwrap_or_default();
                let message =
                    format!("RequestId: {request_id} Error: Runtime exited with error: {status}");
                let mut r = runtime_failure("Runtime.ExitError", &message, p.head_since);
                r.duration_ms = p.head_since.elapsed().as_secs_f64() * 1000.0;
                pool.kill(index, Some(r), &mut wakes);
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
