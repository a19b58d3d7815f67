/*
 * The index: rows read lazily from a search of the store, the overlay of
 * changes not yet written, and the keys that move, search, limit, sort,
 * mark and change mail (the changes themselves go through action.h).
 *
 * A row is a thread (thread mode) or a message (message mode, threads
 * expanded in their reply order). Its key is the thread's id or the
 * message's Message-ID; marks, the cursor and the overlay follow keys,
 * so that they survive a reload.
 */
#include <config.h>

#include <curses.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "account/move.h"
#include "account/sync.h"
#include "store/maildir.h"
#include "store/search.h"
#include "store/tag.h"
#include "ui/action.h"
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
#define INDEX_FOLDER_DEPTH 8 /* how deep the folder completion looks */

/* A list of strings, owned. */
struct strv {
	char **v;
	size_t n;
};

/* One thread or message as the index shows it, copied out of the search. */
struct index_row {
	char *thread_id;
	char *id; /* message mode: the Message-ID; else NULL */
	time_t date;
	int total;
	int depth; /* message mode: 0 for a thread's first message */
	char *authors;
	char *subject;
	char *tags; /* space-separated, as the store has them */
	int shown;  /* put back by an undo, not read from the store */
};

enum overlay_kind {
	OVERLAY_TAG,  /* tag added or removed */
	OVERLAY_HIDE, /* moved away: not shown */
	OVERLAY_SHOW, /* brought back by an undo: shown */
};

/* One change not yet in the store, as the index shows it meanwhile. */
struct overlay {
	unsigned long seq; /* the change's number (action.h) */
	enum overlay_kind kind;
	char *thread_id;
	int whole;	 /* the whole thread changed */
	struct strv ids; /* the messages changed */
	char *tag;	 /* OVERLAY_TAG */
	int add;
	struct index_row row; /* OVERLAY_HIDE, _SHOW: the row, and */
	size_t pos;	      /* where it was */
};

struct overlays {
	struct overlay *v;
	size_t n;
};

enum undo_kind {
	UNDO_TAG,
	UNDO_MOVE,
	UNDO_EXPUNGE,
};

/* One action of the user, as u undoes it. */
struct undo {
	enum undo_kind kind;
	struct overlays made; /* the overlay it made, copied */
};

/* The orders of o: notmuch's by date, or read all rows and sort them. */
enum index_sort {
	INDEX_SORT_DATE,
	INDEX_SORT_FROM,
	INDEX_SORT_SUBJECT,
	INDEX_SORT_COUNT,
};

/* The ids matching the last search, sorted for bsearch. */
struct index_matches {
	int read;	     /* read for the query as it is now */
	struct strv threads; /* threads with a matching message */
	struct strv ids;     /* the matching messages */
};

struct index {
	struct store *store; /* borrowed; NULL: nothing to show */
	char *base;	     /* the query asked for */
	char *limit;	     /* narrowed by l, or NULL */
	char *query;	     /* the query run: base, and limit */
	int messages_mode;   /* one row per message */
	char *skip;	     /* message mode: the collapsed thread read */
	enum index_sort sort;
	int reverse;	     /* oldest first; A to Z turned round */
	struct strv toggled; /* threads shown the other way than the mode */
	char *match;	     /* the last search, for n and N, or NULL */
	struct index_matches matches;
	struct search *search; /* open while more rows may come */
	struct index_row *rows;
	size_t nrows, alloc;
	size_t cursor, top;
	unsigned messages; /* counted */
	int counted;	   /* messages is known */
	int count_tried;
	char *error;	    /* the first read error, or NULL */
	struct strv marks;  /* keys marked with T */
	int prefix;	    /* ; typed: the next action is on the marked */
	struct overlays ov; /* changes not yet in the store */
	struct undo *undo;  /* the actions to undo, last on top */
	size_t nundo;
	struct strv follow; /* messages the cursor follows when its row's
			       key is gone (a move gives new thread ids) */
};

static void index_remove_row(struct index *ix, size_t i);

/* Strings */

static void
strv_add(struct strv *s, const char *x)
{
	s->v = xreallocarray(s->v, s->n + 1, sizeof *s->v);
	s->v[s->n++] = xstrdup(x);
}

static long
strv_find(const struct strv *s, const char *x)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strcmp(s->v[i], x) == 0)
			return (long)i;
	return -1;
}

static void
strv_remove(struct strv *s, size_t i)
{
	free(s->v[i]);
	memmove(s->v + i, s->v + i + 1, (s->n - i - 1) * sizeof *s->v);
	s->n--;
}

static void
strv_clear(struct strv *s)
{
	while (s->n > 0)
		free(s->v[--s->n]);
	xfree(&s->v);
}

static int
strv_cmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Sort s, for strv_has. */
static void
strv_sort(struct strv *s)
{
	if (s->n > 1)
		qsort(s->v, s->n, sizeof *s->v, strv_cmp);
}

/* Whether the sorted s holds x. */
static int
strv_has(const struct strv *s, const char *x)
{
	return s->n > 0 &&
	    bsearch(&x, s->v, s->n, sizeof *s->v, strv_cmp) != NULL;
}

static void
strv_copy(struct strv *to, const struct strv *from)
{
	size_t i;

	*to = (struct strv){ 0 };
	for (i = 0; i < from->n; i++)
		strv_add(to, from->v[i]);
}

/* Tags */

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

/* Add or remove tag in the space-separated list tags. */
static void
index_set_tag(struct buf *tags, const char *tag, int add)
{
	struct buf out = BUF_INIT;
	const char *p = tags->data, *end;
	size_t n;

	if (index_has_tag(tags->data, tag) == add)
		return;
	if (add) {
		buf_addf(tags, "%s%s", tags->len > 0 ? " " : "", tag);
		return;
	}
	while (*p != '\0') {
		end = strchr(p, ' ');
		n = end != NULL ? (size_t)(end - p) : strlen(p);
		if (n > 0 && !(n == strlen(tag) && strncmp(p, tag, n) == 0))
			buf_addf(&out, "%s%.*s", out.len ? " " : "", (int)n, p);
		p += n + (end != NULL);
	}
	buf_reset(tags);
	buf_adds(tags, out.data);
	buf_release(&out);
}

/* Rows */

static void
row_release(struct index_row *r)
{
	free(r->thread_id);
	free(r->id);
	free(r->authors);
	free(r->subject);
	free(r->tags);
	memset(r, 0, sizeof *r);
}

static void
row_dup(struct index_row *to, const struct index_row *from)
{
	*to = *from;
	to->thread_id = xstrdup(from->thread_id);
	to->id = from->id != NULL ? xstrdup(from->id) : NULL;
	to->authors = xstrdup(from->authors);
	to->subject = xstrdup(from->subject);
	to->tags = xstrdup(from->tags);
}

static void
row_copy(struct index_row *r, const struct search_item *it, int messages)
{
	r->thread_id = xstrdup(it->thread_id ? it->thread_id : "");
	r->id = messages ? xstrdup(it->id ? it->id : "") : NULL;
	r->date = it->date;
	r->total = it->total;
	r->depth = it->depth;
	r->authors = xstrdup(it->authors ? it->authors : "");
	r->subject = xstrdup(it->subject ? it->subject : "");
	r->tags = xstrdup(it->tags ? it->tags : "");
}

/* The key of a row: its message in message mode, else its thread. */
static const char *
row_key(const struct index_row *r)
{
	return r->id != NULL ? r->id : r->thread_id;
}

/* The overlay */

static void
overlay_release(struct overlay *o)
{
	free(o->thread_id);
	free(o->tag);
	strv_clear(&o->ids);
	row_release(&o->row);
}

static void
overlay_dup(struct overlay *to, const struct overlay *from)
{
	*to = *from;
	to->thread_id = xstrdup(from->thread_id);
	to->tag = from->tag != NULL ? xstrdup(from->tag) : NULL;
	strv_copy(&to->ids, &from->ids);
	if (from->row.thread_id != NULL)
		row_dup(&to->row, &from->row);
}

static struct overlay *
overlays_add(struct overlays *l)
{
	l->v = xreallocarray(l->v, l->n + 1, sizeof *l->v);
	memset(&l->v[l->n], 0, sizeof *l->v);
	return &l->v[l->n++];
}

