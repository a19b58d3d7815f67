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

#endif
