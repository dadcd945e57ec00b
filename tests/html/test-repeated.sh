#!/usr/bin/env bash
# test-repeated.sh ABRIDGE — page furniture that only repetition gives away: a paragraph that
# recurs in the HTML files of one run is learned in a first pass and never picked; the same
# pages one at a time, or with --keep-boilerplate, may pick it.
set -euo pipefail
abridge=${1:?usage: test-repeated.sh ABRIDGE}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

slogan='The Northgate Courier brings you the stories that matter to our town every single day of the year.'
topics=(
  'The tram line opens in May after three years of building work in the town centre. The tram line will run every six minutes at peak times.'
  'Water prices will rise by four percent from April. The water company says the rise pays for new pipes under the old town.'
  'The museum adds a wing for maritime history. The maritime wing shows two hundred objects from the old harbour.'
  'A new ferry links the islands twice a day in summer. The ferry carries bicycles free of charge this year.'
)
for i in 0 1 2 3; do
  printf '<html><head><title>Story %s</title></head><body><p>%s</p><p>%s</p></body></html>\n' \
    "$i" "$slogan" "${topics[$i]}" > "$tmp/page$i.html"
done

fail=0
# One sentence of each page with the whole run: never the slogan.
out=$("$abridge" -v -n 1 "$tmp"/page*.html 2>"$tmp/err")
if grep -q 'Northgate Courier brings you' <<<"$out"; then
  echo "FAIL: the repeated slogan was picked:"; echo "$out"; fail=1
fi
grep -q '1 paragraphs repeated across 4 HTML/Markdown inputs' "$tmp/err" \
  || { echo "FAIL: --verbose did not report the learned paragraph:"; cat "$tmp/err"; fail=1; }
# Every sentence (-r 100) of each page: all topic sentences, no slogan.
count=$("$abridge" -r 100 "$tmp"/page*.html | grep -c '[.]$' || true)
[ "$count" = 8 ] || { echo "FAIL: expected the 8 topic sentences, got $count"; fail=1; }
# Kept: the slogan is a candidate again (each page has 3 sentences then).
count=$("$abridge" -r 100 --keep-boilerplate "$tmp"/page*.html | grep -c 'Northgate Courier brings you' || true)
[ "$count" = 4 ] || { echo "FAIL: --keep-boilerplate: expected the slogan 4 times, got $count"; fail=1; }
# Alone, a page cannot know the slogan is furniture.
"$abridge" -r 100 "$tmp/page0.html" | grep -q 'Northgate Courier brings you' \
  || { echo "FAIL: a single page dropped its slogan"; fail=1; }
[ $fail = 0 ] && echo "ok: repeated furniture learned across the run"
exit $fail
