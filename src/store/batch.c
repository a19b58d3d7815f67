#include <config.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statvfs.h>
#include <unistd.h>

#include "store/batch.h"
#include "store/index.h"
#include "store/maildir.h"
#include "util/intl.h"
#include "util/path.h"
#include "util/xalloc.h"

/* Space kept free for the index beyond what check_space() computes. */
#define BATCH_INDEX_RESERVE (1024 * 1024)

struct batch_item {
	char *dir;  /* the folder's full path */
	char *tmp;  /* in tmp/ until renamed; NULL when already present */
	char *dest; /* in new/ or cur/ */
	char *origin;
	int inbox;
	int rejected; /* the index refused it as not mail */
};

struct batch_list {
	struct batch_item *items;
	size_t n;
	size_t bytes;
};

/*
 * Messages are added to pending. A flush hands pending over to inflight,
 * which a worker thread commits while the caller fills pending again;
 * while the worker runs, only it touches the store and inflight.
 */
struct batch {
	struct store *store;
	struct batch_hooks hooks;
	struct batch_list pending;
	struct batch_list inflight;
	char **folders; /* created and cleaned by this batch */
	size_t nfolders;
	struct batch_stats stats; /* counted by whoever commits */
	struct batch_stats seen;  /* stats, as of the last wait */
	pthread_t worker;
	int busy;   /* the worker runs */
	int result; /* the worker's: 0 or -1 with werr */
	struct err werr;
};

/* The crash-test hook; see batch.h. Steps come from two threads. */
static long stop_after = -2;
static long steps;

void
store_step(void)
{
	const char *s;

	if (__atomic_load_n(&stop_after, __ATOMIC_RELAXED) == -2) {
		s = getenv("TERN_TEST_STOP_AFTER");
		__atomic_store_n(&stop_after,
		    s != NULL && *s != '\0' ? strtol(s, NULL, 10) : -1,
		    __ATOMIC_RELAXED);
	}
	if (stop_after >= 0 &&
	    __atomic_add_fetch(&steps, 1, __ATOMIC_SEQ_CST) >= stop_after)
		raise(SIGKILL);
}

struct batch *
batch_new(struct store *store, const struct batch_hooks *hooks)
{
	struct batch *b = xcalloc(1, sizeof *b);

	b->store = store;
	if (hooks != NULL)
		b->hooks = *hooks;
	return b;
}

static void
list_clear(struct batch_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->items[i].dir);
		free(l->items[i].tmp);
		free(l->items[i].dest);
		free(l->items[i].origin);
	}
	l->n = 0;
	l->bytes = 0;
}

static void
list_release(struct batch_list *l)
{
	list_clear(l);
	xfree(&l->items);
}

void
batch_free(struct batch **batch)
{
	struct batch *b = *batch;
	size_t i;

	if (b == NULL)
		return;
	batch_wait(b, NULL);
	list_release(&b->pending);
	list_release(&b->inflight);
	for (i = 0; i < b->nfolders; i++)
		free(b->folders[i]);
	free(b->folders);
	free(b);
	*batch = NULL;
}

/* Create folder on first use, and clear what a dead writer left in tmp/. */
static int
folder_prepare(struct batch *b, const char *folder, struct err *err)
{
	const char *root = store_root(b->store);
	char *dir;
	size_t i;
	int r;

	for (i = 0; i < b->nfolders; i++)
		if (strcmp(b->folders[i], folder) == 0)
			return 0;
	if (!maildir_folder_valid(folder))
		return err_set(
		    err, ERR_FINAL, _("invalid folder name '%s'"), folder);
	if (maildir_create(root, folder, err) < 0)
		return -1;
	dir = path_join(root, folder);
	r = maildir_clean_tmp(dir, err);
	free(dir);
	if (r < 0)
		return -1;
	b->folders =
	    xreallocarray(b->folders, b->nfolders + 1, sizeof *b->folders);
	b->folders[b->nfolders++] = xstrdup(folder);
	return 0;
}

static struct batch_item *
item_new(struct batch *b, const char *folder, const char *origin)
{
	const char *sub = strchr(folder, '/');
	struct batch_list *l = &b->pending;
	struct batch_item *it;

	l->items = xreallocarray(l->items, l->n + 1, sizeof *l->items);
	it = &l->items[l->n++];
	memset(it, 0, sizeof *it);
	it->dir = path_join(store_root(b->store), folder);
	it->origin = xstrdup(origin != NULL ? origin : "");
	it->inbox = sub != NULL && strcmp(sub + 1, "INBOX") == 0;
	return it;
}

