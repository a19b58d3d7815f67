/*
 * tern move FOLDER -- QUERY...: move every message matching QUERY into
 * FOLDER of its own account ("Archive", "Lists/dev").
 *
 * tern delete [--expunge] -- QUERY...: move every message matching QUERY
 * to the Trash folder of its account (the folder with the Trash role on
 * the server, or trash_folder); a message already in Trash, or every
 * message with --expunge, is removed for good.
 *
 * A message can have files in several folders (the same Message-ID). When
 * QUERY names folders with folder:ACCOUNT/FOLDER terms, only the files in
 * those folders are moved or removed; otherwise all of them are.
 *
 * Both change the local store at once and record the change in the
 * account's journal, so the next tern sync makes it on the server too.
 * Prints how many files changed. Exit 0 (also when nothing matched), 1
 * when the store cannot be changed or the query is refused, 64 on bad
 * usage, 78 on a bad configuration.
 */
#include <config.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "account/sync.h"
#include "cli/cli.h"
#include "store/mailfile.h"
#include "store/maildir.h"
#include "store/search.h"
#include "store/store.h"
#include "util/buf.h"
#include "util/intl.h"
#include "util/xalloc.h"

enum action {
	ACT_MOVE,
	ACT_DELETE,
	ACT_EXPUNGE,
};

struct job {
	const struct config *cfg;
	struct store *store;
	enum action act;
	const char *folder; /* ACT_MOVE: relative to the account */
	char **only;	    /* folder: terms of the query ("ACCOUNT/F") */
	size_t nonly;
	unsigned long changed;
};

/* The folder: terms of the query, quotes removed. */
static void
folder_terms(struct job *j, int argc, char **argv)
{
	const char *v;
	size_t len;
	int i;

	for (i = 0; i < argc; i++) {
		if (strncmp(argv[i], "folder:", 7) != 0)
			continue;
		v = argv[i] + 7;
		len = strlen(v);
		if (len >= 2 && v[0] == '"' && v[len - 1] == '"') {
			v++;
			len -= 2;
		}
		j->only = xreallocarray(j->only, j->nonly + 1, sizeof *j->only);
		j->only[j->nonly++] = xstrndup(v, len);
	}
}

static int
wanted(const struct job *j, const char *folder)
{
	size_t i;

	if (j->nonly == 0)
		return 1;
	for (i = 0; i < j->nonly; i++)
		if (strcmp(j->only[i], folder) == 0)
			return 1;
	return 0;
}

/* The trash folder ("ACCOUNT/Trash") of account, new string. */
static char *
trash_of(const struct job *j, const char *account)
{
	const struct config_account *a = config_account(j->cfg, account);
	char *t = a != NULL ? sync_role_folder(a, j->cfg->mail_root, "trash")
			    : xstrdup("Trash");
	char *rel = xasprintf("%s/%s", account, t);

	free(t);
	return rel;
}

static int
act_on(struct job *j, const char *path, struct err *err)
{
	char *account, *in, *folder, *dest = NULL, *newpath = NULL;
	int r = 0;

	if (store_file_place(j->store, path, &account, &in) < 0)
		return 0;
	folder = xasprintf("%s/%s", account, in);
	free(in);
	if (!wanted(j, folder))
		goto out;
	if (j->act == ACT_MOVE)
		dest = xasprintf("%s/%s", account, j->folder);
	else if (j->act == ACT_DELETE)
		dest = trash_of(j, account);
	if (dest != NULL && strcmp(dest, folder) == 0 && j->act == ACT_MOVE)
		goto out; /* there already */
	if (dest == NULL || strcmp(dest, folder) == 0)
		r = mailfile_remove(j->store, path, err);
	else
		r = mailfile_move(j->store, path, dest, &newpath, err);
	if (r == 0)
		j->changed++;
out:
	free(newpath);
	free(dest);
	free(account);
	free(folder);
	return r;
}

static int
run(struct job *j, const char *query, struct err *err)
{
	struct search *s;
	struct search_item it;
	char **paths = NULL;
	size_t n = 0, i;
	int r;

	if (search_new(j->store, query, SEARCH_FILES, &s, err) < 0)
		return -1;
	while ((r = search_next(s, &it, err)) > 0) {
		paths = xreallocarray(paths, n + 1, sizeof *paths);
		paths[n++] = xstrdup(it.path);
	}
	search_free(&s);
	for (i = 0; r == 0 && i < n; i++)
		r = act_on(j, paths[i], err);
	for (i = 0; i < n; i++)
		free(paths[i]);
	free(paths);
	if (r == 0)
		r = store_commit(j->store, err);
	return r;
}

static void
print_changed(unsigned long n)
{
	printf(ngettext_("%lu message file changed\n",
		   "%lu message files changed\n", n),
	    n);
}

static int
move_or_delete(struct cli *cli, struct job *j, int argc, char **argv)
{
	struct err err;
	char *query;
	int r;

	j->cfg = cli_config(cli);
	if (j->cfg == NULL)
		return CLI_CONFIG;
	r = store_exists(j->cfg->mail_root, &err);
	if (r == 0) {
		print_changed(0);
		return CLI_OK;
	}
	if (r < 0 ||
	    store_open(j->cfg->mail_root, STORE_WRITE, &j->store, &err) < 0) {
		cli_error("%s", err.msg);
		return CLI_FAIL;
	}
	folder_terms(j, argc, argv);
	query = cli_join_words(argc, argv);
	r = run(j, query, &err);
	free(query);
	if (r < 0)
		cli_error("%s", err.msg);
	else
		print_changed(j->changed);
	store_close(&j->store);
	while (j->nonly > 0)
		free(j->only[--j->nonly]);
	free(j->only);
	return r < 0 ? CLI_FAIL : CLI_OK;
}

int
cmd_move(struct cli *cli, int argc, char **argv)
{
	struct job j = { .act = ACT_MOVE };
	char *rel;
	int first = 2, ok;

	if (argc > first && strcmp(argv[first], "--") == 0)
		first++;
	if (argc <= first || argv[1][0] == '-') {
		cli_error(_("usage: tern move FOLDER -- QUERY"));
		return CLI_USAGE;
	}
	rel = xasprintf("account/%s", argv[1]);
	ok = maildir_folder_valid(rel);
	free(rel);
	if (!ok) {
		cli_error(_("invalid folder name '%s'"), argv[1]);
		return CLI_USAGE;
	}
	j.folder = argv[1];
	return move_or_delete(cli, &j, argc - first, argv + first);
}

int
cmd_delete(struct cli *cli, int argc, char **argv)
{
	struct job j = { .act = ACT_DELETE };
	int first = 1;

	if (argc > first && strcmp(argv[first], "--expunge") == 0) {
		j.act = ACT_EXPUNGE;
		first++;
	}
	if (argc > first && strcmp(argv[first], "--") == 0)
		first++;
	if (argc <= first || (first == 1 && argv[1][0] == '-')) {
		cli_error(_("usage: tern delete [--expunge] -- QUERY"));
		return CLI_USAGE;
	}
	return move_or_delete(cli, &j, argc - first, argv + first);
}
