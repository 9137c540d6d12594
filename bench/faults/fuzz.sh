#!/usr/bin/env bash
# Hostile input: every write endpoint fed bodies mutated from valid ones with zzuf, plus hand-made hostile bodies
# (deeply nested, oversized, wrongly encoded, wrong content types) and the injection strings of injection.txt in every
# query parameter of the list endpoints.
#
#   bench/faults/fuzz.sh [--short | --long] [mutated-requests]
#
# short: 300 mutated requests, long: 3000 (or the number given); FUZZ_SEED shifts the zzuf seeds. Needs zzuf and curl
# (installed from Debian when missing).
# Proves: no answer is a 5xx and every non-2xx answer is an application/problem+json document; the server stays up
# and healthy; no hand-made hostile body or injected query writes anything (the article count is unchanged); an
# injected `sort` is always 400 (the sort comes from an allow-list), as is an injected station, channel or author filter
# (a filter naming nothing that exists is 400); the integrity command passes afterwards.
source "$(dirname "$0")/lib.sh"
faults_init fuzz "$@"

COUNT=$([ "$FAULTS_MODE" = long ] && echo 3000 || echo 300)
for arg in "$@"; do case $arg in ''|*[!0-9]*) ;; *) COUNT=$arg ;; esac; done
SEED=${FUZZ_SEED:-0}
PORT=$(free_port "${FAULTS_PORT:-5361}")
BASE=http://127.0.0.1:$PORT
DATA=$WORK/data
LOG=$WORK/server.log
T=$WORK/templates
OUT=$WORK/out
mkdir -p "$T" "$OUT"
for tool in zzuf curl; do
  command -v "$tool" >/dev/null 2>&1 || (apt-get update -qq && apt-get install -y -qq "$tool") >/dev/null 2>&1 \
    || { fail "$tool is missing (apt-get install $tool)"; finish "requests=0"; }
done

# Phase 1: a server with one of everything to write to: station, channel, author, medium, article.
start_server "$PORT" "$DATA" "$LOG"
wait_healthy "$PORT" >/dev/null || { show_log "$LOG"; fail "server did not start"; finish "requests=0"; }
driver storm --base "$BASE" --key "$FAULTS_KEY" --writers 1 --readers 0 --seconds 2 --ack-file "$WORK/acks.txt" --media --label seed >/dev/null
AID=$(awk '$1 == "article" {print $2; exit}' "$WORK/acks.txt")
MID=$(awk '$1 == "media" {print $2; exit}' "$WORK/acks.txt")
# The storm uploads with one create in three: on a busy machine two seconds may bring none.
[ -n "$MID" ] || { probe_upload >/dev/null; MID=$(sed -n 's/^{"id":\([0-9]*\).*/\1/p' "$WORK/last-body"); }
[ -n "$AID" ] || { probe_article >/dev/null; AID=$(sed -n 's/^{"id":\([0-9]*\).*/\1/p' "$WORK/last-body"); }
[ -n "$AID" ] && [ -n "$MID" ] || { fail "could not seed an article and a medium"; finish "requests=0"; }
SID=1; CID=1; AUID=1  # the driver's seed creates the first station, channel and author of a new database

