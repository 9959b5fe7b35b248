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
 * The emulator's private model, shared by the files of emulator/.
 *
 * A terminal (struct emu) holds two grids (primary and alternate), each an
 * array of lines; a line is an array of 16-byte cells.  A cell keeps one
 * code point, or the index of a multi-code-point grapheme cluster kept in
 * its line's small cluster table.  Scrollback lines are packed by
 * history.c into byte strings that keep only the used cells.  The parser
 * (parser.c) is a table of named states after Paul Williams' DEC ANSI
 * diagram; sequences are dispatched through sorted tables (table.c) to one
 * handler per sequence, grouped by family (cursor.c, edit.c, mode.c,
 * sgr.c, osc.c, esc.c).
 */

#ifndef MOSHMUX_EMU_INTERNAL_H
#define MOSHMUX_EMU_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

#include "emulator/emulator.h"

/* Limits that keep hostile input bounded. */
#define EMU_MAX_PARAMS	32	     /* CSI parameters kept, the rest dropped */
#define EMU_PARAM_MAX	65535	     /* parameter values are clamped to this */
#define EMU_STR_MAX	(128 * 1024) /* OSC string bytes kept */
#define EMU_DCS_MAX	256	     /* DCS string bytes kept */
#define EMU_TITLE_MAX	4096	     /* window title and icon name bytes */
#define EMU_CLIP_MAX	(100 * 1024) /* OSC 52 payload bytes */
#define EMU_TITLE_STACK 10	     /* titles XTWINOPS 22 can push */
#define EMU_MAX_SIZE	2000	     /* columns and rows */
#define EMU_HISTORY_MAX 1000000	     /* scrollback lines */

/* A cell's cp has this bit set when it names a cluster of its line. */
#define EMU_CP_EXT 0x80000000u

/* One cell inside the emulator (16 bytes). */
struct emu_icell {
	uint32_t cp; /* 0 blank, a code point, or EMU_CP_EXT | slot */
	uint32_t fg;
	uint32_t bg;
	uint16_t attr;
	uint8_t width; /* 1, 2, or 0 for a wide cell's right half */
	uint8_t flags; /* EMU_CF_* */
};
#define EMU_CF_PAD	 0x01 /* blank left by a wide character's wrap */
#define EMU_CF_PROTECTED 0x02 /* DECSCA: selective erase keeps it */

/* One visible line. */
struct emu_line {
	struct emu_icell *cells;	/* cols cells */
	char (*ext)[EMU_CELL_MAXBYTES]; /* cluster texts */
	uint16_t next;			/* cluster slots used */
	uint16_t maxext;		/* cluster slots allocated */
	uint16_t extent; /* cells from here on are default blanks */
	uint8_t wrapped; /* soft-wrapped into the next line */
	uint64_t gen;	 /* generation, see emu_touch */
};

/* The drawing pen. */
struct emu_pen {
	uint32_t fg;
	uint32_t bg;
	uint16_t attr;
	uint8_t flags; /* EMU_CF_PROTECTED */
};

/* Character sets a G-set may hold. */
enum emu_charset { EMU_CS_ASCII, EMU_CS_DEC_GRAPHICS, EMU_CS_UK };

/* What DECSC saves and DECRC restores. */
struct emu_saved {
	int valid;
	int cx;
	int cy;
	int wrap_pending;
	int origin;
	struct emu_pen pen;
	uint8_t g[4];
	uint8_t gl;
};

/* One screen: its lines and its saved cursor. */
struct emu_grid {
	struct emu_line *lines; /* rows lines */
	struct emu_saved saved;
};

/* A packed scrollback line (hpack.c), kept in history.c's arena. */
struct emu_hline {
	uint32_t len;	 /* bytes in data */
	uint16_t width;	 /* columns when it was pushed */
	uint8_t wrapped; /* soft-wrapped (2: and ends with an EMU_CF_PAD) */
	uint8_t pad;
	uint8_t data[];
};

/* The scrollback: a ring of lines and the arena holding them. */
struct emu_hist {
	struct emu_hline **ring;
	int size;		 /* slots allocated */
	int start;		 /* oldest line's slot */
	int count;		 /* lines kept */
	int limit;		 /* most lines kept */
	struct emu_hchunk *head; /* oldest arena chunk */
	struct emu_hchunk *tail; /* newest arena chunk */
	size_t bytes;		 /* arena bytes */
	uint8_t *buf;		 /* packing scratch space */
	size_t bufsize;
};

