#!/usr/bin/env bash
# Lints openapi.yaml and runs the generated clients' flows against a live API, as a new integrator would.
#   clients/run.sh            everything: install, lint, generate, compile, both flows (CI runs exactly this)
#   clients/run.sh lint       only the two linters
#   clients/run.sh typescript | csharp    install, then one client's flow
# Installs with `npm ci` (clients/package-lock.json) and `dotnet tool restore` (.config/dotnet-tools.json), builds
# the API in Release once, starts it on 127.0.0.1 (a free port, a new data directory with the demo content, a known
# admin key), waits for /health/ready, and stops it by its PID on exit, also on failure or Ctrl-C.
# Prints a line per check "clients <check>: PASS|FAIL", the time of each phase, and ends with
# "clients: N passed, N failed" (.ci/run adds those to its own count). Exits non-zero when a check failed.
# CLIENTS_KEEP=1 keeps the scratch folder (server log, data directory).
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
CLIENTS=$ROOT/clients
WHAT=${1:-all}
cd "$ROOT" || exit 1
# Redocly CLI reports usage to its vendor and looks for updates unless told not to: everything here stays local.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
KEY=clients-flow-admin-key-0123456789abcdef
WORK=$(mktemp -d "${TMPDIR:-/tmp}/clients.XXXXXX")
SERVER_PID=
PASSED=0
FAILED=0
TIMES=()

