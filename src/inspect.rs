//! The state inspector's model comes from the interpreter ([`asl::inspect`]): how data
//! flowed through one entry of a state, with the context object and the workflow variables
//! in scope rebuilt from the recorded execution. The page shows it as is.

pub use asl::inspect::{inspect, inspect_entry, EntryRef, Inspection};
