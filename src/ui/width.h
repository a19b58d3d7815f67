/*
 * Columns of terminal text, by wcwidth: CJK takes two columns, combining
 * marks none. No curses here, so the rules can be tested alone.
 */
#ifndef TERN_UI_WIDTH_H
#define TERN_UI_WIDTH_H

#include <stddef.h>

/*
 * The next character of s[0..len): its length in bytes (at least 1 when
 * len > 0; an invalid byte counts as one), its code point in *cp_r and
 * the columns it takes in *cols_r. A character the terminal cannot show
 * (wcwidth < 0) gets U+FFFD, one column; the zero-width joiner and the
 * emoji variation selector are dropped (*cp_r 0, no column), because
 * terminals and wcwidth disagree on the width of what they join.
 */
size_t width_next(const char *s, size_t len, unsigned *cp_r, int *cols_r);
/*
 * How many bytes of s[0..len) fit in cols columns, whole characters only;
 * the columns they take in *used_r (may be NULL).
 */
size_t width_fit(const char *s, size_t len, int cols, int *used_r);
/* The columns s[0..len) takes. */
int width_of(const char *s, size_t len);

#endif
