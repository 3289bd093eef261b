#!/usr/bin/env bash
# Builds the release site and prints the raw, gzip and brotli size of every file a visitor
# downloads (everything in dist/), and the total.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
./scripts/build.sh >&2
node scripts/size-report.mjs dist
