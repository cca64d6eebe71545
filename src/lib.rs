//! ASL Playground: an in-browser playground for the Amazon States Language, as a Yew app.
//!
//! The interpreter (`asl`) is pure; this crate renders and wires effects. [`state`] holds the
//! one reducer, [`app`] composes the page, [`hooks`] its effects, [`components`] the view,
//! [`bindings`] all JavaScript interop, [`runtime`] the handler Worker pool behind the
//! interpreter's `TaskRunner`, [`examples`] the examples menu. [`view_model`] derives what the
//! page shows from the state; [`text`], [`row_window`], [`tree_rows`], [`tree_view`] and
//! [`views`] are pure helpers (positions, windowing, view models), tested natively.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod app;
pub mod bindings;
pub mod components;
pub mod course;
pub mod examples;
pub mod hooks;
pub mod iterations;
pub mod markdown;
pub mod row_window;
pub mod runtime;
pub mod state;
pub mod text;
pub mod tree_rows;
pub mod tree_view;
pub mod view_model;
pub mod views;
