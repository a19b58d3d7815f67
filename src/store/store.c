#include <config.h>

#include <errno.h>
#include <ftw.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mime/mime.h"
#include "store/store-int.h"
#include "util/file.h"
#include "util/intl.h"
#include "util/path.h"
#include "util/xalloc.h"

/* Append text to err's message, dropping a trailing newline. */
static void
err_append(struct err *err, const char *text)
{
	size_t len = strlen(err->msg);
	size_t tlen = strlen(text);

	char *p;

	while (tlen > 0 && (text[tlen - 1] == '\n' || text[tlen - 1] == ' '))
		tlen--;
	snprintf(
	    err->msg + len, sizeof err->msg - len, " (%.*s)", (int)tlen, text);
	/* notmuch's words may span lines; keep the message on one. */
	for (p = err->msg + len; (p = strchr(p, '\n')) != NULL; p++)
		*p = ' ';
}

int
store_nm_error(struct store *store, notmuch_status_t st, struct err *err,
    const char *fmt, ...)
{
	const char *detail = NULL;
	size_t len;
	va_list ap;

	if (err == NULL)
		return -1;
	err->cls = st == NOTMUCH_STATUS_OUT_OF_MEMORY ? ERR_TEMP : ERR_FINAL;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	len = strlen(err->msg);
	snprintf(err->msg + len, sizeof err->msg - len, ": %s",
	    notmuch_status_to_string(st));
	if (store != NULL && store->db != NULL)
		detail = notmuch_database_status_string(store->db);
	if (detail != NULL && *detail != '\0' && detail != store->status_mark)
		err_append(err, detail);
	return -1;
}

/* An open or create error: notmuch puts its words in msg. */
static int
open_error(struct store *s, notmuch_status_t st, char *msg, struct err *err)
{
	store_nm_error(NULL, st, err,
	    _("cannot open the mail index '%s/.notmuch'"), s->root);
	if (msg != NULL)
		err_append(err, msg);
	free(msg);
	return -1;
}

int
store_exists(const char *mail_root, struct err *err)
{
	char *p = path_join(mail_root, ".notmuch");
	struct stat st;
	int r = 1;

	if (stat(p, &st) < 0) {
		r = errno == ENOENT
		    ? 0
		    : err_sys(err, err_class_errno(errno),
			  _("cannot open mail folder '%s'"), mail_root);
		if (r == 0 && stat(mail_root, &st) == 0 && !S_ISDIR(st.st_mode))
			r = err_set(err, ERR_FINAL,
			    _("cannot open mail folder '%s': %s"), mail_root,
			    strerror(ENOTDIR));
	}
	free(p);
	return r;
}

static int
rm_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st;
	(void)flag;
	(void)ftw;
	return remove(path);
}

/*
 * Create the database in a private folder and move it into place, so a
 * crash during creation (which writes the database in several steps)
 * never leaves a half-made database at mail_root/.notmuch.
 */
