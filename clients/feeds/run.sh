#!/usr/bin/env bash
# Parses every feed kind (portal, station, channel, author) in every format (RSS, Atom, JSON Feed) with real readers:
# rss-parser and @extractus/feed-extractor (npm, pinned in clients/feeds/package-lock.json) and Debian's
# python3-feedparser (installed with apt-get when missing), and checks what each reader gets for the demo article
# 3808167: title, link, date, full body, authors (writing roles only), cover image, stable id, next-page link.
#   clients/feeds/run.sh              build the API (Release), start it on a free port with a fresh data directory
#                                     and the demo content, add 21 older articles so every feed has a second page
#   clients/feeds/run.sh BASE_URL     use a running API and build nothing; with FEEDS_ADMIN_KEY set, older articles
#                                     are added there too (else the next-page checks need feeds of over 20 articles)
# Prints a line per check "feeds <reader> <feed> <check>: PASS|FAIL (why)" (SKIP for a format a reader does not read:
# rss-parser and Debian's feedparser 6.0 read no JSON Feed) and ends with "feeds: N passed, N failed";
# exits non-zero when a check failed. Stops the server it started by its PID on exit, also on failure or Ctrl-C.
# FEEDS_KEEP=1 keeps the scratch folder (server log, data directory).
set -uo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/feeds.XXXXXX")
BASE_URL=${1:-}
KEY=${FEEDS_ADMIN_KEY:-}
SERVER_PID=
# Debian's interpreter: python3-feedparser installs for it, whatever python3 comes first on PATH.
PYTHON=/usr/bin/python3

cleanup() {
  local status=$?
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then
    kill -TERM "$SERVER_PID" 2>/dev/null
    for _ in $(seq 1 100); do kill -0 "$SERVER_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$SERVER_PID" 2>/dev/null
    wait "$SERVER_PID" 2>/dev/null
  fi
  if [ "${FEEDS_KEEP:-0}" = 1 ]; then echo "(kept $WORK)" >&2; else rm -rf "$WORK"; fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

fail() { echo "feeds: FAIL ($*)"; exit 1; }

start_server() {
  local log=$WORK/server.log
  echo "-- building the API (Release)"
  dotnet build "$ROOT/Api/Api.csproj" -c Release -o "$WORK/api" -nologo -v quiet >"$WORK/build.log" 2>&1 \
    || { tail -n 40 "$WORK/build.log"; fail "the API does not build"; }
  KEY=feeds-check-admin-key-0123456789abcdef
  mkdir -p "$WORK/data"
  env ASPNETCORE_ENVIRONMENT=Production ASPNETCORE_URLS=http://127.0.0.1:0 \
    Cms__DataDirectory="$WORK/data" Cms__BackupDirectory="$WORK/backups" Cms__SeedDemoContent=true \
    Cms__BootstrapAdminKey=$KEY Cms__RateLimits__AnonymousPerMinute=100000 Cms__RateLimits__KeyPerMinute=100000 \
    Logging__LogLevel__Default=Warning Logging__LogLevel__Microsoft.Hosting.Lifetime=Information \
    dotnet "$WORK/api/Api.dll" >"$log" 2>&1 &
  SERVER_PID=$!
  local deadline=$(( $(date +%s) + 60 )) url=
  while [ "$(date +%s)" -lt "$deadline" ]; do
    kill -0 "$SERVER_PID" 2>/dev/null || { tail -n 30 "$log"; fail "the API exited before it was ready"; }
    url=${url:-$(sed -n 's/.*Now listening on: \(http:\/\/127\.0\.0\.1:[0-9]*\).*/\1/p' "$log" | head -n 1)}
    if [ -n "$url" ] && [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url/health/ready")" = 200 ]; then
      BASE_URL=$url
      echo "-- API ready at $BASE_URL (pid $SERVER_PID)"
      return 0
    fi
    sleep 0.1
  done
  tail -n 30 "$log"
  fail "the API was not ready after 60 s"
}

echo "-- installing the readers"
npm ci --prefix "$HERE" --no-audit --no-fund >"$WORK/npm.log" 2>&1 || { tail -n 30 "$WORK/npm.log"; fail "npm ci"; }
if ! "$PYTHON" -c 'import feedparser' 2>/dev/null; then
  echo "-- installing python3-feedparser (apt-get)"
  { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-feedparser; } >"$WORK/apt.log" 2>&1 \
    || { tail -n 20 "$WORK/apt.log"; fail "apt-get install python3-feedparser"; }
fi
echo "-- readers: rss-parser $(node -p "require('$HERE/node_modules/rss-parser/package.json').version")," \
  "@extractus/feed-extractor $(node -p "require('$HERE/node_modules/@extractus/feed-extractor/package.json').version")," \
  "feedparser $("$PYTHON" -c 'import feedparser; print(feedparser.__version__)')"

[ -n "$BASE_URL" ] || start_server

node "$HERE/readers.mjs" "$BASE_URL" "$WORK/expect.json" ${KEY:+"$KEY"} | tee "$WORK/node.out"
NODE_STATUS=${PIPESTATUS[0]}
[ -s "$WORK/expect.json" ] || fail "readers.mjs found nothing to expect (exit $NODE_STATUS)"
"$PYTHON" "$HERE/feedparser_check.py" "$WORK/expect.json" | tee "$WORK/python.out"
PY_STATUS=${PIPESTATUS[0]}

PASSED=$(cat "$WORK/node.out" "$WORK/python.out" | grep -c ': PASS$')
FAILED=$(cat "$WORK/node.out" "$WORK/python.out" | grep -c ': FAIL')
SKIPPED=$(cat "$WORK/node.out" "$WORK/python.out" | grep -c ': SKIP')
echo "feeds: ${SKIPPED} feeds skipped by a reader that does not read their format"
echo "feeds: ${PASSED} passed, ${FAILED} failed"
[ "$NODE_STATUS" -eq 0 ] && [ "$PY_STATUS" -eq 0 ] && [ "$FAILED" -eq 0 ]
