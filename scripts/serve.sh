#!/usr/bin/env bash
# Builds the playground and serves it on http://127.0.0.1:8080, installing whatever is missing
# first (scripts/setup.sh). Trunk rebuilds on every change; reload the page by hand.
# Extra arguments go to `trunk serve` (e.g. `--release`, `--port 9000`).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
# shellcheck source=scripts/setup.sh
source scripts/setup.sh
setup_build_tools
echo "==> serving on http://127.0.0.1:8080/ (Ctrl-C stops)"
exec trunk serve --address 127.0.0.1 --port 8080 "$@"
