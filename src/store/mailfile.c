#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/index.h"
#include "store/journal.h"
#include "store/mailfile.h"
#include "store/maildir.h"
#include "util/intl.h"
#include "util/path.h"
#include "util/xalloc.h"

static int
need_writer(struct store *store, struct err *err)
{
	if (store->mode == STORE_WRITE)
		return 0;
	return err_set(err, ERR_FINAL,
	    _("the mail store '%s' is open read-only"), store->root);
}

/* Give path the name dest too, and switch the index over to it. */
static int
switch_name(struct store *store, const char *path, const char *dest,
    int flags_to_tags, struct err *err)
{
	int existed = 0;

	/* dest may be left from a crash before the old name was unlinked. */
	if (link(path, dest) < 0 && !(existed = errno == EEXIST))
		return err_sys(err, err_class_errno(errno),
		    _("cannot rename '%s' to '%s'"), path, dest);
	store_defer_sync(store, dest);
	if (store_begin(store, err) < 0)
		goto fail;
	if (index_rename(store, path, dest, flags_to_tags, err) < 0) {
		store_end(store, NULL);
		goto fail;
	}
	if (store_end(store, err) < 0)
		goto fail;
	store_defer_unlink(store, path);
	return 0;
fail:
	if (!existed)
		unlink(dest);
	return -1;
}

int
mailfile_set_flags(struct store *store, const char *path, const char *flags,
    char **path_r, struct err *err)
{
	char *dest;

	if (need_writer(store, err) < 0)
		return -1;
	dest = maildir_path_with_flags(path, flags);
	if (strcmp(dest, path) != 0 &&
	    (journal_note_flags(store, path, dest, err) < 0 ||
		switch_name(store, path, dest, 1, err) < 0)) {
		free(dest);
		return -1;
	}
	*path_r = dest;
	return 0;
}

int
mailfile_remove(struct store *store, const char *path, struct err *err)
{
	if (need_writer(store, err) < 0 ||
	    journal_note(store, path, JOURNAL_EXPUNGE, NULL, NULL, err) < 0 ||
	    store_begin(store, err) < 0)
		return -1;
	if (index_remove(store, path, err) < 0) {
		store_end(store, NULL);
		return -1;
	}
	if (store_end(store, err) < 0)
		return -1;
	store_defer_unlink(store, path);
	return 0;
}

/*
 * path's place in folder: the same sub-folder (cur/new) and name, less
 * the server UID, which belonged to the old folder.
 */
static char *
moved_path(struct store *store, const char *path, const char *folder)
{
	const char *sub = maildir_name_flags(path) != NULL ? "cur" : "new";
	char *name = maildir_name_with_uid(path, 0);
	char *p = xasprintf("%s/%s/%s/%s", store->root, folder, sub, name);

	free(name);
	return p;
}

/* Journal the move of path into folder ("ACCOUNT/FOLDER") as dest. */
static int
note_move(struct store *store, const char *path, const char *folder,
    const char *dest, struct err *err)
{
	size_t rl = strlen(store->root);
	const char *rel = path + rl + 1, *slash = strchr(folder, '/');
	char *base;
	int r;

	if (maildir_name_uid(path) == 0 || slash == NULL ||
	    strncmp(path, store->root, rl) != 0 || path[rl] != '/')
		return 0;
	/* Into another account: gone from this one's server. */
	if (strncmp(rel, folder, (size_t)(slash - folder) + 1) != 0)
		return journal_note(
		    store, path, JOURNAL_EXPUNGE, NULL, NULL, err);
	base = maildir_name_base(dest);
	r = journal_note(store, path, JOURNAL_MOVE, slash + 1, base, err);
	free(base);
	return r;
}

int
mailfile_move(struct store *store, const char *path, const char *folder,
    char **path_r, struct err *err)
{
	char *dest;

	if (need_writer(store, err) < 0)
		return -1;
	if (!maildir_folder_valid(folder))
		return err_set(
		    err, ERR_FINAL, _("invalid folder name '%s'"), folder);
	if (maildir_create(store->root, folder, err) < 0)
		return -1;
	dest = moved_path(store, path, folder);
	if (note_move(store, path, folder, dest, err) < 0 ||
	    switch_name(store, path, dest, 0, err) < 0) {
		free(dest);
		return -1;
	}
	*path_r = dest;
	return 0;
}

int
mailfile_set_uid(struct store *store, const char *path, uint32_t uid,
    char **path_r, struct err *err)
{
	char *dir, *name, *dest;

	if (need_writer(store, err) < 0)
		return -1;
	dir = path_dirname(path);
	name = maildir_name_with_uid(path, uid);
	dest = xasprintf("%s/%s", dir, name);
	free(dir);
	free(name);
	if (strcmp(dest, path) != 0 &&
	    switch_name(store, path, dest, 0, err) < 0) {
		free(dest);
		return -1;
	}
	*path_r = dest;
	return 0;
}
