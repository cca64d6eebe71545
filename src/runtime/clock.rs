//! Real time, for executions that should really wait (the default is the interpreter's
//! virtual clock: waits and back-offs complete at once).

use asl::host::{Clock, LocalBoxFuture};
use gloo::timers::future::TimeoutFuture;

use crate::bindings::browser;

/// The browser's clock: `Wait` states and retry back-offs take the time they say.
#[derive(Debug, Default)]
pub struct RealClock;

impl Clock for RealClock {
    fn now_ms(&self) -> i64 {
        browser::now_ms() as i64
    }

    fn sleep(&self, ms: u64) -> LocalBoxFuture<'_, ()> {
        Box::pin(async move {
            let mut left = ms;
            while left > 0 {
                let step = left.min(1 << 30);
                TimeoutFuture::new(step as u32).await;
                left -= step;
            }
        })
    }
}
