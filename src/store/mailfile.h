/*
 * Changes to one message file already in the store, for the sync engine
 * and the interface: new Maildir flags, removal, a move to another
 * folder. Each keeps the index in step. A changed file keeps its old name
 * as well until the next store_commit(), so a crash leaves at worst an
 * extra copy, never an index entry without a file.
 */
#ifndef TERN_STORE_MAILFILE_H
#define TERN_STORE_MAILFILE_H

#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

/*
 * Give the file at path the Maildir flags flags (letters such as "FS";
 * "" for none): it moves to cur/NAME:2,FLAGS, and the message's flag
 * tags (unread, flagged, replied, passed, draft) follow. Sets *path_r to
 * the new path (the caller frees it; the same path when nothing changed).
 * Returns 0, or -1 with err set. Needs STORE_WRITE.
 */
int mailfile_set_flags(struct store *store, const char *path, const char *flags,
    char **path_r, struct err *err);
/*
 * Remove the message file at path: out of the index now, unlinked after
 * the next commit. The message stays while other files of it remain.
 * Returns 0, or -1 with err set. Needs STORE_WRITE.
 */
int mailfile_remove(struct store *store, const char *path, struct err *err);
/*
 * Move the file at path into folder ("ACCOUNT/FOLDER", created when
 * missing), keeping its name (less a server UID, see maildir.h) and
 * flags. Sets *path_r to the new path (the
 * caller frees it). Returns 0, or -1 with err set. Needs STORE_WRITE.
 */
int mailfile_move(struct store *store, const char *path, const char *folder,
    char **path_r, struct err *err);

/*
 * Give the file at path the server UID uid (0: none) in its name; flags,
 * folder and tags stay. Sets *path_r to the new path (the caller frees
 * it). Never journaled. Returns 0, or -1 with err set. Needs STORE_WRITE.
 */
int mailfile_set_uid(struct store *store, const char *path, uint32_t uid,
    char **path_r, struct err *err);

#endif
