#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store/outbox.h"
#include "util/file.h"
#include "util/intl.h"
#include "util/log.h"
#include "util/path.h"
#include "util/text.h"
#include "util/xalloc.h"

/* Largest message the outbox takes, in bytes. */
#define OUTBOX_MSG_MAX (512u * 1024 * 1024)
/* Largest .info file read. */
#define OUTBOX_INFO_MAX (64 * 1024)

static char *
dir_of(const char *root)
{
	return xasprintf("%s/.tern/outbox", root);
}

static char *
file_of(const char *root, const char *id, const char *ext)
{
	return xasprintf("%s/.tern/outbox/%s.%s", root, id, ext);
}

/* One line of text for the .info file: no tabs, newlines or controls. */
static void
add_field(struct buf *b, const char *key, const char *value)
{
	struct buf t = BUF_INIT;
	size_t i;

	if (value == NULL)
		return;
	text_sanitize(&t, value, strlen(value), 0);
	for (i = 0; i < t.len; i++)
		if (t.data[i] == '\n' || t.data[i] == '\t')
			t.data[i] = ' ';
	buf_addf(b, "%s %s\n", key, t.len > 0 ? t.data : "");
	buf_release(&t);
}

static int
write_info(const char *root, const struct outbox_entry *e, struct err *err)
{
	struct buf b = BUF_INIT;
	char *path = file_of(root, e->id, "info");
	int r;

	add_field(&b, "account", e->account);
	buf_addf(&b, "queued %lld\n", (long long)e->queued);
	buf_addf(&b, "attempts %u\n", e->attempts);
	buf_addf(&b, "next %lld\n", (long long)e->next);
	buf_addf(&b, "failed %d\n", e->failed);
	add_field(&b, "to", e->to);
	add_field(&b, "subject", e->subject);
	add_field(&b, "error", e->error);
	r = file_replace(path, b.data, b.len, 0600, err);
	buf_release(&b);
	free(path);
	return r;
}

static void
entry_release(struct outbox_entry *e)
{
	free(e->id);
	free(e->account);
	free(e->to);
	free(e->subject);
	free(e->error);
	memset(e, 0, sizeof *e);
}

void
outbox_free(struct outbox_entry *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		entry_release(&v[i]);
	free(v);
}

int
outbox_add(const char *root, const char *account, const char *msg, size_t len,
    const char *to, const char *subject, char **id_r, struct err *err)
{
	struct outbox_entry e = { 0 };
	char stamp[32], *dir = dir_of(root), *path = NULL;
	unsigned char rnd[4];
	struct tm tm;
	int r = -1;

	e.queued = time(NULL);
	gmtime_r(&e.queued, &tm);
	strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%S", &tm);
	if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd) {
		err_sys(err, ERR_FINAL, _("cannot get random bytes"));
		goto out;
	}
	e.id = xasprintf(
	    "%s-%02x%02x%02x%02x", stamp, rnd[0], rnd[1], rnd[2], rnd[3]);
	e.account = xstrdup(account);
	e.to = xstrdup(to != NULL ? to : "");
	e.subject = xstrdup(subject != NULL ? subject : "");
	if (path_mkdir_p(dir, 0700, err) < 0 || write_info(root, &e, err) < 0)
		goto out;
	/* The message last: its arrival makes the entry exist. */
	path = file_of(root, e.id, "msg");
	if (file_replace(path, msg, len, 0600, err) < 0) {
		free(path);
		path = file_of(root, e.id, "info");
		unlink(path);
		goto out;
	}
	log_debug("outbox: queued %s for [account %s]", e.id, account);
	if (id_r != NULL)
		*id_r = xstrdup(e.id);
	r = 0;
out:
	if (r < 0)
		err_prefix(err, _("cannot queue the message in '%s'"), dir);
	entry_release(&e);
	free(path);
	free(dir);
	return r;
}

