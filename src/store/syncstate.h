/*
 * Per-folder sync state: a small set of key = value strings that the
 * account layer keeps for one folder (IMAP: uidvalidity, highestmodseq,
 * uidnext; POP3: the UIDL of every message kept). It lives in
 * mail_root/.tern/state/ACCOUNT/FOLDER.state, outside the Maildir, and is
 * replaced atomically and durably on every save.
 *
 * File format: a first line "tern-syncstate 1", then one "key=value" line
 * per entry, sorted by key. In keys and values, '%', '=', and bytes below
 * 0x21 or above 0x7e are written as %XX, so any string survives. A file
 * that breaks these rules is reported as corrupt, naming it; it is never
 * replaced silently.
 */
#ifndef TERN_STORE_SYNCSTATE_H
#define TERN_STORE_SYNCSTATE_H

#include <stddef.h>

#include "util/buf.h"
#include "util/err.h"

struct syncstate_entry {
	char *key;
	char *value;
};

struct syncstate {
	struct syncstate_entry *entries; /* sorted by key */
	size_t n;
	size_t alloc;
};

/* An empty state; release with syncstate_release(). */
void syncstate_init(struct syncstate *ss);
/* Free every entry; the state is empty and usable again. */
void syncstate_release(struct syncstate *ss);
/*
 * The file that holds the state of folder ("ACCOUNT/FOLDER") under
 * mail_root, as a new string.
 */
char *syncstate_path(const char *mail_root, const char *folder);
/*
 * Load the state of folder into ss (emptied first). A missing file is an
 * empty state. Returns 0, or -1 with err set (unreadable or corrupt,
 * naming the file). Blocks on disk I/O.
 */
int syncstate_load(struct syncstate *ss, const char *mail_root,
    const char *folder, struct err *err);
/*
 * Save ss as the state of folder, atomically and durably (creating the
 * folders it needs). Returns 0, or -1 with err set (the old file is then
 * untouched). Blocks on disk I/O.
 */
int syncstate_save(const struct syncstate *ss, const char *mail_root,
    const char *folder, struct err *err);
/* The value of key, or NULL (borrowed from ss). */
const char *syncstate_get(const struct syncstate *ss, const char *key);
/* Set key to value (both copied), replacing an old value. */
void syncstate_set(struct syncstate *ss, const char *key, const char *value);
/* Remove key; 1 when it was there, else 0. */
int syncstate_del(struct syncstate *ss, const char *key);
/*
 * Parse the text of a state file (name is for messages only) into ss.
 * Returns 0, or -1 with err set when the text is corrupt.
 */
int syncstate_parse(struct syncstate *ss, const char *text, size_t len,
    const char *name, struct err *err);
/* Append the file form of ss to out. */
void syncstate_format(const struct syncstate *ss, struct buf *out);

#endif
