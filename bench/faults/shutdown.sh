#!/usr/bin/env bash
# Graceful shutdown: SIGTERM in the middle of a write storm and of a slow upload.
#
#   bench/faults/shutdown.sh [--short | --long] [rounds]
#
# short: 1 round, long: 5 rounds (or the number given); each round is a fresh start on the same data directory.
# SHUTDOWN_LIMIT_MS (default 30000, ASP.NET Core's default shutdown timeout) is the longest the exit may take.
# Proves: a request already accepted finishes (a 600 KB upload sent at 100 KB/s, under way when SIGTERM arrives, is
# answered 201 and its medium is there after the restart); a new connection is refused while the server drains; the
# process exits by itself, with status 0, within the limit; acknowledged ⊆ present and integrity ok after a restart.
# Connections the storm saw break after its request was sent are counted (resets); a create among them that the server
# committed anyway (cut_after_commit) was accepted and not let finish, and fails the run. A reset whose request the
# server never read (a keep-alive connection closed by the server as the request went out) is counted, not failed.
source "$(dirname "$0")/lib.sh"
faults_init shutdown "$@"

ROUNDS=$([ "$FAULTS_MODE" = long ] && echo 5 || echo 1)
for arg in "$@"; do case $arg in ''|*[!0-9]*) ;; *) ROUNDS=$arg ;; esac; done
LIMIT_MS=${SHUTDOWN_LIMIT_MS:-30000}
PORT=$(free_port "${FAULTS_PORT:-5331}")
BASE=http://127.0.0.1:$PORT
DATA=$WORK/data
ACKS=$WORK/acks.txt
LOG=$WORK/server.log
STOP_MAX=0; RESETS=0; WRITE_RESETS=0; S5XX=0; REFUSED_WHILE_DRAINING=0; SLOW_OK=0; DONE=0

driver image --out "$WORK/slow.png" --bytes 600000 >/dev/null

