#!/usr/bin/env bash
# Installs what building and testing Sáng kiến số needs, skipping whatever is already there.
# Idempotent; safe to run on every start. Sourced by dev.sh and test.sh (it exports PATH).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
export PATH="$HOME/.cargo/bin:$ROOT/end2end/node_modules/.bin:$PATH"

say() { printf '\033[1;32m==>\033[0m %s\n' "$*"; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v cargo >/dev/null; then
  echo "cargo not found: install Rust with rustup first" >&2; exit 1
fi

if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
  say "Adding the wasm32 target"
  rustup target add wasm32-unknown-unknown
fi

CARGO_LEPTOS_VERSION=0.3.10
if ! cargo leptos --version 2>/dev/null | grep -q "$CARGO_LEPTOS_VERSION"; then
  say "Installing cargo-leptos $CARGO_LEPTOS_VERSION (about 20 minutes on 2 cores, once)"
  cargo install cargo-leptos --version "$CARGO_LEPTOS_VERSION" --locked --features no_downloads
fi

# wasm-bindgen-cli must match the wasm-bindgen crate in Cargo.lock exactly.
WBG_VERSION=$(awk '/^name = "wasm-bindgen"$/{getline; gsub(/version = |"/,""); print; exit}' "$ROOT/Cargo.lock")
if ! wasm-bindgen --version 2>/dev/null | grep -q " $WBG_VERSION\$"; then
  say "Installing wasm-bindgen-cli $WBG_VERSION"
  cargo install wasm-bindgen-cli --version "$WBG_VERSION"
fi

# cargo-deny: licences, bans, duplicate versions and sources of the dependencies (deny.toml).
CARGO_DENY_VERSION=0.20.2
if ! cargo deny --version 2>/dev/null | grep -q " $CARGO_DENY_VERSION\$"; then
  say "Installing cargo-deny $CARGO_DENY_VERSION (about 10 minutes on 2 cores, once)"
  cargo install cargo-deny --version "$CARGO_DENY_VERSION" --locked
fi

# npm: Playwright and binaryen's wasm-opt (Debian's binaryen breaks hydration). Reinstalled when the
# lockfile changes.
STAMP="$ROOT/end2end/node_modules/.installed-lock"
if [ ! -f "$STAMP" ] || ! cmp -s "$ROOT/end2end/package-lock.json" "$STAMP"; then
  say "Installing npm packages (Playwright, binaryen)"
  (cd "$ROOT/end2end" && npm ci --no-audit --no-fund)
  cp "$ROOT/end2end/package-lock.json" "$STAMP"
fi

if [ ! -x /usr/bin/chromium ]; then
  say "Installing Chromium from Debian"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium
fi

# The document tests read PDFs back: pdftotext (the text) and pdftoppm (a page as an image).
if ! command -v pdftotext >/dev/null || ! command -v pdftoppm >/dev/null; then
  say "Installing poppler-utils (pdftotext, pdftoppm) from Debian"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils
fi

# The tests' SMTP server (scripts/smtp_sink.py) runs on Python's aiosmtpd, from PyPI.
if command -v python3 >/dev/null && ! python3 -c "import aiosmtpd" 2>/dev/null; then
  say "Installing aiosmtpd (the test SMTP server)"
  python3 -m pip install --quiet --user aiosmtpd 2>/dev/null \
    || python3 -m pip install --quiet --break-system-packages aiosmtpd
fi
