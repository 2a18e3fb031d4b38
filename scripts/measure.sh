#!/usr/bin/env bash
# Measures what docs/PERFORMANCE.md reports: the size of what a phone downloads (release build), and
# the latency of public pages under a short local load. A benchmark, not a test: figures are noisy on
# a shared 2-core machine; compare them as ratios within one run.
# Needs: a release build (cargo leptos build --release), brotli, gzip, wrk (Debian packages).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
PKG=target/site/pkg
for tool in brotli gzip wrk curl; do command -v $tool >/dev/null || { echo "missing $tool (apt-get install $tool)" >&2; exit 1; }; done

size() { printf '%-28s %9s B raw %9s B gzip %9s B brotli\n' "$1" "$(wc -c <"$1")" "$(gzip -9c "$1" | wc -c)" "$(brotli -q 11 -c "$1" | wc -c)"; }
echo "## Download sizes (release)"
for f in "$PKG"/sangkien_bg.wasm "$PKG"/sangkien.wasm "$PKG"/sangkien.js "$PKG"/sangkien.css; do [ -f "$f" ] && size "$f"; done

PORT=${PORT:-3500}
DATA=$(mktemp -d)
# DOCS=100000 measures the pages over that many recognised entries (the search benchmark's corpus,
# loaded with `sangkien import`) instead of the demo data.
DOCS=${DOCS:-0}
if [ "$DOCS" -gt 0 ]; then
  echo
  echo "## Loading $DOCS synthetic recognised entries (sangkien import, then reindex)"
  target/release/sangkien bench-search --docs "$DOCS" --write-import "$DATA/corpus.jsonl"
  start=$(date +%s)
  SANGKIEN_DATA_DIR="$DATA" RUST_LOG=warn target/release/sangkien import "$DATA/corpus.jsonl" 2>/dev/null | tail -1
  echo "import: $(( $(date +%s) - start )) s"
  start=$(date +%s)
  SANGKIEN_DATA_DIR="$DATA" RUST_LOG=warn target/release/sangkien reindex | tail -1
  echo "reindex: $(( $(date +%s) - start )) s"
fi
SANGKIEN_DATA_DIR="$DATA" LEPTOS_SITE_ADDR=127.0.0.1:$PORT LEPTOS_SITE_ROOT=target/site LEPTOS_OUTPUT_NAME=sangkien RUST_LOG=warn \
  target/release/sangkien serve >/dev/null 2>&1 &
PID=$!
trap 'kill $PID 2>/dev/null; rm -rf "$DATA"' EXIT
for _ in $(seq 1 300); do curl -sf "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 1; done

echo
echo "## Home page HTML"
printf 'bytes: %s raw, %s compressed (br)\n' "$(curl -s "http://127.0.0.1:$PORT/" | wc -c)" "$(curl -s -H 'Accept-Encoding: br' "http://127.0.0.1:$PORT/" | wc -c)"

echo
echo "## Latency under load (wrk, 2 threads, 8 connections, 10 s each, loopback)"
PATHS=("/" "/tim-kiem?q=chuyen+doi+so" "/sang-kien/2" "/api/v1/initiatives?q=du+lich")
if [ "$DOCS" -gt 0 ]; then
  # At scale also: a quoted phrase, a search without words (every entry), and one with a facet filter.
  PATHS+=("/tim-kiem?q=%22truy+xuat+nguon+goc%22" "/tim-kiem" "/tim-kiem?q=nong+san&linh-vuc=nong_nghiep")
fi
for path in "${PATHS[@]}"; do
  echo "### $path"
  curl -s -o /dev/null -w 'one request: %{time_total} s\n' "http://127.0.0.1:$PORT$path"
  wrk -t2 -c8 -d10s --latency "http://127.0.0.1:$PORT$path" | grep -E "Latency|50%|99%|Requests/sec"
done
