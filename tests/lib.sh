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
