# Sourced by the other scripts: puts Node >= 22 on PATH and finds (or installs) Chromium and Firefox ESR.
# Only the npm registry and Debian's packages are used.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
NODE_VERSION_PINNED="22.23.3"

node_major() { node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

if [ "$(node_major)" -lt 22 ]; then
  if [ ! -x "$ROOT/.tools/node_modules/.bin/node" ]; then
    echo "Node $(node --version 2>/dev/null || echo 'missing') is older than 22: installing node@$NODE_VERSION_PINNED from the npm registry into .tools/"
    mkdir -p "$ROOT/.tools"
    npm install --prefix "$ROOT/.tools" --no-save --no-package-lock --loglevel=error "node@$NODE_VERSION_PINNED" >/dev/null
  fi
  export PATH="$ROOT/.tools/node_modules/.bin:$PATH"
fi
echo "Using Node $(node --version)"

if [ -z "${CHROMIUM_PATH:-}" ]; then
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser; do
    if [ -x "$candidate" ]; then export CHROMIUM_PATH="$candidate"; break; fi
  done
fi
if [ -z "${CHROMIUM_PATH:-}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Chromium is missing: installing Debian's chromium package"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
    export CHROMIUM_PATH=/usr/bin/chromium
  else
    echo "Chromium is missing: install it (Debian: sudo apt-get install chromium) or set CHROMIUM_PATH." >&2
    exit 1
  fi
fi

# Firefox for the Firefox suite (tests/firefox): Debian's firefox-esr, driven over WebDriver BiDi.
if [ -z "${FIREFOX_PATH:-}" ]; then
  for candidate in /usr/bin/firefox-esr /usr/bin/firefox; do
    if [ -x "$candidate" ]; then export FIREFOX_PATH="$candidate"; break; fi
  done
fi
if [ -z "${FIREFOX_PATH:-}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Firefox is missing: installing Debian's firefox-esr package"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq firefox-esr >/dev/null
    export FIREFOX_PATH=/usr/bin/firefox-esr
  else
    echo "Firefox is missing: install it (Debian: sudo apt-get install firefox-esr) or set FIREFOX_PATH." >&2
    exit 1
  fi
fi

install_dependencies() {
  # A node_modules that is a link belongs to another checkout (a worktree sharing it): `npm ci` would
  # empty that checkout's folder through the link, so it is left to its owner.
  if [ -L "$ROOT/node_modules" ]; then
    if [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
      echo "node_modules is a link to a shared install older than package-lock.json: not reinstalling it here." >&2
    fi
    return 0
  fi
  if [ ! -d "$ROOT/node_modules" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    # onnxruntime-node comes with @huggingface/transformers but is never used (the extension runs
    # onnxruntime-web); its install script would fetch CUDA binaries from nuget.org, which is not
    # the npm registry: skipped.
    (cd "$ROOT" && ONNXRUNTIME_NODE_INSTALL=skip npm ci --no-audit --no-fund --loglevel=error)
  fi
}
