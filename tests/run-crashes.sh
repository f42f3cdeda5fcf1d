#!/bin/sh
# tests/run-crashes.sh -- the reproducers fuzzing found (fuzz/crashes/), each
# with its expected result: no crash, no hang, the right findings and exit
# status (see run-examples.sh).  known-*.txt files are known limits, not run.
DIR=fuzz/crashes
export DIR
exec sh "${srcdir:-$(dirname "$0")/..}/tests/run-examples.sh" "$@"
