#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/journal.h"
#include "store/maildir.h"
#include "store/store-int.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/intl.h"
#include "util/path.h"
#include "util/xalloc.h"

/* Most a journal may hold, in bytes. */
#define JOURNAL_MAX (256 * 1024 * 1024)

static char *
journal_path(const char *root, const char *account)
{
	return xasprintf("%s/.tern/journal/%s.journal", root, account);
}

void
journal_release(struct journal *j)
{
	size_t i;

	for (i = 0; i < j->n; i++) {
		free(j->v[i].folder);
		free(j->v[i].a);
		free(j->v[i].b);
	}
	free(j->v);
	j->v = NULL;
	j->n = 0;
}

/* Split line at tabs into at most max fields; returns the count. */
static size_t
split(char *line, char **f, size_t max)
{
	size_t n = 0;

	f[n++] = line;
	for (; *line != '\0'; line++)
		if (*line == '\t') {
			*line = '\0';
			if (n == max)
				return max + 1;
			f[n++] = line + 1;
		}
	return n;
}

static int
parse_uid(const char *s, uint32_t *uid, int zero_ok)
{
	char *end;
	unsigned long v;

	errno = 0;
	v = strtoul(s, &end, 10);
	if (zero_ok && strcmp(s, "0") == 0) {
		*uid = 0;
		return 0;
	}
	if (*s < '1' || *s > '9' || *end != '\0' || errno != 0 ||
	    v > UINT32_MAX)
		return -1;
	*uid = (uint32_t)v;
	return 0;
}

static int
parse_line(char *line, struct journal_rec *r)
{
	char *f[5];
	size_t n = split(line, f, 5);

	memset(r, 0, sizeof *r);
	if (n < 3 || strlen(f[0]) != 1 ||
	    parse_uid(f[2], &r->uid, f[0][0] == JOURNAL_APPEND) < 0 ||
	    f[1][0] == '\0')
		return -1;
	r->op = f[0][0];
	if (!((r->op == JOURNAL_FLAGS && n == 5) ||
		(r->op == JOURNAL_MOVE && n == 5 && f[3][0] != '\0' &&
		    f[4][0] != '\0') ||
		(r->op == JOURNAL_EXPUNGE && n == 3) ||
		(r->op == JOURNAL_APPEND && n == 5 && f[3][0] != '\0')))
		return -1;
	r->folder = xstrdup(f[1]);
	if (n == 5) {
		r->a = xstrdup(f[3]);
		r->b = xstrdup(f[4]);
	}
	return 0;
}

int
journal_load(
    const char *root, const char *account, struct journal *j, struct err *err)
{
	char *path = journal_path(root, account), *line, *nl;
	struct buf b = BUF_INIT;
	unsigned lineno = 0;
	int r = 0;

	j->v = NULL;
	j->n = 0;
	if (access(path, F_OK) < 0 && errno == ENOENT)
		goto out;
	if (file_read(path, &b, JOURNAL_MAX, err) < 0) {
		r = -1;
		goto out;
	}
	for (line = b.data; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
		*nl = '\0';
		lineno++;
		j->v = xreallocarray(j->v, j->n + 1, sizeof *j->v);
		if (parse_line(line, &j->v[j->n]) < 0) {
			r = err_set(err, ERR_FINAL,
			    _("%s:%u: not a journal record; move the file "
			      "away to go on (its changes will not reach the "
			      "server)"),
			    path, lineno);
			journal_release(j);
			goto out;
		}
		j->n++;
	}
out:
	buf_release(&b);
	free(path);
	return r;
}

static void
format_rec(struct buf *b, const struct journal_rec *r)
{
	buf_addf(b, "%c\t%s\t%u", r->op, r->folder, (unsigned)r->uid);
	if (r->op != JOURNAL_EXPUNGE)
		buf_addf(b, "\t%s\t%s", r->a, r->b);
	buf_addc(b, '\n');
}

int
journal_keep(const char *root, const char *account, const struct journal *j,
    size_t from, struct err *err)
{
	char *path = journal_path(root, account);
	struct buf b = BUF_INIT;
	int r = 0;
	size_t i;

	if (from >= j->n) {
		if (unlink(path) == 0)
			r = file_sync_parent(path, err);
		else if (errno != ENOENT)
			r = err_sys(err, err_class_errno(errno),
			    _("cannot remove '%s'"), path);
	} else {
		for (i = from; i < j->n; i++)
			format_rec(&b, &j->v[i]);
		r = file_replace(path, b.data, b.len, 0600, err);
	}
	buf_release(&b);
	free(path);
	return r;
}

