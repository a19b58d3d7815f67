/* A thread's messages, read from the store and rendered for the pager. */
#ifndef TERN_UI_THREAD_H
#define TERN_UI_THREAD_H

#include "store/store.h"
#include "ui/pager.h"
#include "util/err.h"

/*
 * Render every message of the thread thread_id in store, oldest first,
 * each as mime/render shows it, into a new pager titled subject (replacing
 * and freeing *pager_r's old one). A message file that cannot be read
 * gets a line saying why. Returns 0, or -1 with err set when the thread
 * cannot be searched. Blocks on file reads only.
 */
int thread_open(struct store *store, const char *thread_id, const char *subject,
    struct pager **pager_r, struct err *err);

#endif
