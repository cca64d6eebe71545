//! Retry: whether a state's retriers allow another attempt after an error, and how long to
//! wait first (IntervalSeconds × BackoffRate^attempt, capped by MaxDelaySeconds, scaled by
//! full jitter; counted per retrier).

use super::Run;
use crate::definition::State;
use crate::errors::RuntimeError;

impl Run<'_> {
    /// How long to wait before retrying `error`, if a retrier of `state` still allows it
    /// (counting per retrier).
    pub fn retry_delay_ms(
        &self,
        state: &State,
        counts: &mut [u64],
        error: &RuntimeError,
    ) -> Option<u64> {
        if self.extras.no_retry {
            return None;
        }
        let (i, r) = state.retrier_for(error)?;
        let attempt = counts.get(i).copied()?;
        if attempt >= r.max_attempts {
            return None;
        }
        counts[i] += 1;
        let mut secs = r.backoff_seconds(attempt);
        if r.full_jitter {
            secs *= (self.host.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        }
        let ms = (secs * 1000.0).clamp(0.0, 1e15);
        Some(ms as u64)
    }
}
