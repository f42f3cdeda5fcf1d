#!/bin/sh
# tests/run-reductions.sh -- reductions and threads must not change answers.
# For every examples/*.chan, tests/chan/*.chan, tests/realgo/*.chan and
# tests/reductions/*.chan (programs the reduction once got wrong): the
# findings, as (kind, location), and the verdict of the reduced search
# (--fast-traces: its own findings, not those of the search for shortest
# traces) and of --no-reduce must be equal;
# the whole text report with -j 1 and with -j 2 must be equal but for the
# seconds.
# Env: CHANCHECK (the binary), srcdir (the source root).
CHANCHECK=${CHANCHECK:-./chancheck}
cd "${srcdir:-$(dirname "$0")/..}" || exit 1
case $CHANCHECK in /*) ;; */*) CHANCHECK=$(pwd)/$CHANCHECK ;; esac
mask='s/[0-9][0-9]*\.[0-9][0-9] s/X s/'
findings() {
	out=$("$CHANCHECK" "$@")
	status=$?
	printf '%s\n' "$out" | grep -E '^[^ ].*:[0-9]+:[0-9]+: (leak|deadlock|panic|runaway): ' |
		sed -E 's/^([^ ]*:[0-9]+:[0-9]+: [a-z]+): .*/\1/'
	echo "exit status $status"
}
total=0
failed=0
for file in examples/*.chan tests/chan/*.chan tests/realgo/*.chan tests/reductions/*.chan; do
	total=$((total + 1))
	a=$(findings --fast-traces "$file")
	b=$(findings --no-reduce "$file")
	if [ "$a" != "$b" ]; then
		echo "FAIL $file: findings differ with --no-reduce"
		echo "  reduced: $a"
		echo "  full:    $b"
		failed=$((failed + 1))
		continue
	fi
	one=$("$CHANCHECK" -j 1 "$file" | sed "$mask")
	two=$("$CHANCHECK" -j 2 "$file" | sed "$mask")
	if [ "$one" != "$two" ]; then
		echo "FAIL $file: the report differs between -j 1 and -j 2"
		failed=$((failed + 1))
		continue
	fi
	echo "ok $file"
done
# short options with their value attached, as users write them
one=$("$CHANCHECK" -j 1 -e main examples/01-read-timeout.chan | sed "$mask")
attached=$("$CHANCHECK" -j1 -emain examples/01-read-timeout.chan | sed "$mask")
total=$((total + 1))
if [ "$one" != "$attached" ]; then
	echo "FAIL -j1 -emain: not the same as -j 1 -e main"
	failed=$((failed + 1))
fi
# --fast-traces says that its traces may not be the shortest; the default
# search for them says they are
total=$((total + 1))
if ! "$CHANCHECK" --fast-traces examples/20-close-closed.chan |
	grep -q '; traces from the reduced search, not always the shortest$' ||
	! "$CHANCHECK" --fast-traces -f json examples/20-close-closed.chan | grep -q '"shortest_traces":false' ||
	! "$CHANCHECK" -f json examples/20-close-closed.chan | grep -q '"shortest_traces":true'; then
	echo "FAIL --fast-traces: the report does not say where its traces come from"
	failed=$((failed + 1))
fi
echo "reductions: $((total - failed)) of $total files agree"
[ "$failed" -eq 0 ]
