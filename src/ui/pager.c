#include <config.h>

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ui/draw.h"
#include "ui/pager.h"
#include "ui/theme.h"
#include "ui/ui-int.h"
#include "ui/width.h"
#include "util/intl.h"
#include "util/text.h"
#include "util/xalloc.h"

#define PAGER_TAB 8

/* One line of the text, and how it looks. */
struct pager_line {
	size_t off, len; /* in text */
	enum theme_elem look;
};

/* One screen row: a piece of a line, after wrapping. */
struct pager_row {
	size_t line;
	size_t off, len; /* in text */
};

struct pager {
	char *title;
	struct buf text; /* safe UTF-8, tabs expanded, lines end in \n */
	struct pager_line *lines;
	size_t nlines, alines;
	struct pager_row *rows; /* for the width cols */
	size_t nrows, arows;
	int cols; /* 0: rows to be made */
	size_t top;
};

struct pager *
pager_new(const char *title)
{
	struct pager *p = xcalloc(1, sizeof *p);

	p->title = xstrdup(title != NULL ? title : "");
	buf_init(&p->text, 0);
	return p;
}

void
pager_free(struct pager **pager)
{
	struct pager *p = *pager;

	if (p == NULL)
		return;
	free(p->title);
	buf_release(&p->text);
	free(p->lines);
	free(p->rows);
	free(p);
	*pager = NULL;
}

const char *
pager_title(const struct pager *p)
{
	return p->title;
}

/* The look of a body line: quoted (by level), a note, or plain. */
static enum theme_elem
pager_look(const char *s, size_t len)
{
	static const enum theme_elem quotes[] = { THEME_QUOTE1, THEME_QUOTE2,
		THEME_QUOTE3 };
	size_t i, level = 0;

	if (len >= 4 && strncmp(s, "[-- ", 4) == 0)
		return THEME_NOTE;
	for (i = 0; i < len && (s[i] == '>' || s[i] == ' '); i++)
		level += s[i] == '>';
	if (level == 0)
		return THEME_NORMAL;
	return quotes[(level - 1) % 3];
}

static void
pager_push_line(struct pager *p, size_t off, enum theme_elem look)
{
	if (p->nlines == p->alines) {
		p->alines = p->alines ? p->alines * 2 : 256;
		p->lines = xreallocarray(p->lines, p->alines, sizeof *p->lines);
	}
	p->lines[p->nlines].off = off;
	p->lines[p->nlines].len = p->text.len - off;
	p->lines[p->nlines++].look = look;
}

/* Append one line s[0..len) (no \n) to the text, tabs expanded. */
static void
pager_add_line(struct pager *p, const char *s, size_t len, int header)
{
	size_t off = p->text.len, i = 0, n;
	unsigned cp;
	int col = 0, w;

	while (i < len) {
		n = width_next(s + i, len - i, &cp, &w);
		if (s[i] == '\t') {
			do
				buf_addc(&p->text, ' ');
			while (++col % PAGER_TAB != 0);
		} else {
			buf_add(&p->text, s + i, n);
			col += w;
		}
		i += n;
	}
	pager_push_line(p, off, header ? THEME_HEADER : pager_look(s, len));
	buf_addc(&p->text, '\n');
}

void
pager_add(struct pager *p, const char *text, size_t len, int headers)
{
	struct buf safe = BUF_INIT;
	const char *s, *end, *nl;

	text_sanitize(&safe, text, len, TEXT_KEEP_NEWLINES | TEXT_KEEP_TABS);
	s = safe.data;
	end = safe.data + safe.len;
	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (nl == NULL)
			nl = end;
		if (nl == s)
			headers = 0;
		pager_add_line(p, s, (size_t)(nl - s), headers);
		s = nl + (nl < end);
	}
	buf_release(&safe);
	p->cols = 0;
}

static void
pager_push_row(struct pager *p, size_t line, size_t off, size_t len)
{
	if (p->nrows == p->arows) {
		p->arows = p->arows ? p->arows * 2 : 256;
		p->rows = xreallocarray(p->rows, p->arows, sizeof *p->rows);
	}
	p->rows[p->nrows].line = line;
	p->rows[p->nrows].off = off;
	p->rows[p->nrows++].len = len;
}

/* How much of s[0..len) goes on one row: up to a space when one fits. */
static size_t
pager_cut(const char *s, size_t len, int cols)
{
	size_t fit = width_fit(s, len, cols, NULL), k;
	unsigned cp;
	int w;

	if (fit == len)
		return len;
	for (k = fit; k > 0; k--)
		if (s[k - 1] == ' ')
			return k;
	if (fit == 0) /* a wide character in one column: it goes alone */
		return width_next(s, len, &cp, &w);
	return fit;
}