/*
 * Refuse a message the disk has no room for, keeping a reserve for the
 * index of the messages not committed yet: an import that fills the
 * disk must still be able to index what it delivered before. The index
 * of text mail takes up to about 3/4 of its size.
 */
static int
check_space(struct batch *b, const char *folder, size_t len, struct err *err)
{
	unsigned long long avail, need, waiting;
	struct statvfs vfs;

	if (statvfs(store_root(b->store), &vfs) < 0)
		return 0; /* cannot tell: let the write find out */
	avail = (unsigned long long)vfs.f_bavail * vfs.f_frsize;
	waiting = b->pending.bytes + b->inflight.bytes + len;
	need = len + waiting / 4 * 3 + BATCH_INDEX_RESERVE;
	if (avail >= need)
		return 0;
	return err_set(err, ERR_FINAL,
	    _("the disk is full: no room for a message in folder '%s' "
	      "(%llu bytes free in '%s')"),
	    folder, avail, store_root(b->store));
}

int
batch_add(struct batch *b, const char *folder, const char *name,
    const void *data, size_t len, const char *flags, const char *origin,
    struct err *err)
{
	char *unique = name == NULL ? maildir_unique_name() : NULL;
	char *dir, *tmp;
	int r;

	if (folder_prepare(b, folder, err) < 0 ||
	    check_space(b, folder, len, err) < 0) {
		free(unique);
		return -1;
	}
	if (name == NULL)
		name = unique;
	dir = path_join(store_root(b->store), folder);
	r = maildir_write_tmp(dir, name, data, len, 0, &tmp, err);
	if (r == 0) {
		struct batch_item *it = item_new(b, folder, origin);

		it->tmp = tmp;
		it->dest = maildir_path(dir, name, flags);
		b->pending.bytes += len;
		store_step();
	}
	free(dir);
	free(unique);
	return r;
}

struct batch_writer {
	struct batch *b;
	char *folder;
	char *dir;
	char *name;
	char *tmp;
	char *origin;
	int fd;
	size_t len;
};

int
batch_open(struct batch *b, const char *folder, const char *name,
    const char *origin, struct batch_writer **w_r, struct err *err)
{
	struct batch_writer *w;
	char *unique = name == NULL ? maildir_unique_name() : NULL;
	char *dir, *tmp;
	int fd;

	*w_r = NULL;
	if (folder_prepare(b, folder, err) < 0 ||
	    check_space(b, folder, 0, err) < 0) {
		free(unique);
		return -1;
	}
	dir = path_join(store_root(b->store), folder);
	if (maildir_open_tmp(
		dir, name != NULL ? name : unique, &fd, &tmp, err) < 0) {
		free(dir);
		free(unique);
		return -1;
	}
	w = xcalloc(1, sizeof *w);
	w->b = b;
	w->folder = xstrdup(folder);
	w->dir = dir;
	w->name = unique != NULL ? unique : xstrdup(name);
	w->tmp = tmp;
	w->origin = xstrdup(origin);
	w->fd = fd;
	*w_r = w;
	return 0;
}

int
batch_write(
    struct batch_writer *w, const void *data, size_t len, struct err *err)
{
	if (maildir_append_tmp(w->fd, w->dir, w->tmp, data, len, err) < 0)
		return -1;
	w->len += len;
	return 0;
}

static void
writer_free(struct batch_writer **w)
{
	free((*w)->folder);
	free((*w)->dir);
	free((*w)->name);
	free((*w)->tmp);
	free((*w)->origin);
	xfree(w);
}

int
batch_close(struct batch_writer **wp, const char *flags, struct err *err)
{
	struct batch_writer *w = *wp;
	struct batch_item *it;

	if (close(w->fd) < 0) {
		err_sys(err, err_class_errno(errno), _("cannot write '%s'"),
		    w->tmp);
		unlink(w->tmp);
		writer_free(wp);
		return -1;
	}
	it = item_new(w->b, w->folder, w->origin);
	it->tmp = w->tmp;
	w->tmp = NULL;
	it->dest = maildir_path(w->dir, w->name, flags);
	w->b->pending.bytes += w->len;
	writer_free(wp);
	store_step();
	return 0;
}

void
batch_abort(struct batch_writer **wp)
{
	if (*wp == NULL)
		return;
	close((*wp)->fd);
	unlink((*wp)->tmp);
	writer_free(wp);
}

void
batch_add_present(
    struct batch *b, const char *folder, const char *path, const char *origin)
{
	struct batch_item *it = item_new(b, folder, origin);

	it->dest = xstrdup(path);
}

size_t
batch_pending(const struct batch *b)
{
	return b->pending.n;
}

size_t
batch_pending_bytes(const struct batch *b)
{
	return b->pending.bytes;
}

