#!/usr/bin/env bash
# check-installed.sh [SOURCE_ROOT] — the installed library works for a program outside the tree.
#
# Configures a fresh build of SOURCE_ROOT (default: this script's ../..) with
# --prefix=$TMP/prefix, installs it there, and then, as a user of the installed library would:
#   - checks that the header, the pkg-config file, the shared library, the abridge command and
#     the man page were installed;
#   - compiles each examples/*.c with `cc $(pkg-config --cflags --libs abridge)` against the
#     installed copy only (PKG_CONFIG_PATH = the installed .pc directory);
#   - runs each with LD_LIBRARY_PATH = the installed lib directory, and checks exit status 0,
#     non-empty output, and that the installed libabridge.so.0 is the one loaded.
#
# Environment: MESON (default: meson), CC (default: cc), PKG_CONFIG (default: pkg-config),
# KEEP=1 keeps the temporary directory. Needs only the Debian build dependencies of .ci/run.
set -euo pipefail

src=$(cd "${1:-$(dirname "$0")/../..}" && pwd)
MESON=${MESON:-meson}
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/abridge-installed-XXXXXX")
if [ "${KEEP:-0}" = 1 ]; then
  echo "keeping $tmp"
else
  trap 'rm -rf "$tmp"' EXIT
fi

step () { echo "== $*"; }
fail () { echo "FAIL: $*" >&2; exit 1; }

# The build under test may run with sanitizer settings; the fresh build is a plain one.
unset ASAN_OPTIONS UBSAN_OPTIONS TSAN_OPTIONS LSAN_OPTIONS LD_PRELOAD MESON_TESTTHREADS || true

step "configure $src (prefix $tmp/prefix)"
"$MESON" setup "$tmp/build" "$src" --prefix="$tmp/prefix" --buildtype=debugoptimized \
  -Dwerror=false > "$tmp/setup.log" 2>&1 || { cat "$tmp/setup.log"; fail "meson setup"; }

step "build and install"
"$MESON" install -C "$tmp/build" > "$tmp/install.log" 2>&1 \
  || { tail -n 50 "$tmp/install.log"; fail "meson install"; }

prefix=$tmp/prefix
pc=$(find "$prefix" -name abridge.pc -path '*/pkgconfig/*' | head -n 1)
[ -n "$pc" ] || fail "abridge.pc not installed under $prefix"
pcdir=$(dirname "$pc")
libdir=$(dirname "$pcdir")
echo "pkg-config file: $pc"

[ -f "$prefix/include/abridge.h" ] || fail "include/abridge.h not installed"
[ -e "$libdir/libabridge.so" ] || fail "libabridge.so not installed in $libdir"
[ -e "$libdir/libabridge.so.0" ] || fail "libabridge.so.0 not installed in $libdir"
[ -x "$prefix/bin/abridge" ] || fail "bin/abridge not installed"
man=$(find "$prefix" -path '*/man1/abridge.1*' | head -n 1)
[ -n "$man" ] || fail "man page abridge.1 not installed"
echo "man page: $man"

export PKG_CONFIG_PATH=$pcdir
flags=$("$PKG_CONFIG" --cflags --libs abridge) || fail "pkg-config --cflags --libs abridge"
echo "pkg-config --cflags --libs abridge: $flags"
case " $flags " in
  *" -I$prefix/include"*) ;;
  *) fail "pkg-config cflags do not point into $prefix/include" ;;
esac

# The installed lib directory comes first wherever a program runs.
run_path=$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}

version=$(LD_LIBRARY_PATH=$run_path "$prefix/bin/abridge" --version 2>&1) \
  || fail "installed abridge --version"
echo "abridge --version: $version"

n=0
for example in "$src"/examples/*.c; do
  name=$(basename "$example" .c)
  step "example $name"
  # shellcheck disable=SC2086 # $flags is a list of words
  "$CC" -std=c11 -Wall -Wextra -Werror -o "$tmp/$name" "$example" $flags \
    || fail "$name does not compile against the installed library"
  rc=0
  LD_LIBRARY_PATH=$run_path "$tmp/$name" > "$tmp/$name.out" 2> "$tmp/$name.err" || rc=$?
  [ "$rc" -eq 0 ] || { cat "$tmp/$name.err"; fail "$name exited with status $rc"; }
  [ -s "$tmp/$name.out" ] || fail "$name printed nothing"
  sed 's/^/  /' "$tmp/$name.out"
  # The library actually loaded is the installed one, not a system or build-tree copy.
  if command -v ldd >/dev/null 2>&1; then
    loaded=$(LD_LIBRARY_PATH=$run_path ldd "$tmp/$name" | awk '$1 ~ /^libabridge\.so/ { print $3 }')
    case "$loaded" in
      "$libdir"/*) ;;
      *) fail "$name loads libabridge from '$loaded', not from $libdir" ;;
    esac
  fi
  n=$((n + 1))
done
[ "$n" -gt 0 ] || fail "no examples in $src/examples"

# A plain static link (no --whole-archive) keeps the language data: the same output as with
# the shared library (without stop words, "the" would be a keyphrase).
step "example rank-keywords, linked with libabridge.a"
[ -e "$libdir/libabridge.a" ] || fail "libabridge.a not installed in $libdir"
static_flags=$("$PKG_CONFIG" --cflags --libs --static abridge) || fail "pkg-config --static"
static_flags=${static_flags/-labridge/$libdir/libabridge.a}
# shellcheck disable=SC2086 # a list of words
"$CC" -std=c11 -Wall -Wextra -Werror -o "$tmp/rank-keywords-static" "$src/examples/rank-keywords.c" \
  $static_flags || fail "rank-keywords does not link against libabridge.a"
if command -v ldd >/dev/null 2>&1 && ldd "$tmp/rank-keywords-static" | grep -q libabridge; then
  fail "rank-keywords-static loads a shared libabridge"
fi
"$tmp/rank-keywords-static" > "$tmp/rank-keywords-static.out" || fail "rank-keywords-static failed"
cmp -s "$tmp/rank-keywords.out" "$tmp/rank-keywords-static.out" \
  || { diff "$tmp/rank-keywords.out" "$tmp/rank-keywords-static.out"; fail "static output differs"; }
echo "OK: $n examples built and run against the library installed in $prefix; statically linked too"
