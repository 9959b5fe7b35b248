#!/bin/sh
# The mosh-target display diff checked on a stock mosh-client 1.4, and
# the terminal-target diff on the moshmux client.
#
# For seeds 1, 2, ... (at most $DISPLAY_MOSH_SEEDS, default 12, and as many
# as fit in $DISPLAY_MOSH_SECONDS, default 40), tests/tools/escgen writes a
# stream; `moshmux mosh-server new` runs a script that waits for the
# client's 80x24 size, puts its tty in raw mode, cats the stream and sets
# the title to a marker.  Debian's stock mosh-client (odd seeds) or the
# moshmux client (even seeds), in a private tmux pane, applies our diffs
# and draws the result; once the marker title shows, the pane's text and
# cursor must be what "emu-dump 80 24 < stream" prints.  The whole chain:
# our emulator, our mosh-target diff, mosh's emulator and mosh-client's
# drawing, or our emulator again and our terminal-target diff.
. "$(dirname "$0")/../lib.sh"

TOOLS=$(cd "$O" && pwd)/tests/tools
SEEDS=${DISPLAY_MOSH_SEEDS:-12}
SECONDS_MAX=${DISPLAY_MOSH_SECONDS:-40}
SOCK=dispmosh-$$

if ! command -v mosh-client >/dev/null 2>&1 ||
	! command -v tmux >/dev/null 2>&1; then
	fail "display-mosh: mosh-client and tmux are installed"
	finish
	exit
fi
check "display-mosh: moshmux, escgen and emu-dump are built" \
	test -x "$MOSHMUX" -a -x "$TOOLS/escgen" -a -x "$EMU_DUMP"

tmux_start "$SOCK"
tmux -L "$SOCK" -f /dev/null new-session -d -s main -x 80 -y 24 \
	"exec sleep 600"

# Wait (at most 15 s) until pane $1's title contains $2.
title_has() {
	n=150
	while [ "$n" -gt 0 ]; do
		case $(tmux -L "$SOCK" display -p -t "$1" '#{pane_title}' \
			2>/dev/null) in
		*"$2"*) return 0 ;;
		esac
		sleep 0.1
		n=$((n - 1))
	done
	return 1
}

# Run seed $1 through a server and a stock client; record one check.
run_seed() {
	d=$T_TMP/seed-$1
	mkdir -p "$d"
	"$TOOLS/escgen" "$1" >"$d/stream" || return 1
	"$EMU_DUMP" 80 24 <"$d/stream" >"$d/want" 2>&1
	cat >"$d/run.sh" <<EOS
n=100
while [ "\$(stty size)" != "24 80" ] && [ \$n -gt 0 ]; do
	sleep 0.1
	n=\$((n - 1))
done
stty raw -echo -opost
cat '$d/stream'
printf '\\033]2;done-$1\\007'
exec sleep 600
EOS
	env MOSH_SERVER_NETWORK_TMOUT=60 timeout 10 "$MOSHMUX" mosh-server \
	    new -i 127.0.0.1 -p 0 -- sh "$d/run.sh" \
	    >"$d/srv.out" 2>"$d/srv.err" </dev/null
	port=$(sed -n 's/^MOSH CONNECT \([0-9]*\) .*/\1/p' "$d/srv.out")
	key=$(sed -n 's/^MOSH CONNECT [0-9]* \([^ \r]*\).*/\1/p' "$d/srv.out")
	spid=$(sed -n 's/.*detached, pid = \([0-9]*\).*/\1/p' "$d/srv.err")
	[ -n "$spid" ] && track_pid "$spid"
	if [ -z "$port" ] || [ -z "$key" ]; then
		fail "display-mosh seed $1: server started"
		return
	fi
	client="mosh-client"
	name=mosh-client
	if [ $(($1 % 2)) -eq 0 ]; then
		client="$MOSHMUX connect"
		name=moshmux
	fi
	pane=$(tmux -L "$SOCK" new-window -d -P -F '#{pane_id}' -t main: \
		"env MOSH_KEY=$key $client 127.0.0.1 $port")
	cpid=$(tmux -L "$SOCK" display -p -t "$pane" '#{pane_pid}')
	[ -n "$cpid" ] && track_pid "$cpid"
	if ! title_has "$pane" "done-$1"; then
		fail "display-mosh seed $1: the client showed the marker"
	else
		sleep 0.3 # the frame with the marker is drawn in one write
		tmux -L "$SOCK" capture-pane -p -t "$pane" >"$d/got"
		cur=$(tmux -L "$SOCK" display -p -t "$pane" \
			'#{cursor_y},#{cursor_x}')
		case $cur in *,80) cur=${cur%,80},79 ;; esac
		echo "cursor $cur" >>"$d/got"
		if cmp -s "$d/got" "$d/want"; then
			ok "display-mosh seed $1 ($name)"
		else
			diff "$d/got" "$d/want" | sed 's/^/  /' | head -n 12
			fail "display-mosh seed $1 (< $name, > emu-dump)"
		fi
	fi
	tmux -L "$SOCK" kill-pane -t "$pane" 2>/dev/null
	[ -n "$spid" ] && kill "$spid" 2>/dev/null
}

start=$(date +%s)
seed=1
while [ "$seed" -le "$SEEDS" ] &&
	[ $(($(date +%s) - start)) -lt "$SECONDS_MAX" ]; do
	run_seed "$seed"
	seed=$((seed + 1))
done
echo "# display-mosh: seeds 1..$((seed - 1)) in $(($(date +%s) - start)) s"
tmux -L "$SOCK" kill-server 2>/dev/null
finish
