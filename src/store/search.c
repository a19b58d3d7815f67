#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "store/search.h"
#include "store/store-int.h"
#include "util/buf.h"
#include "util/intl.h"
#include "util/xalloc.h"

#define SEARCH_TREE_DEPTH 64 /* deeper replies are not listed */

struct search {
	struct store *store;
	enum search_output output;
	notmuch_query_t *query;
	notmuch_threads_t *threads;
	notmuch_messages_t *messages;
	notmuch_thread_t *thread; /* the current result */
	notmuch_message_t *message;
	notmuch_filenames_t *files; /* of message, for SEARCH_FILES */
	struct buf tags;
	/* SEARCH_TREE: the thread walked and the message lists of the
	 * path down to the current message (owned by the thread) */
	notmuch_thread_t *tree;
	notmuch_messages_t *stack[SEARCH_TREE_DEPTH];
	int depth;
};

static int
search_start(struct search *s, struct err *err)
{
	notmuch_status_t st;

	store_nm_mark(s->store);
	if (s->output == SEARCH_THREADS || s->output == SEARCH_TREE)
		st = notmuch_query_search_threads(s->query, &s->threads);
	else
		st = notmuch_query_search_messages(s->query, &s->messages);
	if (st != NOTMUCH_STATUS_SUCCESS)
		return store_nm_error(s->store, st, err,
		    _("cannot search for '%s'"),
		    notmuch_query_get_query_string(s->query));
	return 0;
}

static int
query_new(struct store *store, const char *query, notmuch_query_t **q_r,
    struct err *err)
{
	notmuch_status_t st;

	store_nm_mark(store);
	st = notmuch_query_create_with_syntax(
	    store->db, query, NOTMUCH_QUERY_SYNTAX_XAPIAN, q_r);
	if (st != NOTMUCH_STATUS_SUCCESS)
		return store_nm_error(
		    store, st, err, _("bad query '%s'"), query);
	return 0;
}

int
search_new(struct store *store, const char *query, enum search_output output,
    struct search **search_r, struct err *err)
{
	return search_new_sorted(store, query, output, 0, search_r, err);
}

int
search_new_sorted(struct store *store, const char *query,
    enum search_output output, int oldest_first, struct search **search_r,
    struct err *err)
{
	struct search *s = xcalloc(1, sizeof *s);

	s->store = store;
	s->output = output;
	buf_init(&s->tags, 0);
	if (query_new(store, query, &s->query, err) < 0) {
		search_free(&s);
		return -1;
	}
	notmuch_query_set_sort(s->query,
	    oldest_first ? NOTMUCH_SORT_OLDEST_FIRST
			 : NOTMUCH_SORT_NEWEST_FIRST);
	if (search_start(s, err) < 0) {
		search_free(&s);
		return -1;
	}
	*search_r = s;
	return 0;
}

static const char *
join_tags(struct buf *b, notmuch_tags_t *tags)
{
	buf_reset(b);
	for (; notmuch_tags_valid(tags); notmuch_tags_move_to_next(tags)) {
		if (b->len > 0)
			buf_addc(b, ' ');
		buf_adds(b, notmuch_tags_get(tags));
	}
	notmuch_tags_destroy(tags);
	return b->data;
}

static void
drop_current(struct search *s)
{
	if (s->thread != NULL)
		notmuch_thread_destroy(s->thread);
	s->thread = NULL;
	if (s->files != NULL)
		notmuch_filenames_destroy(s->files);
	s->files = NULL;
	if (s->message != NULL)
		notmuch_message_destroy(s->message);
	s->message = NULL;
}

static int
next_thread(struct search *s, struct search_item *it)
{
	notmuch_thread_t *t;

	if (!notmuch_threads_valid(s->threads))
		return 0;
	t = s->thread = notmuch_threads_get(s->threads);
	notmuch_threads_move_to_next(s->threads);
	it->thread_id = notmuch_thread_get_thread_id(t);
	it->date = notmuch_thread_get_newest_date(t);
	it->matched = notmuch_thread_get_matched_messages(t);
	it->total = notmuch_thread_get_total_messages(t);
	it->authors = notmuch_thread_get_authors(t);
	it->subject = notmuch_thread_get_subject(t);
	it->tags = join_tags(&s->tags, notmuch_thread_get_tags(t));
	return 1;
}

