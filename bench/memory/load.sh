#!/usr/bin/env bash
# load.sh — memory and file descriptors of the abridge command under load (issue 9): peak RSS
# and the most descriptors open at once, for batch runs over 1x and 10x an input, with
# --threads 2, then one 100 MB single-line document and a 1 GB file.
#
#   bash bench/memory/load.sh                    (from anywhere; figures on stdout)
#
# Inputs (made in a scratch directory under ${TMPDIR:-/tmp}, removed at the end):
#   small   10,000 small documents (about 2.2 KB each) from corpus/generate.py --format jsonl
#           --seed 42: deterministic. 10x: the same file given 10 times (100,000 records).
#   bbc     the BBC News Summary articles (../shared/data/bbc-news-summary/News Articles; skipped
#           with a message when absent), 1,407 files: as JSON Lines (--batch) and as a directory
#           (file mode). 10x: 10 copies of the JSON Lines; the directory named 10 times.
#   line    100 MB of generated prose with every newline turned into a space: one line, one
#           paragraph (the time and the memory a document of that size takes).
#   1 GB    a 1 GB text file: above the default --max-bytes (256 MiB), refused before reading;
#           BIG=1 also streams 1 GB of JSON Lines through --batch (several minutes).
#
# Each run: /usr/bin/time -f %M (peak RSS), the elapsed seconds, and the count of /proc/PID/fd
# entries, first seen -> most seen (sampled every 20 ms; the first count includes whatever the
# calling shell passes down): without leaks the most is the first plus the input files open at
# once (one a worker thread). The 1x run is then repeated under `ulimit -n 16`, which must
# succeed. Ratio lines compare 10x with 1x (flat memory: about 1.0).
#
# Environment: BUILD=build (holds engine/abridge), THREADS=2, BIG=1, KEEP=1 (keep the scratch
# directory). Exit status 1 when a run fails or the fd check fails.
set -uo pipefail

cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
ABRIDGE=$BUILD/engine/abridge
THREADS=${THREADS:-2}
BBC=${BBC:-$ROOT/../shared/data/bbc-news-summary/News Articles}
PYTHON=$(command -v python3 || true)
if [ ! -x "$ABRIDGE" ]; then echo "no $ABRIDGE (ninja -C $BUILD first, or BUILD=DIR)" >&2; exit 2; fi
if [ ! -x /usr/bin/time ]; then echo "needs /usr/bin/time (GNU time)" >&2; exit 2; fi
if [ -z "$PYTHON" ]; then echo "needs python3 (corpus/generate.py)" >&2; exit 2; fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/abridge-load.XXXXXX") || exit 2
cleanup () { if [ -n "${KEEP:-}" ]; then echo "kept $WORK"; else rm -rf "$WORK"; fi; }
trap cleanup EXIT
failed=0

# measure NAME STDIN ARGS... : runs abridge, prints one line, sets RSS_KB, SECONDS_TAKEN, FDS.
measure () {
  local name=$1 input=$2; shift 2
  local out=$WORK/out err=$WORK/err tm=$WORK/time pidfile=$WORK/pid
  rm -f "$pidfile"
  # bash writes its pid and execs abridge: the pid is abridge's, under /usr/bin/time.
  /usr/bin/time -f '%M %e' -o "$tm" bash -c 'echo $$ > "$0"; exec "$@"' "$pidfile" \
    "$ABRIDGE" "$@" < "$input" > "$out" 2> "$err" &
  local timer=$! pid='' fds=0 first='' n
  while kill -0 "$timer" 2>/dev/null; do
    [ -z "$pid" ] && [ -s "$pidfile" ] && pid=$(cat "$pidfile")
    if [ -n "$pid" ] && [ -d "/proc/$pid/fd" ]; then
      n=$(ls "/proc/$pid/fd" 2>/dev/null | wc -l)
      [ -z "$first" ] && [ "$n" -gt 0 ] && first=$n
      [ "$n" -gt "$fds" ] && fds=$n
    fi
    sleep 0.02
  done
  wait "$timer"
  local status=$?
  read -r RSS_KB SECONDS_TAKEN < <(tail -n 1 "$tm")
  FDS=$fds
  OUT_LINES=$(wc -l < "$out")
  printf '%-40s %8.1f MB %7.1f s %8s fds %7s lines  exit %s\n' "$name" \
    "$(echo "$RSS_KB / 1024" | bc -l)" "$SECONDS_TAKEN" "${first:-?}->$FDS" "$OUT_LINES" "$status"
  if [ -s "$err" ]; then head -n 3 "$err" | sed 's/^/    stderr: /'; fi
}

# fd_limited NAME ARGS... : the run under ulimit -n 16 must exit 0.
fd_limited () {
  local name=$1; shift
  if (ulimit -n 16 && "$ABRIDGE" "$@" > /dev/null 2> "$WORK/err-limited" < /dev/null); then
    printf '%-40s ok under ulimit -n 16\n' "$name"
  else
    printf '%-40s FAILED under ulimit -n 16: %s\n' "$name" "$(head -n 1 "$WORK/err-limited")"
    failed=1
  fi
}