static int
parse_info(
    const char *root, const char *id, struct outbox_entry *e, struct err *err)
{
	struct buf b = BUF_INIT;
	char *path = file_of(root, id, "info"), *line, *nl, *sp;
	int r = 0;

	memset(e, 0, sizeof *e);
	e->id = xstrdup(id);
	if (file_read(path, &b, OUTBOX_INFO_MAX, err) < 0) {
		r = -1;
		goto out;
	}
	for (line = b.data; (nl = strchr(line, '\n')) != NULL; line = nl + 1) {
		*nl = '\0';
		sp = strchr(line, ' ');
		if (sp == NULL)
			continue;
		*sp++ = '\0';
		if (strcmp(line, "account") == 0)
			e->account = xstrdup(sp);
		else if (strcmp(line, "to") == 0)
			e->to = xstrdup(sp);
		else if (strcmp(line, "subject") == 0)
			e->subject = xstrdup(sp);
		else if (strcmp(line, "error") == 0)
			e->error = xstrdup(sp);
		else if (strcmp(line, "queued") == 0)
			e->queued = (time_t)strtoll(sp, NULL, 10);
		else if (strcmp(line, "next") == 0)
			e->next = (time_t)strtoll(sp, NULL, 10);
		else if (strcmp(line, "attempts") == 0)
			e->attempts = (unsigned)strtoul(sp, NULL, 10);
		else if (strcmp(line, "failed") == 0)
			e->failed = atoi(sp) != 0;
	}
	if (e->account == NULL)
		r = err_set(err, ERR_FINAL,
		    _("%s: names no account; move the entry's files away to "
		      "go on"),
		    path);
	if (e->to == NULL)
		e->to = xstrdup("");
	if (e->subject == NULL)
		e->subject = xstrdup("");
out:
	buf_release(&b);
	free(path);
	return r;
}

static int
exists(const char *root, const char *id, const char *ext)
{
	char *path = file_of(root, id, ext);
	int r = access(path, F_OK) == 0;

	free(path);
	return r;
}

/* Remove what a crash left of an entry without its message. */
static void
tidy(const char *root, const char *id)
{
	const char *ext[] = { "info", "sent" };
	size_t i;
	char *path;

	for (i = 0; i < sizeof ext / sizeof *ext; i++) {
		path = file_of(root, id, ext[i]);
		if (unlink(path) == 0)
			log_debug("outbox: removed the leftover '%s'", path);
		free(path);
	}
}

static int
cmp_entry(const void *a, const void *b)
{
	return strcmp(((const struct outbox_entry *)a)->id,
	    ((const struct outbox_entry *)b)->id);
}

int
outbox_list(
    const char *root, struct outbox_entry **v_r, size_t *n_r, struct err *err)
{
	char *dir = dir_of(root), *id;
	struct outbox_entry *v = NULL;
	struct dirent *d;
	size_t n = 0, len;
	DIR *dh;
	int r = 0;

	*v_r = NULL;
	*n_r = 0;
	dh = opendir(dir);
	if (dh == NULL) {
		if (errno == ENOENT) {
			free(dir);
			return 0;
		}
		r = err_sys(
		    err, err_class_errno(errno), _("cannot read '%s'"), dir);
		free(dir);
		return r;
	}
	while ((d = readdir(dh)) != NULL) {
		len = strlen(d->d_name);
		if (d->d_name[0] == '.' || len < 6)
			continue;
		if (strcmp(d->d_name + len - 5, ".info") == 0) {
			id = xstrndup(d->d_name, len - 5);
			if (!exists(root, id, "msg"))
				tidy(root, id);
			free(id);
			continue;
		}
		if (strcmp(d->d_name + len - 4, ".msg") != 0)
			continue;
		id = xstrndup(d->d_name, len - 4);
		v = xreallocarray(v, n + 1, sizeof *v);
		if (parse_info(root, id, &v[n], err) < 0) {
			entry_release(&v[n]);
			free(id);
			r = -1;
			break;
		}
		v[n].sent = exists(root, id, "sent");
		n++;
		free(id);
	}
	closedir(dh);
	free(dir);
	if (r < 0) {
		outbox_free(v, n);
		return -1;
	}
	if (n > 0)
		qsort(v, n, sizeof *v, cmp_entry);
	*v_r = v;
	*n_r = n;
	return 0;
}

