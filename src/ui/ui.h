/* The curses interface. */
#ifndef TERN_UI_UI_H
#define TERN_UI_UI_H

#include "util/config.h"
#include "util/err.h"

/* Whether standard input and output are a terminal the interface can use. */
int ui_can_start(void);
/*
 * Run the interface on the terminal until the user quits: the threads of
 * the first account's INBOX (every message when there is no account),
 * read from the store under cfg's mail_root, opened read-only and looked
 * at again every few seconds to show what a sync added. Never touches the
 * network and never takes the store's write lock. Returns 0, or -1 with
 * err set when the store or the terminal cannot be used (before the
 * screen is taken over, or after it is given back).
 */
int ui_run(const struct config *cfg, struct err *err);

#endif
