#!/bin/sh
# tests/run-malformed.sh -- bad input must be refused cleanly.
# Owns: the driver of tests/malformed/: for each NAME.chan, chancheck must exit
# with status 2 and print exactly NAME.err on stderr (and, under valgrind, no
# leak or memory error).  Not: the inputs' diagnostics (lang/, checker/main.c).
#
# Environment: CHANCHECK (the binary, default ./chancheck), srcdir (the source
# root, default .), VALGRIND (path of valgrind, or empty to skip it).
# UPDATE=1 rewrites every NAME.err from the actual output instead of comparing.
# Each input is run from $srcdir as "chancheck tests/malformed/NAME.chan", so
# the messages name it by that path.

CHANCHECK=${CHANCHECK:-./chancheck}
srcdir=${srcdir:-.}
VALGRIND=${VALGRIND:-}

case $CHANCHECK in
  /*) ;;
  *) CHANCHECK=$(pwd)/$CHANCHECK ;;
esac
if test ! -x "$CHANCHECK"; then
  echo "run-malformed.sh: $CHANCHECK is not an executable; skipping" >&2
  exit 77
fi
cd "$srcdir" || exit 99

tmp=$(mktemp -d "${TMPDIR:-/tmp}/malformed.XXXXXX") || exit 99
trap 'rm -rf "$tmp"' EXIT HUP INT TERM

passed=0
failed=0
for input in tests/malformed/*.chan; do
  test -e "$input" || continue
  name=${input%.chan}
  name=${name##*/}
  expected=tests/malformed/$name.err
  problem=

  "$CHANCHECK" "$input" >"$tmp/stdout" 2>"$tmp/stderr" </dev/null
  status=$?
  if test "${UPDATE:-}" = 1; then
    cp "$tmp/stderr" "$expected"
  fi
  if test $status -ne 2; then
    problem="exit status $status, expected 2"
  elif test ! -f "$expected"; then
    problem="$expected is missing (UPDATE=1 writes it)"
  elif ! cmp -s "$expected" "$tmp/stderr"; then
    problem="stderr differs from $expected"
  fi

  if test -z "$problem" && test -n "$VALGRIND"; then
    "$VALGRIND" -q --leak-check=full --errors-for-leak-kinds=definite,indirect \
      --error-exitcode=99 "$CHANCHECK" "$input" >/dev/null 2>"$tmp/valgrind" </dev/null
    if test $? -eq 99; then
      problem="valgrind found errors"
    fi
  fi

  if test -z "$problem"; then
    echo "ok $name"
    passed=$((passed + 1))
  else
    echo "FAIL $name: $problem"
    if test -f "$expected" && test "$problem" = "stderr differs from $expected"; then
      diff -u "$expected" "$tmp/stderr" | sed 's/^/    /'
    elif test "$problem" = "valgrind found errors"; then
      sed 's/^/    /' "$tmp/valgrind"
    else
      sed 's/^/    /' "$tmp/stderr"
    fi
    failed=$((failed + 1))
  fi
done

echo "malformed: $passed passed, $failed failed"
test $failed -eq 0 && test $passed -gt 0
