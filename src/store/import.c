#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/evp.h>

#include "store/batch.h"
#include "store/import.h"
#include "store/index.h"
#include "store/maildir.h"
#include "store/mbox.h"
#include "store/nameset.h"
#include "store/rawmsg.h"
#include "util/buf.h"
#include "util/file.h"
#include "util/intl.h"
#include "util/path.h"
#include "util/xalloc.h"

/* A batch is committed at whichever limit it reaches first. */
#define IMPORT_BATCH_COUNT 500
#define IMPORT_BATCH_BYTES (32u * 1024 * 1024)

/* The file names already in one destination folder, by base name. */
struct import_folder {
	char *folder;	       /* "ACCOUNT/FOLDER" */
	char *dir;	       /* its full path */
	struct nameset *names; /* base name -> "cur/NAME:2,FS" or "*" */
};

struct import {
	struct store *store;
	char *account;
	char *root_real; /* mail_root, resolved, to refuse it as source */
	struct import_hooks hooks;
	struct batch *batch;
	struct import_folder *folders;
	size_t nfolders;
	size_t last; /* the folder used last, checked first */
	struct import_stats stats;
	unsigned long skipped_here; /* not mail, found before indexing */
};

static void
on_reject(void *arg, const char *origin, const char *why)
{
	struct import *imp = arg;

	if (imp->hooks.skip != NULL)
		imp->hooks.skip(imp->hooks.arg, origin, why);
}

struct import *
import_new(
    struct store *store, const char *account, const struct import_hooks *hooks)
{
	struct import *imp = xcalloc(1, sizeof *imp);
	struct batch_hooks bh = { .reject = on_reject, .arg = imp };

	imp->store = store;
	imp->account = xstrdup(account);
	imp->root_real = realpath(store_root(store), NULL);
	if (hooks != NULL)
		imp->hooks = *hooks;
	imp->batch = batch_new(store, &bh);
	return imp;
}

void
import_free(struct import **imp)
{
	struct import *p = *imp;
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->nfolders; i++) {
		free(p->folders[i].folder);
		free(p->folders[i].dir);
		nameset_free(&p->folders[i].names);
	}
	free(p->folders);
	batch_free(&p->batch);
	free(p->account);
	free(p->root_real);
	free(p);
	*imp = NULL;
}

const struct import_stats *
import_stats(const struct import *imp)
{
	return &imp->stats;
}

static void
sync_stats(struct import *imp)
{
	const struct batch_stats *bs = batch_stats(imp->batch);

	imp->stats.imported = bs->added + bs->duplicates;
	imp->stats.skipped = imp->skipped_here + bs->not_mail;
}

/* Start committing a full batch; commit (and wait) when finishing. */
static int
commit(struct import *imp, int wait, struct err *err)
{
	int r =
	    wait ? batch_commit(imp->batch, err) : batch_flush(imp->batch, err);

	sync_stats(imp);
	if (imp->hooks.progress != NULL)
		imp->hooks.progress(imp->hooks.arg, &imp->stats);
	return r;
}

int
import_finish(struct import *imp, struct err *err)
{
	return commit(imp, 1, err);
}

static void
skip(struct import *imp, const char *origin, const char *why)
{
	imp->skipped_here++;
	imp->stats.skipped++;
	if (imp->hooks.skip != NULL)
		imp->hooks.skip(imp->hooks.arg, origin, why);
}

static void
fail(struct import *imp, const char *origin, const char *why)
{
	imp->stats.failed++;
	if (imp->hooks.skip != NULL)
		imp->hooks.skip(imp->hooks.arg, origin, why);
}

/* Remember every message file in dir's cur/ and new/ by base name. */
static void
names_load(struct nameset *names, const char *dir)
{
	static const char *const subs[] = { "cur", "new" };
	struct dirent *de;
	char *sub, *base, *rel;
	size_t i;
	DIR *d;

	for (i = 0; i < 2; i++) {
		sub = path_join(dir, subs[i]);
		d = opendir(sub);
		free(sub);
		while (d != NULL && (de = readdir(d)) != NULL) {
			if (de->d_name[0] == '.')
				continue;
			base = maildir_name_base(de->d_name);
			rel = path_join(subs[i], de->d_name);
			nameset_put(names, base, rel);
			free(base);
			free(rel);
		}
		if (d != NULL)
			closedir(d);
	}
}

