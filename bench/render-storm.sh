#!/usr/bin/env bash
# Render storm (issue 13 row 6): N anonymous requests at once, each for a distinct new 1920-px AVIF variant of one large
# photo (6000x4000 JPEG). Prints how many got 200 and 503, the wall time until the last answer, and the CPU seconds
# the server spent; then asks for the same URLs again (whatever was rendered is served from disk).
#
#   bench/render-storm.sh [requests=8] [git-ref]
#
# With a git ref the API is built from that commit (git archive), for a before/after comparison; without one, from this
# checkout. Cms__Media__* variables in the environment reach the server (e.g. Cms__Media__MaxConcurrentRenders=1).
# Needs only the .NET SDK (the photo is drawn with NetVips by bench/render-storm/photo.cs). Only 127.0.0.1.
# Stops every process it starts.
set -euo pipefail
cd "$(dirname "$0")/.."

REQUESTS=${1:-8}
REF=${2:-}
PORT=${BENCH_PORT:-5097}
BASE="http://127.0.0.1:$PORT"
KEY=bench-admin-key-0123456789abcdefghij
# shellcheck source=bench/lib.sh
. bench/lib.sh

echo "== Drawing a 6000x4000 photo"
dotnet run bench/render-storm/photo.cs -- 6000 4000 "$WORK/photo.jpg" >/dev/null
echo "   $(( $(wc -c < "$WORK/photo.jpg") / 1024 )) KB"

SRC=.
if [ -n "$REF" ]; then
  mkdir "$WORK/src"
  git archive "$REF" | tar -x -C "$WORK/src"
  SRC="$WORK/src"
fi
echo "== Building ${REF:-this checkout} (Release) and starting the API on $BASE"
bench_build_api "$SRC"
bench_start_api

ID=$(curl -sf -H "Authorization: Bearer $KEY" -F "file=@$WORK/photo.jpg;type=image/jpeg" "$BASE/api/v1/media" \
  | python3 -c "import json,sys; print(json.load(sys.stdin)['id'])")

# Distinct renderings of one width: every quality, each as a plain width and as a 1920x1080 crop.
URLS=()
for fit in "" "&h=1080&fit=cover" "&h=960&fit=cover"; do
  for q in 50 60 70 80 90; do URLS+=("$BASE/api/v1/media/$ID/content?w=1920&format=avif&q=$q$fit"); done
done
URLS=("${URLS[@]:0:$REQUESTS}")

cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' "/proc/$SERVER_PID/stat"; }
storm() { # label
  local before start end after
  before=$(cpu); start=$(date +%s.%N)
  printf '%s\n' "${URLS[@]}" | xargs -P "$REQUESTS" -I{} curl -s -o /dev/null -w '%{http_code} %{time_total}\n' {} > "$WORK/$1.txt"
  end=$(date +%s.%N); after=$(cpu)
  python3 - "$1" "$WORK/$1.txt" "$start" "$end" "$before" "$after" <<'PY'
import sys, collections
label, f, start, end, before, after = sys.argv[1:7]
rows = [l.split() for l in open(f)]
codes = collections.Counter(s for s, _ in rows)
slowest = max(float(t) for _, t in rows)
print(f"{label}: {len(rows)} requests, " + ", ".join(f"{n}x {c}" for c, n in sorted(codes.items())) +
      f"; wall {float(end) - float(start):.1f} s (slowest answer {slowest:.1f} s); server CPU {float(after) - float(before):.1f} s")
PY
}
echo "== $REQUESTS requests at once for distinct new 1920-px AVIF variants"
storm cold
echo "== The same URLs again"
storm again
