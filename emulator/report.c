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
 * Reports: the queries whose answers go to the reply callback (DA, DA2,
 * DSR with CPR), sorted for emu_seq_find.
 */

#include "emulator/emu-internal.h"

static void emu_da(struct emu *);
static void emu_da2(struct emu *);
static void emu_dsr(struct emu *);
static void emu_decdsr(struct emu *);
static int emu_report_row(const struct emu *);

static const struct emu_seq emu_report_seqs[] = {
	{ 'c', 0, 0, emu_da, "DA" },
	{ 'c', '>', 0, emu_da2, "DA2" },
	{ 'n', 0, 0, emu_dsr, "DSR" },
	{ 'n', '?', 0, emu_decdsr, "DECDSR" },
};
const struct emu_seq_table emu_seqs_report = { "report", emu_report_seqs,
	sizeof emu_report_seqs / sizeof emu_report_seqs[0] };

/* The cursor row as reports give it (1-based, origin-relative). */
static int
emu_report_row(const struct emu *e)
{
	if (e->modes[EMU_MODE_ORIGIN])
		return (e->cy - e->top + 1);
	return (e->cy + 1);
}

/* DA: a VT220 with ANSI colour. */
static void
emu_da(struct emu *e)
{
	if (emu_param(e, 0, 0) == 0)
		emu_replyf(e, "\033[?62;22c");
}

/* DA2: a VT220, firmware 10, no ROM cartridge. */
static void
emu_da2(struct emu *e)
{
	if (emu_param(e, 0, 0) == 0)
		emu_replyf(e, "\033[>1;10;0c");
}

/* DSR: 5 is the status (always fine), 6 the cursor position (CPR). */
static void
emu_dsr(struct emu *e)
{
	switch (emu_param(e, 0, 0)) {
	case 5:
		emu_replyf(e, "\033[0n");
		break;
	case 6:
		emu_replyf(e, "\033[%d;%dR", emu_report_row(e), e->cx + 1);
		break;
	}
}

/* DECDSR: 6 is the extended cursor position report (DECXCPR). */
static void
emu_decdsr(struct emu *e)
{
	if (emu_param(e, 0, 0) == 6) {
		emu_replyf(e, "\033[?%d;%d;1R", emu_report_row(e), e->cx + 1);
	}
}
