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

#include "transport/transport.h"

static void tp_xfatal(const char *, size_t) __attribute__((noreturn));

/* Report an allocation failure and abort. */
static void
tp_xfatal(const char *what, size_t size)
{
	fprintf(stderr, "%s: out of memory allocating %zu bytes\n", what, size);
	abort();
}

/* Allocate or abort. */
void *
tp_xmalloc(size_t size)
{
	void *ptr;

	if (size == 0)
		size = 1;
	if ((ptr = malloc(size)) == NULL)
		tp_xfatal("tp_xmalloc", size);
	return (ptr);
}

/* Allocate zeroed memory or abort. */
void *
tp_xcalloc(size_t nmemb, size_t size)
{
	void *ptr;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((ptr = calloc(nmemb, size)) == NULL)
		tp_xfatal("tp_xcalloc", nmemb * size);
	return (ptr);
}

/* Resize or abort. */
void *
tp_xrealloc(void *ptr, size_t size)
{
	void *new;

	if (size == 0)
		size = 1;
	if ((new = realloc(ptr, size)) == NULL)
		tp_xfatal("tp_xrealloc", size);
	return (new);
}

/* Duplicate a string or abort. */
char *
tp_xstrdup(const char *s)
{
	size_t len = strlen(s) + 1;

	return (memcpy(tp_xmalloc(len), s, len));
}
