/*
 * The one writer for text on screen: text made safe, cut by columns,
 * with parts of a line in attributes of their own (draw_text_spans).
 */
#include <config.h>

#include <curses.h>
#include <string.h>
#include <wchar.h>

#include "ui/draw.h"
#include "ui/width.h"
#include "util/buf.h"
#include "util/text.h"

#define DRAW_CHUNK 256 /* wide characters written at once */

/* The part of the screen views draw in: columns x0 .. x0 + width. */
static int draw_x0, draw_width = -1;

void
draw_view(int x0, int cols)
{
	draw_x0 = x0;
	draw_width = cols;
}

int
draw_cols(void)
{
	if (draw_width < 0)
		return COLS;
	return draw_width < COLS - draw_x0 ? draw_width : COLS - draw_x0;
}

/* Columns left in the view from x, at most cols. */
static int
draw_room(int x, int cols)
{
	int width = draw_cols();

	if (x < 0 || x >= width)
		return 0;
	return cols < width - x ? cols : width - x;
}

/*
 * Write safe UTF-8 text; returns the columns written, and sets *cut_r
 * when a character did not fit.
 */
static int
draw_safe(int y, int x, int cols, const char *s, size_t len, int *cut_r)
{
	wchar_t w[DRAW_CHUNK + 1];
	size_t i = 0, n, nw = 0;
	unsigned cp;
	int used = 0, c;

	move(y, draw_x0 + x);
	while (i < len) {
		n = width_next(s + i, len - i, &cp, &c);
		if (used + c > cols) {
			*cut_r = 1;
			break;
		}
		i += n;
		if (cp == 0)
			continue;
		used += c;
		w[nw++] = (wchar_t)cp;
		if (nw == DRAW_CHUNK) {
			addnwstr(w, (int)nw);
			nw = 0;
		}
	}
	if (nw > 0)
		addnwstr(w, (int)nw);
	return used;
}

/*
 * Make s[0..len) safe and write it at (y, x) in at most cols columns of
 * the view; returns the columns written, and sets *cut_r when not all of
 * it fit.
 */
static int
draw_piece(
    int y, int x, int cols, const char *s, size_t len, int attr, int *cut_r)
{
	struct buf safe = BUF_INIT;
	int used;

	cols = draw_room(x, cols);
	if (cols <= 0 || y < 0 || y >= LINES) {
		*cut_r = len > 0;
		return 0;
	}
	text_sanitize(&safe, s, len, 0);
	attrset(attr);
	used = draw_safe(y, x, cols, safe.data, safe.len, cut_r);
	attrset(A_NORMAL);
	buf_release(&safe);
	return used;
}

int
draw_text(int y, int x, int cols, const char *s, size_t len, int attr)
{
	int cut = 0;

	return draw_piece(y, x, cols, s, len, attr, &cut);
}

/*
 * Each piece is made safe on its own, so that the spans' offsets keep
 * pointing into s; the line stops at the first piece that did not fit,
 * as draw_text would.
 */
int
draw_text_spans(int y, int x, int cols, const char *s, size_t len, int attr,
    const struct draw_span *spans, size_t nspans)
{
	size_t off = 0, i, end;
	int used = 0, cut = 0;

	for (i = 0; i <= nspans && !cut && off < len; i++) {
		end = i < nspans ? spans[i].off : len;
		if (end > len)
			end = len;
		if (end > off) {
			used += draw_piece(y, x + used, cols - used, s + off,
			    end - off, attr, &cut);
			off = end;
		}
		if (i == nspans || cut)
			continue;
		end = spans[i].off + spans[i].len < len
		    ? spans[i].off + spans[i].len
		    : len;
		if (end > off) {
			used += draw_piece(y, x + used, cols - used, s + off,
			    end - off, spans[i].attr, &cut);
			off = end;
		}
	}
	return used;
}

int
draw_str(int y, int x, int cols, const char *s, int attr)
{
	if (s == NULL)
		return 0;
	return draw_text(y, x, cols, s, strlen(s), attr);
}

void
draw_fill(int y, int x, int cols, int attr)
{
	int i;

	cols = draw_room(x, cols);
	if (cols <= 0 || y < 0 || y >= LINES)
		return;
	attrset(attr);
	move(y, draw_x0 + x);
	for (i = 0; i < cols; i++)
		addch(' ');
	attrset(A_NORMAL);
}
