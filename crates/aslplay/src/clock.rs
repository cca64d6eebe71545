//! Time for the CLI: a real clock for `--real-time`, and UTC date helpers.

use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll, Waker};
use std::thread;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use asl::host::{Clock, LocalBoxFuture};

/// Milliseconds since the Unix epoch, now.
pub fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

/// A seed from the time and the process id (execution names, request ids, log streams).
pub fn entropy() -> u64 {
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    nanos ^ u64::from(std::process::id()).rotate_left(32)
}

/// The wall clock: waits really wait. A sleep is a timer thread that wakes the execution when
/// it is due, so a Task's `TimeoutSeconds` races the handler's invocation and interrupts it.
#[derive(Debug, Default)]
pub struct RealClock;

impl Clock for RealClock {
    fn now_ms(&self) -> i64 {
        now_ms()
    }

    fn sleep(&self, ms: u64) -> LocalBoxFuture<'_, ()> {
        Box::pin(Sleep {
            duration: Duration::from_millis(ms),
            state: None,
        })
    }

    fn is_real_time(&self) -> bool {
        true
    }
}

/// What a sleep's timer thread and its future share: done yet, and whom to wake.
type Shared = Arc<Mutex<(bool, Option<Waker>)>>;

/// A real sleep: the first poll starts a timer thread.
struct Sleep {
    duration: Duration,
    state: Option<Shared>,
}

impl Future for Sleep {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if self.duration.is_zero() {
            return Poll::Ready(());
        }
        let duration = self.duration;
        let shared = self
            .state
            .get_or_insert_with(|| {
                let shared: Shared = Arc::new(Mutex::new((false, None)));
                let timer = Arc::clone(&shared);
                thread::spawn(move || {
                    thread::sleep(duration);
                    let waker = match timer.lock() {
                        Ok(mut s) => {
                            s.0 = true;
                            s.1.take()
                        }
                        Err(_) => None,
                    };
                    if let Some(w) = waker {
                        w.wake();
                    }
                });
                shared
            })
            .clone();
        let Ok(mut s) = shared.lock() else {
            return Poll::Ready(());
        };
        if s.0 {
            Poll::Ready(())
        } else {
            s.1 = Some(cx.waker().clone());
            Poll::Pending
        }
    }
}

/// Today's UTC date as `YYYY/MM/DD` (Lambda's log stream prefix).
pub fn utc_date_path() -> String {
    date_path(now_ms())
}

/// The UTC date of `ms` (since the epoch) as `YYYY/MM/DD`.
fn date_path(ms: i64) -> String {
    let iso = asl::history::time::iso8601(ms);
    iso.get(..10).unwrap_or_default().replace('-', "/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn real_sleeps_take_real_time() {
        let clock = RealClock;
        let t0 = std::time::Instant::now();
        asl::block_on(clock.sleep(50));
        asl::block_on(clock.sleep(0));
        assert!(t0.elapsed() >= Duration::from_millis(50));
        assert!(clock.is_real_time());
    }

    #[test]
    fn log_stream_dates_are_utc_days() {
        assert_eq!(date_path(0), "1970/01/01");
        assert_eq!(date_path(20_417 * 86_400_000), "2025/11/25");
        assert_eq!(date_path(-1), "1969/12/31");
    }
}
