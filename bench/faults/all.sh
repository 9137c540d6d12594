#!/usr/bin/env bash
# Runs every fault script in turn and ends with one line "faults: N passed, M failed" (exit 1 if any failed).
#
#   bench/faults/all.sh [--short | --long]        (default --short: seconds each, for CI; the whole run is ~2 min)
#
# Works on a fresh Debian machine with the .NET 10 SDK: installs zzuf, curl and e2fsprogs from Debian when missing,
# builds the API and the driver in Release once, and hands the build to each script (FAULTS_BUILD). Needs root (the
# disk-full and read-only scripts mount file systems). Each script's own output (its phases, with FAULTS_VERBOSE=1,
# and evidence on failure) goes to stderr; its summary line to stdout.
set -uo pipefail
cd "$(dirname "$0")"

MODE=--short
for arg in "$@"; do case $arg in --short|--long) MODE=$arg ;; esac; done
SCRIPTS=(soak torn crash shutdown diskfull readonly fuzz backup)
START=$(date +%s)
BUILD=$(mktemp -d "${TMPDIR:-/tmp}/faults-build.XXXXXX")
CHILD=""
cleanup() {
  if [ -n "$CHILD" ] && kill -0 "$CHILD" 2>/dev/null; then kill -TERM "$CHILD" 2>/dev/null; wait "$CHILD" 2>/dev/null; fi
  rm -rf "$BUILD"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

if ! command -v dotnet >/dev/null 2>&1; then
  echo "The .NET 10 SDK is required and 'dotnet' is not on PATH."
  echo "faults: 0 passed, ${#SCRIPTS[@]} failed"
  exit 1
fi
missing=()
command -v zzuf >/dev/null 2>&1 || missing+=(zzuf)
command -v curl >/dev/null 2>&1 || missing+=(curl)
command -v mkfs.ext4 >/dev/null 2>&1 || missing+=(e2fsprogs)
if [ "${#missing[@]}" -gt 0 ]; then
  echo "Installing from Debian: ${missing[*]}"
  (apt-get update -qq && apt-get install -y -qq "${missing[@]}") >/dev/null 2>&1 || echo "apt-get install ${missing[*]} failed; the scripts that need them will fail."
fi

echo "== Building (Release) once"
if ! { dotnet build ../../Api/Api.csproj -c Release -o "$BUILD/api" -v quiet -nologo \
       && dotnet build ../FaultDriver/FaultDriver.csproj -c Release -o "$BUILD/driver" -v quiet -nologo; } >"$BUILD/build.log" 2>&1; then
  tail -n 30 "$BUILD/build.log"
  echo "faults: 0 passed, ${#SCRIPTS[@]} failed"
  exit 1
fi
export FAULTS_BUILD=$BUILD

passed=0; failed=0
for name in "${SCRIPTS[@]}"; do
  t0=$(date +%s)
  ./"$name.sh" "$MODE" >"$BUILD/$name.out" 2>"$BUILD/$name.err" &
  CHILD=$!
  if wait "$CHILD"; then passed=$((passed + 1)); else failed=$((failed + 1)); fi
  CHILD=""
  line=$(tail -n 1 "$BUILD/$name.out")
  echo "${line:-$name: no summary line FAIL} [$(( $(date +%s) - t0 ))s]"
  if ! grep -q ' PASS$' <<<"$line"; then sed 's/^/    /' "$BUILD/$name.err" | tail -n 25; fi
done
echo "== $(( $(date +%s) - START ))s in all ($MODE)"
echo "faults: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
