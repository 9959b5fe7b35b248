#!/bin/sh
# Differential test of the emulator against tmux 3.3a as the oracle.
#
# For seeds 1, 2, ... (at most $EMU_TMUX_SEEDS, default 400, and as many as
# fit in $EMU_TMUX_SECONDS, default 40), tests/tools/escgen -t SEED writes a
# realistic escape stream.  A private tmux server shows it in a fresh pane
# ($EMU_TMUX_COLS x $EMU_TMUX_ROWS, default 80x24) whose tty is raw
# (stty raw -echo -opost); after the stream the pane
# sets its title to a marker, so once tmux reports that title it has parsed
# every byte before it (the title changes neither screen nor cursor).  Then
# capture-pane -p and #{cursor_y},#{cursor_x} are compared with
# tests/emu-dump COLS ROWS of the same bytes: screen text and cursor.  Then the
# attributes and colours of every character (blank cells count as default):
# tmux's capture-pane -e is replayed into emu-dump -g and compared with
# emu-dump -g of the stream (tmux 3.3a writes overline as SGR 5:3 there, an
# error: it is read back as 53).
#
# Known tmux differences, handled rather than ignored:
# - tmux keeps the "pending wrap" state after the last column as cursor
#   column COLS, where xterm has COLS-1 plus a flag: a reported column
#   COLS is compared as COLS-1, and escgen -t never lets an operation that would act
#   differently (BS, CUB, EL, ECH, ICH, DCH, LF, VPA, DECSC...) meet that
#   state (see escgen.c).
# - tmux 3.3a lacks CHT, HPR and VPR: escgen does not emit them.
#
# A failing seed is reproduced with:
#   $O/tests/tools/escgen -t -w COLS -h ROWS SEED | $O/tests/emu-dump COLS ROWS
. "$(dirname "$0")/../lib.sh"

ESCGEN=${ESCGEN:-$(cd "$O" && pwd)/tests/tools/escgen}
W=${EMU_TMUX_COLS:-80}
H=${EMU_TMUX_ROWS:-24}
SEEDS=${EMU_TMUX_SEEDS:-400}
SECONDS_MAX=${EMU_TMUX_SECONDS:-40}
BATCH=8
SOCK=emutest-$$

if ! command -v tmux >/dev/null 2>&1; then
	fail "emu-tmux: tmux is installed"
	finish
	exit
fi
check "emu-tmux: escgen and emu-dump are built" \
	test -x "$ESCGEN" -a -x "$EMU_DUMP"

tmux_start "$SOCK"
tmux -L "$SOCK" -f /dev/null new-session -d -s main -x "$W" -y "$H" \
	"exec sleep 600"
tmux -L "$SOCK" set -g history-limit 10 >/dev/null 2>&1
tmux -L "$SOCK" set -g default-shell /bin/sh >/dev/null 2>&1

# Print the title of pane $1.
pane_title() {
	tmux -L "$SOCK" display -p -t "$1" '#{pane_title}' 2>/dev/null
}

# Wait (at most 10 s) until pane $1 has drawn its stream (title is $2).
pane_done() {
	n=500
	while [ "$n" -gt 0 ]; do
		[ "$(pane_title "$1")" = "$2" ] && return 0
		sleep 0.02
		n=$((n - 1))
	done
	return 1
}

# Start seed $1 in a new window; prints its pane id.
start_seed() {
	f=$T_TMP/seed-$1.bin
	"$ESCGEN" -t -w "$W" -h "$H" "$1" >"$f" || return 1
	tmux -L "$SOCK" new-window -d -P -F '#{pane_id}' -t main: \
		"stty raw -echo -opost; cat '$f'; printf '\\033]2;done-$1\\007'; exec sleep 600"
}

# Compare seed $1 shown in pane $2 with emu-dump; record one check.
check_seed() {
	f=$T_TMP/seed-$1.bin
	REPRO="escgen -t -w $W -h $H $1 | emu-dump $W $H"
	if ! pane_done "$2" "done-$1"; then
		fail "emu-tmux seed $1: tmux drew the stream in time"
		tmux -L "$SOCK" kill-pane -t "$2" 2>/dev/null
		return
	fi
	size=$(tmux -L "$SOCK" display -p -t "$2" '#{pane_width}x#{pane_height}')
	tmux -L "$SOCK" capture-pane -p -t "$2" >"$T_TMP/tmux.txt"
	tmux -L "$SOCK" capture-pane -p -e -t "$2" |
		sed -E 's/(\x1b\[|;)5:3([;m])/\153\2/g' |
		awk 'NR > 1 { printf "\r\n" } { printf "%s", $0 }' |
		"$EMU_DUMP" "$W" "$H" -g | sed '$d' >"$T_TMP/tmux-attr.txt"
	cur=$(tmux -L "$SOCK" display -p -t "$2" '#{cursor_y},#{cursor_x}')
	tmux -L "$SOCK" kill-pane -t "$2" 2>/dev/null
	case $cur in *,"$W") cur=${cur%,"$W"},$((W - 1)) ;; esac
	echo "cursor $cur" >>"$T_TMP/tmux.txt"
	"$EMU_DUMP" "$W" "$H" <"$f" >"$T_TMP/emu.txt" 2>"$T_TMP/emu.err"
	rc=$?
	if [ "$size" != "${W}x$H" ]; then
		fail "emu-tmux seed $1: tmux pane is ${W}x$H (got $size)"
	elif [ "$rc" -ne 0 ]; then
		sed 's/^/  /' "$T_TMP/emu.err" | head -n 5
		fail "emu-tmux $W x $H seed $1: emu-dump exited $rc ($REPRO)"
	elif ! cmp -s "$T_TMP/tmux.txt" "$T_TMP/emu.txt"; then
		diff "$T_TMP/tmux.txt" "$T_TMP/emu.txt" | sed 's/^/  /' |
			head -n 12
		fail "emu-tmux $W x $H seed $1 (< tmux, > emu-dump; $REPRO)"
	elif ! "$EMU_DUMP" "$W" "$H" -g <"$f" | sed '$d' |
		cmp -s "$T_TMP/tmux-attr.txt" -; then
		"$EMU_DUMP" "$W" "$H" -g <"$f" | sed '$d' |
			diff "$T_TMP/tmux-attr.txt" - | sed 's/^/  /' | head -n 12
		fail "emu-tmux $W x $H seed $1 attributes (< tmux, > emu-dump; $REPRO -g)"
	else
		ok "emu-tmux $W x $H seed $1"
	fi
}

run_seed_batches "emu-tmux $W x $H"
tmux -L "$SOCK" kill-server 2>/dev/null
finish
