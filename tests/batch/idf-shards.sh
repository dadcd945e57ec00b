#!/bin/sh
# idf-shards.sh — a corpus cut into 4 shards, each built with 'abridge idf build', then merged
# with 'abridge idf merge', gives the same model byte for byte (cmp) as one build over all of it;
# also with --min-df/--max-terms applied at the merge, from JSON Lines shards (--jsonl), and
# through stdin/stdout ('-o -', 'idf merge -'). Documents: corpus/*.txt and every line of
# corpus/langid/*.txt as a document of its own.
#
# Usage: idf-shards.sh ABRIDGE TOJSONL CORPUS_DIR
set -eu

abridge=$1
tojsonl=$2
corpus=$3

tmp=$(mktemp -d "${TMPDIR:-/tmp}/abridge-shards.XXXXXX")
trap 'rm -rf "$tmp"' EXIT INT TERM

fail () {
  echo "FAIL: $*" >&2
  exit 1
}

same () { # same FILE1 FILE2 WHAT
  cmp "$1" "$2" >/dev/null || fail "$3: $1 and $2 differ"
  echo "ok: $3"
}

field () { # field MODEL NAME: a header field as 'idf show' prints it
  "$abridge" idf show -k 0 "$1" | awk -F '\t' -v name="$2" '$1 == name { print $2 }'
}

# The documents: one file each.
mkdir "$tmp/docs"
cp "$corpus"/*.txt "$tmp/docs/"
for f in "$corpus"/langid/*.txt; do
  lang=$(basename "$f" .txt)
  awk -v dir="$tmp/docs" -v lang="$lang" \
    'NF { name = sprintf("%s/langid-%s-%03d.txt", dir, lang, NR); print > name; close(name) }' "$f"
done
count=$(ls "$tmp/docs" | wc -l)
[ "$count" -gt 300 ] || fail "expected more than 300 documents, got $count"

# 4 shards, round robin over the sorted names.
for k in 0 1 2 3; do mkdir "$tmp/shard$k"; done
i=0
for f in "$tmp"/docs/*; do
  cp "$f" "$tmp/shard$((i % 4))/"
  i=$((i + 1))
done

"$abridge" idf build "$tmp/docs" -o "$tmp/whole.idf"
[ "$(field "$tmp/whole.idf" documents)" -eq "$count" ] || fail "whole model: document count"
for k in 0 1 2 3; do
  "$abridge" idf build "$tmp/shard$k" -o "$tmp/shard$k.idf"
done
"$abridge" idf merge "$tmp"/shard0.idf "$tmp"/shard1.idf "$tmp"/shard2.idf "$tmp"/shard3.idf \
  -o "$tmp/merged.idf"
same "$tmp/whole.idf" "$tmp/merged.idf" "4 shards merged == one build"

# The merge is order-free.
"$abridge" idf merge "$tmp"/shard3.idf "$tmp"/shard1.idf "$tmp"/shard0.idf "$tmp"/shard2.idf \
  -o "$tmp/merged-reordered.idf"
same "$tmp/whole.idf" "$tmp/merged-reordered.idf" "shards merged in another order"

# Threads do not change the model.
"$abridge" idf build -j 1 "$tmp/docs" -o "$tmp/whole-j1.idf"
"$abridge" idf build -j 4 "$tmp/docs" -o "$tmp/whole-j4.idf"
same "$tmp/whole.idf" "$tmp/whole-j1.idf" "idf build -j 1"
same "$tmp/whole.idf" "$tmp/whole-j4.idf" "idf build -j 4"

# Pruning at the merge == pruning the whole build.
"$abridge" idf build --min-df 2 "$tmp/docs" -o "$tmp/whole-min2.idf"
"$abridge" idf merge --min-df 2 "$tmp"/shard?.idf -o "$tmp/merged-min2.idf"
same "$tmp/whole-min2.idf" "$tmp/merged-min2.idf" "--min-df 2 at the merge == --min-df 2 on the whole"
! cmp -s "$tmp/whole.idf" "$tmp/whole-min2.idf" || fail "--min-df 2 dropped nothing"
# ... but not pruning each shard (terms in 1 document of each of 2 shards are lost).
for k in 0 1 2 3; do
  "$abridge" idf build --min-df 2 "$tmp/shard$k" -o "$tmp/shard$k-min2.idf"
done
"$abridge" idf merge "$tmp"/shard?-min2.idf -o "$tmp/merged-pruned-shards.idf"
! cmp -s "$tmp/whole-min2.idf" "$tmp/merged-pruned-shards.idf" \
  || fail "pruned shards were expected to differ (the test corpus is too small to show it)"
echo "ok: shards pruned before merging differ, as documented"

"$abridge" idf build --min-df 2 --max-terms 300 "$tmp/docs" -o "$tmp/whole-top.idf"
"$abridge" idf merge --min-df 2 --max-terms 300 "$tmp"/shard?.idf -o "$tmp/merged-top.idf"
same "$tmp/whole-top.idf" "$tmp/merged-top.idf" "--min-df 2 --max-terms 300 at the merge"
[ "$(field "$tmp/whole-top.idf" terms)" -eq 300 ] || fail "--max-terms 300 kept another number"

# --include: only the matching files of a directory.
"$abridge" idf build --include 'news-*.txt' "$corpus" -o "$tmp/news.idf"
[ "$(field "$tmp/news.idf" documents)" -eq 2 ] || fail "--include 'news-*.txt' should count 2 documents"
echo "ok: --include"

# JSON Lines: the same documents as records give the same model.
"$tojsonl" "$tmp"/docs/* > "$tmp/all.jsonl"
[ "$(wc -l < "$tmp/all.jsonl")" -eq "$count" ] || fail "tojsonl: one line per document"
"$abridge" idf build --jsonl "$tmp/all.jsonl" -o "$tmp/jsonl-whole.idf"
same "$tmp/whole.idf" "$tmp/jsonl-whole.idf" "idf build --jsonl == idf build of the files"
"$abridge" idf build --jsonl -o - < "$tmp/all.jsonl" > "$tmp/jsonl-stdout.idf"
same "$tmp/whole.idf" "$tmp/jsonl-stdout.idf" "idf build --jsonl (stdin) -o - (stdout)"
for k in 0 1 2 3; do
  awk -v k="$k" 'NR % 4 == k' "$tmp/all.jsonl" > "$tmp/part$k.jsonl"
  "$abridge" idf build --jsonl "$tmp/part$k.jsonl" -o "$tmp/part$k.idf"
done
"$abridge" idf merge "$tmp"/part?.idf -o "$tmp/jsonl-merged.idf"
same "$tmp/whole.idf" "$tmp/jsonl-merged.idf" "4 JSON Lines shards merged == one build"
cat "$tmp"/part?.idf | "$abridge" idf merge --min-df 2 - -o - > "$tmp/jsonl-merged-stdin.idf"
same "$tmp/whole-min2.idf" "$tmp/jsonl-merged-stdin.idf" \
  "JSON Lines shards concatenated on stdin, merged with --min-df 2"

echo "all idf shard checks passed ($count documents)"
