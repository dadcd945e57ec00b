#!/usr/bin/env bash
# Seed corpora for the fuzz targets, in OUTDIR (default: a new temporary directory, printed):
#   OUTDIR/text   corpus/*.txt, corpus/langid/*, tests/inputs/*        (fuzz-segment, fuzz-pipeline)
#   OUTDIR/jsonl  each text seed as a {"id": ..., "text": ...} line, plus odd hand-written lines
#   OUTDIR/idf    IDF models: hand-made ones (header edge cases, correct checksums) and, when the
#                 path of a built abridge binary is given, models built from corpus/
# Usage: tests/fuzz/make-seed-corpus.sh [OUTDIR] [ABRIDGE_BINARY]
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
out="${1:-}"
abridge="${2:-}"
if [ -z "$out" ]; then
  out="$(mktemp -d "${TMPDIR:-/tmp}/abridge-seeds.XXXXXX")"
fi
mkdir -p "$out/text" "$out/jsonl" "$out/idf"

# ---- text
for f in "$root"/corpus/*.txt "$root"/corpus/langid/* "$root"/tests/inputs/*; do
  [ -f "$f" ] || continue
  base="$(basename "$f")"
  case "$f" in */langid/*) base="langid-$base" ;; esac
  cp "$f" "$out/text/$base"
done

# ---- jsonl: one JSON line per text seed (up to 64 KiB of it: the fuzzers' -max_len)
json_line () { # $1 id, $2 file
  if command -v python3 >/dev/null 2>&1; then
    python3 - "$1" "$2" <<'PY'
import json, sys
data = open(sys.argv[2], 'rb').read()[:60000]
print(json.dumps({"id": sys.argv[1], "text": data.decode('utf-8', 'replace')}, ensure_ascii=False))
PY
  elif command -v jq >/dev/null 2>&1; then
    head -c 60000 "$2" | jq -cRs --arg id "$1" '{id: $id, text: .}'
  else
    return 1
  fi
}
n=0
for f in "$out"/text/*; do
  name="$(basename "$f")"
  if json_line "$name" "$f" > "$out/jsonl/$name.jsonl" 2>/dev/null; then
    n=$((n + 1))
  else
    rm -f "$out/jsonl/$name.jsonl"
  fi
done
[ "$n" -gt 0 ] || echo "make-seed-corpus: neither python3 nor jq: JSON seeds are the hand-written ones only" >&2
w () { printf '%s\n' "$2" > "$out/jsonl/hand-$1.jsonl"; }
w int-id '{"id": 42, "text": "The talks ended. Both sides agreed to meet again."}'
w no-id '{"text": "Mr. Smith went to Washington. He arrived on Tuesday."}'
w null-id '{"id": null, "text": "One sentence."}'
w float-id '{"id": 1.5e300, "text": "A float id. Another sentence here."}'
w text-number '{"id": "x", "text": 12}'
w text-array '{"id": "x", "text": ["a", "b"]}'
w nested '{"id": {"a": [1, 2, {"b": null}]}, "text": "Nested id. Fine."}'
w escapes '{"id": "e", "text": "Tab\there.\nNew line. \"Quoted.\" Back\\\\slash. \u2026 Ellipsis\u3002 CJK\uff01"}'
w surrogates '{"id": "s", "text": "Emoji \ud83d\ude00 here. Lone \ud800 surrogate. Low \udc00 alone."}'
w nul-escape '{"id": "n", "text": "Before\u0000after. Second sentence."}'
w bom-escape '{"id": "b", "text": "\ufeffBOM inside the string. Second."}'
w duplicate '{"id": "a", "id": "b", "text": "first", "text": "Second wins? Maybe."}'
w empty-text '{"id": "e", "text": ""}'
w spaces-text '{"id": "e", "text": "   \n\r\n\t  "}'
w array-root '[{"id": "x", "text": "inside an array"}]'
w string-root '"just a string."'
w trailing '{"id": "t", "text": "Trailing garbage."} {"id": "u"}'
w deep '[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[['
printf '{"id": "latin1", "text": "Price \xa3 5. Overlong \xc0\xaf here."}\n' > "$out/jsonl/hand-invalid-utf8.jsonl"
printf '{"id": "crlf", "text": "Line one.\\r\\nLine two."}\r\n' > "$out/jsonl/hand-crlf.jsonl"

# ---- idf: hand-made models with correct checksums
model () { # $1 name, $2 printf format of the body (without the checksum line), $3...: arguments
  local name=$1 format=$2
  shift 2
  local body sum
  body="$(printf "$format" "$@"; printf x)"
  body="${body%x}"
  sum="$(printf '%s' "$body" | sha256sum | cut -d' ' -f1)"
  printf '%schecksum sha256 %s\n' "$body" "$sum" > "$out/idf/hand-$name.model"
}
hdr='abridge-idf 1\nlanguage %s\nnormalization nfkc-casefold+snowball\ndocuments %s\nterms %s\n'
model empty "$hdr" english 0 0
model small "$hdr"'bridg\t3\ncouncil\t2\nrepair\t1\nvote\t1\n' english 3 4
model none "$hdr"'alpha\t1\nbeta\t2\n' none 2 2
model french "$hdr"'pont\t2\nvill\t1\n' french 2 2
model df-above-n "$hdr"'bridg\t1000000\ncouncil\t18446744073709551615\n' english 1 2
model df-overflow "$hdr"'bridg\t99999999999999999999999\n' english 18446744073709551615 1
model zero-docs "$hdr"'bridg\t5\ncouncil\t0\n' english 0 2
model utf8-terms "$hdr"'caf\303\251\t1\n\346\251\213\t2\n\360\237\230\200\t1\n' english 2 3
model invalid-utf8-terms "$hdr"'\243\t1\n\300\257\t2\n' english 2 2
model unsorted "$hdr"'zeta\t1\nalpha\t1\n' english 2 2
model duplicate "$hdr"'alpha\t1\nalpha\t1\n' english 2 2
model count-mismatch "$hdr"'alpha\t1\nbeta\t1\n' english 2 5
model bad-normalization 'abridge-idf 1\nlanguage english\nnormalization nfc\ndocuments 1\nterms 0\n'
model unknown-language "$hdr" klingon 1 0
model crlf 'abridge-idf 1\r\nlanguage english\r\nnormalization nfkc-casefold+snowball\r\ndocuments 1\r\nterms 1\r\nbridg\t1\r\n'
# A model whose checksum is wrong, and one cut short.
printf "$hdr" english 1 1 > "$out/idf/hand-no-checksum.model"
{ printf "$hdr" english 1 1; printf 'bridg\t1\nchecksum sha256 %064d\n' 0; } > "$out/idf/hand-bad-checksum.model"
head -c 100 "$out/idf/hand-small.model" > "$out/idf/hand-truncated.model"

# ---- idf: built by abridge from the corpus
if [ -n "$abridge" ] && [ -x "$abridge" ]; then
  "$abridge" idf build "$root/corpus" --include '*.txt' -o "$out/idf/corpus-en.model"
  "$abridge" idf build "$root/corpus/news-harbour-bridge.txt" -o "$out/idf/one-en.model"
  "$abridge" idf build --lang fr "$root/corpus/fr-marche-local.txt" -o "$out/idf/one-fr.model"
  "$abridge" idf build --lang none "$root/corpus/langid" -o "$out/idf/langid-none.model"
  "$abridge" idf build "$root/corpus" --include '*.txt' --max-terms 50 -o "$out/idf/top50-en.model"
fi
echo "$out"
