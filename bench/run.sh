#!/usr/bin/env bash
# Read-side load benchmark (issue #14): builds in Release, generates a corpus of N articles (default 10,000; 1000000 for
# the million-article run), starts the API on it at 127.0.0.1 and drives it with wrk for a bounded time per scenario.
# Prints requests/s, its ratio to the trivial baseline (/health/live) in the same run (the machine is shared: compare
# ratios, not req/s, across runs), p50/p99 latency, non-2xx answers and the server's peak memory.
#
#   bench/run.sh [articles=10000] [seconds-per-scenario=5] [connections=32] [server-cache-seconds=0]
#
# server-cache-seconds=0 (the headline run) turns the API's in-memory cache of anonymous reads off (Cms:Cache:ServerSeconds),
# so every request does the work; the long tail of a news portal (old articles, new queries) is never in a cache anyway.
# Two scenarios draw a path at random per request (bench/read-load/random-path.lua): any readable article of the whole
# corpus, and one of 500 distinct 2-4 character words drawn from the corpus (bench/read-load/paths.py). BENCH_CASES=regex
# runs only the scenarios whose name matches it (the baseline always runs).
#
# Needs wrk (Debian package `wrk`); installs it with apt-get when missing. Stops every process it starts.
set -euo pipefail
cd "$(dirname "$0")/.."

ARTICLES=${1:-10000}
DURATION=${2:-5}
CONNECTIONS=${3:-32}
SERVER_CACHE=${4:-0}
CASES=${BENCH_CASES:-.}
PORT=${BENCH_PORT:-5099}
BASE="http://127.0.0.1:$PORT"
KEY=bench-admin-key-0123456789abcdefghij
# shellcheck source=bench/lib.sh
. bench/lib.sh

need wrk wrk

echo "== Building (Release)"
bench_build_api
dotnet build bench/CorpusGenerator/CorpusGenerator.csproj -c Release -o "$WORK/gen" -v quiet -nologo >/dev/null

echo "== Generating $ARTICLES articles"
dotnet "$WORK/gen/CorpusGenerator.dll" "$WORK/data" "$ARTICLES" Api.Tests/Fixtures/seed-article.txt | tail -n 1

echo "== Starting the API on $BASE"
bench_start_api Cms__Cache__ServerSeconds="$SERVER_CACHE"

json() { python3 -c "import json,sys; d=json.load(sys.stdin); print($1)"; }
ARTICLE_ID=$(curl -sf "$BASE/api/v1/articles?limit=1&station=station-1" | json "d['items'][0]['id']")
DEEP=$(python3 - "$BASE" <<'PY'
import json, sys, urllib.request, urllib.parse
base, cursor = sys.argv[1], None
for _ in range(100):  # 100 pages of 100: a page 10,000 articles deep (or the last one)
    url = f"{base}/api/v1/articles?limit=100" + (f"&cursor={urllib.parse.quote(cursor)}" if cursor else "")
    page = json.load(urllib.request.urlopen(url))
    if not page["nextCursor"]: break
    cursor = page["nextCursor"]
print(urllib.parse.quote(cursor))
PY
)
ETAG=$(curl -sf -D - -o /dev/null "$BASE/api/v1/articles/$ARTICLE_ID" | tr -d '\r' | awk -F': ' 'tolower($1)=="etag"{print $2}')
Q2=$(python3 -c "import urllib.parse; print(urllib.parse.quote('长岭'))")
Q4=$(python3 -c "import urllib.parse; print(urllib.parse.quote('志愿服务'))")
TAG=$(python3 -c "import urllib.parse; print(urllib.parse.quote('冬捕'))")
python3 bench/read-load/paths.py "$WORK/data/cms.db" "$WORK" 500

# Warm up: JIT, SQLite page cache.
wrk -t2 -c8 -d3s "$BASE/api/v1/articles?station=station-1" >/dev/null

scenario() { # name, path, [header], [file of paths to draw from at random]
  local name=$1 path=$2 header=${3:-} paths=${4:-}
  if [ "$name" != "baseline /health/live" ] && ! [[ "$name" =~ $CASES ]]; then return; fi
  local out
  # One request first, as a site that has been up a while would have made: the numbers are the steady state. The
  # cost of a first (uncached) answer is what server-cache-seconds=0 measures.
  local hdr=(); if [ -n "$header" ]; then hdr=(-H "$header"); fi
  curl -s -o /dev/null ${hdr[@]+"${hdr[@]}"} "$BASE$path"
  if [ -n "$paths" ]; then hdr+=(-s bench/read-load/random-path.lua); fi
  out=$(PATHS_FILE="$paths" wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency ${hdr[@]+"${hdr[@]}"} "$BASE$path")
  local rps p50 p99 non2xx
  rps=$(echo "$out" | awk '/Requests\/sec/{print $2}')
  p50=$(echo "$out" | awk '$1=="50%"{print $2}')
  p99=$(echo "$out" | awk '$1=="99%"{print $2}')
  non2xx=$(echo "$out" | awk '/Non-2xx or 3xx/{print $5}')
  printf '%s\t%s\t%s\t%s\t%s\n' "$name" "$rps" "$p50" "$p99" "${non2xx:-0}" >> "$WORK/results.tsv"
}

echo "== Driving: $CONNECTIONS connections, ${DURATION}s per scenario"
: > "$WORK/results.tsv"
scenario "baseline /health/live"     "/health/live"
scenario "article by id (one)"       "/api/v1/articles/$ARTICLE_ID"
scenario "article by random id"      "/api/v1/articles/$ARTICLE_ID" "" "$WORK/ids.txt"
scenario "first page of a list"      "/api/v1/articles"
scenario "station first page"        "/api/v1/articles?station=station-1"
scenario "deep cursor page (10,000 deep)" "/api/v1/articles?cursor=$DEEP"
scenario "filtered page (tag+station)" "/api/v1/articles?station=station-2&tag=$TAG"
scenario "search 2 chars (长岭)"      "/api/v1/articles?q=$Q2"
scenario "search 4 chars (志愿服务)"  "/api/v1/articles?q=$Q4"
scenario "search, 500 distinct words" "/api/v1/articles?q=$Q2" "" "$WORK/words.txt"
scenario "station feed (rss)"        "/api/v1/feeds/stations/station-1.rss"
scenario "station feed (rss, brotli)" "/api/v1/feeds/stations/station-1.rss" "Accept-Encoding: br"
scenario "304 revalidation"          "/api/v1/articles/$ARTICLE_ID" "If-None-Match: $ETAG"

PEAK=$(awk '/VmHWM/{print $2, $3}' "/proc/$SERVER_PID/status")
python3 - "$WORK/results.tsv" "$ARTICLES" "$PEAK" "$SERVER_CACHE" <<'PY'
import sys
def ms(v):
    return float(v[:-2]) if v.endswith("ms") else float(v[:-2]) / 1000 if v.endswith("us") else float(v[:-1]) * 1000
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1])]
base = float(rows[0][1])
print(f"\n{sys.argv[2]} articles; server cache {sys.argv[4]} s; server peak memory (VmHWM) {sys.argv[3]}")
print(f"{'scenario':32} {'req/s':>9} {'x base':>7} {'p50 ms':>8} {'p99 ms':>8} {'non-2xx':>8}")
for name, rps, p50, p99, bad in rows:
    print(f"{name:32} {float(rps):9.0f} {float(rps)/base:7.2f} {ms(p50):8.2f} {ms(p99):8.2f} {bad:>8}")
PY