static struct import_folder *
folder_get(struct import *imp, const char *folder)
{
	struct import_folder *f;
	size_t i;

	if (imp->nfolders > 0 &&
	    strcmp(imp->folders[imp->last].folder, folder) == 0)
		return &imp->folders[imp->last];
	for (i = 0; i < imp->nfolders; i++)
		if (strcmp(imp->folders[i].folder, folder) == 0)
			return &imp->folders[imp->last = i];
	imp->folders = xreallocarray(
	    imp->folders, imp->nfolders + 1, sizeof *imp->folders);
	f = &imp->folders[imp->last = imp->nfolders++];
	f->folder = xstrdup(folder);
	f->dir = path_join(store_root(imp->store), folder);
	f->names = nameset_new();
	names_load(f->names, f->dir);
	return f;
}

/* The file name for a message: the first 160 bits of its SHA-256. */
static char *
content_name(const void *data, size_t len)
{
	unsigned char md[EVP_MAX_MD_SIZE];
	unsigned int mdlen = 0, i;
	char *name = xmalloc(40 + sizeof ".tern");

	EVP_Digest(data, len, md, &mdlen, EVP_sha256(), NULL);
	for (i = 0; i < 20; i++)
		snprintf(name + 2 * i, 3, "%02x", md[i]);
	strcpy(name + 40, ".tern");
	return name;
}

/* A file with this content is in folder: count it, or index it. */
static int
found_present(struct import *imp, struct import_folder *f, const char *rel,
    const char *origin, struct err *err)
{
	char *path;
	int r;

	if (strcmp(rel, "*") == 0) { /* delivered earlier in this run */
		imp->stats.present++;
		return 0;
	}
	/* Only one thread may use the index: let a flush finish first. */
	if (batch_wait(imp->batch, err) < 0)
		return -1;
	path = path_join(f->dir, rel);
	r = index_has_file(imp->store, path, err);
	if (r == 0)
		batch_add_present(imp->batch, f->folder, path, origin);
	else if (r > 0)
		imp->stats.present++;
	free(path);
	return r < 0 ? -1 : 0;
}

static int
deliver(struct import *imp, const char *folder, const char *data, size_t len,
    const char *flags, const char *origin, struct err *err)
{
	struct import_folder *f;
	const char *rel, *why;
	size_t start;
	char *name;
	int r;

	if (!rawmsg_check(data, len, &start, &why)) {
		skip(imp, origin, why);
		return 0;
	}
	data += start;
	len -= start;
	f = folder_get(imp, folder);
	name = content_name(data, len);
	rel = nameset_get(f->names, name);
	if (rel != NULL)
		r = found_present(imp, f, rel, origin, err);
	else
		r = batch_add(
		    imp->batch, folder, name, data, len, flags, origin, err);
	/* Whatever it was, it is dealt with in this run now. */
	if (r == 0)
		nameset_put(f->names, name, "*");
	free(name);
	if (r == 0 &&
	    (batch_pending(imp->batch) >= IMPORT_BATCH_COUNT ||
		batch_pending_bytes(imp->batch) >= IMPORT_BATCH_BYTES))
		r = commit(imp, 0, err);
	return r;
}

/* One component of a folder name, made acceptable (see import.h). */
static void
add_component(struct buf *b, const char *name, size_t len, int first)
{
	size_t start = b->len, i;

	while (len > 0 && *name == '.') {
		name++;
		len--;
	}
	if (b->len > 0)
		buf_addc(b, '/');
	start = b->len;
	if (first && len == 5 && strncasecmp(name, "inbox", 5) == 0)
		name = "INBOX";
	for (i = 0; i < len; i++)
		buf_addc(b,
		    (unsigned char)name[i] < 0x20 || name[i] == 0x7f ? '_'
								     : name[i]);
	if (b->len == start ||
	    (b->len - start == 3 &&
		(strcmp(b->data + start, "cur") == 0 ||
		    strcmp(b->data + start, "new") == 0 ||
		    strcmp(b->data + start, "tmp") == 0)))
		buf_addc(b, '_');
}

