/*
 * Importing mail the user already has into the store: Maildir folders,
 * mbox files and folders of single-message files, found recursively.
 *
 * Destination: the account given (the CLI's default is "local"), one
 * folder per source. A path given on the command line is named by its
 * base name ("work.mbox" becomes folder "work"); what is found below a
 * directory given is named by its path relative to that directory, so
 * nested folders are kept ("Lists/dev"), and the directory's own loose
 * message files go to a folder named after the directory itself (a
 * file's extension .mbox, .mbx, .eml, .msg or .txt is dropped). Inside a
 * Maildir, Maildir++ sub-folders (".Lists.dev") become its siblings named
 * by their dotted path ("Lists/dev"); other sub-folders nest below it.
 * Leading dots are dropped from folder names, a folder named cur, new or
 * tmp gets a trailing '_', and a first component spelled "inbox" in any
 * case becomes "INBOX" (and its new messages get the inbox tag).
 *
 * What counts as what: a directory with cur/ and new/ is a Maildir (its
 * other files are the old client's metadata and are ignored; flags come
 * from the ":2," suffix); a file whose first line starts with "From " is
 * an mbox (see mbox.h), but one holding a single message is treated as a
 * single-message file; any other file whose first line is a header field
 * is a message. Other files, and messages without a From, To or Subject
 * field (notmuch cannot index them), are reported as skipped. A UTF-8
 * byte-order mark and blank lines before the header are dropped (see
 * rawmsg.h); otherwise message bytes are stored as they are. Dot-files
 * and dot-folders outside a Maildir are ignored, and so are symbolic
 * links to folders.
 *
 * Deduplication: a message's file is named after the SHA-256 of its
 * bytes, so importing the same source again finds every message already
 * present and adds nothing. A file found present but missing from the
 * index (a crash between delivery and indexing) is indexed, not copied.
 */
#ifndef TERN_STORE_IMPORT_H
#define TERN_STORE_IMPORT_H

#include "store/store.h"
#include "util/err.h"

struct import;

struct import_stats {
	unsigned long imported; /* new files in the store */
	unsigned long present;	/* found already in the store */
	unsigned long skipped;	/* not mail */
	unsigned long failed;	/* could not be read */
};

/*
 * Reports while importing. skip: a file (or mbox message) that is not
 * mail or could not be read, with why. progress: after every batch.
 * Either may be NULL.
 */
struct import_hooks {
	void (*skip)(void *arg, const char *origin, const char *why);
	void (*progress)(void *arg, const struct import_stats *stats);
	void *arg;
};

/*
 * A new import into account (a valid top-level folder name) of store,
 * which must be open STORE_WRITE. Free with import_free.
 */
struct import *import_new(
    struct store *store, const char *account, const struct import_hooks *hooks);
/*
 * Import everything at path (a file or a directory, walked recursively).
 * Unreadable and non-mail files are reported and counted, not errors.
 * Returns 0, or -1 with err set when the import cannot go on (disk full,
 * store not writable, path inside the store); what was delivered before
 * is then committed and intact. Blocks on disk I/O.
 */
int import_path(struct import *imp, const char *path, struct err *err);
/* Commit what is pending. Returns 0 or -1 with err set. */
int import_finish(struct import *imp, struct err *err);
/* The counters so far (owned by imp). */
const struct import_stats *import_stats(const struct import *imp);
/* Free imp, dropping what was not committed; NULL is fine. */
void import_free(struct import **imp);

#endif
