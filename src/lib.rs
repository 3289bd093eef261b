//! The Background Tasks Playground web app: a thin Yew layer over the `engine` crate.
//!
//! State lives at the root in a reducer ([`state`]); the loop that advances virtual time lives
//! apart from the views ([`ticker`]); the views are plain function components ([`components`]).
//! ARCHITECTURE.md at the repository root has the full codemap.

pub mod app;
pub mod components;
pub mod failure;
pub mod format;
pub mod frames;
pub mod link;
pub mod listener;
pub mod perf;
pub mod persist;
pub mod shortcuts;
pub mod state;
pub mod ticker;

pub use app::App;
