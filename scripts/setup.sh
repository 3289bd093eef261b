#!/usr/bin/env bash
# Shared set-up for the playground's scripts. Source it, then call the `setup_*` functions you
# need; run it directly to install everything (build tools and the test browser).
#
# Every step checks for the pinned version first and skips the install when it is there, so a
# warm machine passes through in seconds. Nothing here downloads from anywhere but crates.io,
# the npm registry, Debian's packages and rustup's server (see ARCHITECTURE.md).

# Pinned versions. WASM_BINDGEN_VERSION must equal the `wasm-bindgen = "=..."` pin in Cargo.toml.
TRUNK_VERSION=0.21.14
WASM_BINDGEN_VERSION=0.2.130
WASM_TARGET=wasm32-unknown-unknown

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CARGO_HOME="${CARGO_HOME:-$HOME/.cargo}"
export CARGO_HOME
# node_modules/.bin first: Trunk must find npm's wasm-opt (binaryen 132), not an older one.
export PATH="$ROOT/node_modules/.bin:$CARGO_HOME/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CHROMEDRIVER="${CHROMEDRIVER:-/usr/bin/chromedriver}"
export WASM_BINDGEN_TEST_TIMEOUT="${WASM_BINDGEN_TEST_TIMEOUT:-60}"
# Faster, smaller builds of the tools themselves (not of the playground).
INSTALL_PROFILE=(--config profile.release.lto=false --config profile.release.codegen-units=16)

# Prints a heading, runs a command and prints how long it took.
step() {
    local name="$1" start=$SECONDS
    shift
    echo "==> $name"
    "$@"
    echo "    $name: $((SECONDS - start)) s"
}

# Whether `$1 --version` prints exactly `$2` (tool missing counts as no).
has_version() {
    command -v "$1" >/dev/null 2>&1 && [ "$("$1" --version 2>/dev/null | head -n 1)" = "$2" ]
}

# Runs a command as root (directly, or through sudo when we are not root).
as_root() {
    if [ "$(id -u)" -eq 0 ]; then
        "$@"
    elif command -v sudo >/dev/null 2>&1; then
        sudo "$@"
    else
        echo "need root to run: $*" >&2
        return 1
    fi
}

install_wasm_target() {
    if rustup target list --installed | grep -qx "$WASM_TARGET"; then
        echo "    $WASM_TARGET: present"
    else
        rustup target add "$WASM_TARGET"
    fi
}

install_trunk() {
    if has_version trunk "trunk $TRUNK_VERSION"; then
        echo "    trunk $TRUNK_VERSION: present"
    else
        cargo install trunk --version "$TRUNK_VERSION" --locked --force "${INSTALL_PROFILE[@]}"
    fi
}

# wasm-bindgen-cli's own lock file pins webpki-roots 1.0.11, which the registry here does not
# serve: install from a copy of its source with that one dependency moved to 1.0.10.
install_wasm_bindgen() {
    if has_version wasm-bindgen "wasm-bindgen $WASM_BINDGEN_VERSION" &&
        has_version wasm-bindgen-test-runner "wasm-bindgen-test-runner $WASM_BINDGEN_VERSION"; then
        echo "    wasm-bindgen-cli $WASM_BINDGEN_VERSION: present"
        return
    fi
    local crate="wasm-bindgen-cli-$WASM_BINDGEN_VERSION" src work
    src="$(find "$CARGO_HOME/registry/src" -maxdepth 2 -type d -name "$crate" 2>/dev/null | head -n 1)"
    if [ -z "$src" ]; then
        # Unpacks the source into the registry cache; expected to fail on webpki-roots.
        if cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION" --locked --force \
            "${INSTALL_PROFILE[@]}"; then
            return
        fi
        src="$(find "$CARGO_HOME/registry/src" -maxdepth 2 -type d -name "$crate" | head -n 1)"
        [ -n "$src" ] || { echo "could not unpack $crate" >&2; return 1; }
    fi
    work="$(mktemp -d)"
    cp -R "$src" "$work/"
    (
        cd "$work/$crate"
        cargo update -p webpki-roots --precise 1.0.10
        cargo install --path . --locked --force "${INSTALL_PROFILE[@]}"
    )
    rm -rf "$work"
}

# Whether node_modules holds exactly the versions package-lock.json asks for.
npm_in_sync() {
    [ -d "$ROOT/node_modules" ] && (cd "$ROOT" && node -e '
        const lock = require("./package-lock.json");
        for (const [path, meta] of Object.entries(lock.packages)) {
            if (!path) continue;
            let version;
            try { version = require("./" + path + "/package.json").version; } catch { process.exit(1); }
            if (version !== meta.version) process.exit(1);
        }')
}

install_npm_packages() {
    if npm_in_sync; then
        echo "    npm packages: present"
    else
        (cd "$ROOT" && npm ci --no-audit --no-fund)
    fi
}

install_browser() {
    if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
        echo "    chromium and chromedriver: present"
    else
        as_root apt-get update
        as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
            chromium chromium-driver
    fi
}

# Downloads every crate the workspace needs, so Trunk's offline builds find them.
fetch_crates() {
    (cd "$ROOT" && cargo fetch)
}

# The tools that build the site: wasm target, Trunk, wasm-bindgen, wasm-opt, crates.
setup_build_tools() {
    step "wasm32 target" install_wasm_target
    step "trunk $TRUNK_VERSION" install_trunk
    step "wasm-bindgen-cli $WASM_BINDGEN_VERSION" install_wasm_bindgen
    step "npm packages" install_npm_packages
    step "cargo fetch" fetch_crates
}

# What the browser tests need on top: Debian's Chromium and ChromeDriver.
setup_test_tools() {
    step "chromium" install_browser
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    setup_build_tools
    setup_test_tools
fi
