#include <config.h>

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "store/index.h"
#include "store/maildir.h"
#include "util/intl.h"
#include "util/path.h"
#include "util/xalloc.h"

/* The Maildir flags that are tags; S is set when the tag is absent. */
static const struct {
	char flag;
	const char *tag;
	int inverse;
} flag_tags[] = {
	{ 'D', "draft", 0 },
	{ 'F', "flagged", 0 },
	{ 'P', "passed", 0 },
	{ 'R', "replied", 0 },
	{ 'S', "unread", 1 },
};

#define NFLAG_TAGS (sizeof flag_tags / sizeof *flag_tags)

static int
tag_new_message(struct store *store, notmuch_message_t *m, int inbox,
    const char *path, struct err *err)
{
	notmuch_status_t st = NOTMUCH_STATUS_SUCCESS;

	store_nm_mark(store);
	if (inbox)
		st = notmuch_message_add_tag(m, "inbox");
	if (st == NOTMUCH_STATUS_SUCCESS)
		st = notmuch_message_maildir_flags_to_tags(m);
	if (st != NOTMUCH_STATUS_SUCCESS)
		return store_nm_error(
		    store, st, err, _("cannot tag '%s'"), path);
	return 0;
}

int
index_add(struct store *store, const char *path, int inbox,
    enum index_result *res_r, struct err *err)
{
	notmuch_message_t *m = NULL;
	notmuch_status_t st;
	int r;

	store_nm_mark(store);
	st = notmuch_database_index_file(store->db, path, store->indexopts, &m);
	switch (st) {
	case NOTMUCH_STATUS_SUCCESS:
		*res_r = INDEX_NEW;
		r = tag_new_message(store, m, inbox, path, err);
		break;
	case NOTMUCH_STATUS_DUPLICATE_MESSAGE_ID:
		*res_r = INDEX_DUPLICATE;
		r = tag_new_message(store, m, 0, path, err);
		break;
	case NOTMUCH_STATUS_FILE_NOT_EMAIL:
		*res_r = INDEX_NOT_MAIL;
		return 0;
	default:
		return store_nm_error(
		    store, st, err, _("cannot index '%s'"), path);
	}
	notmuch_message_destroy(m);
	return r;
}

int
index_has_file(struct store *store, const char *path, struct err *err)
{
	notmuch_message_t *m = NULL;
	notmuch_status_t st;

	store_nm_mark(store);
	st = notmuch_database_find_message_by_filename(store->db, path, &m);
	if (st != NOTMUCH_STATUS_SUCCESS)
		return store_nm_error(store, st, err,
		    _("cannot look up '%s' in the mail index"), path);
	if (m == NULL)
		return 0;
	notmuch_message_destroy(m);
	return 1;
}

int
index_remove(struct store *store, const char *path, struct err *err)
{
	notmuch_status_t st;

	store_nm_mark(store);
	st = notmuch_database_remove_message(store->db, path);
	if (st != NOTMUCH_STATUS_SUCCESS &&
	    st != NOTMUCH_STATUS_DUPLICATE_MESSAGE_ID)
		return store_nm_error(store, st, err,
		    _("cannot remove '%s' from the mail index"), path);
	return 0;
}

static int
sync_tags_from_flags(struct store *store, const char *path, struct err *err)
{
	notmuch_message_t *m = NULL;
	notmuch_status_t st;

	store_nm_mark(store);
	st = notmuch_database_find_message_by_filename(store->db, path, &m);
	if (st == NOTMUCH_STATUS_SUCCESS && m != NULL) {
		st = notmuch_message_maildir_flags_to_tags(m);
		notmuch_message_destroy(m);
	}
	if (st != NOTMUCH_STATUS_SUCCESS)
		return store_nm_error(
		    store, st, err, _("cannot update the tags of '%s'"), path);
	return 0;
}

