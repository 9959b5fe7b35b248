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
 * The unit-test harness: every check prints one line, "ok - what" or
 * "FAIL - what (file:line)", and test_done() prints the summary
 * "N passed, N failed" that tests/run.sh adds up.
 */

#ifndef MOSHMUX_TEST_H
#define MOSHMUX_TEST_H

#include <stdio.h>
#include <string.h>

static int test_passed;
static int test_failed;

/* Record one check's outcome and print it. */
static inline void
test_check(int ok, const char *file, int line, const char *what)
{
	if (ok) {
		test_passed++;
		printf("ok - %s\n", what);
	} else {
		test_failed++;
		printf("FAIL - %s (%s:%d)\n", what, file, line);
	}
	fflush(stdout);
}

/* Print the summary line and return the process exit status. */
static inline int
test_done(void)
{
	printf("%d passed, %d failed\n", test_passed, test_failed);
	return (test_failed != 0);
}

#define CHECK(cond, what) test_check(!!(cond), __FILE__, __LINE__, (what))

#define CHECK_INT(got, want, what)                                             \
	do {                                                                   \
		long long got_ = (long long)(got);                             \
		long long want_ = (long long)(want);                           \
		if (got_ != want_)                                             \
			printf("  got %lld, want %lld\n", got_, want_);        \
		test_check(got_ == want_, __FILE__, __LINE__, (what));         \
	} while (0)

#define CHECK_STR(got, want, what)                                             \
	do {                                                                   \
		const char *got_ = (got);                                      \
		const char *want_ = (want);                                    \
		int same_ = (got_ != NULL && want_ != NULL &&                  \
		    strcmp(got_, want_) == 0);                                 \
		if (!same_)                                                    \
			printf("  got \"%s\", want \"%s\"\n",                  \
			    got_ ? got_ : "(null)", want_ ? want_ : "(null)"); \
		test_check(same_, __FILE__, __LINE__, (what));                 \
	} while (0)

#define CHECK_MEM(got, want, len, what)                                        \
	test_check(                                                            \
	    memcmp((got), (want), (len)) == 0, __FILE__, __LINE__, (what))

#endif
