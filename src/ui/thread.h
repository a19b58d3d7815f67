/* A thread's messages, read from the store and rendered for the pager. */
#ifndef TERN_UI_THREAD_H
#define TERN_UI_THREAD_H

#include "store/store.h"
#include "ui/pager.h"
#include "ui/ui-int.h"
#include "util/err.h"

/*
 * Render every message of the thread thread_id in ui's store, oldest
 * first, as mime/render shows it with the header fields of ui->cfg, into
 * a new pager titled subject in ui->pager (freeing the old one). HTML
 * goes through the mailcap's copiousoutput viewer for text/html when
 * there is one (thread_render). A message file that cannot be read gets
 * a line saying why. Returns 0, or -1 with err set when the thread cannot
 * be searched. Blocks on file reads and HTML viewers.
 */
int thread_show(
    struct ui *ui, const char *thread_id, const char *subject, struct err *err);
/*
 * Render the pager's messages again from their files (after key h),
 * with every header field when pager_all_headers says so, else those of
 * cfg (NULL: the default ones); the message on top stays on top.
 */
void thread_render(struct pager *pager, const struct config *cfg);

#endif
