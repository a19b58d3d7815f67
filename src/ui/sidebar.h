/*
 * The sidebar: on the left of the index, each account of the store with
 * its folders, then the saved searches of the config ([search NAME]),
 * each with its unread and total message counts. The folders are the
 * Maildir folders found under the mail root (so an account that exists
 * only in the store, such as one made by tern import, is listed too);
 * counting is a notmuch count per line, redone when the store changed.
 *
 * Keys, in every view: B shows or hides it, ^N and ^P move its cursor,
 * ^O opens the line under it in the index.
 */
#ifndef TERN_UI_SIDEBAR_H
#define TERN_UI_SIDEBAR_H

#include "store/store.h"
#include "ui/ui-int.h"
#include "util/config.h"

/* A hidden sidebar over cfg's accounts and searches. */
struct sidebar *sidebar_new(const struct config *cfg);
/* Free the sidebar; accepts NULL, leaves NULL. */
void sidebar_free(struct sidebar **sb);
/* List the folders and count again (store NULL: nothing stored yet). */
void sidebar_reload(struct sidebar *sb, struct store *store);
/* Show it (as [ui] sidebar = yes does at start). */
void sidebar_show(struct sidebar *sb, struct store *store);
/* Columns it takes on screen with its border; 0 while hidden. */
int sidebar_cols(const struct sidebar *sb);
/*
 * Draw rows rows from screen row y, at the left; the line whose query is
 * current (the index's) is shown as the open one.
 */
void sidebar_draw(
    const struct sidebar *sb, int y, int rows, const char *current);

/* The sidebar's keys, looked up after the view's own. */
extern const struct keys_entry sidebar_keys[];

#endif
