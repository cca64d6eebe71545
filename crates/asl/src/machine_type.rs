//! A state machine's type (STANDARD or EXPRESS) and the quotas that differ between them:
//! history size, state transitions, duration.

use crate::history;

/// A state machine's type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum MachineType {
    /// STANDARD: exactly-once, up to a year, with an execution history.
    #[default]
    Standard,
    /// EXPRESS: no redrive (`$$.Execution` has no `RedriveCount`), no `.sync` or
    /// `.waitForTaskToken` (see [`crate::express_diagnostics`]), no history limit, and at
    /// most five minutes per execution.
    Express,
}

/// The most states one STANDARD execution may enter (a guard against endless loops; AWS's
/// own bound is the 25,000-event history).
pub const MAX_STEPS: usize = 25_000;

/// The most states one EXPRESS execution may enter: AWS sets no such limit (an Express
/// history is unlimited), but on the virtual clock a loop without a Wait never reaches the
/// five minutes, so this guard ends it (`States.Runtime`).
pub const MAX_EXPRESS_STEPS: usize = 1_000_000;

/// The most states one EXPRESS execution may enter when its history is kept or observed
/// (the playground, `aslplay run --history`): each state records about 1 KB of events, so
/// the guard is lower there.
pub const MAX_EXPRESS_RECORDED_STEPS: usize = 100_000;

/// AWS's limit on an EXPRESS execution's duration (five minutes): past it the execution
/// times out (`States.Timeout`), on whichever clock the execution runs.
pub const EXPRESS_MAX_DURATION_MS: i64 = 5 * 60 * 1000;

impl MachineType {
    /// As the API spells it: `STANDARD`, `EXPRESS`.
    pub fn as_str(self) -> &'static str {
        match self {
            MachineType::Standard => "STANDARD",
            MachineType::Express => "EXPRESS",
        }
    }

    /// As the console shows it: `Standard`, `Express`.
    pub fn label(self) -> &'static str {
        match self {
            MachineType::Standard => "Standard",
            MachineType::Express => "Express",
        }
    }

    /// From the API spelling (any case); anything else is Standard.
    pub fn parse(s: &str) -> Self {
        if s.eq_ignore_ascii_case("EXPRESS") {
            MachineType::Express
        } else {
            MachineType::Standard
        }
    }

    /// The history's event limit: [`history::MAX_EVENTS`] for STANDARD; none (`usize::MAX`)
    /// for EXPRESS, whose quotas list the history size as unlimited.
    pub fn max_events(self) -> usize {
        match self {
            MachineType::Standard => history::MAX_EVENTS,
            MachineType::Express => usize::MAX,
        }
    }

    /// The most states one execution may enter ([`MAX_STEPS`], [`MAX_EXPRESS_STEPS`]; an
    /// EXPRESS execution whose history is kept or observed stops at
    /// [`MAX_EXPRESS_RECORDED_STEPS`]).
    pub fn max_steps(self) -> usize {
        match self {
            MachineType::Standard => MAX_STEPS,
            MachineType::Express => MAX_EXPRESS_STEPS,
        }
    }

    /// The longest an execution may run, if the type limits it (EXPRESS: five minutes).
    pub fn max_duration_ms(self) -> Option<i64> {
        match self {
            MachineType::Standard => None,
            MachineType::Express => Some(EXPRESS_MAX_DURATION_MS),
        }
    }
}
