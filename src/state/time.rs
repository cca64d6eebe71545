//! How executions keep time: virtual (waits and retry back-offs complete at once) or real,
//! sped up by a factor. Part of the workspace: autosaved and carried by share links.

/// Real time's speed factors (1×: the wall clock).
pub const SPEEDS: [u32; 4] = [1, 2, 10, 60];

/// Virtual or real time, and real time's speed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeSettings {
    /// Executions wait in real time (else time is virtual).
    pub real_time: bool,
    /// In real time, how many times faster than the wall clock (one of [`SPEEDS`]).
    pub speed: u32,
}

impl Default for TimeSettings {
    /// Virtual time; 1× when real time is switched on.
    fn default() -> Self {
        Self {
            real_time: false,
            speed: 1,
        }
    }
}

impl TimeSettings {
    /// The settings, with a speed that is not one of [`SPEEDS`] (a hand-made link, an old
    /// save: 0 or missing) taken as 1×.
    pub fn new(real_time: bool, speed: u32) -> Self {
        Self {
            real_time,
            speed: if SPEEDS.contains(&speed) { speed } else { 1 },
        }
    }
}
