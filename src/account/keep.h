/*
 * Keeping a message the user made (a postponed draft) in one of an
 * account's role folders: the file is written durably and indexed, and
 * for an IMAP account its upload is recorded in the action journal, so
 * the next sync puts it on the server (as the Sent copies are).
 */
#ifndef TERN_ACCOUNT_KEEP_H
#define TERN_ACCOUNT_KEEP_H

#include <stddef.h>

#include "store/store.h"
#include "util/config.h"
#include "util/err.h"

/*
 * Store msg[0..len) as a new file in acct's folder with role ("drafts",
 * see sync_role_folder) with the Maildir flags letters (such as "DS").
 * Commits the store. Returns 0, or -1 with err set (naming the folder).
 * Needs STORE_WRITE; blocks on disk I/O.
 */
int keep_in_role(struct store *store, const struct config_account *acct,
    const char *role, const char *msg, size_t len, const char *flags,
    struct err *err);

#endif
