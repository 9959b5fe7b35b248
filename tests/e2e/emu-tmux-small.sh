#!/bin/sh
# The differential test against tmux (emu-tmux.sh) on a 20x6 terminal,
# where wrapping, scrolling, margins and wide characters meet far more
# often than on 80x24.
EMU_TMUX_COLS=20
EMU_TMUX_ROWS=6
EMU_TMUX_SEEDS=${EMU_TMUX_SMALL_SEEDS:-300}
EMU_TMUX_SECONDS=${EMU_TMUX_SMALL_SECONDS:-25}
export EMU_TMUX_COLS EMU_TMUX_ROWS EMU_TMUX_SEEDS EMU_TMUX_SECONDS
exec sh "$(dirname "$0")/emu-tmux.sh"