void
store_journal(struct store *store, int on)
{
	store->journal_off = !on;
}

static int
open_journal(struct store *store, const char *account, struct err *err)
{
	char *path, *dir;
	size_t i;
	int fd;

	for (i = 0; i < store->njournals; i++)
		if (strcmp(store->journals[i].account, account) == 0)
			return store->journals[i].fd;
	path = journal_path(store->root, account);
	dir = path_dirname(path);
	fd = path_mkdir_p(dir, 0700, err) < 0
	    ? -1
	    : open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0 && errno != 0)
		err_sys(
		    err, err_class_errno(errno), _("cannot open '%s'"), path);
	free(dir);
	free(path);
	if (fd < 0)
		return -1;
	store->journals = xreallocarray(
	    store->journals, store->njournals + 1, sizeof *store->journals);
	store->journals[store->njournals].account = xstrdup(account);
	store->journals[store->njournals++].fd = fd;
	return fd;
}

/* Append one record to account's journal file (durable at the commit). */
static int
write_rec(struct store *store, const char *account,
    const struct journal_rec *rec, struct err *err)
{
	struct buf line = BUF_INIT;
	int fd, r = 0;
	ssize_t w;

	format_rec(&line, rec);
	errno = 0;
	fd = open_journal(store, account, err);
	if (fd < 0)
		r = -1;
	else if ((w = write(fd, line.data, line.len)) != (ssize_t)line.len)
		r = err_sys(err, err_class_errno(w < 0 ? errno : ENOSPC),
		    _("cannot write the journal of account '%s'"), account);
	buf_release(&line);
	return r;
}

int
journal_note(struct store *store, const char *path, char op, const char *a,
    const char *b, struct err *err)
{
	struct journal_rec rec = { .op = op, .a = (char *)a, .b = (char *)b };
	char *account, *folder;
	int r;

	if (store->journal_off)
		return 0;
	rec.uid = maildir_name_uid(path);
	if (rec.uid == 0 ||
	    store_file_place(store, path, &account, &folder) < 0)
		return 0;
	rec.folder = folder;
	r = write_rec(store, account, &rec, err);
	free(account);
	free(folder);
	return r;
}

int
journal_note_append(struct store *store, const char *account,
    const char *folder, const char *base, struct err *err)
{
	struct journal_rec rec = { .op = JOURNAL_APPEND,
		.folder = (char *)folder,
		.a = (char *)base,
		.b = "-" };

	return write_rec(store, account, &rec, err);
}

int
journal_note_flags(
    struct store *store, const char *old, const char *new, struct err *err)
{
	const char *of = maildir_name_flags(old), *nf = maildir_name_flags(new);
	char added[16], removed[16];
	size_t na = 0, nr = 0;
	const char *p;

	if (store->journal_off || maildir_name_uid(old) == 0)
		return 0;
	for (p = "DFPRST"; *p != '\0'; p++) {
		int was = maildir_flags_has(of, *p),
		    is = maildir_flags_has(nf, *p);
		if (is && !was)
			added[na++] = *p;
		else if (was && !is)
			removed[nr++] = *p;
	}
	added[na] = removed[nr] = '\0';
	if (na == 0 && nr == 0)
		return 0;
	return journal_note(store, old, JOURNAL_FLAGS, added, removed, err);
}

int
journal_sync(struct store *store, struct err *err)
{
	size_t i;
	int r = 0;

	for (i = 0; i < store->njournals; i++) {
		if (r == 0 && fdatasync(store->journals[i].fd) < 0)
			r = err_sys(err, err_class_errno(errno),
			    _("cannot save the journal of account '%s'"),
			    store->journals[i].account);
		if (r == 0) {
			char *path = journal_path(
			    store->root, store->journals[i].account);
			r = file_sync_parent(path, err);
			free(path);
		}
	}
	journal_close_all(store);
	return r;
}

void
journal_close_all(struct store *store)
{
	size_t i;

	for (i = 0; i < store->njournals; i++) {
		close(store->journals[i].fd);
		free(store->journals[i].account);
	}
	xfree(&store->journals);
	store->njournals = 0;
}
