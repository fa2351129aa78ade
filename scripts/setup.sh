#!/usr/bin/env bash
# One command from a fresh machine to a working Ibex: system packages (protoc),
# pnpm, node modules, Python Ibis for the benchmarks, the Rust addon and every
# TS package, then the demo.
#   bash scripts/setup.sh            # install + build + run the demo
#   bash scripts/setup.sh --no-demo  # install + build only (used by scripts/test.sh)
set -euo pipefail
cd "$(dirname "$0")/.."

PNPM_VERSION=10.34.8
export TURBO_TELEMETRY_DISABLED=1
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ibex/cargo-target}"
IBEX_VENV="${IBEX_VENV:-$HOME/.cache/ibex/venv}"
step() { printf '\n== %s\n' "$*"; }

step "system packages"
if ! command -v protoc >/dev/null 2>&1; then
  # protoc is needed by the `substrait` crate's build script and by our TS codegen.
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq protobuf-compiler >/dev/null
fi
protoc --version
command -v cargo >/dev/null 2>&1 || { echo "cargo not found: install Rust with rustup (https://rustup.rs)"; exit 1; }
cargo --version

step "pnpm $PNPM_VERSION"
if [ "$(pnpm --version 2>/dev/null || true)" != "$PNPM_VERSION" ]; then
  npm install --global --silent "pnpm@$PNPM_VERSION"
fi

step "node modules"
pnpm install --frozen-lockfile --reporter=silent

step "Python Ibis for the benchmarks (venv: $IBEX_VENV)"
# `pnpm bench` compares build + compile latency with Python Ibis; a venv keeps
# it off the system Python. pip installs only when requirements change.
if [ ! -x "$IBEX_VENV/bin/python" ] && ! python3 -m venv "$IBEX_VENV" 2>/dev/null; then
  # Debian's python3 ships venv separately.
  SUDO=""
  if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
  rm -rf "$IBEX_VENV"
  python3 -m venv "$IBEX_VENV"
fi
if ! cmp -s bench/python/requirements.txt "$IBEX_VENV/.requirements.txt"; then
  "$IBEX_VENV/bin/pip" install --quiet --disable-pip-version-check -r bench/python/requirements.txt
  cp bench/python/requirements.txt "$IBEX_VENV/.requirements.txt"
fi

step "build (Rust addon + TypeScript, via turbo; cargo target: $CARGO_TARGET_DIR)"
pnpm exec turbo run build --output-logs=errors-only

if [ "${1:-}" != "--no-demo" ]; then
  step "demo"
  node examples/dist/demo.js
fi
