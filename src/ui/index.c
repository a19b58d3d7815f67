#include <config.h>

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "store/search.h"
#include "ui/draw.h"
#include "ui/index.h"
#include "ui/pager.h"
#include "ui/prompt.h"
#include "ui/thread.h"
#include "ui/theme.h"
#include "ui/ui-int.h"
#include "util/intl.h"
#include "util/xalloc.h"

#define INDEX_AUTHOR_COLS 20

/* One thread as the index shows it, copied out of the search. */
struct index_row {
	char *thread_id;
	time_t date;
	int total;
	char *authors;
	char *subject;
	char *tags; /* space-separated */
};

struct index {
	struct store *store; /* borrowed; NULL: nothing to show */
	char *query;
	struct search *search; /* open while more threads may come */
	struct index_row *rows;
	size_t nrows, alloc;
	size_t cursor, top;
	unsigned messages; /* counted */
	int counted;	   /* messages is known */
	int count_tried;
	char *error; /* the first read error, or NULL */
};

static void
row_release(struct index_row *r)
{
	free(r->thread_id);
	free(r->authors);
	free(r->subject);
	free(r->tags);
}

static void
row_copy(struct index_row *r, const struct search_item *it)
{
	r->thread_id = xstrdup(it->thread_id ? it->thread_id : "");
	r->date = it->date;
	r->total = it->total;
	r->authors = xstrdup(it->authors ? it->authors : "");
	r->subject = xstrdup(it->subject ? it->subject : "");
	r->tags = xstrdup(it->tags ? it->tags : "");
}

/* Read threads until there are n rows or no more; the search ends. */
static void
index_fill(struct index *ix, size_t n)
{
	struct search_item it;
	struct err err;
	int r;

	while (ix->search != NULL && ix->nrows < n) {
		r = search_next(ix->search, &it, &err);
		if (r <= 0) {
			if (r < 0 && ix->error == NULL)
				ix->error = xstrdup(err.msg);
			search_free(&ix->search);
			break;
		}
		if (ix->nrows == ix->alloc) {
			ix->alloc = ix->alloc ? ix->alloc * 2 : 64;
			ix->rows = xreallocarray(
			    ix->rows, ix->alloc, sizeof *ix->rows);
		}
		row_copy(&ix->rows[ix->nrows++], &it);
	}
}

static void
index_clear(struct index *ix)
{
	size_t i;

	search_free(&ix->search);
	for (i = 0; i < ix->nrows; i++)
		row_release(&ix->rows[i]);
	ix->nrows = 0;
	ix->counted = 0;
	ix->count_tried = 0;
	xfree(&ix->error);
}

static int
index_start(struct index *ix, struct err *err)
{
	if (ix->store == NULL)
		return 0;
	return search_new(
	    ix->store, ix->query, SEARCH_THREADS, &ix->search, err);
}

int
index_new(struct store *store, const char *query, struct index **index_r,
    struct err *err)
{
	struct index *ix = xcalloc(1, sizeof *ix);

	ix->store = store;
	ix->query = xstrdup(query);
	if (index_start(ix, err) < 0) {
		index_free(&ix);
		return -1;
	}
	*index_r = ix;
	return 0;
}

void
index_free(struct index **index)
{
	struct index *ix = *index;

	if (ix == NULL)
		return;
	index_clear(ix);
	free(ix->rows);
	free(ix->query);
	free(ix);
	*index = NULL;
}

/* Find thread id among the first n rows (reading them): its row or -1. */
static long
index_find(struct index *ix, const char *id, size_t n)
{
	size_t i;

	index_fill(ix, n);
	for (i = 0; i < ix->nrows; i++)
		if (strcmp(ix->rows[i].thread_id, id) == 0)
			return (long)i;
	return -1;
}

