#!/usr/bin/env bash
# CPU cost of one search whose hit is a very long draft (issue #13 row 7): builds the API in Release, starts it on an
# empty database with the demo content, creates a draft of about 2 MB whose first 80 characters hold many matches of
# the first query word while the 20 other words stand only at its very end, then searches it with the key once per
# round and prints the server's CPU seconds (utime + stime from /proc) each search cost.
#
#   bench/search-cost.sh [rounds=3] [words=21]
#
# The draft is longer than the default Cms:MaxBodyHtmlBytes, so the API runs with a higher limit here: it stands for
# a body stored before that limit existed. Stops every process it starts.
set -euo pipefail
cd "$(dirname "$0")/.."

ROUNDS=${1:-3}
WORDS=${2:-21}
PORT=${BENCH_PORT:-5098}
BASE="http://127.0.0.1:$PORT"
KEY=bench-admin-key-0123456789abcdefghij
# shellcheck source=bench/lib.sh
. bench/lib.sh

echo "== Building (Release)"
bench_build_api

echo "== Starting the API on $BASE"
bench_start_api Cms__SeedDemoContent=true Cms__MaxBodyHtmlBytes=4000000 Cms__MaxJsonBytes=16000000

python3 - "$BASE" "$KEY" "$WORK/query" "$WORDS" <<'PY'
import json, sys, urllib.request
base, key, query_file, count = sys.argv[1:]
def call(method, path, body=None):
    req = urllib.request.Request(base + "/api/v1" + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                 headers={"Authorization": "Bearer " + key, "Content-Type": "application/json"})
    return json.load(urllib.request.urlopen(req))
station = call("GET", "/stations")["items"][0]["id"]
channel = call("GET", f"/stations/{station}/channels")["items"][0]["id"]
words = [f"kw{i:02d}" for i in range(1, int(count) + 1)]
filler = "<p>" + "松原市前郭县查干湖冬捕季开始渔民凿冰下网" * 40 + "</p>"
head = "<p>" + " ".join([words[0]] * 15) + "</p>"
tail = "<p>" + " ".join(words[1:]) + "</p>"
body = head + filler * ((2_000_000 - len(head) - len(tail)) // len(filler.encode())) + tail
article = call("POST", "/articles", {"title": "长稿", "bodyHtml": body, "stationId": station, "channelId": channel})
print(f"draft {article['id']}: {len(body.encode()):,} bytes of HTML, {len(words)} query words")
open(query_file, "w").write("+".join(words))
PY

ticks() { awk '{print $14 + $15}' "/proc/$SERVER_PID/stat"; }
HZ=$(getconf CLK_TCK)
Q=$(cat "$WORK/query")
for round in $(seq 1 "$ROUNDS"); do
  before=$(ticks)
  code=$(curl -s -o "$WORK/hits.json" -w '%{http_code}' -H "Authorization: Bearer $KEY" "$BASE/api/v1/articles?q=$Q")
  after=$(ticks)
  hits=$(python3 -c "import json; print(len(json.load(open('$WORK/hits.json')).get('items', [])))" 2>/dev/null || echo "?")
  echo "search $round: HTTP $code, $hits hit(s), $(awk -v t=$((after - before)) -v hz="$HZ" 'BEGIN { printf "%.2f", t / hz }') CPU-seconds"
done
