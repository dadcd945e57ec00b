#!/bin/sh
# parallel.sh — GNU parallel cutting a JSON Lines corpus into chunks of 20 records for
# 'abridge summarize --batch' (2 jobs at once, output kept in order with -k) gives the same
# output, byte for byte, as one abridge process over the whole corpus. Likewise keywords, and
# IDF shards built by the jobs ('idf build --jsonl -o -') and merged from stdin.
# Skipped (exit status 77) when GNU parallel is not installed.
#
# Usage: parallel.sh ABRIDGE TOJSONL CORPUS_DIR
set -eu

abridge=$1
tojsonl=$2
corpus=$3

if ! command -v parallel >/dev/null 2>&1; then
  echo "SKIP: GNU parallel is not installed (apt-get install parallel); nothing was tested"
  exit 77
fi
if ! parallel --version 2>/dev/null | grep -q 'GNU parallel'; then
  echo "SKIP: 'parallel' is not GNU parallel (moreutils has another); nothing was tested"
  exit 77
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/abridge-parallel.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

fail () {
  echo "FAIL: $*" >&2
  exit 1
}

# GNU parallel reads ~/.parallel: keep the user's configuration out of the test.
export HOME="$tmp"
# --will-cite: no citation notice; -q: the command's words are quoted (paths with spaces).
par () {
  parallel --will-cite -q "$@"
}

# The corpus: every document of corpus/ and every line of corpus/langid/ as a record.
"$tojsonl" --id-basename "$corpus"/*.txt > "$tmp/corpus.jsonl"
"$tojsonl" --id-basename --lines "$corpus"/langid/*.txt >> "$tmp/corpus.jsonl"
records=$(wc -l < "$tmp/corpus.jsonl")
[ "$records" -gt 300 ] || fail "expected more than 300 records, got $records"

"$abridge" summarize --batch < "$tmp/corpus.jsonl" > "$tmp/one.out"
[ "$(wc -l < "$tmp/one.out")" -eq "$records" ] || fail "one output line per record"
par --pipe -k -N 20 -j 2 "$abridge" summarize --batch < "$tmp/corpus.jsonl" > "$tmp/parallel.out"
cmp "$tmp/one.out" "$tmp/parallel.out" >/dev/null \
  || fail "parallel --pipe -k -N 20 -j 2 abridge summarize --batch differs from one process"
echo "ok: parallel --pipe -k -N 20 -j 2 abridge summarize --batch == abridge summarize --batch"

"$abridge" keywords --batch -k 5 --lang none < "$tmp/corpus.jsonl" > "$tmp/one-kw.out"
par --pipe -k -N 20 -j 2 "$abridge" keywords --batch -k 5 --lang none \
  < "$tmp/corpus.jsonl" > "$tmp/parallel-kw.out"
cmp "$tmp/one-kw.out" "$tmp/parallel-kw.out" >/dev/null \
  || fail "keywords through parallel differ from one process"
echo "ok: parallel ... abridge keywords --batch == one process"

# IDF: each job builds the model of its chunk on stdout; the models, concatenated, are merged.
"$abridge" idf build --jsonl "$tmp/corpus.jsonl" -o "$tmp/whole.idf"
par --pipe -N 50 -j 2 "$abridge" idf build --jsonl -o - < "$tmp/corpus.jsonl" \
  | "$abridge" idf merge - -o "$tmp/merged.idf"
cmp "$tmp/whole.idf" "$tmp/merged.idf" >/dev/null \
  || fail "IDF shards built by parallel jobs and merged differ from one build"
echo "ok: parallel ... abridge idf build --jsonl -o - | abridge idf merge - == one build"

echo "all parallel checks passed ($records records)"