int
index_reload(struct index *ix, struct store *store, struct err *err)
{
	char *id = NULL;
	size_t reach = ix->cursor + (size_t)ui_rows() + 1;
	size_t offset = ix->cursor - ix->top; /* keep the cursor's row */
	long at;

	if (ix->cursor < ix->nrows)
		id = xstrdup(ix->rows[ix->cursor].thread_id);
	index_clear(ix);
	ix->store = store;
	if (index_start(ix, err) < 0) {
		free(id);
		ix->cursor = ix->top = 0;
		return -1;
	}
	at = id != NULL ? index_find(ix, id, reach) : -1;
	ix->cursor = at >= 0 ? (size_t)at : 0;
	/* At the top, new mail shows above; else the screen stays put. */
	if (ix->top > 0)
		ix->top = ix->cursor >= offset ? ix->cursor - offset : 0;
	free(id);
	return 0;
}

const char *
index_query(const struct index *ix)
{
	return ix->query;
}

int
index_empty(struct index *ix)
{
	index_fill(ix, 1);
	return ix->nrows == 0;
}

const char *
index_error(const struct index *ix)
{
	return ix->error;
}

const char *
index_thread(const struct index *ix, const char **subject_r)
{
	if (ix->cursor >= ix->nrows)
		return NULL;
	*subject_r = ix->rows[ix->cursor].subject;
	return ix->rows[ix->cursor].thread_id;
}

int
index_needs_count(const struct index *ix)
{
	return ix->store != NULL && !ix->count_tried;
}

void
index_count(struct index *ix)
{
	struct err err;

	if (!index_needs_count(ix))
		return;
	ix->count_tried = 1; /* a failure leaves "N/M+" */
	ix->counted = search_count(ix->store, ix->query, SEARCH_MESSAGES,
			  &ix->messages, &err) == 0;
}

void
index_position(const struct index *ix, int longer, char *buf, size_t size)
{
	size_t pos = ix->nrows > 0 ? ix->cursor + 1 : 0;
	int n = 0;

	if (longer && ix->counted)
		n = snprintf(buf, size,
		    ngettext_("%u message  ", "%u messages  ", ix->messages),
		    ix->messages);
	if (n < 0 || (size_t)n >= size)
		n = 0;
	snprintf(buf + n, size - (size_t)n, "%zu/%zu%s", pos, ix->nrows,
	    ix->search != NULL ? "+" : "");
}

/* Whether tags (space-separated) hold tag. */
static int
index_has_tag(const char *tags, const char *tag)
{
	size_t n = strlen(tag);
	const char *p;

	for (p = tags; (p = strstr(p, tag)) != NULL; p += n)
		if ((p == tags || p[-1] == ' ') &&
		    (p[n] == ' ' || p[n] == '\0'))
			return 1;
	return 0;
}

/* The tags worth showing: all but those the flags column says. */
static void
index_shown_tags(const char *tags, struct buf *out)
{
	const char *p = tags, *end;
	size_t n;

	while (*p != '\0') {
		end = strchr(p, ' ');
		n = end != NULL ? (size_t)(end - p) : strlen(p);
		if (n > 0 && !(n == 6 && strncmp(p, "unread", n) == 0) &&
		    !(n == 7 && strncmp(p, "flagged", n) == 0) &&
		    !(n == 7 && strncmp(p, "replied", n) == 0))
			buf_addf(out, "%s%.*s", out->len ? " " : "", (int)n, p);
		p += n + (end != NULL);
	}
}

/* notmuch writes "matched| others": show them all as one list. */
static void
index_authors(const char *authors, struct buf *out)
{
	const char *p;

	for (p = authors; *p != '\0'; p++)
		buf_addc(out, *p == '|' ? ',' : *p);
}

/* The attributes of a line: cursor, flagged, unread or plain. */
static int
index_line_attr(const struct index *ix, size_t i)
{
	const struct index_row *r = &ix->rows[i];
	int attr = theme_attr(THEME_NORMAL);

	if (index_has_tag(r->tags, "flagged"))
		attr = theme_attr(THEME_FLAGGED);
	if (index_has_tag(r->tags, "unread"))
		attr |= theme_attr(THEME_UNREAD);
	if (i == ix->cursor)
		attr |= theme_attr(THEME_CURSOR);
	return attr;
}

