# Shared by the bench/*.sh scripts (sourced, not run): a scratch folder, the API server they start and its stopping.
# After sourcing: WORK is a new scratch folder, and on exit the server (if started) is stopped by its PID and WORK is
# removed. BASE and KEY must be set before bench_start_api.

WORK=$(mktemp -d)
SERVER_PID=""

bench_cleanup() {
  if [ -n "$SERVER_PID" ] && kill -0 "$SERVER_PID" 2>/dev/null; then kill "$SERVER_PID"; wait "$SERVER_PID" 2>/dev/null || true; fi
  rm -rf "$WORK"
}
trap bench_cleanup EXIT

# need COMMAND DEBIAN-PACKAGE: installs the package when the command is missing.
need() { command -v "$1" >/dev/null 2>&1 || { echo "Installing $2 from Debian..."; (apt-get update -qq && apt-get install -y -qq "$2") >/dev/null; }; }

# bench_build_api [SOURCE-DIR]: builds the API in Release into $WORK/api.
bench_build_api() { dotnet build "${1:-.}/Api/Api.csproj" -c Release -o "$WORK/api" -v quiet -nologo >/dev/null; }

# bench_start_api [Name=value ...]: starts $WORK/api on $BASE with a data directory in $WORK, the admin key $KEY, rate
# limits off and warnings only, plus the given environment settings (Cms__X=y); waits until /health/live answers.
bench_start_api() {
  env ASPNETCORE_ENVIRONMENT=Production Cms__DataDirectory="$WORK/data" Cms__BootstrapAdminKey="$KEY" \
    Cms__RateLimits__Enabled=false Logging__LogLevel__Default=Warning "$@" \
    dotnet "$WORK/api/Api.dll" --urls "$BASE" > "$WORK/server.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 1 120); do
    curl -sf "$BASE/health/live" >/dev/null 2>&1 && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$WORK/server.log"; exit 1; }
    sleep 0.5
  done
  echo "The API did not answer /health/live within 60 s:"; tail -n 40 "$WORK/server.log"; exit 1
}
