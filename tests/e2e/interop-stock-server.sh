#!/bin/sh
# Interoperability 2: the moshmux client, in a private tmux pane, attached
# to Debian's stock `mosh-server new`.  Echo, resize, 10 s idle without a
# trouble bar, demanding output and a large paste, the client's own keys,
# and Ctrl-^ . quitting with status 0.
# IX_CLIENT=stock runs the same checks with the stock client (a check of
# the harness itself; its Ctrl-^ Ctrl-Z check fails by design, see
# interop-self.sh).
. tests/lib.sh
. tests/e2e/interop-lib.inc

ckind=${IX_CLIENT:-moshmux}
if ix_server stock; then
	ok "stock server started (port $SRV_PORT, pid $SRV_PID)"
else
	fail "stock server started: $(cat "$T_TMP/srv.out" "$T_TMP/srv.err")"
	finish
	exit
fi
ix_check "$ckind client started" ix_client "$ckind"
ix_basic_checks
ix_torture
ix_client_keys
ix_check "server still running" ix_alive "$SRV_PID"
ix_quit_check
ix_end