struct outbox_entry *
outbox_find(struct outbox_entry *v, size_t n, const char *id)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(v[i].id, id) == 0)
			return &v[i];
	return NULL;
}

int
outbox_read(const char *root, const struct outbox_entry *e, struct buf *out,
    struct err *err)
{
	char *path = file_of(root, e->id, "msg");
	int r = file_read(path, out, OUTBOX_MSG_MAX, err);

	free(path);
	return r;
}

int
outbox_attempt_failed(const char *root, struct outbox_entry *e,
    const struct err *why, struct err *err)
{
	time_t delay = 60;
	unsigned i;

	free(e->error);
	e->error = xstrdup(why->msg);
	e->attempts++;
	if (why->cls == ERR_FINAL)
		e->failed = 1;
	for (i = 1; i < e->attempts && delay < 3600; i++)
		delay *= 2;
	e->next = time(NULL) + (delay > 3600 ? 3600 : delay);
	return write_info(root, e, err);
}

int
outbox_retry(const char *root, struct outbox_entry *e, struct err *err)
{
	if (!e->failed && e->next == 0)
		return 0;
	e->failed = 0;
	e->next = 0;
	return write_info(root, e, err);
}

int
outbox_mark_sent(const char *root, struct outbox_entry *e, struct err *err)
{
	char *path = file_of(root, e->id, "sent");
	int fd, r = 0;

	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0)
		r = err_sys(err, err_class_errno(errno),
		    _("cannot record in '%s' that the message was sent"), path);
	else
		close(fd);
	if (r == 0)
		r = file_sync_parent(path, err);
	if (r == 0)
		e->sent = 1;
	free(path);
	return r;
}

int
outbox_remove(const char *root, const struct outbox_entry *e, struct err *err)
{
	char *path = file_of(root, e->id, "msg");
	int r = 0;

	/* The message first: without it the entry is gone. */
	if (unlink(path) < 0 && errno != ENOENT)
		r = err_sys(
		    err, err_class_errno(errno), _("cannot remove '%s'"), path);
	else
		r = file_sync_parent(path, err);
	free(path);
	if (r == 0)
		tidy(root, e->id);
	return r;
}

int
outbox_remove_all(const char *root, const struct outbox_entry *v,
    const size_t *idx, size_t n, struct err *err)
{
	char *path, *dir = dir_of(root);
	size_t i, gone = 0;
	int r = 0;

	/* The messages first, made durable together: then the rest. */
	for (i = 0; i < n && r == 0; i++) {
		path = file_of(root, v[idx[i]].id, "msg");
		if (unlink(path) == 0 || errno == ENOENT)
			gone++;
		else
			r = err_sys(err, err_class_errno(errno),
			    _("cannot remove '%s'"), path);
		free(path);
	}
	if (n > 0 && file_sync_dir(dir, r < 0 ? NULL : err) < 0)
		r = -1;
	else
		for (i = 0; i < gone; i++)
			tidy(root, v[idx[i]].id);
	free(dir);
	return r;
}

int
outbox_lock(const char *root, struct err *err)
{
	char *dir = dir_of(root), *path = xasprintf("%s/.lock", dir);
	int fd = -1;

	if (path_mkdir_p(dir, 0700, err) < 0)
		goto out;
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0600);
	if (fd < 0) {
		err_sys(
		    err, err_class_errno(errno), _("cannot open '%s'"), path);
		goto out;
	}
	if (flock(fd, LOCK_EX | LOCK_NB) < 0) {
		if (errno == EWOULDBLOCK)
			err_set(err, ERR_WAIT,
			    _("another tern is sending the outbox now"));
		else
			err_sys(err, ERR_FINAL, _("cannot lock '%s'"), path);
		close(fd);
		fd = -1;
	}
out:
	free(path);
	free(dir);
	return fd;
}

void
outbox_unlock(int fd)
{
	if (fd >= 0)
		close(fd);
}
