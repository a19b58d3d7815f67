#include <config.h>

#include <curses.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "account/sync.h"
#include "account/move.h"
#include "store/outbox.h"
#include "store/search.h"
#include "ui/action.h"
#include "ui/compose.h"
#include "ui/draw.h"
#include "ui/lists.h"
#include "ui/pager.h"
#include "ui/prompt.h"
#include "ui/theme.h"
#include "util/buf.h"
#include "util/intl.h"
#include "util/xalloc.h"

enum list_kind {
	LIST_OUTBOX,
	LIST_DRAFTS,
};

struct list_item {
	char *line; /* as shown */
	char *key;  /* outbox: the entry id; drafts: the file */
	char *id;   /* drafts: the Message-ID */
	char *only; /* drafts: "ACCOUNT/FOLDER" */
};

struct list_view {
	enum list_kind kind;
	struct list_item *v;
	size_t n, cursor, top;
};

static void
lists_clear(struct list_view *lv)
{
	size_t i;

	for (i = 0; i < lv->n; i++) {
		free(lv->v[i].line);
		free(lv->v[i].key);
		free(lv->v[i].id);
		free(lv->v[i].only);
	}
	free(lv->v);
	lv->v = NULL;
	lv->n = 0;
}

void
lists_free(struct list_view **lvp)
{
	if (*lvp == NULL)
		return;
	lists_clear(*lvp);
	free(*lvp);
	*lvp = NULL;
}

static struct list_item *
lists_push(struct list_view *lv)
{
	lv->v = xreallocarray(lv->v, lv->n + 1, sizeof *lv->v);
	memset(&lv->v[lv->n], 0, sizeof *lv->v);
	return &lv->v[lv->n++];
}

static void
lists_date(char *buf, size_t size, time_t t)
{
	struct tm tm;

	if (t <= 0 || localtime_r(&t, &tm) == NULL)
		snprintf(buf, size, "%16s", "");
	else
		strftime(buf, size, "%Y-%m-%d %H:%M", &tm);
}

/* The outbox entries, oldest first, with their state. */
static void
lists_read_outbox(struct ui *ui, struct list_view *lv)
{
	struct outbox_entry *v = NULL;
	struct list_item *it;
	struct buf state = BUF_INIT;
	char when[32], next[32];
	struct err err;
	size_t n = 0, i;

	if (outbox_list(ui->cfg->mail_root, &v, &n, &err) < 0) {
		ui_error(ui, "%s", err.msg);
		return;
	}
	for (i = 0; i < n; i++) {
		buf_reset(&state);
		if (v[i].sent)
			buf_adds(&state, _("sent"));
		else if (v[i].failed)
			buf_addf(&state, _("FAILED: %s"),
			    v[i].error != NULL ? v[i].error : "");
		else if (v[i].next > time(NULL)) {
			lists_date(next, sizeof next, v[i].next);
			buf_addf(&state, _("waiting until %s"), next + 11);
			if (v[i].error != NULL)
				buf_addf(&state, ": %s", v[i].error);
		} else
			buf_adds(&state, _("to be sent"));
		lists_date(when, sizeof when, v[i].queued);
		it = lists_push(lv);
		it->key = xstrdup(v[i].id);
		it->line = xasprintf("%s  %-10.10s %-24.24s %s  [%s]", when,
		    v[i].account, v[i].to, v[i].subject, state.data);
	}
	buf_release(&state);
	outbox_free(v, n);
}

/* The messages of every account's Drafts folder, newest first. */
static void
lists_read_drafts(struct ui *ui, struct list_view *lv)
{
	struct search *s;
	struct search_item it;
	struct list_item *li;
	char when[32], *folder, *only, *q;
	struct err err;
	size_t a;

	if (ui->store == NULL)
		return;
	for (a = 0; a < ui->cfg->naccounts; a++) {
		folder = sync_role_folder(
		    &ui->cfg->accounts[a], ui->cfg->mail_root, "drafts");
		only = xasprintf("%s/%s", ui->cfg->accounts[a].name, folder);
		q = xasprintf("folder:\"%s\"", only);
		if (search_new(ui->store, q, SEARCH_MESSAGES, &s, &err) == 0) {
			while (search_next(s, &it, &err) > 0) {
				li = lists_push(lv);
				lists_date(when, sizeof when, it.date);
				li->line = xasprintf("%s  %-10.10s %s", when,
				    ui->cfg->accounts[a].name,
				    it.subject != NULL ? it.subject : "");
				li->key = xstrdup(it.path);
				li->id = xstrdup(it.id);
				li->only = xstrdup(only);
			}
			search_free(&s);
		}
		free(q);
		free(only);
		free(folder);
	}
}

