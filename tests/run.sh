#!/usr/bin/env bash
# Builds StreamSql and runs every test suite: the unit and integration test projects, the
# conformance files (RisingWave's sqllogictest files and our own) under `streamsql test`, and the
# grammar drift check. Installs what a fresh Debian machine lacks. The last line it prints is
# `N passed, N failed` summed over every suite; the exit code is 0 only when nothing failed.
#
#   tests/run.sh              everything
#   tests/run.sh --quick      skip the slow suites (fuzz, end-to-end) where they honour STREAMSQL_QUICK
set -uo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1
[ "${1:-}" = "--quick" ] && export STREAMSQL_QUICK=1
shared="$root/../shared"
logs="$root/artifacts/test-logs"
mkdir -p "$logs"

passed=0 failed=0 skipped=0
count() { # suite name, passed, failed, skipped
  passed=$((passed + $2)); failed=$((failed + $3)); skipped=$((skipped + ${4:-0}))
  printf '%-28s %6s passed, %s failed, %s skipped\n' "$1" "$2" "$3" "${4:-0}"
}

# --- what a fresh machine lacks -------------------------------------------------------------
apt_updated=0
need_pkg() { # command to look for, Debian package that brings it
  command -v "$1" >/dev/null 2>&1 && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    [ $apt_updated = 1 ] || { apt-get update -qq >/dev/null 2>&1; apt_updated=1; }
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null 2>&1 || true
  fi
  command -v "$1" >/dev/null 2>&1 || echo "warning: $1 (package $2) is not available" >&2
}
need_pkg psql postgresql-client
need_pkg pgbench postgresql-client
# PostgreSQL server binaries (initdb, pg_ctl) for the differential test and the sink tests.
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  need_pkg initdb postgresql
fi
for d in /usr/lib/postgresql/*/bin; do [ -d "$d" ] && PATH="$PATH:$d"; done
# node and npm for the node clients' tests (@microsoft/signalr, node-postgres); they run npm ci themselves.
need_pkg node nodejs
need_pkg npm npm
# Chromium for the web console's browser test (Playwright drives Debian's build; nothing is downloaded).
[ -x /usr/bin/chromium ] || need_pkg chromium chromium
export PATH

# --- grammar drift ---------------------------------------------------------------------------
if [ -x grammar/generate.sh ]; then
  if grammar/generate.sh --check >"$logs/grammar.log" 2>&1; then
    count "grammar drift" 1 0
  else
    cat "$logs/grammar.log" >&2
    count "grammar drift" 0 1
  fi
fi

# --- build -------------------------------------------------------------------------------------
if ! dotnet build StreamSql.sln -c Release --nologo -v quiet >"$logs/build.log" 2>&1; then
  grep -E "error|Error" "$logs/build.log" | sort -u | head -40 >&2
  count "build" 0 1
  echo "$passed passed, $failed failed, $skipped skipped"
  exit 1
fi
count "build" 1 0

# --- test projects -----------------------------------------------------------------------------
for proj in tests/*/*.Tests.csproj; do
  name=$(basename "$proj" .csproj)
  log="$logs/$name.log"
  trx="$logs/$name.trx"
  rm -f "$trx"
  dotnet test "$proj" -c Release --no-build --nologo --logger "trx;LogFileName=$trx" --logger "console;verbosity=minimal" >"$log" 2>&1
  counters=$(grep -o '<Counters [^>]*>' "$trx" 2>/dev/null | head -1)
  if [ -z "$counters" ]; then
    tail -30 "$log" >&2
    count "$name" 0 1
    continue
  fi
  attr() { sed -E "s/.* $1=\"([0-9]+)\".*/\1/" <<<"$counters"; }
  p=$(attr passed); f=$(( $(attr failed) + $(attr error) + $(attr timeout) + $(attr aborted) ))
  s=$(( $(attr total) - $(attr executed) ))  # xunit's skipped tests are in total but not executed
  [ "$f" != 0 ] && grep -E "^\s+Failed |Error Message:" -A3 "$log" | head -80 >&2
  count "$name" "$p" "$f" "$s"
done

# --- conformance: sqllogictest files under `streamsql test` -----------------------------------
slt_files=()
if [ -d "$shared/conformance" ]; then
  while IFS= read -r f; do slt_files+=("$f"); done < <(find "$shared/conformance" -name '*.slt' -o -name '*.slt.part' | sort)
fi
while IFS= read -r f; do slt_files+=("$f"); done < <(find tests/Conformance -name '*.slt' 2>/dev/null | sort)
# `streamsql test` prints `N passed, N failed[, N skipped]` last: count it as one suite.
slt_suite() { # suite name, log file, then the command
  local name=$1 log=$2; shift 2
  "$@" >"$log" 2>&1
  local last; last=$(tail -1 "$log")
  if [[ "$last" =~ ^([0-9]+)\ passed,\ ([0-9]+)\ failed(,\ ([0-9]+)\ skipped)?$ ]]; then
    [ "${BASH_REMATCH[2]}" != 0 ] && grep -E "^\S+:[0-9]+: " -A6 "$log" | head -60 >&2
    count "$name" "${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}" "${BASH_REMATCH[4]:-0}"
  else
    tail -20 "$log" >&2
    count "$name" 0 1
  fi
}

if [ ${#slt_files[@]} -gt 0 ]; then
  slt_suite "conformance (in-process)" "$logs/conformance.log" \
    ./streamsql test --skip-list tests/Conformance/skip.txt --junit "$logs/conformance.xml" "${slt_files[@]}"

  # The same files over the Postgres wire against a started server (each file's objects are
  # dropped when it ends). Streaming directives need the engine itself: reported as skipped;
  # files under tests/Conformance/in-process/ are built on them and run in-process only.
  wire_files=()
  for f in "${slt_files[@]}"; do [[ "$f" == */in-process/* ]] || wire_files+=("$f"); done
  wire_dir=$(mktemp -d)
  ./streamsql serve --data-dir "$wire_dir/data" --pg-port 0 --http-port 0 >"$logs/wire-server.log" 2>&1 &
  wire_pid=$!
  pg_port=""
  for _ in $(seq 1 300); do
    pg_port=$(sed -nE 's/.*listening: postgres on 127\.0\.0\.1:([0-9]+),.*/\1/p' "$logs/wire-server.log")
    [ -n "$pg_port" ] && break
    sleep 0.2
  done
  slt_suite "conformance (wire)" "$logs/conformance-wire.log" \
    ./streamsql test --server "postgres://streamsql@127.0.0.1:$pg_port/streamsql" \
      --skip-list tests/Conformance/skip.txt --junit "$logs/conformance-wire.xml" "${wire_files[@]}"
  kill "$wire_pid" 2>/dev/null; wait "$wire_pid" 2>/dev/null
  rm -rf "$wire_dir"
fi

# --- examples: each pipeline's test.slt runs the pipeline file itself -------------------------
if ls examples/*/test.slt >/dev/null 2>&1; then
  slt_suite "examples" "$logs/examples.log" ./streamsql test --junit "$logs/examples.xml" examples/*/test.slt
fi

# --- examples/ci: what its GitHub workflow runs ------------------------------------------------
if [ -d examples/ci ]; then
  if ./streamsql check --format github examples/ci/pipeline/*.sql >"$logs/examples-ci-check.log" 2>&1; then
    count "examples/ci check" 1 0
  else
    cat "$logs/examples-ci-check.log" >&2
    count "examples/ci check" 0 1
  fi
  slt_suite "examples/ci test" "$logs/examples-ci.log" ./streamsql test --junit "$logs/examples-ci.xml" examples/ci/tests/*.slt
fi

echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
