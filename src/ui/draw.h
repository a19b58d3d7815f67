/*
 * The one writer for text on screen. Text from mail is made safe first
 * (text_sanitize: no control characters, no escape sequences), then cut
 * to a number of columns by wcwidth, so that CJK, combining marks and
 * emoji stay aligned and nothing is written past the last column.
 */
#ifndef TERN_UI_DRAW_H
#define TERN_UI_DRAW_H

#include <stddef.h>

/*
 * Write s[0..len) (any bytes) at row y, column x, in at most cols columns
 * (and never past the screen's last column), with attributes attr.
 * Returns the columns written.
 */
int draw_text(int y, int x, int cols, const char *s, size_t len, int attr);
/* The same for a NUL-terminated string; NULL writes nothing. */
int draw_str(int y, int x, int cols, const char *s, int attr);
/* Fill cols columns from (y, x) with spaces in attr. */
void draw_fill(int y, int x, int cols, int attr);

#endif
