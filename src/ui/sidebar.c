#include <config.h>

#include <curses.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "store/search.h"
#include "ui/draw.h"
#include "ui/index.h"
#include "ui/pager.h"
#include "ui/sidebar.h"
#include "ui/theme.h"
#include "ui/width.h"
#include "util/intl.h"
#include "util/xalloc.h"

#define SIDEBAR_COLS 28	    /* its width with the border, when room */
#define SIDEBAR_DEPTH_MAX 8 /* folders nested deeper are not looked for */

enum sidebar_kind {
	SIDEBAR_ACCOUNT,
	SIDEBAR_FOLDER,
	SIDEBAR_TITLE, /* "searches": not a query */
	SIDEBAR_SEARCH,
};

struct sidebar_line {
	enum sidebar_kind kind;
	char *label;
	char *query; /* NULL for a title */
	unsigned unread, total;
	int counted;
};

struct sidebar {
	const struct config *cfg;
	struct sidebar_line *v;
	size_t n, alloc;
	size_t cursor, top;
	int shown;
};

struct sidebar *
sidebar_new(const struct config *cfg)
{
	struct sidebar *sb = xcalloc(1, sizeof *sb);

	sb->cfg = cfg;
	return sb;
}

static void
sidebar_clear(struct sidebar *sb)
{
	size_t i;

	for (i = 0; i < sb->n; i++) {
		free(sb->v[i].label);
		free(sb->v[i].query);
	}
	sb->n = 0;
}

void
sidebar_free(struct sidebar **sbp)
{
	struct sidebar *sb = *sbp;

	if (sb == NULL)
		return;
	sidebar_clear(sb);
	free(sb->v);
	free(sb);
	*sbp = NULL;
}

/* A notmuch phrase for s: in double quotes, quotes doubled. */
static void
sidebar_quote(struct buf *out, const char *s)
{
	buf_addc(out, '"');
	for (; *s != '\0'; s++) {
		if (*s == '"')
			buf_addc(out, '"');
		buf_addc(out, *s);
	}
	buf_addc(out, '"');
}

static void
sidebar_push(
    struct sidebar *sb, enum sidebar_kind kind, char *label, char *query)
{
	if (sb->n == sb->alloc) {
		sb->alloc = sb->alloc > 0 ? sb->alloc * 2 : 32;
		sb->v = xreallocarray(sb->v, sb->alloc, sizeof *sb->v);
	}
	sb->v[sb->n++] = (struct sidebar_line){
		.kind = kind, .label = label, .query = query
	};
}

/* The query of an account (every file below its folder) or of a folder. */
static char *
sidebar_query(const char *account, const char *folder)
{
	struct buf q = BUF_INIT;
	char *p;

	if (folder == NULL) {
		buf_adds(&q, "path:");
		p = xasprintf("%s/**", account);
	} else {
		buf_adds(&q, "folder:");
		p = xasprintf("%s/%s", account, folder);
	}
	sidebar_quote(&q, p);
	free(p);
	return buf_detach(&q, NULL);
}

static int
sidebar_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int
sidebar_cmp(const void *a, const void *b)
{
	const char *x = *(char *const *)a, *y = *(char *const *)b;

	/* INBOX first, then by name. */
	if (strcmp(x, "INBOX") == 0 || strcmp(y, "INBOX") == 0)
		return strcmp(y, "INBOX") == 0 ? strcmp(x, "INBOX") != 0 : -1;
	return strcmp(x, y);
}

/* Add the Maildir folders under dir (rel: its name in the account). */
static void
sidebar_walk(const char *dir, const char *rel, int depth, char ***v, size_t *n)
{
	struct dirent *de;
	char *path, *cur, *name;
	DIR *d;

	if (depth > SIDEBAR_DEPTH_MAX || (d = opendir(dir)) == NULL)
		return;
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || strcmp(de->d_name, "cur") == 0 ||
		    strcmp(de->d_name, "new") == 0 ||
		    strcmp(de->d_name, "tmp") == 0)
			continue;
		path = xasprintf("%s/%s", dir, de->d_name);
		if (!sidebar_is_dir(path)) {
			free(path);
			continue;
		}
		name = rel != NULL ? xasprintf("%s/%s", rel, de->d_name)
				   : xstrdup(de->d_name);
		cur = xasprintf("%s/cur", path);
		if (sidebar_is_dir(cur)) {
			*v = xreallocarray(*v, *n + 1, sizeof **v);
			(*v)[(*n)++] = xstrdup(name);
		}
		free(cur);
		sidebar_walk(path, name, depth + 1, v, n);
		free(name);
		free(path);
	}
	closedir(d);
}

