#!/bin/sh
# Interoperability 3: the moshmux client attached to `moshmux mosh-server
# new`: the checks of tests 1 and 2, then roaming (the client binds
# 127.0.0.2, then moves to 127.0.0.3 on SIGUSR2 with $MOSHMUX_REBIND_FILE),
# a 15 s SIGSTOP of the server (the bar says "Last contact", and goes away
# soon after SIGCONT: the time is printed and must be < 1.5 s), and
# `moshmux` with no arguments: detach with Ctrl-^ ., reattach with
# `moshmux attach`, the shell's earlier output still there.
# IX_SERVER=stock / IX_CLIENT=stock swap in the stock programs (a check of
# the harness; the roaming and no-argument parts then need moshmux).  Stock
# mosh fails two checks by design: its Ctrl-^ Ctrl-Z does kill(0, SIGSTOP),
# which also stops the pane's wrapper shell, and tmux resumes a stopped
# pane at once (seen with strace); and after SIGCONT
# its bar shows "Last reply" for ~3 s (the server acks the oldest queued
# client state first; the next ack comes with the 3 s heartbeat).
. tests/lib.sh
. tests/e2e/interop-lib.inc

skind=${IX_SERVER:-moshmux}
ckind=${IX_CLIENT:-moshmux}
stop_secs=${IX_STOP:-15}

# Succeed when the client owns a UDP socket bound to address $1.
self_client_bound() {
	ss -uapn 2>/dev/null | grep "pid=$CLI_PID," | grep -qF " $1:"
}

# Move the client from 127.0.0.2 to 127.0.0.3 and check it carries on.
self_roam() {
	ix_check "client bound to 127.0.0.2" wait_for 30 self_client_bound 127.0.0.2
	echo 127.0.0.3 >"$T_TMP/rebind"
	kill -USR2 "$CLI_PID"
	ix_check "client rebinds to 127.0.0.3" wait_for 30 self_client_bound 127.0.0.3
	ix_check "session continues after the address change" \
	    ix_run 'echo roamed' roamed 50
	ss -uapn 2>/dev/null | grep "pid=$CLI_PID," | sed 's/^/# client socket: /'
	# With the client stopped, the server's next heartbeat (<= 3 s)
	# queues on the socket it now sends to: that must be 127.0.0.3's.
	kill -STOP "$CLI_PID"
	wait_for 50 self_queued 127.0.0.3
	q2=$(self_queued 127.0.0.2; echo $?)
	q3=$(self_queued 127.0.0.3; echo $?)
	kill -CONT "$CLI_PID"
	ix_check "server sends to 127.0.0.3, not 127.0.0.2" \
	    test "$q3" = 0 -a "$q2" = 1
}

# Print how many UDP sockets the client has open.
self_sockets() {
	ss -uapn 2>/dev/null | grep -c "pid=$CLI_PID,"
}

# Succeed when the client's socket on address $1 has datagrams queued.
self_queued() {
	ss -uapn 2>/dev/null | grep "pid=$CLI_PID," | grep -F " $1:" |
	    awk '$2 > 0 { found = 1 } END { exit !found }'
}

# Stop the server for $stop_secs s, check the bar, resume, time recovery.
self_stop() {
	socks=$(self_sockets)
	kill -STOP "$SRV_PID"
	start=$(ix_ms)
	seen=""
	while [ $(($(ix_ms) - start)) -lt $((stop_secs * 1000)) ]; do
		if [ -z "$seen" ] && ix_has 'Last contact'; then
			seen=$(($(ix_ms) - start))
		fi
		sleep 0.2
	done
	ix_check "bar says Last contact while the server is stopped (after ${seen:-never} ms)" \
	    ix_has 'Last contact'
	ix_check "client hopped to a new port during the outage ($socks -> $(self_sockets) sockets)" \
	    test "$(self_sockets)" -gt "$socks"
	kill -CONT "$SRV_PID"
	start=$(ix_ms)
	gone=""
	bar=""
	while [ $(($(ix_ms) - start)) -lt ${IX_RECOVER_MAX:-3000} ]; do
		if ix_no_bar; then
			gone=$(($(ix_ms) - start))
			break
		fi
		[ $(($(ix_ms) - start)) -gt 500 ] && [ -z "$bar" ] &&
		    bar=$(ix_screen | head -n 1)
		sleep 0.05
	done
	echo "# bar gone ${gone:-never} ms after SIGCONT"
	[ -n "$bar" ] && echo "# bar 0.5 s after SIGCONT: $bar"
	ix_check "bar goes away within 1.5 s of SIGCONT (${gone:-never} ms)" \
	    test -n "$gone" -a "${gone:-9999}" -lt 1500
	ix_check "session works after the outage" ix_run 'echo resumed' resumed 50
}

