#!/usr/bin/env bash
# Concurrent writers and readers against the real server on 127.0.0.1.
#
#   bench/faults/soak.sh [--short | --long] [seconds]
#
# short: 10 s, long: 300 s (or the seconds given); SOAK_WRITERS / SOAK_READERS (default 8 / 8).
# Proves: under 8 writers (articles, uploads, patches) and 8 readers (lists, articles, search, images, feeds) the API
# answers no 5xx, never lets 'database is locked' reach a client, every error body is a problem document, every
# acknowledged create reads back intact afterwards, and the data directory passes the integrity command.
source "$(dirname "$0")/lib.sh"
faults_init soak "$@"

SECONDS_TO_RUN=$([ "$FAULTS_MODE" = long ] && echo 300 || echo 10)
for arg in "$@"; do case $arg in ''|*[!0-9]*) ;; *) SECONDS_TO_RUN=$arg ;; esac; done
WRITERS=${SOAK_WRITERS:-8}
READERS=${SOAK_READERS:-8}
PORT=$(free_port "${FAULTS_PORT:-5311}")
BASE=http://127.0.0.1:$PORT
DATA=$WORK/data
ACKS=$WORK/acks.txt

# Phase 1: a fresh data directory and a healthy server.
start_server "$PORT" "$DATA" "$WORK/server.log"
wait_healthy "$PORT" >/dev/null || { show_log "$WORK/server.log"; fail "server did not start"; finish "seconds=0"; }

# Phase 2: the storm. Every 2xx create is in the ack file before the driver does anything else with it.
say "storm: $WRITERS writers, $READERS readers, ${SECONDS_TO_RUN}s"
STORM=$(driver storm --base "$BASE" --key "$FAULTS_KEY" --writers "$WRITERS" --readers "$READERS" \
  --seconds "$SECONDS_TO_RUN" --ack-file "$ACKS" --media --label soak)
say "storm: $STORM"
S5XX=$(field "$STORM" s5xx); LOCKED=$(field "$STORM" locked); NONPROBLEM=$(field "$STORM" non_problem)
ERRORS=$(( $(field "$STORM" resets) + $(field "$STORM" refused) + $(field "$STORM" timeouts) + $(field "$STORM" other_errors) ))
check "5xx answers ($S5XX)" [ "$S5XX" -eq 0 ]
check "'database is locked' reached a client ($LOCKED)" [ "$LOCKED" -eq 0 ]
check "error bodies that are not problem documents ($NONPROBLEM)" [ "$NONPROBLEM" -eq 0 ]
check "connection errors or timeouts ($ERRORS)" [ "$ERRORS" -eq 0 ]
check "acknowledged article read as 404 during the storm" [ "$(field "$STORM" missing_reads)" -eq 0 ]
check "nothing acknowledged" [ "$(field "$STORM" acknowledged)" -gt 0 ]

# Phase 3: acknowledged ⊆ present, on the same server after the storm.
verify_acks

# Phase 4: the database and the media folder agree (nothing is uploading now).
run_integrity "$DATA"
check "integrity command failed: $(integrity_problems)" [ "$INTEGRITY" = ok ]
grep -q -i -E 'database is locked|Unhandled exception' "$WORK/server.log" && fail "server log has 'database is locked' or an unhandled exception"

if [ "${#FAULTS_FAILURES[@]}" -gt 0 ]; then echo "$STORM" >&2; echo "$VERIFY" >&2; show_log "$WORK/server.log" 20; fi
finish "seconds=$SECONDS_TO_RUN writers=$WRITERS readers=$READERS acknowledged=$(field "$VERIFY" acknowledged) lost=$LOST damaged=$DAMAGED \
5xx=$S5XX locked=$LOCKED writes=$(field "$STORM" writes) reads=$(field "$STORM" reads) write_p99_ms=$(field "$STORM" write_p99_ms) integrity=$INTEGRITY"
