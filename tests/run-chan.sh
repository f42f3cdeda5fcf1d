#!/bin/sh
# tests/run-chan.sh -- the programs of tests/chan/, written blind against
# SPEC by a Go programmer, checked like the examples (findings, exit status,
# golden outputs in tests/golden/chan/): see run-examples.sh.
DIR=tests/chan
export DIR
exec sh "${srcdir:-$(dirname "$0")/..}/tests/run-examples.sh" "$@"
