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
 * Unit tests for the parser and the state it drives: dispatch tables,
 * hostile input, UTF-8, C1, OSC, modes, clones and generations.
 */

#include <stdlib.h>
#include <string.h>

#include "emulator/emu-internal.h"
#include "tests/test.h"
#include "tests/emulator/emu-test.h"

/* Every dispatch table is sorted and no sequence is in two families. */
static void
test_tables(void)
{
	const struct emu_seq_table *t, *u;
	size_t i, j, k;
	int sorted = 1, unique = 1;

	for (i = 0; i <= emu_csi_nfamilies; i++) {
		t = i < emu_csi_nfamilies ? emu_csi_families[i] : &emu_seqs_esc;
		for (j = 1; j < t->count; j++) {
			if (emu_seq_cmp(&t->seqs[j - 1], &t->seqs[j]) >= 0)
				sorted = 0;
		}
		for (k = i + 1; k < emu_csi_nfamilies; k++) {
			u = emu_csi_families[k];
			for (j = 0; j < t->count; j++) {
				if (bsearch(&t->seqs[j], u->seqs, u->count,
					sizeof *u->seqs, emu_seq_cmp) != NULL)
					unique = 0;
			}
		}
	}
	CHECK(sorted, "tables: every family sorted");
	CHECK(unique, "tables: no sequence in two families");
}

/* Over-long strings and parameter lists stay bounded. */
static void
test_hostile(void)
{
	struct emu *e = emu_new(20, 5, 10);
	struct replies r = { "", 0 };
	char *big;
	size_t n = 10 * 1024 * 1024, i;

	emu_set_reply(e, on_reply, &r);
	big = malloc(n);
	memset(big, 'x', n);
	put(e, "\033]2;");
	for (i = 0; i < 4; i++)
		emu_write(e, big, n / 4);
	CHECK(e->p.size <= EMU_STR_MAX, "10 MB OSC: buffer capped");
	put(e, "\007ok");
	CHECK_STR(emu_title(e), "", "10 MB OSC: dropped, not truncated");
	ROW(e, 0, "ok", "10 MB OSC: parser back in ground");
	put(e, "\033]2;short\033\\");
	CHECK_STR(emu_title(e), "short", "OSC after the long one works");
	put(e, "\033[");
	for (i = 0; i < 1000000; i++)
		emu_write(e, "1;", 2);
	CHECK(e->p.nparams <= EMU_MAX_PARAMS, "1e6 params: capped");
	put(e, "99999999999999999999H");
	CURSOR(e, 0, 0, "1e6 params: first two kept, row 1 col 1");
	put(e, "\033[99999999999999999999;99999999999999999999H");
	CURSOR(e, 4, 19, "huge parameters clamp");
	put(e, "\033P");
	for (i = 0; i < 4; i++)
		emu_write(e, big, n / 4);
	put(e, "\033\\\r\nafter dcs");
	ROW(e, 4, "after dcs", "10 MB DCS consumed");
	put(e, "\033_");
	emu_write(e, big, n / 4);
	put(e, "\033\\\033[Hapc");
	ROW(e, 0, "apc", "APC consumed");
	put(e, "a\033[65535b");
	CHECK(emu_history_lines(e) <= 10, "REP 65535: history limit held");
	put(e,
	    "\033[?1;2;3;4;5;6;7;8;9;10;11;12;13;14;15;16;17;18;19;20;21"
	    ";22;23;24;25;26;27;28;29;30;31;32;33;34;35;36;37;38;39;40h");
	CHECK(e->p.nparams <= EMU_MAX_PARAMS, "many modes: capped");
	memset(big, '\033', n / 4);
	emu_write(e, big, n / 4);
	memset(big, 0x9b, n / 4);
	emu_write(e, big, n / 4);
	put(e, "\033[m\033[H\033[2Jfine");
	ROW(e, 0, "fine", "ESC and 0x9b floods survive");
	CHECK(r.len < sizeof r.buf, "floods: replies bounded");
	free(big);
	emu_free(e);
}