/* An account's line and its folders' lines. */
static void
sidebar_account(struct sidebar *sb, const char *account)
{
	char *dir = xasprintf("%s/%s", sb->cfg->mail_root, account), **v = NULL;
	size_t n = 0, i;

	sidebar_push(sb, SIDEBAR_ACCOUNT, xstrdup(account),
	    sidebar_query(account, NULL));
	sidebar_walk(dir, NULL, 0, &v, &n);
	if (n > 0)
		qsort(v, n, sizeof *v, sidebar_cmp);
	for (i = 0; i < n; i++)
		sidebar_push(
		    sb, SIDEBAR_FOLDER, v[i], sidebar_query(account, v[i]));
	free(v);
	free(dir);
}

/* Whether the store has a folder for account at its top. */
static int
sidebar_has_account(const struct sidebar *sb, const char *name)
{
	size_t i;

	for (i = 0; i < sb->n; i++)
		if (sb->v[i].kind == SIDEBAR_ACCOUNT &&
		    strcmp(sb->v[i].label, name) == 0)
			return 1;
	return 0;
}

/* Accounts of the config first (in its order), then others stored. */
static void
sidebar_accounts(struct sidebar *sb)
{
	struct dirent *de;
	char *path;
	size_t i;
	DIR *d;

	for (i = 0; i < sb->cfg->naccounts; i++)
		sidebar_account(sb, sb->cfg->accounts[i].name);
	d = opendir(sb->cfg->mail_root);
	while (d != NULL && (de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.' || sidebar_has_account(sb, de->d_name))
			continue;
		path = xasprintf("%s/%s", sb->cfg->mail_root, de->d_name);
		if (sidebar_is_dir(path))
			sidebar_account(sb, de->d_name);
		free(path);
	}
	if (d != NULL)
		closedir(d);
}

static void
sidebar_count(struct sidebar_line *l, struct store *store)
{
	struct err err;
	char *q;

	l->counted = 0;
	if (l->query == NULL || store == NULL)
		return;
	q = xasprintf("tag:unread and (%s)", l->query);
	if (search_count(store, l->query, SEARCH_MESSAGES, &l->total, &err) ==
		0 &&
	    search_count(store, q, SEARCH_MESSAGES, &l->unread, &err) == 0)
		l->counted = 1;
	free(q);
}

void
sidebar_reload(struct sidebar *sb, struct store *store)
{
	char *was = NULL;
	size_t i;

	if (sb->cursor < sb->n && sb->v[sb->cursor].label != NULL)
		was = xstrdup(sb->v[sb->cursor].label);
	sidebar_clear(sb);
	sidebar_accounts(sb);
	if (sb->cfg->nsearches > 0)
		sidebar_push(sb, SIDEBAR_TITLE, xstrdup(_("searches")), NULL);
	for (i = 0; i < sb->cfg->nsearches; i++)
		sidebar_push(sb, SIDEBAR_SEARCH,
		    xstrdup(sb->cfg->searches[i].name),
		    xstrdup(sb->cfg->searches[i].query));
	for (i = 0; i < sb->n; i++)
		sidebar_count(&sb->v[i], store);
	sb->cursor = 0;
	for (i = 0; was != NULL && i < sb->n; i++)
		if (strcmp(sb->v[i].label, was) == 0) {
			sb->cursor = i;
			break;
		}
	free(was);
}

int
sidebar_cols(const struct sidebar *sb)
{
	if (sb == NULL || !sb->shown)
		return 0;
	return COLS >= 3 * SIDEBAR_COLS ? SIDEBAR_COLS : COLS / 3;
}

static void
sidebar_draw_line(
    const struct sidebar *sb, size_t i, int y, int cols, const char *current)
{
	const struct sidebar_line *l = &sb->v[i];
	char counts[48] = "";
	int attr, x, indent, w;

	attr = theme_attr(
	    l->counted && l->unread > 0 ? THEME_SIDEBAR_NEW : THEME_SIDEBAR);
	if (l->kind == SIDEBAR_ACCOUNT || l->kind == SIDEBAR_TITLE)
		attr = theme_attr(THEME_HEADER);
	if (i == sb->cursor)
		attr = theme_attr(THEME_CURSOR);
	draw_fill(y, 0, cols, attr);
	indent = l->kind == SIDEBAR_FOLDER || l->kind == SIDEBAR_SEARCH ? 2 : 0;
	x = draw_str(y, 0, 1,
	    current != NULL && l->query != NULL &&
		    strcmp(current, l->query) == 0
		? ">"
		: " ",
	    attr);
	if (l->counted && l->unread > 0)
		snprintf(counts, sizeof counts, "%u/%u", l->unread, l->total);
	else if (l->counted)
		snprintf(counts, sizeof counts, "%u", l->total);
	w = width_of(counts, strlen(counts));
	x += indent;
	draw_str(y, x, cols - x - w - 1, l->label, attr);
	if (w > 0 && cols - w > x)
		draw_str(y, cols - w, w, counts, attr);
}

void
sidebar_draw(const struct sidebar *sb, int y, int rows, const char *current)
{
	int cols = sidebar_cols(sb) - 1, r;
	size_t top = sb->top, i;

	if (cols <= 0)
		return;
	if (sb->cursor < top)
		top = sb->cursor;
	if (rows > 0 && sb->cursor >= top + (size_t)rows)
		top = sb->cursor + 1 - (size_t)rows;
	((struct sidebar *)sb)->top = top;
	for (r = 0; r < rows; r++) {
		i = top + (size_t)r;
		if (i < sb->n)
			sidebar_draw_line(sb, i, y + r, cols, current);
		else
			draw_fill(y + r, 0, cols, theme_attr(THEME_SIDEBAR));
		draw_str(y + r, cols, 1, "\u2502", theme_attr(THEME_SIDEBAR));
	}
}

void
sidebar_show(struct sidebar *sb, struct store *store)
{
	sb->shown = 1;
	sidebar_reload(sb, store);
}

/* ---- keys ---- */

static void
sidebar_cmd_toggle(struct ui *ui)
{
	struct sidebar *sb = ui->sidebar;

	sb->shown = !sb->shown;
	if (sb->shown)
		sidebar_reload(sb, ui->store);
}

/* Move the cursor by delta lines, over titles; showing the sidebar. */
static void
sidebar_move(struct ui *ui, int delta)
{
	struct sidebar *sb = ui->sidebar;
	size_t i = sb->cursor;

	if (!sb->shown) {
		sidebar_cmd_toggle(ui);
		return;
	}
	for (;;) {
		if ((delta < 0 && i == 0) || (delta > 0 && i + 1 >= sb->n))
			return; /* no other line to go to */
		i = delta < 0 ? i - 1 : i + 1;
		if (sb->v[i].kind != SIDEBAR_TITLE)
			break;
	}
	sb->cursor = i;
}

static void
sidebar_cmd_next(struct ui *ui)
{
	sidebar_move(ui, 1);
}

static void
sidebar_cmd_prev(struct ui *ui)
{
	sidebar_move(ui, -1);
}

static void
sidebar_cmd_open(struct ui *ui)
{
	struct sidebar *sb = ui->sidebar;
	struct index *ix;
	struct err err;

	if (sb->n == 0 || sb->v[sb->cursor].query == NULL) {
		ui_error(ui, "%s", _("nothing to open in the sidebar"));
		return;
	}
	if (index_new(ui->store, sb->v[sb->cursor].query, &ix, &err) < 0) {
		ui_error(ui, "%s", err.msg);
		return;
	}
	index_keep_overlay(ix, ui->index);
	index_free(&ui->index);
	ui->index = ix;
	pager_free(&ui->pager);
	pager_free(&ui->help);
}

/* clang-format off */
const struct keys_entry sidebar_keys[] = {
	{ 'B', sidebar_cmd_toggle, N_("show or hide the sidebar"),
	    "sidebar-toggle" },
	{ KEYS_CTRL('N'), sidebar_cmd_next, N_("sidebar: next folder"),
	    "sidebar-next" },
	{ KEYS_CTRL('P'), sidebar_cmd_prev, N_("sidebar: previous folder"),
	    "sidebar-previous" },
	{ KEYS_CTRL('O'), sidebar_cmd_open, N_("sidebar: open the folder"),
	    "sidebar-open" },
	{ 0, NULL, NULL, NULL },
};
/* clang-format on */
