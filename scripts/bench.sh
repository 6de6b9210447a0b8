#!/usr/bin/env bash
# Benchmarks in real Chromium, then the Firefox ones in firefox-esr (see BENCHMARKS.md). Usage:
#   bash scripts/bench.sh          build, run every benchmark with its repetitions, rewrite BENCHMARKS.md
#   bash scripts/bench.sh --quick  build, run each benchmark once (checks the suite still runs); BENCHMARKS.md untouched
# BENCH_SKIP_BUILD=1 reuses existing .output/chrome-mv3 and .output/firefox-mv2. CHROMIUM_PATH and FIREFOX_PATH pick other browsers.
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
# The Firefox benchmarks (bench/firefox.bench.ts) build the Firefox extension in their global setup
# unless BENCH_SKIP_BUILD=1; they run after Chromium's, never beside them.
firefox_skip_build=""
if [ "${BENCH_SKIP_BUILD:-0}" = "1" ]; then firefox_skip_build=1; fi

if [ "$quick" = "1" ]; then
  BENCH_QUICK=1 BENCH_RESULTS="$results" E2E_SKIP_BUILD=1 npx playwright test -c bench/playwright.bench.config.ts || status=$?
  BENCH_QUICK=1 BENCH_RESULTS="$results" FIREFOX_SKIP_BUILD="$firefox_skip_build" npx vitest run -c bench/firefox.bench.config.ts || status=$?
  exit "$status"
fi

BENCH_RESULTS="$results" E2E_SKIP_BUILD=1 npx playwright test -c bench/playwright.bench.config.ts || status=$?
BENCH_RESULTS="$results" FIREFOX_SKIP_BUILD="$firefox_skip_build" npx vitest run -c bench/firefox.bench.config.ts || status=$?
# Whatever was measured is written, even if one benchmark failed (it is listed as not measured).
BENCH_RESULTS="$results" node bench/report.mjs
exit "$status"
