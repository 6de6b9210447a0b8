#!/usr/bin/env bash
# Installs what is needed and runs every check: types, lint, unit tests, both builds, end-to-end tests
# in Chromium, then the Firefox suite.
set -euo pipefail
source "$(dirname "$0")/ensure-toolchain.sh"
cd "$ROOT"
install_dependencies
rm -f test-results/vitest.json test-results/playwright.json test-results/firefox.json

step() { printf '\n=== %s\n' "$1"; }
step "Type check";            npx tsc --noEmit
step "Lint";                  npx eslint .
step "Unit tests";            npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json
step "Build for Chrome";      npx wxt build
step "Size budgets";          node scripts/check-sizes.mjs
step "Build for Firefox";     npx wxt build -b firefox
step "End-to-end tests";      E2E_SKIP_BUILD=1 PLAYWRIGHT_JSON_OUTPUT_NAME=test-results/playwright.json npx playwright test --reporter=list,json
step "Firefox tests";         FIREFOX_SKIP_BUILD=1 npx vitest run -c tests/firefox/vitest.config.ts --reporter=default --reporter=json --outputFile.json=test-results/firefox.json
step "Summary";               node scripts/test-summary.mjs
