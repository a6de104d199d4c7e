#!/usr/bin/env bash
# Browser tests for renda: Debian's Chromium driven by playwright-core, run by node's own test
# runner. Installs what is missing (never downloads a browser through Playwright), builds the
# debug binary unless RENDA_BIN is set, then runs every e2e/tests/*.test.mjs.
#
#   bash e2e/run.sh                    # from anywhere
#   RENDA_BIN=/path/to/renda bash e2e/run.sh
#   CHROMIUM=/path/to/chromium bash e2e/run.sh
set -euo pipefail

E2E_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$E2E_DIR/.." && pwd)"
export CHROMIUM="${CHROMIUM:-/usr/bin/chromium}"

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

if [ ! -x "$CHROMIUM" ]; then
  echo "e2e: $CHROMIUM is missing; installing Debian's chromium" >&2
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

# Without a Chinese font every label renders as empty boxes: screenshots are unreadable and text
# widths (which the phone-layout checks measure) are not realistic. A small one is enough.
if command -v fc-list >/dev/null && [ -z "$(fc-list :lang=zh 2>/dev/null)" ]; then
  echo "e2e: no Chinese font; installing fonts-wqy-microhei" >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y fonts-wqy-microhei \
    || { as_root apt-get update && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y fonts-wqy-microhei; } \
    || echo "e2e: warning: could not install a Chinese font; continuing" >&2
fi

if [ ! -d "$E2E_DIR/node_modules/playwright-core" ]; then
  echo "e2e: installing node packages (npm ci)" >&2
  (cd "$E2E_DIR" && npm ci --no-audit --no-fund)
fi

if [ -z "${RENDA_BIN:-}" ]; then
  echo "e2e: building renda (cargo build -p renda-cli)" >&2
  (cd "$ROOT" && cargo build -p renda-cli)
  RENDA_BIN="$ROOT/target/debug/renda"
fi
if [ ! -x "$RENDA_BIN" ]; then
  echo "e2e: RENDA_BIN=$RENDA_BIN is not an executable" >&2
  exit 1
fi
export RENDA_BIN

cd "$ROOT"
# node exits non-zero when any test fails; set -e passes that on.
node --test e2e/tests/
