/* gettext: _() marks and translates user-facing text, N_() only marks. */
#ifndef TERN_UTIL_INTL_H
#define TERN_UTIL_INTL_H

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
