#!/usr/bin/env bash
# Benchmarks in real Chromium (see BENCHMARKS.md). Usage:
#   bash scripts/bench.sh          build, run every benchmark with its repetitions, rewrite BENCHMARKS.md
#   bash scripts/bench.sh --quick  build, run each benchmark once (checks the suite still runs); BENCHMARKS.md untouched
# BENCH_SKIP_BUILD=1 reuses an existing .output/chrome-mv3. CHROMIUM_PATH picks another browser.
set -euo pipefail
# Node 22, Chromium and the dependencies, as for the tests: a fresh clone runs as it is.
source "$(dirname "$0")/ensure-toolchain.sh"
cd "$ROOT"
install_dependencies

quick=0
for arg in "$@"; do
  case "$arg" in
    --quick) quick=1 ;;
    *) echo "unknown option: $arg" >&2; exit 2 ;;
  esac
done

if [ "${BENCH_SKIP_BUILD:-0}" != "1" ]; then
  npx wxt build
fi

results="$(mktemp -d "${TMPDIR:-/tmp}/keyward-bench-XXXXXX")"
trap 'rm -rf "$results"' EXIT

status=0
if [ "$quick" = "1" ]; then
  BENCH_QUICK=1 BENCH_RESULTS="$results" E2E_SKIP_BUILD=1 npx playwright test -c bench/playwright.bench.config.ts || status=$?
  exit "$status"
fi

BENCH_RESULTS="$results" E2E_SKIP_BUILD=1 npx playwright test -c bench/playwright.bench.config.ts || status=$?
# Whatever was measured is written, even if one benchmark failed (it is listed as not measured).
BENCH_RESULTS="$results" node bench/report.mjs
exit "$status"
