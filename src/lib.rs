//! ASL Playground: an in-browser playground for the Amazon States Language, as a Yew app.
//!
//! The interpreter (`asl`) is pure; this crate renders and wires effects. [`state`] holds the
//! one reducer, [`components`] the view, [`bindings`] all JavaScript interop, [`runtime`] the
//! handler Worker pool behind the interpreter's `TaskRunner`, [`examples`] the examples menu.
//! [`text`], [`tree_rows`], [`tree_view`] and [`views`] are pure helpers (positions, view models), tested natively.

#![warn(missing_docs)]

pub mod app;
pub mod bindings;
pub mod components;
pub mod examples;
pub mod inspect;
pub mod iterations;
pub mod runtime;
pub mod state;
pub mod text;
pub mod tree_rows;
pub mod tree_view;
pub mod views;
pub mod yaml;
