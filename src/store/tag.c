#include <config.h>

#include <string.h>

#include "store/index.h"
#include "store/tag.h"
#include "util/intl.h"
#include "util/text.h"

int
tag_valid(const char *tag)
{
	size_t len = strlen(tag), i;

	if (len == 0 || len > NOTMUCH_TAG_MAX || tag[0] == '+' || tag[0] == '-')
		return 0;
	if (!text_valid_utf8(tag, len))
		return 0;
	for (i = 0; i < len; i++) {
		unsigned char c = (unsigned char)tag[i];

		if (c <= ' ' || c == 0x7f)
			return 0;
		/* C1 controls and the Unicode spaces NBSP and U+2000..200B. */
		if (c == 0xc2 && (unsigned char)tag[i + 1] < 0xa1)
			return 0;
		if (c == 0xe2 && (unsigned char)tag[i + 1] == 0x80 &&
		    (unsigned char)tag[i + 2] <= 0x8b)
			return 0;
	}
	return 1;
}

static int
needs_change(notmuch_message_t *m, const struct tag_change *changes, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (index_message_has_tag(m, changes[i].tag) != changes[i].add)
			return 1;
	return 0;
}

static int
change_one(struct store *store, notmuch_message_t *m,
    const struct tag_change *changes, size_t n, struct err *err)
{
	notmuch_status_t st;
	size_t i;

	store_nm_mark(store);
	st = notmuch_message_freeze(m);
	for (i = 0; st == NOTMUCH_STATUS_SUCCESS && i < n; i++)
		st = changes[i].add
		    ? notmuch_message_add_tag(m, changes[i].tag)
		    : notmuch_message_remove_tag(m, changes[i].tag);
	if (st == NOTMUCH_STATUS_SUCCESS)
		st = notmuch_message_thaw(m);
	if (st != NOTMUCH_STATUS_SUCCESS)
		return store_nm_error(store, st, err,
		    _("cannot change the tags of message '%s'"),
		    notmuch_message_get_message_id(m));
	return index_tags_to_flags(store, m, err);
}

static int
change_all(struct store *store, notmuch_query_t *q,
    const struct tag_change *changes, size_t n, unsigned long *count_r,
    struct err *err)
{
	notmuch_messages_t *ms;
	notmuch_message_t *m;
	notmuch_status_t st;
	int r = 0;

	store_nm_mark(store);
	st = notmuch_query_search_messages(q, &ms);
	if (st != NOTMUCH_STATUS_SUCCESS)
		return store_nm_error(store, st, err,
		    _("cannot search for '%s'"),
		    notmuch_query_get_query_string(q));
	for (; r == 0 && notmuch_messages_valid(ms);
	     notmuch_messages_move_to_next(ms)) {
		m = notmuch_messages_get(ms);
		if (needs_change(m, changes, n)) {
			r = change_one(store, m, changes, n, err);
			(*count_r)++;
		}
		notmuch_message_destroy(m);
	}
	notmuch_messages_destroy(ms);
	return r;
}

int
tag_apply(struct store *store, const char *query,
    const struct tag_change *changes, size_t nchanges, unsigned long *count_r,
    struct err *err)
{
	notmuch_query_t *q = NULL;
	notmuch_status_t st;
	int r;

	*count_r = 0;
	if (store->mode != STORE_WRITE)
		return err_set(err, ERR_FINAL,
		    _("the mail store '%s' is open read-only"), store->root);
	store_nm_mark(store);
	st = notmuch_query_create_with_syntax(
	    store->db, query, NOTMUCH_QUERY_SYNTAX_XAPIAN, &q);
	if (st != NOTMUCH_STATUS_SUCCESS)
		return store_nm_error(
		    store, st, err, _("bad query '%s'"), query);
	if (store_begin(store, err) < 0) {
		notmuch_query_destroy(q);
		return -1;
	}
	r = change_all(store, q, changes, nchanges, count_r, err);
	notmuch_query_destroy(q);
	if (store_end(store, r < 0 ? NULL : err) < 0)
		r = -1;
	return r;
}
