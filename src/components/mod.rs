//! The views: function components that match what the user sees. They read the state they are
//! given and report user actions through callbacks; none of them holds state of its own.

pub mod clock;
pub mod controls;
pub mod phone;

pub use clock::Clock;
pub use controls::Controls;
pub use phone::Phone;
