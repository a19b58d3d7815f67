/* The curses interface. */
#ifndef TERN_UI_UI_H
#define TERN_UI_UI_H

#include "util/config.h"
#include "util/err.h"

/* Whether standard input and output are a terminal the interface can use. */
int ui_can_start(void);
struct ui_opts {
	int offline; /* start no background sync */
};

/*
 * Run the interface on the terminal until the user quits: the threads of
 * the first account's INBOX (every message when there is no account),
 * read from the store under cfg's mail_root, opened read-only and looked
 * at again every few seconds to show what a sync added. The screen never
 * waits on the network or the store's write lock: one background process
 * per account syncs it (see worker.h), and the user's changes are written
 * by a thread of their own (action.h). Returns 0, or -1 with err set when
 * the configuration, the store or the terminal cannot be used (before
 * the screen is taken over, or after it is given back).
 */
int ui_run(
    const struct config *cfg, const struct ui_opts *opts, struct err *err);

/*
 * Check what the interface reads from cfg (the views, keys and actions
 * of bind lines, the elements, colours and attributes of color lines).
 * Returns 0, or -1 with err naming the file and line of the first bad
 * one.
 */
int ui_check_config(const struct config *cfg, struct err *err);

#endif
