//! The scheduling engine of the Background Tasks Playground: a deterministic model of how iOS
//! decides when an app's background tasks run. Pure Rust, no web dependency.

pub mod time;