static void
overlays_remove(struct overlays *l, size_t i)
{
	overlay_release(&l->v[i]);
	memmove(l->v + i, l->v + i + 1, (l->n - i - 1) * sizeof *l->v);
	l->n--;
}

static void
overlays_clear(struct overlays *l)
{
	while (l->n > 0)
		overlay_release(&l->v[--l->n]);
	xfree(&l->v);
}

/* Whether overlay entry o is about row r. */
static int
overlay_covers(const struct overlay *o, const struct index_row *r)
{
	if (r->id != NULL)
		return strv_find(&o->ids, r->id) >= 0;
	return strcmp(o->thread_id, r->thread_id) == 0;
}

/*
 * The tags of row r with the overlay on top. On a thread's row, a tag
 * removed from some of its messages may still be on others: removals
 * count only when they were on the whole thread.
 */
static void
index_row_tags(
    const struct index *ix, const struct index_row *r, struct buf *out)
{
	const struct overlay *o;
	size_t i;

	buf_adds(out, r->tags);
	for (i = 0; i < ix->ov.n; i++) {
		o = &ix->ov.v[i];
		if (o->kind == OVERLAY_TAG && overlay_covers(o, r) &&
		    (r->id != NULL || o->add || o->whole))
			index_set_tag(out, o->tag, o->add);
	}
}

/* Whether the overlay hides row r (moved away, not yet written). */
static int
index_hidden(const struct index *ix, const struct index_row *r)
{
	const struct overlay *o;
	size_t i;

	for (i = 0; i < ix->ov.n; i++) {
		o = &ix->ov.v[i];
		if (o->kind == OVERLAY_HIDE && overlay_covers(o, r) &&
		    (r->id != NULL || o->whole))
			return 1;
	}
	return 0;
}

/* Reading */

static void
index_grow(struct index *ix)
{
	if (ix->nrows == ix->alloc) {
		ix->alloc = ix->alloc ? ix->alloc * 2 : 64;
		ix->rows = xreallocarray(ix->rows, ix->alloc, sizeof *ix->rows);
	}
}

/* Whether notmuch gives the rows oldest first. */
static int
index_oldest_first(const struct index *ix)
{
	return ix->sort == INDEX_SORT_DATE && ix->reverse;
}

/* Whether thread shows as its messages: the mode, unless Z turned it. */
static int
index_expanded(const struct index *ix, const char *thread)
{
	return ix->messages_mode != (strv_find(&ix->toggled, thread) >= 0);
}

/* Append a row made of it (a message's when message), unless hidden. */
static void
index_push(struct index *ix, const struct search_item *it, int message)
{
	index_grow(ix);
	row_copy(&ix->rows[ix->nrows], it, message);
	if (index_hidden(ix, &ix->rows[ix->nrows]))
		row_release(&ix->rows[ix->nrows]);
	else
		ix->nrows++;
}

/*
 * Append the rows of thread the other way round than the view's search
 * gives them: every message of it (expand), or its one line, read with a
 * search of their own. Returns 0, or -1 with err set.
 */
static int
index_push_turned(
    struct index *ix, const char *thread, int expand, struct err *err)
{
	struct search_item it;
	struct search *s;
	char *query;
	int r;

	if (expand) /* all its messages, as message mode shows them */
		query = xasprintf("thread:%s", thread);
	else /* the line thread mode would show */
		query = xasprintf("thread:%s and (%s)", thread, ix->query);
	r = search_new_sorted(ix->store, query,
	    expand ? SEARCH_TREE : SEARCH_THREADS, index_oldest_first(ix), &s,
	    err);
	free(query);
	if (r < 0)
		return -1;
	while ((r = search_next(s, &it, err)) > 0)
		index_push(ix, &it, expand);
	search_free(&s);
	return r;
}

/*
 * Take the search's next result into the rows (or several, or none,
 * for a thread Z turned round). Returns 1, 0 at the end, or -1 with err
 * set.
 */
static int
index_read_one(struct index *ix, struct err *err)
{
	struct search_item it;
	char *thread;
	int r;

	r = search_next(ix->search, &it, err);
	if (r <= 0)
		return r;
	if (index_expanded(ix, it.thread_id) == ix->messages_mode) {
		index_push(ix, &it, ix->messages_mode);
		return 1;
	}
	/* A turned thread: in message mode, the rest of its messages */
	if (ix->skip != NULL && strcmp(ix->skip, it.thread_id) == 0)
		return 1;
	thread = xstrdup(it.thread_id);
	r = index_push_turned(ix, thread, !ix->messages_mode, err);
	free(ix->skip);
	ix->skip = thread;
	return r < 0 ? -1 : 1;
}

/* Read rows until there are n or no more; the search ends. */
static void
index_fill(struct index *ix, size_t n)
{
	struct err err;
	int r;

	while (ix->search != NULL && ix->nrows < n) {
		r = index_read_one(ix, &err);
		if (r <= 0) {
			if (r < 0 && ix->error == NULL)
				ix->error = xstrdup(err.msg);
			search_free(&ix->search);
			xfree(&ix->skip);
			break;
		}
	}
}

static void
index_matches_clear(struct index_matches *m)
{
	strv_clear(&m->threads);
	strv_clear(&m->ids);
	m->read = 0;
}

static void
index_clear(struct index *ix)
{
	size_t i;

	search_free(&ix->search);
	xfree(&ix->skip);
	index_matches_clear(&ix->matches);
	for (i = 0; i < ix->nrows; i++)
		row_release(&ix->rows[i]);
	ix->nrows = 0;
	ix->counted = 0;
	ix->count_tried = 0;
	xfree(&ix->error);
}

/* A thread's rows, as index_sort orders them. */
struct index_group {
	size_t start, n; /* its rows */
	char *key;	 /* from, subject: folded for comparing */
	int count;	 /* its messages */
};

/* The subject without its "Re:", "Fwd:" and the like. */
static const char *
index_bare_subject(const char *s)
{
	static const char *const prefixes[] = {
		"re:", "fwd:", "fw:", "aw:", "wg:", "sv:", "vs:"
	};
	size_t i, n;
	int again = 1;

	while (again) {
		again = 0;
		s += strspn(s, " \t");
		for (i = 0; i < sizeof prefixes / sizeof *prefixes; i++) {
			n = strlen(prefixes[i]);
			if (strncasecmp(s, prefixes[i], n) == 0) {
				s += n;
				again = 1;
			}
		}
	}
	return s;
}

static void index_authors(const struct index_row *r, struct buf *out);

/* The key of a group for ix's order, lower case (ASCII) for comparing. */
static char *
index_group_key(const struct index *ix, const struct index_row *r)
{
	struct buf b = BUF_INIT;
	size_t i;

	if (ix->sort == INDEX_SORT_FROM)
		index_authors(r, &b);
	else
		buf_adds(&b, index_bare_subject(r->subject));
	for (i = 0; i < b.len; i++)
		if (b.data[i] >= 'A' && b.data[i] <= 'Z')
			b.data[i] = (char)(b.data[i] - 'A' + 'a');
	return buf_detach(&b, NULL);
}

/* For qsort_r: the order of o (ties keep notmuch's, newest first). */
static int
index_group_cmp(const void *a, const void *b, void *arg)
{
	const struct index_group *x = a, *y = b;
	const struct index *ix = arg;
	int c;

	if (ix->sort == INDEX_SORT_COUNT)
		c = (y->count > x->count) - (y->count < x->count);
	else
		c = strcmp(x->key, y->key);
	if (ix->reverse)
		c = -c;
	return c != 0 ? c : (x->start > y->start) - (x->start < y->start);
}

/*
 * Sort the rows, all read, by sender, subject or size: a thread's rows
 * stay together and in their order, ordered by its first row.
 */
