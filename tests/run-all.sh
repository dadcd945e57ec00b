#!/usr/bin/env bash
# The whole test suite: a release build with -Werror, then the same suites under
# AddressSanitizer + UndefinedBehaviorSanitizer. Run from anywhere; build dirs go in the
# source tree (build-release/, build-asan/).
set -euo pipefail
cd "$(dirname "$0")/.."

run_suite () {
  local dir=$1; shift
  if [ ! -f "$dir/build.ninja" ]; then
    meson setup "$dir" "$@"
  else
    meson configure "$dir" "$@" >/dev/null
  fi
  ninja -C "$dir"
  meson test -C "$dir" --print-errorlogs --num-processes 2
}

# Check's default per-test timeout is 4 s; test cases without their own (tcase_set_timeout)
# get 120 s, so that a loaded machine or the sanitizer build does not fail them.
export CK_DEFAULT_TIMEOUT=${CK_DEFAULT_TIMEOUT:-120}

echo "== release build (-Werror)"
run_suite build-release --buildtype=release -Dwerror=true

echo "== AddressSanitizer + UndefinedBehaviorSanitizer build"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
run_suite build-asan --buildtype=debug -Db_sanitize=address,undefined -Db_lundef=false

# One closing line over both builds: Check's per-suite counts plus the other tests' results.
summary () {
  local log=$1
  grep -h "Checks:" "$log" | sed -E 's/.*Checks: ([0-9]+), Failures: ([0-9]+), Errors: ([0-9]+).*/\1 \2 \3/'
}
read -r checks failed <<<"$(cat <(summary build-release/meson-logs/testlog.txt) \
  <(summary build-asan/meson-logs/testlog.txt) | awk '{c+=$1; f+=$2+$3} END {print c+0, f+0}')"
echo "Check cases: $((checks - failed)) passed, $failed failed"
