/*
 * The local store: one Maildir tree and one notmuch database under
 * mail_root.
 *
 * Layout. Every folder is mail_root/ACCOUNT/FOLDER/{cur,new,tmp}, where
 * FOLDER may be nested ("Lists/dev"). The notmuch database lives in
 * mail_root/.notmuch, so plain notmuch with database.path=mail_root reads
 * the same index. Sync state is kept apart in mail_root/.tern/state/ (see
 * syncstate.h). Folders are created 0700, files 0600.
 *
 * Account, folder and tags. Where a message is comes from its file's
 * location and is queried with notmuch's own prefixes: for an account,
 * path: with "ACCOUNT/" and two stars after it (every file below it),
 * for one folder, folder:ACCOUNT/FOLDER. These are never
 * stale (a moved file is a moved message) and plain notmuch understands
 * them. Tags carry state only: unread, flagged, replied, passed, draft
 * (the Maildir flags S (inverted), F, R, P, D), inbox (given to mail
 * delivered to a top-level folder named INBOX) and the user's own tags.
 * A tag change on one of the flag tags renames the file; a flag change
 * on a file updates the tags (mailfile.h, tag.h).
 *
 * One writer. A store opened STORE_WRITE holds the only read-write
 * notmuch handle of the process, and all writes go through it. Readers
 * open STORE_READ, which never blocks. A second process that opens
 * STORE_WRITE blocks on Xapian's lock until the first one closes (or
 * commits, which briefly releases the lock): never open STORE_WRITE on a
 * thread that must stay responsive.
 *
 * Durability. A message file is durable in its folder before the index
 * names it. Index changes are committed by store_commit() and
 * store_close(); files that a change made obsolete (the old name after a
 * flag change, a removed message) are unlinked only after that commit,
 * so a crash never leaves the index naming a file that is gone.
 */
#ifndef TERN_STORE_STORE_H
#define TERN_STORE_STORE_H

#include "util/err.h"

struct store;

enum store_mode {
	STORE_READ,
	STORE_WRITE,
};

/*
 * Open the store at mail_root (STORE_WRITE creates the folder and the
 * database when missing). Returns 0 with a new store in *store_r (free
 * with store_close), or -1 with err set: a missing database for
 * STORE_READ (see store_exists), a corrupt or foreign one (never
 * repaired or replaced), a mail_root that cannot be created. STORE_WRITE
 * blocks while another process holds the database for writing.
 */
int store_open(const char *mail_root, enum store_mode mode,
    struct store **store_r, struct err *err);
/*
 * Commit pending writes and close the store; accepts NULL, leaves NULL.
 * Use store_commit() first to see whether the commit worked.
 */
void store_close(struct store **store);
/*
 * Whether mail_root holds a database: 1 yes, 0 when mail_root or its
 * database is simply missing (nothing stored yet), -1 with err set when
 * mail_root cannot be looked at (not a folder, no permission). Does not
 * open the database.
 */
int store_exists(const char *mail_root, struct err *err);
/*
 * Look at the database again (STORE_READ), so that what writers committed
 * since the open or the last refresh becomes visible. Returns 1 when the
 * index changed: searches started before must be started again (their
 * results are stale and may fail); 0 when nothing changed; -1 with err
 * set. Never blocks on writers.
 */
int store_refresh(struct store *store, struct err *err);
/* The mail_root the store was opened with (owned by the store). */
const char *store_root(const struct store *store);
/*
 * Make every change so far durable and visible to readers: fsync the
 * folders that changed, commit the index, then unlink files that no
 * longer belong to any message. Returns 0 or -1 with err set. Blocks on
 * disk I/O, and may briefly release and retake the writer lock (and so
 * wait for another writer). A no-op for STORE_READ.
 */
int store_commit(struct store *store, struct err *err);
/*
 * One message by "id:MSGID", "<MSGID>" or bare MSGID: 1 and a new path in
 * *path_r (the caller frees it), 0 when there is no such message, -1 on
 * error. Does not block on writers.
 */
int store_find_file(
    struct store *store, const char *id, char **path_r, struct err *err);

/*
 * Where the message file path (ROOT/ACCOUNT/FOLDER.../cur/NAME) is: its
 * account and its folder within the account ("INBOX", "Lists/dev"), as
 * new strings. 0, or -1 when path is not a message file of the store.
 */
int store_file_place(const struct store *store, const char *path,
    char **account_r, char **folder_r);

/*
 * The crash-test hook: when the environment variable TERN_TEST_STOP_AFTER
 * is N, the process kills itself with SIGKILL at its N-th step. Writing,
 * renaming and indexing one message, committing (batch.h) and each step
 * of a sync (account/sync.h) are steps. Thread-safe.
 */
void store_step(void);

#endif
