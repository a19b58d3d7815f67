#include <config.h>

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "store/folderscan.h"
#include "store/maildir.h"
#include "util/intl.h"
#include "util/xalloc.h"

static int
scan_sub(const char *dir, struct folder_scan *fs, struct err *err)
{
	struct dirent *de;
	DIR *d = opendir(dir);
	struct scan_file *f;
	char *base;

	if (d == NULL) {
		if (errno == ENOENT)
			return 0;
		return err_sys(err, err_class_errno(errno),
		    _("cannot read folder '%s'"), dir);
	}
	while ((de = readdir(d)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		fs->v = xreallocarray(fs->v, fs->n + 1, sizeof *fs->v);
		f = &fs->v[fs->n++];
		f->uid = maildir_name_uid(de->d_name);
		f->path = xasprintf("%s/%s", dir, de->d_name);
		f->flags =
		    maildir_flags_normalise(maildir_name_flags(de->d_name));
		base = maildir_name_with_uid(de->d_name, 0);
		f->base = maildir_name_base(base);
		free(base);
	}
	closedir(d);
	return 0;
}

static int
by_uid(const void *a, const void *b)
{
	const struct scan_file *x = a, *y = b;

	/* UIDs first, ascending; files without one after them. */
	if ((x->uid == 0) != (y->uid == 0))
		return x->uid == 0 ? 1 : -1;
	return x->uid < y->uid ? -1 : x->uid > y->uid;
}

int
folder_scan(const char *root, const char *folder, struct folder_scan *fs,
    struct err *err)
{
	char *cur = xasprintf("%s/%s/cur", root, folder);
	char *new = xasprintf("%s/%s/new", root, folder);
	int r;
	size_t i;

	memset(fs, 0, sizeof *fs);
	r = scan_sub(cur, fs, err);
	if (r == 0)
		r = scan_sub(new, fs, err);
	free(cur);
	free(new);
	if (r < 0) {
		folder_scan_release(fs);
		return -1;
	}
	if (fs->n > 1)
		qsort(fs->v, fs->n, sizeof *fs->v, by_uid);
	for (i = 0; i < fs->n && fs->v[i].uid != 0; i++)
		;
	fs->nuid = i;
	return 0;
}

struct scan_file *
folder_scan_uid(const struct folder_scan *fs, uint32_t uid)
{
	size_t lo = 0, hi = fs->nuid, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (fs->v[mid].uid < uid)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo < fs->nuid && fs->v[lo].uid == uid ? &fs->v[lo] : NULL;
}

struct scan_file *
folder_scan_base(const struct folder_scan *fs, const char *base)
{
	size_t i;

	for (i = 0; i < fs->n; i++)
		if (strcmp(fs->v[i].base, base) == 0)
			return &fs->v[i];
	return NULL;
}

void
folder_scan_release(struct folder_scan *fs)
{
	size_t i;

	for (i = 0; i < fs->n; i++) {
		free(fs->v[i].path);
		free(fs->v[i].flags);
		free(fs->v[i].base);
	}
	free(fs->v);
	memset(fs, 0, sizeof *fs);
}
