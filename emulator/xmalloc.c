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

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "emulator/emulator.h"

static void emu_xfatal(const char *, size_t) __attribute__((noreturn));

/* Report an allocation failure and abort. */
static void
emu_xfatal(const char *what, size_t size)
{
	fprintf(stderr, "%s: out of memory allocating %zu bytes\n", what, size);
	abort();
}

/* Allocate size bytes or abort. */
void *
emu_xmalloc(size_t size)
{
	void *ptr;

	if (size == 0)
		size = 1;
	if ((ptr = malloc(size)) == NULL)
		emu_xfatal("emu_xmalloc", size);
	return (ptr);
}

/* Allocate a zeroed array or abort. */
void *
emu_xcalloc(size_t nmemb, size_t size)
{
	void *ptr;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((ptr = calloc(nmemb, size)) == NULL)
		emu_xfatal("emu_xcalloc", nmemb * size);
	return (ptr);
}

/* Resize an allocation or abort. */
void *
emu_xrealloc(void *ptr, size_t size)
{
	return (emu_xreallocarray(ptr, 1, size));
}

/* Resize an array, checking the multiplication, or abort. */
void *
emu_xreallocarray(void *ptr, size_t nmemb, size_t size)
{
	void *new;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if (size != 0 && nmemb > SIZE_MAX / size)
		emu_xfatal("emu_xreallocarray", SIZE_MAX);
	if ((new = realloc(ptr, nmemb * size)) == NULL)
		emu_xfatal("emu_xreallocarray", nmemb * size);
	return (new);
}

/* Duplicate a string or abort. */
char *
emu_xstrdup(const char *s)
{
	size_t len = strlen(s) + 1;

	return (memcpy(emu_xmalloc(len), s, len));
}
