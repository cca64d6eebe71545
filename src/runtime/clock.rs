//! Real time, for executions that should really wait (the default is the interpreter's
//! virtual clock: waits and back-offs complete at once), optionally sped up so a workshop
//! can watch a long Wait happen.

use asl::host::{Clock, LocalBoxFuture};
use gloo::timers::future::TimeoutFuture;

use crate::bindings::browser;

/// The browser's clock, sped up `speed` times: `Wait` states and retry back-offs take the
/// time they say divided by `speed`, and the history's timestamps advance `speed` times as
/// fast as the wall clock from the execution's start (so they still add up).
#[derive(Debug)]
pub struct RealClock {
    /// When the execution started (ms since the epoch, wall clock).
    origin_ms: f64,
    /// How many times faster than the wall clock (at least 1).
    speed: u32,
}

impl RealClock {
    /// A clock starting now, `speed` times as fast as the wall clock (0 counts as 1).
    pub fn new(speed: u32) -> Self {
        Self {
            origin_ms: browser::now_ms(),
            speed: speed.max(1),
        }
    }
}

/// The real milliseconds a sleep of `ms` clock milliseconds takes at `speed` (rounded up, so
/// a short wait still yields).
pub fn real_sleep_ms(ms: u64, speed: u32) -> u64 {
    ms.div_ceil(u64::from(speed.max(1)))
}

impl Clock for RealClock {
    fn now_ms(&self) -> i64 {
        let elapsed = browser::now_ms() - self.origin_ms;
        (self.origin_ms + elapsed * f64::from(self.speed)) as i64
    }

    fn sleep(&self, ms: u64) -> LocalBoxFuture<'_, ()> {
        let mut left = real_sleep_ms(ms, self.speed);
        Box::pin(async move {
            while left > 0 {
                let step = left.min(1 << 30);
                TimeoutFuture::new(step as u32).await;
                left -= step;
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::real_sleep_ms;

    #[test]
    fn sleeps_are_shortened_by_the_speed() {
        assert_eq!(real_sleep_ms(10_000, 1), 10_000);
        assert_eq!(real_sleep_ms(10_000, 10), 1_000);
        assert_eq!(real_sleep_ms(5, 10), 1);
        assert_eq!(real_sleep_ms(7, 0), 7);
    }
}
