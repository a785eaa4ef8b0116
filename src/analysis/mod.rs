//! Analyses of who stands where, derived from a document's filter: the actor × issue matrix
//! ([`matrix`]), the agreement network between actors with the Discourse Network Analyzer's
//! measures ([`agreement`]) and its blocs ([`communities`]), and how two actors stand to each
//! other issue by issue ([`pairs`]). No drawing, no egui.

pub mod agreement;
pub mod balance;
pub mod communities;
pub mod compare;
pub mod groups;
pub mod matrix;
pub mod network;
pub mod pairs;