static int
next_message(struct search *s, struct search_item *it)
{
	notmuch_message_t *m;

	if (!notmuch_messages_valid(s->messages))
		return 0;
	m = s->message = notmuch_messages_get(s->messages);
	notmuch_messages_move_to_next(s->messages);
	it->id = notmuch_message_get_message_id(m);
	it->date = notmuch_message_get_date(m);
	it->subject = notmuch_message_get_header(m, "subject");
	it->tags = join_tags(&s->tags, notmuch_message_get_tags(m));
	it->path = notmuch_message_get_filename(m);
	return 1;
}

static int
next_file(struct search *s, struct search_item *it)
{
	while (s->files == NULL || !notmuch_filenames_valid(s->files)) {
		drop_current(s);
		if (next_message(s, it) == 0)
			return 0;
		s->files = notmuch_message_get_filenames(s->message);
	}
	it->id = notmuch_message_get_message_id(s->message);
	it->path = notmuch_filenames_get(s->files);
	notmuch_filenames_move_to_next(s->files);
	return 1;
}

/* The next thread of a tree search: 1, or 0 at the end. */
static int
next_tree_thread(struct search *s)
{
	if (s->tree != NULL)
		notmuch_thread_destroy(s->tree);
	s->tree = NULL;
	if (!notmuch_threads_valid(s->threads))
		return 0;
	s->tree = notmuch_threads_get(s->threads);
	notmuch_threads_move_to_next(s->threads);
	s->stack[0] = notmuch_thread_get_toplevel_messages(s->tree);
	s->depth = 1;
	return 1;
}

/* Depth first through each thread's replies. */
static int
next_tree(struct search *s, struct search_item *it)
{
	notmuch_messages_t *ms;
	notmuch_message_t *m;
	notmuch_bool_t match = FALSE;

	for (;;) {
		while (s->depth > 0 &&
		    !notmuch_messages_valid(s->stack[s->depth - 1]))
			s->depth--;
		if (s->depth > 0)
			break;
		if (next_tree_thread(s) == 0)
			return 0;
	}
	ms = s->stack[s->depth - 1];
	m = notmuch_messages_get(ms);
	notmuch_messages_move_to_next(ms);
	it->thread_id = notmuch_thread_get_thread_id(s->tree);
	it->id = notmuch_message_get_message_id(m);
	it->date = notmuch_message_get_date(m);
	it->subject = notmuch_message_get_header(m, "subject");
	it->authors = notmuch_message_get_header(m, "from");
	it->tags = join_tags(&s->tags, notmuch_message_get_tags(m));
	it->path = notmuch_message_get_filename(m);
	notmuch_message_get_flag_st(m, NOTMUCH_MESSAGE_FLAG_MATCH, &match);
	it->matched = match == TRUE;
	it->depth = s->depth - 1;
	if (s->depth < SEARCH_TREE_DEPTH)
		s->stack[s->depth++] = notmuch_message_get_replies(m);
	return 1;
}

int
search_next(struct search *s, struct search_item *it, struct err *err)
{
	memset(it, 0, sizeof *it);
	switch (s->output) {
	case SEARCH_THREADS:
		drop_current(s);
		return next_thread(s, it);
	case SEARCH_MESSAGES:
		drop_current(s);
		return next_message(s, it);
	case SEARCH_FILES:
		return next_file(s, it);
	case SEARCH_TREE:
		return next_tree(s, it);
	}
	return err_set(err, ERR_FINAL, "bad search output %d", s->output);
}

int
search_count(struct store *store, const char *query, enum search_output output,
    unsigned *count_r, struct err *err)
{
	notmuch_query_t *q;
	notmuch_status_t st;
	int r = 0;

	if (query_new(store, query, &q, err) < 0)
		return -1;
	store_nm_mark(store);
	if (output == SEARCH_THREADS || output == SEARCH_TREE)
		st = notmuch_query_count_threads(q, count_r);
	else
		st = notmuch_query_count_messages(q, count_r);
	if (st != NOTMUCH_STATUS_SUCCESS)
		r = store_nm_error(
		    store, st, err, _("cannot search for '%s'"), query);
	notmuch_query_destroy(q);
	return r;
}

void
search_free(struct search **search)
{
	struct search *s = *search;

	if (s == NULL)
		return;
	drop_current(s);
	if (s->tree != NULL)
		notmuch_thread_destroy(s->tree);
	if (s->threads != NULL)
		notmuch_threads_destroy(s->threads);
	if (s->messages != NULL)
		notmuch_messages_destroy(s->messages);
	if (s->query != NULL)
		notmuch_query_destroy(s->query);
	buf_release(&s->tags);
	free(s);
	*search = NULL;
}
