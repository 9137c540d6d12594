#!/usr/bin/env bash
# Torn reads: no response pairs one version of an article with parts (tags, bylines, media) of another.
#
#   bench/faults/torn.sh [--short | --long]
#
# short: 10,000 reads, long: 100,000 (TORN_READS overrides), with the server cache off (every read goes to the
# database). 2 writers PATCH four published articles back to back, marking title, summary and tags of each version with
# its number; 4 readers read details and lists (public and with a key), the station's JSON feed and /sync, and count
# every article whose marks disagree or whose ETag names another version than its body.
source "$(dirname "$0")/lib.sh"
faults_init torn "$@"

READS=${TORN_READS:-$([ "$FAULTS_MODE" = long ] && echo 100000 || echo 10000)}
PORT=$(free_port "${FAULTS_PORT:-5331}")
BASE=http://127.0.0.1:$PORT
DATA=$WORK/data

start_server "$PORT" "$DATA" "$WORK/server.log" Cms__Cache__ServerSeconds=0
wait_healthy "$PORT" >/dev/null || { show_log "$WORK/server.log"; fail "server did not start"; finish "reads=0"; }

say "torn: 2 writers, 4 readers, $READS reads"
RESULT=$(driver torn --base "$BASE" --key "$FAULTS_KEY" --writers 2 --readers 4 --reads "$READS" --seconds 180) \
  || fail "driver failed"
say "torn: $RESULT"
READ=$(field "$RESULT" reads); TORN=$(field "$RESULT" torn); WRITES=$(field "$RESULT" writes)
check "torn responses ($TORN)" [ "$TORN" -eq 0 ]
check "reads ($READ) fewer than $READS" [ "$READ" -ge "$READS" ]
check "writes ($WRITES) too few to test anything" [ "$WRITES" -ge 100 ]
check "failed reads ($(field "$RESULT" failed_reads))" [ "$(field "$RESULT" failed_reads)" -eq 0 ]
check "failed writes ($(field "$RESULT" failed_writes))" [ "$(field "$RESULT" failed_writes)" -eq 0 ]

if [ "${#FAULTS_FAILURES[@]}" -gt 0 ]; then echo "$RESULT" >&2; show_log "$WORK/server.log" 20; fi
finish "reads=$READ writes=$WRITES torn=$TORN seconds=$(field "$RESULT" seconds)"
