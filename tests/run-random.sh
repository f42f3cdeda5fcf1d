#!/bin/sh
# tests/run-random.sh -- reductions and threads must not change answers, on
# random programs.  tests/gen_programs writes RANDOM_PROGRAMS_PER_SEED
# programs for each of RANDOM_SEEDS (fixed by default, so a run is
# repeatable); for each program chancheck must accept it (exit status not 2),
# the findings, as (kind, location), and the exit status must be the same
# with reductions (by default, and with --fast-traces: the reduced search's
# own findings) as with --no-reduce, and the whole text report must be the
# same with -j 1 and -j 2 but for the seconds.  A failing program is printed
# whole, with the command that writes it again.
# Env: CHANCHECK (the binary), GEN_PROGRAMS (the generator, default
# ./tests/gen_programs), RANDOM_SEEDS, RANDOM_PROGRAMS_PER_SEED; srcdir is
# not needed: the programs are generated in a temporary directory.
CHANCHECK=${CHANCHECK:-./chancheck}
GEN_PROGRAMS=${GEN_PROGRAMS:-./tests/gen_programs}
RANDOM_SEEDS=${RANDOM_SEEDS:-"1 2 3 4"}
RANDOM_PROGRAMS_PER_SEED=${RANDOM_PROGRAMS_PER_SEED:-150}
case $CHANCHECK in /*) ;; */*) CHANCHECK=$(pwd)/${CHANCHECK#./} ;; esac
case $GEN_PROGRAMS in /*) ;; */*) GEN_PROGRAMS=$(pwd)/${GEN_PROGRAMS#./} ;; esac
mask='s/[0-9][0-9]*\.[0-9][0-9] s/X s/'
work=$(mktemp -d "${TMPDIR:-/tmp}/run-random.XXXXXX") || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM
cd "$work" || exit 1

# The finding lines of a report on standard input, as "file:line:col: kind".
finding_lines() {
	grep -E '^[^ ].*:[0-9]+:[0-9]+: (leak|deadlock|panic|runaway): ' |
		sed -E 's/^([^ ]*:[0-9]+:[0-9]+: [a-z]+): .*/\1/'
}
# The finding lines of chancheck ARGUMENTS..., then its exit status.
findings() {
	out=$("$CHANCHECK" "$@" 2>&1)
	status=$?
	printf '%s\n' "$out" | finding_lines
	echo "exit status $status"
}
indent() {
	sed 's/^/    /'
}
# fail PROGRAM SEED NUMBER REASON: the reason, then the program and how to get it again.
fail() {
	echo "FAIL $1: $4"
	echo "  the program (again: $GEN_PROGRAMS $2 $3 DIR; it is DIR/$1):"
	indent < "$1"
	failed=$((failed + 1))
}

total=0
failed=0
for seed in $RANDOM_SEEDS; do
	if ! "$GEN_PROGRAMS" "$seed" "$RANDOM_PROGRAMS_PER_SEED" .; then
		echo "FAIL $GEN_PROGRAMS $seed $RANDOM_PROGRAMS_PER_SEED: the generator failed"
		exit 1
	fi
	number=0
	while [ "$number" -lt "$RANDOM_PROGRAMS_PER_SEED" ]; do
		number=$((number + 1))
		program=rand-$seed-$number.chan
		total=$((total + 1))
		one=$("$CHANCHECK" -j 1 "$program" 2>&1)
		one_status=$?
		two=$("$CHANCHECK" -j 2 "$program" 2>&1)
		two_status=$?
		if [ "$one_status" -eq 2 ] || [ "$two_status" -eq 2 ]; then
			fail "$program" "$seed" "$number" "rejected (exit status 2): a generator bug, or valid Go refused"
			printf '%s\n' "$one" | indent
			continue
		fi
		full=$(findings --no-reduce "$program")
		reduced=$(printf '%s\n' "$two" | finding_lines; echo "exit status $two_status")
		if [ "$reduced" != "$full" ]; then
			fail "$program" "$seed" "$number" "findings differ with --no-reduce"
			echo "  reduced:"; printf '%s\n' "$reduced" | indent
			echo "  full:"; printf '%s\n' "$full" | indent
			continue
		fi
		fast=$(findings --fast-traces "$program")
		if [ "$fast" != "$full" ]; then
			fail "$program" "$seed" "$number" "findings differ between --fast-traces and --no-reduce"
			echo "  reduced (--fast-traces):"; printf '%s\n' "$fast" | indent
			echo "  full:"; printf '%s\n' "$full" | indent
			continue
		fi
		printf '%s\n' "$one" "exit status $one_status" | sed "$mask" > report-j1
		printf '%s\n' "$two" "exit status $two_status" | sed "$mask" > report-j2
		if ! cmp -s report-j1 report-j2; then
			fail "$program" "$seed" "$number" "the report differs between -j 1 and -j 2"
			echo "  diff -j 1 -j 2:"; diff report-j1 report-j2 | indent
			continue
		fi
		echo "ok $program"
	done
done
echo "random: $((total - failed)) of $total programs agree"
[ "$failed" -eq 0 ]