/* The fixed part of a line: flags, date, count. */
static void
index_head(const struct index_row *r, char *buf, size_t size)
{
	char day[16] = "";
	char count[16] = "";
	struct tm tm;

	if (localtime_r(&r->date, &tm) != NULL)
		strftime(day, sizeof day, "%Y-%m-%d", &tm);
	if (r->total > 1)
		snprintf(count, sizeof count, "(%d)", r->total);
	snprintf(buf, size, "%c%c%c %-10s %5s ",
	    index_has_tag(r->tags, "unread") ? 'N' : ' ',
	    index_has_tag(r->tags, "flagged") ? '!' : ' ',
	    index_has_tag(r->tags, "replied") ? 'r' : ' ', day, count);
}

static void
index_draw_row(const struct index *ix, size_t i, int y)
{
	const struct index_row *r = &ix->rows[i];
	int attr = index_line_attr(ix, i);
	struct buf b = BUF_INIT;
	char head[64];
	int x;

	draw_fill(y, 0, COLS, attr);
	index_head(r, head, sizeof head);
	x = draw_str(y, 0, COLS, head, attr);
	index_authors(r->authors, &b);
	draw_str(y, x, INDEX_AUTHOR_COLS, b.data, attr);
	x += INDEX_AUTHOR_COLS + 1;
	x += draw_str(y, x, COLS - x, r->subject, attr);
	buf_reset(&b);
	index_shown_tags(r->tags, &b);
	if (b.len > 0 && x + 2 < COLS)
		draw_str(y, x + 2, COLS - x - 2, b.data,
		    i == ix->cursor ? attr : theme_attr(THEME_TAGS));
	buf_release(&b);
}

/* Keep the cursor on screen. */
static void
index_scroll(struct index *ix, int rows)
{
	if (rows < 1)
		rows = 1;
	if (ix->cursor < ix->top)
		ix->top = ix->cursor;
	if (ix->cursor >= ix->top + (size_t)rows)
		ix->top = ix->cursor - (size_t)rows + 1;
}

void
index_draw(struct index *ix, int y, int rows)
{
	size_t i;
	int k;

	index_fill(ix, ix->top + (size_t)(rows > 0 ? rows : 0));
	index_scroll(ix, rows);
	for (k = 0; k < rows; k++) {
		i = ix->top + (size_t)k;
		if (i >= ix->nrows)
			break;
		index_draw_row(ix, i, y + k);
	}
	if (ix->nrows == 0 && rows > 0)
		draw_str(y, 0, COLS,
		    ix->store == NULL ? _("(the mail store is empty)")
				      : _("(no mail)"),
		    theme_attr(THEME_NORMAL));
}

/* Move the cursor by delta rows (and the screen with it by page). */
static void
index_move(struct index *ix, long delta, int page)
{
	long to = (long)ix->cursor + delta;

	if (to < 0)
		to = 0;
	index_fill(ix, (size_t)to + 1);
	if (ix->nrows == 0)
		return;
	if ((size_t)to >= ix->nrows)
		to = (long)ix->nrows - 1;
	if (page) {
		long top = (long)ix->top + delta;
		ix->top = top < 0 ? 0 : (size_t)top;
	}
	ix->cursor = (size_t)to;
	/* Past the end: the last thread on the last row, not alone on top. */
	if (ix->top > ix->cursor)
		ix->top = ix->cursor + 1 >= (size_t)ui_rows()
		    ? ix->cursor + 1 - (size_t)ui_rows()
		    : 0;
	index_scroll(ix, ui_rows());
}

static void
index_cmd_down(struct ui *ui)
{
	index_move(ui->index, 1, 0);
}

