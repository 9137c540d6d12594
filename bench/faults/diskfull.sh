#!/usr/bin/env bash
# Disk full: the data directory on a small tmpfs, filled up under a write storm, then space freed without a restart.
#
#   bench/faults/diskfull.sh [--short | --long]
#
# short: 16 MB tmpfs, storms of 3 s; long: 64 MB, storms of 20 s. Needs root (mount). DISKFULL_MB overrides the size.
# Proves: when the disk fills, writes are refused with 507 (or 503) problem documents and never a 500; reads of what
# was saved go on answering 200; /health/ready (and /health) say 503 naming the full disk while /health/live stays 200;
# a failed write leaves nothing half-written (integrity on the live server: no temporary or orphan file); once space is
# freed (a filler file deleted) writes succeed again on the same process, without a restart; acknowledged ⊆ present.
source "$(dirname "$0")/lib.sh"
faults_init diskfull "$@"

if [ "$FAULTS_MODE" = long ]; then SIZE_MB=${DISKFULL_MB:-64}; STORM_S=20; else SIZE_MB=${DISKFULL_MB:-16}; STORM_S=3; fi
PORT=$(free_port "${FAULTS_PORT:-5341}")
BASE=http://127.0.0.1:$PORT
ACKS=$WORK/acks.txt
LOG=$WORK/server.log
[ "$(id -u)" = 0 ] || { fail "needs root to mount a tmpfs"; finish "mb=$SIZE_MB"; }

# Phase 1: a seeded data directory (made on the ordinary disk, server stopped), copied onto a fresh tmpfs.
start_server "$PORT" "$WORK/seed" "$LOG"
wait_healthy "$PORT" >/dev/null || { show_log "$LOG"; fail "server did not start"; finish "mb=$SIZE_MB"; }
SEEDED=$(driver storm --base "$BASE" --key "$FAULTS_KEY" --writers 4 --readers 0 --seconds 2 --ack-file "$ACKS" --media --label seed)
stop_server "$SERVER_PID"
DATA=$WORK/tmpfs/data
mkdir -p "$WORK/tmpfs"
mount -t tmpfs -o "size=${SIZE_MB}m" tmpfs "$WORK/tmpfs"; FAULTS_MOUNTS+=("$WORK/tmpfs")
cp -a "$WORK/seed" "$DATA"
start_server "$PORT" "$DATA" "$LOG"
wait_healthy "$PORT" >/dev/null || { show_log "$LOG"; fail "server did not start on the tmpfs"; finish "mb=$SIZE_MB"; }
SERVER=$SERVER_PID

# Phase 2: fill the disk, leaving ~1 MB, then storm with big articles and uploads until writes fail.
AVAIL=$(df --output=avail -B1 "$WORK/tmpfs" | tail -n 1)
head -c $(( AVAIL - 1024 * 1024 )) /dev/zero >"$WORK/tmpfs/filler" 2>/dev/null || true
say "free after filler: $(df --output=avail -B1 "$WORK/tmpfs" | tail -n 1) bytes"
FULL=$(driver storm --base "$BASE" --key "$FAULTS_KEY" --writers 8 --readers 4 --seconds $(( STORM_S * 4 )) --ack-file "$ACKS" \
  --media --body-kb 32 --until-write-failures $(( STORM_S * 40 )) --label full)
# ...and keep writing for a while once full: every failure must stay a 507/503 problem, every read a 200.
FULL2=$(driver storm --base "$BASE" --key "$FAULTS_KEY" --writers 8 --readers 8 --seconds "$STORM_S" --ack-file "$ACKS" \
  --media --body-kb 32 --label full)
say "filling: $FULL"
say "full:    $FULL2"
WRITE_FAILURES=0; OTHER_FAILURES=0; BAD_READS=0
for s in "$FULL" "$FULL2"; do
  WRITE_FAILURES=$(( WRITE_FAILURES + $(write_count "$s" '"(503|507)"') ))
  OTHER_FAILURES=$(( OTHER_FAILURES + $(write_count "$s" '.') - $(write_count "$s" '"(2..|503|507)"') ))
  BAD_READS=$(( BAD_READS + $(bad_reads "$s") ))
