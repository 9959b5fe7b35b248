/*
 * Copyright (c) 2026 moshmux developers
 *
 * Permission to use, copy, modify, and distribute this software for any
 * purpose with or without fee is hereby granted, provided that the above
 * copyright notice and this permission notice appear in all copies.
 *
 * THE SOFTWARE IS PROVIDED "AS IS" AND THE AUTHOR DISCLAIMS ALL WARRANTIES
 * WITH REGARD TO THIS SOFTWARE INCLUDING ALL IMPLIED WARRANTIES OF
 * MERCHANTABILITY AND FITNESS. IN NO EVENT SHALL THE AUTHOR BE LIABLE FOR
 * ANY SPECIAL, DIRECT, INDIRECT, OR CONSEQUENTIAL DAMAGES OR ANY DAMAGES
 * WHATSOEVER RESULTING FROM LOSS OF MIND, USE, DATA OR PROFITS, WHETHER
 * IN AN ACTION OF CONTRACT, NEGLIGENCE OR OTHER TORTIOUS ACTION, ARISING
 * OUT OF OR IN CONNECTION WITH THE USE OR PERFORMANCE OF THIS SOFTWARE.
 */

/*
 * escgen: a seeded generator of realistic escape-sequence streams for the
 * differential test against tmux (tests/e2e/emu-tmux.sh).
 *
 *	escgen [-t] [-n OPS] [-w COLS] [-h ROWS] SEED > stream
 *
 * The same seed always gives the same bytes.  A stream is OPS operations
 * drawn with weights from lg_ops: text runs (ASCII, Latin, CJK, emoji),
 * newlines, SGR, cursor motion, erasures, scroll regions, index and
 * reverse index, scrolling, insert and delete, insert mode, save and
 * restore, REP, tab stops, origin mode, autowrap and the alternate screen.
 * It never emits a query, an OSC, or a sequence tmux 3.3a lacks (CHT, HPR,
 * VPR).
 *
 * -t (tmux-safe) keeps out of the places where tmux 3.3a is known to differ
 * from xterm, using a shadow emulator that follows the stream:
 *  - tmux keeps the "pending wrap" state after the last column as cursor
 *    column COLS, so BS, CUB, EL, ECH, ICH, DCH, LF, VPA, DECSC and the
 *    like act from one column further right: in that state a CR comes
 *    before anything but text, CR, CUP, HVP, CHA, HPA or SGR;
 *  - tmux moves BS at column 0 back onto a wrapped previous row: no BS
 *    there;
 *  - tmux stops REP at the right margin, xterm wraps: REP stays in the row;
 *  - tmux applies IL and DL outside the scroll region, xterm ignores them:
 *    only inside;
 *  - tmux erases half of a wide character and keeps the other half as a
 *    padding cell that capture-pane drops: no EL, ED, ECH, ICH or DCH
 *    that would cut one;
 *  - in insert mode tmux overwrites the first cell after a wrap: inserted
 *    text stays in its row (ASCII only, rows without wide characters);
 *  - text starting on the right half of a wide character: xterm blanks
 *    the left half, tmux keeps it: a CR goes first;
 *  - tmux garbles the row on ICH for more than half the cells left, and
 *    ignores it for all of them or more (xterm shifts or blanks to the
 *    end): ICH counts stay at most half;
 *  - text covering half of a wide character: what the other half keeps
 *    (attributes) differs; the run stops before such a character;
 *  - a wide character with one column left wraps in both, but tmux keeps
 *    the old content of that column and xterm's behaviour there is not
 *    settled: an "a" fills the column first (autowrap on only).
 *  - tmux ignores leaving the alternate screen when not in it (xterm's
 *    1049 still restores the cursor) and clears it on 47: only real
 *    switches, with 1049; tmux clears it to the default background,
 *    xterm to the current one: SGR 49 comes first;
 *  - tmux has one saved cursor, xterm one per screen, and ?1049h saves
 *    into xterm's but not tmux's DECSC slot: no DECSC/DECRC on the
 *    alternate screen, no DECRC after ?1049h before a new DECSC;
 *  - leaving 1049 restores origin mode in xterm, not in tmux: origin mode
 *    does not change on the alternate screen;
 *  - DECSTBM in origin mode homes tmux's cursor to the screen, xterm's to
 *    the region: no DECSTBM in origin mode.
 */

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "emulator/emulator.h"

