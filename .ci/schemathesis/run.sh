#!/usr/bin/env bash
# Schemathesis against the OpenAPI document of a demo server, as each role: no 5xx, every 4xx
# carries the error object (code and Chinese message), every response matches its schema.
#
#   bash .ci/schemathesis/run.sh             # builds the debug binary unless RENDA_BIN is set
#   MAX_EXAMPLES=20 bash .ci/schemathesis/run.sh
#
# Needs python3 with venv (Debian: python3-venv); schemathesis goes into target/schemathesis-venv.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
MAX_EXAMPLES="${MAX_EXAMPLES:-20}"
VENV="$ROOT/target/schemathesis-venv"
PW="renda2026"  # the demo accounts' password (cli/src/demo.rs DEMO_PASSWORD)

if [ ! -x "$VENV/bin/schemathesis" ]; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install -q 'schemathesis>=4,<5'
fi
if [ -z "${RENDA_BIN:-}" ]; then
  (cd "$ROOT" && cargo build -q -p renda-cli)
  RENDA_BIN="$ROOT/target/debug/renda"
fi

# The demo on a free port (it prints its address once it listens), in a folder of its own.
dir="$(mktemp -d)"
RENDA_DEMO_DATABASE_URL="sqlite://$dir/demo.db" RENDA_INDEX_DIR="$dir/index" RENDA_LOG=warn \
  "$RENDA_BIN" demo --addr 127.0.0.1:0 >"$dir/server.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true; wait $server 2>/dev/null || true; rm -rf "$dir"' EXIT
base=""
for _ in $(seq 1 300); do
  base="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$dir/server.log" | head -1 || true)"
  [ -n "$base" ] && curl -fs "$base/healthz" >/dev/null 2>&1 && break
  sleep 1
done
curl -fs "$base/healthz" >/dev/null || { cat "$dir/server.log"; exit 1; }

run() { # run NAME [schemathesis options…]
  local name="$1"
  shift
  echo "== schemathesis as $name"
  SCHEMATHESIS_HOOKS=hooks PYTHONPATH="$HERE" "$VENV/bin/schemathesis" --config-file "$HERE/schemathesis.toml" \
    run "$base/api/v1/openapi.json" \
    --checks not_a_server_error,response_schema_conformance,error_object_in_chinese \
    --max-examples "$MAX_EXAMPLES" --seed 2026 --no-color --warnings off "$@"
}

# The roles run side by side (schemathesis is bound by one core each); each prints when done.
pids=()
names=()

# Without an account: every operation, login and logout included.
run anonymous >"$dir/anonymous.out" 2>&1 &
pids+=($!)
names+=(anonymous)

# As each role, logged in once; logout and login are left out so the session stays.
for login in city.staff deputy unit.housing public admin; do
  answer="$(curl -fs -c "$dir/jar-$login" -H 'content-type: application/json' \
    -d "{\"login\":\"$login\",\"password\":\"$PW\"}" "$base/api/v1/login")"
  csrf="$(printf '%s' "$answer" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')"
  session="$(awk '$6 == "renda_session" { print $7 }' "$dir/jar-$login")"
  run "$login" -H "Cookie: renda_session=$session" -H "X-CSRF-Token: $csrf" \
    --exclude-path /api/v1/logout --exclude-path /api/v1/login >"$dir/$login.out" 2>&1 &
  pids+=($!)
  names+=("$login")
done

failed=0
for i in "${!pids[@]}"; do
  if ! wait "${pids[$i]}"; then
    failed=1
    echo "== schemathesis as ${names[$i]} FAILED" >&2
  fi
  cat "$dir/${names[$i]}.out"
done
exit "$failed"
