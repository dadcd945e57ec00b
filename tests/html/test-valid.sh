#!/usr/bin/env bash
# test-valid.sh ABRIDGE CORPUS_DIR PYTHON — `abridge --format html` writes valid HTML5
# (check_html.py valid: strict nesting, everything escaped) for every document of the corpus,
# as a summary page and as a keyphrase page, and for inputs made to break it: markup characters,
# quotes, control characters and noncharacters in text, and in HTML whose entities decode to them.
set -euo pipefail
abridge=${1:?usage: test-valid.sh ABRIDGE CORPUS_DIR PYTHON}
corpus=${2:?}
python=${3:?}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Text with everything that must be escaped; the sentences repeat their words so that they
# are picked and marked.
{
  printf '%s\n' 'Escaping <b>tags</b> & "quotes" in the harbour text.' ''
  printf '%s\n' "The harbour <script>alert(\"x & y\")</script> text keeps 'single quotes' & ampersands."
  printf 'Control characters \001 and \033[31m escapes and \357\277\276 noncharacters stay in the harbour text.\n'
  printf 'A carriage return\r ends here, and </p></mark> closing tags are harbour text too.\n'
} > "$tmp/hostile.txt"
printf '%s\n' '<!DOCTYPE html><html><head><title>A &lt;title&gt; &amp; &quot;more&quot;</title></head>' \
  '<body><h1>Harbour &lt;news&gt;</h1><p>The harbour &lt;script&gt; text &amp; &quot;quotes&quot; '\
'and &#39;apostrophes&#39; are harbour text.</p><p>More harbour text &lt;/p&gt; ends &amp;amp; here.</p>' \
  '<p class="share">Share this article: Twitter Facebook Email</p></body></html>' > "$tmp/hostile.html"

pages=()
n=0
for input in "$corpus"/*.txt "$corpus"/*.md "$corpus"/*.html "$tmp/hostile.txt" "$tmp/hostile.html"; do
  [ -f "$input" ] || continue
  n=$((n + 1))
  "$abridge" --format html "$input" > "$tmp/summary-$n.html"
  "$abridge" keywords --format html "$input" > "$tmp/keywords-$n.html"
  "$abridge" --format html --highlight --explain -n 2 "$input" > "$tmp/explain-$n.html"
  pages+=("$tmp/summary-$n.html" "$tmp/keywords-$n.html" "$tmp/explain-$n.html")
done
[ "$n" -ge 5 ] || { echo "only $n inputs rendered"; exit 1; }
"$python" "$here/check_html.py" valid "${pages[@]}"

# The hostile text's markup is text: escaped, never elements (the page's own tags taken out,
# as keyphrase marks may split a word of it).
page="$tmp/summary-$((n - 1)).html"
sed -e 's/<[^>]*>//g' "$page" > "$tmp/text-only"
for needle in '&lt;script&gt;' '&amp;' '&quot;quotes&quot;' '&#39;single quotes&#39;' \
              '&lt;/p&gt;&lt;/mark&gt;'; do
  grep -qF -- "$needle" "$tmp/text-only" || { echo "$page: no $needle"; exit 1; }
done
if grep -q '<script\|<b>' "$page"; then
  echo "$page: markup of the input written as markup"; exit 1
fi
echo "${#pages[@]} pages of $n inputs are valid HTML"
