#!/bin/sh
# Run every unit-test binary and every end-to-end script, then print one
# summary line "N passed, N failed" that adds up all of them.  A program
# that crashes or prints no summary line counts as one failure.
: "${O:=.}"
export O
passed=0
failed=0
log=$(mktemp)
run_one() {
	name=$1
	shift
	echo "== $name"
	"$@" >"$log" 2>&1
	rc=$?
	cat "$log"
	line=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -z "$line" ]; then
		echo "FAIL - $name printed no summary (exit $rc)"
		failed=$((failed + 1))
		return
	fi
	p=$(echo "$line" | sed 's/ passed.*//')
	f=$(echo "$line" | sed 's/.* passed, \([0-9]*\) failed.*/\1/')
	if [ "$rc" -ne 0 ] && [ "$f" -eq 0 ]; then
		echo "FAIL - $name exited $rc"
		f=1
	fi
	passed=$((passed + p))
	failed=$((failed + f))
}
for t in "$O"/tests/emulator/test-* "$O"/tests/transport/test-* \
    "$O"/tests/ssp/test-* "$O"/tests/mux/test-* "$O"/tests/tmux-compat/test-*; do
	case $t in *.o|*.d|*\**) continue ;; esac
	[ -x "$t" ] || continue
	run_one "$t" "$t"
done
for t in tests/e2e/*.sh; do
	[ -f "$t" ] || continue
	run_one "$t" sh "$t"
done
rm -f "$log"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