const struct batch_stats *
batch_stats(const struct batch *b)
{
	return &b->seen;
}

/*
 * Make the files in tmp/ durable with one syncfs(2) of the file system
 * that holds the store: for a batch of hundreds of files this is much
 * cheaper than one fsync each.
 */
static int
flush_tmp(struct batch *b, struct err *err)
{
	const char *root = store_root(b->store);
	int fd, r;

	fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return err_sys(err, err_class_errno(errno),
		    _("cannot open mail folder '%s'"), root);
	r = syncfs(fd);
	close(fd);
	if (r < 0)
		return err_sys(err, err_class_errno(errno),
		    _("cannot write the new messages in '%s' to disk"), root);
	return 0;
}

static int
publish(struct batch *b, struct batch_list *l, struct err *err)
{
	struct batch_item *it;
	size_t i;

	for (i = 0; i < l->n; i++) {
		it = &l->items[i];
		if (it->tmp == NULL)
			continue;
		if (rename(it->tmp, it->dest) < 0)
			return err_sys(err, err_class_errno(errno),
			    _("cannot move '%s' to '%s'"), it->tmp, it->dest);
		xfree(&it->tmp);
		store_defer_sync(b->store, it->dest);
		store_step();
	}
	return 0;
}

static int
index_items(struct batch *b, struct batch_list *l, struct err *err)
{
	enum index_result res;
	struct batch_item *it;
	size_t i;

	for (i = 0; i < l->n; i++) {
		it = &l->items[i];
		if (index_add(b->store, it->dest, it->inbox, &res, err) < 0)
			return -1;
		if (res == INDEX_NEW) {
			b->stats.added++;
		} else if (res == INDEX_DUPLICATE) {
			b->stats.duplicates++;
		} else {
			b->stats.not_mail++;
			it->rejected = 1;
			unlink(it->dest);
			store_defer_sync(b->store, it->dest);
		}
		store_step();
	}
	return 0;
}

/* Commit list l: durable, visible, indexed. Runs on either thread. */
static int
commit_list(struct batch *b, struct batch_list *l, struct err *err)
{
	if (flush_tmp(b, err) < 0 || publish(b, l, err) < 0)
		return -1;
	if (store_begin(b->store, err) < 0)
		return -1;
	if (index_items(b, l, err) < 0) {
		store_end(b->store, NULL);
		return -1;
	}
	if (store_end(b->store, err) < 0 || store_commit(b->store, err) < 0)
		return -1;
	store_step();
	return 0;
}

static void *
commit_worker(void *arg)
{
	struct batch *b = arg;

	b->result = commit_list(b, &b->inflight, &b->werr);
	return NULL;
}

int
batch_wait(struct batch *b, struct err *err)
{
	struct batch_item *it;
	size_t i;

	if (b->busy) {
		pthread_join(b->worker, NULL);
		b->busy = 0;
	}
	for (i = 0; i < b->inflight.n; i++) {
		it = &b->inflight.items[i];
		if (it->rejected && b->hooks.reject != NULL)
			b->hooks.reject(
			    b->hooks.arg, it->origin, _("not a mail message"));
	}
	list_clear(&b->inflight);
	b->seen = b->stats;
	if (b->result == 0)
		return 0;
	b->result = 0;
	if (err != NULL)
		*err = b->werr;
	return -1;
}

int
batch_flush(struct batch *b, struct err *err)
{
	struct batch_list l;

	if (batch_wait(b, err) < 0)
		return -1;
	if (b->pending.n == 0)
		return 0;
	l = b->inflight;
	b->inflight = b->pending;
	b->pending = l;
	b->busy = pthread_create(&b->worker, NULL, commit_worker, b) == 0;
	if (!b->busy) /* no thread: do it here and now */
		commit_worker(b);
	return 0;
}

int
batch_commit(struct batch *b, struct err *err)
{
	if (batch_flush(b, err) < 0)
		return -1;
	return batch_wait(b, err);
}

int
batch_deliver(struct store *store, const char *folder, const void *data,
    size_t len, const char *flags, char **path_r, struct err *err)
{
	struct batch *b = batch_new(store, NULL);
	char *dest = NULL;
	int r;

	r = batch_add(b, folder, NULL, data, len, flags, NULL, err);
	if (r == 0) {
		dest = xstrdup(b->pending.items[0].dest);
		r = batch_commit(b, err);
	}
	if (r == 0 && batch_stats(b)->not_mail > 0)
		r = err_set(err, ERR_FINAL,
		    _("cannot deliver into folder '%s': not a mail message"),
		    folder);
	if (r == 0 && path_r != NULL)
		*path_r = dest;
	else
		free(dest);
	batch_free(&b);
	return r;
}
