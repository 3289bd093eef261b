#!/usr/bin/env bash
# Runs every check and test, installing whatever is missing first (scripts/setup.sh):
#   formatting and lints, native tests (engine and app), the app in headless Chromium
#   (wasm-bindgen-test), then end-to-end tests of the release site (playwright-core).
# Stops at the first failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh
started=$SECONDS
setup_build_tools
setup_test_tools

step "format" cargo fmt --all --check
step "clippy" cargo clippy --workspace --all-targets -- -D warnings
step "clippy (app for wasm32)" \
    cargo clippy -p playground --target "$WASM_TARGET" --all-targets --no-deps -- -D warnings
step "native tests" cargo test --workspace
step "browser tests (wasm-bindgen-test in headless Chromium)" \
    cargo test -p playground --target "$WASM_TARGET" --test browser
# The engine must give byte-identical runs natively and in the browser: hash 1,000 random
# three-day runs natively, then check the wasm engine in Chromium gets the same digest.
export ENGINE_DIGEST_RUNS=1000
NATIVE_ENGINE_DIGEST=$(cargo run -q -p engine --release --example digest -- "$ENGINE_DIGEST_RUNS")
export NATIVE_ENGINE_DIGEST
echo "native engine digest of $ENGINE_DIGEST_RUNS random runs: $NATIVE_ENGINE_DIGEST"
step "determinism (the same runs in wasm in Chromium)" \
    env WASM_BINDGEN_TEST_TIMEOUT=600 \
    cargo test -p playground --target "$WASM_TARGET" --test determinism
step "release build" trunk build --release
# A test that hangs (a page that never answers) fails after 10 minutes, naming itself, instead of
# holding the run forever; the slowest describe block takes under 2 minutes.
step "end-to-end tests (playwright-core in Chromium)" \
    node --test --test-timeout=600000 tests/e2e/*.test.mjs
echo "==> all tests passed in $((SECONDS - started)) s (screenshots: tests/e2e/screenshots/)"