/* parent + "/" + name as a folder name; dots split Maildir++ names. */
static char *
child_folder(const char *parent, const char *name, int maildirpp)
{
	struct buf b = BUF_INIT;
	const char *dot;

	buf_adds(&b, parent);
	if (!maildirpp) {
		add_component(&b, name, strlen(name), parent[0] == '\0');
		return buf_detach(&b, NULL);
	}
	for (name++; (dot = strchr(name, '.')) != NULL; name = dot + 1)
		add_component(&b, name, (size_t)(dot - name), b.len == 0);
	add_component(&b, name, strlen(name), b.len == 0);
	return buf_detach(&b, NULL);
}

/* A file's base name without a known mail extension, as a folder name. */
static char *
file_folder(const char *parent, const char *path)
{
	static const char *const exts[] = { ".mbox", ".mbx", ".eml", ".msg",
		".txt" };
	const char *base = strrchr(path, '/');
	char *name, *dot, *folder;
	size_t i;

	name = xstrdup(base != NULL ? base + 1 : path);
	dot = strrchr(name, '.');
	for (i = 0; dot != NULL && dot != name && i < 5; i++)
		if (strcasecmp(dot, exts[i]) == 0)
			*dot = '\0';
	folder = child_folder(parent, name, 0);
	free(name);
	return folder;
}

static char *
store_folder(struct import *imp, const char *folder)
{
	return xasprintf("%s/%s", imp->account, folder);
}

static void
fail_errno(struct import *imp, const char *path)
{
	char *why = xasprintf(_("cannot read it: %s"), strerror(errno));

	fail(imp, path, why);
	free(why);
}

/* Read one message file whole and deliver it to folder. */
static int
import_message_file(struct import *imp, const char *path, const char *folder,
    const char *flags, struct err *err)
{
	struct buf b;
	struct err rerr;
	int r = 0;

	buf_init(&b, MBOX_MESSAGE_MAX);
	if (file_read(path, &b, MBOX_MESSAGE_MAX, &rerr) < 0)
		fail(imp, path, rerr.msg);
	else
		r = deliver(imp, folder, b.data, b.len, flags, path, err);
	buf_release(&b);
	return r;
}

static int
deliver_mbox_message(struct import *imp, const char *folder, const char *data,
    size_t len, const char *origin, struct err *err)
{
	char *flags = mbox_flags(data, len);
	int r = deliver(imp, folder, data, len, flags, origin, err);

	free(flags);
	return r;
}

static int
deliver_numbered(struct import *imp, const char *folder, const char *data,
    size_t len, const char *path, unsigned long n, struct err *err)
{
	char *origin = xasprintf(_("%s, message %lu"), path, n);
	int r = deliver_mbox_message(imp, folder, data, len, origin, err);

	free(origin);
	return r;
}

/*
 * Every message of an mbox whose first message is in first and second in
 * data, to folder. Returns 0, -1 for a delivery error (err), or 1
 * for a read error (rerr).
 */
static int
deliver_all(struct import *imp, const char *folder, struct mbox *mb,
    const char *first, size_t first_len, const char *data, size_t len,
    const char *path, struct err *rerr, struct err *err)
{
	int n;

	if (deliver_numbered(imp, folder, first, first_len, path, 1, err) < 0)
		return -1;
	do {
		if (deliver_numbered(
			imp, folder, data, len, path, mbox_count(mb), err) < 0)
			return -1;
		n = mbox_next(mb, &data, &len, rerr);
	} while (n > 0);
	return n < 0 ? 1 : 0;
}

/*
 * An mbox: a single message goes to folder like any message file, more
 * go to mbox_folder.
 */
static int
import_mbox(struct import *imp, const char *path, const char *folder,
    const char *mbox_folder, struct err *err)
{
	struct mbox *mb;
	struct err rerr;
	const char *data;
	char *first = NULL;
	size_t len, first_len = 0;
	int n, r = 0;

	if (mbox_open(path, &mb, &rerr) < 0) {
		fail(imp, path, rerr.msg);
		return 0;
	}
	n = mbox_next(mb, &data, &len, &rerr);
	if (n > 0) {
		first = xmalloc(len + 1);
		memcpy(first, data, len);
		first_len = len;
		n = mbox_next(mb, &data, &len, &rerr);
	}
	if (n == 0 && first != NULL)
		r = deliver_mbox_message(
		    imp, folder, first, first_len, path, err);
	else if (n > 0 &&
	    (r = deliver_all(imp, mbox_folder, mb, first, first_len, data, len,
		 path, &rerr, err)) > 0) {
		n = -1;
		r = 0;
	}
	if (n < 0)
		fail(imp, path, rerr.msg);
	free(first);
	mbox_free(&mb);
	return r < 0 ? -1 : 0;
}