/* Inputs that used to cost far more work than their size. */
static void
test_expensive(void)
{
	struct emu *e = emu_new(80, 24, 100000);
	struct emu_cell gc;
	int i;

	for (i = 0; i < 80; i++)
		put(e, "e\xcc\x81");
	for (i = 0; i < 200000; i++)
		put(e, "\033[1;80He\xcc\x81\xcc\x81\xcc\x81");
	emu_cell(e, 0, 0, &gc);
	CHECK_STR(gc.text, "e\xcc\x81", "many clusters on one line: kept");
	for (i = 0; i < 10000; i++)
		put(e, "\033[65535S");
	CHECK(emu_history_lines(e) <= 100000, "SU 65535 x 10000: bounded");
	emu_free(e);
}

/* Random streams of sequence fragments keep the invariants. */
static void
test_random(void)
{
	static const char *frag[] = { "a", "bc ", "\r", "\n", "\b", "\t",
		"\033[", "\033]", "\033P", "\033", "\007", "\033\\", "1", ";",
		":", "?", ">", "!", "$", "\"", " ", "H", "J", "K", "L", "M",
		"P", "@", "X", "S", "T", "b", "m", "h", "l", "r", "s", "u", "q",
		"p", "c", "n", "g", "Z", "I", "d", "`", "7", "8", "#8", "(0",
		"(B", "D", "E", "M", "\x0e", "\x0f", "\xe4\xb8\x80", "\xcc\x81",
		"\xe2\x80\x8d", "\xf0\x9f\x91\x8d", "\xf0\x9f\x87\xab", "\xff",
		"\xc2\x9b", "\x18", "6", "25", "1049", "47", "4", "2004",
		"38;5;200", "48:2::1:2:3" };
	struct emu *e, *c;
	unsigned int seed, rng;
	int i, ok = 1;

	for (seed = 1; seed <= 30; seed++) {
		rng = seed;
		e = emu_new(20 + seed % 30, 5 + seed % 10, 50);
		for (i = 0; i < 20000; i++) {
			rng = rng * 1103515245 + 12345;
			put(e, frag[(rng >> 8) % (sizeof frag / sizeof *frag)]);
			if ((rng >> 20) % 997 == 0)
				emu_resize(e, 1 + (rng >> 4) % 60,
				    1 + (rng >> 12) % 20);
			if (i % 500 == 0 && !invariants(e, 1))
				ok = 0;
		}
		c = emu_clone(e, 1);
		if (!invariants(e, 1) || !emu_screen_equal(e, c)) {
			printf("  seed %u broken\n", seed);
			ok = 0;
		}
		emu_free(c);
		emu_free(e);
	}
	CHECK(ok, "random streams keep the invariants (30 seeds)");
}

/* UTF-8 decoding: invalid sequences become U+FFFD, C1 act. */
static void
test_utf8(void)
{
	struct emu *e = emu_new(20, 5, 0);
	struct emu_cell gc;
	struct replies r = { "", 0 };

	emu_set_reply(e, on_reply, &r);
	put(e, "\xc0\xaf|\xed\xa0\x80|\xf4\x90\x80\x80|\xe2\x82");
	put(e, "\xac|");
	ROW(e, 0,
	    "\xef\xbf\xbd\xef\xbf\xbd|\xef\xbf\xbd\xef\xbf\xbd\xef\xbf"
	    "\xbd|\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd|"
	    "\xe2\x82\xac|",
	    "UTF-8: overlong, surrogate, too big as U+FFFD; split euro");
	put(e, "\r\n\xe2\x82\x1b[31mX");
	emu_cell(e, 1, 1, &gc);
	CHECK_INT(gc.fg, EMU_COLOR_PALETTE | 1, "UTF-8 cut by ESC: ESC acts");
	put(e,
	    "\xc2\x9b"
	    "6n");
	CHECK_STR(r.buf, "\033[2;3R", "U+009B acts as CSI");
	emu_free(e);
}

