#!/usr/bin/env bash
# The read API against its own OpenAPI document: schemathesis (property-based, from PyPI) reads
# /api/v1/openapi.json, generates valid and invalid requests for every operation, and checks every
# answer against the document (all checks: no 5xx, documented status codes, content types and
# schemas, invalid input refused, valid input accepted, …). The portal runs on a temporary data
# directory with the demo data, on a free port of 127.0.0.1, and is stopped afterwards. Exits non-zero
# on any failure.
#
# Uses the binary `cargo leptos build` made (target/debug/sangkien, or SANGKIEN_BIN), building it
# when missing. API_FUZZ_EXAMPLES: test cases per operation and phase (default 100, about half a
# minute on 2 cores); API_FUZZ_SEED: replay a run (the seed is printed at the end of every run).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
export PATH="$HOME/.cargo/bin:$PATH"

say() { printf '\033[1;32m==>\033[0m %s\n' "$*"; }

# schemathesis 4 from PyPI, once.
schemathesis_version() {
  python3 -c 'import importlib.metadata as m; print(m.version("schemathesis"))' 2>/dev/null || true
}
if [[ "$(schemathesis_version)" != 4.32.* ]]; then
  say "Installing schemathesis 4.32 (the API fuzzer)"
  python3 -m pip install --quiet --user 'schemathesis==4.32.*' 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages 'schemathesis==4.32.*'
fi
if [[ "$(schemathesis_version)" != 4.32.* ]]; then
  echo "schemathesis 4 could not be installed" >&2
  exit 1
fi

BIN="${SANGKIEN_BIN:-${CARGO_TARGET_DIR:-$ROOT/target}/debug/sangkien}"
if [ ! -x "$BIN" ]; then
  say "Building the portal (debug)"
  cargo build -p server --bin sangkien
fi

WORK="$(mktemp -d -t sangkien-api-fuzz.XXXXXX)"
SERVER_PID=""
cleanup() {
  if [ -n "$SERVER_PID" ]; then
    kill "$SERVER_PID" 2>/dev/null || true
    wait "$SERVER_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

PORT="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
BASE="http://127.0.0.1:$PORT"

say "Starting the portal on $BASE (demo data in $WORK/data)"
(
  # Only this run's settings: none of the caller's SANGKIEN_* variables nor a sangkien.toml.
  for v in $(compgen -e | grep '^SANGKIEN_' || true); do unset "$v"; done
  export SANGKIEN_CONFIG="$WORK/none.toml"
  export SANGKIEN_DATA_DIR="$WORK/data"
  export SANGKIEN_DEMO_DATA=on
  export SANGKIEN_PUBLIC_URL="$BASE"
  export LEPTOS_SITE_ADDR="127.0.0.1:$PORT"
  export LEPTOS_SITE_ROOT="$ROOT/target/site"
  export LEPTOS_OUTPUT_NAME=sangkien
  export RUST_LOG=warn
  exec "$BIN" serve
) >"$WORK/server.log" 2>&1 &
SERVER_PID=$!

# Ready once the demo data is loaded and the search index built.
for _ in $(seq 1 240); do
  if ! kill -0 "$SERVER_PID" 2>/dev/null; then
    echo "the portal stopped before it was ready:" >&2
    tail -n 50 "$WORK/server.log" >&2
    exit 1
  fi
  if python3 -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('$BASE/readyz', timeout=2).status != 200)" 2>/dev/null; then
    break
  fi
  sleep 0.5
done
if ! python3 -c "import sys, urllib.request; sys.exit(urllib.request.urlopen('$BASE/readyz', timeout=2).status != 200)" 2>/dev/null; then
  echo "the portal was not ready within 2 minutes:" >&2
  tail -n 50 "$WORK/server.log" >&2
  exit 1
fi

say "Fuzzing the read API from its OpenAPI document (schemathesis $(schemathesis_version))"
ARGS=(run "$BASE/api/v1/openapi.json"
  --checks all
  --max-examples "${API_FUZZ_EXAMPLES:-100}"
  --generation-database none
  --request-timeout 20
  --no-color)
if [ -n "${API_FUZZ_SEED:-}" ]; then
  ARGS+=(--seed "$API_FUZZ_SEED")
fi
status=0
# Run from the scratch directory: nothing is written into the checkout.
(cd "$WORK" && timeout 600 python3 -c \
  'import sys; from schemathesis.cli import schemathesis; sys.argv[0] = "schemathesis"; sys.exit(schemathesis())' \
  "${ARGS[@]}") || status=$?

if ! kill -0 "$SERVER_PID" 2>/dev/null; then
  echo "the portal died during the run:" >&2
  tail -n 50 "$WORK/server.log" >&2
  status=1
fi
if [ "$status" -ne 0 ]; then
  echo "API fuzzing failed (exit $status); the portal's log ends with:" >&2
  tail -n 30 "$WORK/server.log" >&2
fi
exit "$status"
