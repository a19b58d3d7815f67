/*
 * The index view: one line per thread matching a query, newest first
 * (or oldest first; or one line per message, threads expanded). Threads
 * are read from the store as the view needs them (the screen shown, the
 * cursor moved), so a large result opens as fast as a small one.
 * Counting threads costs as much as reading them all, so the status
 * gives the threads read so far and the number of messages.
 *
 * The user's changes (tags, moves, deletions) go to the writer of
 * action.h and show at once: the index keeps an overlay of the changes
 * not yet written (tags added and removed, threads moved away hidden,
 * threads brought back by an undo shown) on top of what the store says,
 * until the reload after the writer took them (index_overlay_done).
 */
#ifndef TERN_UI_INDEX_H
#define TERN_UI_INDEX_H

#include <stddef.h>

#include "store/store.h"
#include "util/err.h"

struct index;

/*
 * Start an index of the threads matching query in store (NULL: an empty
 * store, nothing to show). Returns 0 with a new index in *index_r (free
 * with index_free), or -1 with err set (a bad query: notmuch's words).
 * Reads no thread yet.
 */
int index_new(struct store *store, const char *query, struct index **index_r,
    struct err *err);
/* Free the index; accepts NULL, leaves NULL. */
void index_free(struct index **index);
/*
 * Run the query again on store (after it changed, or once it exists),
 * keeping the cursor on the thread it was on when that is still there.
 * Returns 0, or -1 with err set (the old results are gone either way).
 */
int index_reload(struct index *index, struct store *store, struct err *err);
/* The query (owned by the index). */
const char *index_query(const struct index *index);
/* Whether no thread matches (reads the first one if needed). */
int index_empty(struct index *index);
/*
 * The first error met while reading threads, or NULL; reading stops at
 * it. Owned by the index.
 */
const char *index_error(const struct index *index);
/* Draw rows lines of the index from screen row y. */
void index_draw(struct index *index, int y, int rows);
/*
 * The position for the status bar, in buf: "N/M" (thread N of M), or
 * "N/M+" while more threads may follow the M read so far; with longer
 * set and the messages counted, "K messages  " before it.
 */
void index_position(
    const struct index *index, int longer, char *buf, size_t size);
/* Count the messages (fast), if not yet done (see index_position). */
void index_count(struct index *index);
/* Whether the messages still have to be counted. */
int index_needs_count(const struct index *index);
/* The thread under the cursor: its id and subject (owned), or NULL. */
const char *index_thread(const struct index *index, const char **subject_r);
/*
 * The change numbered seq (action.h) was written, or failed: its part of
 * the overlay goes, the store shows it now (after store_refresh). Returns
 * 1 when the index must be read again (index_reload): a move that failed
 * took rows out of the view.
 */
int index_overlay_done(struct index *index, unsigned long seq, int failed);
/*
 * Hand from's overlay (the changes not yet written) and its undo list
 * over to to, when one index replaces another; from keeps neither.
 */
void index_keep_overlay(struct index *to, struct index *from);

#endif
