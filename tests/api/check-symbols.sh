#!/usr/bin/env bash
# check-symbols.sh LIBRARY HEADER — the shared library exports exactly the public API.
#
# Lists the functions that LIBRARY (libabridge.so) exports (`nm -D --defined-only`) and the
# functions that HEADER (include/abridge.h) declares with ABRIDGE_API, and fails when
#   - an exported function does not start with abridge_,
#   - a function is exported but not declared ABRIDGE_API (a leaked internal symbol), or
#   - a function is declared ABRIDGE_API but not exported (missing, or hidden by mistake).
# Both differences are printed. Exported data objects other than the linker's own
# (_edata, _end, __bss_start) fail too. Exit 77 (skipped) without nm.
set -euo pipefail

lib=${1:?usage: check-symbols.sh LIBRARY HEADER}
header=${2:?usage: check-symbols.sh LIBRARY HEADER}
NM=${NM:-nm}
command -v "$NM" >/dev/null 2>&1 || { echo "SKIP: $NM not found"; exit 77; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Exported symbols: "ADDRESS TYPE NAME[@VERSION]". T/W/i: functions; the rest: data.
"$NM" -D --defined-only "$lib" > "$tmp/nm"
awk 'NF >= 3 && ($2 == "T" || $2 == "W" || $2 == "i") { sub(/@.*/, "", $3); print $3 }' \
  "$tmp/nm" | LC_ALL=C sort -u > "$tmp/exported"
awk 'NF >= 3 && !($2 == "T" || $2 == "W" || $2 == "i") { sub(/@.*/, "", $3); print $3 }' \
  "$tmp/nm" | grep -Ev '^(_edata|_end|__bss_start|_init|_fini)$' | LC_ALL=C sort -u \
  > "$tmp/exported-data" || true

# Declared functions: the identifier before the first "(" of each ABRIDGE_API declaration,
# with comments and preprocessor lines removed and the header joined into one line.
grep -v '^[[:space:]]*#' "$header" | sed -e 's://.*$::' | tr '\n' ' ' \
  | sed -E 's:/\*([^*]|\*+[^*/])*\*+/: :g' \
  | grep -oE 'ABRIDGE_API[^;(]*\(' \
  | sed -E 's/[[:space:]]*\($//; s/.*[^A-Za-z0-9_]//' \
  | LC_ALL=C sort -u > "$tmp/declared"

status=0
n_exported=$(wc -l < "$tmp/exported")
n_declared=$(wc -l < "$tmp/declared")
echo "exported functions: $n_exported ($lib)"
echo "ABRIDGE_API functions: $n_declared ($header)"

if [ "$n_declared" -eq 0 ]; then
  echo "FAIL: no ABRIDGE_API declaration found in $header"
  status=1
fi

bad_prefix=$(grep -v '^abridge_' "$tmp/exported" || true)
if [ -n "$bad_prefix" ]; then
  echo "FAIL: exported functions without the abridge_ prefix:"
  echo "$bad_prefix" | sed 's/^/  /'
  status=1
fi

only_exported=$(LC_ALL=C comm -23 "$tmp/exported" "$tmp/declared")
if [ -n "$only_exported" ]; then
  echo "FAIL: exported but not declared ABRIDGE_API in $(basename "$header"):"
  echo "$only_exported" | sed 's/^/  /'
  status=1
fi

only_declared=$(LC_ALL=C comm -13 "$tmp/exported" "$tmp/declared")
if [ -n "$only_declared" ]; then
  echo "FAIL: declared ABRIDGE_API but not exported by $(basename "$lib"):"
  echo "$only_declared" | sed 's/^/  /'
  status=1
fi

if [ -s "$tmp/exported-data" ]; then
  echo "FAIL: exported data symbols:"
  sed 's/^/  /' "$tmp/exported-data"
  status=1
fi

[ "$status" -eq 0 ] && echo "OK: the exported functions are exactly the ABRIDGE_API declarations"
exit "$status"
