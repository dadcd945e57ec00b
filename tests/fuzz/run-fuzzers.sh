#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (AddressSanitizer + UndefinedBehaviorSanitizer) and runs
# each for SECONDS (default 60), inputs up to 64 KiB. Crashes, leaks, timeouts and out-of-memory
# inputs are saved as tests/fuzz/crashes/TARGET-crash-<sha1> (…-leak-, -timeout-, -oom-); the
# corpus each target grows is kept in BUILD_DIR/fuzz-corpus/TARGET for the next run. Exit
# status: 0 no finding, 1 findings, 2 the targets could not be built.
#
#   tests/fuzz/run-fuzzers.sh [SECONDS]
#   BUILD_DIR=/tmp/fuzz-build TARGETS="segment jsonl" FUZZ_ARGS="-jobs=2" tests/fuzz/run-fuzzers.sh 300
#
# ABRIDGE_FUZZ_SKIP_KNOWN=1 steers the targets around known, reported bugs (README.md).
# Reproduce a saved input:  BUILD_DIR/tests/fuzz/fuzz-TARGET tests/fuzz/crashes/FILE
# Minimize it:              BUILD_DIR/tests/fuzz/fuzz-TARGET -minimize_crash=1 -runs=100000 \
#                             -exact_artifact_path=tests/inputs/regress-NAME.bin FILE
# Needs: clang and libclang-rt-14-dev (libFuzzer and the sanitizer runtimes); llvm (llvm-symbolizer,
# for symbolized stacks) is recommended.
set -uo pipefail
seconds="${1:-60}"
root="$(cd "$(dirname "$0")/../.." && pwd)"
build="${BUILD_DIR:-$root/build-fuzz}"
targets="${TARGETS:-segment pipeline idf-load jsonl}"
crashes="$root/tests/fuzz/crashes"

export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
if [ -z "${ASAN_SYMBOLIZER_PATH:-}" ]; then
  for s in llvm-symbolizer llvm-symbolizer-14 llvm-symbolizer-15; do
    if command -v "$s" >/dev/null 2>&1; then export ASAN_SYMBOLIZER_PATH="$(command -v "$s")"; break; fi
  done
fi

# Exit status 2 when the targets cannot be built (a broken build is not a finding).
if [ ! -f "$build/build.ninja" ]; then
  CC="${CC:-clang}" meson setup "$build" "$root" -Dfuzz=true -Db_sanitize=address,undefined \
    -Db_lundef=false --buildtype=debugoptimized || exit 2
else
  meson configure "$build" -Dfuzz=true -Db_sanitize=address,undefined -Db_lundef=false >/dev/null \
    || exit 2
fi
ninja -C "$build" engine/abridge $(for t in $targets; do printf 'tests/fuzz/fuzz-%s ' "$t"; done) \
  || exit 2

seeds="$(mktemp -d "${TMPDIR:-/tmp}/abridge-seeds.XXXXXX")"
trap 'rm -rf "$seeds"' EXIT
ASAN_OPTIONS=detect_leaks=0 bash "$root/tests/fuzz/make-seed-corpus.sh" "$seeds" "$build/engine/abridge" >/dev/null
mkdir -p "$crashes"

status=0
summary=""
for t in $targets; do
  case "$t" in
    segment|pipeline) seed="$seeds/text"; dict="$root/tests/fuzz/text.dict" ;;
    jsonl) seed="$seeds/jsonl"; dict="$root/tests/fuzz/jsonl.dict" ;;
    idf-load) seed="$seeds/idf"; dict="$root/tests/fuzz/idf.dict" ;;
    *) echo "unknown target $t" >&2; exit 2 ;;
  esac
  corpus="$build/fuzz-corpus/$t"
  mkdir -p "$corpus" "$crashes"
  log="$build/fuzz-$t.log"
  echo "== fuzz-$t: ${seconds} s (log: $log)"
  start=$(date +%s)
  # shellcheck disable=SC2086
  "$build/tests/fuzz/fuzz-$t" -max_len=65536 -max_total_time="$seconds" -timeout=30 \
    -rss_limit_mb=4096 -dict="$dict" -print_final_stats=1 -artifact_prefix="$crashes/$t-" \
    ${FUZZ_ARGS:-} "$corpus" "$seed" >"$log" 2>&1
  rc=$?
  elapsed=$(( $(date +%s) - start ))
  execs=$(grep -h 'stat::number_of_executed_units' "$log" | awk '{s+=$2} END {print s+0}')
  rate=$(grep -h 'stat::average_exec_per_sec' "$log" | awk '{s+=$2} END {print s+0}')
  units=$(ls "$corpus" | wc -l)
  artifacts=$(grep -h 'Test unit written to' "$log" | sed 's/.*Test unit written to //' | sort -u)
  if [ $rc -ne 0 ] || [ -n "$artifacts" ]; then
    status=1
    echo "   FAILED (exit $rc): $(grep -m1 -hE 'ERROR: |runtime error|fuzz check failed|libFuzzer: ' "$log")"
    for a in $artifacts; do echo "   saved: $a"; done
  fi
  line=$(printf '%-10s %6s s %12s execs %8s exec/s %6s corpus units  %s' "$t" "$elapsed" "$execs" \
    "$rate" "$units" "$([ $rc -eq 0 ] && echo ok || echo CRASH)")
  echo "   $line"
  summary+="$line"$'\n'
done
echo
echo "target      time          executions     rate   corpus"
printf '%s' "$summary"
exit $status
