//! The simulated iPhone: a frame drawn in CSS (assets/style.css) with a Dynamic Island, a status
//! bar whose clock is the virtual time, and the lock screen.

use crate::format::long_date;
use engine::time::Instant;
use yew::prelude::*;

/// Properties of [`Phone`].
#[derive(Properties, PartialEq)]
pub struct PhoneProps {
    /// The virtual time the phone's clock shows.
    pub now: Instant,
}

/// The phone, showing its lock screen at virtual time `now`.
#[component]
pub fn Phone(props: &PhoneProps) -> Html {
    let now = props.now;
    html! {
        <figure class="phone">
            <div class="phone-frame">
                <span class="phone-key phone-key-action" aria-hidden="true"></span>
                <span class="phone-key phone-key-volume-up" aria-hidden="true"></span>
                <span class="phone-key phone-key-volume-down" aria-hidden="true"></span>
                <span class="phone-key phone-key-side" aria-hidden="true"></span>
                <div class="phone-screen">
                    <div class="status-bar">
                        <span class="status-time">{ now.hh_mm_ss() }</span>
                        <div class="dynamic-island" aria-hidden="true"></div>
                        <StatusIcons />
                    </div>
                    <div class="lock-screen">
                        <svg class="lock-icon" viewBox="0 0 16 20" aria-hidden="true">
                            <path d="M4 8V5.5a4 4 0 0 1 8 0V8" fill="none" stroke="currentColor"
                                stroke-width="1.8" stroke-linecap="round" />
                            <rect x="1.5" y="8" width="13" height="10.5" rx="2.5" fill="currentColor" />
                        </svg>
                        <p class="lock-date">{ long_date(now) }</p>
                        <p class="lock-time">{ now.hh_mm() }</p>
                    </div>
                    <div class="lock-actions" aria-hidden="true">
                        <span class="lock-action">
                            <svg viewBox="0 0 24 24">
                                <path d="M8 3h8v4l-2 3v11h-4V10L8 7z" fill="none" stroke="currentColor"
                                    stroke-width="1.6" stroke-linejoin="round" />
                            </svg>
                        </span>
                        <span class="lock-action">
                            <svg viewBox="0 0 24 24">
                                <path d="M4 8h3l2-3h6l2 3h3v11H4z" fill="none" stroke="currentColor"
                                    stroke-width="1.6" stroke-linejoin="round" />
                                <circle cx="12" cy="13" r="3.5" fill="none" stroke="currentColor"
                                    stroke-width="1.6" />
                            </svg>
                        </span>
                    </div>
                    <div class="home-indicator" aria-hidden="true"></div>
                </div>
            </div>
            <figcaption class="visually-hidden">
                { format!("A simulated iPhone on its lock screen; its clock reads {}.", now.hh_mm_ss()) }
            </figcaption>
        </figure>
    }
}

/// Cellular signal, Wi-Fi and battery, as in the right half of iOS's status bar.
#[component]
fn StatusIcons() -> Html {
    html! {
        <span class="status-icons" aria-hidden="true">
            <svg class="status-signal" viewBox="0 0 18 12">
                <rect x="0" y="8" width="3" height="4" rx="1" />
                <rect x="5" y="5.5" width="3" height="6.5" rx="1" />
                <rect x="10" y="3" width="3" height="9" rx="1" />
                <rect x="15" y="0" width="3" height="12" rx="1" />
            </svg>
            <svg class="status-wifi" viewBox="0 0 16 12">
                <path d="M8 11.5 5.6 9a3.4 3.4 0 0 1 4.8 0z" />
                <path d="M3.5 6.9a6.4 6.4 0 0 1 9 0l-1.4 1.4a4.4 4.4 0 0 0-6.2 0z" />
                <path d="M1.3 4.7a9.5 9.5 0 0 1 13.4 0l-1.4 1.4a7.5 7.5 0 0 0-10.6 0z" />
            </svg>
            <svg class="status-battery" viewBox="0 0 27 13">
                <rect x="0.5" y="0.5" width="23" height="12" rx="3.5" fill="none"
                    stroke="currentColor" stroke-opacity="0.4" />
                <rect x="2" y="2" width="16" height="9" rx="2" />
                <path d="M25 4.5v4a2 2 0 0 0 0-4z" fill-opacity="0.4" />
            </svg>
        </span>
    }
}
