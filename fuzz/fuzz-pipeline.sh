#!/bin/bash
# fuzz/fuzz-pipeline.sh -- mutation fuzzing of the whole chancheck pipeline.
# Owns: generating mutants of the corpus (fuzz/mutate.py), running an
# ASan+UBSan build of chancheck on each, and recording every crash, sanitizer
# report, GLib critical/warning/assertion, leak and time-out, one sample per
# distinct signature.  Not: minimising (do that by hand, see fuzz/README.md).
#
# Usage: fuzz/fuzz-pipeline.sh [SECONDS]     (default 600)
# Environment:
#   CHANCHECK  the instrumented binary (default /tmp/fz/chancheck)
#   SRC        the tree whose corpus is mutated (default: this script's ../)
#   OUT        where findings go (default /tmp/fz-out); OUT/crashes/SIG.chan
#              and SIG.err per distinct signature, OUT/log one line per finding
#   BATCH      mutants per mutator call (default 40)
#   SEED       first seed (default: the time)
#   UBSAN_OPTIONS  default: stack traces, and fuzz/ubsan.supp, which hides
#              the known memcpy/memset-of-NULL-with-size-0 reports of
#              checker/state.c that fire on every input
#   FLAGS      chancheck options (default --max-states 20000 --time-limit 5 --jobs=1)
set -u
DURATION=${1:-600}
here=$(cd "$(dirname "$0")" && pwd)
SRC=${SRC:-$(dirname "$here")}
CHANCHECK=${CHANCHECK:-/tmp/fz/chancheck}
OUT=${OUT:-/tmp/fz-out}
BATCH=${BATCH:-40}
SEED=${SEED:-$(date +%s)}
FLAGS=${FLAGS:---max-states 20000 --time-limit 5 --jobs=1}

export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0:allocator_may_return_null=1:symbolize=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:symbolize=1:suppressions=$here/ubsan.supp}
export ASAN_SYMBOLIZER_PATH=${ASAN_SYMBOLIZER_PATH:-$(command -v llvm-symbolizer || true)}

mkdir -p "$OUT/crashes" "$OUT/work"
: >"$OUT/status-counts"   # this run's exit statuses (crashes/ keeps every run's)
corpus=("$SRC"/examples/*.chan "$SRC"/tests/chan/*.chan "$SRC"/tests/realgo/*.chan)
test -x "$CHANCHECK" || { echo "no $CHANCHECK: build it first (see fuzz/README.md)" >&2; exit 2; }

# The signature of a run: the kind of problem and the first frame of ours.
signature () {  # $1 stderr file, $2 status
  local err=$1 st=$2 kind frame
  kind=$(grep -o -m1 -E \
    'ERROR: AddressSanitizer: [a-z-]+|ERROR: LeakSanitizer|runtime error: [a-z -]+|GLib-CRITICAL|GLib-WARNING|GLib-ERROR|ERROR:[^:]*:[0-9]+:[a-z_]+: assertion|Segmentation fault|ERROR: [a-zA-Z]+Sanitizer: [a-zA-Z-]+' "$err" \
    | head -1 | tr -c 'A-Za-z0-9\n' '_')
  if test -z "$kind"; then
    if test "$st" = 124 || test "$st" = 137; then kind=timeout
    elif test "$st" -gt 3; then kind=status$st
    else return 1; fi
  fi
  frame=$(grep -m1 -o -E '(in [a-z_0-9]+ [^ ]*(lang|checker)/[a-z_]+\.[cly]:[0-9]+|^[^ ]*(lang|checker)/[a-z_]+\.[cly]:[0-9]+)' "$err" \
    | sed -E 's/^in //; s/ .*\/(lang|checker)\//_\1_/; s/^.*\/?(lang|checker)\//\1_/; s/[^A-Za-z0-9_]/_/g')
  echo "${kind}__${frame:-noframe}" | cut -c1-120
}

start=$(date +%s)
runs=0
found=0
batch=0
while test $(( $(date +%s) - start )) -lt "$DURATION"; do
  rm -f "$OUT"/work/*.chan
  python3 "$here/mutate.py" "$OUT/work" "$BATCH" $((SEED + batch)) "${corpus[@]}"
  batch=$((batch + 1))
  for m in "$OUT"/work/*.chan; do
    t0=$(date +%s.%N)
    timeout -s KILL 20 "$CHANCHECK" $FLAGS "$m" >"$OUT/work/stdout" 2>"$OUT/work/stderr" </dev/null
    st=$?
    t1=$(date +%s.%N)
    runs=$((runs + 1))
    echo "$st" >>"$OUT/status-counts"
    if sig=$(signature "$OUT/work/stderr" "$st"); then
      found=$((found + 1))
      printf '%s\t%s\t%s\t%.1fs\n' "$sig" "$(basename "$m")" "$st" "$(echo "$t1 - $t0" | bc)" >>"$OUT/log"
      # the smallest sample as SIG.chan, and the first 5 as SIG.N.chan
      if test ! -e "$OUT/crashes/$sig.chan" || test "$(wc -c <"$m")" -lt "$(wc -c <"$OUT/crashes/$sig.chan")"; then
        cp "$m" "$OUT/crashes/$sig.chan"
        cp "$OUT/work/stderr" "$OUT/crashes/$sig.err"
      fi
      n=$(ls "$OUT/crashes/$sig".*.chan 2>/dev/null | wc -l)
      test "$n" -lt 5 && cp "$m" "$OUT/crashes/$sig.$n.chan"
    elif test "$(echo "$t1 - $t0 > 12" | bc)" = 1; then
      # Over its --time-limit by far, though it ended: a bound not honoured.
      printf 'slow\t%s\t%s\t%.1fs\n' "$(basename "$m")" "$st" "$(echo "$t1 - $t0" | bc)" >>"$OUT/log"
      cp "$m" "$OUT/crashes/slow-$(basename "$m")"
    fi
    # Exit 2 for input that only had a mutation which keeps Go valid: keep
    # the messages so poor ones can be reviewed.
    if test "$st" = 2; then
      printf '%s\t%s\n' "$(basename "$m")" "$(head -1 "$OUT/work/stderr" | cut -c1-200)" >>"$OUT/exit2.log"
      if test $((RANDOM % 20)) = 0; then cp "$m" "$OUT/crashes/../exit2-$(basename "$m")" 2>/dev/null; fi
    fi
  done
done
echo "fuzz-pipeline: $runs runs, $found findings, $(ls "$OUT"/crashes/*.chan 2>/dev/null | wc -l) distinct in $OUT/crashes"
sort "$OUT/status-counts" | uniq -c | sed 's/^/  exit status: /'
