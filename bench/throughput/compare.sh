#!/usr/bin/env bash
# compare.sh — wall-clock comparison of abridge with `wc -w` and `ots` on the same files, one
# large document, and a scaling run of `abridge-bench --stream` over generated corpora. Beside
# `wc -w` it times floor-summarizer (floor.c), a bare summarizer that is not abridge: what any
# summarizer with Snowball stems costs on the same files.
#
#   bash bench/throughput/compare.sh [DIR]      (from the repository root)
#
# DIR: the articles to compare on (default: ../shared/data/bbc-news-summary/News Articles relative
# to the repository root, the 1,407 BBC articles). Environment:
#   BUILD=build     build directory holding engine/abridge and bench/throughput/abridge-bench
#   RUNS=5          minimum runs of each fast command (hyperfine --min-runs, or a plain loop)
#   ROUNDS=7        paired rounds of wc -w, abridge -n 3 and abridge keywords (and
#                   floor-summarizer when built), one after the other (with hyperfine; 0: none):
#                   ratios that slow phases of the machine touch alike
#   OTS_TIMEOUT=120 seconds allowed to ots on the large document
#   SCALE_SIZES="10M 100M"  corpora generated for the scaling run (corpus/generate.py sizes)
#   BIG=1           also stream a 1G corpus and check peak RSS < 300 MB (about 5 minutes)
#   STRICT=1        exit 1 when a target is missed (default: report it and exit 0)
#   KEEP=1          keep the scratch directory (corpora, hyperfine JSON) instead of removing it
# Uses hyperfine when installed, else bash timing with `date +%s.%N`. Scratch data goes to a
# fresh directory under ${TMPDIR:-/tmp}.
set -uo pipefail