void
lists_reload(struct ui *ui)
{
	struct list_view *lv = ui->list;

	if (lv == NULL)
		return;
	lists_clear(lv);
	if (lv->kind == LIST_OUTBOX)
		lists_read_outbox(ui, lv);
	else
		lists_read_drafts(ui, lv);
	if (lv->cursor >= lv->n)
		lv->cursor = lv->n > 0 ? lv->n - 1 : 0;
}

static void
lists_open(struct ui *ui, enum list_kind kind)
{
	lists_free(&ui->list);
	ui->list = xcalloc(1, sizeof *ui->list);
	ui->list->kind = kind;
	pager_free(&ui->help);
	lists_reload(ui);
}

void
lists_outbox(struct ui *ui)
{
	lists_open(ui, LIST_OUTBOX);
}

void
lists_drafts(struct ui *ui)
{
	lists_open(ui, LIST_DRAFTS);
}

const char *
lists_title(const struct list_view *lv)
{
	return lv->kind == LIST_OUTBOX ? _("outbox") : _("drafts");
}

void
lists_draw(struct list_view *lv, int y, int rows)
{
	int r, attr;
	size_t i;

	if (lv->n == 0) {
		draw_str(y, 0, draw_cols(),
		    lv->kind == LIST_OUTBOX ? _("The outbox is empty.")
					    : _("There is no draft."),
		    theme_attr(THEME_NORMAL));
		return;
	}
	if (lv->cursor < lv->top)
		lv->top = lv->cursor;
	if (rows > 0 && lv->cursor >= lv->top + (size_t)rows)
		lv->top = lv->cursor + 1 - (size_t)rows;
	for (r = 0; r < rows && lv->top + (size_t)r < lv->n; r++) {
		i = lv->top + (size_t)r;
		attr =
		    theme_attr(i == lv->cursor ? THEME_CURSOR : THEME_NORMAL);
		draw_fill(y + r, 0, draw_cols(), attr);
		draw_str(y + r, 0, draw_cols(), lv->v[i].line, attr);
	}
}

/* ---- keys ---- */

static struct list_item *
lists_current(struct ui *ui)
{
	if (ui->list->n == 0) {
		ui_error(ui, "%s", _("the list is empty"));
		return NULL;
	}
	return &ui->list->v[ui->list->cursor];
}

static void
lists_cmd_down(struct ui *ui)
{
	if (ui->list->cursor + 1 < ui->list->n)
		ui->list->cursor++;
}

static void
lists_cmd_up(struct ui *ui)
{
	if (ui->list->cursor > 0)
		ui->list->cursor--;
}

static void
lists_cmd_close(struct ui *ui)
{
	lists_free(&ui->list);
}

static void
lists_cmd_open(struct ui *ui)
{
	struct list_item *it = lists_current(ui);

	if (it == NULL)
		return;
	if (ui->list->kind == LIST_OUTBOX)
		compose_outbox(ui, it->key);
	else
		compose_resume(ui, it->key, it->id, it->only);
	if (ui->compose != NULL)
		lists_free(&ui->list);
}

/* The outbox entry under the cursor, from a fresh listing. */
static int
lists_entry(
    struct ui *ui, struct outbox_entry **v, size_t *n, struct outbox_entry **e)
{
	struct list_item *it = lists_current(ui);
	struct err err;

	if (it == NULL)
		return -1;
	if (outbox_list(ui->cfg->mail_root, v, n, &err) < 0) {
		ui_error(ui, "%s", err.msg);
		return -1;
	}
	*e = outbox_find(*v, *n, it->key);
	if (*e == NULL) {
		ui_error(ui, _("message %s has left the outbox"), it->key);
		outbox_free(*v, *n);
		return -1;
	}
	return 0;
}

