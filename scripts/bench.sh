#!/usr/bin/env bash
# Benchmarks in real Chromium (see BENCHMARKS.md). Usage:
#   bash scripts/bench.sh          build, run every benchmark with its repetitions, rewrite BENCHMARKS.md
#   bash scripts/bench.sh --quick  build, run each benchmark once (checks the suite still runs); BENCHMARKS.md untouched
#   bash scripts/bench.sh --only "7 history"  run the benchmarks whose title matches, keep the others' last results
#                                  (bench/results/, not committed), rewrite BENCHMARKS.md with both
# BENCH_SKIP_BUILD=1 reuses an existing .output/chrome-mv3. CHROMIUM_PATH picks another browser.
set -euo pipefail
# Node 22, Chromium and the dependencies, as for the tests: a fresh clone runs as it is.
source "$(dirname "$0")/ensure-toolchain.sh"
cd "$ROOT"
install_dependencies

quick=0
only=""
while [ $# -gt 0 ]; do
  case "$1" in
    --quick) quick=1 ;;
    --only) only="${2:?--only needs a pattern}"; shift ;;
    *) echo "unknown option: $1" >&2; exit 2 ;;
  esac
  shift
done

if [ "${BENCH_SKIP_BUILD:-0}" != "1" ]; then
  npx wxt build
fi

status=0
if [ "$quick" = "1" ]; then
  results="$(mktemp -d "${TMPDIR:-/tmp}/keyward-bench-XXXXXX")"
  trap 'rm -rf "$results"' EXIT
  BENCH_QUICK=1 BENCH_RESULTS="$results" E2E_SKIP_BUILD=1 npx playwright test -c bench/playwright.bench.config.ts || status=$?
  exit "$status"
fi

# Results stay in bench/results until the next full run, so one benchmark can be run again alone.
results="$ROOT/bench/results"
mkdir -p "$results"
if [ -z "$only" ]; then rm -f "$results"/*.json; fi
touch "$results/.run-started"
grep_args=()
if [ -n "$only" ]; then grep_args=(-g "$only"); fi
BENCH_RESULTS="$results" E2E_SKIP_BUILD=1 npx playwright test -c bench/playwright.bench.config.ts "${grep_args[@]}" || status=$?
# Whatever was measured is written, even if one benchmark failed (it is listed as not measured).
BENCH_RESULTS="$results" node bench/report.mjs
exit "$status"
