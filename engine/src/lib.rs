//! The scheduling engine of the Background Tasks Playground: a deterministic model of how iOS
//! decides when an app's background tasks run. Pure Rust, no web dependency.
//!
//! Data flows one way: a [`scenario::Scenario`] (plain data) becomes a [`sim::Sim`], which
//! [`sim::Sim::advance_to`] runs through virtual time, recording [`log::Event`]s that explain
//! themselves. The UI appends inputs to the scenario and replays; it never changes the sim.

pub mod app;
pub mod bench;
pub mod device;
pub mod digest;
pub mod lessons;
pub mod link;
pub mod log;
pub mod params;
pub mod rng;
pub mod scenario;
pub mod scheduler;
pub mod sim;
pub mod swift;
pub mod time;
pub mod usage;
