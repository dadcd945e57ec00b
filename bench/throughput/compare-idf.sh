#!/usr/bin/env bash
# compare-idf.sh — `abridge idf build` against scikit-learn's TfidfVectorizer fit on the same
# corpus: the articles of DIR, each one document, repeated COPIES times, as one JSON Lines file.
#
#   bash bench/throughput/compare-idf.sh [DIR]      (from the repository root)
#
# DIR: default ../shared/data/bbc-news-summary/News Articles (1,407 articles, 2.7 MB; 32 copies
# make 87 MB). Environment:
#   BUILD=build      build directory holding engine/abridge
#   COPIES=32        how many times the articles are repeated
#   ROUNDS=3         rounds; each round runs every command once, in turn
#   PYTHON=...       a Python with scikit-learn (default: the first of python3, /usr/bin/python3
#                    that imports sklearn)
#   STRICT=1         exit 1 when a target is missed
#   KEEP=1           keep the scratch directory (corpus, models)
# Targets (issue 6): abridge (default threads) at least 10x faster than the fit, with at most 1/5
# of its peak memory. Each command's wall time and peak RSS come from GNU time (%e, %M); the
# fit's own figure (sklearn-idf.py: reading + fit, without the Python start-up) is shown too.
# The ratios use the medians over the rounds.
set -uo pipefail