# Phase 2: valid bodies, one per write endpoint (the templates zzuf mutates).
cat >"$T/article.json" <<EOF
{"title":"共青团长岭县委全面发力 多链条打造团干部队伍建设","subtitle":"副标题","summary":"长岭县推进县域共青团基层组织改革。",
"bodyHtml":"<p>近年来，共青团长岭县委扎实推进改革。</p><figure><img src=\"/api/v1/media/$MID/content\"></figure>",
"stationId":$SID,"channelId":$CID,"status":"published","publishedAt":"2024-01-02T14:36:00+08:00","source":"中国吉林网",
"credit":"共青团长岭县委","bylines":[{"authorId":$AUID,"role":"correspondent"},{"authorId":$AUID,"role":"editor"}],
"tags":["共青团","长岭县"],"coverMediaId":$MID,"media":[{"mediaId":$MID,"caption":"会议现场"}]}
EOF
echo '{"summary":"团委组织青年志愿者走进社区。","tags":["志愿服务"],"status":"draft","publishedAt":null}' >"$T/article-patch.json"
echo '{"publishAt":"2030-12-01T08:00:00+08:00"}' >"$T/publish.json"
echo '{"slug":"songyuan-fuzz","name":"松原站","description":"松原地区新闻","hotline":"0438-1234567","sortOrder":3}' >"$T/station.json"
echo '{"name":"松原站（改）","hotline":null,"sortOrder":-2}' >"$T/station-patch.json"
echo '{"slug":"minsheng","name":"民生","sortOrder":1}' >"$T/channel.json"
echo '{"name":"要闻（改）","sortOrder":5}' >"$T/channel-patch.json"
echo '{"slug":"li-xue","name":"李雪","bio":"长岭县通讯员","email":"li.xue@example.com"}' >"$T/author.json"
echo '{"bio":"通讯员，编辑","avatarMediaId":null}' >"$T/author-patch.json"
echo '{"name":"长岭县通讯员 李雪","role":"contributor","authorId":1,"stationIds":[1],"expiresAt":"2027-12-31T23:59:59+08:00","readOnly":false}' >"$T/key.json"
echo '{"alt":"会议现场","caption":"团干部队伍建设工作会议现场","credit":"共青团长岭县委","focalX":0.5,"focalY":0.25}' >"$T/media-patch.json"
driver image --out "$T/photo.png" --bytes 1500 >/dev/null
{
  printf -- '--FuzzBoundary\r\nContent-Disposition: form-data; name="caption"\r\n\r\n会议现场\r\n'
  printf -- '--FuzzBoundary\r\nContent-Disposition: form-data; name="file"; filename="mmexport1704177120277.png"\r\nContent-Type: image/png\r\n\r\n'
  cat "$T/photo.png"
  printf -- '\r\n--FuzzBoundary--\r\n'
} >"$T/upload.multipart"

# endpoint table: name method path content-type template
ENDPOINTS=(
  "create-article POST /api/v1/articles application/json article.json"
  "replace-article PUT /api/v1/articles/$AID application/json article.json"
  "patch-article PATCH /api/v1/articles/$AID application/merge-patch+json article-patch.json"
  "publish-article POST /api/v1/articles/$AID/publish application/json publish.json"
  "create-station POST /api/v1/stations application/json station.json"
  "patch-station PATCH /api/v1/stations/$SID application/merge-patch+json station-patch.json"
  "create-channel POST /api/v1/stations/$SID/channels application/json channel.json"
  "patch-channel PATCH /api/v1/channels/$CID application/merge-patch+json channel-patch.json"
  "create-author POST /api/v1/authors application/json author.json"
  "patch-author PATCH /api/v1/authors/$AUID application/merge-patch+json author-patch.json"
  "create-key POST /api/v1/keys application/json key.json"
  "patch-media PATCH /api/v1/media/$MID application/merge-patch+json media-patch.json"
  "upload-media POST /api/v1/media multipart/form-data;boundary=FuzzBoundary upload.multipart"
)

# Appends one request to a curl config: name method path content-type body-file [extra header]
CFG=$WORK/requests.cfg
add_request() {
  local name=$1 method=$2 path=$3 type=$4 body=$5 extra=${6:-}
  {
    [ ! -s "$CFG" ] || echo "next"
    echo "url = \"$BASE$path\""
    echo "request = \"$method\""
    echo "header = \"Authorization: Bearer $FAULTS_KEY\""
    [ "$type" = none ] || echo "header = \"Content-Type: ${type/;/; }\""
    [ "$method" = POST ] || echo "header = \"If-Match: *\""
    [ -z "$extra" ] || echo "header = \"$extra\""
    echo "data-binary = \"@$body\""
    echo "output = \"$OUT/$name\""
    echo "max-time = 60"
    echo 'write-out = "%{filename_effective} %{http_code} %{content_type} %{exitcode}\n"'
  } >>"$CFG"
}
run_requests() { # results-file
  # curl's exit status is that of the last transfer; each transfer's own is in the results.
  curl -s -K "$CFG" >"$1" 2>/dev/null || true
  : >"$CFG"
}

