#!/bin/sh
# Interoperability 4: random, truncated and replayed datagrams thrown at
# both ends of a moshmux client <-> moshmux server session (through
# tests/tools/udp-relay, which captures and replays real datagrams) change
# nothing: both processes stay alive, the screen comes back unchanged and
# the session still works.  Then an 8 s outage (the relay drops all
# traffic): the bar says "Last contact" and goes away within 2.5 s after
# (about 0.7 s measured here; the issue asks 1 s only after SIGCONT).
# IX_SERVER / IX_CLIENT = stock swap in the stock programs.
. tests/lib.sh
. tests/e2e/interop-lib.inc

skind=${IX_SERVER:-moshmux}
ckind=${IX_CLIENT:-moshmux}
round=0

# Clear the screen, print a reference line and remember the screen.
junk_before() {
	ix_type "clear; echo ref$round-\$((6*7))"
	wait_for 50 junk_ref "ref$round-42"
	sleep 0.3
	ix_screen >"$T_TMP/screen.before"
}

# Succeed when the screen starts with line $1 and then a bare prompt.
junk_ref() {
	[ "$(ix_screen | head -n 2 | sed 's/ *$//' | tr '\n' '|')" = "$1|\$|" ]
}

# Succeed when the screen equals the reference.
junk_same() {
	ix_screen >"$T_TMP/screen.now"
	cmp -s "$T_TMP/screen.before" "$T_TMP/screen.now"
}

# After an attack named $1: both alive, screen unchanged, session works.
junk_after() {
	sleep 0.5
	ix_check "$1: server alive" ix_alive "$SRV_PID"
	ix_check "$1: client alive" ix_alive "$CLI_PID"
	if wait_for 30 junk_same; then
		ok "$1: screen unchanged"
	else
		fail "$1: screen unchanged"
		diff "$T_TMP/screen.before" "$T_TMP/screen.now" | sed 's/^/# /'
	fi
	round=$((round + 1))
	ix_check "$1: session still works" ix_run "echo after$round" "after$round" 50
	junk_before
}

# Throw $2 random datagrams (seed $3) at 127.0.0.1 port $1.
junk_random() {
	"$IX_TOOLS/udp-junk" -S "$3" -n "$2" 127.0.0.1 "$1" >/dev/null
}

if ix_server "$skind"; then
	ok "$skind server started (port $SRV_PORT, pid $SRV_PID)"
else
	fail "$skind server started: $(cat "$T_TMP/srv.out" "$T_TMP/srv.err")"
	finish
	exit
fi
ix_check "relay started" ix_relay "$SRV_PORT"
ix_check "$ckind client started through the relay" ix_client "$ckind" "$RELAY_PORT"
ix_connected || ix_bail "connected: prompt shows"
ok "connected: prompt shows"
junk_before

junk_random "$SRV_PORT" 300 1
junk_after "random datagrams at the server"

cport=$(ix_relay_stat client | sed 's/.* //')
ix_check "client port known ($cport)" test -n "$cport" -a "$cport" != 0
junk_random "$cport" 300 2
junk_after "random datagrams at the client"

kill -USR2 "$RELAY_PID"
junk_after "replayed datagrams, both ways"

kill -HUP "$RELAY_PID"
junk_after "truncated datagrams, both ways"

junk_random "$SRV_PORT" 300 3
junk_random "$cport" 300 4
kill -USR2 "$RELAY_PID"
kill -HUP "$RELAY_PID"
junk_after "everything at once"

# A network outage: the relay drops everything for 8 s.
: >"$T_TMP/relay.drop"
sleep 8
ix_check "outage: the bar says Last contact" ix_has 'Last contact'
rm -f "$T_TMP/relay.drop"
start=$(ix_ms)
gone=""
while [ $(($(ix_ms) - start)) -lt 5000 ]; do
	if ix_no_bar; then
		gone=$(($(ix_ms) - start))
		break
	fi
	sleep 0.05
done
echo "# bar gone ${gone:-never} ms after the outage ended"
ix_check "outage: bar goes away within 2.5 s (${gone:-never} ms)" \
    test -n "$gone" -a "${gone:-9999}" -lt 2500
ix_check "outage: session works" ix_run 'echo back' back 50

echo "# relay: $(ix_relay_stat c2s_datagrams) datagrams up," \
    "$(ix_relay_stat s2c_datagrams) down," \
    "$(ix_relay_stat c2s_replayed)+$(ix_relay_stat s2c_replayed) replayed"
ix_quit_check
ix_end
