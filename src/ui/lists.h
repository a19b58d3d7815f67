/*
 * Two lists the compose screen works with: the outbox (messages waiting
 * to be sent, or refused: open one to fix and send again, retry it now,
 * drop it) and the postponed drafts of every account (open one to go on
 * writing it, or delete it). Each is a view over the index, like the
 * pager.
 */
#ifndef TERN_UI_LISTS_H
#define TERN_UI_LISTS_H

#include "ui/ui-int.h"

/* Open the outbox view (ui->list). */
void lists_outbox(struct ui *ui);
/* Open the drafts view (ui->list). */
void lists_drafts(struct ui *ui);
/* Read the list's source again (the outbox changed, a sync ended). */
void lists_reload(struct ui *ui);
void lists_free(struct list_view **lv);
void lists_draw(struct list_view *lv, int y, int rows);
const char *lists_title(const struct list_view *lv);
/* The keys of the two lists. */
extern const struct keys_entry outbox_keys[];
extern const struct keys_entry drafts_keys[];
/* The key table of the list shown. */
const struct keys_entry *lists_keys(const struct list_view *lv);

#endif
