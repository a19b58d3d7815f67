/*
 * The pager: lines of safe text, cut into screen rows at the width of
 * the screen (again after a resize), and its keys. A thread's pager also
 * keeps where each message starts, and may show over its text the
 * attachment or link list of one message (attach.c) and over that the
 * output of a viewer (a pager of its own); each key acts on the one on
 * top, so the lists need no place in struct ui.
 *
 * Search (/, n, N) goes by lines of the text, case-insensitively on
 * every letter (towlower on code points) unless the text has an
 * upper-case letter (smart case, as less -i and mutt do); the matches
 * on the screen are highlighted. The text is kept in struct ui for the
 * session, its highlighting in the pager searched.
 */
#include <config.h>

#include <curses.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

#include "ui/attach.h"
#include "ui/draw.h"
#include "ui/pager.h"
#include "ui/prompt.h"
#include "ui/theme.h"
#include "ui/thread.h"
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

/*
 * A search text ready to match: its code points, in lower case when
 * the match ignores case (fold).
 */
struct pager_needle {
	unsigned *cp;
	size_t n;
	int fold;
};

/* Where a message starts, and its file. */
struct pager_msg {
	size_t line;
	char *path;
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
	size_t top_line; /* PAGER_NONE, or the line to show on top */
	struct pager_msg *msgs;
	size_t nmsgs;
	int all_headers;	    /* key h */
	struct attach *list;	    /* over the text, or NULL */
	struct pager *output;	    /* over the list and the text, or NULL */
	char *search;		    /* the text highlighted, or NULL */
	struct pager_needle needle; /* search, ready to match */
	size_t found;		    /* the line of the last match, or
				       PAGER_NONE */
	size_t found_off;	    /* and where in the text it starts */
};

struct pager *
pager_new(const char *title)
{
	struct pager *p = xcalloc(1, sizeof *p);

	p->title = xstrdup(title != NULL ? title : "");
	buf_init(&p->text, 0);
	p->top_line = PAGER_NONE;
	p->found = PAGER_NONE;
	return p;
}

void
pager_free(struct pager **pager)
{
	struct pager *p = *pager;

	if (p == NULL)
		return;
	pager_reset(p);
	free(p->title);
	free(p->search);
	free(p->needle.cp);
	buf_release(&p->text);
	free(p->lines);
	free(p->rows);
	free(p->msgs);
	attach_free(&p->list);
	pager_free(&p->output);
	free(p);
	*pager = NULL;
}

const char *
pager_title(const struct pager *p)
{
	if (p->output != NULL)
		return pager_title(p->output);
	if (p->list != NULL)
		return attach_title(p->list);
	return p->title;
}

/*
 * The look of a body line: a note, a signature (*sig: the lines after
 * "-- ", until a note), quoted (by level), or plain.
 */
static enum theme_elem
pager_look(const char *s, size_t len, int *sig)
{
	static const enum theme_elem quotes[] = { THEME_QUOTE1, THEME_QUOTE2,
		THEME_QUOTE3 };
	size_t i, level = 0;

	if (len >= 4 && strncmp(s, "[-- ", 4) == 0) {
		*sig = 0;
		return THEME_NOTE;
	}
	if (len == 3 && strncmp(s, "-- ", 3) == 0)
		*sig = 1;
	if (*sig)
		return THEME_SIGNATURE;
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
pager_add_line(struct pager *p, const char *s, size_t len, int header, int *sig)
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
	pager_push_line(
	    p, off, header ? THEME_HEADER : pager_look(s, len, sig));
	buf_addc(&p->text, '\n');
}

