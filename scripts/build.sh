#!/usr/bin/env bash
# Builds the release site into dist/ (what to deploy), installing whatever is missing first.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh
setup_build_tools
step "release build" trunk build --release
