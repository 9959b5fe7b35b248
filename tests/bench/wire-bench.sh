#!/bin/sh
# Wire benchmark (make bench): bytes on the wire in each direction and the
# time until the final screen reaches the client, for the stock mosh-server
# + mosh-client and for moshmux server + client, over loopback through
# tests/tools/udp-relay, which counts the datagrams.  Two workloads:
#   seq       `seq 1 2000000` typed into the shell; time from Enter until
#             the client's screen shows the line 2000000
#   updates   WIRE_BENCH_SECS (default 60) seconds of a line with a time
#             stamp and a counter 10 times a second; time from the loop's
#             last line (its own time stamp) until the client shows it, and
#             the mean and max lag of the newest line the client shows
# WIRE_BENCH_IMPLS (default "stock moshmux") picks the implementations;
# WIRE_BENCH_REPS (default 3) is how many times seq runs (one row each).
# Columns: bytes and datagrams client->server and server->client, the time
# in ms, and the CPU time in ms the server and the client process used.
. tests/lib.sh
. tests/e2e/interop-lib.inc

secs=${WIRE_BENCH_SECS:-60}
reps=${WIRE_BENCH_REPS:-3}
impls=${WIRE_BENCH_IMPLS:-stock moshmux}
results=$T_TMP/results

# Print the CPU time (user + system, in clock ticks) of process $1.
bench_cpu() {
	sed 's/.*) //' "/proc/$1/stat" 2>/dev/null |
	    awk '{ print $12 + $13 }' | grep . || echo 0
}

# Print the relay's counters and the CPU times of server and client:
# "c2s_bytes c2s_dgrams s2c_bytes s2c_dgrams server_ticks client_ticks".
bench_counters() {
	rm -f "$T_TMP/relay.stats"
	kill -USR1 "$RELAY_PID"
	wait_for 20 test -f "$T_TMP/relay.stats"
	echo "$(awk '{ v[$1] = $2 } END { print v["c2s_bytes"],
	    v["c2s_datagrams"], v["s2c_bytes"], v["s2c_datagrams"] }' \
	    "$T_TMP/relay.stats") $(bench_cpu "$SRV_PID") $(bench_cpu "$CLI_PID")"
}

# Record one result row: workload, impl, counters before and after, ms.
bench_row() {
	echo "$1 $2 $3 $4 $5" | awk -v hz="$(getconf CLK_TCK)" '{
	    printf "%-14s %-8s %10d %8d %10d %8d %8s %8d %8d\n", $1, $2,
	    $9 - $3, $10 - $4, $11 - $5, $12 - $6, $15,
	    ($13 - $7) * 1000 / hz, ($14 - $8) * 1000 / hz }' >>"$results"
}

# Clear the screen and let the link go quiet.
bench_settle() {
	ix_type clear
	sleep 2
}

# Workload seq: one big burst of output.
bench_seq() {
	bench_settle
	before=$(bench_counters)
	start=$(ix_ms)
	ix_type 'seq 1 2000000'
	if wait_for 2400 ix_line 2000000; then
		ms=$(($(ix_ms) - start))
	else
		ms=timeout
	fi
	sleep 1
	bench_row seq "$1" "$before" "$(bench_counters)" "$ms"
}

# Wait until the screen shows a DONE line; print its timestamp.
bench_done_ts() {
	ix_screen | sed -n 's/^DONE \([0-9][0-9]*\) *$/\1/p' | tail -n 1
}

# Print the time stamp (epoch ms) of the newest counter line shown.
bench_newest() {
	ix_screen | awk '/^T[0-9]+ [0-9]+ *$/ { t = substr($1, 2) } END { print t }'
}

# Sample the lag of the newest line shown until time $2 (epoch ms);
# append "impl mean max samples" to the lag table.
bench_lag() {
	sum=0
	max=0
	count=0
	stop=$2
	while [ "$(ix_ms)" -lt "$stop" ]; do
		t=$(bench_newest)
		if [ -n "$t" ]; then
			lag=$(($(ix_ms) - t))
			sum=$((sum + lag))
			count=$((count + 1))
			[ "$lag" -gt "$max" ] && max=$lag
		fi
		sleep 0.1
	done
	[ "$count" -gt 0 ] || count=1
	printf "%-8s %8d %8d %8d\n" "$1" $((sum / count)) "$max" "$count" \
	    >>"$T_TMP/lag"
}

# Workload updates: a line "T<epoch ms> <counter>" 10 times a second for
# $secs seconds, then "DONE <epoch ms>".
bench_updates() {
	bench_settle
	before=$(bench_counters)
	ix_type "end=\$((\$(date +%s)+$secs)); i=0; while [ \$(date +%s) -lt \$end ]; do echo T\$(date +%s%3N) \$i; i=\$((i+1)); sleep 0.1; done; echo DONE \$(date +%s%3N)"
	# The loop ends between secs - 1 and secs seconds after it starts.
	typed=$(ix_ms)
	sleep 1
	bench_lag "$1" $((typed + secs * 1000 - 1300))
	n=0
	ts=""
	while [ -z "$ts" ] && [ "$n" -lt 1200 ]; do
		ts=$(bench_done_ts)
		[ -n "$ts" ] || sleep 0.02
		n=$((n + 1))
	done
	if [ -n "$ts" ]; then
		ms=$(($(ix_ms) - ts))
	else
		ms=timeout
	fi
	sleep 1
	bench_row "updates-${secs}s" "$1" "$before" "$(bench_counters)" "$ms"
}

# Run both workloads for implementation $1 (stock or moshmux).
bench_impl() {
	if ! ix_server "$1"; then
		echo "# $1: server did not start"
		return
	fi
	ix_relay "$SRV_PORT" || { echo "# $1: relay failed"; return; }
	ix_client "$1" "$RELAY_PORT"
	if ! ix_connected; then
		echo "# $1: client did not connect"
		ix_show
	else
		r=0
		while [ "$r" -lt "$reps" ]; do
			bench_seq "$1"
			r=$((r + 1))
		done
		bench_updates "$1"
	fi
	ix_tmux send-keys C-^ .
	sleep 1
	ix_tmux kill-server
	for p in "$SRV_PID" "$RELAY_PID" "$CLI_PID"; do
		kill "$p" 2>/dev/null
	done
}

for impl in $impls; do
	bench_impl "$impl"
done
echo
printf "%-14s %-8s %10s %8s %10s %8s %8s %8s %8s\n" workload impl \
    c2s-bytes c2s-dgr s2c-bytes s2c-dgr ms srv-cpu cli-cpu
sort -s -k1,1 "$results" 2>/dev/null
echo
echo "updates: lag of the newest line on the client's screen, sampled every ~0.1 s"
printf "%-8s %8s %8s %8s\n" impl mean-ms max-ms samples
cat "$T_TMP/lag" 2>/dev/null
