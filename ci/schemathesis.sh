#!/usr/bin/env bash
# Fuzz the real server on PostgreSQL with schemathesis, once anonymous and once per role.
#
# A fresh database is created, migrated (`mentoring db upgrade`) and seeded (`mentoring demo`);
# the API is started on a free loopback port; one token per role is minted by logging in as the
# demo people over HTTP; schemathesis then runs every check against the served OpenAPI schema.
# The server is stopped and the database dropped on exit, whatever happens.
#
# Environment knobs: ST_MAX_EXAMPLES (per operation, default 10), ST_SEED (default 20240601),
# ST_TIMEOUT (seconds, default 480: the
# four roles run side by side, so this bounds the whole phase), ST_WORKERS (API processes, default 2), ST_KEEP=1 (keep
# the outputs and server log in the temporary directory), ST_CREATE_ALL=1 (developers: build the
# schema from the models while a migration is pending; CI never sets it),
# MENTORING_TEST_POSTGRES_ADMIN (default postgresql://postgres@127.0.0.1:5432/postgres).
#
# Checks: `--checks all`, nothing excluded.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

MAX_EXAMPLES=${ST_MAX_EXAMPLES:-10}
SEED=${ST_SEED:-20240601}
ROLE_TIMEOUT=${ST_TIMEOUT:-480}
API_WORKERS=${ST_WORKERS:-2}
ADMIN_URL=${MENTORING_TEST_POSTGRES_ADMIN:-postgresql://postgres@127.0.0.1:5432/postgres}

WORK=$(mktemp -d -t mentoring-fuzz.XXXXXX)
DB="mentoring_fuzz_$(date +%s)_$$"
SERVER_PID=""

cleanup() {
  local status=$?
  local pids
  pids=$(jobs -pr)
  [[ -n "$pids" ]] && kill $pids 2>/dev/null || true
  if [[ -n "$SERVER_PID" ]] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM -- "-$SERVER_PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$SERVER_PID" 2>/dev/null || true
  fi
  psql "$ADMIN_URL" -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS \"$DB\" WITH (FORCE)" >/dev/null 2>&1 \
    || echo "warning: could not drop database $DB" >&2
  if [[ -n "${ST_KEEP:-}" ]]; then echo "outputs kept in $WORK" >&2; else rm -rf "$WORK"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

echo "== schemathesis: database $DB"
psql "$ADMIN_URL" -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$DB\"" >/dev/null

PORT=$(uv run python -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
BASE_URL="http://127.0.0.1:$PORT"
export MENTORING_ENV=production
export MENTORING_DATABASE_URL="${ADMIN_URL%/*}/$DB"
export MENTORING_SECRET_KEY
MENTORING_SECRET_KEY=$(uv run python -c 'import secrets; print(secrets.token_urlsafe(48))')
export MENTORING_REDIS_URL=${MENTORING_FUZZ_REDIS_URL:-redis://127.0.0.1:6379/14}
# Every role logs in, and schemathesis hammers log-in and sign-up: the limit must not be what answers.
export MENTORING_LOGIN_RATE_LIMIT=1000000
export MENTORING_DATA_DIR="$WORK/var"
export MENTORING_PUBLIC_URL="$BASE_URL"
export COLUMNS=200  # keep the demo's login table on one line per person

if [[ -n "${ST_CREATE_ALL:-}" ]]; then
  echo "warning: ST_CREATE_ALL is set: schema built from the models, not from the migrations" >&2
  uv run python ci/create_schema.py
else
  uv run mentoring db upgrade
fi
uv run mentoring demo 2>&1 | tee "$WORK/demo.txt"

echo "== schemathesis: starting the API on $BASE_URL ($API_WORKERS workers)"
setsid uv run mentoring serve --host 127.0.0.1 --port "$PORT" --workers "$API_WORKERS" --no-migrate --no-demo \
  >"$WORK/server.log" 2>&1 &
SERVER_PID=$!
# Wait for /api/health (no curl on the CI image: Python it is).
if ! uv run python - "$BASE_URL/api/health" "$SERVER_PID" <<'PY'
import os, sys, time, urllib.request

url, pid = sys.argv[1], int(sys.argv[2])
deadline = time.monotonic() + 90
while time.monotonic() < deadline:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:  # noqa: S310 (loopback)
            if response.status == 200:
                sys.exit(0)
    except OSError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        sys.exit(1)
    time.sleep(0.5)
sys.exit(1)
PY
then
  cat "$WORK/server.log"
  echo "the API did not become healthy" >&2
  exit 1
fi

uv run python ci/mint_tokens.py --base-url "$BASE_URL" --demo-output "$WORK/demo.txt" --out "$WORK/tokens.env"

ROLES=(anonymous coordinator mentor mentee)

run_role() {
  local role=$1 token=""
  [[ "$role" != anonymous ]] && token=$(grep "^$role=" "$WORK/tokens.env" | cut -d= -f2-)
  local args=(run "$BASE_URL/api/docs/openapi.json" --checks all --seed "$SEED" --max-examples "$MAX_EXAMPLES"
              --no-color --report json --report-json-path "$WORK/report-$role.json")
  [[ -n "$token" ]] && args+=(-H "Authorization: Bearer $token")
  (cd "$WORK" && timeout --signal=INT --kill-after=20 "$ROLE_TIMEOUT" \
    uv run --project "$ROOT" schemathesis --config-file "$ROOT/ci/schemathesis.toml" "${args[@]}") \
    >"$WORK/output-$role.txt" 2>&1
}

# The four runs go side by side: each schemathesis process is single-threaded and mostly waits
# for the server, so together they keep both cores busy. Each role's data is its own (roles only
# meet in the programmes the demo seeded), so the seed still reproduces a role's cases.
echo "== schemathesis: ${ROLES[*]} (seed $SEED, at most $MAX_EXAMPLES examples per operation)"
declare -A PIDS STATUS
for role in "${ROLES[@]}"; do run_role "$role" & PIDS[$role]=$!; done
for role in "${ROLES[@]}"; do
  if wait "${PIDS[$role]}"; then STATUS[$role]=0; else STATUS[$role]=$?; fi
done
for role in "${ROLES[@]}"; do
  echo
  echo "== schemathesis as $role"
  # The whole report when something failed, only the summary otherwise.
  if [[ ${STATUS[$role]} -ne 0 ]]; then cat "$WORK/output-$role.txt"; else sed -n '/= SUMMARY =/,$p' "$WORK/output-$role.txt"; fi
done

echo
echo "== schemathesis: figures (seed $SEED, at most $MAX_EXAMPLES examples per operation)"
uv run python - "$WORK" <<'PY'
import json, sys
from pathlib import Path

work = Path(sys.argv[1])
print(f"{'role':<12} {'operations':>10} {'test cases':>10} {'failures':>8} {'errors':>6}  exit")
for role in ("anonymous", "coordinator", "mentor", "mentee"):
    path = work / f"report-{role}.json"
    if not path.exists():
        print(f"{role:<12} {'no report (timed out or crashed)':>40}")
        continue
    report = json.loads(path.read_text())
    ops, cases = report["operations"], report["test_cases"]
    failures = sum(group["count"] for group in report["failures"])
    errors = sum(group["count"] for group in report["errors"])
    print(f"{role:<12} {ops['tested']:>4}/{ops['selected']:<5} {cases['generated']:>10} {failures:>8} {errors:>6}  {report['exit_code']}")
PY

failed=0
for role in "${ROLES[@]}"; do
  if [[ ${STATUS[$role]} -ne 0 ]]; then
    reason="exit ${STATUS[$role]}"
    [[ ${STATUS[$role]} -eq 124 ]] && reason="timed out after ${ROLE_TIMEOUT}s"
    echo "schemathesis as $role failed ($reason)" >&2
    failed=1
  fi
done
if [[ $failed -ne 0 ]] || grep -q "Traceback" "$WORK/server.log"; then
  echo "== server log (errors)" >&2
  grep -B2 -A25 "Traceback\|ERROR" "$WORK/server.log" | tail -200 >&2 || true
  exit 1
fi
echo "schemathesis: no failures"
