/*
 * A tiny TAP producer for unit tests run by automake's tap-driver.
 * plan(n) first (or done_testing() last), then ok/is_int/is_str, and
 * return exit_status() from main.
 */
#ifndef TERN_TESTS_TAP_H
#define TERN_TESTS_TAP_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int tap_n, tap_failed, tap_planned;

static inline void
plan(int n)
{
	tap_planned = n;
	printf("1..%d\n", n);
	fflush(stdout);
}

static inline void
skip_all(const char *why)
{
	printf("1..0 # SKIP %s\n", why);
	exit(0);
}

static inline int
ok_v(int cond, const char *fmt, va_list ap)
{
	printf("%sok %d - ", cond ? "" : "not ", ++tap_n);
	vprintf(fmt, ap);
	printf("\n");
	fflush(stdout);
	if (!cond)
		tap_failed++;
	return cond;
}

static inline int __attribute__((format(printf, 2, 3)))
ok(int cond, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = ok_v(cond, fmt, ap);
	va_end(ap);
	return r;
}

static inline void
diag(const char *fmt, ...)
{
	va_list ap;

	printf("# ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
}

#define is_int(got, want, ...)                                                 \
	do {                                                                   \
		long long g_ = (got), w_ = (want);                             \
		if (!ok(g_ == w_, __VA_ARGS__))                                \
			diag("  got %lld, want %lld", g_, w_);                 \
	} while (0)

#define is_str(got, want, ...)                                                 \
	do {                                                                   \
		const char *g_ = (got), *w_ = (want);                          \
		int same_ =                                                    \
		    (g_ == NULL || w_ == NULL) ? g_ == w_ : !strcmp(g_, w_);   \
		if (!ok(same_, __VA_ARGS__))                                   \
			diag("  got '%s', want '%s'", g_ ? g_ : "(null)",      \
			    w_ ? w_ : "(null)");                               \
	} while (0)

static inline void
skip(int n, const char *why)
{
	while (n-- > 0)
		printf("ok %d # SKIP %s\n", ++tap_n, why);
}

static inline void
done_testing(void)
{
	if (!tap_planned)
		printf("1..%d\n", tap_n);
}

static inline int
exit_status(void)
{
	if (tap_planned && tap_n != tap_planned)
		return 1;
	return tap_failed ? 1 : 0;
}

#endif
