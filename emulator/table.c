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
 * Sequence lookup: every family's table is sorted by final byte, private
 * marker and intermediate, and searched with bsearch.
 */

#include <stdlib.h>

#include "emulator/emu-internal.h"

/* The CSI families, searched in this order (the most frequent first). */
const struct emu_seq_table *const emu_csi_families[] = {
	&emu_seqs_sgr,
	&emu_seqs_cursor,
	&emu_seqs_edit,
	&emu_seqs_mode,
	&emu_seqs_report,
	&emu_seqs_window,
};
const size_t emu_csi_nfamilies =
    sizeof emu_csi_families / sizeof emu_csi_families[0];

/* Order two table entries by final byte, private marker, intermediate. */
int
emu_seq_cmp(const void *a, const void *b)
{
	const struct emu_seq *sa = a, *sb = b;

	if (sa->final != sb->final)
		return (sa->final - sb->final);
	if (sa->priv != sb->priv)
		return (sa->priv - sb->priv);
	return (sa->inter - sb->inter);
}

/* Find the handler for a sequence in a list of tables, or NULL. */
const struct emu_seq *
emu_seq_find(const struct emu_seq_table *const *tables, size_t n, uint8_t final,
    uint8_t priv, uint8_t inter)
{
	struct emu_seq key = { final, priv, inter, NULL, NULL };
	const struct emu_seq *s;
	size_t i;

	for (i = 0; i < n; i++) {
		s = bsearch(&key, tables[i]->seqs, tables[i]->count, sizeof *s,
		    emu_seq_cmp);
		if (s != NULL)
			return (s);
	}
	return (NULL);
}
