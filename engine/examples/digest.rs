//! Prints the fingerprint of N random three-day runs (default 100), for comparing the engine's
//! results across targets: `cargo run -p engine --release --example digest -- 100`.

use engine::time::Duration;

fn main() {
    let count = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(100);
    println!(
        "{:016x}",
        engine::digest::digest(count, Duration::from_days(3))
    );
}
