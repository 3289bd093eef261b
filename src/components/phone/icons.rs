//! App icons drawn in SVG: our app's, and the stock apps that fill the home screen around it.

use engine::time::Instant;
use yew::prelude::*;

/// A stock app on the home screen (decoration: only our app opens).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StockApp {
    Calendar,
    Photos,
    Camera,
    Mail,
    Clock,
    Weather,
    Maps,
    Notes,
    AppStore,
    Settings,
    Health,
    Phone,
    Safari,
    Messages,
    Music,
}

impl StockApp {
    /// The grid, in iOS's default order.
    pub const GRID: [StockApp; 11] = [
        StockApp::Calendar,
        StockApp::Photos,
        StockApp::Camera,
        StockApp::Mail,
        StockApp::Clock,
        StockApp::Weather,
        StockApp::Maps,
        StockApp::Notes,
        StockApp::AppStore,
        StockApp::Health,
        StockApp::Settings,
    ];

    /// The dock.
    pub const DOCK: [StockApp; 4] = [
        StockApp::Phone,
        StockApp::Safari,
        StockApp::Messages,
        StockApp::Music,
    ];

    /// The name under the icon.
    pub fn name(self) -> &'static str {
        match self {
            StockApp::Calendar => "Calendar",
            StockApp::Photos => "Photos",
            StockApp::Camera => "Camera",
            StockApp::Mail => "Mail",
            StockApp::Clock => "Clock",
            StockApp::Weather => "Weather",
            StockApp::Maps => "Maps",
            StockApp::Notes => "Notes",
            StockApp::AppStore => "App Store",
            StockApp::Settings => "Settings",
            StockApp::Health => "Health",
            StockApp::Phone => "Phone",
            StockApp::Safari => "Safari",
            StockApp::Messages => "Messages",
            StockApp::Music => "Music",
        }
    }

    fn class(self) -> &'static str {
        match self {
            StockApp::Calendar => "icon-calendar",
            StockApp::Photos => "icon-photos",
            StockApp::Camera => "icon-camera",
            StockApp::Mail => "icon-mail",
            StockApp::Clock => "icon-clock",
            StockApp::Weather => "icon-weather",
            StockApp::Maps => "icon-maps",
            StockApp::Notes => "icon-notes",
            StockApp::AppStore => "icon-app-store",
            StockApp::Settings => "icon-settings",
            StockApp::Health => "icon-health",
            StockApp::Phone => "icon-phone",
            StockApp::Safari => "icon-safari",
            StockApp::Messages => "icon-messages",
            StockApp::Music => "icon-music",
        }
    }

    /// The icon's glyph, drawn on a 60×60 grid over a plate the CSS paints (the Calendar shows
    /// today's date).
    pub fn icon(self, today: Instant) -> Html {
        let glyph = match self {
            StockApp::Calendar => html! {
                <>
                    <text class="calendar-day" x="30" y="19" text-anchor="middle">
                        { today.weekday().short_name().to_uppercase() }
                    </text>
                    <text class="calendar-date" x="30" y="47" text-anchor="middle">
                        { today.date().day.to_string() }
                    </text>
                </>
            },
            StockApp::Photos => html! {
                <g transform="translate(30 30)">
                    <ellipse rx="6" ry="11" cy="-10" fill="#ff9f0a" opacity="0.9" />
                    <ellipse rx="6" ry="11" cy="-10" fill="#ffd60a" opacity="0.9" transform="rotate(45)" />
                    <ellipse rx="6" ry="11" cy="-10" fill="#30d158" opacity="0.9" transform="rotate(90)" />
                    <ellipse rx="6" ry="11" cy="-10" fill="#64d2ff" opacity="0.9" transform="rotate(135)" />
                    <ellipse rx="6" ry="11" cy="-10" fill="#0a84ff" opacity="0.9" transform="rotate(180)" />
                    <ellipse rx="6" ry="11" cy="-10" fill="#bf5af2" opacity="0.9" transform="rotate(225)" />
                    <ellipse rx="6" ry="11" cy="-10" fill="#ff375f" opacity="0.9" transform="rotate(270)" />
                    <ellipse rx="6" ry="11" cy="-10" fill="#ff453a" opacity="0.9" transform="rotate(315)" />
                </g>
            },
            StockApp::Camera => html! {
                <>
                    <rect x="12" y="20" width="36" height="24" rx="5" fill="#3a3a3c" />
                    <rect x="23" y="16" width="14" height="6" rx="2" fill="#3a3a3c" />
                    <circle cx="30" cy="32" r="8" fill="#1c1c1e" stroke="#8e8e93" stroke-width="2" />
                </>
            },
            StockApp::Mail => html! {
                <>
                    <rect x="12" y="18" width="36" height="25" rx="3" fill="#ffffff" />
                    <path d="M13 20l17 13 17-13" fill="none" stroke="#0a84ff" stroke-width="2.4" />
                </>
            },
            StockApp::Clock => html! {
                <>
                    <circle cx="30" cy="30" r="21" fill="#ffffff" />
                    <path d="M30 16v14l9 6" fill="none" stroke="#1c1c1e" stroke-width="2.6"
                        stroke-linecap="round" />
                    <circle cx="30" cy="30" r="2" fill="#ff9f0a" />
                </>
            },
            StockApp::Weather => html! {
                <>
                    <circle cx="24" cy="24" r="9" fill="#ffd60a" />
                    <path d="M20 44h22a7 7 0 0 0 0-14 10 10 0 0 0-19 2 6 6 0 0 0-3 12z" fill="#ffffff" />
                </>
            },
            StockApp::Maps => html! {
                <>
                    <path d="M0 38 60 20v8L0 46z" fill="#ffd60a" />
                    <path d="M34 0h8L30 60h-8z" fill="#ffffff" opacity="0.9" />
                    <circle cx="40" cy="20" r="7" fill="#0a84ff" stroke="#ffffff" stroke-width="2.5" />
                </>
            },
            StockApp::Notes => html! {
                <>
                    <rect x="0" y="0" width="60" height="16" fill="#ffd60a" />
                    <path d="M10 28h40M10 38h40M10 48h28" stroke="#d1d1d6" stroke-width="2" />
                </>
            },
            StockApp::AppStore => html! {
                <path d="M22 44 33 24M38 44 27 24M17 38h26" fill="none" stroke="#ffffff"
                    stroke-width="4" stroke-linecap="round" />
            },
            StockApp::Health => html! {
                <path d="M30 45c-10-7-16-12-16-19a8 8 0 0 1 16-3 8 8 0 0 1 16 3c0 7-6 12-16 19z"
                    fill="#ff375f" />
            },
            StockApp::Settings => html! {
                <>
                    <circle cx="30" cy="30" r="17" fill="none" stroke="#d1d1d6" stroke-width="7"
                        stroke-dasharray="4.5 4.4" />
                    <circle cx="30" cy="30" r="13" fill="#8e8e93" />
                    <circle cx="30" cy="30" r="6" fill="#d1d1d6" />
                </>
            },
            StockApp::Phone => html! {
                <path d="M22 15c2 0 5 7 5 8s-3 3-3 4c0 3 6 9 9 9 1 0 3-3 4-3s8 3 8 5c0 3-4 7-7 7-10 0-24-14-24-24 0-3 4-6 8-6z"
                    fill="#ffffff" />
            },
            StockApp::Safari => html! {
                <>
                    <circle cx="30" cy="30" r="21" fill="#ffffff" />
                    <path d="M38 22 33 33 22 38 27 27z" fill="#ff453a" />
                    <path d="M22 38 27 27 33 33z" fill="#e5e5ea" />
                </>
            },
            StockApp::Messages => html! {
                <path d="M30 14c11 0 19 7 19 15s-8 15-19 15c-2 0-4 0-6-1l-8 4 2-7c-4-3-7-7-7-11 0-8 8-15 19-15z"
                    fill="#ffffff" />
            },
            StockApp::Music => html! {
                <path d="M25 40V20l16-4v20" fill="none" stroke="#ffffff" stroke-width="3.5"
                    stroke-linejoin="round" />
            },
        };
        html! {
            <svg class={classes!("app-icon", self.class())} viewBox="0 0 60 60" aria-hidden="true">
                { glyph }
            </svg>
        }
    }
}

/// Our app's icon: its initial on a blue gradient (`class` sizes it).
pub fn our_app_icon(name: &str, class: &'static str) -> Html {
    let initial: String = name.chars().take(1).collect();
    // The initial is drawn by CSS (`content: attr(data-initial)`), not as text: a button around
    // the icon is named "Open Photos", and a visible "P" would not be part of that name.
    html! {
        <span class={classes!("app-icon", "icon-ours", class)} aria-hidden="true"
            data-initial={initial}></span>
    }
}
