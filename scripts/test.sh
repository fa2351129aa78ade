#!/usr/bin/env bash
# Runs every test: builds what is needed (scripts/setup.sh --no-demo), then
# typecheck, lint, all vitest projects and the Rust tests, and ends with one
# line `N passed, N failed` totalling vitest and cargo.
set -uo pipefail
cd "$(dirname "$0")/.."
export TURBO_TELEMETRY_DISABLED=1
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/ibex/cargo-target}"
out=.ci/out
mkdir -p "$out"
started=$(date +%s)

bash scripts/setup.sh --no-demo || { echo "0 passed, 1 failed"; exit 1; }

status=0
failed_checks=""
echo; echo "== typecheck"
pnpm exec turbo run typecheck --output-logs=errors-only || { status=1; failed_checks+="typecheck,"; }
echo; echo "== lint"
pnpm exec biome check . || { status=1; failed_checks+="lint,"; }

echo; echo "== vitest"
pnpm exec vitest run --reporter=default --reporter=json --outputFile.json="$out/vitest.json" || status=1

echo; echo "== cargo test"
cargo test --release --manifest-path packages/engine-native/native/Cargo.toml 2>&1 | tee "$out/cargo.txt"
[ "${PIPESTATUS[0]}" -eq 0 ] || status=1

node scripts/summarize-tests.mjs "$out/vitest.json" "$out/cargo.txt" "$(( $(date +%s) - started ))" "$failed_checks" || status=1
exit $status
