#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "mime/render.h"
#include "store/search.h"
#include "ui/thread.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/intl.h"
#include "util/xalloc.h"

#define THREAD_MAX_FILE ((size_t)256 << 20) /* as tern show */

/* Append the message in the file at path to the pager. */
static void
thread_add_message(struct pager *p, const char *path, int n)
{
	struct buf data = BUF_INIT, out = BUF_INIT;
	struct err err;

	if (n > 1)
		pager_add(p, "\n", 1, 0);
	if (file_read(path, &data, THREAD_MAX_FILE, &err) < 0 ||
	    render_message(data.data, data.len, NULL, &out, &err) < 0) {
		buf_reset(&out);
		buf_addf(&out, "[-- %s --]\n", err.msg);
		pager_add(p, out.data, out.len, 0);
	} else {
		pager_add(p, out.data, out.len, 1);
	}
	buf_release(&data);
	buf_release(&out);
}

int
thread_open(struct store *store, const char *thread_id, const char *subject,
    struct pager **pager_r, struct err *err)
{
	struct search *s;
	struct search_item it;
	struct pager *p;
	char *query;
	int r, n = 0;

	if (store == NULL)
		return err_set(
		    err, ERR_FINAL, "%s", _("the mail store is empty"));
	query = xasprintf("thread:%s", thread_id);
	r = search_new_sorted(store, query, SEARCH_MESSAGES, 1, &s, err);
	free(query);
	if (r < 0)
		return -1;
	p = pager_new(subject);
	while ((r = search_next(s, &it, err)) > 0)
		thread_add_message(p, it.path, ++n);
	search_free(&s);
	if (r == 0 && n == 0) /* a sync removed it since the index was read */
		r = err_set(err, ERR_FINAL, "%s",
		    _("this thread is no longer in the store"));
	if (r < 0) {
		pager_free(&p);
		return -1;
	}
	pager_free(pager_r);
	*pager_r = p;
	return 0;
}
