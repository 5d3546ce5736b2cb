#!/usr/bin/env bash
# Regenerates src/Parser/Generated from grammar/StreamSql.g4 with the pinned antlr-ng (npm).
#   grammar/generate.sh           regenerate in place
#   grammar/generate.sh --check   regenerate into a temporary folder and fail if the committed files differ
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
out="$here/../src/Parser/Generated"
cd "$here"
if [ ! -x node_modules/.bin/antlr-ng ]; then
  npm ci --no-audit --no-fund >/dev/null
fi

generate() {
  local target="$1"
  rm -rf "$target"
  mkdir -p "$target"
  local log
  # antlr-ng exits 0 even on grammar errors, so its output decides.
  log="$(node_modules/.bin/antlr-ng -Dlanguage=CSharp -v -l false -w -p StreamSql.Parser.Generated -o "$target" StreamSql.g4 2>&1)"
  if printf '%s' "$log" | grep -q 'error('; then
    printf '%s\n' "$log" >&2
    echo "antlr-ng reported errors in StreamSql.g4" >&2
    exit 1
  fi
  if [ -n "$log" ]; then printf '%s\n' "$log" >&2; fi
  # Keep only the C# sources; interp/tokens files are tool output the build does not use.
  find "$target" -type f ! -name '*.cs' -delete
  # The generated types are an implementation detail of StreamSql.Parser: make them internal, and
  # silence CS3021 (CLSCompliant on an assembly that declares no CLS compliance) in these files only.
  for f in "$target"/*.cs; do
    sed -i -e 's/^public partial class /internal partial class /' \
           -e 's/^public interface /internal interface /' \
           -e 's/^public class /internal class /' \
           -e 's/^\/\/ Unreachable code detected$/#pragma warning disable CS3021\n\/\/ Unreachable code detected/' "$f"
  done
}

if [ "${1:-}" = "--check" ]; then
  tmp="$(mktemp -d)"
  trap 'rm -rf "$tmp"' EXIT
  generate "$tmp/Generated"
  if ! diff -r "$tmp/Generated" "$out" >/dev/null; then
    echo "src/Parser/Generated is out of date with grammar/StreamSql.g4: run grammar/generate.sh and commit the result" >&2
    diff -r "$tmp/Generated" "$out" | head -20 >&2 || true
    exit 1
  fi
  echo "src/Parser/Generated matches grammar/StreamSql.g4"
else
  generate "$out"
  echo "generated $(ls "$out" | wc -l) files in src/Parser/Generated"
fi
