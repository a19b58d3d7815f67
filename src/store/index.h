/*
 * The notmuch index of the store's message files: adding and forgetting
 * file names, and keeping flag tags and Maildir flags in step. Internal
 * to src/store/; callers outside use batch.h, mailfile.h and tag.h.
 */
#ifndef TERN_STORE_INDEX_H
#define TERN_STORE_INDEX_H

#include "store/store-int.h"

enum index_result {
	INDEX_NEW,	 /* a new message */
	INDEX_DUPLICATE, /* another file of a known Message-ID */
	INDEX_NOT_MAIL,	 /* notmuch says the file is not a message */
};

/*
 * Index the file at path, which must already be in a folder under the
 * store's root. A new message gets "inbox" when inbox is set; every file
 * gets its flag tags from its name (unread for no S). Sets *res_r.
 * Returns 0 or -1 with err set. Call inside an atomic section.
 */
int index_add(struct store *store, const char *path, int inbox,
    enum index_result *res_r, struct err *err);
/* Whether path is in the index: 1, 0, or -1 with err set. */
int index_has_file(struct store *store, const char *path, struct err *err);
/*
 * Forget the file name path; the message stays while it has other files.
 * Returns 0 or -1 with err set.
 */
int index_remove(struct store *store, const char *path, struct err *err);
/*
 * A file of a message got a second name new_path (a hard link): index it
 * and forget old_path. With flags_to_tags, update the message's flag
 * tags from the new name. Returns 0 or -1.
 */
int index_rename(struct store *store, const char *old_path,
    const char *new_path, int flags_to_tags, struct err *err);
/* Whether message m carries tag: 1 or 0. */
int index_message_has_tag(notmuch_message_t *m, const char *tag);
/*
 * Give every file of message m the Maildir flags its tags call for: a
 * file to rename is hard-linked to its new name, the index switched over,
 * and the old name unlinked after the next commit. Returns 0 or -1.
 */
int index_tags_to_flags(
    struct store *store, notmuch_message_t *m, struct err *err);

#endif
