//! Function timeouts: one thread wakes each waiting invocation at its deadline, instead of a
//! thread started (and torn down) for every invocation.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError, Sender};
use std::sync::Arc;
use std::task::Waker;
use std::thread;
use std::time::{Duration, Instant};

/// The timer thread, started on first use; it ends when this is dropped.
#[derive(Default)]
pub struct Timers {
    tx: std::cell::OnceCell<Sender<Entry>>,
}

/// One deadline, cancelled when dropped.
pub struct Timer {
    cancelled: Arc<AtomicBool>,
}

impl Drop for Timer {
    fn drop(&mut self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }
}

/// A deadline as the thread keeps it.
struct Entry {
    at: Instant,
    waker: Waker,
    cancelled: Arc<AtomicBool>,
}

impl Timers {
    /// Wakes `waker` after `after`, unless the returned [`Timer`] is dropped first.
    pub fn after(&self, after: Duration, waker: Waker) -> Timer {
        let cancelled = Arc::new(AtomicBool::new(false));
        let entry = Entry {
            at: Instant::now() + after,
            waker,
            cancelled: Arc::clone(&cancelled),
        };
        let tx = self.tx.get_or_init(|| {
            let (tx, rx) = mpsc::channel();
            thread::spawn(move || run(&rx));
            tx
        });
        if let Err(mpsc::SendError(entry)) = tx.send(entry) {
            // The thread is gone (it cannot be, short of a panic): wake at once rather
            // than never, so the invocation is checked again.
            entry.waker.wake();
        }
        Timer { cancelled }
    }
}

/// The thread: waits for the earliest live deadline or a new entry; ends when the
/// [`Timers`] is dropped.
fn run(rx: &mpsc::Receiver<Entry>) {
    let mut pending: Vec<Entry> = Vec::new();
    loop {
        pending.retain(|e| !e.cancelled.load(Ordering::Relaxed));
        let now = Instant::now();
        let (due, waiting): (Vec<Entry>, Vec<Entry>) = pending.drain(..).partition(|e| e.at <= now);
        pending = waiting;
        for e in due {
            e.waker.wake();
        }
        let next = pending.iter().map(|e| e.at).min();
        let received = match next {
            Some(at) => rx.recv_timeout(at.saturating_duration_since(now)),
            None => rx.recv().map_err(|_| RecvTimeoutError::Disconnected),
        };
        match received {
            Ok(entry) => pending.push(entry),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::task::Wake;

    /// Counts its wakes.
    #[derive(Default)]
    struct Count(std::sync::atomic::AtomicUsize);

    impl Wake for Count {
        fn wake(self: Arc<Self>) {
            self.0.fetch_add(1, Ordering::SeqCst);
        }
    }

    #[test]
    fn wakes_at_the_deadline_unless_dropped() {
        let timers = Timers::default();
        let (fired, dropped) = (Arc::new(Count::default()), Arc::new(Count::default()));
        let start = Instant::now();
        let _kept = timers.after(Duration::from_millis(50), Waker::from(Arc::clone(&fired)));
        drop(timers.after(Duration::from_millis(10), Waker::from(Arc::clone(&dropped))));
        while fired.0.load(Ordering::SeqCst) == 0 && start.elapsed() < Duration::from_secs(5) {
            thread::sleep(Duration::from_millis(5));
        }
        assert_eq!(fired.0.load(Ordering::SeqCst), 1);
        assert!(start.elapsed() >= Duration::from_millis(50));
        thread::sleep(Duration::from_millis(30));
        assert_eq!(
            dropped.0.load(Ordering::SeqCst),
            0,
            "a dropped timer never fires"
        );
    }
}