# Phase 3: zzuf-mutated bodies, round robin over the endpoints; low and high mutation ratios alternate so that many
# bodies stay well-formed JSON with odd values, and many do not.
: >"$CFG"
for i in $(seq 1 "$COUNT"); do
  read -r name method path type template <<<"${ENDPOINTS[$(( i % ${#ENDPOINTS[@]} ))]}"
  ratio=$([ $(( i % 2 )) = 0 ] && echo 0.0005:0.005 || echo 0.005:0.03)
  zzuf -s $(( SEED + i )) -r "$ratio" <"$T/$template" >"$OUT/body-$i"
  add_request "fuzz-$name-$i" "$method" "$path" "$type" "$OUT/body-$i"
done
run_requests "$WORK/fuzz.txt"

# Phase 4a: bodies in other encodings that say so in their Content-Type charset. Not hostile: reported, not judged
# (the API may transcode them or refuse them with 415), except that they must not fail with a 5xx.
printf '{"title":"长岭 UTF-16","stationId":1,"channelId":1}' | iconv -f UTF-8 -t UTF-16 >"$OUT/charset-utf16"
printf '{"title":"Zürich latin-1","stationId":1,"channelId":1}' | iconv -f UTF-8 -t ISO-8859-1 >"$OUT/charset-latin1"
printf '{"title":"长岭 mislabelled","stationId":1,"channelId":1,"slug":"mislabelled","name":"长岭站"}' >"$OUT/charset-mislabelled"
for target in "create-article POST /api/v1/articles" "create-station POST /api/v1/stations" "patch-article PATCH /api/v1/articles/$AID"; do
  read -r tname method path <<<"$target"
  json_type=$([ "$method" = PATCH ] && echo application/merge-patch+json || echo application/json)
  add_request "charset-$tname-utf16-labelled" "$method" "$path" "$json_type;charset=utf-16" "$OUT/charset-utf16"
  add_request "charset-$tname-latin1-labelled" "$method" "$path" "$json_type;charset=iso-8859-1" "$OUT/charset-latin1"
  add_request "charset-$tname-utf8-labelled-latin1" "$method" "$path" "$json_type;charset=iso-8859-1" "$OUT/charset-mislabelled"
done
run_requests "$WORK/charset.txt"
CHARSET_5XX=$(awk '$2 ~ /^5/' "$WORK/charset.txt" | wc -l)
CHARSET_STATUS=$(awk '{f = $1; sub(/.*charset-/, "", f); printf "%s:%s,", f, $2}' "$WORK/charset.txt" | sed 's/,$//')
say "labelled charsets: $CHARSET_STATUS"