static void
index_cmd_up(struct ui *ui)
{
	index_move(ui->index, -1, 0);
}

static void
index_cmd_page_down(struct ui *ui)
{
	index_move(ui->index, ui_rows(), 1);
}

static void
index_cmd_page_up(struct ui *ui)
{
	index_move(ui->index, -ui_rows(), 1);
}

static void
index_cmd_first(struct ui *ui)
{
	index_move(ui->index, -(long)ui->index->cursor, 0);
}

/* Reads every thread: the one place that costs as much as the result. */
static void
index_cmd_last(struct ui *ui)
{
	index_fill(ui->index, (size_t)-1);
	index_move(ui->index, (long)ui->index->nrows, 0);
}

static void
index_cmd_open(struct ui *ui)
{
	const char *subject, *id = index_thread(ui->index, &subject);
	struct err err;

	if (id == NULL) {
		ui_error(ui, "%s", _("no thread to open"));
		return;
	}
	if (thread_open(ui->store, id, subject, &ui->pager, &err) < 0)
		ui_error(ui, "%s", err.msg);
}

static void
index_cmd_quit(struct ui *ui)
{
	ui->quit = 1;
}

/* Show the threads matching query instead; 0, or -1 with a message. */
static int
index_search(struct ui *ui, const char *query)
{
	struct index *ix;
	struct err err;

	if (index_new(ui->store, query, &ix, &err) < 0) {
		ui_error(ui, "%s", err.msg);
		return -1;
	}
	if (ui->store != NULL && index_empty(ix)) {
		ui_error(ui, "%s",
		    index_error(ix) != NULL
			? index_error(ix)
			: _("no thread matches this query"));
		index_free(&ix);
		return -1;
	}
	index_free(&ui->index);
	ui->index = ix;
	return 0;
}

static void
index_cmd_search(struct ui *ui)
{
	char *query = NULL;
	const char *p;

	if (prompt_read(ui, _("Search: "), &query) <= 0)
		return;
	for (p = query; *p == ' '; p++)
		;
	if (*p == '\0')
		ui_error(ui, "%s",
		    _("the query is empty: type a notmuch query, such as "
		      "from:alice or tag:unread"));
	else
		index_search(ui, query);
	free(query);
}

/* clang-format off */
const struct keys_entry index_keys[] = {
	{ 'j', index_cmd_down, N_("next thread"), "next" },
	{ KEYS_FN(KEY_DOWN), index_cmd_down, NULL, NULL },
	{ 'k', index_cmd_up, N_("previous thread"), "previous" },
	{ KEYS_FN(KEY_UP), index_cmd_up, NULL, NULL },
	{ KEYS_FN(KEY_NPAGE), index_cmd_page_down, N_("next page"), "next-page" },
	{ ' ', index_cmd_page_down, NULL, NULL },
	{ KEYS_FN(KEY_PPAGE), index_cmd_page_up, N_("previous page"), "previous-page" },
	{ '-', index_cmd_page_up, NULL, NULL },
	{ 'g', index_cmd_first, N_("first thread"), "first" },
	{ KEYS_FN(KEY_HOME), index_cmd_first, NULL, NULL },
	{ 'G', index_cmd_last, N_("last thread"), "last" },
	{ KEYS_FN(KEY_END), index_cmd_last, NULL, NULL },
	{ '\n', index_cmd_open, N_("read the thread"), "open" },
	{ '\r', index_cmd_open, NULL, NULL },
	{ KEYS_FN(KEY_ENTER), index_cmd_open, NULL, NULL },
	{ '/', index_cmd_search, N_("search (a notmuch query)"),
	    "search" },
	{ '?', ui_cmd_help, N_("show these keys"), "help" },
	{ KEYS_CTRL('L'), ui_cmd_redraw, N_("redraw the screen"), "redraw" },
	{ 'q', index_cmd_quit, N_("quit"), "quit" },
	{ 0, NULL, NULL, NULL },
};
/* clang-format on */
