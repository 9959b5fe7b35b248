#!/bin/sh
# tests/emu-dump, the tool the emulator tests share: its output format
# (rows, cursor, -s history, -a and -g attributes, -r replies) and its
# argument errors.
. "$(dirname "$0")/../lib.sh"

# Check that emu-dump ARGS... with stdin $IN prints exactly $WANT.
dump_is() {
	what=$1
	shift
	got=$(printf "$IN" | "$EMU_DUMP" "$@" 2>&1)
	if [ "$got" = "$WANT" ]; then
		ok "emu-dump: $what"
	else
		printf '  got:\n%s\n  want:\n%s\n' "$got" "$WANT"
		fail "emu-dump: $what"
	fi
}

IN=''
WANT=$(printf '\n\n\ncursor 0,0')
dump_is "empty input: ROWS empty lines and the cursor" 10 3

IN='ab  \033[6Gc   '
WANT=$(printf 'ab   c\ncursor 0,9')
dump_is "trailing blanks removed, inner ones kept" 20 1

IN='\344\270\255a'
WANT=$(printf '\344\270\255a\ncursor 0,3')
dump_is "a wide character printed once" 10 1

IN='one\r\ntwo\r\nthree'
WANT=$(printf 'one\ntwo\nthree\ncursor 1,5')
dump_is "-s: history first, oldest first" 10 2 -s

IN='one\r\ntwo\r\nthree'
WANT=$(printf 'two\nthree\ncursor 1,5')
dump_is "without -s: screen only" 10 2

IN='a\033[1;31mX\033[0m \033[44m  \033[0m'
WANT=$(printf 'aX\n  attrs: 1-1 fg=1 bold\n  attrs: 3-4 bg=4\ncursor 0,5')
dump_is "-a: runs of non-default cells" 10 1 -a

IN='a\033[1;31mX\033[0m \033[44m  \033[0m'
WANT=$(printf 'aX\n  attrs: 1-1 fg=1 bold\ncursor 0,5')
dump_is "-g: blank cells count as default" 10 1 -g

IN='\033[38;2;1;2;3mT'
WANT=$(printf 'T\n  attrs: 0-0 fg=#010203\ncursor 0,1')
dump_is "-a: true colour as #rrggbb" 5 1 -a

IN='xy\033[6n'
WANT=$(printf 'xy\n\ncursor 0,2\nreply \\e[1;3R')
dump_is "-r: replies escaped, after the cursor" 5 2 -r

for args in "" "10" "0 5" "5 0" "x 5" "5 5 -z" "5 5 7" "-5 5"; do
	# shellcheck disable=SC2086
	if "$EMU_DUMP" $args </dev/null >/dev/null 2>"$T_TMP/err"; then
		fail "emu-dump: rejects '$args'"
	elif grep -q usage "$T_TMP/err"; then
		ok "emu-dump: rejects '$args' with a usage message"
	else
		fail "emu-dump: rejects '$args' with a usage message"
	fi
done
check "emu-dump: --help exits 0" sh -c '"$EMU_DUMP" --help 2>/dev/null'
finish
