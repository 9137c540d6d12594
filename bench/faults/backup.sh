#!/usr/bin/env bash
# Online backup while writers run, and restore by starting a second server on the copy.
#
#   bench/faults/backup.sh [--short | --long] [corpus-articles]
#
# short: writers warm up 2 s; long: 10 s. With corpus-articles (e.g. 100000) the data directory is first filled by
# bench/CorpusGenerator (as bench/run.sh does), so the reported time and size are those of a backup of that corpus.
# Proves: `dotnet Api.dll backup <dir>` and POST /api/v1/backups, each run while 8 writers create articles and upload
# images, produce a directory that is itself a data directory: a second server started on it (another port) serves
# every article and image acknowledged before that backup began (acknowledged ⊆ present), it holds at least the
# articles the source held then, and the integrity command passes on it. Reports each backup's time and size.
source "$(dirname "$0")/lib.sh"
faults_init backup "$@"

WARMUP=$([ "$FAULTS_MODE" = long ] && echo 10 || echo 2)
CORPUS=0
for arg in "$@"; do case $arg in ''|*[!0-9]*) ;; *) CORPUS=$arg ;; esac; done
PORT=$(free_port "${FAULTS_PORT:-5371}")
PORT2=$(free_port $(( PORT + 1 )))
BASE=http://127.0.0.1:$PORT
DATA=$WORK/data
ACKS=$WORK/acks.txt
LOG=$WORK/server.log

# Phase 1 (with a corpus size): generate the corpus straight into the data directory.
if [ "$CORPUS" -gt 0 ]; then
  GEN=${FAULTS_BUILD:-$WORK/build}/gen
  if [ ! -f "$GEN/CorpusGenerator.dll" ]; then
    dotnet build "$FAULTS_ROOT/bench/CorpusGenerator/CorpusGenerator.csproj" -c Release -o "$GEN" -v quiet -nologo >"$WORK/gen-build.log" 2>&1 \
      || { cat "$WORK/gen-build.log" >&2; fail "CorpusGenerator did not build"; finish "articles=$CORPUS"; }
  fi
  T0=$(date +%s%N)
  dotnet "$GEN/CorpusGenerator.dll" "$DATA" "$CORPUS" "$FAULTS_ROOT/Api.Tests/Fixtures/seed-article.txt" >"$WORK/gen.log" 2>&1 \
    || { tail -n 20 "$WORK/gen.log" >&2; fail "CorpusGenerator failed"; finish "articles=$CORPUS"; }
  say "corpus of $CORPUS articles generated in $(( ($(date +%s%N) - T0) / 1000000 ))ms: $(tail -n 1 "$WORK/gen.log")"
fi

# Phase 2: the source server, and writers that keep writing through both backups.
start_server "$PORT" "$DATA" "$LOG"
wait_healthy "$PORT" 120 >/dev/null || { show_log "$LOG"; fail "server did not start"; finish "articles=$CORPUS"; }
dotnet "$DRIVER_DLL" storm --base "$BASE" --key "$FAULTS_KEY" --writers 8 --readers 2 --seconds 3600 --ack-file "$ACKS" \
  --media --label backup >"$WORK/storm.json" 2>"$WORK/storm.err" &
STORM_PID=$!; track "$STORM_PID"
sleep "$WARMUP"

# Phase 3: the command. Everything in the ack file now was acknowledged before the backup began.
BEFORE_CMD=$(wc -l <"$ACKS")
TOTAL_CMD=$(field "$(driver total --base "$BASE" --key "$FAULTS_KEY")" articles)
T0=$(date +%s%N)
# shellcheck disable=SC2046
env $(api_env "$DATA") dotnet "$API_DLL" backup "$WORK/backup-cmd" >"$WORK/backup-cmd.log" 2>&1 || fail "backup command failed: $(head -c 300 "$WORK/backup-cmd.log")"
CMD_MS=$(( ($(date +%s%N) - T0) / 1000000 ))
say "backup command (${CMD_MS}ms wall): $(cat "$WORK/backup-cmd.log")"

