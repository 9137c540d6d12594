#!/usr/bin/env bash
# Crash cycles: a write storm (articles and uploads) killed with SIGKILL at a random moment, then a restart on the
# same data directory.
#
#   bench/faults/crash.sh [--short | --long] [cycles]
#
# short: 3 cycles, long: 20 (or the number given). CRASH_SEED fixes the kill moments (bash $RANDOM seed).
# Proves, after every cycle: the server is healthy again (GET /health 200; the time from start is reported), every write
# acknowledged before any kill so far reads back intact (acknowledged ⊆ present), and the integrity command passes:
# PRAGMA integrity_check and foreign keys ok, no missing, orphan or temporary file left once the start-up sweep ran.
source "$(dirname "$0")/lib.sh"
faults_init crash "$@"

CYCLES=$([ "$FAULTS_MODE" = long ] && echo 20 || echo 3)
for arg in "$@"; do case $arg in ''|*[!0-9]*) ;; *) CYCLES=$arg ;; esac; done
RANDOM=${CRASH_SEED:-$$}
PORT=$(free_port "${FAULTS_PORT:-5321}")
BASE=http://127.0.0.1:$PORT
DATA=$WORK/data
ACKS=$WORK/acks.txt
LOG=$WORK/server.log
S5XX=0; LOCKED=0; READY_MAX=0; READY_SUM=0; SWEPT=0; DONE=0; TEMPS_LEFT=0; ORPHANS_LEFT=0; INTEGRITY=ok

start_server "$PORT" "$DATA" "$LOG"
wait_healthy "$PORT" >/dev/null || { show_log "$LOG"; fail "server did not start"; finish "cycles=0"; }

for cycle in $(seq 1 "$CYCLES"); do
  # Phase 1: a storm with uploads, and a SIGKILL at a random moment 0.5–3.5 s into it. Nothing gets to finish:
  # transactions, file moves and uploads are cut wherever they are.
  dotnet "$DRIVER_DLL" storm --base "$BASE" --key "$FAULTS_KEY" --writers 8 --readers 4 --seconds 60 --ack-file "$ACKS" --media \
    --unanswered-file "$WORK/unanswered.txt" --label "crash-$cycle" >"$WORK/storm-$cycle.json" 2>"$WORK/storm-$cycle.err" &
  STORM_PID=$!; track "$STORM_PID"
  KILL_MS=$(( 500 + RANDOM % 3000 ))
  sleep "$(printf '%d.%03d' $((KILL_MS / 1000)) $((KILL_MS % 1000)))"
  kill -KILL "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true
  # 143: the TERM reached the driver before it had started (a loaded machine); it sent nothing, so nothing to check.
  kill -TERM "$STORM_PID"; wait "$STORM_PID"; rc=$?
  [ "$rc" -eq 0 ] || [ "$rc" -eq 143 ] || fail "cycle $cycle: the driver failed with $rc ($(head -c 300 "$WORK/storm-$cycle.err"))"
  STORM=$(cat "$WORK/storm-$cycle.json")
  [ -n "$STORM" ] || STORM='{"s5xx":0,"locked":0}'
  S5XX=$(( S5XX + $(field "$STORM" s5xx) )); LOCKED=$(( LOCKED + $(field "$STORM" locked) ))
  LEFT=$(find "$DATA/media" -name '.tmp-*' 2>/dev/null | wc -l)
  say "cycle $cycle: killed at ${KILL_MS}ms; $LEFT temporary files left behind; storm $STORM"

  # Phase 2: restart on the same directory; the start-up sweep clears what the kill left; time until /health is 200.
  start_server "$PORT" "$DATA" "$LOG"
  if ! READY=$(wait_healthy "$PORT" 60); then show_log "$LOG"; fail "cycle $cycle: not healthy after restart"; break; fi
  READY_MAX=$(( READY > READY_MAX ? READY : READY_MAX )); READY_SUM=$(( READY_SUM + READY ))
  SWEPT_NOW=$(grep -c 'Cleared what an earlier run left unfinished' "$LOG" || true)

  # Phase 3: acknowledged ⊆ present, for every cycle so far.
  VERIFY=$(driver verify --base "$BASE" --key "$FAULTS_KEY" --ack-file "$ACKS" --unanswered "$WORK/unanswered.txt") || true
  LOST=$(( $(field "$VERIFY" lost) + $(field "$VERIFY" errors) )); DAMAGED=$(field "$VERIFY" corrupt)
  [ $(( LOST + DAMAGED )) -eq 0 ] || fail "cycle $cycle: acknowledged writes lost or damaged: $VERIFY"

  # Phase 4: the database is intact and the media folder agrees with it (the server is idle now).
  run_integrity "$DATA"
  TEMPS_LEFT=$(( TEMPS_LEFT + TEMPS )); ORPHANS_LEFT=$(( ORPHANS_LEFT + ORPHANS ))
  if [ "$INTEGRITY" != ok ]; then fail "cycle $cycle: integrity: $(integrity_problems)"; break; fi
  say "cycle $cycle: ready after ${READY}ms; verify $VERIFY; integrity $INTEGRITY"
  DONE=$cycle
done
SWEPT=${SWEPT_NOW:-0}
# What the start-up sweeps removed in all: "... 2 temporary files, 1 files no medium names, 0 variant folders ...".
SWEPT_FILES=$(sed -n 's/.*media folder: \([0-9]*\) temporary files, \([0-9]*\) files no medium names, \([0-9]*\) variant.*/\1 \2 \3/p' "$LOG" |
  awk '{t += $1; o += $2; v += $3} END {printf "%d/%d/%d", t, o, v}')

check "5xx answers during the storms ($S5XX)" [ "$S5XX" -eq 0 ]
check "'database is locked' reached a client ($LOCKED)" [ "$LOCKED" -eq 0 ]
check "a restart took more than 10 s to be healthy (${READY_MAX}ms)" [ "$READY_MAX" -le 10000 ]
grep -q -i 'Unhandled exception' "$LOG" && fail "server log has an unhandled exception"
[ "${#FAULTS_FAILURES[@]}" -eq 0 ] || show_log "$LOG" 20

# unanswered/committed: creates cut off by the kill, and how many of those the database had committed (either is fine).
finish "cycles=$DONE acknowledged=$(field "${VERIFY:-}" acknowledged) lost=${LOST:-0} damaged=${DAMAGED:-0} 5xx=$S5XX integrity=$INTEGRITY \
unanswered=$(field "${VERIFY:-}" unanswered) unanswered_committed=$(field "${VERIFY:-}" unanswered_committed) \
orphans=$ORPHANS_LEFT temporary=$TEMPS_LEFT sweeps_with_work=$SWEPT swept_tmp/orphan/variants=$SWEPT_FILES ready_after_ms=$(( DONE > 0 ? READY_SUM / DONE : 0 )) ready_max_ms=$READY_MAX"