static int
db_create_aside(struct store *s, const char *aside, struct err *err)
{
	notmuch_database_t *db = NULL;
	notmuch_status_t st;
	char *msg = NULL, *from, *to;
	int r = -1;

	nftw(aside, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	if (path_mkdir_p(aside, 0700, err) < 0)
		return -1;
	st = notmuch_database_create_with_config(aside, "", NULL, &db, &msg);
	if (st != NOTMUCH_STATUS_SUCCESS)
		return open_error(s, st, msg, err);
	free(msg);
	st = notmuch_database_destroy(db);
	if (st != NOTMUCH_STATUS_SUCCESS)
		return open_error(s, st, NULL, err);
	from = path_join(aside, ".notmuch");
	to = path_join(s->root, ".notmuch");
	if (file_sync_dir(from, err) == 0 && file_sync_dir(aside, err) == 0) {
		/* Another process may have won the race: use its database. */
		if (rename(from, to) < 0 && errno != EEXIST &&
		    errno != ENOTEMPTY)
			err_sys(err, err_class_errno(errno),
			    _("cannot create the mail index '%s'"), to);
		else
			r = file_sync_dir(s->root, err);
	}
	free(from);
	free(to);
	return r;
}

static int
db_create(struct store *s, struct err *err)
{
	char *aside = xasprintf("%s/.tern/newdb.%ld", s->root, (long)getpid());
	int r = db_create_aside(s, aside, err);

	nftw(aside, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(aside);
	return r;
}

static int
db_open(struct store *s, struct err *err)
{
	notmuch_database_mode_t m = s->mode == STORE_WRITE
	    ? NOTMUCH_DATABASE_MODE_READ_WRITE
	    : NOTMUCH_DATABASE_MODE_READ_ONLY;
	notmuch_status_t st;
	char *msg = NULL;

	if (s->mode == STORE_WRITE && store_exists(s->root, NULL) == 0 &&
	    db_create(s, err) < 0)
		return -1;
	/* No config file: the user's ~/.notmuch-config must not redirect. */
	st = notmuch_database_open_with_config(
	    s->root, m, "", NULL, &s->db, &msg);
	if (st != NOTMUCH_STATUS_SUCCESS)
		return open_error(s, st, msg, err);
	free(msg);
	if (s->mode == STORE_WRITE && notmuch_database_needs_upgrade(s->db))
		return err_set(err, ERR_FINAL,
		    _("the mail index '%s/.notmuch' has an older format; "
		      "upgrade it with 'notmuch new' first"),
		    s->root);
	return 0;
}

/* A mail_root that exists must be a folder we can use. */
static int
check_root(const char *root, enum store_mode mode, struct err *err)
{
	struct stat st;

	if (mode == STORE_WRITE)
		return path_mkdir_p(root, 0700, err);
	if (stat(root, &st) < 0)
		return err_sys(
		    err, ERR_FINAL, _("cannot open mail folder '%s'"), root);
	if (!S_ISDIR(st.st_mode))
		return err_set(err, ERR_FINAL,
		    _("cannot open mail folder '%s': %s"), root,
		    strerror(ENOTDIR));
	return 0;
}

int
store_open(const char *mail_root, enum store_mode mode, struct store **store_r,
    struct err *err)
{
	struct store *s = xcalloc(1, sizeof *s);

	mime_init(); /* before notmuch drives GMime while indexing */
	s->root = xstrdup(mail_root);
	s->mode = mode;
	if (check_root(mail_root, mode, err) < 0 || db_open(s, err) < 0) {
		store_close(&s);
		return -1;
	}
	if (mode == STORE_WRITE)
		s->indexopts = notmuch_database_get_default_indexopts(s->db);
	*store_r = s;
	return 0;
}

static void
free_list(char ***list, size_t *n)
{
	size_t i;

	for (i = 0; i < *n; i++)
		free((*list)[i]);
	xfree(list);
	*n = 0;
}

static int
sync_dirs(struct store *s, struct err *err)
{
	size_t i;
	int r = 0;

	for (i = 0; r == 0 && i < s->nsyncdirs; i++)
		r = file_sync_dir(s->syncdirs[i], err);
	free_list(&s->syncdirs, &s->nsyncdirs);
	return r;
}

/* Unlink what the committed index no longer names; keep going on errors. */
static void
run_unlinks(struct store *s)
{
	size_t i;

	for (i = 0; i < s->nunlinks; i++) {
		if (unlink(s->unlinks[i]) == 0)
			store_defer_sync(s, s->unlinks[i]);
	}
	free_list(&s->unlinks, &s->nunlinks);
}

void
store_close(struct store **store)
{
	struct store *s = *store;

	if (s == NULL)
		return;
	if (s->mode == STORE_WRITE) {
		journal_sync(s, NULL);
		sync_dirs(s, NULL);
	}
	if (s->indexopts != NULL)
		notmuch_indexopts_destroy(s->indexopts);
	/* Closing a writer commits: only then may obsolete files go. */
	if (s->db != NULL &&
	    notmuch_database_destroy(s->db) == NOTMUCH_STATUS_SUCCESS)
		run_unlinks(s);
	sync_dirs(s, NULL);
	free_list(&s->unlinks, &s->nunlinks);
	free_list(&s->syncdirs, &s->nsyncdirs);
	free(s->root);
	free(s);
	*store = NULL;
}

int
store_refresh(struct store *store, struct err *err)
{
	const char *uuid;
	unsigned long before, after;
	char *was;
	notmuch_status_t st;
	int changed;

	before = notmuch_database_get_revision(store->db, &uuid);
	was = xstrdup(uuid);
	store_nm_mark(store);
	st = notmuch_database_reopen(store->db,
	    store->mode == STORE_WRITE ? NOTMUCH_DATABASE_MODE_READ_WRITE
				       : NOTMUCH_DATABASE_MODE_READ_ONLY);
	if (st != NOTMUCH_STATUS_SUCCESS) {
		free(was);
		return store_nm_error(store, st, err,
		    _("cannot read the mail index '%s/.notmuch'"), store->root);
	}
	after = notmuch_database_get_revision(store->db, &uuid);
	changed = after != before || strcmp(was, uuid) != 0;
	free(was);
	return changed;
}

const char *
store_root(const struct store *store)
{
	return store->root;
}

void
store_defer_unlink(struct store *store, const char *path)
{
	store->unlinks = xreallocarray(
	    store->unlinks, store->nunlinks + 1, sizeof *store->unlinks);
	store->unlinks[store->nunlinks++] = xstrdup(path);
}

void
store_defer_sync(struct store *store, const char *path)
{
	char *dir = path_dirname(path);
	size_t i;

	for (i = 0; i < store->nsyncdirs; i++) {
		if (strcmp(store->syncdirs[i], dir) == 0) {
			free(dir);
			return;
		}
	}
	store->syncdirs = xreallocarray(
	    store->syncdirs, store->nsyncdirs + 1, sizeof *store->syncdirs);
	store->syncdirs[store->nsyncdirs++] = dir;
}

int
store_begin(struct store *store, struct err *err)
{
	notmuch_status_t st;

	store_nm_mark(store);
	store->dirty = 1;
	st = notmuch_database_begin_atomic(store->db);

	if (st != NOTMUCH_STATUS_SUCCESS)
		return store_nm_error(store, st, err,
		    _("cannot start a change to the mail index in '%s'"),
		    store->root);
	return 0;
}

int
store_end(struct store *store, struct err *err)
{
	notmuch_status_t st;

	store_nm_mark(store);
	st = notmuch_database_end_atomic(store->db);

	if (st != NOTMUCH_STATUS_SUCCESS)
		return store_nm_error(store, st, err,
		    _("cannot finish a change to the mail index in '%s'"),
		    store->root);
	return 0;
}

int
store_commit(struct store *store, struct err *err)
{
	notmuch_status_t st;

	if (store->mode != STORE_WRITE || !store->dirty)
		return 0;
	/* The journal first: a change visible after the commit is recorded. */
	if (journal_sync(store, err) < 0 || sync_dirs(store, err) < 0)
		return -1;
	store->dirty = 0;
	/* Reopening a writer closes (and so commits) the Xapian database. */
	store_nm_mark(store);
	st = notmuch_database_reopen(
	    store->db, NOTMUCH_DATABASE_MODE_READ_WRITE);
	if (st != NOTMUCH_STATUS_SUCCESS)
		return store_nm_error(store, st, err,
		    _("cannot save the mail index in '%s'"), store->root);
	run_unlinks(store);
	return sync_dirs(store, err);
}

/* "id:X", "<X>" or "X" to a bare message id, new string. */
static char *
bare_id(const char *id)
{
	size_t len;

	if (strncmp(id, "id:", 3) == 0)
		id += 3;
	len = strlen(id);
	if (len >= 2 && id[0] == '"' && id[len - 1] == '"')
		return xstrndup(id + 1, len - 2);
	if (len >= 2 && id[0] == '<' && id[len - 1] == '>')
		return xstrndup(id + 1, len - 2);
	return xstrdup(id);
}

int
store_find_file(
    struct store *store, const char *id, char **path_r, struct err *err)
{
	notmuch_message_t *m = NULL;
	notmuch_status_t st;
	char *bare = bare_id(id);

	store_nm_mark(store);
	st = notmuch_database_find_message(store->db, bare, &m);
	free(bare);
	if (st != NOTMUCH_STATUS_SUCCESS)
		return store_nm_error(
		    store, st, err, _("cannot look up message '%s'"), id);
	if (m == NULL)
		return 0;
	*path_r = xstrdup(notmuch_message_get_filename(m));
	notmuch_message_destroy(m);
	return 1;
}

int
store_file_place(const struct store *store, const char *path, char **account_r,
    char **folder_r)
{
	size_t rl = strlen(store->root);
	const char *rel, *slash, *end;

	if (strncmp(path, store->root, rl) != 0 || path[rl] != '/')
		return -1;
	rel = path + rl + 1;
	end = strrchr(rel, '/');
	if (end == NULL || end - rel < 4)
		return -1;
	end -= 4; /* "/cur" or "/new" */
	slash = strchr(rel, '/');
	if (slash == NULL || slash >= end)
		return -1;
	*account_r = xstrndup(rel, (size_t)(slash - rel));
	*folder_r = xstrndup(slash + 1, (size_t)(end - slash - 1));
	return 0;
}
