/*
 * Moving, deleting and expunging the files of messages, for tern move,
 * tern delete and the interface. Every change goes through the store
 * (store/mailfile.h), so a file with a server UID records it in its
 * account's action journal and the next sync makes it on the server.
 *
 * A message can have files in several folders (the same Message-ID). A
 * job may be limited to files in some folders ("ACCOUNT/FOLDER"); the
 * folder: terms of the query that chose the messages are the usual
 * limit (move_only_from_query), so that acting on a folder's view
 * leaves the thread's copies elsewhere (Sent) where they are.
 */
#ifndef TERN_ACCOUNT_MOVE_H
#define TERN_ACCOUNT_MOVE_H

#include <stddef.h>

#include "store/store.h"
#include "util/config.h"
#include "util/err.h"

enum move_kind {
	MOVE_FOLDER,  /* into a folder of the message's own account */
	MOVE_ROLE,    /* into its account's folder with the role folder
			 names ("archive", see sync_role_folder) */
	MOVE_TRASH,   /* into its account's Trash; removed when there */
	MOVE_EXPUNGE, /* removed for good */
};

struct move_spec {
	enum move_kind kind;
	const char *folder; /* MOVE_FOLDER: relative to the account;
			       MOVE_ROLE: the role */
	char **only;	    /* files in these folders only ("ACCOUNT/F"); */
	size_t nonly;	    /* none: every file of the message */
};

/* One file changed: where it was and where it went. */
struct move_file {
	char *id;      /* the message's Message-ID */
	char *account; /* its account */
	char *from;    /* the folder it was in, relative to the account */
	char *to;      /* where it is now; NULL: removed for good */
};

struct move_result {
	struct move_file *v;
	size_t n;
};

/*
 * Apply spec to every file of the messages matching query (notmuch
 * syntax) in store (STORE_WRITE), appending each file changed to res
 * (which the caller releases; it may hold earlier results). Does not
 * commit: call store_commit. The Trash and other role folders come from
 * cfg (sync_role_folder). Returns 0, or -1 with err set on a bad query
 * or a file that cannot be changed (those changed before stay in res).
 * Blocks on disk I/O.
 */
int move_run(struct store *store, const struct config *cfg, const char *query,
    const struct move_spec *spec, struct move_result *res, struct err *err);
/* Free the records of res; it can be used again. */
void move_result_release(struct move_result *res);

/*
 * Set spec's only to the folder: terms of query ("folder:A/INBOX",
 * quotes removed), new strings freed by move_spec_release.
 */
void move_only_from_query(struct move_spec *spec, const char *query);
/* Free spec's only list. */
void move_spec_release(struct move_spec *spec);

/*
 * The trash folder of account as "ACCOUNT/FOLDER", new string; an
 * account missing from cfg gets "Trash".
 */
char *move_trash_of(const struct config *cfg, const char *account);

#endif