int
index_rename(struct store *store, const char *old_path, const char *new_path,
    int flags_to_tags, struct err *err)
{
	notmuch_message_t *m = NULL;
	notmuch_status_t st;

	store_nm_mark(store);
	st = notmuch_database_index_file(
	    store->db, new_path, store->indexopts, &m);
	if (m != NULL)
		notmuch_message_destroy(m);
	if (st != NOTMUCH_STATUS_SUCCESS &&
	    st != NOTMUCH_STATUS_DUPLICATE_MESSAGE_ID)
		return store_nm_error(
		    store, st, err, _("cannot index '%s'"), new_path);
	if (index_remove(store, old_path, err) < 0)
		return -1;
	return flags_to_tags ? sync_tags_from_flags(store, new_path, err) : 0;
}

int
index_message_has_tag(notmuch_message_t *m, const char *tag)
{
	notmuch_tags_t *tags;
	int found = 0;

	for (tags = notmuch_message_get_tags(m);
	     !found && notmuch_tags_valid(tags);
	     notmuch_tags_move_to_next(tags))
		found = strcmp(notmuch_tags_get(tags), tag) == 0;
	notmuch_tags_destroy(tags);
	return found;
}

/* The flags file path should have: its own, with the flag tags applied. */
static char *
wanted_flags(notmuch_message_t *m, const char *path)
{
	const char *old = maildir_name_flags(path);
	char *buf = xmalloc((old != NULL ? strlen(old) : 0) + NFLAG_TAGS + 1);
	char *o = buf, *norm;
	size_t i;

	for (; old != NULL && *old != '\0'; old++)
		if (strchr("DFPRS", *old) == NULL)
			*o++ = *old;
	for (i = 0; i < NFLAG_TAGS; i++)
		if (index_message_has_tag(m, flag_tags[i].tag) !=
		    flag_tags[i].inverse)
			*o++ = flag_tags[i].flag;
	*o = '\0';
	norm = maildir_flags_normalise(buf);
	free(buf);
	return norm;
}

/* Whether path is a message file in a Maildir cur/ or new/ folder. */
static int
in_maildir(const char *path, int *is_new_r)
{
	const char *slash = strrchr(path, '/');

	if (slash == NULL || slash - path < 4 || slash[-4] != '/')
		return 0;
	*is_new_r = strncmp(slash - 3, "new", 3) == 0;
	return *is_new_r || strncmp(slash - 3, "cur", 3) == 0;
}

/* The new name of path, or NULL when it keeps its name. */
static char *
flagged_path(notmuch_message_t *m, const char *path)
{
	char *flags, *dest = NULL;
	int is_new;

	if (!in_maildir(path, &is_new))
		return NULL;
	flags = wanted_flags(m, path);
	/* A message nobody has looked at may stay in new/. */
	if (!(is_new && *flags == '\0' && maildir_name_flags(path) == NULL))
		dest = maildir_path_with_flags(path, flags);
	free(flags);
	if (dest != NULL && strcmp(dest, path) == 0)
		xfree(&dest);
	return dest;
}

static int
relink(struct store *store, const char *path, const char *dest, struct err *err)
{
	if (journal_note_flags(store, path, dest, err) < 0)
		return -1;
	if (link(path, dest) < 0 && errno != EEXIST)
		return err_sys(err, err_class_errno(errno),
		    _("cannot rename '%s' to '%s'"), path, dest);
	store_defer_sync(store, dest);
	if (index_rename(store, path, dest, 0, err) < 0)
		return -1;
	store_defer_unlink(store, path);
	return 0;
}

static char **
message_files(notmuch_message_t *m, size_t *n_r)
{
	notmuch_filenames_t *fns = notmuch_message_get_filenames(m);
	char **v = NULL;
	size_t n = 0;

	for (; notmuch_filenames_valid(fns);
	     notmuch_filenames_move_to_next(fns)) {
		v = xreallocarray(v, n + 1, sizeof *v);
		v[n++] = xstrdup(notmuch_filenames_get(fns));
	}
	notmuch_filenames_destroy(fns);
	*n_r = n;
	return v;
}

int
index_tags_to_flags(struct store *store, notmuch_message_t *m, struct err *err)
{
	size_t i, n;
	char **files = message_files(m, &n), *dest;
	int r = 0;

	for (i = 0; i < n; i++) {
		dest = r == 0 ? flagged_path(m, files[i]) : NULL;
		if (dest != NULL)
			r = relink(store, files[i], dest, err);
		free(dest);
		free(files[i]);
	}
	free(files);
	return r;
}