# Phase 4b: hand-made hostile bodies against three JSON endpoints; none may write anything.
TOTAL_BEFORE=$(field "$(driver total --base "$BASE" --key "$FAULTS_KEY")" articles)
H=$WORK/hostile; mkdir -p "$H"
printf '{"title":"%s1%s","stationId":1,"channelId":1}' "$(printf '%.0s[' $(seq 1 5000))" "$(printf '%.0s]' $(seq 1 5000))" >"$H/nested-array"
printf '%s"x"%s' "$(printf '%.0s{"a":' $(seq 1 5000))" "$(printf '%.0s}' $(seq 1 5000))" >"$H/nested-object"
{ printf '{"title":"x","stationId":1,"channelId":1,"bodyHtml":"'; head -c 40000000 /dev/zero | tr '\0' 'a'; printf '"}'; } >"$H/oversized-40MB"
{ printf '{"title":"x","stationId":1,"channelId":1,"bodyHtml":"'; head -c 3000000 /dev/zero | tr '\0' 'b'; printf '"}'; } >"$H/too-long-3MB"
printf '{"title":"\xff\xfe\xc3\x28 \xed\xa0\x80","stationId":1,"channelId":1,"slug":"x","name":"\xc0\xaf"}' >"$H/invalid-utf8"
printf '{"title":"长岭","stationId":1,"channelId":1,"slug":"utf16","name":"长岭"}' | iconv -f UTF-8 -t UTF-16 >"$H/utf16-unlabelled"
printf '{"title":"长岭","stationId":1,"channelId":1,"slug":"latin1","name":"x"}' | iconv -f UTF-8 -t UTF-32 >"$H/utf32-unlabelled"
printf '\xef\xbb\xbf{"title":"bom","stationId":1,"channelId":1,"slug":"bom-slug","name":"x"}' >"$H/bom"
printf '' >"$H/empty"
printf 'null' >"$H/null"
printf '[]' >"$H/array"
printf '"just a string"' >"$H/string"
printf '{"title":"x","stationId":1e400,"channelId":1}' >"$H/huge-number"
printf '{"title":"x","stationId":9223372036854775808,"channelId":-9223372036854775809}' >"$H/int-overflow"
printf '{"title":"x","stationId":NaN,"channelId":Infinity}' >"$H/nan"
printf '{"title":"x","stationId":"1","channelId":true,"name":123,"slug":[]}' >"$H/wrong-types"
printf '{"title":null,"stationId":null,"channelId":null,"name":null,"slug":null}' >"$H/nulls"
printf '{"id":1,"createdAt":"2020-01-01T00:00:00Z","version":9,"status":"deleted","title":"x","stationId":1,"channelId":1,"slug":"x","name":"x"}' >"$H/unknown-properties"
printf '{"title":"a","title":"b","stationId":1,"channelId":1,"slug":"dup","slug":"dup2","name":"x"}' >"$H/duplicate-keys"
printf '{"title":"x\\u0000y","stationId":1,"channelId":1,"slug":"a\\u0000b","name":"\\ud800"}' >"$H/escaped-nul-and-lone-surrogate"
printf '{"title":"x","stationId":1,"channelId":1,"tags":%s"a"%s}' "$(printf '%.0s[' $(seq 1 3000))" "$(printf '%.0s]' $(seq 1 3000))" >"$H/nested-tags"
printf '{"title":"x", /* comment */ "stationId":1,"channelId":1,}' >"$H/comments-trailing-comma"
printf '{"title":"x","stationId":1,"channelId":1' >"$H/truncated"
printf 'title=x&stationId=1&channelId=1' >"$H/form-encoded"
printf '<article><title>x</title></article>' >"$H/xml"
cp "$T/upload.multipart" "$H/multipart"
HOSTILE_TARGETS=(
  "create-article POST /api/v1/articles"
  "create-station POST /api/v1/stations"
  "patch-article PATCH /api/v1/articles/$AID"
)
for target in "${HOSTILE_TARGETS[@]}"; do
  read -r tname method path <<<"$target"
  json_type=$([ "$method" = PATCH ] && echo application/merge-patch+json || echo application/json)
  for body in "$H"/*; do
    b=$(basename "$body")
    case $b in
      form-encoded) add_request "hostile-$tname-$b" "$method" "$path" application/x-www-form-urlencoded "$body" ;;
      xml) add_request "hostile-$tname-$b" "$method" "$path" application/xml "$body" ;;
      multipart) add_request "hostile-$tname-$b" "$method" "$path" "multipart/form-data;boundary=FuzzBoundary" "$body" ;;
      *) add_request "hostile-$tname-$b" "$method" "$path" "$json_type" "$body" ;;
    esac
  done
  # A valid body under the wrong content types, and none at all.
  valid=$([ "$tname" = create-station ] && echo "$T/station.json" || echo "$T/article.json")
  [ "$method" = PATCH ] && valid=$T/article-patch.json
  add_request "hostile-$tname-text-plain" "$method" "$path" text/plain "$valid"
  add_request "hostile-$tname-no-content-type" "$method" "$path" none "$valid"
  add_request "hostile-$tname-octet-stream" "$method" "$path" application/octet-stream "$valid"
done
# The upload endpoint: JSON, a body that is no image, an image with a lying name, an empty multipart.
add_request "hostile-upload-json" POST /api/v1/media application/json "$T/article.json"
printf -- '--B\r\nContent-Disposition: form-data; name="file"; filename="a.jpg"\r\nContent-Type: image/jpeg\r\n\r\nnot an image at all\r\n--B--\r\n' >"$H/upload-text"
add_request "hostile-upload-text-as-jpeg" POST /api/v1/media "multipart/form-data;boundary=B" "$H/upload-text"
printf -- '--B--\r\n' >"$H/upload-empty"
add_request "hostile-upload-empty-form" POST /api/v1/media "multipart/form-data;boundary=B" "$H/upload-empty"
printf -- '--B\r\nContent-Disposition: form-data; name="file"; filename="bomb.png"\r\nContent-Type: image/png\r\n\r\n' >"$H/upload-bomb"
printf '\x89PNG\r\n\x1a\n\x00\x00\x00\x0dIHDR\x00\x01\x86\xa0\x00\x01\x86\xa0\x08\x02\x00\x00\x00' >>"$H/upload-bomb"
printf '\r\n--B--\r\n' >>"$H/upload-bomb"
add_request "hostile-upload-pixel-bomb-header" POST /api/v1/media "multipart/form-data;boundary=B" "$H/upload-bomb"
run_requests "$WORK/hostile.txt"

# Phase 5: injection strings in every query parameter of the list endpoints, with and without a key.
LONG=$(printf '%.0sA' $(seq 1 5000))
conf_quote() { local s=${1//\\/\\\\}; s=${s//\"/\\\"}; printf '%s' "$s"; }
n=0
while IFS= read -r value || [ -n "$value" ]; do
  [ -n "$value" ] || continue
  for spec in \
    "/api/v1/articles sort station channel author tag q cursor limit publishedFrom publishedTo updatedSince count" \
    "/api/v1/media type uploader uploadedFrom uploadedTo q cursor limit" \
    "/api/v1/authors cursor limit" \
    "/api/v1/articles/trash cursor limit" \
    "/api/v1/audit cursor limit keyId" \
    "/api/v1/sync since limit station channel"; do
    read -r path params <<<"$spec"
    for param in $params; do
      for who in anon key; do
        n=$((n + 1))
        {
          [ ! -s "$CFG" ] || echo "next"
          echo "url = \"$BASE$path\""
          echo "get"
          echo "data-urlencode = \"$param=$(conf_quote "$value")\""
          [ "$param" != channel ] || echo 'data-urlencode = "station=1"'
          [ "$who" = anon ] || echo "header = \"Authorization: Bearer $FAULTS_KEY\""
          echo "output = \"$OUT/inject-$who-${path//\//_}-$param-$n\""
          echo "max-time = 30"
          echo 'write-out = "%{filename_effective} %{http_code} %{content_type} %{exitcode}\n"'
        } >>"$CFG"
      done
    done
  done
done < <(cat "$(dirname "$0")/injection.txt"; echo "$LONG")
run_requests "$WORK/inject.txt"
TOTAL_AFTER=$(field "$(driver total --base "$BASE" --key "$FAULTS_KEY")" articles)

# Phase 6: tally. A result line is "file status content-type curl-exit".
tally() { # results-file → "requests 2xx 4xx 5xx no_answer non_problem"
  awk '{ n++; s = $2; t = $3
         if (s ~ /^2/) ok++; else if (s ~ /^4/) c4++; else if (s ~ /^5/) c5++; else none++
         if (s !~ /^2/ && s != "000" && t !~ /^application\/problem\+json/) np++ }
       END { printf "%d %d %d %d %d %d\n", n, ok, c4, c5, none, np }' "$1"
}
read -r F_N F_OK F_4 F_5 F_NONE F_NP <<<"$(tally "$WORK/fuzz.txt")"
read -r H_N H_OK H_4 H_5 H_NONE H_NP <<<"$(tally "$WORK/hostile.txt")"
read -r I_N I_OK I_4 I_5 I_NONE I_NP <<<"$(tally "$WORK/inject.txt")"
say "fuzz:    requests=$F_N 2xx=$F_OK 4xx=$F_4 5xx=$F_5 no_answer=$F_NONE non_problem=$F_NP"
say "hostile: requests=$H_N 2xx=$H_OK 4xx=$H_4 5xx=$H_5 no_answer=$H_NONE non_problem=$H_NP"
say "inject:  requests=$I_N 2xx=$I_OK 4xx=$I_4 5xx=$I_5 no_answer=$I_NONE non_problem=$I_NP"
# Evidence for anything wrong: the request, its status and the start of its body.
show_bad() { awk '$2 ~ /^5/ || $2 == "000" || ($2 !~ /^2/ && $3 !~ /^application\/problem\+json/)' "$1" | head -n 8 |
  while read -r file status type _; do echo "  ${file##*/} $status $type: $(head -c 200 "$file" 2>/dev/null)" >&2; done; }
