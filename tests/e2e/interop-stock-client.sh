#!/bin/sh
# Interoperability 1: Debian's stock mosh-client, in a private tmux pane,
# attached to `moshmux mosh-server new`.  Echo, resize, 10 s idle without a
# trouble bar, output a stock client must survive (queries, colours, wide
# characters, a burst, seeded random bytes), a large paste, and Ctrl-^ .
# quitting with exit status 0 (the stock client aborts with 134 on
# protocol violations).  Then the stock `mosh` wrapper bootstraps the
# server: `mosh --local --server="moshmux mosh-server" 127.0.0.1`.
# IX_SERVER=stock runs the same checks against the stock server (a check
# of the harness itself).
. tests/lib.sh
. tests/e2e/interop-lib.inc

skind=${IX_SERVER:-moshmux}
if ix_server "$skind"; then
	ok "$skind server started (port $SRV_PORT, pid $SRV_PID)"
else
	fail "$skind server started: $(cat "$T_TMP/srv.out" "$T_TMP/srv.err")"
	finish
	exit
fi
ix_check "stock mosh-client started" ix_client stock
ix_basic_checks
ix_torture
ix_check "server still running" ix_alive "$SRV_PID"
ix_quit_check

# The stock wrapper: it runs the server command, reads MOSH CONNECT and
# waits for the server to detach before it starts mosh-client.
ix_tmux kill-server 2>/dev/null
IX_SOCK="$IX_SOCK-wrapper"
tmux_start "$IX_SOCK"
case $skind in
stock) server=mosh-server ;;
*) server="$MOSHMUX mosh-server" ;;
esac
ix_pane "mosh --local --bind-server=127.0.0.1 --server='$server' 127.0.0.1 \
    -- env PS1='\$ ' /bin/sh"
ix_check "mosh --server='$skind mosh-server' connects" ix_connected
if ix_shell_pids; then
	IX_MORE_PIDS="$SH_PPID"
fi
ix_check "mosh wrapper session works" ix_run 'echo wrapped' wrapped 50
ix_quit_check
ix_end
