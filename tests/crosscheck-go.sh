#!/bin/sh
# tests/crosscheck-go.sh -- chancheck against the real Go runtime, on the
# random programs of tests/gen_programs.  In `make check` (a few seeds); a
# longer run by hand: tests/crosscheck-go.sh 1 2 3 4 5 6 7 8.  Skipped
# (exit 77) where Go is not installed (apt-get install golang-go).
#
# Each program is built with Go, run RUNS times (GOMAXPROCS 1, 2 and 4 in
# turn), and what each run shows is an outcome:
#   deadlock  Go's "all goroutines are asleep - deadlock!"
#   panic     a panic, or another of Go's fatal errors (unlock of an unlocked
#             mutex, concurrent map writes, ...)
#   alive     the entry returned, and a goroutine was still alive
#             SETTLE_MS later (leaked, or running away)
#   hang      the entry had not returned after HANG_SECONDS (a runaway
#             goroutine keeps Go's deadlock detector quiet)
#   clean     the entry returned and every other goroutine ended
# An outcome the real runtime shows is a fact about the program, so
# chancheck must report it: deadlock needs a `deadlock` finding, panic a
# `panic`, alive a `leak` or a `runaway`, hang a `deadlock` or a `runaway`;
# and chancheck must not call a program verified when some run was not
# clean.  (The converse is not checked: a run shows one interleaving, and
# chancheck's findings may need one the scheduler seldom takes.)  Alive and
# hang depend on time: on a busy machine a slow goroutine looks alive, a
# slow entry hangs.  So a failure on them is confirmed first, by CONFIRM
# runs with ten times the time; one that no such run shows again is
# printed as unconfirmed, not failed.  A search cut by a bound (exit status
# 3) is counted, not judged.
#
# The Go copy of a program differs from it in two ways that do not change
# what chancheck decides: its `main` is renamed, so that a harness can
# watch what the entry leaves behind (SPEC 2.2: main returning does not end
# the program), and its time.Second is 5 ms (time is abstract in chancheck,
# and short timers let the timeouts win in some runs).  SPEC follows Go
# 1.23's timers; these programs use time.After, Sleep and NewTicker only,
# where Go 1.19 behaves the same.
#
# Usage: tests/crosscheck-go.sh [SEED ...]   (default: 1 2)
# Env: CHANCHECK (default ./chancheck), GEN_PROGRAMS (default
# ./tests/gen_programs), PROGRAMS_PER_SEED (default 50, which takes in
# rand-2-43: a select with a default that chancheck once paired with a
# receiver not yet waiting, where Go deadlocks in every run), RUNS
# (default 12), HANG_SECONDS (default 2), SETTLE_MS (default 300), CONFIRM
# (default 3), VERBOSE (set: list the programs where chancheck reports a
# kind of finding that no run showed, to read for false alarms).
# Exit status: 0 when every program passes, 1 otherwise (each failure is
# printed with the program's name and the command that writes it again).
CHANCHECK=${CHANCHECK:-./chancheck}
GEN_PROGRAMS=${GEN_PROGRAMS:-./tests/gen_programs}
PROGRAMS_PER_SEED=${PROGRAMS_PER_SEED:-50}
RUNS=${RUNS:-12}
HANG_SECONDS=${HANG_SECONDS:-2}
SETTLE_MS=${SETTLE_MS:-300}
CONFIRM=${CONFIRM:-3}
SEEDS=${*:-"1 2"}
command -v go >/dev/null || { echo "crosscheck-go: Go is not installed (apt-get install golang-go): skipped" >&2; exit 77; }
case $CHANCHECK in /*) ;; */*) CHANCHECK=$(pwd)/${CHANCHECK#./} ;; esac
case $GEN_PROGRAMS in /*) ;; */*) GEN_PROGRAMS=$(pwd)/${GEN_PROGRAMS#./} ;; esac
work=$(mktemp -d "${TMPDIR:-/tmp}/crosscheck-go.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM
export GOCACHE="$work/gocache" GOPATH="$work/gopath" GO111MODULE=off GOFLAGS=

cat > "$work/harness.go" <<'EOF'
package main

import (
	"os"
	"runtime"
	"strconv"
	"time"
)

// main runs the program's own main, then reports whether any goroutine
// outlives it by CROSSCHECK_SETTLE_MS.
func main() {
	crosscheckMain()
	settle, _ := strconv.Atoi(os.Getenv("CROSSCHECK_SETTLE_MS"))
	for i := 0; i < settle/10 && runtime.NumGoroutine() > 1; i++ {
		time.Sleep(10 * time.Millisecond)
	}
	os.Stdout.WriteString("\ncrosscheck: goroutines " + strconv.Itoa(runtime.NumGoroutine()) + "\n")
}
EOF

# The outcome of one run of $work/prog with GOMAXPROCS $1, given $2 seconds
# to end and $3 ms to settle.
run_outcome() {
	GOMAXPROCS=$1 CROSSCHECK_SETTLE_MS=$3 timeout -s KILL "$2" "$work/prog" > "$work/out" 2> "$work/err"
	status=$?
	if grep -q 'all goroutines are asleep - deadlock' "$work/err"; then echo deadlock
	elif grep -q '^panic: \|^fatal error: ' "$work/err"; then echo panic
	elif [ $status -eq 137 ]; then echo hang
	elif grep -q '^crosscheck: goroutines 1$' "$work/out"; then echo clean
	elif grep -q '^crosscheck: goroutines ' "$work/out"; then echo alive
	else echo "other($status)"
	fi
}

# Is outcome $1 shown again by one of CONFIRM runs with ten times the time?
confirmed() {
	for r in $(seq 1 "$CONFIRM"); do
		[ "$(run_outcome $(( r % 2 + 1 )) $(( HANG_SECONDS * 10 )) $(( SETTLE_MS * 10 )))" = "$1" ] && return 0
	done
	return 1
}

# Does the chancheck report in $work/report have a finding of kind $1?
has_finding() {
	grep -Eq "^[^ ].*:[0-9]+:[0-9]+: $1: " "$work/report"
}

n=0 failed=0 cut=0 unconfirmed=0 unseen=0 outcomes=""
for seed in $SEEDS; do
	mkdir -p "$work/programs"
	rm -f "$work/programs"/*.chan
	"$GEN_PROGRAMS" "$seed" "$PROGRAMS_PER_SEED" "$work/programs" || exit 1
	for f in "$work/programs"/*.chan; do
		name=$(basename "$f" .chan)
		n=$((n + 1))
		"$CHANCHECK" "$f" > "$work/report" 2>&1
		cc=$?
		if [ $cc -eq 3 ]; then cut=$((cut + 1)); continue; fi
		mkdir -p "$work/build"
		sed -e 's/^func main() {$/func crosscheckMain() {/' -e 's/time\.Second/(5 * time.Millisecond)/g' \
			"$f" > "$work/build/prog.go"
		cp "$work/harness.go" "$work/build/"
		if ! (cd "$work/build" && go build -o "$work/prog" prog.go harness.go) > "$work/build.log" 2>&1; then
			echo "FAIL $name: Go does not build it"; sed 's/^/    /' "$work/build.log"
			failed=$((failed + 1)); continue
		fi
		seen=""
		hangs=0
		for r in $(seq 1 "$RUNS"); do
			procs=$(( (r % 3 == 0) ? 4 : (r % 3 == 1) ? 1 : 2 ))
			o=$(run_outcome $procs "$HANG_SECONDS" "$SETTLE_MS")
			case " $seen " in *" $o "*) ;; *) seen="$seen $o" ;; esac
			if [ "$o" = hang ]; then hangs=$((hangs + 1)); [ $hangs -ge 2 ] && break; fi
		done
		outcomes="$outcomes$seen
"
		bad=""
		for o in $seen; do
			case $o in
			clean) continue ;;
			deadlock) has_finding deadlock && [ $cc -ne 0 ] && continue ;;
			panic) has_finding panic && [ $cc -ne 0 ] && continue ;;
			alive) { has_finding leak || has_finding runaway; } && [ $cc -ne 0 ] && continue ;;
			hang) { has_finding deadlock || has_finding runaway; } && [ $cc -ne 0 ] && continue ;;
			esac
			case $o in
			alive|hang)
				if ! confirmed $o; then
					unconfirmed=$((unconfirmed + 1))
					echo "unconfirmed $name: Go showed $o once, not again with ten times the time"
					continue
				fi ;;
			esac
			bad="$bad $o"
		done
		# what chancheck reports that no run showed (not a failure: the
		# interleaving may be rare; VERBOSE=1 lists them, to read)
		only=""
		has_finding deadlock && case "$seen" in *deadlock*|*hang*) ;; *) only="$only deadlock" ;; esac
		has_finding panic && case "$seen" in *panic*) ;; *) only="$only panic" ;; esac
		{ has_finding leak || has_finding runaway; } && case "$seen" in *alive*|*hang*|*deadlock*) ;; *) only="$only leak-or-runaway" ;; esac
		if [ -n "$only" ]; then
			unseen=$((unseen + 1))
			[ -n "${VERBOSE:-}" ] && echo "only chancheck $name:$only (Go showed:$seen)"
		fi
		if [ -n "$bad" ]; then
			failed=$((failed + 1))
			echo "FAIL $name: Go showed:$seen; chancheck (exit $cc) does not report:$bad"
			echo "    (write it again: $GEN_PROGRAMS $seed $PROGRAMS_PER_SEED DIR; DIR/$name.chan)"
			sed 's/^/    | /' "$work/report" | head -20
		fi
	done
done
echo "crosscheck-go: $n programs, $cut cut by a bound, $unconfirmed unconfirmed, $failed failed;" \
	"$unseen with a finding kind no run showed"
echo "outcomes Go showed (programs):"
printf '%s' "$outcomes" | tr ' ' '\n' | grep -v '^$' | sort | uniq -c | sed 's/^/  /'
[ $failed -eq 0 ]