ARTICLES=''
if [ $# -ge 1 ]; then
  ARTICLES=$(cd "$1" 2>/dev/null && pwd) || ARTICLES=$1   # resolved before changing directory
fi
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
ABRIDGE=$BUILD/engine/abridge
BENCH=$BUILD/bench/throughput/abridge-bench
FLOOR=$BUILD/bench/throughput/floor-summarizer   # optional: timed beside wc -w when built
DIR=${ARTICLES:-../shared/data/bbc-news-summary/News Articles}
RUNS=${RUNS:-5}
OTS_TIMEOUT=${OTS_TIMEOUT:-120}
SCALE_SIZES=${SCALE_SIZES:-10M 100M}
WC_TARGET=2               # abridge -j 1 (summaries, keywords) over the articles / wc -w
OTS_TARGET=100            # ots per article / abridge -j 1 -n 3 in one process
LARGE_DOC_TARGET=1.0      # seconds, abridge on the concatenated articles
SCALE_TARGET=11           # largest time ratio between the first and the last scaling size
RSS_TARGET_MB=300         # peak RSS when streaming 1G (BIG=1)

missed=0
miss () { echo "  -> MISSED: $*"; missed=$((missed + 1)); }

for exe in "$ABRIDGE" "$BENCH"; do
  if [ ! -x "$exe" ]; then
    echo "compare.sh: $exe not found; build first: meson setup build && ninja -C build" >&2
    echo "            (or point BUILD at another build directory)" >&2
    exit 2
  fi
done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/abridge-compare.XXXXXX") || exit 2
if [ "${KEEP:-0}" = 1 ]; then
  echo "scratch directory (kept): $WORK"
else
  trap 'rm -rf "$WORK"' EXIT
fi

have_hyperfine=0
command -v hyperfine >/dev/null 2>&1 && have_hyperfine=1
have_ots=0
command -v ots >/dev/null 2>&1 && have_ots=1

loadavg () { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown; }
# One CPU of a VM can run far slower than the others for minutes (see README.md here): the
# same loop timed on each CPU, at the start and at the end.
cpu_check () { if [ -x "$BENCH" ]; then "$BENCH" --cpu-check 2>&1 | sed 's/^/   /'; fi; }
now () { date +%s.%N; }
calc () { awk "BEGIN { printf \"$1\", $2 }"; }

echo "== abridge comparison on $(hostname 2>/dev/null || echo this machine): $(nproc) CPUs, load average $(loadavg)"
echo "   abridge $("$ABRIDGE" --version | awk '{print $2}') from $BUILD; timer: $([ $have_hyperfine = 1 ] && hyperfine --version || echo 'bash date +%s.%N')"
echo "   ots: $([ $have_ots = 1 ] && (dpkg-query -W -f='${Version}' ots 2>/dev/null || echo installed) || echo 'not installed')"
cpu_check
if [ "$(loadavg | cut -d' ' -f1 | cut -d. -f1)" -ge "$(nproc)" ] 2>/dev/null; then
  echo "   note: the machine is busy (1-minute load >= CPUs): wall times are inflated"
fi

# time_cmd NAME MINRUNS CMD: runs CMD (a bash command line, run in the current directory) at least
# MINRUNS times and sets T to the mean wall time in seconds (prints mean ± sd, min, max). With
# hyperfine: one warm-up run and the shell's start-up subtracted.
time_cmd () {
  local name=$1 runs=$2 cmd=$3
  if [ $have_hyperfine = 1 ]; then
    local json=$WORK/hf-$name.json warm=1
    [ "$runs" -le 1 ] && warm=0
    if ! hyperfine --shell=bash --style=none --warmup "$warm" --min-runs "$runs" \
         --export-json "$json" "$cmd" >"$WORK/hf-$name.log" 2>&1; then
      echo "  $name: command failed:"; sed 's/^/    /' "$WORK/hf-$name.log" | tail -5
      T=; return 1
    fi
    read -r T sd tmin tmax n < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
print(r["mean"], r.get("stddev") or 0, r["min"], r["max"], len(r["times"]))' "$json")
    printf '  %-26s %9.3f s  ± %.3f  (min %.3f, max %.3f, %d runs)\n' "$name" "$T" "$sd" "$tmin" "$tmax" "$n"
  else
    local i t0 t1 sum=0 tmin='' tmax='' d
    for ((i = 0; i < runs; i++)); do
      t0=$(now)
      if ! bash -c "$cmd" >/dev/null 2>"$WORK/err-$name.log"; then
        echo "  $name: command failed:"; tail -5 "$WORK/err-$name.log" | sed 's/^/    /'
        T=; return 1
      fi
      t1=$(now)
      d=$(calc '%.6f' "$t1 - $t0")
      sum=$(calc '%.6f' "$sum + $d")
      if [ -z "$tmin" ] || awk "BEGIN{exit !($d < $tmin)}"; then tmin=$d; fi
      if [ -z "$tmax" ] || awk "BEGIN{exit !($d > $tmax)}"; then tmax=$d; fi
    done
    T=$(calc '%.6f' "$sum / $runs")
    printf '  %-26s %9.3f s  (min %.3f, max %.3f, %d runs)\n' "$name" "$T" "$tmin" "$tmax" "$runs"
  fi
}

# paired_rounds ROUNDS NAMES BASE CMD...: ROUNDS rounds, each timing BASE and the CMDs one after
# the other (hyperfine: one warm-up run and 3 timed runs each, their median), and the median,
# minimum and maximum over the rounds of each CMD / BASE. NAMES: the commands' names, BASE's
# first, separated by '|'. The slow phases of a virtual machine's CPUs (seconds to minutes) fall
# on the commands of a round alike, where separate series of runs each meet their own. Run in
# the current directory.
paired_rounds () {
  local rounds=$1 names=$2 r c
  shift 2
  for ((r = 0; r < rounds; r++)); do
    c=0
    for cmd in "$@"; do
      if ! hyperfine --shell=bash --style=none --warmup 1 --runs 3 \
           --export-json "$WORK/round-$r-$c.json" "$cmd" >"$WORK/round.log" 2>&1; then
        echo "  paired rounds: a command failed:"; tail -5 "$WORK/round.log" | sed 's/^/    /'
        return 1
      fi
      c=$((c + 1))
    done
  done
  python3 - "$WORK" "$rounds" "$names" <<'PY'
import json, statistics, sys
work, rounds, names = sys.argv[1], int(sys.argv[2]), sys.argv[3].split("|")
rows = [[json.load(open(f"{work}/round-{r}-{c}.json"))["results"][0]["median"]
         for c in range(len(names))] for r in range(rounds)]
print(f"  paired rounds ({rounds} rounds of {', '.join(names)}, one after the other; "
      "median of 3 runs each):")
width = max(len(n) for n in names[1:]) + len(names[0]) + 4
for i in range(1, len(names)):
    r = [row[i] / row[0] for row in rows]
    label = f"{names[i]} / {names[0]}:"
    print(f"    {label:<{width}} median {statistics.median(r):.1f}x "
          f"(min {min(r):.1f}x, max {max(r):.1f}x)")
print("    medians: " + ", ".join("%s %.3f s" % (n, statistics.median(row[i] for row in rows))
                               for i, n in enumerate(names)))
PY
}

# time_once NAME TIMEOUT CMD...: one run with a timeout; sets T (seconds) and RC (124: timed out).
time_once () {
  local name=$1 limit=$2; shift 2
  local t0 t1
  t0=$(now)
  timeout "$limit" "$@" >"$WORK/out-$name.txt" 2>"$WORK/err-$name.txt"
  RC=$?
  t1=$(now)
  T=$(calc '%.3f' "$t1 - $t0")
  if [ $RC = 124 ]; then
    printf '  %-26s > %s s (timed out)\n' "$name" "$limit"
  elif [ $RC != 0 ]; then
    printf '  %-26s %9.3f s  (exit status %s: %s)\n' "$name" "$T" "$RC" "$(head -c 200 "$WORK/err-$name.txt")"
  else
    printf '  %-26s %9.3f s  (1 run)\n' "$name" "$T"
  fi
}

# ---- 1. the articles: wc -w, abridge, abridge keywords, ots ----------------------------------
echo
if [ ! -d "$DIR" ]; then
  echo "== articles: $DIR not found; skipping the comparison on articles and the large document"
else
  DIR_ABS=$(cd "$DIR" && pwd)
  # Relative paths (run inside DIR) keep the command lines short; sorted like abridge sorts.
  mapfile -d '' FILES < <(cd "$DIR_ABS" && find . -type f ! -name '.*' -print0 | LC_ALL=C sort -z)
  N=${#FILES[@]}
  BYTES=$(cd "$DIR_ABS" && cat -- "${FILES[@]}" | wc -c)
  Q=$(printf '%q ' "${FILES[@]}")
  echo "== $N articles, $(calc '%.2f' "$BYTES / 1e6") MB: $DIR_ABS"
  echo "   (each command is one process over all the files, except ots: one process per article)"
  pushd "$DIR_ABS" >/dev/null || exit 2
  # The targets are for one thread (-j 1); the default (one worker per core) is shown too.
  time_cmd "wc -w" "$RUNS" "wc -w -- $Q" ; T_WC=$T
  T_FLOOR=
  if [ -x "$FLOOR" ]; then
    time_cmd "floor-summarizer -n 3" "$RUNS" "$(printf '%q' "$FLOOR") -n 3 $Q" ; T_FLOOR=$T
  fi
  time_cmd "abridge -j 1 -n 3" "$RUNS" "$(printf '%q' "$ABRIDGE") -j 1 -n 3 -- $Q 2>/dev/null" ; T_SUM=$T
  time_cmd "abridge keywords -j 1 -k 10" "$RUNS" "$(printf '%q' "$ABRIDGE") keywords -j 1 -k 10 -- $Q 2>/dev/null" ; T_KW=$T
  time_cmd "abridge -n 3 (-j $(nproc))" "$RUNS" "$(printf '%q' "$ABRIDGE") -n 3 -- $Q 2>/dev/null" ; T_SUMJ=$T
  time_cmd "abridge keywords (-j $(nproc))" "$RUNS" "$(printf '%q' "$ABRIDGE") keywords -k 10 -- $Q 2>/dev/null" ; T_KWJ=$T
  T_OTS=
  if [ $have_ots = 1 ]; then
    time_cmd "ots --ratio=20 (loop)" 1 "for f in $Q; do ots --ratio=20 \"\$f\" >/dev/null || exit 1; done" ; T_OTS=$T
  else
    echo "  ots                        skipped: not installed (apt-get install ots)"
  fi
  popd >/dev/null || exit 2

  per () { calc '%.3f' "$1 * 1000 / $N"; }
  echo
  echo "  per article:  wc -w $(per "$T_WC") ms,  abridge -j 1 -n 3 $(per "$T_SUM") ms,  abridge keywords -j 1 $(per "$T_KW") ms$( [ -n "$T_OTS" ] && echo ",  ots $(per "$T_OTS") ms")"
  echo "  abridge -j 1 -n 3 / wc -w:      $(calc '%.1f' "$T_SUM / $T_WC")x   (-j $(nproc): $(calc '%.1f' "$T_SUMJ / $T_WC")x)"
  echo "  abridge keywords -j 1 / wc -w:  $(calc '%.1f' "$T_KW / $T_WC")x   (-j $(nproc): $(calc '%.1f' "$T_KWJ / $T_WC")x)"
  if [ -n "$T_FLOOR" ]; then
    echo "  floor-summarizer / wc -w:       $(calc '%.1f' "$T_FLOOR / $T_WC")x   (a bare TF-IDF summarizer with Snowball stems, not abridge: floor.c)"
  fi
  for pair in "abridge -n 3:$T_SUM" "abridge keywords:$T_KW"; do
    if awk "BEGIN{exit !(${pair##*:} <= $WC_TARGET * $T_WC)}"; then
      echo "  -> ${pair%%:*} (1 thread) <= ${WC_TARGET}x wc -w: met"
    else
      miss "${pair%%:*} (1 thread) took $(calc '%.1f' "${pair##*:} / $T_WC")x the time of wc -w (target <= ${WC_TARGET}x)"
    fi
  done
  if [ -n "$T_OTS" ]; then
    echo "  ots / abridge -j 1 -n 3 (per article, ots one process each): $(calc '%.1f' "$T_OTS / $T_SUM")x"
    if awk "BEGIN{exit !($T_OTS >= $OTS_TARGET * $T_SUM)}"; then
      echo "  -> target >= ${OTS_TARGET}x: met"
    else
      miss "ots / abridge -j 1 -n 3 is $(calc '%.1f' "$T_OTS / $T_SUM")x (target >= ${OTS_TARGET}x)"
    fi
  fi
  if [ $have_hyperfine = 1 ] && [ "${ROUNDS:-7}" -gt 0 ]; then
    pushd "$DIR_ABS" >/dev/null || exit 2
    names="wc -w|abridge -j 1 -n 3|abridge keywords -j 1"
    cmds=("$(printf '%q' "$ABRIDGE") -j 1 -n 3 -- $Q 2>/dev/null"
          "$(printf '%q' "$ABRIDGE") keywords -j 1 -k 10 -- $Q 2>/dev/null")
    if [ -n "$T_FLOOR" ]; then
      names="$names|floor-summarizer -n 3"
      cmds+=("$(printf '%q' "$FLOOR") -n 3 $Q")
    fi
    paired_rounds "${ROUNDS:-7}" "$names" "wc -w -- $Q" "${cmds[@]}"
    popd >/dev/null || exit 2
  fi
  echo "  abridge-bench -n 3 in one process (1 thread, all articles in memory), for the library alone:"
  "$BENCH" --threads 1 --repeat 3 "$DIR_ABS" | awk '/^ *threads +docs/ {h=1; print "    " $0; next} h && NF {print "    " $0; exit}'

  # One process per article for abridge too, to compare like with like with ots.
  pushd "$DIR_ABS" >/dev/null || exit 2
  time_cmd "abridge -n 3 (loop)" 1 "for f in $Q; do $(printf '%q' "$ABRIDGE") -n 3 \"\$f\" >/dev/null 2>&1 || exit 1; done" ; T_SUML=$T
  popd >/dev/null || exit 2
  if [ -n "$T_OTS" ] && [ -n "$T_SUML" ]; then
    echo "  ots / abridge -n 3, both one process per article: $(calc '%.1f' "$T_OTS / $T_SUML")x"
  fi

  # ---- 2. one large document ------------------------------------------------------------------
  echo
  BIGDOC=$WORK/articles-concatenated.txt
  (cd "$DIR_ABS" && cat -- "${FILES[@]}") > "$BIGDOC"
  echo "== one large document: the $N articles concatenated, $(calc '%.2f' "$(wc -c < "$BIGDOC") / 1e6") MB ($BIGDOC)"
  time_once "abridge -n 3" 600 "$ABRIDGE" -n 3 "$BIGDOC"
  T_BIG=$T
  if [ "$RC" = 0 ]; then
    echo "    summary: $(wc -l < "$WORK/out-abridge -n 3.txt") lines"
    if awk "BEGIN{exit !($T_BIG <= $LARGE_DOC_TARGET)}"; then
      echo "  -> target <= $LARGE_DOC_TARGET s: met"
    else
      miss "abridge took $T_BIG s on the large document (target <= $LARGE_DOC_TARGET s)"
    fi
  else
    miss "abridge failed on the large document"
  fi
  time_once "abridge keywords -k 10" 600 "$ABRIDGE" keywords -k 10 "$BIGDOC"
  if [ $have_ots = 1 ]; then
    time_once "ots --ratio=20" "$OTS_TIMEOUT" ots --ratio=20 "$BIGDOC"
    if [ "$RC" = 0 ]; then
      echo "  ots / abridge on the large document: $(calc '%.1f' "$T / $T_BIG")x"
    elif [ "$RC" = 124 ]; then
      echo "  ots / abridge on the large document: > $(calc '%.0f' "$OTS_TIMEOUT / $T_BIG")x (ots stopped after $OTS_TIMEOUT s)"
    fi
  else
    echo "  ots                        skipped: not installed"
  fi
fi

# ---- 3. scaling: abridge-bench --stream on generated corpora --------------------------------------
echo
echo "== scaling: abridge-bench --stream (1 thread, -n 3) on corpora from corpus/generate.py --seed 42"
first_t='' first_mb='' last_t='' last_mb=''
for size in $SCALE_SIZES; do
  corpus=$WORK/corpus-$size.txt
  if ! python3 corpus/generate.py --size "$size" --seed 42 --format txt -o "$corpus" 2>"$WORK/gen-$size.log"; then
    echo "  generate.py --size $size failed: $(cat "$WORK/gen-$size.log")"; missed=$((missed + 1)); continue
  fi
  "$BENCH" --stream --json "$corpus" > "$WORK/stream-$size.json" 2>"$WORK/stream-$size.err"
  rc=$?
  if [ $rc != 0 ]; then
    echo "  $size: abridge-bench failed ($rc): $(cat "$WORK/stream-$size.err")"; missed=$((missed + 1)); continue
  fi
  read -r docs mb wall rss mbs < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1])); run = r["runs"][0]
