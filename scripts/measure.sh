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
  cargo build -q --release -p server --example bench_search
  target/release/examples/bench_search --docs "$DOCS" --write-import "$DATA/corpus.jsonl"
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

if [ "$DOCS" -gt 0 ]; then
  # Many different searches at once, as when many people search different things: two topics of the
  # corpus and a page (1,740 addresses, each asked again only after the 869 that follow it, more
  # than the 512 answers the index keeps), so nearly every request is answered from the index
  # afresh, not from memory. The two wrk threads start half the list apart.
  TOPICS=(chuyen+doi+so ho+so thu+tuc dich+vu+cong truc+tuyen ban+do du+lich thanh+toan tien+mat
    suc+khoe dien+tu truy+xuat nguon+goc nong+san bo+sua hoa+giai co+so du+lieu dat+dai hoc+ba
    giao+thong hoa+don tuoi+tieu chu+ky+so can+bo canh+bao sat+lo phong+hop thuong+mai tro+ly+ao)
  LUA="$DATA/searches.lua"
  {
    echo 'paths = {'
    for a in "${TOPICS[@]}"; do
      for b in "${TOPICS[@]}"; do
        [ "$a" = "$b" ] && continue
        for page in 1 2; do echo "\"/tim-kiem?q=$a+$b&trang=$page\","; done
      done
    done
    echo '}'
    echo 'local threads = 0'
    echo 'function setup(thread) thread:set("id", threads); threads = threads + 1 end'
    echo 'function init(args) i = id * math.floor(#paths / 2) end'
    echo 'function request() i = i % #paths + 1; return wrk.format("GET", paths[i]) end'
  } >"$LUA"
  echo "### 1,740 different searches (two topics, a page), nearly all answered afresh"
  wrk -t2 -c8 -d20s --latency -s "$LUA" "http://127.0.0.1:$PORT" | grep -E "Latency|50%|99%|Requests/sec|Non-2xx"
fi
