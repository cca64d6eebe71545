//! The effects behind the interpreter's traits, for the browser: a pool of handler Workers
//! ([`pool`]), the Lambda [`asl::host::TaskRunner`] over it ([`lambda`]), and the driver that
//! runs an execution and reports it to the app state ([`execution`]), and the
//! function test ([`function_test`]); [`machines`] starts nested executions; [`callbacks`] lets the user answer waiting tasks;
//! [`test_state`] runs one state alone; [`clock`] has real time for those who want it;
//! [`debugger`] has breakpoints and stepping.

pub mod callbacks;
pub mod checks;
pub mod clock;
pub mod debugger;
pub mod execution;
pub mod function_test;
pub mod lambda;
pub mod machines;
pub mod pool;
pub mod test_state;
