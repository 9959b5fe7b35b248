#!/bin/sh
# Interoperability 1: Debian's stock mosh-client, in a private tmux pane,
# attached to `moshmux mosh-server new`.  Echo, resize, 10 s idle without a
# trouble bar, output a stock client must survive, and Ctrl-^ . quitting
# with exit status 0 (the stock client aborts with 134 on protocol
# violations).  IX_SERVER=stock runs the same checks against the stock
# server (a check of the harness itself).
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
ix_end
