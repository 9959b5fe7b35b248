#!/bin/sh
# The display diff checked on another terminal: tmux 3.3a.
#
# For seeds 1, 2, ... (at most $DISPLAY_TMUX_SEEDS, default 200, and as
# many as fit in $DISPLAY_TMUX_SECONDS, default 30), tests/tools/escgen
# writes a stream A (seed) and a continuation B (seed + 100000);
# tests/tools/display-pair writes the display's bytes that paint A on a
# fresh terminal and then turn it into A+B (mosh target for odd seeds,
# terminal target for even ones).  A private tmux server shows those bytes
# in a raw 80x24 pane; its screen text and cursor must be what
# "cat A B | emu-dump 80 24" prints.  So the diff relies on nothing that
# only our own emulator does.  After the bytes the pane sets its title to
# a marker (tmux has then parsed everything before it).
#
# A failing seed is reproduced with:
#   escgen SEED > a; escgen -n 30 $((SEED + 100000)) > b
#   display-pair 80 24 a b | emu-dump 80 24
. "$(dirname "$0")/../lib.sh"

TOOLS=$(cd "$O" && pwd)/tests/tools
SEEDS=${DISPLAY_TMUX_SEEDS:-200}
SECONDS_MAX=${DISPLAY_TMUX_SECONDS:-30}
BATCH=8
SOCK=disptest-$$

if ! command -v tmux >/dev/null 2>&1; then
	fail "display-tmux: tmux is installed"
	finish
	exit
fi
check "display-tmux: escgen, display-pair and emu-dump are built" \
	test -x "$TOOLS/escgen" -a -x "$TOOLS/display-pair" -a -x "$EMU_DUMP"

tmux_start "$SOCK"
tmux -L "$SOCK" -f /dev/null new-session -d -s main -x 80 -y 24 \
	"exec sleep 600"
tmux -L "$SOCK" set -g history-limit 10 >/dev/null 2>&1

# Wait (at most 10 s) until pane $1 has drawn its bytes (title is $2).
pane_done() {
	n=500
	while [ "$n" -gt 0 ]; do
		t=$(tmux -L "$SOCK" display -p -t "$1" '#{pane_title}' \
			2>/dev/null)
		[ "$t" = "$2" ] && return 0
		sleep 0.02
		n=$((n - 1))
	done
	return 1
}

# Write seed $1's files and start its pane; prints the pane id.
start_seed() {
	d=$T_TMP/seed-$1
	mkdir -p "$d"
	"$TOOLS/escgen" "$1" >"$d/a" || return 1
	"$TOOLS/escgen" -n 30 $(($1 + 100000)) >"$d/b" || return 1
	flag=
	[ $(($1 % 2)) -eq 0 ] && flag=-t
	"$TOOLS/display-pair" $flag 80 24 "$d/a" "$d/b" >"$d/diff" || return 1
	cat "$d/a" "$d/b" | "$EMU_DUMP" 80 24 >"$d/want" 2>&1
	tmux -L "$SOCK" new-window -d -P -F '#{pane_id}' -t main: \
		"stty raw -echo -opost; cat '$d/diff'; printf '\\033]2;done-$1\\007'; exec sleep 600"
}

# Compare seed $1 shown in pane $2 with emu-dump; record one check.
check_seed() {
	d=$T_TMP/seed-$1
	if ! pane_done "$2" "done-$1"; then
		fail "display-tmux seed $1: tmux drew the bytes in time"
		tmux -L "$SOCK" kill-pane -t "$2" 2>/dev/null
		return
	fi
	tmux -L "$SOCK" capture-pane -p -t "$2" >"$d/got"
	cur=$(tmux -L "$SOCK" display -p -t "$2" '#{cursor_y},#{cursor_x}')
	tmux -L "$SOCK" kill-pane -t "$2" 2>/dev/null
	case $cur in *,80) cur=${cur%,80},79 ;; esac
	echo "cursor $cur" >>"$d/got"
	if cmp -s "$d/got" "$d/want"; then
		ok "display-tmux seed $1"
	else
		diff "$d/got" "$d/want" | sed 's/^/  /' | head -n 12
		fail "display-tmux seed $1 (< tmux, > emu-dump)"
	fi
}

run_seed_batches "display-tmux"
tmux -L "$SOCK" kill-server 2>/dev/null
finish