/* OSC titles and clipboard, bell. */
static void
test_osc(void)
{
	struct emu *e = emu_new(20, 5, 0);
	int i;

	CHECK(!emu_title_set(e), "title: not set at first");
	put(e, "\033]0;both\007");
	CHECK_STR(emu_title(e), "both", "OSC 0: title");
	CHECK_STR(emu_icon(e), "both", "OSC 0: icon");
	put(e, "\033]1;icon\033\\\033]2;t\xc3\xa9tle\007");
	CHECK_STR(emu_icon(e), "icon", "OSC 1: icon");
	CHECK_STR(emu_title(e), "t\xc3\xa9tle", "OSC 2: UTF-8 title");
	CHECK(emu_title_set(e), "title: set");
	put(e, "\033]52;c;aGVsbG8=\007");
	CHECK_STR(emu_clipboard(e), "c;aGVsbG8=", "OSC 52: kept as sent");
	put(e, "\033]52;c;?\007");
	CHECK_STR(emu_clipboard(e), "c;aGVsbG8=", "OSC 52 query ignored");
	put(e, "\007\007");
	CHECK_INT(emu_bell_count(e), 2, "BEL counted");
	put(e, "\033]2;cancelled\030\033]2;sub\032x");
	CHECK_STR(emu_title(e), "t\xc3\xa9tle", "CAN and SUB abandon an OSC");
	put(e, "\033[22;0t\033]0;vim\007\033[22;2t\033]2;inner\007");
	put(e, "\033[23;2t");
	CHECK_STR(emu_title(e), "vim", "XTWINOPS 23;2 pops the title");
	put(e, "\033[23;0t");
	CHECK_STR(emu_title(e), "t\xc3\xa9tle", "XTWINOPS 23;0 pops both");
	CHECK_STR(emu_icon(e), "icon", "XTWINOPS 23;0: icon back");
	for (i = 0; i < 100; i++)
		put(e, "\033[22t");
	CHECK(e->ntitles <= EMU_TITLE_STACK, "title stack bounded");
	emu_free(e);
}

/* Modes, mouse, keypad and key translation. */
static void
test_modes(void)
{
	struct emu *e = emu_new(20, 5, 0);
	struct replies r = { "", 0 };
	char out[16];
	size_t n;

	emu_set_reply(e, on_reply, &r);
	put(e, "\033[?25l\033[?5h\033[?2004h\033[?1004h\033[?1007h\033=");
	CHECK(!emu_mode(e, EMU_MODE_CURSOR_VISIBLE), "DECTCEM reset");
	CHECK(emu_mode(e, EMU_MODE_REVERSE_VIDEO), "DECSCNM");
	CHECK(emu_mode(e, EMU_MODE_BRACKETED_PASTE), "bracketed paste");
	CHECK(emu_mode(e, EMU_MODE_FOCUS), "focus events");
	CHECK(emu_mode(e, EMU_MODE_ALT_SCROLL), "alternate scroll");
	CHECK(emu_mode(e, EMU_MODE_APP_KEYPAD), "DECKPAM");
	put(e, "\033[?1002h\033[?1006h");
	CHECK_INT(emu_mouse(e), EMU_MOUSE_BUTTON, "mouse 1002");
	CHECK_INT(emu_mouse_encoding(e), EMU_MOUSE_ENC_SGR, "mouse SGR");
	put(e, "\033[?1002l\033[?1006l\033>");
	CHECK_INT(emu_mouse(e), EMU_MOUSE_NONE, "mouse off");
	CHECK_INT(emu_mouse_encoding(e), 0, "mouse encoding default");
	CHECK(!emu_mode(e, EMU_MODE_APP_KEYPAD), "DECKPNM");
	n = emu_translate_keys(e, "\033OA\033OD", 6, out);
	CHECK(n == 6 && memcmp(out, "\033[A\033[D", 6) == 0,
	    "keys: SS3 arrows become CSI without DECCKM");
	put(e, "\033[?1h");
	n = emu_translate_keys(e, "\033OA", 3, out);
	CHECK(
	    n == 3 && memcmp(out, "\033OA", 3) == 0, "keys: kept with DECCKM");
	put(e, "\033[?1$p\033[4$p\033[?9999$p");
	CHECK_STR(r.buf, "\033[?1;1$y\033[4;2$y\033[?9999;0$y", "DECRQM");
	put(e, "\033[4hab\033[Hc");
	ROW(e, 0, "cab", "IRM inserts");
	put(e, "\033[!p");
	CHECK(!emu_mode(e, EMU_MODE_INSERT), "DECSTR resets IRM");
	CHECK(emu_mode(e, EMU_MODE_CURSOR_VISIBLE), "DECSTR shows cursor");
	emu_free(e);
}