print(r["documents"], r["mb"], run["wall_seconds"], run["peak_rss_mb"], run["mb_per_second"])' "$WORK/stream-$size.json")
  printf '  %-6s %8d docs %9.2f MB %9.2f s %7.2f MB/s  peak RSS %6.1f MB\n' "$size" "$docs" "$mb" "$wall" "$mbs" "$rss"
  [ -z "$first_t" ] && { first_t=$wall; first_mb=$mb; }
  last_t=$wall; last_mb=$mb
  [ "${KEEP:-0}" = 1 ] || rm -f "$corpus"
done
if [ -n "$first_t" ] && [ "$first_t" != "$last_t" ]; then
  ratio=$(calc '%.2f' "$last_t / $first_t")
  size_ratio=$(calc '%.2f' "$last_mb / $first_mb")
  echo "  time ratio $ratio x for a size ratio of $size_ratio x"
  if awk "BEGIN{exit !($ratio <= $SCALE_TARGET)}"; then
    echo "  -> target <= ${SCALE_TARGET}x (about linear): met"
  else
    miss "time grew $ratio x (target <= ${SCALE_TARGET}x)"
  fi
fi

if [ "${BIG:-0}" = 1 ]; then
  echo
  echo "== streaming 1G: peak RSS (target < $RSS_TARGET_MB MB)"
  if python3 corpus/generate.py --size 1G --seed 42 --format txt -o "$WORK/corpus-1G.txt" 2>"$WORK/gen-1G.log"; then
    "$BENCH" --stream --json "$WORK/corpus-1G.txt" > "$WORK/stream-1G.json"
    read -r docs mb wall rss < <(python3 -c '
import json, sys
r = json.load(open(sys.argv[1])); run = r["runs"][0]
print(r["documents"], r["mb"], run["wall_seconds"], run["peak_rss_mb"])' "$WORK/stream-1G.json")
    printf '  1G     %8d docs %9.2f MB %9.2f s  peak RSS %6.1f MB\n' "$docs" "$mb" "$wall" "$rss"
    if awk "BEGIN{exit !($rss < $RSS_TARGET_MB)}"; then
      echo "  -> target < $RSS_TARGET_MB MB: met"
    else
      miss "peak RSS $rss MB (target < $RSS_TARGET_MB MB)"
    fi
    [ "${KEEP:-0}" = 1 ] || rm -f "$WORK/corpus-1G.txt"
  else
    echo "  generate.py --size 1G failed: $(cat "$WORK/gen-1G.log")"; missed=$((missed + 1))
  fi
fi

echo
cpu_check
echo "== done; load average now $(loadavg); targets missed: $missed"
if [ "${STRICT:-0}" = 1 ] && [ $missed -gt 0 ]; then
  exit 1
fi
exit 0