/* The generation counter shared by a terminal and its clones. */
struct emu_gens {
	uint64_t next;
	int refs;
};

/* Parser states (parser.c). */
enum emu_pstate {
	EMU_PS_GROUND,
	EMU_PS_ESCAPE,
	EMU_PS_ESC_INTER,
	EMU_PS_CSI_ENTRY,
	EMU_PS_CSI_PARAM,
	EMU_PS_CSI_INTER,
	EMU_PS_CSI_IGNORE,
	EMU_PS_DCS_ENTRY,
	EMU_PS_DCS_PARAM,
	EMU_PS_DCS_INTER,
	EMU_PS_DCS_PASS,
	EMU_PS_DCS_IGNORE,
	EMU_PS_OSC,
	EMU_PS_SOS,
	EMU_PS_COUNT
};

/* The parser's working state. */
struct emu_parser {
	enum emu_pstate state;
	int params[EMU_MAX_PARAMS]; /* -1 when omitted */
	uint32_t colon;		    /* bit n: param n follows a ':' */
	int nparams;
	int param_open; /* a parameter is being read */
	uint8_t inter;	/* the intermediate byte, 0 if none */
	uint8_t priv;	/* private marker < = > ?, 0 if none */
	uint8_t bad;	/* too many intermediates: ignore the sequence */
	uint8_t final;	/* the final byte being dispatched */
	uint32_t u8cp;	/* UTF-8 decoding */
	int u8need;
	uint8_t u8lo;
	uint8_t u8hi;
	char *str; /* OSC string */
	size_t len;
	size_t size;
	int str_over;
	uint32_t last_key;		/* the last CSI dispatched, with ... */
	const struct emu_seq *last_seq; /* ... its handler */
};

/* A pushed window title and icon name (XTWINOPS 22/23). */
struct emu_titles {
	char *title; /* NULL if not pushed */
	char *icon;
};

/* One terminal. */
struct emu {
	int cols;
	int rows;
	struct emu_grid grid[2];
	int alt; /* index of the shown grid */
	int cx;
	int cy;
	int wrap_pending;
	struct emu_pen pen;
	uint8_t g[4]; /* G0-G3 */
	uint8_t gl;   /* which G-set is shifted in */
	uint8_t ss;   /* single shift (2 or 3), 0 if none */
	int top;      /* scroll region, inclusive */
	int bottom;
	uint8_t modes[EMU_MODE_COUNT];
	int mouse;
	int mouse_enc;
	int lnm;       /* LNM: line feed also returns the carriage */
	int revwrap;   /* ?45: backspace wraps to the previous line */
	int decsca;    /* the last DECSCA parameter, for DECRQSS */
	uint8_t *tabs; /* cols flags */
	char *title;
	char *icon;
	struct emu_titles tstack[EMU_TITLE_STACK];
	int ntitles;
	char *clip;
	int title_set;
	unsigned int bells;
	emu_reply_cb reply;
	void *reply_arg;
	struct emu_hist hist;
	struct emu_gens *gens;
	struct emu_parser p;
	int last_valid; /* the previous print can take combining marks */
	int last_row;
	int last_col;
	int32_t last_cp;
	int32_t gstate;
};

/*
 * A CSI or ESC sequence handler and its table entry.  Each family file
 * (cursor.c, edit.c, mode.c, report.c, sgr.c, esc.c) has one table sorted
 * by final byte, private marker and intermediate; table.c searches them.
 */
typedef void (*emu_seq_fn)(struct emu *);
struct emu_seq {
	uint8_t final;
	uint8_t priv;
	uint8_t inter;
	emu_seq_fn fn;
	const char *name;
};
struct emu_seq_table {
	const char *family;
	const struct emu_seq *seqs;
	size_t count;
};
extern const struct emu_seq_table emu_seqs_cursor;
extern const struct emu_seq_table emu_seqs_edit;
extern const struct emu_seq_table emu_seqs_mode;
extern const struct emu_seq_table emu_seqs_report;
extern const struct emu_seq_table emu_seqs_sgr;
extern const struct emu_seq_table emu_seqs_esc;
extern const struct emu_seq_table emu_seqs_window;
extern const struct emu_seq_table *const emu_csi_families[];
extern const size_t emu_csi_nfamilies;
int emu_seq_cmp(const void *, const void *);
const struct emu_seq *emu_seq_find(
    const struct emu_seq_table *const *, size_t, uint8_t, uint8_t, uint8_t);

