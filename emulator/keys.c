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

/* Key translation for input on its way to the application. */

#include <string.h>

#include "emulator/emu-internal.h"

/*
 * Rewrite the SS3 cursor keys (ESC O A..D) of a user's terminal in
 * application cursor mode into the CSI form unless this terminal has DECCKM
 * set.  The output is never longer than the input.
 */
size_t
emu_translate_keys(const struct emu *e, const char *in, size_t len, char *out)
{
	size_t i = 0, n = 0;

	while (i < len) {
		if (!e->modes[EMU_MODE_APP_CURSOR] && i + 2 < len &&
		    in[i] == '\033' && in[i + 1] == 'O' &&
		    strchr("ABCD", in[i + 2]) != NULL && in[i + 2] != '\0') {
			out[n++] = '\033';
			out[n++] = '[';
			out[n++] = in[i + 2];
			i += 3;
			continue;
		}
		out[n++] = in[i++];
	}
	return (n);
}
