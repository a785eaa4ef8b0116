//! stancemap: who stands where on a contested question.
//!
//! A positions file lists actors (countries, leaders, organisations), issues and the positions
//! actors take on them, each with the quote that proves it. stancemap loads such a file, checks
//! it, builds a graph of it and (in later layers) lays it out, draws it and exports it.
//!
//! Layers, each using only those before it:
//! [`model`] (data, loading, validation) → [`graph`] (petgraph view and queries) → layout →
//! scene → {ui, export}. Nothing below the ui names egui.

pub mod analysis;
pub mod app;
pub mod cli;
pub mod document;
pub mod export;
pub mod graph;
pub mod layout;
pub mod model;
pub mod scene;
pub mod style;
pub mod text;
pub mod ui;
