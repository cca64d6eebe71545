//! The page's derived data: pure functions from the [`AppState`](crate::state::AppState)
//! (and what is derived from it) to what the components show, tested natively. The app's
//! hooks memoize them ([`crate::hooks::view`]); the components only draw.
//!
//! By area: [`editors`] (the editors' marks and syntax), [`functions`] (what the definition
//! calls), [`runs`] (the shown execution, its tree and statuses, the executions list, the
//! debugger), [`inspector`] (the state inspector), [`history`] (the event history).

pub mod editors;
pub mod functions;
pub mod history;
pub mod inspector;
pub mod runs;
