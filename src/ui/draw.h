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
 * (and never past the view's last column), with attributes attr.
 * Returns the columns written.
 */
int draw_text(int y, int x, int cols, const char *s, size_t len, int attr);
/* A part of a string that is drawn in attributes of its own. */
struct draw_span {
	size_t off, len; /* bytes in the string, between characters */
	int attr;
};
/*
 * draw_text with spans (in order, not overlapping): s[off..off + len)
 * of each span is written in the span's attributes, the rest in attr.
 * Every piece is made safe like draw_text's text. Returns the columns
 * written.
 */
int draw_text_spans(int y, int x, int cols, const char *s, size_t len, int attr,
    const struct draw_span *spans, size_t nspans);
/* The same for a NUL-terminated string; NULL writes nothing. */
int draw_str(int y, int x, int cols, const char *s, int attr);
/*
 * Make columns x0 .. x0 + cols of the screen the view that the calls
 * below draw in: their x counts from x0, and nothing is written past
 * its last column. draw_view(0, -1): the whole screen (the default).
 */
void draw_view(int x0, int cols);
/* The width of the view: what views lay their lines out in. */
int draw_cols(void);
/* Fill cols columns from (y, x) with spaces in attr. */
void draw_fill(int y, int x, int cols, int attr);

#endif
