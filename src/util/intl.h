/* gettext: _() marks and translates user-facing text, N_() only marks. */
#ifndef TERN_UTIL_INTL_H
#define TERN_UTIL_INTL_H

/*
 * Every .c file starts with #include <config.h>, the header configure
 * writes. Written with quotes, it would find util/config.h instead inside
 * src/util/, leave ENABLE_NLS unset and silently turn _() off there.
 */
#ifndef PACKAGE
#error "include <config.h> (configure's header) before util/intl.h"
#endif

#if ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#define ngettext_(s, p, n) ngettext(s, p, n)
#else
#define _(s) (s)
#define ngettext_(s, p, n) ((n) == 1 ? (s) : (p))
#endif
#define N_(s) (s)

#endif
