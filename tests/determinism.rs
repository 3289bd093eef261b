//! The engine gives byte-identical results in the browser (wasm) and natively: the same random
//! runs hash to the digest that `cargo run -p engine --release --example digest` printed
//! natively, passed in at compile time as `NATIVE_ENGINE_DIGEST` (with the number of runs,
//! `ENGINE_DIGEST_RUNS`) by scripts/test.sh.
#![cfg(target_arch = "wasm32")]

use engine::time::Duration;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
fn random_runs_hash_the_same_as_natively() {
    // Not `env!`: the lint step compiles this test before the digest exists.
    let Some(native) = option_env!("NATIVE_ENGINE_DIGEST") else {
        panic!("build this test through scripts/test.sh, which sets NATIVE_ENGINE_DIGEST");
    };
    // The number of runs hashed natively, so both sides hash the same runs.
    let Some(runs) = option_env!("ENGINE_DIGEST_RUNS").and_then(|n| n.parse().ok()) else {
        panic!("build this test through scripts/test.sh, which sets ENGINE_DIGEST_RUNS");
    };
    let here = format!(
        "{:016x}",
        engine::digest::digest(runs, Duration::from_days(3))
    );
    assert_eq!(
        here,
        native.trim(),
        "the wasm engine diverged from the native one"
    );
}