static int
starts_like_mbox(struct import *imp, const char *path)
{
	char head[8];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		fail_errno(imp, path);
		return -1;
	}
	n = read(fd, head, sizeof head);
	close(fd);
	if (n < 0) {
		fail_errno(imp, path);
		return -1;
	}
	return mbox_looks_like(head, (size_t)n);
}

/* A file: one message for folder, or an mbox for mbox_folder. */
static int
import_file(struct import *imp, const char *path, const char *folder,
    const char *mbox_folder, struct err *err)
{
	char *f = store_folder(imp, folder);
	char *mf = store_folder(imp, mbox_folder);
	int r = starts_like_mbox(imp, path);

	if (r > 0)
		r = import_mbox(imp, path, f, mf, err);
	else if (r == 0)
		r = import_message_file(imp, path, f, NULL, err);
	else
		r = 0;
	free(f);
	free(mf);
	return r;
}

static int
not_dot(const struct dirent *de)
{
	return de->d_name[0] != '.';
}

static int
any_entry(const struct dirent *de)
{
	return strcmp(de->d_name, ".") != 0 && strcmp(de->d_name, "..") != 0;
}

static int
by_name(const struct dirent **a, const struct dirent **b)
{
	return strcmp((*a)->d_name, (*b)->d_name);
}

/* The entries of dir sorted by name; -1 (reported) when unreadable. */
static int
list_dir(struct import *imp, const char *dir, int dots, struct dirent ***list_r)
{
	int n = scandir(dir, list_r, dots ? any_entry : not_dot, by_name);

	if (n < 0)
		fail_errno(imp, dir);
	return n;
}

static void
free_list(struct dirent **list, int n)
{
	while (n-- > 0)
		free(list[n]);
	free(list);
}

/* The type of dir/de: DT_REG, DT_DIR, or something else to leave alone. */
static int
entry_type(const char *path, const struct dirent *de)
{
	struct stat st;

	if (de->d_type == DT_REG || de->d_type == DT_DIR)
		return de->d_type;
	if (de->d_type == DT_LNK && stat(path, &st) == 0 && S_ISREG(st.st_mode))
		return DT_REG;
	if (de->d_type != DT_UNKNOWN || lstat(path, &st) < 0)
		return DT_UNKNOWN;
	return S_ISREG(st.st_mode) ? DT_REG
	    : S_ISDIR(st.st_mode)  ? DT_DIR
				   : DT_UNKNOWN;
}

/* The messages in dir/sub (cur or new) of a Maildir. */
static int
import_maildir_sub(struct import *imp, const char *dir, const char *sub,
    const char *folder, struct err *err)
{
	char *subdir = path_join(dir, sub), *path;
	const char *flags;
	struct dirent **list;
	int i, n, r = 0;

	n = list_dir(imp, subdir, 0, &list);
	for (i = 0; r == 0 && i < n; i++) {
		path = path_join(subdir, list[i]->d_name);
		flags = maildir_name_flags(list[i]->d_name);
		if (flags == NULL && strcmp(sub, "cur") == 0)
			flags = "";
		if (entry_type(path, list[i]) == DT_REG)
			r = import_message_file(imp, path, folder, flags, err);
		free(path);
	}
	if (n > 0)
		free_list(list, n);
	free(subdir);
	return r;
}

static int walk(struct import *imp, const char *dir, const char *folder,
    const char *prefix, struct err *err);

/* Where a Maildir's Maildir++ sub-folders go: beside it. New string. */
static char *
sibling_prefix(const char *prefix)
{
	const char *slash = strrchr(prefix, '/');

	return slash != NULL ? xstrndup(prefix, (size_t)(slash - prefix))
			     : xstrdup("");
}

/* One sub-folder of a Maildir. */
static int
walk_maildir_child(struct import *imp, const char *path, const char *name,
    const char *folder, const char *prefix, struct err *err)
{
	char *sib = sibling_prefix(prefix), *child;
	int r;

	child = name[0] == '.' ? child_folder(sib, name, 1)
			       : child_folder(folder, name, 0);
	r = walk(imp, path, child, child, err);
	free(child);
	free(sib);
	return r;
}

