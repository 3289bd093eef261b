//! Device models, their capabilities, and the state the user toggles.

use serde::{Deserialize, Serialize};

/// A device the simulation can run on.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceModel {
    /// An iPhone with a Dynamic Island (iPhone 17 Pro class).
    #[default]
    IphoneDynamicIsland,
    /// An iPhone without a Dynamic Island (iPhone SE class): continued tasks show as a banner.
    IphoneClassic,
    /// An M-series iPad (iPad Pro class).
    IpadM,
    /// The iOS Simulator in Xcode: background tasks are unavailable there.
    Simulator,
}

impl DeviceModel {
    /// Every model, in menu order.
    pub const ALL: [DeviceModel; 4] = [
        DeviceModel::IphoneDynamicIsland,
        DeviceModel::IphoneClassic,
        DeviceModel::IpadM,
        DeviceModel::Simulator,
    ];

    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            DeviceModel::IphoneDynamicIsland => "iPhone 17 Pro (Dynamic Island)",
            DeviceModel::IphoneClassic => "iPhone SE (no Dynamic Island)",
            DeviceModel::IpadM => "iPad Pro (M-series)",
            DeviceModel::Simulator => "Xcode Simulator",
        }
    }

    /// What this model can do.
    pub fn capabilities(self) -> Capabilities {
        match self {
            DeviceModel::IphoneDynamicIsland => Capabilities {
                dynamic_island: true,
                is_ipad: false,
                background_gpu: false,
                background_tasks_available: true,
            },
            DeviceModel::IphoneClassic => Capabilities {
                dynamic_island: false,
                is_ipad: false,
                background_gpu: false,
                background_tasks_available: true,
            },
            DeviceModel::IpadM => Capabilities {
                dynamic_island: false,
                is_ipad: true,
                background_gpu: true,
                background_tasks_available: true,
            },
            DeviceModel::Simulator => Capabilities {
                dynamic_island: true,
                is_ipad: false,
                background_gpu: false,
                background_tasks_available: false,
            },
        }
    }
}

/// Capabilities of a device model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Capabilities {
    /// Continued tasks appear in the Dynamic Island (otherwise as a banner).
    pub dynamic_island: bool,
    /// iPads may run processing on battery at 75 % or more ([DECOMP] Battery Level Policy).
    pub is_ipad: bool,
    /// `BGTaskScheduler.supportedResources` contains `.gpu` (iPad only, as observed in forums).
    pub background_gpu: bool,
    /// `submit` works at all (not in the Simulator: error 1, unavailable).
    pub background_tasks_available: bool,
}

/// Network reachability.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Network {
    /// Wi-Fi.
    #[default]
    Wifi,
    /// Cellular data.
    Cellular,
    /// No network at all.
    Offline,
}

impl Network {
    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            Network::Wifi => "Wi-Fi",
            Network::Cellular => "cellular",
            Network::Offline => "offline",
        }
    }
}

/// `ProcessInfo.ThermalState`, with the dasd thermal level it maps to.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum Thermal {
    /// Nominal.
    #[default]
    Nominal,
    /// Fair.
    Fair,
    /// Serious.
    Serious,
    /// Critical.
    Critical,
}

impl Thermal {
    /// Every state, coolest first.
    pub const ALL: [Thermal; 4] = [
        Thermal::Nominal,
        Thermal::Fair,
        Thermal::Serious,
        Thermal::Critical,
    ];

    /// dasd's thermal level (0, 10, 20, 30); the mapping from the public states is inferred.
    pub fn level(self) -> u8 {
        match self {
            Thermal::Nominal => 0,
            Thermal::Fair => 10,
            Thermal::Serious => 20,
            Thermal::Critical => 30,
        }
    }

    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            Thermal::Nominal => "nominal",
            Thermal::Fair => "fair",
            Thermal::Serious => "serious",
            Thermal::Critical => "critical",
        }
    }
}

/// What the screen is doing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Screen {
    /// Unlocked and being used.
    InUse,
    /// Unlocked but nobody touches it (screen dims, then locks).
    Idle,
    /// Locked.
    #[default]
    Locked,
}

impl Screen {
    /// Display name.
    pub fn label(self) -> &'static str {
        match self {
            Screen::InUse => "in use",
            Screen::Idle => "idle",
            Screen::Locked => "locked",
        }
    }
}

/// Foreground memory pressure.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MemoryPressure {
    /// Normal.
    #[default]
    Normal,
    /// A heavy foreground app (e.g. Safari with many tabs, a game) wants memory.
    High,
}

/// Everything about the device that policies read. The battery level changes with time; the rest
/// changes by user action or scenario input.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeviceState {
    /// Connected to a charger.
    pub plugged_in: bool,
    /// Battery level, 0..=100.
    pub battery: f64,
    /// Low Power Mode switch.
    pub low_power_mode: bool,
    /// Network reachability.
    pub network: Network,
    /// Low Data Mode on the current network.
    pub low_data_mode: bool,
    /// Thermal state.
    pub thermal: Thermal,
    /// The screen.
    pub screen: Screen,
    /// Unlocked at least once since boot (class C data protection available).
    pub unlocked_since_boot: bool,
    /// A phone call is active.
    pub call_active: bool,
    /// The camera is in use.
    pub camera_active: bool,
    /// Foreground CPU load, 0..=100.
    pub foreground_cpu: f64,
    /// Foreground memory pressure.
    pub memory_pressure: MemoryPressure,
    /// The global Background App Refresh switch (Settings > General).
    pub background_app_refresh_global: bool,
}

impl Default for DeviceState {
    fn default() -> Self {
        DeviceState {
            plugged_in: false,
            battery: 80.0,
            low_power_mode: false,
            network: Network::Wifi,
            low_data_mode: false,
            thermal: Thermal::Nominal,
            screen: Screen::Locked,
            unlocked_since_boot: true,
            call_active: false,
            camera_active: false,
            foreground_cpu: 10.0,
            memory_pressure: MemoryPressure::Normal,
            background_app_refresh_global: true,
        }
    }
}

impl DeviceState {
    /// The device counts as active (in use) for dasd's Device Activity Policy.
    pub fn is_active(&self) -> bool {
        self.screen == Screen::InUse || self.call_active || self.camera_active
    }

    /// Some network is reachable.
    pub fn has_network(&self) -> bool {
        self.network != Network::Offline
    }

    /// Clamp numbers into their ranges (after loading a scenario or applying an input).
    pub fn sanitize(&mut self) {
        self.battery = if self.battery.is_finite() {
            self.battery.clamp(0.0, 100.0)
        } else {
            50.0
        };
        self.foreground_cpu = if self.foreground_cpu.is_finite() {
            self.foreground_cpu.clamp(0.0, 100.0)
        } else {
            0.0
        };
    }
}
