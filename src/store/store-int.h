/*
 * Inside the store: the notmuch handle and what the store's own files
 * share. Only src/store/ includes this header (and so notmuch.h).
 */
#ifndef TERN_STORE_STORE_INT_H
#define TERN_STORE_STORE_INT_H

#include <notmuch.h>

#include "store/store.h"
#include "util/err.h"

struct store {
	char *root; /* mail_root, as given */
	enum store_mode mode;
	notmuch_database_t *db;
	notmuch_indexopts_t *indexopts; /* STORE_WRITE only */
	char **unlinks;			/* files to remove after the commit */
	size_t nunlinks;
	char **syncdirs; /* folders to fsync before the commit */
	size_t nsyncdirs;
	const char *status_mark; /* see store_nm_mark() */
	int dirty;		 /* changed since the last commit */
	int journal_off;	 /* see store_journal() */
	struct store_journal_fd {
		char *account;
		int fd;
	} * journals; /* journal files written since the last commit */
	size_t njournals;
};

/*
 * notmuch keeps its last log message as the database's status string,
 * also for trouble it recovered from. Mark the string before a call
 * that may fail, so store_nm_error() adds it only when the call changed
 * it (a stale one would mislead).
 */
static inline void
store_nm_mark(struct store *store)
{
	store->status_mark = notmuch_database_status_string(store->db);
}

/*
 * The one place where a notmuch status becomes an err: the message says
 * what failed (fmt), then notmuch's words for st, then the database's
 * own status string when it has one. Returns -1.
 */
int store_nm_error(struct store *store, notmuch_status_t st, struct err *err,
    const char *fmt, ...) __attribute__((format(printf, 4, 5)));
/* Queue path to be unlinked once the index no longer names it. */
void store_defer_unlink(struct store *store, const char *path);
/* Queue the folder holding path to be fsynced before the next commit. */
void store_defer_sync(struct store *store, const char *path);
/* Begin and end an atomic section, errors mapped. */
int store_begin(struct store *store, struct err *err);
int store_end(struct store *store, struct err *err);

/*
 * Record a change to the message file path in its account's journal (see
 * journal.h) when path carries a server UID and recording is on: op with
 * its fields a and b. Written at once, made durable by journal_sync().
 */
int journal_note(struct store *store, const char *path, char op, const char *a,
    const char *b, struct err *err);
/* Record the flag change from file name old to new, if any. */
int journal_note_flags(
    struct store *store, const char *old, const char *new, struct err *err);
/* Make the records written so far durable; closes the journal files. */
int journal_sync(struct store *store, struct err *err);
/* Close the journal files without syncing. */
void journal_close_all(struct store *store);

#endif