static void
index_sort(struct index *ix)
{
	struct index_group *g = NULL;
	struct index_row *rows;
	size_t i, k, n = 0, at = 0;

	for (i = 0; i < ix->nrows; i++) {
		if (n == 0 ||
		    strcmp(ix->rows[i].thread_id,
			ix->rows[g[n - 1].start].thread_id) != 0) {
			g = xreallocarray(g, n + 1, sizeof *g);
			g[n] = (struct index_group){ .start = i };
			g[n].key = ix->sort == INDEX_SORT_COUNT
			    ? NULL
			    : index_group_key(ix, &ix->rows[i]);
			g[n++].count =
			    ix->rows[i].id == NULL ? ix->rows[i].total : 0;
		}
		g[n - 1].n++;
		if (ix->rows[i].id != NULL)
			g[n - 1].count++;
	}
	if (n > 1)
		qsort_r(g, n, sizeof *g, index_group_cmp, ix);
	rows = xreallocarray(NULL, ix->alloc > 0 ? ix->alloc : 1, sizeof *rows);
	for (i = 0; i < n; i++) {
		for (k = 0; k < g[i].n; k++)
			rows[at++] = ix->rows[g[i].start + k];
		free(g[i].key);
	}
	free(g);
	free(ix->rows);
	ix->rows = rows;
}

/*
 * Start reading the rows of the query. Sorted by date, notmuch gives
 * them in order, as they are needed; any other order reads them all.
 */
static int
index_start(struct index *ix, struct err *err)
{
	if (ix->store == NULL)
		return 0;
	if (search_new_sorted(ix->store, ix->query,
		ix->messages_mode ? SEARCH_TREE : SEARCH_THREADS,
		index_oldest_first(ix), &ix->search, err) < 0)
		return -1;
	if (ix->sort != INDEX_SORT_DATE) {
		index_fill(ix, (size_t)-1);
		index_sort(ix);
	}
	return 0;
}

/* The query run: the base, narrowed by the limit. */
static void
index_set_query(struct index *ix)
{
	free(ix->query);
	if (ix->limit != NULL)
		ix->query = xasprintf("(%s) and (%s)", ix->base, ix->limit);
	else
		ix->query = xstrdup(ix->base);
}

int
index_new(struct store *store, const char *query, struct index **index_r,
    struct err *err)
{
	struct index *ix = xcalloc(1, sizeof *ix);

	ix->store = store;
	ix->base = xstrdup(query);
	index_set_query(ix);
	if (index_start(ix, err) < 0) {
		index_free(&ix);
		return -1;
	}
	*index_r = ix;
	return 0;
}

static void
index_undo_clear(struct index *ix)
{
	while (ix->nundo > 0)
		overlays_clear(&ix->undo[--ix->nundo].made);
	xfree(&ix->undo);
}

void
index_free(struct index **index)
{
	struct index *ix = *index;

	if (ix == NULL)
		return;
	index_clear(ix);
	free(ix->rows);
	free(ix->base);
	free(ix->limit);
	free(ix->query);
	free(ix->match);
	strv_clear(&ix->toggled);
	strv_clear(&ix->marks);
	strv_clear(&ix->follow);
	overlays_clear(&ix->ov);
	index_undo_clear(ix);
	free(ix);
	*index = NULL;
}

/* Find key among the first n rows (reading them): its row or -1. */
static long
index_find(struct index *ix, const char *key, size_t n)
{
	size_t i;

	index_fill(ix, n);
	for (i = 0; i < ix->nrows; i++)
		if (strcmp(row_key(&ix->rows[i]), key) == 0 ||
		    strcmp(ix->rows[i].thread_id, key) == 0)
			return (long)i;
	return -1;
}

/* The row of the messages the cursor follows among the first n, or -1. */
static long
index_follow(struct index *ix, size_t n)
{
	struct search_item it;
	struct search *s;
	char *query;
	long at = -1;

	if (ix->follow.n == 0 || ix->store == NULL)
		return -1;
	query = actions_id_query(ix->follow.v, ix->follow.n);
	if (search_new(ix->store, query, SEARCH_TREE, &s, NULL) == 0) {
		while (at < 0 && search_next(s, &it, NULL) > 0)
			if (strv_find(&ix->follow, it.id) >= 0)
				at = index_find(ix,
				    index_expanded(ix, it.thread_id)
					? it.id
					: it.thread_id,
				    n);
		search_free(&s);
	}
	free(query);
	return at;
}

/* Put the rows an undo brings back where they were. */
static void
index_show_overlay(struct index *ix, size_t reach)
{
	struct overlay *o;
	size_t i, at;

	for (i = 0; i < ix->ov.n; i++) {
		o = &ix->ov.v[i];
		if (o->kind == OVERLAY_SHOW)
			index_fill(ix, reach);
		if (o->kind != OVERLAY_SHOW ||
		    index_find(ix, row_key(&o->row), 0) >= 0 ||
		    (o->row.id != NULL) != index_expanded(ix, o->row.thread_id))
			continue;
		at = o->pos < ix->nrows ? o->pos : ix->nrows;
		index_grow(ix);
		memmove(ix->rows + at + 1, ix->rows + at,
		    (ix->nrows - at) * sizeof *ix->rows);
		row_dup(&ix->rows[at], &o->row);
		ix->rows[at].shown = 1;
		ix->nrows++;
	}
}

