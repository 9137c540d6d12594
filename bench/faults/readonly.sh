#!/usr/bin/env bash
# Read-only storage under a running server, in two forms.
#
#   bench/faults/readonly.sh [--short | --long]
#
# short: storms of 3 s, long: 20 s. Needs root, loop devices and mkfs.ext4 (Debian's e2fsprogs; installed when missing).
#
# Why not `mount -o remount,ro` of the data directory's tmpfs: the kernel refuses it (EBUSY) while any process holds a
# file of that file system open for writing, and a running server always holds cms.db, its -wal and -shm open. So:
#
#   A. The media folder turns read-only (a read-only bind mount over it; the server keeps no media file open), then
#      read-write again. Proves: uploads answer 503 problems (never 500), article writes and all reads go on, /health/ready
#      503 naming the media folder, /health/live 200; once read-write, uploads succeed on the same process, no restart.
#   B. The whole file system turns read-only as it does on disk errors: the data directory is an ext4 image on a loop
#      device mounted errors=remount-ro, and ext4's trigger_fs_error makes the kernel remount it read-only under the open
#      files. Proves: reads (article, list, search, image) answer 200; every write answers a 503 problem, never 500;
#      /health/ready 503 naming the read-only storage, /health 503, /health/live 200; SIGTERM still stops the server.
#      The kernel does not let an ext4 whose journal was aborted be remounted read-write, so recovery is: stop, fsck,
#      mount, start (restart=yes is the kernel's doing); then writes succeed, acknowledged ⊆ present, integrity ok.
source "$(dirname "$0")/lib.sh"
faults_init readonly "$@"

STORM_S=$([ "$FAULTS_MODE" = long ] && echo 20 || echo 3)
PORT=$(free_port "${FAULTS_PORT:-5351}")
BASE=http://127.0.0.1:$PORT
ACKS=$WORK/acks.txt
LOG=$WORK/server.log
IMG=$WORK/data.ext4
MNT=$WORK/fs
DATA=$MNT/data
[ "$(id -u)" = 0 ] || { fail "needs root to mount file systems"; finish "restart=?"; }
if ! command -v mkfs.ext4 >/dev/null 2>&1; then
  (apt-get update -qq && apt-get install -y -qq e2fsprogs) >/dev/null 2>&1 || { fail "mkfs.ext4 missing (apt-get install e2fsprogs)"; finish "restart=?"; }
fi

# Phase 1: an ext4 data directory on a loop device; a server on it, with content written and acknowledged.
truncate -s 256M "$IMG"
mkfs.ext4 -q -F "$IMG"
mkdir -p "$MNT"
mount -o loop,errors=remount-ro "$IMG" "$MNT"; FAULTS_MOUNTS+=("$MNT")
DEV=$(basename "$(findmnt -n -o SOURCE "$MNT")")
start_server "$PORT" "$DATA" "$LOG"
wait_healthy "$PORT" >/dev/null || { show_log "$LOG"; fail "server did not start"; finish "restart=?"; }
SERVER=$SERVER_PID
driver storm --base "$BASE" --key "$FAULTS_KEY" --writers 4 --readers 2 --seconds 2 --ack-file "$ACKS" --media --label before >/dev/null
ARTICLE=$(awk '$1 == "article" {print $2; exit}' "$ACKS")
MEDIUM=$(awk '$1 == "media" {print $2; exit}' "$ACKS")
# A short storm on a busy machine may acknowledge no upload: then one upload gives the image the phases read.
if [ -z "$MEDIUM" ]; then
  probe_upload >/dev/null
  MEDIUM=$(sed -n 's/^{"id":\([0-9]*\).*/\1/p' "$WORK/last-body")
fi
[ -n "$MEDIUM" ] || { show_log "$LOG"; fail "no medium to read: the storm acknowledged no upload and a single upload failed"; finish "restart=?"; }