/* Scroll regions, origin mode, saved cursor and the alternate screen. */
static void
test_screen_state(void)
{
	struct emu *e = emu_new(10, 5, 10);
	struct emu_cell gc;

	put(e, "1\r\n2\r\n3\r\n4\r\n5\033[2;4r\033[4;1H\n\nX");
	ROW(e, 0, "1", "DECSTBM: row above kept");
	ROW(e, 1, "4", "DECSTBM: region scrolled");
	ROW(e, 3, "X", "DECSTBM: cursor stays at bottom margin");
	ROW(e, 4, "5", "DECSTBM: row below kept");
	CHECK_INT(emu_history_lines(e), 0, "DECSTBM: no history");
	put(e, "\033[?6h\033[HO\033[?6l\033[r");
	ROW(e, 1, "O", "DECOM: home is the region's top");
	put(e, "\033[1;31m\033[3;3H\0337\033[m\033[H\0338Y");
	emu_cell(e, 2, 2, &gc);
	CHECK(strcmp(gc.text, "Y") == 0 && gc.fg == (EMU_COLOR_PALETTE | 1),
	    "DECSC/DECRC: position and pen");
	put(e, "\033(0qx\033(B");
	emu_cell(e, 2, 3, &gc);
	CHECK_STR(gc.text, "\xe2\x94\x80", "DEC graphics: q is a line");
	put(e, "\033[?1049h");
	ROW(e, 0, "", "1049: alternate screen clear");
	put(e, "alt\r\n\r\n\r\n\r\n\r\n\r\n");
	CHECK_INT(emu_history_lines(e), 0, "alternate screen: no history");
	put(e, "\033[?1049l");
	ROW(e, 0, "1", "1049: primary back");
	CURSOR(e, 2, 5, "1049: cursor restored");
	put(e, "\033[H\033[3g\tT\033[1;6H\033H\r\tU");
	ROW(e, 0, "1    U   T", "TBC, HTS");
	put(e, "\033[2;1H\033[44m\033[K");
	emu_cell(e, 1, 5, &gc);
	CHECK_INT(gc.bg, EMU_COLOR_PALETTE | 4, "EL uses the background (BCE)");
	emu_free(e);
}

/* DECSCA, selective erase and DECRQSS. */
static void
test_selective(void)
{
	struct emu *e = emu_new(10, 3, 0);
	struct replies r = { "", 0 };

	emu_set_reply(e, on_reply, &r);
	put(e, "ab\033[1\"qCD\033[0\"qef\033[m\033[?2K");
	ROW(e, 0, "  CD", "DECSEL keeps protected cells");
	put(e, "\033[K");
	ROW(e, 0, "  CD", "EL after DECSEL: cursor column unchanged");
	put(e, "\033[H\033[2K");
	ROW(e, 0, "", "EL erases protected cells");
	put(e, "\033[2;3r\033P$qr\033\\\033[1\"q\033P$q\"q\033\\");
	put(e, "\033[1;4;38:5:100m\033P$qm\033\\\033P$qz\033\\");
	CHECK_STR(r.buf,
	    "\033P1$r2;3r\033\\\033P1$r1\"q\033\\"
	    "\033P1$r0;1;4;38:5:100m\033\\\033P0$r\033\\",
	    "DECRQSS: DECSTBM, DECSCA, SGR, unknown");
	emu_free(e);
}

/* Clones are deep; generations are unique across clones. */
static void
test_clone(void)
{
	struct emu *e = emu_new(10, 3, 10), *c;

	put(e, "one\r\ne\xcc\x81");
	c = emu_clone(e, 1);
	CHECK(emu_screen_equal(e, c), "clone: equal");
	CHECK(emu_row_generation(e, 0) == emu_row_generation(c, 0),
	    "clone: same generations");
	put(c, "\033[Hx");
	put(e, "\033[Hx");
	CHECK(emu_row_generation(e, 0) != emu_row_generation(c, 0),
	    "clone: separate changes get separate generations");
	CHECK(emu_screen_equal(e, c), "clone: same bytes, equal screens");
	put(c, "\033]2;t\007");
	CHECK(!emu_screen_equal(e, c), "clone: title differs");
	emu_free(e);
	CHECK_STR((put(c, ""), emu_title(c)), "t", "clone outlives original");
	emu_free(c);
}

int
main(void)
{
	test_tables();
	test_hostile();
	test_expensive();
	test_random();
	test_utf8();
	test_osc();
	test_modes();
	test_screen_state();
	test_selective();
	test_clone();
	return (test_done());
}