void
pager_add(struct pager *p, const char *text, size_t len, int headers)
{
	struct buf safe = BUF_INIT;
	const char *s, *end, *nl;
	int sig = 0;

	text_sanitize(&safe, text, len, TEXT_KEEP_NEWLINES | TEXT_KEEP_TABS);
	s = safe.data;
	end = safe.data + safe.len;
	while (s < end) {
		nl = memchr(s, '\n', (size_t)(end - s));
		if (nl == NULL)
			nl = end;
		if (nl == s)
			headers = 0;
		pager_add_line(p, s, (size_t)(nl - s), headers, &sig);
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

	if (p->top_line != PAGER_NONE)
		first = p->top_line;
	else if (p->top < p->nrows)
		first = p->rows[p->top].line;
	p->top_line = PAGER_NONE;
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

/* Make the rows for the screen's width, if not made yet. */
static void
pager_rows(struct pager *p)
{
	if (p->cols != COLS)
		pager_wrap(p, COLS > 0 ? COLS : 1);
}

/*
 * The next character of s[0..len) (len > 0) as a code point in *cp_r,
 * in lower case when fold is set; returns its length in bytes. The
 * text is safe UTF-8; a stray invalid byte counts as U+FFFD.
 */
static size_t
pager_char(const char *s, size_t len, int fold, unsigned *cp_r)
{
	size_t n = text_utf8_len((const unsigned char *)s, len, cp_r);

	if (n == 0) {
		n = 1;
		*cp_r = 0xfffd;
	}
	if (fold)
		*cp_r = (unsigned)towlower((wint_t)*cp_r);
	return n;
}

/* Make text (UTF-8) the needle: smart case, as less -i does. */
static void
pager_needle_set(struct pager_needle *nd, const char *text)
{
	size_t len = strlen(text), i = 0, k;
	unsigned cp;

	nd->cp = xreallocarray(nd->cp, len + 1, sizeof *nd->cp);
	nd->n = 0;
	nd->fold = 1;
	while (i < len) {
		i += pager_char(text + i, len - i, 0, &cp);
		if (towlower((wint_t)cp) != (wint_t)cp)
			nd->fold = 0; /* an upper-case letter: exact case */
		nd->cp[nd->n++] = cp;
	}
	if (nd->fold)
		for (k = 0; k < nd->n; k++)
			nd->cp[k] = (unsigned)towlower((wint_t)nd->cp[k]);
}

/* Whether s[0..len) starts with the needle; the bytes it takes in *n_r. */
static int
pager_match_at(
    const struct pager_needle *nd, const char *s, size_t len, size_t *n_r)
{
	size_t i = 0, k;
	unsigned cp;

	for (k = 0; k < nd->n; k++) {
		if (i == len)
			return 0;
		i += pager_char(s + i, len - i, nd->fold, &cp);
		if (cp != nd->cp[k])
			return 0;
	}
	*n_r = i;
	return 1;
}

/*
 * The first match of the needle in s[0..len) at or after byte from (a
 * character's start): 1 with its offset in *off_r and its length in
 * *n_r, or 0 when there is none.
 */
static int
pager_match(const struct pager_needle *nd, const char *s, size_t len,
    size_t from, size_t *off_r, size_t *n_r)
{
	unsigned cp;

	if (nd->n == 0)
		return 0;
	while (from < len) {
		if (pager_match_at(nd, s + from, len - from, n_r)) {
			*off_r = from;
			return 1;
		}
		from += pager_char(s + from, len - from, 0, &cp);
	}
	return 0;
}

/* Whether line i has a match: 1 with where it starts in the text. */
static int
pager_line_match(const struct pager *p, size_t i, size_t *off_r)
{
	const struct pager_line *l = &p->lines[i];
	size_t off, n;

	if (!pager_match(
		&p->needle, p->text.data + l->off, l->len, 0, &off, &n))
		return 0;
	*off_r = l->off + off;
	return 1;
}

/*
 * The first line with a match going from line start (skipped when skip
 * is set) in direction dir (1 or -1), round the end of the text: its
 * number, or PAGER_NONE. *wrapped_r says whether it went round; where
 * the match starts in the text is in *off_r.
 */
static size_t
pager_find(const struct pager *p, size_t start, int dir, int skip,
    int *wrapped_r, size_t *off_r)
{
	size_t n = p->nlines, k, i, first = skip ? 1 : 0;

	for (k = first; k < n + first; k++) {
		i = dir > 0 ? (start + k) % n : (start + n - k % n) % n;
		if (pager_line_match(p, i, off_r)) {
			*wrapped_r = dir > 0 ? start + k >= n : k > start;
			return i;
		}
	}
	return PAGER_NONE;
}

/* The row that shows byte off of the text (rows made). */
static size_t
pager_row_of(const struct pager *p, size_t off)
{
	size_t lo = 0, hi = p->nrows, mid;

	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (p->rows[mid].off <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The matches on row r as spans of the row, in spans (room for one per
 * byte of the row); returns how many. A match that the wrapping cut
 * is highlighted on both rows.
 */
static size_t
pager_row_spans(
    const struct pager *p, const struct pager_row *r, struct draw_span *spans)
{
	const struct pager_line *l = &p->lines[r->line];
	const char *s = p->text.data + l->off;
	size_t start = r->off - l->off, end = start + r->len;
	size_t from = 0, off, n, k = 0, a, b;
	int attr = theme_attr(THEME_SEARCH);

	while (from < end &&
	    pager_match(&p->needle, s, l->len, from, &off, &n) && off < end) {
		if (off + n > start) {
			a = off > start ? off : start;
			b = off + n < end ? off + n : end;
			spans[k++] =
			    (struct draw_span){ a - start, b - a, attr };
		}
		from = off + n;
	}
	return k;
}

/* Draw row i of the pager at screen row y, its matches highlighted. */
static void
pager_draw_row(const struct pager *p, size_t i, int y)
{
	const struct pager_row *r = &p->rows[i];
	int attr = theme_attr(p->lines[r->line].look);
	struct draw_span *spans;
	size_t n;

	if (p->search == NULL || r->len == 0) {
		draw_text(y, 0, COLS, p->text.data + r->off, r->len, attr);
		return;
	}
	spans = xreallocarray(NULL, r->len, sizeof *spans);
	n = pager_row_spans(p, r, spans);
	draw_text_spans(
	    y, 0, COLS, p->text.data + r->off, r->len, attr, spans, n);
	free(spans);
}

void
pager_draw(struct pager *p, int y, int rows)
{
	size_t i;
	int k;

	if (p->output != NULL) {
		pager_draw(p->output, y, rows);
		return;
	}
	if (p->list != NULL) {
		attach_draw(p->list, y, rows);
		return;
	}
	pager_rows(p);
	pager_clamp(p, rows);
	for (k = 0; k < rows; k++) {
		i = p->top + (size_t)k;
		if (i >= p->nrows)
			break;
		pager_draw_row(p, i, y + k);
	}
}

void
pager_position(const struct pager *p, char *buf, size_t size)
{
	size_t shown = p->top + (size_t)ui_rows();

	if (p->output != NULL) {
		pager_position(p->output, buf, size);
		return;
	}
	if (p->list != NULL) {
		attach_position(p->list, buf, size);
		return;
	}
	if (shown > p->nrows)
		shown = p->nrows;
	snprintf(buf, size, "%zu/%zu", shown, p->nrows);
}

void
pager_mark(struct pager *p, const char *path)
{
	p->msgs = xreallocarray(p->msgs, p->nmsgs + 1, sizeof *p->msgs);
	p->msgs[p->nmsgs].line = p->nlines;
	p->msgs[p->nmsgs++].path = xstrdup(path);
}

size_t
pager_messages(const struct pager *p)
{
	return p->nmsgs;
}

const char *
pager_message_path(const struct pager *p, size_t i)
{
	return p->msgs[i].path;
}

size_t
pager_message_at_top(struct pager *p)
{
	size_t line, i = p->nmsgs;

	if (p->nmsgs == 0)
		return PAGER_NONE;
	pager_rows(p);
	pager_clamp(p, ui_rows());
	line = p->top < p->nrows ? p->rows[p->top].line : 0;
	while (i > 1 && p->msgs[i - 1].line > line)
		i--;
	return i - 1;
}

void
pager_message_text(
    const struct pager *p, size_t i, const char **text_r, size_t *len_r)
{
	size_t end = i + 1 < p->nmsgs ? p->msgs[i + 1].line : p->nlines;
	size_t from = p->msgs[i].line;

	*text_r = p->text.data;
	*len_r = 0;
	if (from >= p->nlines || end <= from)
		return;
	*text_r = p->text.data + p->lines[from].off;
	*len_r = p->lines[end - 1].off + p->lines[end - 1].len + 1 -
	    p->lines[from].off;
}

void
pager_reset(struct pager *p)
{
	size_t i;

	for (i = 0; i < p->nmsgs; i++)
		free(p->msgs[i].path);
	p->nmsgs = 0;
	buf_reset(&p->text);
	p->nlines = 0;
	p->nrows = 0;
	p->top = 0;
	p->top_line = PAGER_NONE;
	p->cols = 0;
	p->found = PAGER_NONE;
}

void
pager_show_message(struct pager *p, size_t i)
{
	if (i >= p->nmsgs)
		return;
	p->top_line = p->msgs[i].line;
	p->cols = 0;
}

int
pager_all_headers(const struct pager *p)
{
	return p->all_headers;
}

struct attach *
pager_list(const struct pager *p)
{
	return p->list;
}

void
pager_set_list(struct pager *p, struct attach *list)
{
	attach_free(&p->list);
	p->list = list;
}

const struct keys_entry *
pager_key_table(const struct pager *p)
{
	if (p->output == NULL && p->list != NULL)
		return attach_table(p->list);
	return pager_keys;
}

void
pager_set_output(struct pager *p, struct pager *output)
{
	pager_free(&p->output);
	p->output = output;
}

/*
 * The pager the keys act on: the help when open, else a viewer's output
 * over the thread, else the thread.
 */
static struct pager *
pager_current(struct ui *ui)
{
	if (ui->help != NULL)
		return ui->help;
	if (ui->pager->output != NULL)
		return ui->pager->output;
	return ui->pager;
}

/*
 * When a list is on top, run its action called name instead of the
 * pager's (a list without it says so). Returns 1 when done so.
 */
static int
pager_forward(struct ui *ui, const char *name)
{
	const struct keys_entry *e;

	if (ui->help != NULL || ui->pager->output != NULL ||
	    ui->pager->list == NULL)
		return 0;
	for (e = attach_table(ui->pager->list); e->run != NULL; e++)
		if (e->name != NULL && strcmp(e->name, name) == 0) {
			e->run(ui);
			return 1;
		}
	ui_error(ui, "%s", _("this list has no such action; ? shows the keys"));
	return 1;
}

/*
 * The thread, for the keys that act on it (the help is closed first), or
 * NULL after saying that there is none (the help over the index).
 */
static struct pager *
pager_thread(struct ui *ui)
{
	if (ui->pager == NULL || ui->pager->nmsgs == 0) {
		ui_error(ui, "%s", _("there is no message here"));
		return NULL;
	}
	pager_free(&ui->help);
	return ui->pager;
}

static void
pager_scroll(struct ui *ui, long delta)
{
	struct pager *p = pager_current(ui);
	long top = (long)p->top + delta;

	pager_rows(p);
	p->top = top < 0 ? 0 : (size_t)top;
	pager_clamp(p, ui_rows());
}

static void
pager_cmd_down(struct ui *ui)
{
	if (!pager_forward(ui, "next"))
		pager_scroll(ui, 1);
}

static void
pager_cmd_up(struct ui *ui)
{
	if (!pager_forward(ui, "previous"))
		pager_scroll(ui, -1);
}

static void
pager_cmd_page_down(struct ui *ui)
{
	if (!pager_forward(ui, "next-page"))
		pager_scroll(ui, ui_rows() > 1 ? ui_rows() - 1 : 1);
}

static void
pager_cmd_page_up(struct ui *ui)
{
	if (!pager_forward(ui, "previous-page"))
		pager_scroll(ui, ui_rows() > 1 ? -(ui_rows() - 1) : -1);
}

static void
pager_cmd_top(struct ui *ui)
{
	if (!pager_forward(ui, "first"))
		pager_current(ui)->top = 0;
}

static void
pager_cmd_bottom(struct ui *ui)
{
	if (!pager_forward(ui, "last"))
		pager_scroll(ui, (long)pager_current(ui)->nrows);
}

/* Close what is on top: the help, an output, a list, or the thread. */
static void
pager_cmd_close(struct ui *ui)
{
	if (ui->help != NULL)
		pager_free(&ui->help);
	else if (ui->pager->output != NULL)
		pager_set_output(ui->pager, NULL);
	else if (ui->pager->list != NULL)
		pager_set_list(ui->pager, NULL);
	else
		pager_free(&ui->pager);
}

/* h: every header field, or again the chosen ones. */
static void
pager_cmd_headers(struct ui *ui)
{
	struct pager *p = pager_thread(ui);

	if (p == NULL)
		return;
	p->all_headers = !p->all_headers;
	thread_render(p, ui->cfg);
	ui_message(ui, "%s",
	    p->all_headers ? _("all header fields")
			   : _("the chosen header fields"));
}

/*
 * Open the list that make (attach_new_parts or attach_new_urls) makes
 * for the message at the top of the screen, over the text.
 */
static void
pager_open_list(struct ui *ui,
    struct attach *(*make)(struct pager *p, size_t msg, struct err *err))
{
	struct pager *p = pager_thread(ui);
	struct attach *list;
	struct err err;

	if (p == NULL)
		return;
	pager_set_output(p, NULL);
	list = make(p, pager_message_at_top(p), &err);
	if (list == NULL) {
		ui_error(ui, "%s", err.msg);
		return;
	}
	pager_set_list(p, list);
}

static void
pager_cmd_attachments(struct ui *ui)
{
	pager_open_list(ui, attach_new_parts);
}

static void
pager_cmd_urls(struct ui *ui)
{
	pager_open_list(ui, attach_new_urls);
}

/* A key that acts only in the attachment list: there, or say so. */
static void
pager_list_only(struct ui *ui, const char *name, const char *key)
{
	if (!pager_forward(ui, name))
		ui_error(ui,
		    _("%s acts on an attachment: v lists the attachments"),
		    key);
}

static void
pager_cmd_save(struct ui *ui)
{
	pager_list_only(ui, "save", "s");
}

static void
pager_cmd_open(struct ui *ui)
{
	pager_list_only(ui, "open", "o");
}

static void
pager_cmd_pipe(struct ui *ui)
{
	pager_list_only(ui, "pipe", "|");
}

/* Highlight the matches of text in p (NULL: none). */
static void
pager_highlight(struct pager *p, const char *text)
{
	if (text != NULL && p->search != NULL && strcmp(text, p->search) == 0)
		return;
	xfree(&p->search);
	p->found = PAGER_NONE;
	if (text == NULL)
		return;
	p->search = xstrdup(text);
	pager_needle_set(&p->needle, text);
}

/*
 * Where a search starts: after the line of the last match when again
 * is set and that match is on the screen (n, N), else at the top line
 * (/, a new pager, after scrolling away). *skip_r says whether the
 * line itself is skipped.
 */
static size_t
pager_search_from(const struct pager *p, int again, int *skip_r)
{
	size_t row;

	*skip_r = 0;
	if (again && p->found != PAGER_NONE && p->found < p->nlines) {
		row = pager_row_of(p, p->found_off);
		if (row >= p->top && row < p->top + (size_t)ui_rows()) {
			*skip_r = 1;
			return p->found;
		}
	}
	return p->top < p->nrows ? p->rows[p->top].line : 0;
}

/*
 * Look for the session's search text in the pager on top, in direction
 * dir from where pager_search_from says, and scroll the row of the
 * match to the top (as near as the end of the text lets it).
 */
static void
pager_search_go(struct ui *ui, int dir, int again)
{
	struct pager *p = pager_current(ui);
	size_t line, off, from;
	int wrapped, skip;

	pager_highlight(p, ui->pager_search);
	pager_rows(p);
	pager_clamp(p, ui_rows());
	from = pager_search_from(p, again, &skip);
	line = pager_find(p, from, dir, skip, &wrapped, &off);
	if (line == PAGER_NONE) {
		ui_error(ui, _("not found: %s"), ui->pager_search);
		return;
	}
	p->found = line;
	p->found_off = off;
	p->top = pager_row_of(p, off);
	pager_clamp(p, ui_rows());
	if (wrapped)
		ui_message(ui, "%s", _("search wrapped"));
}

/* /: ask for a text and go to its first match from the top line. */
static void
pager_cmd_search(struct ui *ui)
{
	char *text = NULL;

	if (prompt_read(ui, _("Search for: "), &text) <= 0 || *text == '\0') {
		pager_highlight(pager_current(ui), NULL); /* Escape, or "" */
		free(text);
		return;
	}
	if (strlen(text) >= sizeof ui->pager_search) {
		ui_error(ui,
		    _("the search text is too long: at most %zu bytes"),
		    sizeof ui->pager_search - 1);
		free(text);
		return;
	}
	strcpy(ui->pager_search, text);
	free(text);
	pager_search_go(ui, 1, 0);
}

/* n and N: the next or previous match of the session's search. */
static void
pager_search_again(struct ui *ui, int dir)
{
	if (ui->pager_search[0] == '\0') {
		ui_error(ui, "%s", _("no search yet: / searches the text"));
		return;
	}
	pager_search_go(ui, dir, 1);
}

static void
pager_cmd_search_next(struct ui *ui)
{
	pager_search_again(ui, 1);
}

static void
pager_cmd_search_previous(struct ui *ui)
{
	pager_search_again(ui, -1);
}

/* Escape: no more highlighting (n brings it back). */
static void
pager_cmd_search_clear(struct ui *ui)
{
	pager_highlight(pager_current(ui), NULL);
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
	{ '^', pager_cmd_top, N_("top"), "first" },
	{ KEYS_FN(KEY_HOME), pager_cmd_top, NULL, NULL },
	{ 'G', pager_cmd_bottom, N_("bottom"), "last" },
	{ KEYS_FN(KEY_END), pager_cmd_bottom, NULL, NULL },
	{ '/', pager_cmd_search, N_("search the text (case counts only when "
		"it has an upper-case letter)"), "search" },
	{ 'n', pager_cmd_search_next, N_("next match of the search"),
	    "search-next" },
	{ 'N', pager_cmd_search_previous, N_("previous match of the "
		"search"), "search-previous" },
	{ 0x1b, pager_cmd_search_clear, N_("no highlighting of the search's "
		"matches (n shows them again)"), "search-clear" },
	{ 'h', pager_cmd_headers, N_("all header fields, or again the "
		"chosen ones"), "toggle-headers" },
	{ 'v', pager_cmd_attachments, N_("list the attachments of the "
		"message at the top (there o opens one, s saves it, | pipes "
		"it)"), "view-attachments" },
	{ 'u', pager_cmd_urls, N_("list the links of the message at the "
		"top (there o opens one in $BROWSER)"), "view-urls" },
	{ 's', pager_cmd_save, N_("in the attachment list: save the "
		"attachment to a file"), "save" },
	{ 'o', pager_cmd_open, N_("in the attachment list: open the "
		"attachment with its mailcap viewer"), "open" },
	{ '|', pager_cmd_pipe, N_("in the attachment list: pipe the "
		"attachment to a shell command"), "pipe" },
	{ 'q', pager_cmd_close, N_("close: back to the index (or out of "
		"the help, a list or a viewer's output)"), "close" },
	{ 'i', pager_cmd_close, NULL, NULL },
	{ '?', ui_cmd_help, N_("show these keys (again: close them)"),
	    "help" },
	{ KEYS_CTRL('L'), ui_cmd_redraw, N_("redraw the screen"), "redraw" },
	{ 0, NULL, NULL, NULL },
};
/* clang-format on */
