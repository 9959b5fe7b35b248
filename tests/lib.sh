# Shell test helpers: source this from tests/e2e/*.sh.
# Every check prints "ok - what" or "FAIL - what"; finish() prints the
# summary line "N passed, N failed" and kills every process registered with
# track_pid.
#
# Binaries: $MOSHMUX (default $O/moshmux), $EMU_DUMP ($O/tests/emu-dump).

: "${O:=.}"
: "${MOSHMUX:=$(cd "$O" && pwd)/moshmux}"
: "${EMU_DUMP:=$(cd "$O" && pwd)/tests/emu-dump}"
export MOSHMUX EMU_DUMP
# mosh needs a UTF-8 locale; CI may have none set.
LC_ALL=C.UTF-8
LANG=C.UTF-8
export LC_ALL LANG
T_PASSED=0
T_FAILED=0
T_PIDS=""
T_TMUX_SOCKETS=""
T_TMP=$(mktemp -d "${TMPDIR:-/tmp}/moshmux-test.XXXXXX")

# Record one check: ok "what" (status of the previous command) or check.
ok() {
	T_PASSED=$((T_PASSED + 1))
	echo "ok - $*"
}
fail() {
	T_FAILED=$((T_FAILED + 1))
	echo "FAIL - $*"
}
check() {
	what=$1
	shift
	if "$@"; then ok "$what"; else fail "$what"; fi
}

# Remember a pid to kill when the script ends.
track_pid() {
	T_PIDS="$T_PIDS $1"
}

# Start a private tmux server (socket name $1) and remember it for cleanup.
tmux_start() {
	T_TMUX_SOCKETS="$T_TMUX_SOCKETS $1"
}

# Wait up to $1 tenths of a second for the command after it to succeed.
wait_for() {
	n=$1
	shift
	while [ "$n" -gt 0 ]; do
		if "$@" 2>/dev/null; then return 0; fi
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

cleanup() {
	for p in $T_PIDS; do
		kill "$p" 2>/dev/null
	done
	sleep 0.1
	for p in $T_PIDS; do
		kill -9 "$p" 2>/dev/null
	done
	for s in $T_TMUX_SOCKETS; do
		tmux -L "$s" kill-server 2>/dev/null
	done
	rm -rf "$T_TMP"
}
trap cleanup EXIT INT TERM

finish() {
	echo "$T_PASSED passed, $T_FAILED failed"
	[ "$T_FAILED" -eq 0 ]
}

# Run seeds 1..$SEEDS in batches of $BATCH until $SECONDS_MAX seconds have
# passed: start_seed SEED prints a pane id (or fails), check_seed SEED PANE
# judges it.  $1 names the run in messages.
run_seed_batches() {
	rs_start=$(date +%s)
	rs_seed=1
	while [ "$rs_seed" -le "$SEEDS" ] &&
		[ $(($(date +%s) - rs_start)) -lt "$SECONDS_MAX" ]; do
		rs_panes=""
		rs_i=0
		while [ "$rs_i" -lt "$BATCH" ] &&
			[ $((rs_seed + rs_i)) -le "$SEEDS" ]; do
			rs_p=$(start_seed $((rs_seed + rs_i))) || rs_p=none
			rs_panes="$rs_panes $rs_p"
			rs_i=$((rs_i + 1))
		done
		rs_i=0
		for rs_p in $rs_panes; do
			if [ "$rs_p" = none ]; then
				fail "$1 seed $((rs_seed + rs_i)): started"
			else
				check_seed $((rs_seed + rs_i)) "$rs_p"
			fi
			rs_i=$((rs_i + 1))
		done
		rs_seed=$((rs_seed + BATCH))
	done
	rs_last=$((rs_seed - 1))
	[ "$rs_last" -gt "$SEEDS" ] && rs_last=$SEEDS
	echo "# $1: seeds 1..$rs_last in $(($(date +%s) - rs_start)) s"
}
