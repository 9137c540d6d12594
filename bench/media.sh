#!/usr/bin/env bash
# Media pipeline benchmark: uploads of ~3 MB camera-sized photos (4000x3000 JPEG), then resized variants cold (first
# request renders with libvips) and warm (served from the variants folder), against the original and /health/live.
# Prints uploads/s, MB/s, cold render latency, warm req/s and p99, and the server's peak memory.
#
#   bench/media.sh [photos=12] [upload-concurrency=2] [seconds-per-scenario=10] [connections=32]
#
# Needs wrk and vips (Debian packages `wrk`, `libvips-tools`; installed with apt-get when missing). Only 127.0.0.1.
# Stops every process it starts.
set -euo pipefail
cd "$(dirname "$0")/.."

PHOTOS=${1:-12}
CONCURRENCY=${2:-2}
DURATION=${3:-10}
CONNECTIONS=${4:-32}
PORT=${BENCH_PORT:-5098}
BASE="http://127.0.0.1:$PORT"
KEY=bench-admin-key-0123456789abcdefghij
# shellcheck source=bench/lib.sh
. bench/lib.sh

need wrk wrk
need vips libvips-tools

echo "== Drawing $PHOTOS distinct 4000x3000 photos"
vips gaussnoise "$WORK/r.v" 4010 3010 --sigma 50 --mean 128
vips gaussnoise "$WORK/g.v" 4010 3010 --sigma 50 --mean 100
vips gaussnoise "$WORK/b.v" 4010 3010 --sigma 50 --mean 80
vips bandjoin "$WORK/r.v $WORK/g.v $WORK/b.v" "$WORK/rgb.v"
vips gaussblur "$WORK/rgb.v" "$WORK/blur.v" 1.5
vips cast "$WORK/blur.v" "$WORK/base.v" uchar
for i in $(seq 1 "$PHOTOS"); do
  vips crop "$WORK/base.v" "$WORK/photo-$i.jpg[Q=88]" $((i % 10)) $((i / 10)) 4000 3000
done
TOTAL_BYTES=$(cat "$WORK"/photo-*.jpg | wc -c)
echo "   $(( TOTAL_BYTES / PHOTOS / 1024 )) KB each on average"

echo "== Building (Release) and starting the API on $BASE"
bench_build_api
bench_start_api

echo "== Uploading $PHOTOS photos, $CONCURRENCY at a time"
upload() { curl -s -o "$1.json" -w '%{http_code}\n' -H "Authorization: Bearer $KEY" -F "file=@$1;type=image/jpeg" -F "alt=长岭县 $1" "$BASE/api/v1/media"; }
export -f upload; export KEY BASE
START=$(date +%s.%N)
ls "$WORK"/photo-*.jpg | xargs -P "$CONCURRENCY" -I{} bash -c 'upload {}' > "$WORK/upload-status.txt"
END=$(date +%s.%N)
mem() { awk '/VmHWM/{hwm=$2} /VmRSS/{rss=$2} END{printf "peak %d MB, now %d MB", hwm/1024, rss/1024}' "/proc/$SERVER_PID/status"; }
MEM_UPLOADS=$(mem)
CREATED=$(grep -c '^201$' "$WORK/upload-status.txt" || true)
IDS=$(for f in "$WORK"/photo-*.jpg.json; do python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['id'])" "$f"; done)
FIRST=$(echo "$IDS" | head -n 1)

echo "== Rendering variants cold (first request for each photo renders it)"
: > "$WORK/cold.txt"
for id in $IDS; do
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$BASE/api/v1/media/$id/content?w=640&format=webp" >> "$WORK/cold.txt"
done
: > "$WORK/cold-avif.txt"
for id in $(echo "$IDS" | head -n 3); do
  curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$BASE/api/v1/media/$id/content?w=1280&format=avif" >> "$WORK/cold-avif.txt"
done
MEM_COLD=$(mem)

: > "$WORK/results.tsv"
scenario() { # name, path
  local out rps p50 p99 non2xx
  out=$(wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency "$BASE$2")
  rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
  p50=$(echo "$out" | awk '$1=="50%"{print $2}')
  p99=$(echo "$out" | awk '$1=="99%"{print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx or 3xx/{print $5}')
  printf '%s\t%s\t%s\t%s\t%s\n' "$1" "$rps" "$p50" "$p99" "${non2xx:-0}" >> "$WORK/results.tsv"
}
echo "== Driving warm reads: $CONNECTIONS connections, ${DURATION}s each"
scenario "baseline /health/live"          "/health/live"
scenario "original (3 MB) content"        "/api/v1/media/$FIRST/content"
scenario "variant w=640 webp (warm)"      "/api/v1/media/$FIRST/content?w=640&format=webp"
scenario "variant w=320 jpeg (warm)"      "/api/v1/media/$FIRST/content?w=320"
scenario "medium metadata (srcset)"       "/api/v1/media/$FIRST"

MEM_WARM=$(mem)
python3 - "$WORK" "$PHOTOS" "$CREATED" "$START" "$END" "$TOTAL_BYTES" "$CONCURRENCY" "$MEM_UPLOADS" "$MEM_COLD" "$MEM_WARM" <<'PY'
import sys, statistics
work, photos, created, start, end, total, conc, mem_uploads, mem_cold, mem_warm = sys.argv[1:11]
secs = float(end) - float(start)
print(f"\nuploads: {created}/{photos} created in {secs:.1f} s with {conc} at a time: {int(created)/secs:.2f} uploads/s, "
      f"{int(total)/secs/1e6:.1f} MB/s")
for name, f in (("cold render w=640 webp", "cold.txt"), ("cold render w=1280 avif", "cold-avif.txt")):
    rows = [l.split() for l in open(f"{work}/{f}")]
    times = sorted(float(t) * 1000 for _, t in rows)
    bad = sum(1 for s, _ in rows if s != "200")
    print(f"{name}: {len(times)} renders, median {statistics.median(times):.0f} ms, max {max(times):.0f} ms, non-200 {bad}")
def ms(v):
    return float(v[:-2]) if v.endswith("ms") else float(v[:-2]) / 1000 if v.endswith("us") else float(v[:-1]) * 1000
rows = [l.rstrip("\n").split("\t") for l in open(f"{work}/results.tsv")]
base = float(rows[0][1])
print(f"server memory: after uploads {mem_uploads}; after cold renders {mem_cold}; after warm reads {mem_warm}")
print(f"{'scenario':32} {'req/s':>9} {'x base':>7} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}")
for name, rps, p50, p99, bad in rows:
    print(f"{name:32} {float(rps):9.0f} {float(rps)/base:7.2f} {ms(p50):8.2f} {ms(p99):8.2f} {bad:>8}")
PY
