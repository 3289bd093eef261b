//! The views: function components that match what the user sees. Each reads the shared state
//! with [`crate::app::use_playground`] and changes it only by dispatching actions.

pub mod app_panel;
pub mod certainty;
pub mod clock_bar;
pub mod device_controls;
pub mod event_log;
pub mod form;
pub mod lessons;
pub mod notice;
pub mod phone;
pub mod share;
pub mod swift_export;
pub mod timeline;
pub mod why_panel;

pub use app_panel::AppPanel;
pub use clock_bar::ClockBar;
pub use device_controls::DeviceControls;
pub use event_log::EventLog;
pub use lessons::Lessons;
pub use notice::NoticeBanner;
pub use phone::Phone;
pub use share::Share;
pub use swift_export::SwiftExport;
pub use timeline::Timeline;
pub use why_panel::WhyPanel;
