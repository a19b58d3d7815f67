/*
 * A thread in the pager: its message files, found through the store,
 * rendered one after the other with the header fields the user chose.
 * HTML parts go through the user's mailcap viewer for text/html (one with
 * copiousoutput) when there is one, on a private temporary file, with a
 * time limit; the built-in converter does the rest.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "mime/charset.h"
#include "mime/render.h"
#include "store/search.h"
#include "ui/mailcap.h"
#include "ui/thread.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/intl.h"
#include "util/xalloc.h"

#define THREAD_MAX_FILE ((size_t)256 << 20) /* as tern show */

/* The mailcap viewer for HTML, looked up at the first HTML part. */
struct thread_html {
	int looked;
	struct mailcap_entry *entry; /* NULL: none, use the built-in one */
};

/* Run the viewer e on html[0..len); its output, as UTF-8, into out. */
static int
thread_html_run(const struct mailcap_entry *e, const char *html, size_t len,
    struct buf *out, struct err *err)
{
	/* The part is UTF-8 now, whatever its own <meta> says. */
	static const char meta[] = "<meta http-equiv=\"Content-Type\" "
				   "content=\"text/html; charset=utf-8\">\n";
	struct buf doc = BUF_INIT, raw = BUF_INIT;
	char *name = mailcap_file_name(e, "part.html"), *path = NULL;
	char *cmd = NULL;
	int rc = -1;

	buf_add(&doc, meta, sizeof meta - 1);
	buf_add(&doc, html, len);
	if (mailcap_temp(name, doc.data, doc.len, &path, err) == 0 &&
	    (cmd = mailcap_expand(e->command, "text/html", path, err)) !=
		NULL &&
	    mailcap_capture(cmd, mailcap_uses_file(e->command) ? NULL : path,
		MAILCAP_MAX_OUTPUT, MAILCAP_TIMEOUT, &raw, err) == 0) {
		charset_to_utf8(NULL, raw.data, raw.len, out);
		rc = 0;
	}
	if (rc < 0)
		err_prefix(err, _("the HTML viewer at %s"), e->where);
	mailcap_temp_remove(&path);
	free(cmd);
	free(name);
	buf_release(&doc);
	buf_release(&raw);
	return rc;
}

/* render_html_fn: through the mailcap's viewer, or declined. */
static int
thread_html(
    void *arg, const char *html, size_t len, struct buf *out, struct err *err)
{
	struct thread_html *th = arg;

	if (!th->looked) {
		th->looked = 1;
		mailcap_find("text/html", MAILCAP_COPIOUS, &th->entry, NULL);
	}
	if (th->entry == NULL)
		return 1;
	return thread_html_run(th->entry, html, len, out, err);
}

/* Append the message in the file at path to the pager, marked. */
static void
thread_add_message(
    struct pager *p, const char *path, const struct render_view *view)
{
	struct buf data = BUF_INIT, out = BUF_INIT;
	struct err err;

	if (pager_messages(p) > 0)
		pager_add(p, "\n", 1, 0);
	pager_mark(p, path);
	if (file_read(path, &data, THREAD_MAX_FILE, &err) < 0 ||
	    render_message_view(data.data, data.len, NULL, view, &out, &err) <
		0) {
		buf_reset(&out);
		buf_addf(&out, "[-- %s --]\n", err.msg);
		pager_add(p, out.data, out.len, 0);
	} else {
		pager_add(p, out.data, out.len, 1);
	}
	buf_release(&data);
	buf_release(&out);
}

/* Add the messages in the files paths[0..n) as cfg and p say. */
static void
thread_fill(
    struct pager *p, char *const *paths, size_t n, const struct config *cfg)
{
	struct thread_html th = { 0 };
	struct render_view view = { .html = thread_html, .html_arg = &th };
	size_t i;

	view.all_headers = pager_all_headers(p);
	if (cfg != NULL && cfg->headers != NULL) {
		view.headers = cfg->headers;
		view.nheaders = cfg->nheaders;
	}
	for (i = 0; i < n; i++)
		thread_add_message(p, paths[i], &view);
	mailcap_entry_free(&th.entry);
}

static void
thread_free_paths(char **paths, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
}

void
thread_render(struct pager *p, const struct config *cfg)
{
	size_t n = pager_messages(p), top = pager_message_at_top(p), i;
	char **paths = xreallocarray(NULL, n + 1, sizeof *paths);

	for (i = 0; i < n; i++)
		paths[i] = xstrdup(pager_message_path(p, i));
	pager_reset(p);
	thread_fill(p, paths, n, cfg);
	pager_show_message(p, top);
	thread_free_paths(paths, n);
}

/* The files of the thread's messages, oldest first; 0 or -1 with err. */
static int
thread_paths(struct store *store, const char *thread_id, char ***paths_r,
    size_t *n_r, struct err *err)
{
	struct search *s;
	struct search_item it;
	char *query, **paths = NULL;
	size_t n = 0;
	int r;

	if (store == NULL)
		return err_set(
		    err, ERR_FINAL, "%s", _("the mail store is empty"));
	query = xasprintf("thread:%s", thread_id);
	r = search_new_sorted(store, query, SEARCH_MESSAGES, 1, &s, err);
	free(query);
	if (r < 0)
		return -1;
	while ((r = search_next(s, &it, err)) > 0) {
		paths = xreallocarray(paths, n + 1, sizeof *paths);
		paths[n++] = xstrdup(it.path);
	}
	search_free(&s);
	if (r == 0 && n == 0) /* a sync removed it since the index was read */
		r = err_set(err, ERR_FINAL, "%s",
		    _("this thread is no longer in the store"));
	if (r < 0) {
		thread_free_paths(paths, n);
		return -1;
	}
	*paths_r = paths;
	*n_r = n;
	return 0;
}

/* The thread into *pager_r (cfg NULL: the default header fields). */
static int
thread_load(struct store *store, const struct config *cfg,
    const char *thread_id, const char *subject, struct pager **pager_r,
    struct err *err)
{
	struct pager *p;
	char **paths = NULL;
	size_t n = 0;

	if (thread_paths(store, thread_id, &paths, &n, err) < 0)
		return -1;
	p = pager_new(subject);
	thread_fill(p, paths, n, cfg);
	thread_free_paths(paths, n);
	pager_free(pager_r);
	*pager_r = p;
	return 0;
}

int
thread_show(
    struct ui *ui, const char *thread_id, const char *subject, struct err *err)
{
	return thread_load(
	    ui->store, ui->cfg, thread_id, subject, &ui->pager, err);
}