ARTICLES=''
if [ $# -ge 1 ]; then
  ARTICLES=$(cd "$1" 2>/dev/null && pwd) || ARTICLES=$1
fi
cd "$(dirname "$0")/../.." || exit 2
ROOT=$PWD
BUILD=${BUILD:-build}
case $BUILD in /*) ;; *) BUILD=$ROOT/$BUILD ;; esac
ABRIDGE=$BUILD/engine/abridge
BENCH=$BUILD/bench/throughput/abridge-bench
DIR=${ARTICLES:-../shared/data/bbc-news-summary/News Articles}
COPIES=${COPIES:-32}
ROUNDS=${ROUNDS:-3}
SPEED_TARGET=10
MEMORY_TARGET=5

if [ ! -x "$ABRIDGE" ]; then
  echo "compare-idf.sh: $ABRIDGE not found; build first (or set BUILD)" >&2
  exit 2
fi
if [ ! -d "$DIR" ]; then
  echo "compare-idf.sh: $DIR not found; skipping"
  exit 0
fi
TIME=$(command -v /usr/bin/time || true)
if [ -z "$TIME" ] || ! "$TIME" -f '%e %M' true >/dev/null 2>&1; then
  echo "compare-idf.sh: GNU time (/usr/bin/time) is needed for peak memory (apt-get install time)" >&2
  exit 2
fi
if [ -z "${PYTHON:-}" ]; then
  for p in python3 /usr/bin/python3; do
    if "$p" -c 'import sklearn' 2>/dev/null; then PYTHON=$p; break; fi
  done
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/abridge-idf.XXXXXX") || exit 2
if [ "${KEEP:-0}" = 1 ]; then
  echo "scratch directory (kept): $WORK"
else
  trap 'rm -rf "$WORK"' EXIT
fi
loadavg () { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown; }
# One CPU of a VM can run far slower than the others for minutes (see README.md here).
cpu_check () { if [ -x "$BENCH" ]; then "$BENCH" --cpu-check 2>&1 | sed 's/^/   /'; fi; }
calc () { awk "BEGIN { printf \"$1\", $2 }"; }
median () { sort -g | awk '{v[NR] = $1} END {print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2}'; }

CORPUS=$WORK/corpus.jsonl
python3 - "$DIR" "$COPIES" "$CORPUS" <<'EOF' || exit 2
import json, os, sys
root, copies, out = sys.argv[1], int(sys.argv[2]), sys.argv[3]
files = []
for d, dirs, names in os.walk(root):
    dirs[:] = sorted(x for x in dirs if not x.startswith('.'))
    files += [os.path.join(d, n) for n in sorted(names) if not n.startswith('.')]
files.sort()
texts = []
for f in files:
    with open(f, 'rb') as h:
        texts.append((os.path.relpath(f, root), h.read().decode('utf-8', 'replace')))
with open(out, 'w', encoding='utf-8') as o:
    for c in range(copies):
        for name, text in texts:
            o.write(json.dumps({"id": f"{c}/{name}", "text": text}, ensure_ascii=False) + "\n")
EOF
DOCS=$(wc -l < "$CORPUS")
TEXT_MB=$(python3 -c 'import json,sys; print(round(sum(len(json.loads(l)["text"].encode()) for l in open(sys.argv[1], encoding="utf-8")) / 1e6, 2))' "$CORPUS")
echo "== idf build vs scikit-learn on $(hostname 2>/dev/null || echo this machine): $(nproc) CPUs, load average $(loadavg)"
cpu_check
echo "   corpus: $DOCS documents ($COPIES x the articles of $DIR), $TEXT_MB MB of text, $(calc '%.2f' "$(wc -c < "$CORPUS") / 1e6") MB as JSON Lines"
if [ -z "${PYTHON:-}" ]; then
  echo "   scikit-learn: not found (apt-get install python3-sklearn); only abridge is timed"
else
  echo "   scikit-learn $("$PYTHON" -c 'import sklearn; print(sklearn.__version__)') ($PYTHON)"
fi

# run NAME CMD...: one timed run; appends "wall peak_mb" to $WORK/NAME.
run () {
  local name=$1; shift
  if ! "$TIME" -f '%e %M' -o "$WORK/time.txt" "$@" >"$WORK/out-$name.txt" 2>"$WORK/err-$name.txt"; then
    echo "  $name failed: $(tail -3 "$WORK/err-$name.txt")"
    return 1
  fi
  read -r wall kb < <(tail -1 "$WORK/time.txt")
  echo "$wall $(calc '%.1f' "$kb * 1024 / 1e6")" >> "$WORK/$name"
  printf '  %-26s %8.2f s  peak RSS %7.1f MB\n' "$name" "$wall" "$(calc '%.1f' "$kb * 1024 / 1e6")"
}

for ((r = 1; r <= ROUNDS; r++)); do
  echo "round $r (load average $(loadavg))"
  run "abridge idf build" "$ABRIDGE" idf build --jsonl "$CORPUS" -o "$WORK/model.idf"
  run "abridge idf build -j 1" "$ABRIDGE" idf build -j 1 --jsonl "$CORPUS" -o "$WORK/model1.idf"
  if [ -n "${PYTHON:-}" ]; then
    if run "sklearn TfidfVectorizer" "$PYTHON" bench/throughput/sklearn-idf.py "$CORPUS"; then
      cat "$WORK/out-sklearn TfidfVectorizer.txt" | sed 's/^/    fit alone: /'
      "$PYTHON" -c 'import json,sys; print(json.load(open(sys.argv[1]))["seconds"])' \
        "$WORK/out-sklearn TfidfVectorizer.txt" >> "$WORK/fit"
    fi
  fi
done

missed=0
echo
A_T=$(cut -d' ' -f1 "$WORK/abridge idf build" | median)
A_M=$(cut -d' ' -f2 "$WORK/abridge idf build" | median)
A1_T=$(cut -d' ' -f1 "$WORK/abridge idf build -j 1" | median)
echo "  medians: abridge idf build $A_T s ($A_M MB), with -j 1 $A1_T s"
echo "  model: $(sed -n 's/^terms //p' "$WORK/model.idf") terms; the -j 1 model is $(cmp -s "$WORK/model.idf" "$WORK/model1.idf" && echo identical || echo DIFFERENT)"
if [ -n "${PYTHON:-}" ] && [ -s "$WORK/sklearn TfidfVectorizer" ]; then
  S_T=$(cut -d' ' -f1 "$WORK/sklearn TfidfVectorizer" | median)
  S_M=$(cut -d' ' -f2 "$WORK/sklearn TfidfVectorizer" | median)
  S_F=$(median < "$WORK/fit")
  echo "  medians: sklearn process $S_T s ($S_M MB), fit alone $S_F s"
  speed=$(calc '%.2f' "$S_T / $A_T")
  speed1=$(calc '%.2f' "$S_T / $A1_T")
  memory=$(calc '%.2f' "$S_M / $A_M")
  echo "  sklearn / abridge time: ${speed}x (abridge -j 1: ${speed1}x; against the fit alone: $(calc '%.2f' "$S_F / $A_T")x)"
  echo "  sklearn / abridge peak memory: ${memory}x"
  if awk "BEGIN{exit !($speed >= $SPEED_TARGET)}"; then
    echo "  -> target >= ${SPEED_TARGET}x faster: met"
  else
    echo "  -> MISSED: ${speed}x faster (target >= ${SPEED_TARGET}x)"; missed=$((missed + 1))
  fi
  if awk "BEGIN{exit !($memory >= $MEMORY_TARGET)}"; then
    echo "  -> target <= 1/${MEMORY_TARGET} of the peak memory: met"
  else
    echo "  -> MISSED: 1/${memory} of the peak memory (target <= 1/${MEMORY_TARGET})"; missed=$((missed + 1))
  fi
fi
cpu_check
echo "== done; load average now $(loadavg); targets missed: $missed"
if [ "${STRICT:-0}" = 1 ] && [ $missed -gt 0 ]; then
  exit 1
fi
exit 0
