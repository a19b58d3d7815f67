/*
 * Moving, deleting and expunging message files by query: the core of
 * tern move and tern delete, shared with the interface's writer. The
 * paths are read first and changed after, so the search is not walked
 * while the index under it changes.
 */
#include <config.h>

#include <stdlib.h>
#include <string.h>

#include "account/move.h"
#include "account/sync.h"
#include "store/mailfile.h"
#include "store/search.h"
#include "util/xalloc.h"

/* Whether the file in folder ("ACCOUNT/F") is one the job may touch. */
static int
move_wanted(const struct move_spec *spec, const char *folder)
{
	size_t i;

	if (spec->nonly == 0)
		return 1;
	for (i = 0; i < spec->nonly; i++)
		if (strcmp(spec->only[i], folder) == 0)
			return 1;
	return 0;
}

/* The folder with role of account, "ACCOUNT/FOLDER": a new string. */
static char *
move_role_of(const struct config *cfg, const char *account, const char *role)
{
	const struct config_account *a = config_account(cfg, account);
	char *t, *rel;

	if (a != NULL)
		t = sync_role_folder(a, cfg->mail_root, role);
	else { /* not an account of the config: the usual name */
		t = xstrdup(role);
		if (t[0] >= 'a' && t[0] <= 'z')
			t[0] = (char)(t[0] - 'a' + 'A');
	}
	rel = xasprintf("%s/%s", account, t);

	free(t);
	return rel;
}

char *
move_trash_of(const struct config *cfg, const char *account)
{
	return move_role_of(cfg, account, "trash");
}

static void
move_note(struct move_result *res, const char *id, const char *account,
    const char *from, const char *to)
{
	struct move_file *f;

	res->v = xreallocarray(res->v, res->n + 1, sizeof *res->v);
	f = &res->v[res->n++];
	f->id = xstrdup(id);
	f->account = xstrdup(account);
	f->from = xstrdup(from);
	f->to = to != NULL ? xstrdup(to + strlen(account) + 1) : NULL;
}

/* The destination of a file in folder of account; NULL: remove it. */
static char *
move_dest(
    const struct config *cfg, const struct move_spec *spec, const char *account)
{
	if (spec->kind == MOVE_FOLDER)
		return xasprintf("%s/%s", account, spec->folder);
	if (spec->kind == MOVE_TRASH)
		return move_trash_of(cfg, account);
	if (spec->kind == MOVE_ROLE)
		return move_role_of(cfg, account, spec->folder);
	return NULL;
}

/* Change the file at path of message id as spec says. */
static int
move_one(struct store *store, const struct config *cfg,
    const struct move_spec *spec, const char *id, const char *path,
    struct move_result *res, struct err *err)
{
	char *account, *in, *folder, *dest = NULL, *newpath = NULL;
	int r = 0;

	if (store_file_place(store, path, &account, &in) < 0)
		return 0;
	folder = xasprintf("%s/%s", account, in);
	if (!move_wanted(spec, folder))
		goto out;
	dest = move_dest(cfg, spec, account);
	if (dest != NULL && strcmp(dest, folder) == 0) {
		if (spec->kind != MOVE_TRASH)
			goto out; /* there already */
		xfree(&dest);	  /* deleting in Trash: for good */
	}
	if (dest == NULL)
		r = mailfile_remove(store, path, err);
	else
		r = mailfile_move(store, path, dest, &newpath, err);
	if (r == 0)
		move_note(res, id, account, in, dest);
out:
	free(newpath);
	free(dest);
	free(account);
	free(in);
	free(folder);
	return r;
}

int
move_run(struct store *store, const struct config *cfg, const char *query,
    const struct move_spec *spec, struct move_result *res, struct err *err)
{
	struct search *s;
	struct search_item it;
	char **paths = NULL, **ids = NULL;
	size_t n = 0, i;
	int r;

	if (search_new(store, query, SEARCH_FILES, &s, err) < 0)
		return -1;
	while ((r = search_next(s, &it, err)) > 0) {
		paths = xreallocarray(paths, n + 1, sizeof *paths);
		ids = xreallocarray(ids, n + 1, sizeof *ids);
		paths[n] = xstrdup(it.path);
		ids[n++] = xstrdup(it.id);
	}
	search_free(&s);
	for (i = 0; r == 0 && i < n; i++)
		r = move_one(store, cfg, spec, ids[i], paths[i], res, err);
	for (i = 0; i < n; i++) {
		free(paths[i]);
		free(ids[i]);
	}
	free(paths);
	free(ids);
	return r;
}

void
move_result_release(struct move_result *res)
{
	size_t i;

	for (i = 0; i < res->n; i++) {
		free(res->v[i].id);
		free(res->v[i].account);
		free(res->v[i].from);
		free(res->v[i].to);
	}
	xfree(&res->v);
	res->n = 0;
}

/* The end of the folder: term's value at v (quoted or not). */
static size_t
move_term_len(const char *v)
{
	size_t n;

	if (*v == '"') {
		for (n = 1; v[n] != '\0'; n++)
			if (v[n] == '"' && v[n + 1] != '"')
				return n + 1;
			else if (v[n] == '"')
				n++;
		return n;
	}
	return strcspn(v, " \t\n)");
}

/* The value of the term v[0..len), quotes removed, new string. */
static char *
move_term_value(const char *v, size_t len)
{
	char *out, *o;
	size_t i;

	if (len < 2 || v[0] != '"' || v[len - 1] != '"')
		return xstrndup(v, len);
	o = out = xmalloc(len);
	for (i = 1; i + 1 < len; i++) {
		*o++ = v[i];
		if (v[i] == '"' && v[i + 1] == '"')
			i++;
	}
	*o = '\0';
	return out;
}

void
move_only_from_query(struct move_spec *spec, const char *query)
{
	const char *p = query;
	size_t len;

	while ((p = strstr(p, "folder:")) != NULL) {
		if (p != query && strchr(" \t\n(", p[-1]) == NULL) {
			p += 7;
			continue;
		}
		p += 7;
		len = move_term_len(p);
		spec->only = xreallocarray(
		    spec->only, spec->nonly + 1, sizeof *spec->only);
		spec->only[spec->nonly++] = move_term_value(p, len);
		p += len;
	}
}

void
move_spec_release(struct move_spec *spec)
{
	while (spec->nonly > 0)
		free(spec->only[--spec->nonly]);
	xfree(&spec->only);
}
