#!/bin/sh
# Runs chancheck on every tests/realgo/*_test.chan and compares its findings
# and exit status with the file's expectation block:
#   /*
#   check-exit-value: N
#   check-finding: TestName kind LINE:COL
#   */
# Env: CHANCHECK = the chancheck binary (default ./chancheck),
#      srcdir = the source root (default .).
# Prints ok/FAIL per file with the reason and its time, the slowest file, and
# "realgo: P of N files ok". Exit 1 on any failure (or a file over 1 s).
CHANCHECK=${CHANCHECK:-./chancheck}
srcdir=${srcdir:-.}
cd "$srcdir" || exit 2
case $CHANCHECK in /*) ;; */*) CHANCHECK=$(pwd)/$CHANCHECK ;; esac

tmp=${TMPDIR:-/tmp}/realgo.$$
mkdir -p "$tmp" || exit 2
trap 'rm -rf "$tmp"' EXIT INT TERM

now_ms() {
	t=$(date +%s%N 2>/dev/null)
	case $t in *N|'') echo $(( $(date +%s) * 1000 )) ;; *) echo $(( t / 1000000 )) ;; esac
}

# "Test kind L:C" lines -> sorted canonical form
canon() {
	awk '{ split($3, lc, ":"); print $1, $2, lc[1], lc[2] }' | sort -k1,1 -k3,3n -k4,4n -k2,2 -u |
		awk '{ print $1, $2, $3 ":" $4 }'
}

pass=0 total=0 slow_ms=0 slow_file=
for f in tests/realgo/*_test.chan; do
	[ -f "$f" ] || continue
	total=$((total + 1))
	sed -n 's/^check-finding: *//p' "$f" | canon > "$tmp/want"
	want_rc=$(sed -n 's/^check-exit-value: *\([0-9]*\).*/\1/p' "$f" | head -n 1)
	t0=$(now_ms)
	"$CHANCHECK" "$f" > "$tmp/out" 2> "$tmp/err"
	rc=$?
	t1=$(now_ms)
	ms=$((t1 - t0))
	if [ "$ms" -ge "$slow_ms" ]; then slow_ms=$ms slow_file=$f; fi
	# Finding lines "FILE:L:C: kind: ..." belong to the next summary line "FILE: TestName: ...".
	awk -v file="$f" '
		index($0, file ":") == 1 {
			rest = substr($0, length(file) + 2)
			if (match(rest, /^[0-9]+:[0-9]+: [a-z]+:/)) {
				split(rest, p, ":")
				k = p[3]; sub(/^ /, "", k)
				pend[++n] = k " " p[1] ":" p[2]
			} else if (match(rest, /^ [A-Za-z_][A-Za-z0-9_]*:/)) {
				name = substr(rest, 2, RLENGTH - 2)
				for (i = 1; i <= n; i++) print name, pend[i]
				n = 0
			}
		}' "$tmp/out" | canon > "$tmp/got"
	reason=
	if [ -z "$want_rc" ]; then
		reason="no check-exit-value in the file"
	elif [ "$rc" -ne "$want_rc" ]; then
		reason="exit status $rc, expected $want_rc"
		[ -s "$tmp/err" ] && reason="$reason ($(head -n 1 "$tmp/err"))"
	fi
	if ! cmp -s "$tmp/want" "$tmp/got"; then
		miss=$(comm -23 "$tmp/want" "$tmp/got" | sed 's/$/;/' | tr '\n' ' ')
		extra=$(comm -13 "$tmp/want" "$tmp/got" | sed 's/$/;/' | tr '\n' ' ')
		[ -n "$miss" ] && reason="${reason:+$reason; }missing: $miss"
		[ -n "$extra" ] && reason="${reason:+$reason; }unexpected: $extra"
	fi
	if [ "$ms" -ge 1000 ]; then
		reason="${reason:+$reason; }took ${ms} ms (limit 1000)"
	fi
	if [ -z "$reason" ]; then
		pass=$((pass + 1))
		echo "ok   $f (${ms} ms)"
	else
		echo "FAIL $f (${ms} ms): $reason"
	fi
done
echo "slowest: $slow_file (${slow_ms} ms)"
echo "realgo: $pass of $total files ok"
[ "$pass" -eq "$total" ] && [ "$total" -gt 0 ]
