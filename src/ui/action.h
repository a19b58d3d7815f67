/*
 * The user's changes to messages (tags, flags, moves, deletions) made
 * from the interface. Each goes through the store and the account's
 * action journal (store/journal.h), so it is applied locally and replayed
 * to the server by the account's sync. The store's write lock may be held
 * by a sync for a while, so the writing happens on a thread of its own:
 * the interface never waits for it, and shows the change at once.
 */
#ifndef TERN_UI_ACTION_H
#define TERN_UI_ACTION_H

#include <stddef.h>

#include "account/move.h"
#include "store/tag.h"
#include "ui/ui-int.h"
#include "util/config.h"

/* A writer for the store under cfg's mail_root; free with actions_free. */
struct actions *actions_new(const struct config *cfg);
/*
 * Wait for every change still to be written (quitting), then free;
 * accepts NULL, leaves NULL.
 */
void actions_free(struct actions **actions);
/*
 * The file descriptor to poll: readable when a change was written (or
 * failed). -1 while there is none.
 */
int actions_fd(const struct actions *actions);
/*
 * Take the results of the changes written since the last call: errors
 * go to the message line, the accounts changed are woken
 * (ui_worker_wake). Returns 1 when the store changed (the views must be
 * read again), else 0.
 */
int actions_collect(struct ui *ui);
/* How many changes wait to be written. */
size_t actions_pending(const struct actions *actions);

/*
 * Queueing. Each change gets a number (from 1 up, in the order queued),
 * and the writer applies them in that order, so a later change sees the
 * earlier ones. None of these blocks: the change is written as soon as
 * the writer gets the store (see actions_collect for the outcome).
 */

/*
 * Queue the tag changes (copied) on every message matching query
 * (usually actions_id_query). Returns the change's number.
 */
unsigned long actions_tag(struct actions *actions, const char *query,
    const struct tag_change *changes, size_t n);
/*
 * Queue a move, a deletion or an expunge (move_run) of the files of the
 * messages matching query; spec is copied. Returns the change's number.
 */
unsigned long actions_move(
    struct actions *actions, const char *query, const struct move_spec *spec);
/*
 * Queue the undoing of change seq: the inverse tag changes on the same
 * messages, or each moved file moved back to the folder it came from. A
 * file removed for good cannot come back: that is reported as an error.
 * Returns the undoing's own number.
 */
unsigned long actions_undo(struct actions *actions, unsigned long seq);
/*
 * The number of the last change whose outcome actions_collect took:
 * every change up to it is in the store (or failed and was reported).
 */
unsigned long actions_done(const struct actions *actions);
/*
 * Queue a new message, data[0..len) (copied), for the folder with role
 * ("drafts", "sent", see sync_role_folder) of account, with the Maildir
 * flags flags (NULL: none, delivered to new/); on an IMAP account it is
 * journalled for upload (keep_in_role). It cannot be undone. Returns the
 * change's number.
 */
unsigned long actions_store(struct actions *actions, const char *account,
    const char *role, const char *data, size_t len, const char *flags);
/*
 * A query for exactly the messages with the Message-IDs ids[0..n):
 * "id:\"A\" or id:\"B\"", quotes inside doubled. New string.
 */
char *actions_id_query(char *const *ids, size_t n);

#endif