done
S500=$(( $(field "$FULL" s500) + $(field "$FULL2" s500) ))
NONPROBLEM=$(( $(field "$FULL" non_problem) + $(field "$FULL2" non_problem) ))
check "the disk never filled: no write was refused with 507/503" [ "$WRITE_FAILURES" -gt 0 ]
check "500 answers while full ($S500)" [ "$S500" -eq 0 ]
check "write failures other than 507/503 while full ($OTHER_FAILURES)" [ "$OTHER_FAILURES" -eq 0 ]
check "error bodies that are not problem documents ($NONPROBLEM)" [ "$NONPROBLEM" -eq 0 ]
check "reads that did not answer 200 while full ($BAD_READS)" [ "$BAD_READS" -eq 0 ]

# Phase 3: what the server says while full, request by request.
A=$(probe_article); A_BODY=$(head -c 300 "$WORK/last-body")
U=$(probe_upload); U_BODY=$(head -c 300 "$WORK/last-body")
READY=$(probe_ready_until 503); READY_BODY=$(cat "$WORK/last-body")
HEALTH=$(probe GET /health); LIVE=$(probe GET /health/live)
READ=$(probe GET "/api/v1/articles/$(awk '$1 == "article" {print $2; exit}' "$ACKS")")
LIST=$(probe GET "/api/v1/articles?limit=5")
say "while full: article $A $A_BODY"
say "while full: upload $U $U_BODY"
say "while full: ready $READY $READY_BODY, health $HEALTH, live $LIVE, read $READ, list $LIST"
check "article create while full answered '$A' ($A_BODY), not a 507/503 problem" is_problem "$A" "503|507"
check "upload while full answered '$U' ($U_BODY), not a 507/503 problem" is_problem "$U" "503|507"
check "/health/ready while full answered '$READY', not a 503 problem" is_problem "$READY" 503
check "/health/ready does not name the full disk: $READY_BODY" grep -q -i 'full' <<<"$READY_BODY"
check "/health while full answered '$HEALTH', not 503" is_problem "$HEALTH" 503
check "/health/live while full answered '$LIVE'" [ "${LIVE%% *}" = 200 ]
check "an article read while full answered '$READ'" [ "${READ%% *}" = 200 ]
check "a list read while full answered '$LIST'" [ "${LIST%% *}" = 200 ]

# Phase 4: nothing half-written by the failed writes (the live, idle server's folder and database agree).
run_integrity "$DATA"
INTEGRITY_FULL=$INTEGRITY
check "integrity while full: $(integrity_problems)" [ "$INTEGRITY" = ok ]

# Phase 5: free the space; the same process takes writes again. The filler goes and the file system grows fourfold, so
# the recovery storm below cannot fill it up again (a 507 then would be right, but would prove nothing).
rm -f "$WORK/tmpfs/filler"
mount -o "remount,size=$(( SIZE_MB * 4 ))m" "$WORK/tmpfs"
RECOVER_MS=$(wait_ready_ms)
check "/health/ready not 200 within 10 s of freeing space" [ "$RECOVER_MS" -ge 0 ]
AFTER=$(driver storm --base "$BASE" --key "$FAULTS_KEY" --writers 8 --readers 4 --seconds "$STORM_S" --ack-file "$ACKS" --media --label recovered)
say "after freeing: $AFTER"
check "writes did not succeed after space was freed" [ "$(field "$AFTER" acknowledged)" -gt 0 ]
check "writes still failing after space was freed ($(field "$AFTER" s5xx) 5xx)" [ "$(field "$AFTER" s5xx)" -eq 0 ]
check "the server restarted or died" kill -0 "$SERVER"
A2=$(probe_article); U2=$(probe_upload)
check "article create after freeing answered '$A2'" [ "${A2%% *}" = 201 ]
check "upload after freeing answered '$U2'" [ "${U2%% *}" = 201 ]

# Phase 6: acknowledged ⊆ present (seed, full and recovered phases), integrity ok.
verify_acks
run_integrity "$DATA"
check "integrity after recovery: $(integrity_problems)" [ "$INTEGRITY" = ok ]
if [ "${#FAULTS_FAILURES[@]}" -gt 0 ]; then printf '%s\n' "$FULL" "$FULL2" "$AFTER" >&2; grep -E 'fail|Exception' "$LOG" | sort | uniq -c | sort -rn | head -n 10 >&2; fi

finish "mb=$SIZE_MB acknowledged=$(field "$VERIFY" acknowledged) lost=$LOST damaged=$DAMAGED refused_507_503=$WRITE_FAILURES other_write_failures=$OTHER_FAILURES \
500=$S500 bad_reads=$BAD_READS ready_while_full=${READY%% *} writes_after_free=$(field "$AFTER" acknowledged) recovered_ms=$RECOVER_MS \
restart=no integrity=$INTEGRITY_FULL/$INTEGRITY"
