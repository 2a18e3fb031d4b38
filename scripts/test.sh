#!/usr/bin/env bash
# Second README command: every test. Rust (unit, service and HTTP tests on SQLite), then the browser
# tests in Chromium, once with JavaScript and once without. Set DATABASE_URL=postgres://… to run the
# Rust service and HTTP tests on PostgreSQL as well (.ci/run does).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
source scripts/setup.sh

source scripts/watchdog.sh

say "Dependencies: licences, bans, duplicate versions, sources (cargo deny; advisories need the network)"
cargo deny check licenses bans sources

say "Structure rules (domain areas one way, files under 800 lines, addresses from the route table, thin server functions)"
python3 scripts/check_structure.py

say "Rust tests (SQLite)"
env -u DATABASE_URL cargo test --workspace --exclude frontend

if [ -n "${DATABASE_URL:-}" ]; then
  say "Rust service and HTTP tests (PostgreSQL at $DATABASE_URL)"
  cargo test -p domain -p server
fi

say "Building the portal for the browser tests"
cargo leptos build

say "API fuzzing (schemathesis against /api/v1/openapi.json)"
bash scripts/api_fuzz.sh

say "Browser tests (Chromium; with and without JavaScript)"
cd end2end
npx playwright test