# ---- A. The media folder turns read-only, then read-write again.
mount --bind "$DATA/media" "$DATA/media"; FAULTS_MOUNTS+=("$DATA/media")
mount -o remount,bind,ro "$DATA/media"
U=$(probe_upload); U_BODY=$(head -c 300 "$WORK/last-body")
A=$(probe_article)
READY=$(probe_ready_until 503); READY_BODY=$(cat "$WORK/last-body")
LIVE=$(probe GET /health/live)
IMAGE=$(probe GET "/api/v1/media/$MEDIUM/content")
say "A media read-only: upload $U $U_BODY; article $A; ready $READY $READY_BODY; live $LIVE; image $IMAGE"
check "A: upload answered '$U' ($U_BODY), not a 503 problem" is_problem "$U" 503
check "A: article create answered '$A' though only the media folder is read-only" [ "${A%% *}" = 201 ]
check "A: /health/ready answered '$READY', not a 503 problem" is_problem "$READY" 503
check "A: /health/ready does not name the media folder as read-only: $READY_BODY" grep -q -i 'media folder cannot be written: the storage is read-only' <<<"$READY_BODY"
check "A: /health/live answered '$LIVE'" [ "${LIVE%% *}" = 200 ]
check "A: image read answered '$IMAGE'" [ "${IMAGE%% *}" = 200 ]
MEDIA_RO=$(driver storm --base "$BASE" --key "$FAULTS_KEY" --writers 8 --readers 4 --seconds "$STORM_S" --ack-file "$ACKS" --media --label media-ro)
say "A storm: $MEDIA_RO"
A_UPLOAD_503=$(field "$MEDIA_RO" "upload 503")
check "A: no upload answered 503 during the storm" [ "$A_UPLOAD_503" -gt 0 ]
check "A: writes other than 2xx and upload 503 ($(printf '%s' "$MEDIA_RO" | sed -n 's/.*"by_operation":{\([^}]*\)}.*/\1/p'))" \
  [ "$(( $(write_count "$MEDIA_RO" '"(5..|4..)"') - A_UPLOAD_503 ))" -eq 0 ]
check "A: 500 answers ($(field "$MEDIA_RO" s500))" [ "$(field "$MEDIA_RO" s500)" -eq 0 ]
check "A: reads not 200 ($(bad_reads "$MEDIA_RO"))" [ "$(bad_reads "$MEDIA_RO")" -eq 0 ]
mount -o remount,bind,rw "$DATA/media"
A_RECOVER_MS=$(wait_ready_ms)
U2=$(probe_upload)
check "A: /health/ready not 200 within 10 s of the media folder being writable again" [ "$A_RECOVER_MS" -ge 0 ]
check "A: upload after the media folder is writable again answered '$U2' (no restart)" [ "${U2%% *}" = 201 ]
umount "$DATA/media"

# ---- B. The whole file system turns read-only (as ext4 does on a disk error), under the open database.
echo 1 >"/sys/fs/ext4/$DEV/trigger_fs_error"
findmnt -n -o OPTIONS "$MNT" | grep -q -E '(^|,)(ro|emergency_ro)(,|$)' || fail "B: the kernel did not make the file system read-only"
R_ARTICLE=$(probe GET "/api/v1/articles/$ARTICLE")
R_LIST=$(probe GET "/api/v1/articles?limit=5")
R_SEARCH=$(probe GET "/api/v1/articles?q=%E9%95%BF%E5%B2%AD")
R_MEDIA=$(probe GET "/api/v1/media/$MEDIUM/content")
R_KEYREAD=$(probe GET "/api/v1/articles/$ARTICLE" -H "Authorization: Bearer $FAULTS_KEY")
W_ARTICLE=$(probe_article); W_ARTICLE_BODY=$(head -c 300 "$WORK/last-body")
W_UPLOAD=$(probe_upload); W_UPLOAD_BODY=$(head -c 300 "$WORK/last-body")
W_PATCH=$(probe PATCH "/api/v1/articles/$ARTICLE" -H "Authorization: Bearer $FAULTS_KEY" -H 'If-Match: *' \
  -H 'Content-Type: application/merge-patch+json' -d '{"summary":"只读时的修改"}'); W_PATCH_BODY=$(head -c 300 "$WORK/last-body")
READY=$(probe_ready_until 503); READY_BODY=$(cat "$WORK/last-body")
HEALTH=$(probe GET /health); LIVE=$(probe GET /health/live)
for v in R_ARTICLE R_LIST R_SEARCH R_MEDIA R_KEYREAD W_ARTICLE W_UPLOAD W_PATCH READY HEALTH LIVE; do say "B read-only: $v ${!v}"; done
say "B read-only: article $W_ARTICLE_BODY | upload $W_UPLOAD_BODY | patch $W_PATCH_BODY | ready $READY_BODY"
check "B: anonymous article read answered '$R_ARTICLE'" [ "${R_ARTICLE%% *}" = 200 ]
check "B: list read answered '$R_LIST'" [ "${R_LIST%% *}" = 200 ]
check "B: search answered '$R_SEARCH'" [ "${R_SEARCH%% *}" = 200 ]
check "B: image read answered '$R_MEDIA'" [ "${R_MEDIA%% *}" = 200 ]
check "B: read with a key answered '$R_KEYREAD'" [ "${R_KEYREAD%% *}" = 200 ]
check "B: article create answered '$W_ARTICLE' ($W_ARTICLE_BODY), not a 503 problem" is_problem "$W_ARTICLE" 503
check "B: upload answered '$W_UPLOAD' ($W_UPLOAD_BODY), not a 503 problem" is_problem "$W_UPLOAD" 503
check "B: patch answered '$W_PATCH' ($W_PATCH_BODY), not a 503 problem" is_problem "$W_PATCH" 503
check "B: /health/ready answered '$READY', not a 503 problem" is_problem "$READY" 503
check "B: /health/ready does not name the read-only storage: $READY_BODY" grep -q -i 'read-only' <<<"$READY_BODY"
check "B: /health answered '$HEALTH', not a 503 problem" is_problem "$HEALTH" 503
check "B: /health/live answered '$LIVE'" [ "${LIVE%% *}" = 200 ]

