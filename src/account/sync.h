/*
 * The sync engine: one account's server and its local folders brought
 * into step, both ways.
 *
 * IMAP, per account:
 *  1. connect and LIST; folder roles from SPECIAL-USE (config overrides);
 *  2. replay the action journal (store/journal.h): flag changes, moves
 *     and removals made locally reach the server, in the order made;
 *  3. with CONDSTORE, the STATUS of every folder in one pipelined round
 *     trip: a folder whose UIDVALIDITY, UIDNEXT, HIGHESTMODSEQ and message
 *     count equal its saved state is done (nothing is selected, opened
 *     or written for it);
 *     per other folder: SELECT; a changed UIDVALIDITY makes the old files
 *     local-only, the folder is fetched again, and old files the server
 *     no longer holds (by Message-ID) are uploaded; with CONDSTORE and
 *     nothing changed since the saved HIGHESTMODSEQ and UIDNEXT, nothing
 *     more is asked; else flag changes (CHANGEDSINCE) and expunges
 *     (QRESYNC VANISHED, or a full UID/FLAGS listing) are applied
 *     locally, and new messages are fetched in batches;
 *  4. folders gone from the server go locally too (files that exist only
 *     locally stay).
 * Rule for changes made on both sides: the journal is replayed first,
 * so a flag changed here is applied on top of the server's state (each
 * flag keeps the last change made to it, local changes counting as made
 * at sync time); a message removed on either side is removed; a message
 * moved here but removed on the server is uploaded to where it was
 * moved.
 *
 * POP3 accounts are downloaded into ACCOUNT/INBOX (sync_pop3); their
 * folders and flags are purely local.
 *
 * Durability: files are durable and indexed (store_commit) before the
 * folder's state (store/syncstate.h) advances, so a sync stopped at any
 * moment starts again where the saved state says and finds what it had
 * already written by its UID in the file names.
 */
#ifndef TERN_ACCOUNT_SYNC_H
#define TERN_ACCOUNT_SYNC_H

#include "store/nameset.h"
#include "store/store.h"
#include "util/config.h"
#include "util/err.h"

struct sync_opts {
	int timeout_s;	  /* per network read or write */
	int progress;	  /* show progress on stderr (a terminal) */
	int journal_only; /* IMAP: replay the journal, fetch nothing */
	/*
	 * Base names of new local files this process just made and
	 * journalled for upload (sent messages' copies): no upload of them
	 * can have been made before a crash, so the server is not searched
	 * for them first. NULL: none.
	 */
	const struct nameset *fresh;
	/* Called for each folder that failed while others went on. */
	void (*warn)(void *arg, const char *msg);
	/*
	 * Called (at most about once a second, and at the end) while a
	 * folder's new messages are fetched: done of total so far.
	 */
	void (*on_progress)(
	    void *arg, const char *folder, size_t done, size_t total);
	void *arg;
	/*
	 * For sync_account with store NULL: the store is at mail_root and
	 * is opened (STORE_WRITE) through open_store(store_arg, ...) only
	 * when the sync has something to write, so that a sync that finds
	 * nothing to do neither opens the index nor waits for its writer
	 * lock. The caller keeps what open_store returns (and commits and
	 * closes it); open_store returns 0, or -1 with err set.
	 */
	const char *mail_root;
	int (*open_store)(
	    void *store_arg, struct store **store_r, struct err *err);
	void *store_arg;
};

/*
 * Sync account acct into store (STORE_WRITE), or with store NULL into
 * the store that o->open_store opens when needed. Returns 0 when every
 * folder synced, else -1 with err set to the first failure (naming the
 * folder); other failures went to o->warn.
 */
int sync_account(const struct config_account *acct, struct store *store,
    const struct sync_opts *o, struct err *err);

/*
 * Download a POP3 account into ACCOUNT/INBOX and delete on the server as
 * pop3_delete says (see popsync.c for the order that loses nothing).
 * sync_account calls it for POP3 accounts.
 */
int sync_pop3(const struct config_account *acct, struct store *store,
    const struct sync_opts *o, struct err *err);

/*
 * Wait on a connection of its own for news in acct's INBOX (IMAP IDLE):
 * 1 when the server reported a change, 0 after renew_s seconds or when
 * wake_fd (-1: none) became readable, -1 with err set.
 */
int sync_idle(const struct config_account *acct, int wake_fd, int renew_s,
    int timeout_s, struct err *err);

/*
 * The local folder that has role ("sent", "drafts", "trash", "junk",
 * "archive") for acct, as a new string: the config override, else what
 * the last sync learned from the server, else the usual English name
 * ("Sent", "Drafts", "Trash", "Junk", "Archive").
 */
char *sync_role_folder(
    const struct config_account *acct, const char *mail_root, const char *role);

#endif
