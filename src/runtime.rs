//! The effects behind the interpreter's traits, for the browser: a pool of handler Workers
//! ([`pool`]), the Lambda [`asl::host::TaskRunner`] over it ([`lambda`]), and the driver that
//! runs an execution and reports it to the app state ([`execution`]).

pub mod execution;
pub mod lambda;
pub mod pool;