int
index_reload(struct index *ix, struct store *store, struct err *err)
{
	char *key = NULL, *thread = NULL;
	size_t reach = ix->cursor + (size_t)ui_rows() + 1;
	size_t offset = ix->cursor - ix->top; /* keep the cursor's row */
	long at = -1;

	if (ix->cursor < ix->nrows) {
		key = xstrdup(row_key(&ix->rows[ix->cursor]));
		thread = xstrdup(ix->rows[ix->cursor].thread_id);
	}
	index_clear(ix);
	ix->store = store;
	if (index_start(ix, err) < 0) {
		free(key);
		free(thread);
		ix->cursor = ix->top = 0;
		return -1;
	}
	index_show_overlay(ix, reach);
	at = index_follow(ix, reach);
	strv_clear(&ix->follow);
	if (at < 0 && key != NULL && (at = index_find(ix, key, reach)) < 0)
		at = index_find(ix, thread, reach); /* the mode changed */
	if (at < 0 && key != NULL) /* gone (a move renews thread ids): */
		at = (long)(ix->cursor < ix->nrows ? ix->cursor /* same row */
						   : ix->nrows - 1);
	ix->cursor = at >= 0 ? (size_t)at : 0;
	/* At the top, new mail shows above; else the screen stays put. */
	if (ix->top > 0)
		ix->top = ix->cursor >= offset ? ix->cursor - offset : 0;
	free(key);
	free(thread);
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

/* Take the rows put back for o out again: the store has them now. */
static void
index_unshow(struct index *ix, const struct overlay *o)
{
	size_t i = 0;

	while (i < ix->nrows)
		if (ix->rows[i].shown &&
		    strcmp(row_key(&ix->rows[i]), row_key(&o->row)) == 0) {
			if (i == ix->cursor) { /* found again by the reload */
				strv_clear(&ix->follow);
				strv_copy(&ix->follow, &o->ids);
			}
			index_remove_row(ix, i);
		} else
			i++;
}

int
index_overlay_done(struct index *ix, unsigned long seq, int failed)
{
	int hidden = 0;
	size_t i = 0;

	while (i < ix->ov.n) {
		if (ix->ov.v[i].seq != seq) {
			i++;
			continue;
		}
		if (ix->ov.v[i].kind == OVERLAY_SHOW)
			index_unshow(ix, &ix->ov.v[i]);
		hidden |= ix->ov.v[i].kind == OVERLAY_HIDE;
		overlays_remove(&ix->ov, i);
	}
	return failed && hidden; /* the rows taken out must come back */
}

void
index_keep_overlay(struct index *to, struct index *from)
{
	size_t i;

	for (i = 0; i < from->ov.n; i++)
		*overlays_add(&to->ov) = from->ov.v[i];
	xfree(&from->ov.v);
	from->ov.n = 0;
	index_undo_clear(to);
	to->undo = from->undo;
	to->nundo = from->nundo;
	from->undo = NULL;
	from->nundo = 0;
	if (to->match == NULL) {
		to->match = from->match;
		from->match = NULL;
	}
}

/* Drawing */

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

/*
 * notmuch writes "matched| others": show them all as one list. A
 * message's From: its name, or its address without one.
 */
static void
index_authors(const struct index_row *r, struct buf *out)
{
	const char *p = r->authors, *lt;

	if (r->id != NULL && (lt = strchr(p, '<')) != NULL && lt > p) {
		while (lt > p && lt[-1] == ' ')
			lt--;
		if (*p == '"' && lt > p + 1 && lt[-1] == '"') {
			p++;
			lt--;
		}
		buf_add(out, p, (size_t)(lt - p));
		return;
	}
	for (; *p != '\0'; p++)
		buf_addc(out, *p == '|' ? ',' : *p);
}

static int
index_marked(const struct index *ix, const struct index_row *r)
{
	return strv_find(&ix->marks, row_key(r)) >= 0;
}

/* The attributes of a line: cursor, marked, flagged, unread or plain. */
static int
index_line_attr(const struct index *ix, size_t i, const char *tags)
{
	int attr = theme_attr(THEME_NORMAL);

	if (index_has_tag(tags, "flagged"))
		attr = theme_attr(THEME_FLAGGED);
	if (index_marked(ix, &ix->rows[i]))
		attr = theme_attr(THEME_MARKED);
	if (index_has_tag(tags, "unread"))
		attr |= theme_attr(THEME_UNREAD);
	if (i == ix->cursor)
		attr |= theme_attr(THEME_CURSOR);
	return attr;
}

/* The fixed part of a line: flags, mark, date, count. */
static void
index_head(const struct index *ix, const struct index_row *r, const char *tags,
    char *buf, size_t size)
{
	char day[16] = "";
	char count[16] = "";
	struct tm tm;

	if (localtime_r(&r->date, &tm) != NULL)
		strftime(day, sizeof day, "%Y-%m-%d", &tm);
	if (r->id == NULL && r->total > 1)
		snprintf(count, sizeof count, "(%d)", r->total);
	snprintf(buf, size, "%c%c%c%c%-10s %5s ",
	    index_has_tag(tags, "unread") ? 'N' : ' ',
	    index_has_tag(tags, "flagged") ? '!' : ' ',
	    index_has_tag(tags, "replied") ? 'r' : ' ',
	    index_marked(ix, r) ? '*' : ' ', day, count);
}

/*
 * Whether the message at row i has a later sibling at depth d (the rows
 * of its thread after it, before one less deep).
 */
static int
index_has_sibling(const struct index *ix, size_t i, int d)
{
	size_t j;

	for (j = i + 1; j < ix->nrows; j++) {
		if (strcmp(ix->rows[j].thread_id, ix->rows[i].thread_id) != 0 ||
		    ix->rows[j].depth < d)
			return 0;
		if (ix->rows[j].depth == d)
			return 1;
	}
	return 0;
}

/* The tree before a message's subject: "│ ├─>" by its depth. */
static void
index_tree(const struct index *ix, size_t i, struct buf *out)
{
	int d = ix->rows[i].depth, k;

	for (k = 1; k < d; k++)
		buf_adds(out, index_has_sibling(ix, i, k) ? "│ " : "  ");
	if (d > 0)
		buf_adds(out, index_has_sibling(ix, i, d) ? "├─>" : "└─>");
}

static void
index_draw_row(const struct index *ix, size_t i, int y)
{
	const struct index_row *r = &ix->rows[i];
	struct buf tags = BUF_INIT, b = BUF_INIT;
	char head[64];
	int attr, x;

	index_row_tags(ix, r, &tags);
	attr = index_line_attr(ix, i, tags.data);
	draw_fill(y, 0, COLS, attr);
	index_head(ix, r, tags.data, head, sizeof head);
	x = draw_str(y, 0, COLS, head, attr);
	index_authors(r, &b);
	draw_str(y, x, INDEX_AUTHOR_COLS, b.data, attr);
	x += INDEX_AUTHOR_COLS + 1;
	buf_reset(&b);
	if (r->id != NULL)
		index_tree(ix, i, &b);
	buf_adds(&b, r->subject);
	x += draw_str(y, x, COLS - x, b.data, attr);
	buf_reset(&b);
	index_shown_tags(tags.data, &b);
	if (b.len > 0 && x + 2 < COLS)
		draw_str(y, x + 2, COLS - x - 2, b.data,
		    i == ix->cursor ? attr : theme_attr(THEME_TAGS));
	buf_release(&b);
	buf_release(&tags);
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

	/* with messages shown, one more: has the last one siblings? */
	index_fill(ix,
	    ix->top + (size_t)(rows > 0 ? rows : 0) +
		(ix->messages_mode || ix->toggled.n > 0));
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

/* Moving */

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

/* Whether row i shows unread mail. */
static int
index_row_unread(const struct index *ix, size_t i)
{
	struct buf tags = BUF_INIT;
	int r;

	index_row_tags(ix, &ix->rows[i], &tags);
	r = index_has_tag(tags.data, "unread");
	buf_release(&tags);
	return r;
}

/* The next row with unread mail after the cursor (reading on). */
static void
index_cmd_next_unread(struct ui *ui)
{
	struct index *ix = ui->index;
	size_t i;

	for (i = ix->cursor + 1;; i++) {
		index_fill(ix, i + 1);
		if (i >= ix->nrows)
			break;
		if (index_row_unread(ix, i)) {
			index_move(ix, (long)i - (long)ix->cursor, 0);
			return;
		}
	}
	ui_error(ui, "%s", _("no unread mail below"));
}

static void
index_cmd_previous_unread(struct ui *ui)
{
	struct index *ix = ui->index;
	size_t i;

	for (i = ix->cursor; i-- > 0;)
		if (index_row_unread(ix, i)) {
			index_move(ix, (long)i - (long)ix->cursor, 0);
			return;
		}
	ui_error(ui, "%s", _("no unread mail above"));
}

static void
index_cmd_quit(struct ui *ui)
{
	ui->quit = 1;
}

/* Targets: what an action changes */

/* A row an action changes: its messages, with their tags as shown. */
struct target {
	struct index_row row; /* a copy */
	size_t pos;	      /* its row */
	int whole;	      /* a thread's row: the whole thread */
	struct strv ids;      /* its messages */
	struct strv tags;     /* the tags of each, the overlay applied */
};

struct targets {
	struct target *v;
	size_t n;
};

static void
targets_release(struct targets *t)
{
	size_t i;

	for (i = 0; i < t->n; i++) {
		row_release(&t->v[i].row);
		strv_clear(&t->v[i].ids);
		strv_clear(&t->v[i].tags);
	}
	xfree(&t->v);
	t->n = 0;
}

/* The tags of message id with the overlay applied. */
static void
index_message_tags(
    const struct index *ix, const char *id, const char *tags, struct buf *out)
{
	const struct overlay *o;
	size_t i;

	buf_adds(out, tags);
	for (i = 0; i < ix->ov.n; i++) {
		o = &ix->ov.v[i];
		if (o->kind == OVERLAY_TAG && strv_find(&o->ids, id) >= 0)
			index_set_tag(out, o->tag, o->add);
	}
}

/* Read the messages of target t from the store. */
static int
index_target_read(const struct index *ix, struct target *t, struct err *err)
{
	struct search *s;
	struct search_item it;
	struct buf tags = BUF_INIT;
	char *query;
	int r;

	if (t->whole)
		query = xasprintf("thread:%s", t->row.thread_id);
	else
		query = actions_id_query(&t->row.id, 1);
	r = search_new(ix->store, query, SEARCH_MESSAGES, &s, err);
	free(query);
	if (r < 0)
		return -1;
	while ((r = search_next(s, &it, err)) > 0) {
		buf_reset(&tags);
		index_message_tags(ix, it.id, it.tags, &tags);
		strv_add(&t->ids, it.id);
		strv_add(&t->tags, tags.data);
	}
	search_free(&s);
	buf_release(&tags);
	return r;
}

static void
index_target_add(struct index *ix, struct targets *t, size_t i)
{
	struct target *g;

	t->v = xreallocarray(t->v, t->n + 1, sizeof *t->v);
	g = &t->v[t->n++];
	memset(g, 0, sizeof *g);
	row_dup(&g->row, &ix->rows[i]);
	g->pos = i;
	g->whole = ix->rows[i].id == NULL;
}

/*
 * The rows the next action changes: the marked ones after ';', else the
 * one under the cursor. Returns 0 with their messages read, or -1 with
 * the reason on the message line.
 */
static int
index_targets(struct ui *ui, struct targets *t)
{
	struct index *ix = ui->index;
	int prefix = ix->prefix;
	struct err err;
	size_t i;

	ix->prefix = 0;
	*t = (struct targets){ 0 };
	if (ix->store == NULL || ui->actions == NULL) {
		ui_error(ui, "%s", _("the mail store is empty"));
		return -1;
	}
	for (i = 0; i < ix->nrows; i++)
		if (prefix ? index_marked(ix, &ix->rows[i]) : i == ix->cursor)
			index_target_add(ix, t, i);
	if (t->n == 0) {
		ui_error(ui, "%s",
		    prefix ? _("no thread is marked: T marks one")
			   : _("no thread here"));
		return -1;
	}
	for (i = 0; i < t->n; i++)
		if (index_target_read(ix, &t->v[i], &err) < 0) {
			ui_error(ui, "%s", err.msg);
			targets_release(t);
			return -1;
		}
	return 0;
}

/* Undo records */

static struct undo *
index_undo_push(struct index *ix, enum undo_kind kind)
{
	struct undo *u;

	ix->undo = xreallocarray(ix->undo, ix->nundo + 1, sizeof *ix->undo);
	u = &ix->undo[ix->nundo++];
	u->kind = kind;
	u->made = (struct overlays){ 0 };
	return u;
}

/* Add o to the overlay, and a copy to the undo record u. */
static void
index_overlay_add(struct index *ix, struct undo *u, struct overlay *o)
{
	if (u != NULL)
		overlay_dup(overlays_add(&u->made), o);
	*overlays_add(&ix->ov) = *o;
}

/* Tag changes */

/*
 * Queue change on the messages of the targets whose tags it changes,
 * and show it. Returns how many messages it changes.
 */
static size_t
index_tag_one(struct ui *ui, const struct targets *t,
    const struct tag_change *change, struct undo *u)
{
	struct index *ix = ui->index;
	struct overlay *o;
	struct strv ids = { 0 };
	struct overlay *made;
	size_t i, k, first, n;
	unsigned long seq;
	char *query;

	made = xcalloc(t->n, sizeof *made);
	for (i = 0; i < t->n; i++) {
		first = ids.n;
		for (k = 0; k < t->v[i].ids.n; k++)
			if (index_has_tag(t->v[i].tags.v[k], change->tag) !=
			    change->add)
				strv_add(&ids, t->v[i].ids.v[k]);
		o = &made[i];
		o->kind = OVERLAY_TAG;
		o->thread_id = xstrdup(t->v[i].row.thread_id);
		o->whole = t->v[i].whole;
		o->tag = xstrdup(change->tag);
		o->add = change->add;
		for (k = first; k < ids.n; k++)
			strv_add(&o->ids, ids.v[k]);
	}
	n = ids.n;
	seq = 0;
	if (n > 0) {
		query = actions_id_query(ids.v, ids.n);
		seq = actions_tag(ui->actions, query, change, 1);
		free(query);
	}
	for (i = 0; i < t->n; i++) {
		made[i].seq = seq;
		if (seq != 0 && made[i].ids.n > 0)
			index_overlay_add(ix, u, &made[i]);
		else
			overlay_release(&made[i]);
	}
	free(made);
	strv_clear(&ids);
	return n;
}

/* Apply changes to the targets; an undo record unless quiet. */
static size_t
index_tag(struct ui *ui, const struct targets *t,
    const struct tag_change *changes, size_t n, int undoable)
{
	struct undo *u = undoable ? index_undo_push(ui->index, UNDO_TAG) : NULL;
	size_t i, changed = 0;

	for (i = 0; i < n; i++)
		changed += index_tag_one(ui, t, &changes[i], u);
	if (u != NULL && u->made.n == 0)
		ui->index->nundo--; /* nothing changed: nothing to undo */
	return changed;
}

/* Whether any target shows tag. */
static int
index_targets_have(const struct targets *t, const char *tag)
{
	size_t i, k;

	for (i = 0; i < t->n; i++)
		for (k = 0; k < t->v[i].tags.n; k++)
			if (index_has_tag(t->v[i].tags.v[k], tag))
				return 1;
	return 0;
}

/* Toggle tag: off when any target has it, else on. */
static void
index_toggle(struct ui *ui, const char *tag)
{
	struct tag_change c = { .tag = tag };
	struct targets t;

	if (index_targets(ui, &t) < 0)
		return;
	c.add = !index_targets_have(&t, tag);
	index_tag(ui, &t, &c, 1, 1);
	targets_release(&t);
}

static void
index_cmd_toggle_unread(struct ui *ui)
{
	index_toggle(ui, "unread");
}

static void
index_cmd_toggle_flagged(struct ui *ui)
{
	index_toggle(ui, "flagged");
}

/* Parse "+a -b c" (a bare word adds); 0, or -1 with a message. */
static int
index_parse_tags(
    struct ui *ui, char *line, struct tag_change **changes_r, size_t *n_r)
{
	struct tag_change *c = NULL;
	size_t n = 0;
	char *w, *save = NULL;
	int add;

	for (w = strtok_r(line, " ", &save); w != NULL;
	     w = strtok_r(NULL, " ", &save)) {
		add = *w != '-';
		if (*w == '+' || *w == '-')
			w++;
		if (!tag_valid(w)) {
			free(c);
			ui_error(ui,
			    _("invalid tag '%s': tags must not be empty or "
			      "contain spaces or control characters"),
			    w);
			return -1;
		}
		c = xreallocarray(c, n + 1, sizeof *c);
		c[n].tag = w;
		c[n++].add = add;
	}
	if (n == 0) {
		ui_error(ui, "%s",
		    _("no tag given: type +TAG to add, -TAG to "
		      "remove"));
		return -1;
	}
	*changes_r = c;
	*n_r = n;
	return 0;
}

static void
index_cmd_tag(struct ui *ui)
{
	int prefix = ui->index->prefix;
	struct tag_change *c;
	struct targets t;
	char *line = NULL;
	size_t n;

	ui->index->prefix = 0;
	if (prompt_read(ui, _("Tags (+add -remove): "), &line) <= 0)
		return;
	ui->index->prefix = prefix;
	if (index_parse_tags(ui, line, &c, &n) == 0) {
		if (index_targets(ui, &t) == 0) {
			if (index_tag(ui, &t, c, n, 1) == 0)
				ui_message(
				    ui, "%s", _("the tags were already so"));
			targets_release(&t);
		}
		free(c);
	}
	ui->index->prefix = 0;
	free(line);
}

/* Moves */

/* Take row i out of the view; the cursor stays on the row after it. */
static void
index_remove_row(struct index *ix, size_t i)
{
	long mark = strv_find(&ix->marks, row_key(&ix->rows[i]));

	if (mark >= 0)
		strv_remove(&ix->marks, (size_t)mark);
	row_release(&ix->rows[i]);
	memmove(ix->rows + i, ix->rows + i + 1,
	    (ix->nrows - i - 1) * sizeof *ix->rows);
	ix->nrows--;
	if (ix->cursor > i)
		ix->cursor--;
	index_fill(ix, ix->cursor + 1);
	if (ix->cursor >= ix->nrows && ix->nrows > 0)
		ix->cursor = ix->nrows - 1;
}

/* Hide the targets, which spec moves away, and queue the move. */
static void
index_move_targets(struct ui *ui, const struct targets *t,
    const struct move_spec *spec, enum undo_kind kind)
{
	struct index *ix = ui->index;
	struct undo *u = index_undo_push(ix, kind);
	struct strv ids = { 0 };
	struct overlay o;
	unsigned long seq;
	char *query;
	size_t i, k;
	long at;

	for (i = 0; i < t->n; i++)
		for (k = 0; k < t->v[i].ids.n; k++)
			strv_add(&ids, t->v[i].ids.v[k]);
	query = actions_id_query(ids.v, ids.n);
	seq = actions_move(ui->actions, query, spec);
	for (i = t->n; i-- > 0;) {
		memset(&o, 0, sizeof o);
		o.seq = seq;
		o.kind = OVERLAY_HIDE;
		o.thread_id = xstrdup(t->v[i].row.thread_id);
		o.whole = t->v[i].whole;
		strv_copy(&o.ids, &t->v[i].ids);
		row_dup(&o.row, &t->v[i].row);
		o.pos = t->v[i].pos;
		index_overlay_add(ix, u, &o);
		at = index_find(ix, row_key(&t->v[i].row), 0);
		if (at >= 0)
			index_remove_row(ix, (size_t)at);
	}
	free(query);
	strv_clear(&ids);
}

/* Whether the account exists among the configured ones, or on disk. */
static int
index_account_known(const struct ui *ui, const char *account)
{
	struct stat st;
	char *dir;
	int r;

	if (config_account(ui->cfg, account) != NULL)
		return 1;
	dir = xasprintf("%s/%s", ui->cfg->mail_root, account);
	r = stat(dir, &st) == 0 && S_ISDIR(st.st_mode);
	free(dir);
	return r;
}

/* Whether spec changes files in folder ("ACCOUNT/F"). */
static int
index_spec_has(const struct move_spec *spec, const char *folder)
{
	size_t i;

	for (i = 0; i < spec->nonly; i++)
		if (strcmp(spec->only[i], folder) == 0)
			return 1;
	return spec->nonly == 0;
}

/*
 * How many files of the targets' messages are in their account's Trash
 * (within the view's folders when it names some).
 */
static size_t
index_in_trash(
    struct ui *ui, const struct targets *t, const struct move_spec *spec)
{
	struct search_item it;
	struct search *s;
	char *account, *folder, *trash, *here;
	size_t i, k, n = 0;
	struct err err;

	for (i = 0; i < t->n; i++) {
		for (k = 0; k < t->v[i].ids.n; k++) {
			char *q = actions_id_query(&t->v[i].ids.v[k], 1);

			if (search_new(ui->store, q, SEARCH_FILES, &s, &err) <
			    0) {
				free(q);
				continue;
			}
			while (search_next(s, &it, &err) > 0) {
				if (store_file_place(ui->store, it.path,
					&account, &folder) < 0)
					continue;
				here = xasprintf("%s/%s", account, folder);
				trash = move_trash_of(ui->cfg, account);
				if (strcmp(here, trash) == 0 &&
				    index_spec_has(spec, here))
					n++;
				free(here);
				free(trash);
				free(account);
				free(folder);
			}
			search_free(&s);
			free(q);
		}
	}
	return n;
}

static void
index_cmd_delete(struct ui *ui)
{
	struct move_spec spec = { .kind = MOVE_TRASH };
	struct targets t;
	size_t trashed;

	if (index_targets(ui, &t) < 0)
		return;
	move_only_from_query(&spec, ui->index->query);
	trashed = index_in_trash(ui, &t, &spec);
	if (trashed > 0) {
		char *q = xasprintf(ngettext_("Delete %zu message in Trash "
					      "for good?",
					"Delete %zu messages in Trash for "
					"good?",
					trashed),
		    trashed);
		int yes = ui_confirm(ui, q);

		free(q);
		if (!yes) {
			ui_message(ui, "%s", _("nothing deleted"));
			goto out;
		}
	}
	index_move_targets(
	    ui, &t, &spec, trashed > 0 ? UNDO_EXPUNGE : UNDO_MOVE);
out:
	move_spec_release(&spec);
	targets_release(&t);
}

static void
index_cmd_archive(struct ui *ui)
{
	struct move_spec spec = { .kind = MOVE_ROLE, .folder = "archive" };
	struct targets t;

	if (index_targets(ui, &t) < 0)
		return;
	move_only_from_query(&spec, ui->index->query);
	index_move_targets(ui, &t, &spec, UNDO_MOVE);
	move_spec_release(&spec);
	targets_release(&t);
}

/* Folder completion: every "ACCOUNT/FOLDER" of the store. */
struct folders {
	const char *root;
	struct strv all;
};

/* Add the folders under dir (rel to the root; "" for the root). */
static void
index_folders_walk(struct folders *f, const char *rel, int depth)
{
	char *dir = xasprintf("%s/%s", f->root, rel), *sub, *r;
	struct dirent *de;
	DIR *d = opendir(dir);

	while (d != NULL && depth < INDEX_FOLDER_DEPTH &&
	    (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || strcmp(de->d_name, "cur") == 0 ||
		    strcmp(de->d_name, "new") == 0 ||
		    strcmp(de->d_name, "tmp") == 0)
			continue;
		r = *rel ? xasprintf("%s/%s", rel, de->d_name)
			 : xstrdup(de->d_name);
		sub = xasprintf("%s/%s", f->root, r);
		if (maildir_is_maildir(sub) && strchr(r, '/') != NULL)
			strv_add(&f->all, r);
		index_folders_walk(f, r, depth + 1); /* folders in folders */
		free(sub);
		free(r);
	}
	if (d != NULL)
		closedir(d);
	free(dir);
}

static int
index_strcmp(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
index_complete_folder(void *arg, const char *input, struct buf *out)
{
	struct folders *f = arg;
	size_t i, n = strlen(input);

	for (i = 0; i < f->all.n; i++)
		if (strncmp(f->all.v[i], input, n) == 0)
			buf_add(out, f->all.v[i], strlen(f->all.v[i]) + 1);
}

/*
 * Split "ACCOUNT/FOLDER" into the account (new string) and the folder
 * within it. 0, or -1 with a message.
 */
static int
index_parse_folder(
    struct ui *ui, const char *answer, char **account_r, const char **rel_r)
{
	const char *slash = strchr(answer, '/');
	char *check;
	int ok;

	if (slash == NULL || slash == answer || slash[1] == '\0') {
		ui_error(ui,
		    _("'%s' is not a folder: type ACCOUNT/FOLDER "
		      "(Tab completes)"),
		    answer);
		return -1;
	}
	*account_r = xstrndup(answer, (size_t)(slash - answer));
	check = xasprintf("account/%s", slash + 1);
	ok = maildir_folder_valid(check);
	free(check);
	if (!ok || !index_account_known(ui, *account_r)) {
		ui_error(ui,
		    ok ? _("there is no account '%s' in the store")
		       : _("invalid folder name '%s'"),
		    ok ? *account_r : slash + 1);
		xfree(account_r);
		return -1;
	}
	*rel_r = slash + 1;
	return 0;
}

/* Whether every message of the targets has its files in account. */
static int
index_targets_in(struct ui *ui, const struct targets *t, const char *account)
{
	struct search_item it;
	struct search *s;
	char *acc, *folder, *q;
	struct err err;
	size_t i;
	int ok = 1;

	for (i = 0; ok && i < t->n; i++) {
		q = actions_id_query(t->v[i].ids.v, t->v[i].ids.n);
		if (search_new(ui->store, q, SEARCH_FILES, &s, &err) == 0) {
			while (ok && search_next(s, &it, &err) > 0)
				if (store_file_place(ui->store, it.path, &acc,
					&folder) == 0) {
					ok = strcmp(acc, account) == 0;
					free(acc);
					free(folder);
				}
			search_free(&s);
		}
		free(q);
	}
	return ok;
}

static void
index_cmd_move(struct ui *ui)
{
	int prefix = ui->index->prefix;
	struct folders f = { .root = ui->cfg->mail_root };
	struct move_spec spec = { .kind = MOVE_FOLDER };
	struct targets t = { 0 };
	char *answer = NULL, *account = NULL;

	ui->index->prefix = 0;
	index_folders_walk(&f, "", 0);
	if (f.all.n > 0)
		qsort(f.all.v, f.all.n, sizeof *f.all.v, index_strcmp);
	if (prompt_read_complete(ui, _("Move to folder: "), NULL,
		index_complete_folder, &f, &answer) <= 0)
		goto out;
	ui->index->prefix = prefix;
	if (index_parse_folder(ui, answer, &account, &spec.folder) < 0 ||
	    index_targets(ui, &t) < 0)
		goto out;
	if (!index_targets_in(ui, &t, account)) {
		ui_error(ui,
		    _("mail can move only within its own account, not to "
		      "'%s'"),
		    account);
		goto out;
	}
	move_only_from_query(&spec, ui->index->query);
	index_move_targets(ui, &t, &spec, UNDO_MOVE);
	move_spec_release(&spec);
out:
	ui->index->prefix = 0;
	targets_release(&t);
	strv_clear(&f.all);
	free(account);
	free(answer);
}

/* Undo */

/* Show row o->row again where it was (an undone move). */
static void
index_restore(struct index *ix, const struct overlay *hide, unsigned long seq)
{
	struct overlay o;
	size_t i;

	for (i = 0; i < ix->ov.n; i++)
		if (ix->ov.v[i].kind == OVERLAY_HIDE &&
		    ix->ov.v[i].seq == hide->seq &&
		    strcmp(row_key(&ix->ov.v[i].row), row_key(&hide->row)) ==
			0) {
			overlays_remove(&ix->ov, i);
			break;
		}
	overlay_dup(&o, hide);
	o.kind = OVERLAY_SHOW;
	o.seq = seq;
	*overlays_add(&ix->ov) = o;
}

static void
index_undo_moves(struct ui *ui, struct undo *u)
{
	struct index *ix = ui->index;
	unsigned long seq = actions_undo(ui->actions, u->made.v[0].seq);
	size_t i;
	long at;

	for (i = 0; i < u->made.n; i++)
		index_restore(ix, &u->made.v[i], seq);
	index_show_overlay(ix, 0);
	at = index_find(ix, row_key(&u->made.v[0].row), 0);
	if (at >= 0)
		index_move(ix, at - (long)ix->cursor, 0);
}

static void
index_undo_tags(struct ui *ui, struct undo *u)
{
	unsigned long last = 0, seq = 0;
	struct overlay o;
	size_t i;

	for (i = u->made.n; i-- > 0;) {
		if (u->made.v[i].seq != last) {
			last = u->made.v[i].seq;
			seq = actions_undo(ui->actions, last);
		}
		overlay_dup(&o, &u->made.v[i]);
		o.seq = seq;
		o.add = !o.add;
		*overlays_add(&ui->index->ov) = o;
	}
}

static void
index_cmd_undo(struct ui *ui)
{
	struct index *ix = ui->index;
	struct undo *u;

	if (ix->nundo == 0 || ui->actions == NULL) {
		ui_error(ui, "%s", _("nothing to undo"));
		return;
	}
	u = &ix->undo[--ix->nundo];
	if (u->kind == UNDO_EXPUNGE)
		ui_error(ui, "%s",
		    _("mail deleted for good cannot be brought back"));
	else if (u->kind == UNDO_MOVE) {
		index_undo_moves(ui, u);
		ui_message(ui, "%s", _("moved back"));
	} else {
		index_undo_tags(ui, u);
		ui_message(ui, "%s", _("tags changed back"));
	}
	overlays_clear(&u->made);
}

/* Marks */

static void
index_cmd_mark(struct ui *ui)
{
	struct index *ix = ui->index;
	const char *key;
	long at;

	if (ix->cursor >= ix->nrows) {
		ui_error(ui, "%s", _("no thread here"));
		return;
	}
	key = row_key(&ix->rows[ix->cursor]);
	at = strv_find(&ix->marks, key);
	if (at >= 0)
		strv_remove(&ix->marks, (size_t)at);
	else
		strv_add(&ix->marks, key);
	index_move(ix, 1, 0);
}

static void
index_cmd_prefix(struct ui *ui)
{
	struct index *ix = ui->index;

	if (ix->marks.n == 0) {
		ui_error(ui, "%s", _("no thread is marked: T marks one"));
		return;
	}
	ix->prefix = 1;
	ui_message(ui,
	    ngettext_("on %zu marked: press the action's key",
		"on %zu marked: press the action's key", ix->marks.n),
	    ix->marks.n);
}

/* Opening */

/* Mark the messages of the thread under the cursor read, as mutt does. */
static void
index_mark_read(struct ui *ui)
{
	struct tag_change c = { .tag = "unread", .add = 0 };
	struct index *ix = ui->index;
	struct targets t;
	struct err err;

	ix->prefix = 0;
	if (index_targets(ui, &t) < 0)
		return;
	t.v[0].whole = 1; /* the pager shows the whole thread */
	strv_clear(&t.v[0].ids);
	strv_clear(&t.v[0].tags);
	if (index_target_read(ix, &t.v[0], &err) < 0)
		ui_error(ui, "%s", err.msg);
	else
		index_tag(ui, &t, &c, 1, 0);
	targets_release(&t);
}

/* In the pager just opened, go to the message id (a file of it). */
static void
index_pager_go(struct ui *ui, char *id)
{
	struct search_item it;
	struct search *s;
	char *query = actions_id_query(&id, 1);
	size_t i, n = pager_messages(ui->pager);
	int found = 0;

	if (search_new(ui->store, query, SEARCH_FILES, &s, NULL) == 0) {
		while (!found && search_next(s, &it, NULL) > 0)
			for (i = 0; i < n && !found; i++)
				if (strcmp(pager_message_path(ui->pager, i),
					it.path) == 0) {
					pager_show_message(ui->pager, i);
					found = 1;
				}
		search_free(&s);
	}
	free(query);
}

static void
index_cmd_open(struct ui *ui)
{
	const char *subject, *id = index_thread(ui->index, &subject);
	struct index *ix = ui->index;
	struct err err;

	if (id == NULL) {
		ui_error(ui, "%s", _("no thread to open"));
		return;
	}
	if (thread_show(ui, id, subject, &err) < 0) {
		ui_error(ui, "%s", err.msg);
		return;
	}
	if (ix->rows[ix->cursor].id != NULL) /* a message's line */
		index_pager_go(ui, ix->rows[ix->cursor].id);
	index_mark_read(ui);
}

/* Views: search, limit, mode, order */

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
	ix->messages_mode = ui->index->messages_mode;
	ix->sort = ui->index->sort;
	ix->reverse = ui->index->reverse;
	search_free(&ix->search);
	if (index_start(ix, &err) < 0) {
		ui_error(ui, "%s", err.msg);
		index_free(&ix);
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
	index_keep_overlay(ix, ui->index);
	free(ix->match);
	ix->match = xstrdup(query); /* for n and N */
	index_free(&ui->index);
	ui->index = ix;
	return 0;
}

/* Whether s is empty or spaces only. */
static int
index_blank(const char *s)
{
	return s[strspn(s, " ")] == '\0';
}

static void
index_cmd_search(struct ui *ui)
{
	char *query = NULL;

	if (prompt_read(ui, _("Search: "), &query) <= 0)
		return;
	if (index_blank(query))
		ui_error(ui, "%s",
		    _("the query is empty: type a notmuch query, such as "
		      "from:alice or tag:unread"));
	else
		index_search(ui, query);
	free(query);
}

/* Run the view again after its query, mode or order changed. */
static int
index_rerun(struct ui *ui)
{
	struct err err;

	index_set_query(ui->index);
	if (index_reload(ui->index, ui->store, &err) < 0) {
		ui_error(ui, "%s", err.msg);
		return -1;
	}
	if (index_error(ui->index) != NULL) {
		ui_error(ui, "%s", index_error(ui->index));
		return -1;
	}
	return 0;
}

static void
index_cmd_limit(struct ui *ui)
{
	struct index *ix = ui->index;
	char *limit = NULL, *old;

	if (prompt_read_complete(ui, _("Limit to (empty: all): "), ix->limit,
		NULL, NULL, &limit) <= 0)
		return;
	old = ix->limit;
	ix->limit = index_blank(limit) ? NULL : limit;
	if (ix->limit == NULL)
		free(limit);
	if (index_rerun(ui) < 0) { /* a bad limit: back to the old one */
		free(ix->limit);
		ix->limit = old;
		index_set_query(ix);
		index_reload(ix, ui->store, NULL);
		return;
	}
	free(old);
	if (ui->store != NULL && index_empty(ix))
		ui_message(ui, "%s", _("no thread matches this limit"));
}

static void
index_cmd_toggle_messages(struct ui *ui)
{
	ui->index->messages_mode = !ui->index->messages_mode;
	strv_clear(&ui->index->marks); /* keys of the other kind */
	strv_clear(&ui->index->toggled);
	index_rerun(ui);
	ui_message(ui, "%s",
	    ui->index->messages_mode ? _("one line per message")
				     : _("one line per thread"));
}

/*
 * Expand the thread under the cursor into its messages, or collapse it
 * into one line (expand: 1, 0, or -1 for the other way than it is).
 */
static void
index_turn_thread(struct ui *ui, int expand)
{
	struct index *ix = ui->index;
	const char *thread;
	long at;

	if (ix->cursor >= ix->nrows) {
		ui_error(ui, "%s", _("no thread here"));
		return;
	}
	thread = ix->rows[ix->cursor].thread_id;
	if (expand >= 0 && (ix->rows[ix->cursor].id != NULL) == expand)
		return; /* already so */
	at = strv_find(&ix->toggled, thread);
	if (at >= 0)
		strv_remove(&ix->toggled, (size_t)at);
	else
		strv_add(&ix->toggled, thread);
	strv_clear(&ix->follow); /* the cursor stays on the thread */
	index_rerun(ui);
}

static void
index_cmd_toggle_thread(struct ui *ui)
{
	index_turn_thread(ui, -1);
}

static void
index_cmd_expand_thread(struct ui *ui)
{
	index_turn_thread(ui, 1);
}

static void
index_cmd_collapse_thread(struct ui *ui)
{
	index_turn_thread(ui, 0);
}

static void
index_cmd_sort(struct ui *ui)
{
	struct index *ix = ui->index;
	static const char *const names[] = { N_("by date"), N_("by sender"),
		N_("by subject"), N_("by size of thread") };
	int c = ui_choose(ui,
	    _("Sort: (d)ate, (f)rom, (s)ubject, (c)ount? (capital: reversed) "),
	    "dfscDFSC");

	if (c == 0) {
		ui_message(ui, "%s", _("the order stays"));
		return;
	}
	ix->reverse = c >= 'A' && c <= 'Z';
	switch (c | 0x20) {
	case 'f':
		ix->sort = INDEX_SORT_FROM;
		break;
	case 's':
		ix->sort = INDEX_SORT_SUBJECT;
		break;
	case 'c':
		ix->sort = INDEX_SORT_COUNT;
		break;
	default:
		ix->sort = INDEX_SORT_DATE;
	}
	if (ix->sort != INDEX_SORT_DATE) { /* a moment on a large view */
		draw_fill(LINES - 1, 0, COLS, theme_attr(THEME_NORMAL));
		draw_str(LINES - 1, 0, COLS,
		    _("reading every thread to sort them..."),
		    theme_attr(THEME_NORMAL));
		refresh();
	}
	if (index_rerun(ui) < 0)
		return;
	if (ix->sort == INDEX_SORT_DATE)
		ui_message(ui, "%s",
		    ix->reverse ? _("oldest first") : _("newest first"));
	else
		ui_message(ui, "%s%s", _(names[ix->sort]),
		    ix->reverse ? _(", reversed") : "");
}

/* Next and previous match */

/*
 * Read which threads and messages of the view match the last search, once
 * for each reading of the view. Returns 0, or -1 with err set.
 */
static int
index_matches_read(struct index *ix, struct err *err)
{
	struct index_matches *m = &ix->matches;
	struct search_item it;
	struct search *s;
	char *query;
	int r;

	if (m->read)
		return 0;
	query = xasprintf("(%s) and (%s)", ix->query, ix->match);
	r = search_new(ix->store, query, SEARCH_TREE, &s, err);
	free(query);
	if (r < 0)
		return -1;
	while ((r = search_next(s, &it, err)) > 0) {
		if (it.depth == 0 || m->threads.n == 0 ||
		    strcmp(m->threads.v[m->threads.n - 1], it.thread_id) != 0)
			strv_add(&m->threads, it.thread_id);
		if (it.matched)
			strv_add(&m->ids, it.id);
	}
	search_free(&s);
	if (r < 0) {
		index_matches_clear(m);
		return -1;
	}
	strv_sort(&m->threads);
	strv_sort(&m->ids);
	m->read = 1;
	return 0;
}

/* Whether row i matches the last search (its message, or its thread). */
static int
index_row_matches(const struct index *ix, size_t i)
{
	const struct index_row *r = &ix->rows[i];

	return r->id != NULL ? strv_has(&ix->matches.ids, r->id)
			     : strv_has(&ix->matches.threads, r->thread_id);
}

/* The next (forward) or previous row matching the last search, round. */
static void
index_match(struct ui *ui, int forward)
{
	struct index *ix = ui->index;
	struct err err;
	size_t i;

	if (ix->match == NULL) {
		ui_error(ui, "%s", _("no search yet: / searches"));
		return;
	}
	if (ix->store == NULL || index_matches_read(ix, &err) < 0) {
		ui_error(ui, "%s",
		    ix->store == NULL ? _("the mail store is empty") : err.msg);
		return;
	}
	i = ix->cursor;
	for (;;) {
		if (forward) {
			index_fill(ix, i + 2);
			i = i + 1 < ix->nrows ? i + 1 : 0;
		} else {
			if (i == 0)
				index_fill(ix, (size_t)-1); /* round: all */
			i = (i > 0 ? i : ix->nrows) - 1;
		}
		if (ix->nrows == 0 || i == ix->cursor)
			break;
		if (index_row_matches(ix, i)) {
			if (forward ? i < ix->cursor : i > ix->cursor)
				ui_message(ui, "%s", _("search wrapped"));
			index_move(ix, (long)i - (long)ix->cursor, 0);
			return;
		}
	}
	if (ix->nrows > 0 && index_row_matches(ix, ix->cursor))
		ui_message(ui, _("only this one matches '%s'"), ix->match);
	else
		ui_error(ui, _("nothing here matches '%s'"), ix->match);
}

static void
index_cmd_next_match(struct ui *ui)
{
	index_match(ui, 1);
}

static void
index_cmd_previous_match(struct ui *ui)
{
	index_match(ui, 0);
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
	{ '=', index_cmd_first, N_("first thread"), "first" },
	{ KEYS_FN(KEY_HOME), index_cmd_first, NULL, NULL },
	{ 'G', index_cmd_last, N_("last thread"), "last" },
	{ KEYS_FN(KEY_END), index_cmd_last, NULL, NULL },
	{ '\t', index_cmd_next_unread, N_("next thread with unread mail"), "next-unread" },
	{ 'p', index_cmd_previous_unread, N_("previous thread with unread mail"), "previous-unread" },
	{ KEYS_FN(KEY_BTAB), index_cmd_previous_unread, NULL, NULL },
	{ 'n', index_cmd_next_match, N_("next line matching the last search (/)"), "search-next" },
	{ 'N', index_cmd_previous_match, N_("previous line matching the last search"), "search-previous" },
	{ '\n', index_cmd_open, N_("read the thread (marks it read)"), "open" },
	{ '\r', index_cmd_open, NULL, NULL },
	{ KEYS_FN(KEY_ENTER), index_cmd_open, NULL, NULL },
	{ '/', index_cmd_search, N_("search (a notmuch query)"),
	    "search" },
	{ 'l', index_cmd_limit, N_("limit the view to a query too (empty: all)"),
	    "limit" },
	{ 'z', index_cmd_toggle_messages,
	    N_("one line per thread, or per message (threads expanded)"),
	    "toggle-messages" },
	{ 'Z', index_cmd_toggle_thread,
	    N_("expand this thread into its messages, or collapse it"),
	    "toggle-thread" },
	{ KEYS_FN(KEY_RIGHT), index_cmd_expand_thread, N_("expand this thread"),
	    "expand-thread" },
	{ KEYS_FN(KEY_LEFT), index_cmd_collapse_thread,
	    N_("collapse this thread into one line"), "collapse-thread" },
	{ 'o', index_cmd_sort,
	    N_("sort by date, sender, subject or size (asks which)"), "sort" },
	{ 'U', index_cmd_toggle_unread, N_("mark read, or unread when read"),
	    "toggle-unread" },
	{ 'F', index_cmd_toggle_flagged, N_("flag, or unflag when flagged"),
	    "toggle-flagged" },
	{ 't', index_cmd_tag, N_("add or remove tags (+tag -tag)"), "tag" },
	{ 'd', index_cmd_delete,
	    N_("delete: move to Trash (in Trash: for good, after a question)"),
	    "delete" },
	{ 'a', index_cmd_archive, N_("archive: move to the account's archive"),
	    "archive" },
	{ 's', index_cmd_move, N_("move to a folder (Tab completes)"), "move" },
	{ 'u', index_cmd_undo, N_("undo the last change"), "undo" },
	{ 'T', index_cmd_mark, N_("mark or unmark for ;"), "mark" },
	{ ';', index_cmd_prefix, N_("apply the next action to every marked line"),
	    "tag-prefix" },
	{ '?', ui_cmd_help, N_("show these keys"), "help" },
	{ KEYS_CTRL('L'), ui_cmd_redraw, N_("redraw the screen"), "redraw" },
	{ 'q', index_cmd_quit, N_("quit"), "quit" },
	{ 0, NULL, NULL, NULL },
};
/* clang-format on */
