# Shared by the fault scripts in this folder (sourced, not run). Each script:
#   source "$(dirname "$0")/lib.sh"; faults_init NAME "$@"
# then builds (once), starts servers with start_server, and ends with finish "key=value ..." which prints the one summary
# line "NAME: key=value ... PASS|FAIL" and exits non-zero on any recorded failure.
#
# Everything runs on 127.0.0.1. Every process a script starts is recorded and stopped by the EXIT trap, every tmpfs it
# mounts is unmounted, and its scratch folder is removed, on success and on failure alike.
#
# Environment:
#   FAULTS_BUILD   folder holding api/Api.dll and driver/FaultDriver.dll (all.sh builds once and sets it);
#                  unset: the script builds in Release into its scratch folder
#   FAULTS_KEEP=1  keep the scratch folder (logs, data directories) for inspection
#   FAULTS_VERBOSE=1  print each phase as it runs (to stderr)

set -euo pipefail

FAULTS_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FAULTS_KEY=faults-admin-key-0123456789abcdefghij
FAULTS_PIDS=()
FAULTS_MOUNTS=()
FAULTS_FAILURES=()
FAULTS_MODE=short

faults_init() {
  FAULTS_NAME=$1; shift
  for arg in "$@"; do
    case $arg in
      --short) FAULTS_MODE=short ;;
      --long) FAULTS_MODE=long ;;
    esac
  done
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/faults-$FAULTS_NAME.XXXXXX")
  trap faults_cleanup EXIT
  trap 'exit 130' INT TERM
  faults_build
}