RO=$(driver storm --base "$BASE" --key "$FAULTS_KEY" --writers 8 --readers 8 --seconds "$STORM_S" --ack-file "$ACKS" --media --label readonly)
say "B storm: $RO"
B_503=$(write_count "$RO" '"503"')
B_OTHER=$(( $(write_count "$RO" '.') - B_503 ))
check "B: writes answered other than 503 ($(printf '%s' "$RO" | sed -n 's/.*"by_operation":{\([^}]*\)}.*/\1/p'))" [ "$B_OTHER" -eq 0 ]
check "B: 500 answers ($(field "$RO" s500))" [ "$(field "$RO" s500)" -eq 0 ]
check "B: error bodies that are not problem documents ($(field "$RO" non_problem))" [ "$(field "$RO" non_problem)" -eq 0 ]
check "B: reads not 200 ($(bad_reads "$RO"))" [ "$(bad_reads "$RO")" -eq 0 ]
check "B: the server died on read-only storage" kill -0 "$SERVER"

# Recovery: the kernel refuses remount,rw after the journal abort; stop (SIGTERM must still work), fsck, mount, start.
if mount -o remount,rw "$MNT" 2>/dev/null; then FS_RW=remounted; else FS_RW=refused_by_kernel; fi
stop_server "$SERVER"
check "B: SIGTERM on read-only storage: exit status $STOP_STATUS after ${STOP_MS}ms" [ "$STOP_STATUS" -eq 0 ]
umount "$MNT"
FSCK=0; e2fsck -fy "$IMG" >"$WORK/fsck.txt" 2>&1 || FSCK=$?
check "B: e2fsck found uncorrectable problems (exit $FSCK)" [ "$FSCK" -lt 4 ]
mount -o loop,errors=remount-ro "$IMG" "$MNT"
start_server "$PORT" "$DATA" "$LOG"
wait_healthy "$PORT" >/dev/null || fail "B: not healthy after the restart"
AFTER=$(driver storm --base "$BASE" --key "$FAULTS_KEY" --writers 8 --readers 4 --seconds "$STORM_S" --ack-file "$ACKS" --media --label after)
say "after restart: $AFTER"
check "B: writes did not succeed after the restart" [ "$(field "$AFTER" acknowledged)" -gt 0 ]
check "B: 5xx after the restart ($(field "$AFTER" s5xx))" [ "$(field "$AFTER" s5xx)" -eq 0 ]

# Phase 4: acknowledged ⊆ present (before, A, B, after), integrity ok.
# An acknowledged upload whose file comes back empty was acknowledged before its bytes were on disk (not fsynced).
verify_acks
run_integrity "$DATA"
check "integrity: $(integrity_problems)" [ "$INTEGRITY" = ok ]
if [ "${#FAULTS_FAILURES[@]}" -gt 0 ]; then grep -E '^(fail|crit)' -A1 "$LOG" | grep -v '^--' | sort | uniq -c | sort -rn | head -n 10 >&2; fi

finish "acknowledged=$(field "$VERIFY" acknowledged) lost=$LOST damaged=$DAMAGED media_ro_uploads_503=$A_UPLOAD_503 media_recovered_ms=$A_RECOVER_MS \
media_restart=no fs_ro_reads_ok=$(field "$RO" reads_ok)/$(field "$RO" reads) fs_ro_writes_503=$B_503 other_write_answers=$B_OTHER \
500=$(( $(field "$MEDIA_RO" s500) + $(field "$RO" s500) )) ready=${READY%% *} live=${LIVE%% *} fs_remount_rw=$FS_RW fs_restart=yes integrity=$INTEGRITY"
