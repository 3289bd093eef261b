//! The engine gives byte-identical results in the browser (wasm) and natively: the same random
//! runs hash to the digest that `cargo run -p engine --release --example digest` printed
//! natively, passed in at compile time as `NATIVE_ENGINE_DIGEST` by scripts/test.sh.
#![cfg(target_arch = "wasm32")]

use engine::time::Duration;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// Runs hashed on both sides (scripts/test.sh passes the same count to the native example).
const RUNS: u64 = 100;

#[wasm_bindgen_test]
fn random_runs_hash_the_same_as_natively() {
    // Not `env!`: the lint step compiles this test before the digest exists.
    let Some(native) = option_env!("NATIVE_ENGINE_DIGEST") else {
        panic!("build this test through scripts/test.sh, which sets NATIVE_ENGINE_DIGEST");
    };
    let here = format!(
        "{:016x}",
        engine::digest::digest(RUNS, Duration::from_days(3))
    );
    assert_eq!(
        here,
        native.trim(),
        "the wasm engine diverged from the native one"
    );
}