/* Wrap every line at cols columns, keeping the first line shown. */
static void
pager_wrap(struct pager *p, int cols)
{
	size_t i, off, end, n, first = 0;

	if (p->top < p->nrows)
		first = p->rows[p->top].line;
	p->nrows = 0;
	p->top = 0;
	for (i = 0; i < p->nlines; i++) {
		if (i == first)
			p->top = p->nrows;
		off = p->lines[i].off;
		end = off + p->lines[i].len;
		do {
			n = pager_cut(p->text.data + off, end - off, cols);
			pager_push_row(p, i, off, n);
			off += n;
		} while (off < end);
	}
	p->cols = cols;
}

/* Keep top where rows rows still show text. */
static void
pager_clamp(struct pager *p, int rows)
{
	size_t last = p->nrows > (size_t)rows ? p->nrows - (size_t)rows : 0;

	if (p->top > last)
		p->top = last;
}

void
pager_draw(struct pager *p, int y, int rows)
{
	const struct pager_row *r;
	size_t i;
	int k;

	if (p->cols != COLS)
		pager_wrap(p, COLS > 0 ? COLS : 1);
	pager_clamp(p, rows);
	for (k = 0; k < rows; k++) {
		i = p->top + (size_t)k;
		if (i >= p->nrows)
			break;
		r = &p->rows[i];
		draw_text(y + k, 0, COLS, p->text.data + r->off, r->len,
		    theme_attr(p->lines[r->line].look));
	}
}

void
pager_position(const struct pager *p, char *buf, size_t size)
{
	size_t shown = p->top + (size_t)ui_rows();

	if (shown > p->nrows)
		shown = p->nrows;
	snprintf(buf, size, "%zu/%zu", shown, p->nrows);
}

/* The pager the keys act on: the help when open, else the thread. */
static struct pager *
pager_current(struct ui *ui)
{
	return ui->help != NULL ? ui->help : ui->pager;
}

static void
pager_scroll(struct ui *ui, long delta)
{
	struct pager *p = pager_current(ui);
	long top = (long)p->top + delta;

	if (p->cols != COLS)
		pager_wrap(p, COLS > 0 ? COLS : 1);
	p->top = top < 0 ? 0 : (size_t)top;
	pager_clamp(p, ui_rows());
}

static void
pager_cmd_down(struct ui *ui)
{
	pager_scroll(ui, 1);
}

static void
pager_cmd_up(struct ui *ui)
{
	pager_scroll(ui, -1);
}

static void
pager_cmd_page_down(struct ui *ui)
{
	pager_scroll(ui, ui_rows() > 1 ? ui_rows() - 1 : 1);
}

static void
pager_cmd_page_up(struct ui *ui)
{
	pager_scroll(ui, ui_rows() > 1 ? -(ui_rows() - 1) : -1);
}

static void
pager_cmd_top(struct ui *ui)
{
	pager_current(ui)->top = 0;
}

static void
pager_cmd_bottom(struct ui *ui)
{
	pager_scroll(ui, (long)pager_current(ui)->nrows);
}

static void
pager_cmd_close(struct ui *ui)
{
	if (ui->help != NULL)
		pager_free(&ui->help);
	else
		pager_free(&ui->pager);
}

/* clang-format off */
const struct keys_entry pager_keys[] = {
	{ 'j', pager_cmd_down, N_("next line"), "next" },
	{ KEYS_FN(KEY_DOWN), pager_cmd_down, NULL, NULL },
	{ '\n', pager_cmd_down, NULL, NULL },
	{ '\r', pager_cmd_down, NULL, NULL },
	{ KEYS_FN(KEY_ENTER), pager_cmd_down, NULL, NULL },
	{ 'k', pager_cmd_up, N_("previous line"), "previous" },
	{ KEYS_FN(KEY_UP), pager_cmd_up, NULL, NULL },
	{ ' ', pager_cmd_page_down, N_("next page"), "next-page" },
	{ KEYS_FN(KEY_NPAGE), pager_cmd_page_down, NULL, NULL },
	{ '-', pager_cmd_page_up, N_("previous page"), "previous-page" },
	{ KEYS_FN(KEY_PPAGE), pager_cmd_page_up, NULL, NULL },
	{ 'g', pager_cmd_top, N_("top"), "first" },
	{ KEYS_FN(KEY_HOME), pager_cmd_top, NULL, NULL },
	{ 'G', pager_cmd_bottom, N_("bottom"), "last" },
	{ KEYS_FN(KEY_END), pager_cmd_bottom, NULL, NULL },
	{ 'q', pager_cmd_close, N_("close: back to the index (or out of "
		"the help)"), "close" },
	{ 'i', pager_cmd_close, NULL, NULL },
	{ '?', ui_cmd_help, N_("show these keys (again: close them)"),
	    "help" },
	{ KEYS_CTRL('L'), ui_cmd_redraw, N_("redraw the screen"), "redraw" },
	{ 0, NULL, NULL, NULL },
};
/* clang-format on */
