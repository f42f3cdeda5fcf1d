#!/bin/sh
# tests/run-examples.sh -- check chancheck against every examples/*.chan.
#
# Run by `make check` with CHANCHECK = the chancheck binary and srcdir = the
# source root.  For each examples/NAME.chan:
#   - `$CHANCHECK examples/NAME.chan`: the findings in its stdout (the lines
#     `examples/NAME.chan:LINE:COL: KIND: ...` at column 0, KIND one of leak,
#     deadlock, panic, runaway; trace lines are indented) must be exactly the
#     file's `check-finding: KIND LINE:COL` lines, and its exit status the
#     file's `check-exit-value: N`;
#   - when tests/golden/examples/NAME.txt exists, the whole stdout must match it;
#   - when tests/golden/examples/NAME.json exists, the whole stdout of
#     `$CHANCHECK --format=json examples/NAME.chan` must match it.
# Timings are masked (MASK below) on both sides before comparing.
# `UPDATE=1 tests/run-examples.sh` (re)writes both golden files of every
# example from the actual output (masked, so that they do not change from run
# to run); the findings and exit status are still checked.
# Prints "ok NAME" or "FAIL NAME: reason" per example, then a count; exits 1
# if any example failed.

# The one place where timings are masked: the number after `seconds` (json
# `"seconds": 0.01`, or `seconds: 0.01`, `seconds=0.01`) and a number followed
# by `s` as a unit (text `0.01 s`, `in 0.01 s`, `0.01s`) become X.
MASK='s/\(seconds"\{0,1\}[:=]\{0,1\} *\)[0-9][0-9.eE+-]*/\1X/g; s/[0-9][0-9]*\(\.[0-9][0-9]*\)\{0,1\}\( \{0,1\}s\)\([^[:alnum:]_]\)/X\2\3/g; s/[0-9][0-9]*\(\.[0-9][0-9]*\)\{0,1\}\( \{0,1\}s\)$/X\2/'

LC_ALL=C
export LC_ALL

if [ -z "$CHANCHECK" ]; then
	echo "run-examples.sh: set CHANCHECK to the chancheck binary" >&2
	exit 1
fi
# an explicit path is made absolute before the cd below
case $CHANCHECK in
/*) ;;
*/*) CHANCHECK=$(pwd)/$CHANCHECK ;;
esac
if ! command -v "$CHANCHECK" > /dev/null 2>&1; then
	echo "run-examples.sh: CHANCHECK=$CHANCHECK: no such program" >&2
	exit 1
fi
cd "${srcdir:-$(dirname "$0")/..}" || exit 1

tmp=${TMPDIR:-/tmp}/run-examples.$$
rm -rf "$tmp"
mkdir "$tmp" || exit 1
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT TERM

dir=${DIR:-examples}
golden=tests/golden/$(basename "$dir")
if [ -n "$UPDATE" ]; then
	mkdir -p "$golden" || exit 1
fi

total=0
failed=0

# fail NAME REASON: report one failed check of the current example
fail() {
	echo "FAIL $1: $2"
	bad=1
}

# joined FILE: the lines of FILE joined with ", " ("none" when empty)
joined() {
	if [ -s "$1" ]; then
		awk 'NR > 1 { printf ", " } { printf "%s", $0 } END { print "" }' "$1"
	else
		echo none
	fi
}

# golden_check NAME KIND ACTUAL GOLDEN: compare (or, with UPDATE, rewrite)
golden_check() {
	sed "$MASK" "$3" > "$tmp/actual.masked"
	if [ -n "$UPDATE" ]; then
		cp "$tmp/actual.masked" "$4" || fail "$1" "cannot write $4"
	elif [ -f "$4" ]; then
		sed "$MASK" "$4" > "$tmp/golden.masked"
		if ! cmp -s "$tmp/golden.masked" "$tmp/actual.masked"; then
			fail "$1" "$2 output differs from $4 (expected -, got +):"
			diff -u "$tmp/golden.masked" "$tmp/actual.masked" |
				sed -n '3,$p' | head -n 40 | sed 's/^/    /'
		fi
	fi
}

for file in "$dir"/*.chan; do
	[ -f "$file" ] || continue
	name=${file#"$dir"/}
	name=${name%.chan}
	total=$((total + 1))
	bad=0

	# the expectation block
	sed -n 's/[[:space:]]*$//; s/^check-finding: //p' "$file" | sort > "$tmp/expected"
	want=$(sed -n 's/[[:space:]]*$//; s/^check-exit-value: //p' "$file")
	case $want in
	[0-9]) ;;
	*) fail "$name" "no valid check-exit-value line in $file (got '$want')" ;;
	esac

	# the text run
	"$CHANCHECK" "$file" > "$tmp/out" 2> "$tmp/err"
	status=$?
	awk -v p="$file:" '
		index($0, p) == 1 {
			r = substr($0, length(p) + 1)
			if (r ~ /^[0-9]+:[0-9]+: (leak|deadlock|panic|runaway): /) {
				split(r, a, ":")
				k = a[3]
				sub(/^ /, "", k)
				print k " " a[1] ":" a[2]
			}
		}' "$tmp/out" | sort > "$tmp/got"

	if [ "$status" != "$want" ]; then
		msg=$(head -n 3 "$tmp/err" | tr '\n' ' ')
		fail "$name" "exit status (expected $want, got $status)${msg:+; stderr: $msg}"
	fi
	if ! cmp -s "$tmp/expected" "$tmp/got"; then
		fail "$name" "findings (expected $(joined "$tmp/expected"), got $(joined "$tmp/got"))"
	fi

	# the golden files
	golden_check "$name" text "$tmp/out" "$golden/$name.txt"
	if [ -n "$UPDATE" ] || [ -f "$golden/$name.json" ]; then
		"$CHANCHECK" --format=json "$file" > "$tmp/json" 2> "$tmp/err"
		golden_check "$name" json "$tmp/json" "$golden/$name.json"
	fi

	if [ $bad = 0 ]; then
		echo "ok $name"
	else
		failed=$((failed + 1))
	fi
done

if [ $total = 0 ]; then
	echo "FAIL: no $dir/*.chan found in $(pwd)"
	exit 1
fi
echo "$((total - failed)) of $total files of $dir ok, $failed failed"
if [ $failed != 0 ]; then
	exit 1
fi
exit 0
