#include <config.h>

#include <ctype.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "mime/draft.h"
#include "mime/mime.h"
#include "store/address.h"
#include "store/store-int.h"
#include "util/buf.h"
#include "util/intl.h"
#include "util/xalloc.h"

struct found {
	char **v;
	size_t n, max;
};

/* Whether word is fit for a notmuch wildcard term. */
static int
word_ok(const char *word)
{
	const char *p;

	if (*word == '\0')
		return 0;
	for (p = word; *p != '\0'; p++)
		if (!isalnum((unsigned char)*p) && (unsigned char)*p < 0x80 &&
		    strchr(".-_+@", *p) == NULL)
			return 0;
	return 1;
}

/* Whether s has a word (after start, space, '.', '-', '_') starting with w. */
static int
word_match(const char *s, const char *w)
{
	size_t len = strlen(w);
	const char *p;

	if (s == NULL)
		return 0;
	for (p = s; *p != '\0'; p++)
		if ((p == s || strchr(" .-_<\"'", p[-1]) != NULL) &&
		    strncasecmp(p, w, len) == 0)
			return 1;
	return 0;
}

/*
 * Whether addr is found already; a bare one found before gives way to
 * one with a name (name set).
 */
static int
have(struct found *f, const char *name, const char *addr)
{
	const char *lt;
	size_t i;

	for (i = 0; i < f->n; i++) {
		lt = strrchr(f->v[i], '<');
		if (lt == NULL && strcasecmp(f->v[i], addr) == 0) {
			if (name == NULL || *name == '\0')
				return 1;
			free(f->v[i]);
			f->v[i] = f->v[--f->n]; /* taken again, named */
			return 0;
		}
		if (lt != NULL &&
		    strncasecmp(lt + 1, addr, strlen(addr)) == 0 &&
		    lt[1 + strlen(addr)] == '>')
			return 1;
	}
	return 0;
}

struct take {
	struct found *f;
	const char *word;
};

/* One mailbox of a header: kept when it matches the word. */
static void
take_one(void *arg, const char *name, const char *addr)
{
	struct take *t = arg;
	struct found *f = t->f;
	struct buf b = BUF_INIT;

	if (f->n >= f->max || addr == NULL || strchr(addr, '@') == NULL ||
	    (!word_match(addr, t->word) && !word_match(name, t->word)) ||
	    have(f, name, addr))
		return;
	draft_mailbox(&b, name, addr);
	f->v = xreallocarray(f->v, f->n + 1, sizeof *f->v);
	f->v[f->n++] = buf_detach(&b, NULL);
}

/* Add the mailboxes of header value hdr that match word. */
static void
take(struct found *f, const char *hdr, const char *word)
{
	struct take t = { f, word };

	mime_mailboxes(hdr, take_one, &t);
}

int
address_search(struct store *store, const char *word, size_t max, char ***v_r,
    size_t *n_r, struct err *err)
{
	struct found f = { .max = max };
	notmuch_query_t *q;
	notmuch_messages_t *msgs = NULL;
	notmuch_message_t *m;
	notmuch_status_t st;
	char *text;
	size_t seen = 0;

	*v_r = NULL;
	*n_r = 0;
	if (!word_ok(word))
		return 0;
	text = xasprintf("from:%s* or to:%s*", word, word);
	store_nm_mark(store);
	q = notmuch_query_create(store->db, text);
	free(text);
	if (q == NULL)
		return store_nm_error(store, NOTMUCH_STATUS_OUT_OF_MEMORY, err,
		    "%s", _("cannot search for addresses"));
	notmuch_query_set_sort(q, NOTMUCH_SORT_NEWEST_FIRST);
	st = notmuch_query_search_messages(q, &msgs);
	if (st != NOTMUCH_STATUS_SUCCESS) {
		notmuch_query_destroy(q);
		return store_nm_error(
		    store, st, err, "%s", _("cannot search for addresses"));
	}
	for (; notmuch_messages_valid(msgs) && f.n < max &&
	     seen++ < ADDRESS_SCAN_MAX;
	     notmuch_messages_move_to_next(msgs)) {
		m = notmuch_messages_get(msgs);
		take(&f, notmuch_message_get_header(m, "from"), word);
		take(&f, notmuch_message_get_header(m, "to"), word);
		take(&f, notmuch_message_get_header(m, "cc"), word);
		notmuch_message_destroy(m);
	}
	notmuch_query_destroy(q);
	*v_r = f.v;
	*n_r = f.n;
	return 0;
}