# Stops what this script started (newest first), unmounts its tmpfs mounts and removes its scratch folder.
faults_cleanup() {
  local status=$?
  local i pid
  for ((i = ${#FAULTS_PIDS[@]} - 1; i >= 0; i--)); do
    pid=${FAULTS_PIDS[$i]}
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  for ((i = ${#FAULTS_MOUNTS[@]} - 1; i >= 0; i--)); do
    umount "${FAULTS_MOUNTS[$i]}" 2>/dev/null || umount -l "${FAULTS_MOUNTS[$i]}" 2>/dev/null || true
  done
  if [ "${FAULTS_KEEP:-0}" = 1 ]; then echo "(kept $WORK)" >&2; else rm -rf "$WORK"; fi
  exit "$status"
}

say() { if [ "${FAULTS_VERBOSE:-0}" = 1 ]; then echo "[$FAULTS_NAME] $*" >&2; fi; }

# Builds the API and the driver in Release, unless FAULTS_BUILD already holds them.
faults_build() {
  if [ -n "${FAULTS_BUILD:-}" ] && [ -f "$FAULTS_BUILD/api/Api.dll" ] && [ -f "$FAULTS_BUILD/driver/FaultDriver.dll" ]; then
    API_DLL=$FAULTS_BUILD/api/Api.dll; DRIVER_DLL=$FAULTS_BUILD/driver/FaultDriver.dll
    return
  fi
  local out=${FAULTS_BUILD:-$WORK/build}
  say "building (Release) into $out"
  dotnet build "$FAULTS_ROOT/Api/Api.csproj" -c Release -o "$out/api" -v quiet -nologo >"$WORK/build.log" 2>&1 \
    || { cat "$WORK/build.log" >&2; echo "$FAULTS_NAME: build failed FAIL"; exit 1; }
  dotnet build "$FAULTS_ROOT/bench/FaultDriver/FaultDriver.csproj" -c Release -o "$out/driver" -v quiet -nologo >>"$WORK/build.log" 2>&1 \
    || { cat "$WORK/build.log" >&2; echo "$FAULTS_NAME: build failed FAIL"; exit 1; }
  API_DLL=$out/api/Api.dll; DRIVER_DLL=$out/driver/FaultDriver.dll
}

# Remembers a background process so the EXIT trap stops it.
track() { FAULTS_PIDS+=("$1"); }

# A port on 127.0.0.1 that nothing answers on, starting from $1.
free_port() {
  local port=$1
  while curl -s -o /dev/null --max-time 1 "http://127.0.0.1:$port/" 2>/dev/null || [ "$?" != 7 ]; do
    port=$((port + 1))
    [ "$port" -lt $(( $1 + 50 )) ] || { echo "no free port near $1" >&2; return 1; }
  done
  echo "$port"
}

# The API's environment for a data directory: admin key fixed, rate limits off (this is load), quiet logs.
api_env() { # data-dir
  echo "ASPNETCORE_ENVIRONMENT=Production Cms__DataDirectory=$1 Cms__BootstrapAdminKey=$FAULTS_KEY \
Cms__RateLimits__Enabled=false Cms__SeedDemoContent=false Cms__BackupDirectory=$WORK/endpoint-backups \
Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.Hosting.Lifetime=Information"
}

# Starts the API in the background on 127.0.0.1:PORT over DATA-DIR; its pid goes to SERVER_PID, its log to LOG.
start_server() { # port data-dir log [extra VAR=value ...]
  local port=$1 data=$2 log=$3; shift 3
  # shellcheck disable=SC2046
  env $(api_env "$data") "$@" ASPNETCORE_URLS="http://127.0.0.1:$port" dotnet "$API_DLL" >>"$log" 2>&1 &
  SERVER_PID=$!
  track "$SERVER_PID"
  SERVER_STARTED_NS=$(date +%s%N)
}

# Waits until GET PATH (default /health) answers 200; prints the milliseconds since start_server. Fails when the
# process dies or after TIMEOUT seconds (default 60).
wait_healthy() { # port [timeout-seconds] [path]
  local port=$1 timeout=${2:-60} path=${3:-/health}
  local deadline=$(( $(date +%s) + timeout ))
  while [ "$(date +%s)" -lt "$deadline" ]; do
    if [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$port$path" 2>/dev/null)" = 200 ]; then
      echo $(( ($(date +%s%N) - SERVER_STARTED_NS) / 1000000 ))
      return 0
    fi
    kill -0 "$SERVER_PID" 2>/dev/null || { echo "server exited before it was healthy" >&2; return 1; }
    sleep 0.02
  done
  echo "server not healthy after ${timeout}s" >&2
  return 1
}

# SIGTERM, then waits (at most 40 s) for the exit. Sets STOP_MS (how long it took) and STOP_STATUS (the exit status;
# 137 when it had to be killed). Not to be called in $(...): the variables would stay in the subshell.
stop_server() { # pid
  local pid=$1 t0; t0=$(date +%s%N)
  STOP_STATUS=0
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 400); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  if kill -0 "$pid" 2>/dev/null; then kill -KILL "$pid"; STOP_STATUS=137; fi
  wait "$pid" 2>/dev/null || STOP_STATUS=$?
  STOP_MS=$(( ($(date +%s%N) - t0) / 1000000 ))
}

# The fault driver (see bench/FaultDriver/Program.cs). In the background, run `dotnet "$DRIVER_DLL" ... &` instead, so that $! is the
# driver's own pid (a function run with & would be a subshell, and signals to it would not reach the driver).
driver() { dotnet "$DRIVER_DLL" "$@"; }

# Runs `Api.dll integrity` on DATA-DIR. Sets INTEGRITY (ok|fail), ORPHANS (orphan files + orphan variant sets),
# TEMPS (temporary files), MISSING (missing files); the report is kept in $WORK/integrity-N.txt.
run_integrity() { # data-dir
  local report="$WORK/integrity-$(date +%s%N).txt"
  # shellcheck disable=SC2046
  if env $(api_env "$1") dotnet "$API_DLL" integrity >"$report" 2>&1; then INTEGRITY=ok; else INTEGRITY=fail; fi
  ORPHANS=$(grep -c -E '^orphan (file|variants):' "$report" || true)
  TEMPS=$(grep -c '^temporary file:' "$report" || true)
  MISSING=$(grep -c '^missing file:' "$report" || true)
  INTEGRITY_REPORT=$report
  if [ "$INTEGRITY" != ok ]; then say "integrity: $(head -n 5 "$report" | tr '\n' ' ')"; fi
}

# A numeric field of a one-line JSON object: field '{"a":1,"b":2}' b → 2 (0 when absent).
field() { # json name
  local v
  v=$(printf '%s' "$1" | sed -n "s/.*\"$2\":\([0-9.-]*\).*/\1/p")
  echo "${v:-0}"
}

# Counts in a storm summary's status maps: write answers whose "status" matches PATTERN (an awk regex, quotes included:
# '"(503|507)"', '.' for all), and read answers that were not 2xx. 0 for an empty or absent map.
write_count() { printf '%s' "$1" | sed -n 's/.*"write_status":{\([^}]*\)}.*/\1/p' | tr ',' '\n' | awk -F: -v p="$2" '$1 ~ p {n += $2} END {print n + 0}'; }
bad_reads() { printf '%s' "$1" | sed -n 's/.*"read_status":{\([^}]*\)}.*/\1/p' | tr ',' '\n' | awk -F: '$1 !~ /"2.."/ {n += $2} END {print n + 0}'; }

# GET /health/ready until it answers STATUS (the probe keeps its answer for a second), at most 3 s; prints the last
# "STATUS CONTENT-TYPE" like probe, with the body in $WORK/last-body.
probe_ready_until() { # status
  local answer
  for _ in $(seq 1 30); do
    answer=$(probe GET /health/ready)
    [ "${answer%% *}" = "$1" ] && break
    sleep 0.1
  done
  echo "$answer"
}

# Prints the milliseconds until GET /health/ready on $PORT answers 200, or -1 after 10 s.
wait_ready_ms() {
  local t0; t0=$(date +%s%N)
  for _ in $(seq 1 100); do
    if [ "$(probe GET /health/ready | cut -d' ' -f1)" = 200 ]; then echo $(( ($(date +%s%N) - t0) / 1000000 )); return; fi
    sleep 0.1
  done
  echo -1
}

# acknowledged ⊆ present: `driver verify` of $ACKS against $BASE (extra driver arguments appended). Sets VERIFY (the
# driver's JSON), LOST (lost + errors) and DAMAGED (corrupt), and records a failure when either is non-zero.
verify_acks() { # [extra driver verify args...]
  VERIFY=$(driver verify --base "$BASE" --key "$FAULTS_KEY" --ack-file "$ACKS" "$@") || true
  say "verify: $VERIFY"
  LOST=$(( $(field "$VERIFY" lost) + $(field "$VERIFY" errors) )); DAMAGED=$(field "$VERIFY" corrupt)
  check "acknowledged writes lost or damaged: $VERIFY" [ $(( LOST + DAMAGED )) -eq 0 ]
}

# The first three problem lines of the last run_integrity report, on one line (for a failure message).
integrity_problems() { grep -v '^ok' "$INTEGRITY_REPORT" | head -n 3 | tr '\n' ' '; }

# Records a failure (shown after FAIL in the summary) unless the condition holds.
check() { # description test-args...
  local what=$1; shift
  if ! "$@"; then FAULTS_FAILURES+=("$what"); say "FAILED: $what"; fi
}
fail() { FAULTS_FAILURES+=("$1"); say "FAILED: $1"; }

# Prints "NAME: fields PASS" or "NAME: fields FAIL (reasons)" and exits 0 or 1.
finish() { # "key=value key=value ..."
  if [ "${#FAULTS_FAILURES[@]}" -eq 0 ]; then
    echo "$FAULTS_NAME: $1 PASS"
    exit 0
  fi
  local reasons; reasons=$(IFS=';'; echo "${FAULTS_FAILURES[*]}")
  echo "$FAULTS_NAME: $1 FAIL ($reasons)"
  exit 1
}

# Evidence for a failure: the last lines of a log, to stderr, so the summary line stays one line.
show_log() { # file [lines]
  echo "---- ${1##*/} (last ${2:-30} lines)" >&2
  tail -n "${2:-30}" "$1" >&2 || true
}

# One request with curl; prints "STATUS CONTENT-TYPE" (000 when there was no answer) and keeps the body in $WORK/last-body.
probe() { # method path [curl args...]
  local method=$1 path=$2; shift 2
  curl -s -o "$WORK/last-body" -w '%{http_code} %{content_type}' --max-time 30 -X "$method" "$@" "http://127.0.0.1:$PORT$path" 2>/dev/null || true
}

# Probes that write: an article, and an upload of a small generated PNG.
ARTICLE_JSON='{"title":"探针文章","stationId":1,"channelId":1,"status":"draft"}'
probe_article() { probe POST /api/v1/articles -H "Authorization: Bearer $FAULTS_KEY" -H 'Content-Type: application/json' -d "$ARTICLE_JSON"; }
probe_upload() { # a new image each time: identical bytes would share the stored file and skip the media folder
  driver image --out "$WORK/probe.png" --bytes 3000 >/dev/null
  probe POST /api/v1/media -H "Authorization: Bearer $FAULTS_KEY" -F "file=@$WORK/probe.png;type=image/png"
}

# True when a probe answered STATUS (one of several, e.g. "503|507") with a problem document.
is_problem() { # "status content-type" status-pattern
  local status=${1%% *} type=${1#* }
  [[ "$status" =~ ^($2)$ ]] && [[ "$type" == application/problem+json* ]]
}
