/*
 * Tags on messages, by query. Changing one of the flag tags (unread,
 * flagged, replied, passed, draft) renames the message's files to carry
 * the matching Maildir flags (see store.h).
 */
#ifndef TERN_STORE_TAG_H
#define TERN_STORE_TAG_H

#include <stddef.h>

#include "store/store.h"
#include "util/err.h"

struct tag_change {
	const char *tag;
	int add; /* 1: +tag, 0: -tag */
};

/*
 * Whether tag is a name tern accepts: not empty, at most 200 bytes, valid
 * UTF-8, no white space, no control characters, not starting with '+' or
 * '-'. 1 or 0.
 */
int tag_valid(const char *tag);
/*
 * Apply changes, in order, to every message matching query (notmuch
 * query syntax; "*" for all). Sets *count_r to the number of messages
 * whose tags changed. Changes are committed by store_commit() or
 * store_close(). Returns 0, or -1 with err set (a bad query gives
 * notmuch's words). Needs STORE_WRITE; blocks on disk I/O.
 */
int tag_apply(struct store *store, const char *query,
    const struct tag_change *changes, size_t nchanges, unsigned long *count_r,
    struct err *err);

#endif
