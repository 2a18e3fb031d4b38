#!/usr/bin/env bash
# First README command: sets up what is missing, builds, and runs the portal on embedded SQLite with
# demo data (./data). Set SANGKIEN_BUILD=debug for a faster, unoptimised build.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/setup.sh

PROFILE="${SANGKIEN_BUILD:-release}"
if [ "$PROFILE" = release ]; then
  say "Building (release)"
  cargo leptos build --release
else
  say "Building (debug)"
  cargo leptos build
fi

export SANGKIEN_DATA_DIR="${SANGKIEN_DATA_DIR:-./data}"
export SANGKIEN_DEMO_DATA="${SANGKIEN_DEMO_DATA:-on}"
export LEPTOS_SITE_ADDR="${LEPTOS_SITE_ADDR:-127.0.0.1:${PORT:-3000}}"
export LEPTOS_SITE_ROOT="${LEPTOS_SITE_ROOT:-target/site}"
export LEPTOS_OUTPUT_NAME=sangkien
say "Starting the portal (Ctrl+C stops it)"
exec "target/$PROFILE/sangkien" serve