SORT_NOT_400=$(awk '$1 ~ /_api_v1_articles-sort-/ && $2 != 400' "$WORK/inject.txt" | wc -l)
FILTER_NOT_400=$(awk '$1 ~ /_api_v1_articles-(station|channel|author)-/ && $2 != 400' "$WORK/inject.txt" | wc -l)
HOSTILE_BY_STATUS=$(awk '{print $2}' "$WORK/hostile.txt" | sort | uniq -c | awk '{printf "%s:%s,", $2, $1}' | sed 's/,$//')
check "5xx answers to mutated bodies ($F_5)" [ "$F_5" -eq 0 ]
check "5xx answers to hostile bodies ($H_5)" [ "$H_5" -eq 0 ]
check "5xx answers to injected queries ($I_5)" [ "$I_5" -eq 0 ]
check "requests without an answer ($(( F_NONE + H_NONE + I_NONE )))" [ $(( F_NONE + H_NONE + I_NONE )) -eq 0 ]
check "error answers that are not problem documents ($(( F_NP + H_NP + I_NP )))" [ $(( F_NP + H_NP + I_NP )) -eq 0 ]
check "hostile bodies that were accepted ($H_OK)" [ "$H_OK" -eq 0 ]
check "5xx answers to bodies in a labelled charset ($CHARSET_5XX)" [ "$CHARSET_5XX" -eq 0 ]
check "injected sort values not answered 400 ($SORT_NOT_400)" [ "$SORT_NOT_400" -eq 0 ]
check "injected station/channel/author filters not answered 400 ($FILTER_NOT_400)" [ "$FILTER_NOT_400" -eq 0 ]
check "articles written by hostile bodies or injected queries ($TOTAL_BEFORE → $TOTAL_AFTER)" [ "$TOTAL_BEFORE" = "$TOTAL_AFTER" ]
HEALTH=$(probe GET /health)
check "server not healthy after fuzzing ($HEALTH)" [ "${HEALTH%% *}" = 200 ]
check "the server died" kill -0 "$SERVER_PID"
run_integrity "$DATA"
check "integrity: $(integrity_problems)" [ "$INTEGRITY" = ok ]
if [ "${#FAULTS_FAILURES[@]}" -gt 0 ]; then
  show_bad "$WORK/fuzz.txt"; show_bad "$WORK/hostile.txt"; show_bad "$WORK/inject.txt"; show_bad "$WORK/charset.txt"
  awk '$2 ~ /^2/' "$WORK/hostile.txt" | head -n 5 >&2
  awk '$1 ~ /_api_v1_articles-(sort|station|channel|author)-/ && $2 != 400' "$WORK/inject.txt" | head -n 5 >&2
  grep -A2 -E '^(fail|crit)' "$LOG" | grep -v '^--' | sort | uniq -c | sort -rn | head -n 10 >&2
fi

finish "requests=$(( F_N + H_N + I_N )) mutated=$F_N mutated_2xx=$F_OK mutated_4xx=$F_4 hostile=$H_N hostile_status=[$HOSTILE_BY_STATUS] \
injected=$I_N injected_2xx=$I_OK 5xx=$(( F_5 + H_5 + I_5 )) non_problem=$(( F_NP + H_NP + I_NP )) no_answer=$(( F_NONE + H_NONE + I_NONE )) \
articles_before_after=$TOTAL_BEFORE/$TOTAL_AFTER integrity=$INTEGRITY"