# Phase 4: the admin endpoint, writers still running.
BEFORE_EP=$(wc -l <"$ACKS")
TOTAL_EP=$(field "$(driver total --base "$BASE" --key "$FAULTS_KEY")" articles)
T0=$(date +%s%N)
EP=$(curl -s -w '\n%{http_code}' --max-time 600 -X POST -H "Authorization: Bearer $FAULTS_KEY" "$BASE/api/v1/backups")
EP_MS=$(( ($(date +%s%N) - T0) / 1000000 ))
EP_STATUS=$(tail -n 1 <<<"$EP"); EP_BODY=$(head -n 1 <<<"$EP")
say "backup endpoint (${EP_MS}ms): $EP_STATUS $EP_BODY"
check "POST /api/v1/backups answered $EP_STATUS: $EP_BODY" [ "$EP_STATUS" = 201 ]
EP_DIR=$(sed -n 's/.*"directory":"\([^"]*\)".*/\1/p' <<<"$EP_BODY")
sleep 1
kill -TERM "$STORM_PID"; wait "$STORM_PID" || fail "the driver failed: $(head -c 300 "$WORK/storm.err")"
STORM=$(cat "$WORK/storm.json")
check "5xx answers to the writers during the backups ($(field "$STORM" s5xx))" [ "$(field "$STORM" s5xx)" -eq 0 ]
check "'database is locked' reached a writer ($(field "$STORM" locked))" [ "$(field "$STORM" locked)" -eq 0 ]
say "writers: $STORM"

# Phase 5: restore = a second server on each copy; everything acknowledged before that backup began is there.
restore_check() { # label dir lines-before articles-before
  local label=$1 dir=$2 lines=$3 total=$4
  [ -n "$dir" ] && [ -f "$dir/cms.db" ] || { fail "$label: no backup at '$dir'"; return; }
  run_integrity "$dir"
  check "$label: integrity on the backup: $(integrity_problems)" [ "$INTEGRITY" = ok ]
  eval "${label}_INTEGRITY=$INTEGRITY"
  start_server "$PORT2" "$dir" "$WORK/restore-$label.log"
  if wait_healthy "$PORT2" 120 >/dev/null; then
    local verify total_copy lost
    verify=$(driver verify --base "http://127.0.0.1:$PORT2" --key "$FAULTS_KEY" --ack-file "$ACKS" --lines "$lines") || true
    total_copy=$(field "$(driver total --base "http://127.0.0.1:$PORT2" --key "$FAULTS_KEY")" articles)
    say "$label restore: $verify; articles in the copy: $total_copy (source had $total before)"
    lost=$(( $(field "$verify" lost) + $(field "$verify" corrupt) + $(field "$verify" errors) ))
    eval "${label}_ACKED=$(field "$verify" acknowledged) ${label}_LOST=$lost"
    check "$label: acknowledged before the backup but missing from it: $verify" [ "$lost" -eq 0 ]
    check "$label: the copy holds $total_copy articles, fewer than the $total the source held when it began" [ "$total_copy" -ge "$total" ]
  else
    show_log "$WORK/restore-$label.log"; fail "$label: a server on the backup did not start"
  fi
  stop_server "$SERVER_PID"
}
restore_check CMD "$WORK/backup-cmd" "$BEFORE_CMD" "$TOTAL_CMD"
restore_check EP "$EP_DIR" "$BEFORE_EP" "$TOTAL_EP"

SIZE_CMD=$(du -sb "$WORK/backup-cmd" | cut -f1)
SIZE_EP=$( [ -n "$EP_DIR" ] && du -sb "$EP_DIR" | cut -f1 || echo 0)
SIZE_SRC=$(du -sb "$DATA" | cut -f1)
APP_S=$(sed -n 's/.* in \([0-9.]*\) s:.*/\1/p' "$WORK/backup-cmd.log")
EP_APP_MS=$(sed -n 's/.*"durationMs":\([0-9]*\).*/\1/p' <<<"$EP_BODY")
mb() { awk -v b="$1" 'BEGIN { printf "%.1fMB", b / 1048576 }'; }

finish "corpus=$CORPUS articles_at_backup=$TOTAL_CMD acknowledged_before=${CMD_ACKED:-0}/${EP_ACKED:-0} lost=${CMD_LOST:-?}/${EP_LOST:-?} \
5xx=$(field "$STORM" s5xx) command_ms=$CMD_MS command_app_s=${APP_S:-?} endpoint_ms=$EP_MS endpoint_app_ms=${EP_APP_MS:-?} \
size_command=$(mb "$SIZE_CMD") size_endpoint=$(mb "$SIZE_EP") size_source=$(mb "$SIZE_SRC") integrity=${CMD_INTEGRITY:-?}/${EP_INTEGRITY:-?}"
