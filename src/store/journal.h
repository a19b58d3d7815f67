/*
 * The action journal: local changes to messages that the server holds
 * too, kept until the account's sync has made them on the server.
 *
 * Every change the store makes to a file that carries a server UID (a
 * ",U=N" name, see maildir.h) records itself here: a flag change, a move
 * to another folder, a removal. The record is written before the file
 * changes and made durable before the index commit that makes the change
 * visible, so a change the user can see is never lost, offline or after a
 * crash. The sync engine replays the records in order and then drops
 * them; it turns recording off while it applies the server's own changes
 * (store_journal).
 *
 * File: mail_root/.tern/journal/ACCOUNT.journal, one record per line,
 * fields separated by tabs (folder names hold no control characters):
 *
 *   F FOLDER UID ADDED REMOVED   Maildir flag letters added and removed
 *   M FOLDER UID DEST NAME       moved to folder DEST, now called NAME
 *                                there (base name, without ",U=")
 *   X FOLDER UID                 removed for good
 *   A FOLDER 0 NAME -            a new local file called NAME there
 *                                (a sent message's copy) to upload
 *
 * FOLDER and DEST are relative to the account ("INBOX", "Lists/dev"). A
 * last line without its newline was torn by a crash and is ignored.
 */
#ifndef TERN_STORE_JOURNAL_H
#define TERN_STORE_JOURNAL_H

#include <stddef.h>
#include <stdint.h>

#include "store/store.h"
#include "util/err.h"

enum journal_op {
	JOURNAL_FLAGS = 'F',
	JOURNAL_MOVE = 'M',
	JOURNAL_EXPUNGE = 'X',
	JOURNAL_APPEND = 'A',
};

struct journal_rec {
	char op;
	char *folder;
	uint32_t uid;
	char *a; /* F: added letters; M: destination folder; A: base name */
	char *b; /* F: removed letters; M: the file's new base name */
};

struct journal {
	struct journal_rec *v;
	size_t n;
};

/*
 * Load the journal of account (empty when there is none). Returns 0, or
 * -1 with err set when it cannot be read or a line is not a record
 * (naming the file and line).
 */
int journal_load(const char *mail_root, const char *account, struct journal *j,
    struct err *err);

/*
 * Replace the journal of account by its records v[from..n), atomically
 * and durably (removing the file when none are left). Returns 0 or -1.
 */
int journal_keep(const char *mail_root, const char *account,
    const struct journal *j, size_t from, struct err *err);

/* Free the records. */
void journal_release(struct journal *j);

/*
 * Record that the new file called base (no UID yet) in folder of account
 * (relative to the account) is to be uploaded by the next sync. Made
 * durable by the next store_commit, like the store's own records.
 */
int journal_note_append(struct store *store, const char *account,
    const char *folder, const char *base, struct err *err);

/* Whether the store records changes (1, the default) or not (0). */
void store_journal(struct store *store, int on);

#endif