/* The shown lines. */
#define EMU_LINES(e)   ((e)->grid[(e)->alt].lines)
#define EMU_LINE(e, y) (&EMU_LINES(e)[(y)])

/* emu.c */
void emu_touch(struct emu *, struct emu_line *);
void emu_reply(struct emu *, const char *, size_t);
void emu_replyf(struct emu *, const char *, ...)
    __attribute__((format(printf, 2, 3)));
void emu_soft_reset(struct emu *);
void emu_tabs_reset(struct emu *);

/* line.c */
void emu_line_init(struct emu_line *, int, uint32_t);
void emu_line_free(struct emu_line *);
void emu_line_copy(struct emu_line *, const struct emu_line *, int);
void emu_line_resize(struct emu_line *, int, int);
void emu_line_clear(struct emu_line *, int, int, uint32_t);
int emu_line_used(const struct emu_line *, int);
void emu_line_set_text(struct emu_line *, int, int, const char *, size_t);
void emu_line_set_cell_text(struct emu_line *, int, int, const char *);
size_t emu_cell_text(const struct emu_line *, const struct emu_icell *, char *);
void emu_icell_expand(
    const struct emu_line *, const struct emu_icell *, struct emu_cell *);
size_t emu_utf8_encode(uint32_t, char *);

/* screen.c: one function per screen operation. */
void emu_scr_blank(struct emu *, int, int, int);
void emu_scr_fix_wide(struct emu *, int, int, int);
void emu_scr_scroll_up(struct emu *, int, int, int);
void emu_scr_scroll_down(struct emu *, int, int, int);
void emu_scr_linefeed(struct emu *);
void emu_scr_reverse_index(struct emu *);
void emu_scr_carriage_return(struct emu *);
void emu_scr_backspace(struct emu *);
void emu_scr_tab(struct emu *, int);
void emu_scr_goto(struct emu *, int, int);
void emu_scr_insert_cells(struct emu *, int);
void emu_scr_delete_cells(struct emu *, int);
void emu_scr_erase_cells(struct emu *, int);
void emu_scr_insert_lines(struct emu *, int);
void emu_scr_delete_lines(struct emu *, int);
void emu_scr_erase_display(struct emu *, int);
void emu_scr_erase_line(struct emu *, int);
void emu_scr_erase_selective(struct emu *, int, int);
void emu_scr_alignment(struct emu *);
void emu_scr_switch(struct emu *, int, int);
void emu_scr_save_cursor(struct emu *);
void emu_scr_restore_cursor(struct emu *);

/* print.c */
void emu_print_ascii(struct emu *, const uint8_t *, size_t);
void emu_print(struct emu *, uint32_t);
void emu_print_repeat(struct emu *, int);

/* parser.c */
void emu_parser_reset(struct emu *);
void emu_parser_free(struct emu_parser *);
int emu_param(const struct emu *, int, int);
int emu_param_n(const struct emu *, int);
void emu_execute(struct emu *, uint8_t);

/* dcs.c */
void emu_dcs_dispatch(struct emu *);

/* utf8.c */
#define EMU_UTF8_MORE  0
#define EMU_UTF8_DONE  1
#define EMU_UTF8_AGAIN 2
int emu_utf8_feed(struct emu_parser *, uint8_t, uint32_t *);
size_t emu_utf8_whole(const uint8_t *, size_t, uint32_t *);
size_t emu_ascii_run(const uint8_t *, size_t, size_t);

/* osc.c */
void emu_osc_dispatch(struct emu *);

/* window.c */
void emu_titles_free(struct emu *);
void emu_titles_copy(struct emu *, const struct emu *);

/* history.c */
void emu_hist_init(struct emu_hist *, int);
void emu_hist_free(struct emu_hist *);
void emu_hist_copy(struct emu_hist *, const struct emu_hist *);
void emu_hist_push(struct emu_hist *, const struct emu_line *, int);
int emu_hist_pop(struct emu_hist *, struct emu_line *, int);
void emu_hist_push_copy(struct emu_hist *, const struct emu_hline *);
void emu_hist_set_limit(struct emu_hist *, int);
const struct emu_hline *emu_hist_get(const struct emu_hist *, int);

/* hpack.c */
size_t emu_hpack(const struct emu_line *, int, uint8_t **, size_t *);
void emu_hist_unpack(const struct emu_hline *, struct emu_line *, int);
int emu_hline_cells(const struct emu_hline *);
void emu_hline_cell(const struct emu_hline *, int, struct emu_cell *);

#endif
