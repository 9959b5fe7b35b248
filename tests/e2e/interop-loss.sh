#!/bin/sh
# Interoperability over a bad link: udp-relay loses 20 % of the datagrams
# in each direction, duplicates 5 % and reorders 10 % (seeded).  For the
# stock client with the moshmux server, the moshmux client with the stock
# server, and moshmux with itself: the session connects, 40 screens of
# random text (2 KB frames, several fragments each) end with the client
# showing exactly the last one, a 20000-byte random paste reaches the
# shell intact, nobody aborts, and Ctrl-^ . quits (status 0, or 1 when
# the shutdown was unclean).  IX_LOSS sets the loss percent.
# IX_LOSS=30 passes for all three pairs: the moshmux client sends a big
# paste in user-stream steps of 1 KB after idling, growing while acks come
# and halving on a resend, and resends unacknowledged steps one by one
# (ssp/sender.c), so ~40-370 datagrams carry the 20 KB paste at 30 % loss
# where resending it whole (~16 fragments a try) took 1100-2300 or failed.
# At 50 % loss the moshmux client may still take over 30 s.
. tests/lib.sh
. tests/e2e/interop-lib.inc

IX_RELAY_ARGS="-L ${IX_LOSS:-20} -D 5 -O 10 -S 7"
base=$IX_SOCK
pair=0
# 40 screens of 23 random lines; nap=1 in the pane (a frame each), 0 here.
frames='BEGIN { srand(3); for (f = 0; f < 40; f++) { for (l = 0; l < 23; l++) { s = ""; for (c = 0; c < 79; c++) s = s sprintf("%c", 33 + int(rand() * 94)); print s } if (nap) system("sleep 0.05") } }'
LC_ALL=C awk -v nap=0 "$frames" | tail -n 22 >"$T_TMP/frames.tail"

# Succeed when the screen's first 22 rows are the last 22 lines written.
loss_final_screen() {
	ix_screen | head -n 22 | cmp -s - "$T_TMP/frames.tail"
}

# Run the checks for server kind $1 and client kind $2 over the relay.
loss_pair() {
	what="$1 server, $2 client"
	pair=$((pair + 1))
	IX_SOCK="$base-$pair"
	tmux_start "$IX_SOCK"
	if ! ix_server "$1" || ! ix_relay "$SRV_PORT"; then
		fail "$what: server and relay start"
		return
	fi
	ix_client "$2" "$RELAY_PORT"
	if ! ix_connected 300; then
		ix_check "$what: connected" false
		return
	fi
	ok "$what: connected"
	ix_check "$what: 40 screens of random text arrive" \
	    ix_run "clear; LC_ALL=C awk -v nap=1 '$frames'" frames 300
	ix_check "$what: the client shows exactly the last screen" \
	    loss_final_screen
	ix_check "$what: 20000-byte random paste arrives intact" ix_paste
	ix_check "$what: server alive" ix_alive "$SRV_PID"
	ix_check "$what: client alive" ix_alive "$CLI_PID"
	echo "# $what: lost $(ix_relay_stat c2s_lost) up," \
	    "$(ix_relay_stat s2c_lost) down"
	# A lost reply to the shutdown makes it unclean (status 1): the peer
	# sends its ack of the shutdown once and exits (ssp-wire.md 7.6).
	ix_tmux send-keys C-^ .
	ix_check "$what: Ctrl-^ . exits the client" wait_for 150 ix_exited
	st=$(ix_screen | sed -n 's/^EXIT=\([0-9]*\).*/\1/p' | tail -n 1)
	ix_check "$what: exit status 0 or 1, no abort (got ${st:-none})" \
	    test "$st" = 0 -o "$st" = 1
	kill "$RELAY_PID" "$SRV_PID" 2>/dev/null
	ix_tmux kill-server
}

loss_pair moshmux stock
loss_pair stock moshmux
loss_pair moshmux moshmux
ix_end