cleanup() {
  local status=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  fi
  if [ "${CLIENTS_KEEP:-0}" = 1 ]; then echo "(kept $WORK)" >&2; else rm -rf "$WORK"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# Runs a phase, logging to $WORK/NAME.log, and records how long it took. Prints the log when it fails.
phase() { # name command...
  local name=$1; shift
  local t0 status; t0=$(date +%s%N)
  echo "-- $name"
  "$@" >"$WORK/$name.log" 2>&1
  status=$?
  TIMES+=("$name=$(( ($(date +%s%N) - t0) / 1000000 ))ms")
  if [ "$status" -ne 0 ]; then
    tail -n 60 "$WORK/$name.log"
    echo "-- $name failed (exit $status)"
  fi
  return "$status"
}

result() { # check-name status [reason]
  if [ "$2" -eq 0 ]; then
    PASSED=$((PASSED + 1)); echo "clients $1: PASS"
  else
    FAILED=$((FAILED + 1)); echo "clients $1: FAIL${3:+ ($3)}"
  fi
}

finish() {
  echo "clients times: ${TIMES[*]}"
  echo "clients: ${PASSED} passed, ${FAILED} failed"
  [ "$FAILED" -eq 0 ]
  exit
}

install() {
  phase npm-ci npm ci --prefix "$CLIENTS" --no-audit --no-fund || return 1
  phase tool-restore dotnet tool restore || return 1
}

lint_spectral() {
  (cd "$CLIENTS" && npx --no-install spectral lint "$ROOT/openapi.yaml" --ruleset "$CLIENTS/.spectral.yaml" \
    --fail-severity hint --display-only-failures)
}

# Redocly exits 0 on warnings; they fail this check too.
lint_redocly() {
  local out=$WORK/redocly.out status
  "$CLIENTS/node_modules/.bin/redocly" lint "$ROOT/openapi.yaml" --config "$CLIENTS/redocly.yaml" --max-problems 200 >"$out" 2>&1
  status=$?
  cat "$out"
  if [ "$status" -eq 0 ] && grep -qiE '[0-9]+ warnings?' "$out"; then status=1; fi
  return "$status"
}

build_api() {
  dotnet build "$ROOT/Api/Api.csproj" -c Release -o "$WORK/api" -nologo -v quiet
}

# Starts the API on a port the OS picks; sets BASE_URL once /health/ready answers 200 (60 s at most).
start_server() {
  local log=$WORK/server.log
  mkdir -p "$WORK/data"
  env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS=http://127.0.0.1:0 \
    Cms__DataDirectory="$WORK/data" Cms__BackupDirectory="$WORK/backups" Cms__SeedDemoContent=true \
    Cms__BootstrapAdminKey=$KEY Logging__LogLevel__Default=Warning \
    Logging__LogLevel__Microsoft.Hosting.Lifetime=Information \
    dotnet "$WORK/api/Api.dll" >"$log" 2>&1 &
  SERVER_PID=$!
  local deadline=$(( $(date +%s) + 60 )) url=
  while [ "$(date +%s)" -lt "$deadline" ]; do
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "the API exited before it was ready:"; tail -n 30 "$log"; return 1; }
    url=${url:-$(sed -n 's/.*Now listening on: \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$log" | head -n 1)}
    if [ -n "$url" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url/health/ready")" = 200 ]; then
      BASE_URL=$url
      echo "API ready at $BASE_URL"
      return 0
    fi
    sleep 0.1
  done
  echo "the API was not ready after 60 s:"; tail -n 30 "$log"
  return 1
}

# A small PNG whose pixels differ per call, so each flow uploads an image of its own.
make_png() { # path seed
  python3 - "$1" "$2" <<'PY'
import struct, sys, zlib
path, seed = sys.argv[1], int(sys.argv[2])
w, h = 48, 32
rows = b"".join(b"\0" + bytes(v for x in range(w) for v in ((x * 5 + seed * 40) % 256, (y * 7) % 256, (x * y + seed) % 256)) for y in range(h))
def chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 2, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
open(path, "wb").write(png)
PY
}

typescript_flow() {
  phase ts-generate node "$CLIENTS/typescript/generate.mjs" || return 1
  phase ts-compile "$CLIENTS/node_modules/.bin/tsc" -p "$CLIENTS/typescript" --strict || return 1
  make_png "$WORK/typescript.png" "$(date +%s)"
  local t0 status; t0=$(date +%s%N)
  echo "-- ts-flow"
  CMS_BASE_URL=$BASE_URL CMS_API_KEY=$KEY CMS_IMAGE=$WORK/typescript.png node "$CLIENTS/typescript/dist/flow.js"
  status=$?
  TIMES+=("ts-flow=$(( ($(date +%s%N) - t0) / 1000000 ))ms")
  return "$status"
}

csharp_flow() {
  local project=$CLIENTS/csharp/ClientFlow.csproj
  phase cs-generate dotnet nswag run "$CLIENTS/csharp/nswag.json" || return 1
  phase cs-build dotnet build "$project" -c Release -o "$WORK/csharp" -p:RestoreLockedMode=true -nologo -v quiet || return 1
  make_png "$WORK/csharp.png" "$(( $(date +%s) + 1 ))"
  local t0 status; t0=$(date +%s%N)
  echo "-- cs-flow"
  CMS_BASE_URL=$BASE_URL CMS_API_KEY=$KEY CMS_IMAGE=$WORK/csharp.png dotnet "$WORK/csharp/ClientFlow.dll"
  status=$?
  TIMES+=("cs-flow=$(( ($(date +%s%N) - t0) / 1000000 ))ms")
  return "$status"
}

case $WHAT in
  all|lint|typescript|csharp) ;;
  *) echo "usage: clients/run.sh [all|lint|typescript|csharp]"; exit 2 ;;
esac

checks=()
case $WHAT in
  all) checks=(spectral redocly typescript csharp) ;;
  lint) checks=(spectral redocly) ;;
  *) checks=("$WHAT") ;;
esac

if ! install; then
  for c in "${checks[@]}"; do result "$c" 1 "install failed"; done
  finish
fi

for c in "${checks[@]}"; do
  case $c in
    spectral) phase spectral lint_spectral; s=$?; [ "$s" -ne 0 ] || tail -n 3 "$WORK/spectral.log"; result spectral "$s" ;;
    redocly) phase redocly lint_redocly; s=$?; [ "$s" -ne 0 ] || tail -n 3 "$WORK/redocly.log"; result redocly "$s" ;;
  esac
done

if [ "$WHAT" != lint ]; then
  if ! phase api-build build_api || ! start_server; then
    for c in "${checks[@]}"; do [ "$c" = typescript ] || [ "$c" = csharp ] && result "$c" 1 "the API did not start"; done
    finish
  fi
  for c in "${checks[@]}"; do
    case $c in
      typescript) typescript_flow; result typescript "$?" ;;
      csharp) csharp_flow; result csharp "$?" ;;
    esac
  done
fi
finish