struct lg {
	uint64_t state; /* xorshift64* */
	int cols;
	int rows;
	struct emu_buf out;
	struct emu *shadow; /* -t: follows the stream */
	int insert;	    /* IRM is on */
	int nowrap;	    /* DECAWM is off */
	int origin;	    /* DECOM is on */
	int saved;	    /* -t: DECSC on the main screen since ?1049h */
	int top;	    /* scroll region, 0-based inclusive */
	int bottom;
};

/* Where the next character goes, while an operation writes text (-t). */
struct lg_pos {
	int row;
	int col;   /* COLS: waiting to wrap */
	int fresh; /* the row was scrolled in: blank */
};

/* One kind of operation: its weight and whether it is safe to emit while
 * the cursor waits to wrap (see -t). */
struct lg_op {
	void (*fn)(struct lg *);
	int weight;
	int wrap_safe;
};

static uint32_t lg_rand(struct lg *);
static int lg_range(struct lg *, int, int);
static void lg_put(struct lg *, const char *, size_t);
static void lg_printf(struct lg *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
static void lg_param(struct lg *, int);
static int lg_pending(struct lg *);
static int lg_width(struct lg *, int, int);
static int lg_splits(struct lg *, int, int);
static int lg_row_has_wide(struct lg *);
static int lg_count(struct lg *, int, int *);
static void lg_csi_count(struct lg *, int, int, char);
static int lg_cursor_col(struct lg *);
static void lg_text_begin(struct lg *, struct lg_pos *);
static void lg_pos_land(
    struct lg *, const struct lg_pos *, int, struct lg_pos *);
static int lg_pos_put(struct lg *, struct lg_pos *, int);
static void lg_put_wide(struct lg *, const char **, int, int, int);
static void lg_text(struct lg *);
static void lg_latin(struct lg *);
static void lg_wide(struct lg *);
static void lg_emoji(struct lg *);
static void lg_newline(struct lg *);
static void lg_cr(struct lg *);
static void lg_sgr(struct lg *);
static void lg_cup(struct lg *);
static void lg_column(struct lg *);
static void lg_move(struct lg *);
static void lg_bs_ht(struct lg *);
static void lg_erase(struct lg *);
static void lg_region(struct lg *);
static void lg_index(struct lg *);
static void lg_scroll(struct lg *);
static void lg_insdel(struct lg *);
static void lg_irm(struct lg *);
static void lg_save(struct lg *);
static void lg_rep(struct lg *);
static void lg_tabs(struct lg *);
static void lg_modes(struct lg *);
static void lg_altscreen(struct lg *);
static void lg_usage(void);

/* The operations and their weights. */
static const struct lg_op lg_ops[] = {
	{ lg_text, 30, 1 },
	{ lg_latin, 3, 1 },
	{ lg_wide, 6, 1 },
	{ lg_emoji, 1, 1 },
	{ lg_newline, 10, 0 },
	{ lg_cr, 2, 1 },
	{ lg_sgr, 8, 1 },
	{ lg_cup, 6, 1 },
	{ lg_column, 2, 1 },
	{ lg_move, 8, 0 },
	{ lg_bs_ht, 3, 0 },
	{ lg_erase, 6, 0 },
	{ lg_region, 2, 0 },
	{ lg_index, 3, 0 },
	{ lg_scroll, 2, 0 },
	{ lg_insdel, 6, 0 },
	{ lg_irm, 1, 0 },
	{ lg_save, 2, 0 },
	{ lg_rep, 1, 0 },
	{ lg_tabs, 1, 0 },
	{ lg_modes, 1, 0 },
	{ lg_altscreen, 1, 0 },
};

/* Characters of one column (UTF-8). */
static const char *lg_latin_chars[] = { "é", "ü", "ß", "ñ", "Å", "ø", "α", "λ",
	"Ж", "я", "─", "│", "┼", "€", "£", "°", "ｱ" };

/* Characters of two columns (UTF-8). */
static const char *lg_wide_chars[] = { "中", "文", "字", "日", "本", "語", "한",
	"국", "あ", "い", "カ", "ナ", "０", "１", "Ｘ" };

/* Emoji that both glibc 2.36 and utf8proc give two columns. */
static const char *lg_emoji_chars[] = { "😀", "🎉", "👍", "🚀", "🍕", "🐧" };

/* The next pseudo-random number (xorshift64*). */
static uint32_t
lg_rand(struct lg *lg)
{
	lg->state ^= lg->state >> 12;
	lg->state ^= lg->state << 25;
	lg->state ^= lg->state >> 27;
	return ((lg->state * 2685821657736338717ULL) >> 32);
}

/* A number from lo to hi inclusive. */
static int
lg_range(struct lg *lg, int lo, int hi)
{
	return (lo + (int)(lg_rand(lg) % (uint32_t)(hi - lo + 1)));
}

/* Append bytes to the output. */
static void
lg_put(struct lg *lg, const char *s, size_t len)
{
	struct emu_buf *b = &lg->out;

	if (b->len + len > b->size) {
		b->size = (b->len + len) * 2 + 256;
		b->data = emu_xrealloc(b->data, b->size);
	}
	memcpy(b->data + b->len, s, len);
	b->len += len;
}

/* Append formatted text to the output. */
static void
lg_printf(struct lg *lg, const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (n > 0)
		lg_put(lg, buf,
		    (size_t)n < sizeof buf ? (size_t)n : sizeof buf - 1);
}

/* Append a CSI parameter: often small, sometimes absent, 0 or large. */
static void
lg_param(struct lg *lg, int max)
{
	switch (lg_range(lg, 0, 9)) {
	case 0:
		break;
	case 1:
		lg_printf(lg, "0");
		break;
	case 2:
		lg_printf(lg, "%d", lg_range(lg, 1, 200));
		break;
	default:
		lg_printf(lg, "%d", lg_range(lg, 1, max));
		break;
	}
}

/* Is the shadow emulator's cursor waiting to wrap? */
static int
lg_pending(struct lg *lg)
{
	struct emu *probe;
	int row, col;

	emu_cursor(lg->shadow, &row, &col);
	if (col != lg->cols - 1)
		return (0);
	probe = emu_clone(lg->shadow, 0);
	emu_write(probe, "X", 1);
	emu_cursor(probe, &row, &col);
	emu_free(probe);
	return (col == 1);
}

/* The shadow's width of the cell at row, col (1 if outside the screen). */
static int
lg_width(struct lg *lg, int row, int col)
{
	struct emu_cell c;

	if (row < 0 || row >= lg->rows || col < 0 || col >= lg->cols)
		return (1);
	emu_cell(lg->shadow, row, col, &c);
	return (c.width);
}

/*
 * With -t: would erasing or moving columns first..last of the cursor row
 * cut a wide character in two?  tmux then leaves the other half as a
 * padding cell that capture-pane drops, where xterm blanks both halves.
 */
static int
lg_splits(struct lg *lg, int first, int last)
{
	int row, col;

	if (lg->shadow == NULL)
		return (0);
	emu_cursor(lg->shadow, &row, &col);
	return (lg_width(lg, row, first) == 0 || lg_width(lg, row, last) == 2);
}

/* The shadow's cursor column (0 without -t). */
static int
lg_cursor_col(struct lg *lg)
{
	int row, col;

	if (lg->shadow == NULL)
		return (0);
	emu_cursor(lg->shadow, &row, &col);
	return (col);
}

/* With -t: does the cursor row hold any wide character? */
static int
lg_row_has_wide(struct lg *lg)
{
	int col;

	int row;

	emu_cursor(lg->shadow, &row, &col);
	for (col = 0; col < lg->cols; col++) {
		if (lg_width(lg, row, col) != 1)
			return (1);
	}
	return (0);
}

/*
 * Choose a count parameter as lg_param does (often small, sometimes
 * absent, 0 or large): returns the count it means (absent and 0 mean 1)
 * and sets *kind for lg_csi_count.
 */
static int
lg_count(struct lg *lg, int max, int *kind)
{
	*kind = lg_range(lg, 0, 9);
	if (*kind == 0 || *kind == 1)
		return (1);
	if (*kind == 2)
		return (lg_range(lg, 1, 200));
	return (lg_range(lg, 1, max));
}

/* Append CSI, the count chosen by lg_count, and the final byte. */
static void
lg_csi_count(struct lg *lg, int kind, int n, char final)
{
	if (kind == 0)
		lg_printf(lg, "\033[%c", final);
	else
		lg_printf(lg, "\033[%d%c", kind == 1 ? 0 : n, final);
}

/*
 * Start a text operation at p.  With -t, text never starts on the right
 * half of a wide character (xterm blanks the left half, tmux keeps it): a
 * CR goes first.  p->col is COLS if the cursor waits to wrap.
 */
static void
lg_text_begin(struct lg *lg, struct lg_pos *p)
{
	memset(p, 0, sizeof *p);
	if (lg->shadow == NULL)
		return;
	emu_cursor(lg->shadow, &p->row, &p->col);
	if (lg_pending(lg))
		p->col = lg->cols;
	else if (lg_width(lg, p->row, p->col) == 0) {
		lg_put(lg, "\r", 1);
		p->col = 0;
	}
}

/*
 * Where a character of width w printed at p lands (row and column), and
 * whether that row is a fresh one scrolled in.
 */
static void
lg_pos_land(struct lg *lg, const struct lg_pos *p, int w, struct lg_pos *at)
{
	*at = *p;
	if (lg->nowrap) {
		if (at->col > lg->cols - w)
			at->col = lg->cols - w;
		return;
	}
	if (p->col + w <= lg->cols)
		return;
	at->col = 0;
	if (p->row == lg->bottom)
		at->fresh = 1;
	else if (p->row < lg->rows - 1) {
		at->row = p->row + 1;
		at->fresh = 0;
	}
}

/*
 * With -t: can a character of width w go at p without covering half of a
 * wide character (tmux and xterm then differ in what the other half
 * keeps)?  Moves p past the character if so.
 */
static int
lg_pos_put(struct lg *lg, struct lg_pos *p, int w)
{
	struct lg_pos at;

	if (lg->shadow == NULL || lg->insert)
		return (1);
	lg_pos_land(lg, p, w, &at);
	if (!at.fresh &&
	    (lg_width(lg, at.row, at.col) == 0 ||
		lg_width(lg, at.row, at.col + w - 1) == 2))
		return (0);
	*p = at;
	p->col = at.col + w;
	if (lg->nowrap && p->col > lg->cols - 1)
		p->col = lg->cols - 1;
	return (1);
}

/*
 * Append n two-column characters from set (with mix, sometimes an "a"
 * before one).  With -t and autowrap on, no wide character meets a single
 * column left at the end of a row: tmux keeps that column's old content
 * when the character wraps, and what xterm does there is not settled
 * here, so an "a" fills it first.
 */
static void
lg_put_wide(struct lg *lg, const char **set, int count, int n, int mix)
{
	struct lg_pos p;
	const char *s;

	lg_text_begin(lg, &p);
	while (n-- > 0) {
		if (mix && lg_range(lg, 0, 3) == 0) {
			if (!lg_pos_put(lg, &p, 1))
				return;
			lg_put(lg, "a", 1);
		}
		s = set[lg_range(lg, 0, count - 1)];
		if (lg->shadow != NULL && !lg->nowrap &&
		    p.col == lg->cols - 1) {
			if (!lg_pos_put(lg, &p, 1))
				return;
			lg_put(lg, "a", 1);
		}
		if (!lg_pos_put(lg, &p, 2))
			return;
		lg_put(lg, s, strlen(s));
	}
}

/*
 * A run of printable ASCII, words and spaces.  With -t in insert mode the
 * run never wraps and needs a row without wide characters: tmux
 * overwrites the first cell of a wrapped insertion, and insertion can push
 * half a wide character off the edge.  With -t the run stops before a
 * character that would cover half of a wide character.
 */
static void
lg_text(struct lg *lg)
{
	struct lg_pos p;
	int n = lg_range(lg, 1, 40), i;
	char ch;

	lg_text_begin(lg, &p);
	if (lg->shadow != NULL && lg->insert) {
		if (lg_row_has_wide(lg))
			return;
		if (n > lg->cols - 1 - p.col)
			n = lg->cols - 1 - p.col;
	}
	for (i = 0; i < n; i++) {
		if (lg_range(lg, 0, 5) == 0)
			ch = ' ';
		else
			ch = (char)lg_range(lg, 0x21, 0x7e);
		if (!lg_pos_put(lg, &p, 1))
			return;
		lg_put(lg, &ch, 1);
	}
}

/* A few one-column non-ASCII characters (as lg_text with -t). */
static void
lg_latin(struct lg *lg)
{
	struct lg_pos p;
	int n = lg_range(lg, 1, 6), count;
	const char *s;

	if (lg->shadow != NULL && lg->insert) {
		lg_text(lg);
		return;
	}
	lg_text_begin(lg, &p);
	count = sizeof lg_latin_chars / sizeof lg_latin_chars[0];
	while (n-- > 0) {
		s = lg_latin_chars[lg_range(lg, 0, count - 1)];
		if (!lg_pos_put(lg, &p, 1))
			return;
		lg_put(lg, s, strlen(s));
	}
}

/* A few two-column characters, sometimes mixed with ASCII. */
static void
lg_wide(struct lg *lg)
{
	int n = lg_range(lg, 1, 8);

	if (lg->shadow != NULL && lg->insert) {
		lg_text(lg);
		return;
	}
	lg_put_wide(lg, lg_wide_chars,
	    sizeof lg_wide_chars / sizeof lg_wide_chars[0], n, 1);
}

/* One or two emoji. */
static void
lg_emoji(struct lg *lg)
{
	int n = lg_range(lg, 1, 2);

	if (lg->shadow != NULL && lg->insert) {
		lg_text(lg);
		return;
	}
	lg_put_wide(lg, lg_emoji_chars,
	    sizeof lg_emoji_chars / sizeof lg_emoji_chars[0], n, 0);
}

/* CRLF mostly, sometimes a bare LF, VT or FF. */
static void
lg_newline(struct lg *lg)
{
	static const char *nl[] = { "\r\n", "\r\n", "\r\n", "\r\n", "\n", "\v",
		"\f" };

	lg_printf(lg, "%s", nl[lg_range(lg, 0, 6)]);
}

/* A carriage return. */
static void
lg_cr(struct lg *lg)
{
	lg_put(lg, "\r", 1);
}

/* SGR with one to four attributes or colours. */
static void
lg_sgr(struct lg *lg)
{
	static const int simple[] = { 0, 1, 2, 3, 4, 5, 7, 8, 9, 21, 22, 23, 24,
		25, 27, 28, 29, 39, 49, 53, 55 };
	int n = lg_range(lg, 1, 4), i;

	lg_printf(lg, "\033[");
	for (i = 0; i < n; i++) {
		if (i > 0)
			lg_printf(lg, ";");
		switch (lg_range(lg, 0, 6)) {
		case 0:
			lg_printf(lg, "%d", simple[lg_range(lg, 0, 20)]);
			break;
		case 1:
			lg_printf(lg, "%d", lg_range(lg, 30, 37));
			break;
		case 2:
			lg_printf(lg, "%d", lg_range(lg, 40, 47));
			break;
		case 3:
			lg_printf(lg, "%d",
			    lg_range(lg, 0, 1) ? lg_range(lg, 90, 97)
					       : lg_range(lg, 100, 107));
			break;
		case 4:
			lg_printf(lg, "%d;5;%d", lg_range(lg, 0, 1) ? 38 : 48,
			    lg_range(lg, 0, 255));
			break;
		case 5:
			lg_printf(lg, "%d;2;%d;%d;%d",
			    lg_range(lg, 0, 1) ? 38 : 48, lg_range(lg, 0, 255),
			    lg_range(lg, 0, 255), lg_range(lg, 0, 255));
			break;
		default:
			lg_printf(lg, "%d", lg_range(lg, 0, 1));
			break;
		}
	}
	lg_printf(lg, "m");
}

/* CUP or HVP, sometimes with a missing or out-of-range parameter. */
static void
lg_cup(struct lg *lg)
{
	lg_printf(lg, "\033[");
	lg_param(lg, lg->rows + 2);
	lg_printf(lg, ";");
	lg_param(lg, lg->cols + 2);
	lg_printf(lg, "%c", lg_range(lg, 0, 3) ? 'H' : 'f');
}

/* CHA or HPA: an absolute column. */
static void
lg_column(struct lg *lg)
{
	lg_printf(lg, "\033[");
	lg_param(lg, lg->cols + 2);
	lg_printf(lg, "%c", lg_range(lg, 0, 1) ? 'G' : '`');
}

/* Relative motion: CUU CUD CUF CUB CNL CPL, or VPA. */
static void
lg_move(struct lg *lg)
{
	static const char finals[] = "ABCDEFd";

	lg_printf(lg, "\033[");
	lg_param(lg, 12);
	lg_printf(lg, "%c", finals[lg_range(lg, 0, 6)]);
}

/*
 * Backspaces or a tab.  With -t a backspace never starts at column 0:
 * tmux moves it back onto a previous row that wrapped.
 */
static void
lg_bs_ht(struct lg *lg)
{
	int n = lg_range(lg, 1, 4), col = lg_cursor_col(lg);

	if (lg_range(lg, 0, 2) == 0 || (lg->shadow != NULL && col == 0)) {
		lg_put(lg, "\t", 1);
		return;
	}
	if (lg->shadow != NULL && n > col)
		n = col;
	while (n-- > 0)
		lg_put(lg, "\b", 1);
}

/* ED, EL or ECH (with -t, none that would cut a wide character). */
static void
lg_erase(struct lg *lg)
{
	int how = lg_range(lg, 0, 2), col = lg_cursor_col(lg), kind, n;
	char final = lg_range(lg, 0, 1) ? 'J' : 'K';

	if (lg_range(lg, 0, 2) == 0) {
		n = lg_count(lg, 20, &kind);
		if (!lg_splits(lg, col, col + n - 1))
			lg_csi_count(lg, kind, n, 'X');
		return;
	}
	if ((how == 0 && lg_splits(lg, col, lg->cols)) ||
	    (how == 1 && lg_splits(lg, -1, col)))
		return;
	lg_printf(lg, "\033[%.0d%c", how, final);
}

/*
 * DECSTBM: a random region, or back to the full screen.  With -t not in
 * origin mode, where tmux homes the cursor to the screen's corner and
 * xterm to the region's.
 */
static void
lg_region(struct lg *lg)
{
	if (lg->shadow != NULL && lg->origin)
		return;
	if (lg_range(lg, 0, 2) == 0) {
		lg_printf(lg, "\033[r");
		lg->top = 0;
		lg->bottom = lg->rows - 1;
		return;
	}
	lg->top = lg_range(lg, 0, lg->rows - 2);
	lg->bottom = lg_range(lg, lg->top + 1, lg->rows - 1);
	lg_printf(lg, "\033[%d;%dr", lg->top + 1, lg->bottom + 1);
}

/* IND, RI or NEL, sometimes repeated. */
static void
lg_index(struct lg *lg)
{
	static const char *seqs[] = { "\033D", "\033M", "\033E" };
	const char *s = seqs[lg_range(lg, 0, 2)];
	int n = lg_range(lg, 1, 3);

	while (n-- > 0)
		lg_printf(lg, "%s", s);
}

/* SU or SD. */
static void
lg_scroll(struct lg *lg)
{
	lg_printf(lg, "\033[");
	lg_param(lg, 6);
	lg_printf(lg, "%c", lg_range(lg, 0, 1) ? 'S' : 'T');
}

/*
 * ICH, DCH, IL or DL.  With -t: IL and DL only inside the scroll region
 * (tmux acts outside it, xterm ignores them there), ICH and DCH only where
 * they cut no wide character, ICH only for at most half the cells left
 * (tmux 3.3a garbles the row for more, and ignores a count of all of
 * them or more; xterm shifts or blanks to the end of the row).
 */
static void
lg_insdel(struct lg *lg)
{
	static const char finals[] = "@PLM";
	char final = finals[lg_range(lg, 0, 3)];
	int kind, n, row = 0, col = 0;

	n = lg_count(lg, 10, &kind);
	if (lg->shadow != NULL) {
		emu_cursor(lg->shadow, &row, &col);
		if ((final == 'L' || final == 'M') &&
		    (row < lg->top || row > lg->bottom))
			return;
		if (final == '@' &&
		    (2 * n > lg->cols - col ||
			lg_splits(lg, col, lg->cols - 1 - n)))
			return;
		if (final == 'P' && lg_splits(lg, col, col + n - 1))
			return;
	}
	lg_csi_count(lg, kind, n, final);
}

/* Insert mode on or off (mostly off, so it does not stay on long). */
static void
lg_irm(struct lg *lg)
{
	lg->insert = !lg->insert && lg_range(lg, 0, 1);
	lg_printf(lg, "\033[4%c", lg->insert ? 'h' : 'l');
}

/*
 * DECSC or DECRC (ESC 7 / ESC 8).  With -t neither on the alternate
 * screen (xterm keeps one saved cursor per screen, tmux one in all), and
 * DECRC only after a DECSC since the last ?1049h (which saves the cursor
 * in xterm's slot but in a separate one in tmux).
 */
static void
lg_save(struct lg *lg)
{
	int save = lg_range(lg, 0, 1);

	if (lg->shadow != NULL) {
		if (emu_mode(lg->shadow, EMU_MODE_ALT_SCREEN))
			return;
		if (save)
			lg->saved = 1;
		else if (!lg->saved)
			return;
	}
	lg_printf(lg, "\033%c", save ? '7' : '8');
}

/*
 * A character then REP.  With -t the count stays within the line: tmux
 * (like libvterm) stops REP at the right margin where xterm wraps.
 */
static void
lg_rep(struct lg *lg)
{
	int row, col, room, n;

	lg_printf(lg, "%c", (char)lg_range(lg, 'a', 'z'));
	if (lg->shadow == NULL) {
		lg_printf(lg, "\033[");
		lg_param(lg, 30);
		lg_printf(lg, "b");
		return;
	}
	emu_cursor(lg->shadow, &row, &col);
	room = lg->cols - 1 - col;
	if (room < 1)
		return;
	n = lg_range(lg, 1, room < 30 ? room : 30);
	lg_printf(lg, "\033[%db", n);
}

/* HTS, TBC or CBT. */
static void
lg_tabs(struct lg *lg)
{
	switch (lg_range(lg, 0, 3)) {
	case 0:
		lg_printf(lg, "\033H");
		break;
	case 1:
		lg_printf(lg, "\033[%dg", lg_range(lg, 0, 1) ? 0 : 3);
		break;
	default:
		lg_printf(lg, "\033[");
		lg_param(lg, 4);
		lg_printf(lg, "Z");
		break;
	}
}

/*
 * Origin mode or autowrap, switched on or off.  With -t origin mode does
 * not change on the alternate screen: leaving 1049 restores it in xterm
 * (as DECRC does), not in tmux.
 */
static void
lg_modes(struct lg *lg)
{
	if (lg_range(lg, 0, 1)) {
		if (lg->shadow != NULL &&
		    emu_mode(lg->shadow, EMU_MODE_ALT_SCREEN))
			return;
		lg->origin = lg_range(lg, 0, 1);
		lg_printf(lg, "\033[?6%c", lg->origin ? 'h' : 'l');
		return;
	}
	lg->nowrap = !lg->nowrap && lg_range(lg, 0, 2) == 0;
	lg_printf(lg, "\033[?7%c", lg->nowrap ? 'l' : 'h');
}

/*
 * Enter or leave the alternate screen (1049 or 47).  With -t only 1049 and
 * only a real change: tmux clears the alternate screen on 47 (xterm keeps
 * it) and ignores leaving when not in it (xterm's 1049 still restores the
 * cursor); and with the default background set first, as tmux clears the
 * alternate screen to the default background, xterm to the current one.
 */
static void
lg_altscreen(struct lg *lg)
{
	int which = lg_range(lg, 0, 1), on = lg_range(lg, 0, 1);

	if (lg->shadow != NULL) {
		which = 1;
		on = !emu_mode(lg->shadow, EMU_MODE_ALT_SCREEN);
		if (on) {
			lg->saved = 0;
			lg_printf(lg, "\033[49m");
		}
	}
	lg_printf(lg, "\033[?%s%c", which ? "1049" : "47", on ? 'h' : 'l');
}

/* Print the usage text. */
static void
lg_usage(void)
{
	fprintf(
	    stderr, "usage: escgen [-t] [-n OPS] [-w COLS] [-h ROWS] SEED\n");
}

/* Parse the arguments and write the stream for the seed. */
int
main(int argc, char **argv)
{
	struct lg lg;
	const struct lg_op *op;
	int c, ops = 300, tmux_safe = 0, total = 0, pick;
	size_t i, nops = sizeof lg_ops / sizeof lg_ops[0], before;

	memset(&lg, 0, sizeof lg);
	lg.cols = 80;
	lg.rows = 24;
	lg.bottom = -1;
	lg.saved = 1;
	while ((c = getopt(argc, argv, "th:n:w:")) != -1) {
		switch (c) {
		case 't':
			tmux_safe = 1;
			break;
		case 'n':
			ops = atoi(optarg);
			break;
		case 'w':
			lg.cols = atoi(optarg);
			break;
		case 'h':
			lg.rows = atoi(optarg);
			break;
		default:
			lg_usage();
			return (1);
		}
	}
	if (argc - optind != 1 || ops < 1 || lg.cols < 2 || lg.rows < 2) {
		lg_usage();
		return (1);
	}
	lg.state = strtoull(argv[optind], NULL, 10) * 0x9e3779b97f4a7c15ULL +
	    0x2545f4914f6cdd1dULL;
	if (lg.bottom == -1)
		lg.bottom = lg.rows - 1;
	if (tmux_safe)
		lg.shadow = emu_new(lg.cols, lg.rows, 0);
	for (i = 0; i < nops; i++)
		total += lg_ops[i].weight;
	while (ops-- > 0) {
		pick = lg_range(&lg, 0, total - 1);
		for (op = lg_ops; pick >= op->weight; op++)
			pick -= op->weight;
		if (tmux_safe && !op->wrap_safe && lg_pending(&lg)) {
			lg_put(&lg, "\r", 1);
			emu_write(lg.shadow, "\r", 1);
		}
		before = lg.out.len;
		op->fn(&lg);
		if (tmux_safe)
			emu_write(lg.shadow, lg.out.data + before,
			    lg.out.len - before);
	}
	fwrite(lg.out.data, 1, lg.out.len, stdout);
	if (lg.shadow != NULL)
		emu_free(lg.shadow);
	free(lg.out.data);
	return (0);
}