static void
lists_cmd_retry(struct ui *ui)
{
	struct outbox_entry *v = NULL, *e;
	struct err err;
	size_t n = 0;

	if (lists_entry(ui, &v, &n, &e) < 0)
		return;
	if (outbox_retry(ui->cfg->mail_root, e, &err) < 0)
		ui_error(ui, "%s", err.msg);
	else {
		ui_sending(ui, e->id, e->subject);
		ui_worker_wake(ui, e->account);
	}
	outbox_free(v, n);
	lists_reload(ui);
}

static void
lists_cmd_drop(struct ui *ui)
{
	struct outbox_entry *v = NULL, *e;
	struct list_item *it;
	struct move_spec spec = { .kind = MOVE_EXPUNGE };
	struct err err;
	size_t n = 0;
	char *q;

	if (ui->list->kind == LIST_DRAFTS) {
		if ((it = lists_current(ui)) == NULL ||
		    ui_confirm(ui, _("Delete this draft for good?")) != 1)
			return;
		spec.only = &it->only;
		spec.nonly = 1;
		q = actions_id_query(&it->id, 1);
		actions_move(ui->actions, q, &spec);
		free(q);
		lists_reload(ui);
		return;
	}
	if (lists_entry(ui, &v, &n, &e) < 0)
		return;
	if (ui_confirm(ui, _("Drop this message from the outbox, unsent?")) ==
		1 &&
	    outbox_remove(ui->cfg->mail_root, e, &err) < 0)
		ui_error(ui, "%s", err.msg);
	outbox_free(v, n);
	lists_reload(ui);
}

/* clang-format off */
const struct keys_entry outbox_keys[] = {
	{ 'j', lists_cmd_down, N_("next message"), "next" },
	{ KEYS_FN(KEY_DOWN), lists_cmd_down, NULL, NULL },
	{ 'k', lists_cmd_up, N_("previous message"), "previous" },
	{ KEYS_FN(KEY_UP), lists_cmd_up, NULL, NULL },
	{ '\n', lists_cmd_open, N_("open it to change and send again"),
	    "open" },
	{ '\r', lists_cmd_open, NULL, NULL },
	{ KEYS_FN(KEY_ENTER), lists_cmd_open, NULL, NULL },
	{ 'e', lists_cmd_open, NULL, NULL },
	{ 'r', lists_cmd_retry, N_("try to send it now"), "retry" },
	{ 'd', lists_cmd_drop, N_("drop it, unsent"), "drop" },
	{ 'q', lists_cmd_close, N_("back"), "close" },
	{ '?', ui_cmd_help, N_("show these keys"), "help" },
	{ KEYS_CTRL('L'), ui_cmd_redraw, N_("redraw the screen"), "redraw" },
	{ 0, NULL, NULL, NULL },
};

const struct keys_entry drafts_keys[] = {
	{ 'j', lists_cmd_down, N_("next draft"), "next" },
	{ KEYS_FN(KEY_DOWN), lists_cmd_down, NULL, NULL },
	{ 'k', lists_cmd_up, N_("previous draft"), "previous" },
	{ KEYS_FN(KEY_UP), lists_cmd_up, NULL, NULL },
	{ '\n', lists_cmd_open, N_("go on writing it"), "open" },
	{ '\r', lists_cmd_open, NULL, NULL },
	{ KEYS_FN(KEY_ENTER), lists_cmd_open, NULL, NULL },
	{ 'd', lists_cmd_drop, N_("delete it"), "delete" },
	{ 'q', lists_cmd_close, N_("back"), "close" },
	{ '?', ui_cmd_help, N_("show these keys"), "help" },
	{ KEYS_CTRL('L'), ui_cmd_redraw, N_("redraw the screen"), "redraw" },
	{ 0, NULL, NULL, NULL },
};
/* clang-format on */

const struct keys_entry *
lists_keys(const struct list_view *lv)
{
	return lv->kind == LIST_OUTBOX ? outbox_keys : drafts_keys;
}