ratio () { echo "scale=2; $1 / $2" | bc -l; }

# pair NAME FILE1X ARGS... : batch over 1x (FILE1X) and 10x (FILE1X ten times, one stream).
pair () {
  local name=$1 one=$2; shift 2
  local ten=$WORK/ten.jsonl
  for _ in 1 2 3 4 5 6 7 8 9 10; do cat "$one"; done > "$ten"
  measure "$name 1x ($(wc -l < "$one") records)" "$one" "$@"
  local rss1=$RSS_KB s1=$SECONDS_TAKEN
  measure "$name 10x ($(wc -l < "$ten") records)" "$ten" "$@"
  echo "  10x/1x: peak RSS $(ratio "$RSS_KB" "$rss1"), time $(ratio "$SECONDS_TAKEN" "$s1")"
  fd_limited "$name 1x" "$@" "$one"
  rm -f "$ten"
}

echo "abridge: $ABRIDGE, --threads $THREADS, $(nproc) cores"
echo
echo "== 10,000 small documents (corpus/generate.py --seed 42)"
"$PYTHON" corpus/generate.py --size 25M --seed 42 --format jsonl -o - 2>/dev/null \
  | head -n 10000 > "$WORK/small.jsonl"
pair "summarize --batch" "$WORK/small.jsonl" summarize --batch --threads "$THREADS"
pair "keywords --batch" "$WORK/small.jsonl" keywords --batch --threads "$THREADS"

echo
echo "== BBC News Summary articles"
if [ -d "$BBC" ]; then
  "$PYTHON" - "$BBC" > "$WORK/bbc.jsonl" <<'PY'
import json, os, sys
root = sys.argv[1]
for d, _, names in sorted(os.walk(root)):
    for n in sorted(names):
        p = os.path.join(d, n)
        text = open(p, 'rb').read().decode('utf-8', 'replace')
        print(json.dumps({"id": os.path.relpath(p, root), "text": text}, ensure_ascii=False))
PY
  pair "BBC summarize --batch" "$WORK/bbc.jsonl" summarize --batch --threads "$THREADS"
  # File mode: one file a document, the directory given once and ten times.
  measure "BBC files 1x (directory)" /dev/null --threads "$THREADS" "$BBC"
  rss1=$RSS_KB
  measure "BBC files 10x (directory x10)" /dev/null --threads "$THREADS" \
    "$BBC" "$BBC" "$BBC" "$BBC" "$BBC" "$BBC" "$BBC" "$BBC" "$BBC" "$BBC"
  echo "  10x/1x: peak RSS $(ratio "$RSS_KB" "$rss1")"
  fd_limited "BBC files 1x" --threads "$THREADS" "$BBC"
else
  echo "skipping: BBC News Summary data not found at $BBC"
fi

echo
echo "== one 100 MB line (generated prose, newlines turned into spaces)"
"$PYTHON" corpus/generate.py --size 100M --seed 42 --format txt -o - 2>/dev/null \
  | tr '\n\f' '  ' | head -c 104857600 > "$WORK/line.txt"
printf '\n' >> "$WORK/line.txt"
measure "100 MB, one line: summarize" "$WORK/line.txt" -
echo "  $(echo "scale=1; $RSS_KB * 1024 / 104857601" | bc -l) bytes of peak RSS per input byte"
rm -f "$WORK/line.txt"

echo
echo "== 1 GB"
# Sparse: no disk needed for a file that must be refused from its size.
truncate -s 1G "$WORK/1g.txt"
measure "1 GB file (default --max-bytes)" /dev/null "$WORK/1g.txt"
measure "1 GB on stdin (default --max-bytes)" "$WORK/1g.txt" -
# Through a pipe the size is not known beforehand: read up to the limit, then refused.
/usr/bin/time -f '%M %e' -o "$WORK/time" bash -c 'cat "$1" | "$0" - > /dev/null 2>&1' \
  "$ABRIDGE" "$WORK/1g.txt"
read -r RSS_KB SECONDS_TAKEN < <(tail -n 1 "$WORK/time")
printf '%-40s %8.1f MB %7.1f s  (cat and abridge: the larger peak)\n' \
  "1 GB through a pipe (default --max-bytes)" "$(echo "$RSS_KB / 1024" | bc -l)" "$SECONDS_TAKEN"
rm -f "$WORK/1g.txt"
if [ -n "${BIG:-}" ]; then
  "$PYTHON" corpus/generate.py --size 1G --seed 42 --format jsonl -o "$WORK/1g.jsonl" 2>/dev/null
  measure "1 GB JSON Lines, summarize --batch" "$WORK/1g.jsonl" summarize --batch \
    --threads "$THREADS"
  rm -f "$WORK/1g.jsonl"
else
  echo "(BIG=1: also 1 GB of JSON Lines through summarize --batch, streamed)"
fi
exit $failed