/* A Maildir: its messages, then its sub-folders (nested or Maildir++). */
static int
walk_maildir(struct import *imp, const char *dir, const char *folder,
    const char *prefix, struct err *err)
{
	char *f = store_folder(imp, folder), *path;
	struct dirent **list;
	const char *name;
	int i, n, r;

	r = import_maildir_sub(imp, dir, "new", f, err);
	if (r == 0)
		r = import_maildir_sub(imp, dir, "cur", f, err);
	free(f);
	n = r == 0 ? list_dir(imp, dir, 1, &list) : 0;
	for (i = 0; r == 0 && i < n; i++) {
		name = list[i]->d_name;
		path = path_join(dir, name);
		if (strcmp(name, "cur") != 0 && strcmp(name, "new") != 0 &&
		    strcmp(name, "tmp") != 0 &&
		    entry_type(path, list[i]) == DT_DIR)
			r = walk_maildir_child(
			    imp, path, name, folder, prefix, err);
		free(path);
	}
	if (n > 0)
		free_list(list, n);
	return r;
}

/* One entry of a plain directory. */
static int
walk_entry(struct import *imp, const char *dir, const struct dirent *de,
    const char *folder, const char *prefix, struct err *err)
{
	char *path = path_join(dir, de->d_name), *child;
	int r = 0;

	switch (entry_type(path, de)) {
	case DT_REG:
		child = file_folder(prefix, de->d_name);
		r = import_file(imp, path, folder, child, err);
		free(child);
		break;
	case DT_DIR:
		child = child_folder(prefix, de->d_name, 0);
		r = walk(imp, path, child, child, err);
		free(child);
		break;
	}
	free(path);
	return r;
}

static int
walk(struct import *imp, const char *dir, const char *folder,
    const char *prefix, struct err *err)
{
	struct dirent **list;
	int i, n, r = 0;

	if (maildir_is_maildir(dir))
		return walk_maildir(imp, dir, folder, prefix, err);
	n = list_dir(imp, dir, 0, &list);
	for (i = 0; r == 0 && i < n; i++)
		r = walk_entry(imp, dir, list[i], folder, prefix, err);
	if (n > 0)
		free_list(list, n);
	return r;
}

/* Whether real (a resolved path) is mail_root or inside it. */
static int
inside_store(const struct import *imp, const char *real)
{
	size_t len = imp->root_real != NULL ? strlen(imp->root_real) : 0;

	return len > 0 && strncmp(real, imp->root_real, len) == 0 &&
	    (real[len] == '\0' || real[len] == '/');
}

static int
import_real(
    struct import *imp, const char *path, const char *real, struct err *err)
{
	const char *base = strrchr(real, '/');
	struct stat st;
	char *folder;
	int r;

	if (stat(real, &st) < 0)
		return err_sys(err, ERR_FINAL, _("cannot read '%s'"), path);
	if (inside_store(imp, real))
		return err_set(err, ERR_FINAL,
		    _("cannot import '%s': it is inside the mail store '%s'"),
		    path, store_root(imp->store));
	base = base != NULL && base[1] != '\0' ? base + 1 : "mail";
	if (S_ISDIR(st.st_mode)) {
		folder = child_folder("", base, 0);
		r = walk(imp, path, folder, "", err);
	} else if (S_ISREG(st.st_mode)) {
		folder = file_folder("", base);
		r = import_file(imp, path, folder, folder, err);
	} else {
		return err_set(err, ERR_FINAL,
		    _("cannot import '%s': not a file or folder"), path);
	}
	free(folder);
	return r;
}

int
import_path(struct import *imp, const char *path, struct err *err)
{
	char *real = realpath(path, NULL);
	struct err cerr;
	int r;

	if (real == NULL)
		return err_sys(err, ERR_FINAL, _("cannot read '%s'"), path);
	r = import_real(imp, path, real, err);
	free(real);
	/* What was written before a failure is kept: commit it. */
	if (r < 0 && commit(imp, 1, &cerr) < 0) {
		size_t len = strlen(err->msg);

		snprintf(err->msg + len, sizeof err->msg - len, _("; also %s"),
		    cerr.msg);
	}
	return r;
}