# Run moshmux with no arguments, detach, reattach with moshmux attach.
self_noarg() {
	ix_tmux kill-server 2>/dev/null
	IX_SOCK="$IX_SOCK-noarg"
	tmux_start "$IX_SOCK"
	ix_pane "env -u PS1 /bin/sh" || { fail "pane for moshmux"; return; }
	mkdir -p "$T_TMP/tmpd" "$T_TMP/home"
	env="TMPDIR=$T_TMP/tmpd HOME=$T_TMP/home SHELL=/bin/sh"
	ix_type "PS1='pane> '; clear"
	ix_type "$env PS1='\$ ' $MOSHMUX; echo EXIT=\$?"
	t0=$(ix_ms)
	ix_check "moshmux with no arguments shows a shell" ix_connected
	echo "# first screen after $(($(ix_ms) - t0)) ms"
	self_track_server
	ix_check "found the session's shell" ix_shell_pids
	ix_check "output in the session" ix_run 'echo early' early 50
	ix_tmux send-keys C-^ .
	ix_check "Ctrl-^ . detaches the client" wait_for 100 ix_exited
	ix_check "client exit status 0" ix_line EXIT=0
	ix_check "the shell survives the detach" ix_alive "$SH_PID"
	ix_type 'clear'
	wait_for 30 eval '! ix_has early-42'
	ix_type "$env $MOSHMUX attach; echo EXIT=\$?"
	ix_check "moshmux attach shows the earlier output" wait_for 100 ix_line early-42
	ix_check "reattached session works" ix_run 'echo later' later 50
	ix_tmux send-keys C-^ .
	ix_check "detached again" wait_for 100 ix_exited
	env TMPDIR="$T_TMP/tmpd" "$MOSHMUX" kill-server >/dev/null 2>&1
	ix_check "kill-server stops the local server" \
	    wait_for 30 eval '! ix_alive "$NOARG_PID"'
}

# Find the local server through its control socket under our TMPDIR.
self_track_server() {
	NOARG_PID=$(ss -xlpn 2>/dev/null | grep -F "$T_TMP/tmpd/" |
	    sed -n 's/.*pid=\([0-9]*\),.*/\1/p' | head -n 1)
	[ -n "$NOARG_PID" ] && track_pid "$NOARG_PID"
	IX_MORE_PIDS="$IX_MORE_PIDS $NOARG_PID"
	echo "# local server pid ${NOARG_PID:-not found}"
}

if ix_server "$skind"; then
	ok "$skind server started (port $SRV_PORT, pid $SRV_PID)"
else
	fail "$skind server started: $(cat "$T_TMP/srv.out" "$T_TMP/srv.err")"
	finish
	exit
fi
if [ "$ckind" = moshmux ]; then
	IX_CLIENT_ENV="MOSHMUX_REBIND_FILE=$T_TMP/rebind"
	ix_check "moshmux client started on 127.0.0.2" \
	    ix_client moshmux "" -b 127.0.0.2
else
	ix_check "$ckind client started" ix_client "$ckind"
fi
ix_basic_checks
ix_torture
ix_client_keys
[ "$ckind" = moshmux ] && self_roam
self_stop
ix_check "server still running" ix_alive "$SRV_PID"
ix_quit_check
[ "$skind$ckind" = moshmuxmoshmux ] && self_noarg
ix_end
