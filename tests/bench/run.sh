#!/bin/sh
# make bench: run every benchmark binary (tests/bench/bench-*) and every
# benchmark script (tests/bench/*-bench.sh), each printing its own figures.
: "${O:=.}"
export O
for b in "$O"/tests/bench/bench-*; do
	case $b in *.o|*.d|*\**) continue ;; esac
	[ -x "$b" ] || continue
	echo "== $b"
	"$b" || echo "benchmark $b failed"
done
for s in tests/bench/*-bench.sh; do
	[ -f "$s" ] || continue
	echo "== $s"
	sh "$s" || echo "benchmark $s failed"
done
