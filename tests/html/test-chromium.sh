#!/usr/bin/env bash
# test-chromium.sh ABRIDGE CORPUS_DIR PYTHON — a page of `abridge --format html`, loaded in
# headless Chromium: it loads without console errors, and in the DOM Chromium builds, the
# sentences marked as summary are exactly those that --format json selects, and keyphrases are
# marked. Skipped (exit 77) when no Chromium is installed (Debian: apt-get install chromium).
set -euo pipefail
abridge=${1:?usage: test-chromium.sh ABRIDGE CORPUS_DIR PYTHON}
corpus=${2:?}
python=${3:?}
here=$(cd "$(dirname "$0")" && pwd)

browser=""
for name in chromium chromium-browser google-chrome; do
  if command -v "$name" >/dev/null 2>&1; then browser=$(command -v "$name"); break; fi
done
if [ -z "$browser" ]; then
  echo "SKIP: no chromium on PATH (Debian package: chromium)"
  exit 77
fi

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Chromium is slow to start on a loaded machine: a generous bound, never a measure.
load () { # load PAGE DOM
  timeout 300 "$browser" --headless --no-sandbox --disable-gpu --no-first-run \
    --user-data-dir="$tmp/profile" --enable-logging=stderr --v=0 \
    --dump-dom "file://$1" > "$2" 2> "$2.log"
  if grep -q 'CONSOLE' "$2.log"; then
    echo "$1: console messages:"; grep 'CONSOLE' "$2.log"; return 1
  fi
  [ -s "$2" ] || { echo "$1: Chromium dumped no DOM"; cat "$2.log"; return 1; }
}

status=0
for document in news-harbour-bridge.txt web-library-reopens.html notes-backup-runbook.md; do
  input="$corpus/$document"
  [ -f "$input" ] || continue
  name=${document%.*}
  "$abridge" --format html "$input" > "$tmp/$name.html"
  "$abridge" --format json "$input" > "$tmp/$name.json"
  load "$tmp/$name.html" "$tmp/$name.dom" || { status=1; continue; }
  "$python" "$here/check_html.py" marks "$tmp/$name.dom" "$tmp/$name.json" || status=1
done
exit $status
