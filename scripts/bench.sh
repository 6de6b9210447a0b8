#!/usr/bin/env bash
# Benchmarks in real Chromium, then the Firefox ones in firefox-esr (see BENCHMARKS.md). Usage:
#   bash scripts/bench.sh          build, run every benchmark with its repetitions, rewrite BENCHMARKS.md
#   bash scripts/bench.sh --quick  build, run each benchmark once (checks the suite still runs); BENCHMARKS.md untouched
#   bash scripts/bench.sh --only "7 history"  run the benchmarks whose title matches, keep the others' last results
#                                  (bench/results/, not committed), rewrite BENCHMARKS.md with both
#                                  (the Firefox benchmarks' titles start with "Firefox:")
# BENCH_SKIP_BUILD=1 reuses existing .output/chrome-mv3 and .output/firefox-mv2. CHROMIUM_PATH and FIREFOX_PATH pick other browsers.
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
# The Firefox benchmarks (bench/firefox.bench.ts) build the Firefox extension in their global setup
# unless BENCH_SKIP_BUILD=1; they run after Chromium's, never beside them.
firefox_skip_build=""
if [ "${BENCH_SKIP_BUILD:-0}" = "1" ]; then firefox_skip_build=1; fi

if [ "$quick" = "1" ]; then
  results="$(mktemp -d "${TMPDIR:-/tmp}/keyward-bench-XXXXXX")"
  trap 'rm -rf "$results"' EXIT
  BENCH_QUICK=1 BENCH_RESULTS="$results" E2E_SKIP_BUILD=1 npx playwright test -c bench/playwright.bench.config.ts || status=$?
  BENCH_QUICK=1 BENCH_RESULTS="$results" FIREFOX_SKIP_BUILD="$firefox_skip_build" npx vitest run -c bench/firefox.bench.config.ts || status=$?
  exit "$status"
fi

# Results stay in bench/results until the next full run, so one benchmark can be run again alone.
results="$ROOT/bench/results"
mkdir -p "$results"
if [ -z "$only" ]; then rm -f "$results"/*.json; fi
touch "$results/.run-started"
grep_args=()
firefox_args=()
if [ -n "$only" ]; then grep_args=(-g "$only"); firefox_args=(-t "$only"); fi
# Each runner is skipped when --only matches none of its benchmarks. (The listing is read whole: with
# pipefail, `grep -q` stopping at the first match would fail the listing with SIGPIPE.)
listed=""
if [ -n "$only" ]; then listed="$(npx playwright test -c bench/playwright.bench.config.ts --list -g "$only" 2>/dev/null || true)"; fi
if [ -z "$only" ] || [[ "$listed" == *›* ]]; then
  BENCH_RESULTS="$results" E2E_SKIP_BUILD=1 npx playwright test -c bench/playwright.bench.config.ts "${grep_args[@]}" || status=$?
fi
if [ -z "$only" ] || grep -E "^test\('" bench/firefox.bench.ts | grep -qE -- "$only"; then
  BENCH_RESULTS="$results" FIREFOX_SKIP_BUILD="$firefox_skip_build" npx vitest run -c bench/firefox.bench.config.ts "${firefox_args[@]}" || status=$?
fi
# Whatever was measured is written, even if one benchmark failed (it is listed as not measured).
BENCH_RESULTS="$results" node bench/report.mjs
exit "$status"