for round in $(seq 1 "$ROUNDS"); do
  start_server "$PORT" "$DATA" "$LOG"
  wait_healthy "$PORT" >/dev/null || { show_log "$LOG"; fail "round $round: server did not start"; break; }
  SERVER=$SERVER_PID

  # Phase 1: load, plus one slow upload that is sure to be in flight when SIGTERM comes.
  dotnet "$DRIVER_DLL" storm --base "$BASE" --key "$FAULTS_KEY" --writers 8 --readers 4 --seconds 60 --ack-file "$ACKS" \
    --unanswered-file "$WORK/unanswered.txt" --media --label "shutdown-$round" >"$WORK/storm-$round.json" 2>"$WORK/storm-$round.err" &
  STORM_PID=$!; track "$STORM_PID"
  curl -s -o "$WORK/slow-$round.json" -w '%{http_code}' --limit-rate 100k -H "Authorization: Bearer $FAULTS_KEY" \
    -F "file=@$WORK/slow.png;type=image/png" -F "caption=slow upload $round" "$BASE/api/v1/media" >"$WORK/slow-$round.status" 2>/dev/null &
  SLOW_PID=$!; track "$SLOW_PID"
  sleep 3

  # Phase 2: SIGTERM. While the server drains, new connections must be refused (curl exit 7).
  T0=$(date +%s%N)
  kill -TERM "$SERVER"
  REFUSED=0
  for _ in $(seq 1 20); do
    sleep 0.1
    kill -0 "$SERVER" 2>/dev/null || break
    if curl -s -o /dev/null --max-time 2 "$BASE/health/live"; then :; elif [ "$?" = 7 ]; then REFUSED=1; break; fi
  done
  REFUSED_WHILE_DRAINING=$(( REFUSED_WHILE_DRAINING + REFUSED ))
  kill -0 "$SERVER" 2>/dev/null || fail "round $round: the server was gone before the slow upload could finish (nothing was in flight)"

  # Phase 3: the process exits by itself within the limit, status 0.
  STATUS=0
  for _ in $(seq 1 $(( LIMIT_MS / 100 + 50 ))); do kill -0 "$SERVER" 2>/dev/null || break; sleep 0.1; done
  STOP_MS=$(( ($(date +%s%N) - T0) / 1000000 ))
  if kill -0 "$SERVER" 2>/dev/null; then kill -KILL "$SERVER"; fail "round $round: still running ${STOP_MS}ms after SIGTERM"; fi
  wait "$SERVER" 2>/dev/null || STATUS=$?
  STOP_MAX=$(( STOP_MS > STOP_MAX ? STOP_MS : STOP_MAX ))
  [ "$STOP_MS" -le "$LIMIT_MS" ] || fail "round $round: exit took ${STOP_MS}ms (limit ${LIMIT_MS}ms)"
  [ "$STATUS" -eq 0 ] || fail "round $round: exit status $STATUS after SIGTERM"

  # Phase 4: the in-flight upload was answered; the storm's view of it.
  wait "$SLOW_PID" 2>/dev/null || true
  SLOW_STATUS=$(cat "$WORK/slow-$round.status" 2>/dev/null || echo none)
  if [ "$SLOW_STATUS" = 201 ]; then
    SLOW_OK=$(( SLOW_OK + 1 ))
    SLOW_ID=$(sed -n 's/^{"id":\([0-9]*\).*/\1/p' "$WORK/slow-$round.json")
    SLOW_SHA=$(sed -n 's/.*"sha256":"\([0-9a-f]*\)".*/\1/p' "$WORK/slow-$round.json")
    echo "media $SLOW_ID $SLOW_SHA" >>"$ACKS"
  else
    fail "round $round: the upload in flight at SIGTERM got '$SLOW_STATUS' ($(head -c 200 "$WORK/slow-$round.json" 2>/dev/null))"
  fi
  kill -TERM "$STORM_PID" 2>/dev/null || true
  wait "$STORM_PID" || fail "round $round: the driver failed ($(head -c 300 "$WORK/storm-$round.err"))"
  STORM=$(cat "$WORK/storm-$round.json")
  RESETS=$(( RESETS + $(field "$STORM" resets) )); WRITE_RESETS=$(( WRITE_RESETS + $(field "$STORM" write_resets) ))
  S5XX=$(( S5XX + $(field "$STORM" s5xx) ))
  say "round $round: stopped in ${STOP_MS}ms (status $STATUS), refused while draining: $REFUSED, slow upload: $SLOW_STATUS; storm $STORM"
  DONE=$round
done

# Phase 5: restart; everything acknowledged (the slow upload included) is there, and nothing is half-written.
start_server "$PORT" "$DATA" "$LOG"
wait_healthy "$PORT" >/dev/null || fail "not healthy after the last restart"
verify_acks --unanswered "$WORK/unanswered.txt"
run_integrity "$DATA"
check "integrity: $(integrity_problems)" [ "$INTEGRITY" = ok ]
check "5xx answers ($S5XX)" [ "$S5XX" -eq 0 ]
# A create whose connection broke but which the server committed was accepted and then cut off: not graceful.
check "creates committed by the server whose answer was cut off ($(field "$VERIFY" unanswered_committed))" [ "$(field "$VERIFY" unanswered_committed)" -eq 0 ]
check "no new connection was refused while the server drained" [ "$REFUSED_WHILE_DRAINING" -eq "$DONE" ]
grep -q -i 'Unhandled exception' "$LOG" && fail "server log has an unhandled exception"
[ "${#FAULTS_FAILURES[@]}" -eq 0 ] || show_log "$LOG" 20

finish "rounds=$DONE acknowledged=$(field "$VERIFY" acknowledged) lost=$LOST damaged=$DAMAGED 5xx=$S5XX inflight_upload_ok=$SLOW_OK/$DONE \
refused_while_draining=$REFUSED_WHILE_DRAINING/$DONE stop_max_ms=$STOP_MAX resets=$RESETS write_resets=$WRITE_RESETS cut_after_commit=$(field "$VERIFY" unanswered_committed) integrity=$INTEGRITY"
