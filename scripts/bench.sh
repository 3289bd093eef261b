#!/usr/bin/env bash
# The benchmarks (numbers, not timed tests; a missed goal fails nothing), installing whatever is
# missing first (scripts/setup.sh). Prints one table, metric | measured | goal | ok?:
#   - the engine's 30 busy virtual days (engine::bench) natively and as wasm inside Chromium,
#     and their ratio;
#   - the release bundle's size (everything in dist/, brotli);
#   - first contentful paint and time to interactive of the release build, cold loads;
#   - p95 frame time at 3600x with the timeline on screen (tick frames, and every frame);
#   - time to scrub to random points of a 7-day run.
# Builds into a temporary folder (never dist/); scripts/bench.mjs does the measuring.
# BENCH_JSON=<file> also writes the table as JSON; BENCH_TRACE=<file> keeps the frame trace.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh
setup_build_tools >&2
setup_test_tools >&2

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

{
    step "engine benchmark, native" \
        cargo build -q -p engine --release --example bench
    cargo run -q -p engine --release --example bench -- --scenario >"$work/busy.json"

    # The same workload for wasm32 with the release profile the site ships with, then the
    # wasm-opt level index.html gives Trunk (data-wasm-opt), as Trunk runs it.
    step "engine benchmark, wasm" \
        cargo build -q -p engine-wasm-bench --release --target "$WASM_TARGET"
    level="$(sed -n 's/.*data-wasm-opt="\([^"]*\)".*/\1/p' index.html | head -n 1)"
    params="$(sed -n 's/.*data-wasm-opt-params="\([^"]*\)".*/\1/p' index.html | head -n 1)"
    if [ -n "$level" ] && [ "$level" != 0 ]; then
        # shellcheck disable=SC2086 # the params are separate words, as Trunk splits them
        wasm-opt "-O$level" "target/$WASM_TARGET/release/engine_wasm_bench.wasm" \
            --output "$work/engine.wasm" $params
    else
        cp "target/$WASM_TARGET/release/engine_wasm_bench.wasm" "$work/engine.wasm"
    fi

    step "release build (into a temporary folder)" \
        trunk build --release --dist "$work/dist"
} >&2

PLAYGROUND_DIST="$work/dist" node scripts/bench.mjs \
    --wasm "$work/engine.wasm" --scenario "$work/busy.json" \
    ${BENCH_JSON:+--json "$BENCH_JSON"}
